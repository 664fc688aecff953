/** @module The PrivateLink provider side: past a consumer's interface endpoint, the endpoint service's NLB (listener on the flow's port, default forward to a target group), a usable target, its NACL and security groups, then delivery to the target. */
import type { LoadBalancer, LoadBalancerZone, Listener, Target, TargetGroup, VpcEndpoint, VpcEndpointService } from '../model/resources.js';
import { protocolNumber } from './compile.js';
import { evaluateAcl, type AclDirection } from './network-acls.js';
import { ipKey, type CompiledEni, type CompiledPartition } from './network-view.js';
import { address, EPHEMERAL_PORTS, portText, type Address, type PacketView, type PortRange } from './packet.js';
import { evaluateSecurityGroups } from './security-groups.js';
import type { Outcome, HopContext } from './tracer.js';
import type { ExplanationCode, FlowProtocol, RequestContext, Step } from './trace.js';

/** AWS ("Listeners for your Network Load Balancers"): which listener protocols carry a flow's IP protocol. */
const LISTENER_CARRIES: Readonly<Record<FlowProtocol, readonly string[]>> = {
  tcp: ['TCP', 'TLS', 'TCP_UDP'],
  udp: ['UDP', 'TCP_UDP'],
  icmp: [],
};

/** A registered target judged usable or not, with why. */
type TargetCheck =
  | { readonly usable: true; readonly targetGroup: TargetGroup; readonly target: Target; readonly eni: CompiledEni; readonly zoneId: string; readonly node: LoadBalancerZone }
  | { readonly usable: false; readonly targetGroup: TargetGroup; readonly target: Target; readonly reason: string; readonly code: ExplanationCode };

/** What the provider-side checks of one target decided: the steps they took, and a failure if any. */
interface Attempt {
  readonly steps: readonly Step[];
  /** How many of `steps` are forward steps (the rest check the reply). */
  readonly forward: number;
  readonly failure?: Outcome;
}

function fail(disposition: Outcome['disposition'], code?: ExplanationCode): Outcome {
  return code ? { disposition, code } : { disposition };
}

/**
 * Judge one registered target. AWS ("Target groups for your Network Load Balancers", "Health checks"):
 * - an instance target must be running (stopped or terminated instances are `unused`/`unavailable`);
 * - the target must be in an Availability Zone enabled for the load balancer ("Register targets": targets in a
 *   zone that is not enabled receive no traffic), compared by zone ID;
 * - cross-zone load balancing is off by default for NLBs, so the target is reached from the NLB node in its zone.
 */
function judgeTarget(p: CompiledPartition, lb: LoadBalancer, tg: TargetGroup, target: Target): TargetCheck {
  let eni: CompiledEni | undefined;
  if (tg.targetType === 'instance') {
    const inst = p.instances.get(target.id);
    if (!inst) return { usable: false, targetGroup: tg, target, reason: `instance ${target.id} no longer exists`, code: 'BAD_STATE' };
    if (inst.state !== 'running') return { usable: false, targetGroup: tg, target, reason: `instance ${target.id} is ${inst.state}`, code: 'BAD_STATE' };
    eni = inst.primaryEniId !== undefined ? p.enis.get(inst.primaryEniId) : undefined;
  } else {
    const id = p.eniByIp.get(ipKey(tg.vpcId, target.id));
    eni = id !== undefined ? p.enis.get(id) : undefined;
  }
  if (!eni) return { usable: false, targetGroup: tg, target, reason: `no network interface holds target ${target.id}`, code: 'BAD_STATE' };
  const zoneId = p.subnets.get(eni.subnetId)?.availabilityZoneId ?? '';
  const node = lb.zones.find((z) => z.zoneId === zoneId);
  if (!node) return { usable: false, targetGroup: tg, target, reason: `target ${target.id} is in zone ${zoneId}, which is not enabled for the load balancer`, code: 'ELBV2_NO_TARGETS_IN_AZ' };
  return { usable: true, targetGroup: tg, target, eni, zoneId, node };
}

