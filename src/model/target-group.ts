/**
 * @module ELBv2 target groups and their targets: instances of the group's VPC, or IP addresses inside it.
 * Health is derived, not stored: a target is healthy when its instance runs and a listener uses the group.
 */
import type { AwsError } from '../errors/aws-error.js';
import { elbv2Error, elbv2Errors } from '../errors/elbv2.js';
import { cidrHas, parseCidr, parseIp } from '../shared/cidr.js';
import { findZone } from './regions.js';
import { modifyTargetGroupAttributes, type Attribute } from './elbv2-attributes.js';
import { checkElbName, isElbArn, loadBalancersOfTargetGroup } from './load-balancer.js';
import type { Target, TargetGroup, TargetGroupHealthCheck } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

export interface CreateTargetGroupArgs {
  readonly name: string;
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly vpcId: string | undefined;
  readonly targetType: string;
  readonly tags: Tags;
  readonly healthCheck: HealthCheckInput;
  readonly ipAddressType: string | undefined;
  readonly protocolVersion: string | undefined;
  readonly targetControlPort: number | undefined;
}

/** Health check settings a request gives (CreateTargetGroup, ModifyTargetGroup); absent ones keep their value. */
export interface HealthCheckInput {
  readonly enabled?: boolean | undefined;
  readonly protocol?: string | undefined;
  readonly port?: string | undefined;
  readonly path?: string | undefined;
  readonly intervalSeconds?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly healthyThreshold?: number | undefined;
  readonly unhealthyThreshold?: number | undefined;
  readonly matcher?: { readonly httpCode?: string | undefined; readonly grpcCode?: string | undefined } | undefined;
}

/** AWS: the target group protocols (ProtocolEnum). */
const TG_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE', 'QUIC', 'TCP_QUIC'] as const;

function isHttpGroup(protocol: string): boolean {
  return protocol === 'HTTP' || protocol === 'HTTPS';
}

/**
 * AWS CreateTargetGroup defaults: health check protocol HTTP for HTTP/HTTPS groups (ALB), else TCP; port
 * traffic-port; interval 30; timeout 5 for ALB groups, 6 for an NLB HTTP check, 10 for TCP and HTTPS checks;
 * healthy 5, unhealthy 2; path `/` and matcher `200` (ALB) or `200-399` (NLB) for HTTP checks.
 */
export function defaultHealthCheck(protocol: string, checkProtocol?: string, protocolVersion?: string): TargetGroupHealthCheck {
  const alb = isHttpGroup(protocol);
  const hc = checkProtocol ?? (alb ? protocol : 'TCP');
  const http = hc === 'HTTP' || hc === 'HTTPS';
  const grpc = protocolVersion === 'GRPC';
  return {
    enabled: true, protocol: hc, port: 'traffic-port', intervalSeconds: 30,
    timeoutSeconds: alb ? 5 : hc === 'HTTP' ? 6 : 10, healthyThreshold: 5, unhealthyThreshold: 2,
    ...(http ? { path: grpc ? '/AWS.ALB/healthcheck' : '/', matcher: grpc ? '12' : alb ? '200' : '200-399' } : {}),
  };
}

/** Health check of a record (records made before the settings were kept read as AWS's defaults). */
export function healthCheckOf(tg: TargetGroup): TargetGroupHealthCheck {
  return tg.healthCheck ?? defaultHealthCheck(tg.protocol, undefined, tg.protocolVersion);
}

function intBetween(name: string, v: number | undefined, lo: number, hi: number): void {
  if (v !== undefined && (!Number.isInteger(v) || v < lo || v > hi)) {
    // AWS: the model's range constraint, in the service validator's words.
    throw elbv2Errors.validation(`1 validation error detected: Value '${v}' at '${name}' failed to satisfy constraint: Member must have value ${v < lo ? `greater than or equal to ${lo}` : `less than or equal to ${hi}`}`);
  }
}

