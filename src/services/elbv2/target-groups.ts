/** @module ELBv2 target group and target handlers. */
import { elbv2Errors } from '../../errors/elbv2.js';
import { loadBalancersOfTargetGroup, mustGetLoadBalancer } from '../../model/load-balancer.js';
import { createTargetGroup, deleteTargetGroup, deregisterTargets, mustGetTargetGroup, registerTargets, targetHealth, type TargetInput } from '../../model/target-group.js';
import type { TargetGroup } from '../../model/resources.js';
import type { WTargetDescription } from '../../specs/elbv2-types.js';
import type { Elbv2HandlerTable } from './context.js';
import { pageOf, tagsIn, wireTargetGroup } from './wire.js';

function targetsIn(targets: readonly WTargetDescription[]): TargetInput[] {
  return targets.map((t) => {
    if (t.Id === undefined) throw elbv2Errors.missingParameter('Targets.member.Id');
    return { id: t.Id, port: t.Port, availabilityZone: t.AvailabilityZone };
  });
}

export const targetGroupHandlers: Elbv2HandlerTable = {
  CreateTargetGroup: (ctx, input) => {
    const tg = ctx.write((p, tx) => createTargetGroup(tx, p, {
      name: input.Name, protocol: input.Protocol, port: input.Port, vpcId: input.VpcId,
      targetType: input.TargetType ?? 'instance', tags: tagsIn(input.Tags),
    }));
    return { TargetGroups: [wireTargetGroup(tg, loadBalancersOfTargetGroup(ctx.read(), tg.id))] };
  },
  DescribeTargetGroups: (ctx, input) => {
    const view = ctx.read();
    let items: TargetGroup[] = [...view.list('targetGroup')];
    if (input.TargetGroupArns?.length) {
      items = input.TargetGroupArns.map((arn) => mustGetTargetGroup(view, arn));
    } else if (input.Names?.length) {
      const missing = input.Names.filter((n) => !items.some((tg) => tg.name === n));
      if (missing.length > 0) throw elbv2Errors.targetGroupNotFound(missing);
      items = items.filter((tg) => input.Names!.includes(tg.name));
    }
    if (input.LoadBalancerArn !== undefined) {
      const lb = mustGetLoadBalancer(view, input.LoadBalancerArn);
      items = items.filter((tg) => loadBalancersOfTargetGroup(view, tg.id).includes(lb.id));
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return {
      TargetGroups: page.items.map((tg) => wireTargetGroup(tg, loadBalancersOfTargetGroup(view, tg.id))),
      ...(page.next !== undefined ? { NextMarker: page.next } : {}),
    };
  },
  DeleteTargetGroup: (ctx, input) => {
    ctx.write((p) => deleteTargetGroup(p, input.TargetGroupArn));
    return {};
  },
  RegisterTargets: (ctx, input) => {
    ctx.write((p) => registerTargets(p, input.TargetGroupArn, targetsIn(input.Targets)));
    return {};
  },
  DeregisterTargets: (ctx, input) => {
    ctx.write((p) => deregisterTargets(p, input.TargetGroupArn, targetsIn(input.Targets)));
    return {};
  },
  DescribeTargetHealth: (ctx, input) => {
    const view = ctx.read();
    const tg = mustGetTargetGroup(view, input.TargetGroupArn);
    const health = targetHealth(view, tg, input.Targets ? targetsIn(input.Targets) : undefined);
    return {
      TargetHealthDescriptions: health.map((h) => ({
        Target: { Id: h.target.id, Port: h.target.port, ...(h.target.availabilityZone !== undefined ? { AvailabilityZone: h.target.availabilityZone } : {}) },
        HealthCheckPort: String(h.target.port),
        TargetHealth: { State: h.state, ...(h.reason !== undefined ? { Reason: h.reason } : {}), ...(h.description !== undefined ? { Description: h.description } : {}) },
      })),
    };
  },
};
