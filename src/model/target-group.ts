/**
 * @module ELBv2 target groups and their targets: instances of the group's VPC, or IP addresses inside it.
 * Health is derived, not stored: a target is healthy when its instance runs and a listener uses the group.
 */
import { elbv2Error, elbv2Errors } from '../errors/elbv2.js';
import { cidrHas, parseCidr, parseIp } from '../shared/cidr.js';
import { checkElbName, isElbArn, loadBalancersOfTargetGroup } from './load-balancer.js';
import type { Target, TargetGroup } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

export interface CreateTargetGroupArgs {
  readonly name: string;
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly vpcId: string | undefined;
  readonly targetType: string;
  readonly tags: Tags;
}

/** The target group with this ARN, or `TargetGroupNotFound`. */
export function mustGetTargetGroup(view: ReadView, arn: string): TargetGroup {
  const tg = isElbArn(arn, 'targetgroup') ? view.get('targetGroup', arn) : undefined;
  if (!tg) throw elbv2Errors.targetGroupNotFound([arn]);
  return tg;
}

export function createTargetGroup(tx: Tx, p: PartitionTx, args: CreateTargetGroupArgs): TargetGroup {
  checkElbName(args.name, 'Target group');
  if (args.targetType !== 'instance' && args.targetType !== 'ip') {
    throw elbv2Error('InvalidConfigurationRequest', `vpce emulates target types 'instance' and 'ip', not '${args.targetType}'`);
  }
  // AWS: "If the target type is instance, ip, or alb, you must specify a protocol, port and VPC."
  if (args.protocol === undefined) throw elbv2Errors.validation('A protocol must be specified');
  if (args.port === undefined) throw elbv2Errors.validation('A port must be specified');
  if (args.vpcId === undefined) throw elbv2Errors.validation('A VPC ID must be specified');
  if (!p.get('vpc', args.vpcId)) throw elbv2Errors.validation(`The VPC ID '${args.vpcId}' is not found`);
  for (const tg of p.list('targetGroup')) {
    if (tg.name !== args.name) continue;
    // AWS: "If you attempt to create multiple target groups with the same settings, each call succeeds."
    if (tg.protocol === args.protocol && tg.port === args.port && tg.vpcId === args.vpcId && tg.targetType === args.targetType) return tg;
    throw elbv2Error('DuplicateTargetGroupName', `A target group with the same name '${args.name}' exists, but with different settings`);
  }
  const arn = `arn:aws:elasticloadbalancing:${p.region}:${p.account}:targetgroup/${args.name}/${tx.ids.hex(16)}`;
  return p.put<TargetGroup>({
    kind: 'targetGroup', id: arn, ownerId: p.account, tags: args.tags, name: args.name, protocol: args.protocol,
    port: args.port, vpcId: args.vpcId, targetType: args.targetType, targets: [], createdAt: tx.clock.now(),
  });
}