/** Apply and check health check settings over `base` for a group of `protocol` and target type. */
export function resolveHealthCheck(protocol: string, targetType: string, base: TargetGroupHealthCheck | undefined, input: HealthCheckInput, protocolVersion?: string): TargetGroupHealthCheck {
  intBetween('healthCheckIntervalSeconds', input.intervalSeconds, 5, 300);
  intBetween('healthCheckTimeoutSeconds', input.timeoutSeconds, 2, 120);
  intBetween('healthyThresholdCount', input.healthyThreshold, 2, 10);
  intBetween('unhealthyThresholdCount', input.unhealthyThreshold, 2, 10);
  if (input.path !== undefined && (input.path.length < 1 || input.path.length > 1024)) {
    throw elbv2Errors.validation('Health check path must be between 1 and 1024 characters');
  }
  const alb = isHttpGroup(protocol);
  const hcProtocol = input.protocol ?? base?.protocol;
  if (hcProtocol !== undefined && !['HTTP', 'HTTPS', 'TCP'].includes(hcProtocol)) {
    // AWS: "GENEVE, TLS, UDP, and TCP_UDP protocols are not supported for health checks."
    throw elbv2Error('InvalidConfigurationRequest', `Health check protocol '${hcProtocol}' is not supported`);
  }
  // AWS: "The TCP protocol is not supported for health checks if the protocol of the target group is HTTP or HTTPS."
  if (alb && hcProtocol === 'TCP') throw elbv2Error('InvalidConfigurationRequest', `Health check protocol 'TCP' is not supported for target groups with the '${protocol}' protocol`);
  // A change of check protocol resets what depends on it (path, matcher) to that protocol's defaults.
  const fresh = defaultHealthCheck(protocol, hcProtocol, protocolVersion);
  const keep = base !== undefined && base.protocol === fresh.protocol ? base : { ...fresh, ...(base ? { intervalSeconds: base.intervalSeconds, timeoutSeconds: base.timeoutSeconds, healthyThreshold: base.healthyThreshold, unhealthyThreshold: base.unhealthyThreshold, port: base.port } : {}) };
  // AWS: "If the target type is instance, ip, or alb, health checks are always enabled and can't be disabled."
  if (input.enabled === false && (targetType === 'instance' || targetType === 'ip')) {
    throw elbv2Error('InvalidConfigurationRequest', `Health checks cannot be disabled for target groups with target type '${targetType}'`);
  }
  if (input.port !== undefined && input.port !== 'traffic-port' && !(/^\d+$/.test(input.port) && Number(input.port) >= 1 && Number(input.port) <= 65535)) {
    throw elbv2Errors.validation(`Health check port '${input.port}' must be 'traffic-port' or a port number from 1 to 65535`);
  }
  const http = fresh.protocol === 'HTTP' || fresh.protocol === 'HTTPS';
  if (!http && input.path !== undefined) {
    throw elbv2Error('InvalidConfigurationRequest', `Custom health check paths are not supported for health checks with the ${fresh.protocol} protocol`);
  }
  const code = input.matcher?.httpCode ?? input.matcher?.grpcCode;
  if (input.matcher !== undefined) {
    if (!http) throw elbv2Error('InvalidConfigurationRequest', `Custom health check matchers are not supported for health checks with the ${fresh.protocol} protocol`);
    if (input.matcher.httpCode !== undefined && input.matcher.grpcCode !== undefined) throw elbv2Errors.validation('You can specify either an HTTP code or a gRPC code, but not both');
    if (code === undefined) throw elbv2Errors.validation('A matcher must specify an HTTP code or a gRPC code');
    // AWS: gRPC codes are for target groups of protocol version GRPC; HTTP codes for the others.
    if ((input.matcher.grpcCode !== undefined) !== (protocolVersion === 'GRPC')) {
      throw elbv2Error('InvalidConfigurationRequest', protocolVersion === 'GRPC' ? 'A target group with protocol version GRPC takes a gRPC code matcher' : 'A gRPC code matcher requires protocol version GRPC');
    }
    // AWS: HTTP codes 200-499 for ALB groups, 200-599 for NLB groups; "200,202" or "200-299".
    const hi = alb ? 499 : 599;
    const lo = input.matcher.grpcCode !== undefined ? 0 : 200;
    const max = input.matcher.grpcCode !== undefined ? 99 : hi;
    const ok = code.split(',').every((part) => {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!m) return false;
      const a = Number(m[1]);
      const b = m[2] !== undefined ? Number(m[2]) : a;
      return a >= lo && b <= max && a <= b;
    });
    if (!ok) throw elbv2Errors.validation(`Health check matcher '${code}' must be a code from ${lo} to ${max}, a comma-separated list or a range`);
  }
  const out: TargetGroupHealthCheck = {
    enabled: input.enabled ?? keep.enabled, protocol: fresh.protocol, port: input.port ?? keep.port,
    intervalSeconds: input.intervalSeconds ?? keep.intervalSeconds, timeoutSeconds: input.timeoutSeconds ?? keep.timeoutSeconds,
    healthyThreshold: input.healthyThreshold ?? keep.healthyThreshold, unhealthyThreshold: input.unhealthyThreshold ?? keep.unhealthyThreshold,
    ...(http ? { path: input.path ?? keep.path ?? '/', matcher: code ?? keep.matcher ?? '200' } : {}),
  };
  // AWS: the health check timeout must be smaller than the interval.
  if (out.timeoutSeconds >= out.intervalSeconds) {
    throw elbv2Error('InvalidConfigurationRequest', `Health check timeout '${out.timeoutSeconds}' must be smaller than the interval '${out.intervalSeconds}'`);
  }
  return out;
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
  if (!(TG_PROTOCOLS as readonly string[]).includes(args.protocol)) {
    throw elbv2Errors.validation(`1 validation error detected: Value '${args.protocol}' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [${TG_PROTOCOLS.join(', ')}]`);
  }
  if (args.protocol === 'GENEVE') throw elbv2Error('InvalidConfigurationRequest', 'vpce does not emulate Gateway Load Balancers, so GENEVE target groups are refused');
  intBetween('port', args.port, 1, 65535);
  if (!p.get('vpc', args.vpcId)) throw elbv2Errors.validation(`The VPC ID '${args.vpcId}' is not found`);
  const http = isHttpGroup(args.protocol);
  // AWS: "[HTTP/HTTPS protocol] The protocol version ... GRPC, HTTP1 or HTTP2." Only HTTP and HTTPS groups have one.
  if (args.protocolVersion !== undefined && !http) {
    throw elbv2Error('InvalidConfigurationRequest', `Protocol version is only supported for target groups with the HTTP or HTTPS protocol, not '${args.protocol}'`);
  }
  if (args.protocolVersion !== undefined && !['HTTP1', 'HTTP2', 'GRPC'].includes(args.protocolVersion)) {
    throw elbv2Errors.validation(`Protocol version '${args.protocolVersion}' must be one of HTTP1, HTTP2, GRPC`);
  }
  const protocolVersion = http ? args.protocolVersion ?? 'HTTP1' : undefined;
  if (args.ipAddressType !== undefined && args.ipAddressType !== 'ipv4' && args.ipAddressType !== 'ipv6') {
    throw elbv2Errors.validation(`1 validation error detected: Value '${args.ipAddressType}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, ipv6]`);
  }
  // AWS: "The IP address type. The default value is ipv4." IPv6 groups take ip targets only.
  if (args.ipAddressType === 'ipv6' && args.targetType !== 'ip') {
    throw elbv2Error('InvalidConfigurationRequest', `IP address type 'ipv6' is supported only for target groups with target type 'ip'`);
  }
  // AWS: the target control port belongs to Application Load Balancer target optimizer groups.
  if (args.targetControlPort !== undefined && !http) {
    throw elbv2Error('InvalidConfigurationRequest', `A target control port is supported only for target groups with the HTTP or HTTPS protocol`);
  }
  intBetween('targetControlPort', args.targetControlPort, 1, 65535);
  const healthCheck = resolveHealthCheck(args.protocol, args.targetType, undefined, args.healthCheck, protocolVersion);
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
    healthCheck, ipAddressType: args.ipAddressType === 'ipv6' ? 'ipv6' : 'ipv4',
    ...(protocolVersion !== undefined ? { protocolVersion } : {}),
    ...(args.targetControlPort !== undefined ? { targetControlPort: args.targetControlPort } : {}),
  });
}

