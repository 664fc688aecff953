/** @module ELBv2 load balancer and listener handlers. */
import { elbv2Errors } from '../../errors/elbv2.js';
import { createListener, createLoadBalancer, deleteListener, deleteLoadBalancer, LB_TYPES, listenersOf, mustGetLoadBalancer, type LoadBalancerType, type SubnetChoice } from '../../model/load-balancer.js';
import type { Listener, LoadBalancer } from '../../model/resources.js';
import type { WAction } from '../../specs/elbv2-types.js';
import type { Elbv2HandlerTable } from './context.js';
import { pageOf, tagsIn, wireListener, wireLoadBalancer } from './wire.js';

/** Target group ARNs a listener's default actions forward to (only `forward` actions are emulated). */
function forwardTargets(actions: readonly WAction[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (a.Type !== 'forward') {
      throw elbv2Errors.validation(`vpce emulates only 'forward' default actions, not '${a.Type ?? ''}'`);
    }
    if (a.TargetGroupArn !== undefined) out.push(a.TargetGroupArn);
    for (const t of a.ForwardConfig?.TargetGroups ?? []) if (t.TargetGroupArn !== undefined && !out.includes(t.TargetGroupArn)) out.push(t.TargetGroupArn);
  }
  return out;
}

export const loadBalancerHandlers: Elbv2HandlerTable = {
  CreateLoadBalancer: (ctx, input) => {
    const type = (input.Type ?? 'application') as LoadBalancerType;
    if (!LB_TYPES.includes(type)) throw elbv2Errors.validation(`Load balancer type '${input.Type ?? ''}' is not valid`);
    // AWS: "You must specify either subnets or subnet mappings, but not both."
    if (input.Subnets && input.SubnetMappings) throw elbv2Errors.validation('You can specify subnets or subnet mappings, but not both');
    const subnets: SubnetChoice[] = input.SubnetMappings
      ? input.SubnetMappings.map((m) => ({ subnetId: m.SubnetId ?? '', privateIp: m.PrivateIPv4Address }))
      : (input.Subnets ?? []).map((s) => ({ subnetId: s }));
    const lb = ctx.write((p, tx) => createLoadBalancer(tx, p, {
      name: input.Name, type, scheme: input.Scheme === 'internal' ? 'internal' : 'internet-facing', subnets,
      securityGroupIds: input.SecurityGroups ?? [], ipAddressType: input.IpAddressType === 'dualstack' ? 'dualstack' : 'ipv4',
      tags: tagsIn(input.Tags),
    }));
    return { LoadBalancers: [wireLoadBalancer(lb)] };
  },
  DescribeLoadBalancers: (ctx, input) => {
    const view = ctx.read();
    if (input.LoadBalancerArns?.length && input.Names?.length) {
      throw elbv2Errors.validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
    }
    let items: LoadBalancer[];
    if (input.LoadBalancerArns?.length) {
      items = input.LoadBalancerArns.map((arn) => mustGetLoadBalancer(view, arn));
    } else if (input.Names?.length) {
      const all = [...view.list('loadBalancer')];
      const missing = input.Names.filter((n) => !all.some((lb) => lb.name === n));
      if (missing.length > 0) throw elbv2Errors.loadBalancerNotFound(missing);
      items = all.filter((lb) => input.Names!.includes(lb.name));
    } else {
      items = [...view.list('loadBalancer')];
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return { LoadBalancers: page.items.map(wireLoadBalancer), ...(page.next !== undefined ? { NextMarker: page.next } : {}) };
  },
  DeleteLoadBalancer: (ctx, input) => {
    ctx.write((p) => deleteLoadBalancer(p, input.LoadBalancerArn));
    return {};
  },
  CreateListener: (ctx, input) => {
    const l = ctx.write((p, tx) => createListener(tx, p, {
      loadBalancerArn: input.LoadBalancerArn, protocol: input.Protocol, port: input.Port,
      targetGroupArns: forwardTargets(input.DefaultActions), certificates: input.Certificates?.length ?? 0, tags: tagsIn(input.Tags),
    }));
    return { Listeners: [wireListener(l)] };
  },
  DescribeListeners: (ctx, input) => {
    const view = ctx.read();
    let items: Listener[];
    if (input.ListenerArns?.length) {
      const missing = input.ListenerArns.filter((a) => !view.get('listener', a));
      if (missing.length > 0) throw elbv2Errors.listenerNotFound(missing);
      items = input.ListenerArns.map((a) => view.get('listener', a)!);
    } else if (input.LoadBalancerArn !== undefined) {
      items = listenersOf(view, mustGetLoadBalancer(view, input.LoadBalancerArn).id);
    } else {
      // AWS: "You must specify either a load balancer or one or more listeners."
      throw elbv2Errors.validation('You must specify either listener ARNs or a load balancer ARN');
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return { Listeners: page.items.map(wireListener), ...(page.next !== undefined ? { NextMarker: page.next } : {}) };
  },
  DeleteListener: (ctx, input) => {
    ctx.write((p) => deleteListener(p, input.ListenerArn));
    return {};
  },
};