/** AWS: "You can't delete a target group if it is used by a listener or a rule." Unknown ARNs succeed. */
export function deleteTargetGroup(p: PartitionTx, arn: string): void {
  const tg = isElbArn(arn, 'targetgroup') ? p.get('targetGroup', arn) : undefined;
  if (!tg) return;
  if (loadBalancersOfTargetGroup(p, arn).length > 0) {
    throw elbv2Error('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`);
  }
  p.remove(arn);
}

export interface TargetInput {
  readonly id: string;
  readonly port?: number | undefined;
  readonly availabilityZone?: string | undefined;
}

/** Check targets against the group: instances of its VPC that are not terminated, or IPs in its VPC's CIDRs. */
function checkTargets(p: PartitionTx, tg: TargetGroup, targets: readonly TargetInput[]): Target[] {
  const out: Target[] = [];
  for (const t of targets) {
    if (tg.targetType === 'instance') {
      const inst = p.get('instance', t.id);
      if (!inst || inst.state === 'terminated' || inst.state === 'shutting-down') {
        throw elbv2Error('InvalidTarget', `The following targets are not valid instances: '${t.id}'`);
      }
      if (inst.vpcId !== tg.vpcId) {
        throw elbv2Error('InvalidTarget', `The following targets are not in the target group VPC '${tg.vpcId}': '${t.id}'`);
      }
    } else {
      const ip = parseIp(t.id);
      if (!ip) throw elbv2Errors.validation(`The IP address '${t.id}' is not a valid IPv4 address`);
      const vpc = p.get('vpc', tg.vpcId);
      const inside = (vpc?.cidrAssociations ?? []).some((a) => {
        const c = parseCidr(a.cidrBlock);
        return a.state === 'associated' && c !== undefined && cidrHas(c, ip.family, ip.value);
      });
      // AWS: IP targets must be in the target group's VPC (or reachable peered/on-premises ranges with AZ 'all').
      if (!inside && t.availabilityZone !== 'all') {
        throw elbv2Error('InvalidTarget', `The IP address '${t.id}' is not within the CIDR ranges of the target group VPC '${tg.vpcId}'`);
      }
    }
    out.push({ id: t.id, port: t.port ?? tg.port, ...(t.availabilityZone !== undefined ? { availabilityZone: t.availabilityZone } : {}) });
  }
  return out;
}

export function registerTargets(p: PartitionTx, arn: string, targets: readonly TargetInput[]): TargetGroup {
  const tg = mustGetTargetGroup(p, arn);
  const add = checkTargets(p, tg, targets);
  const key = (t: Target): string => `${t.id}:${t.port}`;
  const have = new Set(tg.targets.map(key));
  const merged = [...tg.targets];
  for (const t of add) if (!have.has(key(t))) { merged.push(t); have.add(key(t)); }
  return p.put<TargetGroup>({ ...tg, targets: merged });
}

export function deregisterTargets(p: PartitionTx, arn: string, targets: readonly TargetInput[]): TargetGroup {
  const tg = mustGetTargetGroup(p, arn);
  for (const t of targets) {
    if (tg.targetType === 'instance' && !t.id.startsWith('i-')) {
      throw elbv2Error('InvalidTarget', `The following targets are not valid instances: '${t.id}'`);
    }
  }
  const drop = new Set(targets.map((t) => `${t.id}:${t.port ?? tg.port}`));
  return p.put<TargetGroup>({ ...tg, targets: tg.targets.filter((t) => !drop.has(`${t.id}:${t.port}`)) });
}

export interface TargetHealth {
  readonly target: Target;
  readonly state: 'healthy' | 'unhealthy' | 'unused' | 'initial' | 'draining' | 'unavailable';
  readonly reason?: string;
  readonly description?: string;
}

/**
 * Health of the group's targets (or of the named ones). AWS states: `unused` with `Target.NotRegistered`,
 * `Target.NotInUse` (no listener uses the group) or `Target.InvalidState` (instance stopped); else `healthy`.
 */
export function targetHealth(view: ReadView, tg: TargetGroup, only: readonly TargetInput[] | undefined): TargetHealth[] {
  const inUse = loadBalancersOfTargetGroup(view, tg.id).length > 0;
  const wanted: Target[] = only && only.length > 0 ? only.map((t) => ({ id: t.id, port: t.port ?? tg.port })) : [...tg.targets];
  return wanted.map((t) => {
    const registered = tg.targets.find((r) => r.id === t.id && r.port === t.port);
    if (!registered) return { target: t, state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' };
    if (!inUse) return { target: registered, state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' };
    if (tg.targetType === 'instance') {
      const inst = view.get('instance', t.id);
      if (!inst || inst.state !== 'running') {
        return { target: registered, state: 'unused', reason: 'Target.InvalidState', description: 'Target is in the stopped state' };
      }
    }
    return { target: registered, state: 'healthy' };
  });
}