/** ModifyTargetGroup: change health check settings (AWS checks them as CreateTargetGroup does). */
export function modifyTargetGroup(p: PartitionTx, arn: string, input: HealthCheckInput): TargetGroup {
  const tg = mustGetTargetGroup(p, arn);
  const healthCheck = resolveHealthCheck(tg.protocol, tg.targetType, healthCheckOf(tg), input, tg.protocolVersion);
  return p.put<TargetGroup>({ ...tg, healthCheck });
}

/** ModifyTargetGroupAttributes: keys of the group's load balancer type, checked. */
export function setTargetGroupAttributes(p: PartitionTx, arn: string, changes: readonly Attribute[]): TargetGroup {
  const tg = mustGetTargetGroup(p, arn);
  return p.put<TargetGroup>({ ...tg, attributes: modifyTargetGroupAttributes(tg, changes) });
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
      // AWS: "[AvailabilityZone] This parameter is not supported if the target type of the target group is instance or alb."
      if (t.availabilityZone !== undefined) throw elbv2Errors.validation(`An Availability Zone cannot be specified for targets of target groups with target type 'instance': '${t.id}'`);
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
      // AWS: an IP inside the VPC may name the Availability Zone it is in; the zone must be one of the Region's.
      if (inside && t.availabilityZone !== undefined && t.availabilityZone !== 'all' && !findZone(p.account, p.region, t.availabilityZone)) {
        throw elbv2Errors.validation(`The Availability Zone '${t.availabilityZone}' is not valid in Region '${p.region}'`);
      }
    }
    out.push({ id: t.id, port: t.port ?? tg.port, ...(t.availabilityZone !== undefined ? { availabilityZone: t.availabilityZone } : {}) });
  }
  return out;
}

/** AWS (ELBv2 quotas): "Targets per target group", 1,000. */
export const MAX_TARGETS_PER_GROUP = 1000;

/** AWS: TooManyTargets, "You've reached the limit on the number of targets." (400). */
export function tooManyTargets(): AwsError {
  return elbv2Error('TooManyTargets', "You've reached the limit on the number of targets.");
}

export function registerTargets(p: PartitionTx, arn: string, targets: readonly TargetInput[]): TargetGroup {
  const tg = mustGetTargetGroup(p, arn);
  const add = checkTargets(p, tg, targets);
  const key = (t: Target): string => `${t.id}:${t.port}`;
  const have = new Set(tg.targets.map(key));
  const merged = [...tg.targets];
  for (const t of add) if (!have.has(key(t))) { merged.push(t); have.add(key(t)); }
  // AWS (ELBv2 quotas): at most 1,000 targets per target group; past it, TooManyTargets and nothing registered.
  if (merged.length > MAX_TARGETS_PER_GROUP) throw tooManyTargets();
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