/**
 * The provider-side network checks for one usable target, as steps. AWS ("Edit target group attributes",
 * client IP preservation): "Client IP preservation has no effect on inbound traffic from AWS PrivateLink. The
 * source IP of the AWS PrivateLink traffic is always the private IP address of the Network Load Balancer."
 * So the target's security groups and its subnet's NACL see the NLB node's private IP (the node in the
 * target's zone), on the target's registered port. A rule referencing the NLB's security group matches
 * through the node ENI's group membership. The reply goes back to the node on its ephemeral ports.
 */
function attempt(ctx: HopContext, p: CompiledPartition, check: Extract<TargetCheck, { usable: true }>): Attempt {
  const steps: Step[] = [];
  const proto = protocolNumber(ctx.flow.protocol);
  const nodeIp: Address = address(check.node.privateIp)!;
  const port = check.target.port;
  const forward: PacketView = { protocol: proto, ports: { from: port, to: port }, remote: nodeIp };
  const reply = (ports: PortRange): PacketView => ({ protocol: proto, ports, remote: nodeIp });
  const acl = (subnetId: string, direction: AclDirection, packet: PacketView, path: 'forward' | 'return'): Outcome | undefined => {
    const aclId = p.subnetAcl.get(subnetId);
    const compiled = aclId !== undefined ? p.acls.get(aclId) : undefined;
    if (!compiled) return undefined;
    const d = evaluateAcl(compiled, direction, packet);
    const sgDirection = direction === 'outbound' ? 'egress' : 'ingress';
    const ports = d.verdict === 'deny' && d.deniedPorts ? d.deniedPorts : packet.ports;
    steps.push({
      kind: 'networkAcl', resourceId: compiled.id, path, direction: sgDirection, verdict: d.verdict,
      decidedBy: { by: 'aclEntry', ruleNumber: d.entry.ruleNumber, action: d.entry.action, entry: d.entry.text, ports: portText(ports) },
      ...(d.verdict === 'deny' ? { code: 'SUBNET_ACL_RESTRICTION' as const } : {}),
      note: `${path === 'return' ? 'return traffic ' : ''}${subnetId} ${direction} ${nodeIp.text} ports ${portText(ports)}: ${d.verdict} by rule ${d.entry.text}`,
    });
    if (d.verdict === 'allow') return undefined;
    return fail({ kind: 'deniedByNetworkAcl', networkAclId: compiled.id, subnetId, direction: sgDirection, ruleNumber: d.entry.ruleNumber, path }, 'SUBNET_ACL_RESTRICTION');
  };
  const crosses = check.node.subnetId !== check.eni.subnetId;
  // AWS ("Network ACLs"): NACLs filter traffic leaving and entering a subnet, not traffic inside one.
  const out = crosses ? acl(check.node.subnetId, 'outbound', forward, 'forward') : undefined;
  if (out) return { steps, forward: steps.length, failure: out };
  const inbound = crosses ? acl(check.eni.subnetId, 'inbound', forward, 'forward') : undefined;
  if (inbound) return { steps, forward: steps.length, failure: inbound };
  const groups = check.eni.record.groupIds.map((id) => p.securityGroups.get(id)).filter((g) => g !== undefined);
  const members = (groupId: string, ownerId: string): ReadonlySet<string> | undefined => p.groupMembers.get(groupId)
    ?? (ownerId !== p.account ? ctx.view.partition(ownerId, p.region).groupMembers.get(groupId) : undefined);
  const d = evaluateSecurityGroups(groups, 'ingress', forward, members);
  const what = `${ctx.flow.protocol} port ${port} from ${nodeIp.text} (NLB node in ${check.zoneId})`;
  if (d.verdict === 'deny') {
    steps.push({
      kind: 'securityGroup', resourceId: d.groupIds[0] ?? check.eni.id, path: 'forward', direction: 'ingress', verdict: 'deny', code: d.code,
      decidedBy: { by: 'noSecurityGroupRule', groupIds: d.groupIds, groupsWithoutRules: d.groupsWithoutRules },
      note: `${check.eni.id} (target ${check.target.id}): no ingress rule of ${d.groupIds.join(', ') || '(no groups)'} allows ${what}; PrivateLink traffic reaches targets from the NLB's private IP`,
    });
    return { steps, forward: steps.length, failure: fail({ kind: 'deniedBySecurityGroup', networkInterfaceId: check.eni.id, direction: 'ingress', groupIds: d.groupIds }, 'ENI_SG_RULES_MISMATCH') };
  }
  steps.push({
    kind: 'securityGroup', resourceId: d.groupId, path: 'forward', direction: 'ingress', verdict: 'allow',
    decidedBy: { by: 'securityGroupRule', groupId: d.groupId, ruleId: d.rule.ruleId, rule: d.rule.text },
    note: `${check.eni.id} (target ${check.target.id}): ${what} allowed by ${d.groupId} rule ${d.rule.ruleId} (${d.rule.text})`,
  });
  // The reply: target subnet outbound, then the NLB node's subnet inbound, to the node's ephemeral ports.
  const forwardSteps = steps.length;
  const back1 = crosses ? acl(check.eni.subnetId, 'outbound', reply(EPHEMERAL_PORTS), 'return') : undefined;
  if (back1) return { steps, forward: forwardSteps, failure: back1 };
  const back2 = crosses ? acl(check.node.subnetId, 'inbound', reply(EPHEMERAL_PORTS), 'return') : undefined;
  if (back2) return { steps, forward: forwardSteps, failure: back2 };
  return { steps, forward: forwardSteps };
}

/**
 * Follow a flow that reached an available interface endpoint of a PrivateLink service into the provider's
 * account: the service's NLB, its listener for the flow's port and protocol, the listener's default forward
 * action's target groups, a usable target, and that target's NACL and security groups. Returns undefined when
 * the provider's load balancer is not known to the view (the caller then delivers to the endpoint as before).
 * AWS ("Share your services through AWS PrivateLink"; "Listeners for your Network Load Balancers").
 */
export function privateLinkHop(ctx: HopContext, endpoint: VpcEndpoint, consumerZoneId: string | undefined, svc: VpcEndpointService, context: RequestContext): Outcome | undefined {
  const p = ctx.view.partition(endpoint.serviceOwner, endpoint.serviceRegion);
  const lbs = svc.networkLoadBalancerArns.map((arn) => p.loadBalancers.get(arn)).filter((lb): lb is LoadBalancer => lb !== undefined);
  // AWS: with several NLBs, the endpoint uses one in its zone; take the first that covers the consumer's zone.
  const lb = lbs.find((l) => consumerZoneId === undefined || l.zones.some((z) => z.zoneId === consumerZoneId)) ?? lbs[0];
  if (!lb) return undefined;
  const flow = ctx.flow;
  const listeners = [...p.listeners.values()].filter((l) => l.loadBalancerArn === lb.id);
  const onPort = listeners.filter((l) => l.port === flow.port);
  const listener: Listener | undefined = onPort.find((l) => LISTENER_CARRIES[flow.protocol].includes(l.protocol));
  if (!listener) {
    // AWS ("Listeners"): the NLB accepts only connections to a listener's port and protocol; an endpoint service
    // carries only the ports its NLB listens on (Reachability Analyzer: ELBV2_LISTENER_PORT_RESTRICTION).
    const code: ExplanationCode = onPort.length ? 'ELBV2_LISTENERS_MISMATCH' : 'ELBV2_LISTENER_PORT_RESTRICTION';
    const reason = onPort.length
      ? `load balancer ${lb.name} listens on port ${flow.port} only for ${onPort.map((l) => l.protocol).join(', ')}, not ${flow.protocol}`
      : `load balancer ${lb.name} has no listener on port ${flow.port}${listeners.length ? ` (listeners: ${listeners.map((l) => `${l.protocol}:${l.port}`).join(', ')})` : ' (no listeners)'}`;
    ctx.step({ kind: 'loadBalancer', resourceId: lb.id, path: 'forward', verdict: 'drop', code, decidedBy: { by: 'attribute', name: 'listenerPort', value: String(flow.port) }, note: reason });
    return fail({ kind: 'noListener', loadBalancerArn: lb.id, protocol: flow.protocol, port: flow.port, reason }, code);
  }
  ctx.step({
    kind: 'loadBalancer', resourceId: listener.id, path: 'forward', verdict: 'forward',
    decidedBy: { by: 'listener', listenerArn: listener.id, protocol: listener.protocol, port: listener.port, targetGroupArns: listener.targetGroupArns },
    note: `${endpoint.id} -> endpoint service ${svc.id} -> load balancer ${lb.name}: listener ${listener.protocol}:${listener.port} (${listener.id}) forwards to ${listener.targetGroupArns.join(', ') || 'no target group'}`,
  });
  const groups = listener.targetGroupArns.map((arn) => p.targetGroups.get(arn)).filter((tg): tg is TargetGroup => tg !== undefined);
  const checks = groups.flatMap((tg) => tg.targets.map((t) => judgeTarget(p, lb, tg, t)));
  if (checks.length === 0) {
    const reason = `listener ${listener.protocol}:${listener.port} of ${lb.name} forwards to target groups with no registered targets`;
    ctx.step({ kind: 'targetGroup', resourceId: listener.targetGroupArns[0] ?? listener.id, path: 'forward', verdict: 'drop', code: 'ELBV2_LISTENER_HAS_NO_TG', decidedBy: { by: 'attribute', name: 'targets', value: '0' }, note: reason });
    return fail({ kind: 'noHealthyTarget', loadBalancerArn: lb.id, targetGroupArns: listener.targetGroupArns, reason }, 'ELBV2_LISTENER_HAS_NO_TG');
  }
  const usable = checks.filter((c): c is Extract<TargetCheck, { usable: true }> => c.usable);
  if (usable.length === 0) {
    for (const c of checks) {
      if (c.usable) continue;
      ctx.step({ kind: 'targetGroup', resourceId: c.targetGroup.id, path: 'forward', verdict: 'drop', code: c.code, decidedBy: { by: 'target', targetGroupArn: c.targetGroup.id, targetId: c.target.id, port: c.target.port, state: 'unavailable' }, note: `target ${c.target.id}:${c.target.port} of ${c.targetGroup.name} cannot receive traffic: ${c.reason}` });
    }
    const reason = `no target of ${groups.map((g) => g.name).join(', ')} can receive traffic (${checks.map((c) => (c.usable ? '' : c.reason)).join('; ')})`;
    const code = checks.every((c) => !c.usable && c.code === 'ELBV2_NO_TARGETS_IN_AZ') ? 'ELBV2_NO_TARGETS_IN_AZ' : 'BAD_STATE';
    return fail({ kind: 'noHealthyTarget', loadBalancerArn: lb.id, targetGroupArns: listener.targetGroupArns, reason }, code);
  }
  // Prefer targets in the endpoint's own zone (cross-zone load balancing is off by default).
  const ordered = [...usable.filter((c) => c.zoneId === consumerZoneId), ...usable.filter((c) => c.zoneId !== consumerZoneId)];
  const attempts = ordered.map((c) => ({ check: c, result: attempt(ctx, p, c) }));
  const chosen = attempts.find((a) => !a.result.failure) ?? attempts[0]!;
  const c = chosen.check;
  ctx.step({
    kind: 'targetGroup', resourceId: c.targetGroup.id, path: 'forward', verdict: 'forward',
    decidedBy: { by: 'target', targetGroupArn: c.targetGroup.id, targetId: c.target.id, port: c.target.port, state: 'healthy' },
    note: `${c.targetGroup.name} (${c.targetGroup.targetType}) chooses target ${c.target.id}:${c.target.port} in ${c.zoneId} via NLB node ${c.node.privateIp}`,
  });
  const { steps, forward, failure } = chosen.result;
  for (const s of steps.slice(0, forward)) ctx.step(s);
  if (failure && forward === steps.length) return failure;
  ctx.step({
    kind: 'destination', resourceId: c.target.id, path: 'forward', verdict: 'deliver',
    decidedBy: { by: 'target', targetGroupArn: c.targetGroup.id, targetId: c.target.id, port: c.target.port, state: 'healthy' },
    note: `delivered to target ${c.target.id} port ${c.target.port} (${c.eni.id}) of endpoint service ${svc.id} via ${endpoint.id}`,
  });
  // The reply's NACL checks on the provider side come first; `deliver` then checks the consumer side's.
  for (const s of steps.slice(forward)) ctx.step(s);
  if (failure) return failure;
  return ctx.deliver({
    type: 'endpointServiceTarget', vpcEndpointId: endpoint.id, loadBalancerArn: lb.id, listenerArn: listener.id,
    targetGroupArn: c.targetGroup.id, targetId: c.target.id, port: c.target.port, networkInterfaceId: c.eni.id,
  }, context);
}
