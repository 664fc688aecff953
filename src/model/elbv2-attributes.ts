/**
 * @module ELBv2 attributes of load balancers, target groups and listeners: which keys each kind and type of
 * resource has (AWS API Reference `LoadBalancerAttribute`, `TargetGroupAttribute`, `ListenerAttribute`), their
 * defaults, and how a modification is checked. Records keep only the keys set; the rest read as the default.
 */
import { elbv2Error, elbv2Errors } from '../errors/elbv2.js';
import type { Listener, LoadBalancer, TargetGroup } from './resources.js';

/** One attribute key: its default for the resource and the values it accepts. */
interface AttributeSpec<R> {
  readonly fallback: (r: R) => string;
  readonly accepts: (value: string) => boolean;
}

const isBool = (v: string): boolean => v === 'true' || v === 'false';
const intIn = (lo: number, hi: number) => (v: string): boolean => /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi;
const oneOf = (...values: string[]) => (v: string): boolean => values.includes(v);
const any = (): boolean => true;
const offOr = (lo: number, hi: number) => (v: string): boolean => v === 'off' || intIn(lo, hi)(v);

function spec<R>(fallback: string | ((r: R) => string), accepts: (v: string) => boolean): AttributeSpec<R> {
  return { fallback: typeof fallback === 'string' ? () => fallback : fallback, accepts };
}

/** AWS: "ipv6.deny_all_igw_traffic ... false for internet-facing load balancers and true for internal load balancers." */
const denyIgw = (lb: LoadBalancer): string => (lb.scheme === 'internal' ? 'true' : 'false');

/** Keys every load balancer type has. */
const LB_COMMON: Readonly<Record<string, AttributeSpec<LoadBalancer>>> = {
  'access_logs.s3.enabled': spec('false', isBool),
  'access_logs.s3.bucket': spec('', any),
  'access_logs.s3.prefix': spec('', any),
  'deletion_protection.enabled': spec('false', isBool),
  'ipv6.deny_all_igw_traffic': spec(denyIgw, isBool),
  'zonal_shift.config.enabled': spec('false', isBool),
};

/** AWS: the attributes of Network Load Balancers. */
const NLB_ATTRIBUTES: Readonly<Record<string, AttributeSpec<LoadBalancer>>> = {
  ...LB_COMMON,
  'load_balancing.cross_zone.enabled': spec('false', isBool),
  'dns_record.client_routing_policy': spec('any_availability_zone', oneOf('availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone')),
  'secondary_ips.auto_assigned.per_subnet': spec('0', intIn(0, 7)),
};

/** AWS: the attributes of Application Load Balancers. */
const ALB_ATTRIBUTES: Readonly<Record<string, AttributeSpec<LoadBalancer>>> = {
  ...LB_COMMON,
  'idle_timeout.timeout_seconds': spec('60', intIn(1, 4000)),
  // AWS: cross-zone load balancing is always on for Application Load Balancers and can't be turned off.
  'load_balancing.cross_zone.enabled': spec('true', oneOf('true')),
  'client_keep_alive.seconds': spec('3600', intIn(60, 604800)),
  'connection_logs.s3.enabled': spec('false', isBool),
  'connection_logs.s3.bucket': spec('', any),
  'connection_logs.s3.prefix': spec('', any),
  'health_check_logs.s3.enabled': spec('false', isBool),
  'health_check_logs.s3.bucket': spec('', any),
  'health_check_logs.s3.prefix': spec('', any),
  'routing.http.desync_mitigation_mode': spec('defensive', oneOf('monitor', 'defensive', 'strictest')),
  'routing.http.drop_invalid_header_fields.enabled': spec('false', isBool),
  'routing.http.preserve_host_header.enabled': spec('false', isBool),
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': spec('false', isBool),
  'routing.http.xff_client_port.enabled': spec('false', isBool),
  'routing.http.xff_header_processing.mode': spec('append', oneOf('append', 'preserve', 'remove')),
  'routing.http2.enabled': spec('true', isBool),
  'waf.fail_open.enabled': spec('false', isBool),
};

/** An attribute as the wire carries it. */
export interface Attribute {
  readonly key: string;
  readonly value: string;
}

function readAll<R>(table: Readonly<Record<string, AttributeSpec<R>>>, r: R, set: Readonly<Record<string, string>> | undefined): Attribute[] {
  return Object.entries(table).map(([key, s]) => ({ key, value: set?.[key] ?? s.fallback(r) }));
}

/** Check the keys and values of a modification; answer the merged attribute record. */
function applyAll<R>(table: Readonly<Record<string, AttributeSpec<R>>>, current: Readonly<Record<string, string>> | undefined, changes: readonly Attribute[]): Record<string, string> {
  // AWS: the request carries between 1 and 20 attributes (LoadBalancerAttributes/TargetGroupAttributes max 20).
  if (changes.length === 0) throw elbv2Errors.validation('At least one attribute must be specified');
  if (changes.length > 20) {
    throw elbv2Errors.validation(`1 validation error detected: Value at 'attributes' failed to satisfy constraint: Member must have length less than or equal to 20`);
  }
  const out: Record<string, string> = { ...current };
  for (const c of changes) {
    const s = table[c.key];
    // AWS: an attribute key of another load balancer type, or no type, answers "Key <key> not valid".
    if (!s) throw elbv2Error('InvalidConfigurationRequest', `Key ${c.key} not valid`);
    if (!s.accepts(c.value)) throw elbv2Error('InvalidConfigurationRequest', `'${c.value}' is not a valid value for attribute '${c.key}'`);
    out[c.key] = c.value;
  }
  return out;
}

function tableOfLoadBalancer(lb: LoadBalancer): Readonly<Record<string, AttributeSpec<LoadBalancer>>> {
  return lb.type === 'application' ? ALB_ATTRIBUTES : NLB_ATTRIBUTES;
}

export function loadBalancerAttributes(lb: LoadBalancer): Attribute[] {
  return readAll(tableOfLoadBalancer(lb), lb, lb.attributes);
}

/** The value of one load balancer attribute (set or default). */
export function loadBalancerAttribute(lb: LoadBalancer, key: string): string | undefined {
  return lb.attributes?.[key] ?? tableOfLoadBalancer(lb)[key]?.fallback(lb);
}

export function modifyLoadBalancerAttributes(lb: LoadBalancer, changes: readonly Attribute[]): Record<string, string> {
  const out = applyAll(tableOfLoadBalancer(lb), lb.attributes, changes);
  for (const prefix of ['access_logs', 'connection_logs', 'health_check_logs']) {
    // AWS: enabling logs needs the bucket to write them to.
    if (out[`${prefix}.s3.enabled`] === 'true' && !out[`${prefix}.s3.bucket`]) {
      throw elbv2Error('InvalidConfigurationRequest', `The value of '${prefix}.s3.bucket' cannot be empty when '${prefix}.s3.enabled' is true`);
    }
  }
  return out;
}

/** AWS: an HTTP or HTTPS target group belongs to Application Load Balancers; the others to Network Load Balancers. */
function isAlbGroup(tg: TargetGroup): boolean {
  return tg.protocol === 'HTTP' || tg.protocol === 'HTTPS';
}

/** AWS: client IP preservation is on for instance targets and for UDP/TCP_UDP/QUIC groups; off for IP targets over TCP and TLS. */
function preserveClientIp(tg: TargetGroup): string {
  return tg.targetType === 'instance' || !(tg.protocol === 'TCP' || tg.protocol === 'TLS') ? 'true' : 'false';
}

const TG_HEALTH: Readonly<Record<string, AttributeSpec<TargetGroup>>> = {
  'load_balancing.cross_zone.enabled': spec('use_load_balancer_configuration', oneOf('true', 'false', 'use_load_balancer_configuration')),
  'target_group_health.dns_failover.minimum_healthy_targets.count': spec('1', offOr(1, 1000)),
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': spec('off', offOr(1, 100)),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': spec('1', intIn(1, 1000)),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': spec('off', offOr(1, 100)),
};

/** AWS: the attributes of Network Load Balancer target groups. */
const NLB_TG_ATTRIBUTES: Readonly<Record<string, AttributeSpec<TargetGroup>>> = {
  'deregistration_delay.timeout_seconds': spec('300', intIn(0, 3600)),
  'deregistration_delay.connection_termination.enabled': spec('false', isBool),
  'preserve_client_ip.enabled': spec(preserveClientIp, isBool),
  'proxy_protocol_v2.enabled': spec('false', isBool),
  'stickiness.enabled': spec('false', isBool),
  'stickiness.type': spec('source_ip', oneOf('source_ip')),
  ...TG_HEALTH,
  'target_health_state.unhealthy.connection_termination.enabled': spec('true', isBool),
  'target_health_state.unhealthy.draining_interval_seconds': spec('0', intIn(0, 360000)),
};

/** AWS: the attributes of Application Load Balancer target groups (instance and ip targets). */
const ALB_TG_ATTRIBUTES: Readonly<Record<string, AttributeSpec<TargetGroup>>> = {
  'deregistration_delay.timeout_seconds': spec('300', intIn(0, 3600)),
  'stickiness.enabled': spec('false', isBool),
  'stickiness.type': spec('lb_cookie', oneOf('lb_cookie', 'app_cookie')),
  'stickiness.lb_cookie.duration_seconds': spec('86400', intIn(1, 604800)),
  'stickiness.app_cookie.cookie_name': spec('', any),
  'stickiness.app_cookie.duration_seconds': spec('86400', intIn(1, 604800)),
  'load_balancing.algorithm.type': spec('round_robin', oneOf('round_robin', 'least_outstanding_requests', 'weighted_random')),
  'load_balancing.algorithm.anomaly_mitigation': spec('off', oneOf('on', 'off')),
  'slow_start.duration_seconds': spec('0', (v) => v === '0' || intIn(30, 900)(v)),
  ...TG_HEALTH,
};

function tableOfTargetGroup(tg: TargetGroup): Readonly<Record<string, AttributeSpec<TargetGroup>>> {
  return isAlbGroup(tg) ? ALB_TG_ATTRIBUTES : NLB_TG_ATTRIBUTES;
}

export function targetGroupAttributes(tg: TargetGroup): Attribute[] {
  return readAll(tableOfTargetGroup(tg), tg, tg.attributes);
}

export function modifyTargetGroupAttributes(tg: TargetGroup, changes: readonly Attribute[]): Record<string, string> {
  const out = applyAll(tableOfTargetGroup(tg), tg.attributes, changes);
  const value = (k: string): string | undefined => out[k] ?? tableOfTargetGroup(tg)[k]?.fallback(tg);
  // AWS: "client IP preservation is enabled (and can't be disabled) for ... UDP, TCP_UDP, QUIC, and TCP_QUIC protocols."
  if (value('preserve_client_ip.enabled') === 'false' && !isAlbGroup(tg) && !(tg.protocol === 'TCP' || tg.protocol === 'TLS')) {
    throw elbv2Error('InvalidConfigurationRequest', `Client IP preservation cannot be disabled for target groups with protocol '${tg.protocol}'`);
  }
  // AWS: "This attribute can only be configured when target_health_state.unhealthy.connection_termination.enabled is false."
  if (changes.some((c) => c.key === 'target_health_state.unhealthy.draining_interval_seconds' && c.value !== '0')
    && value('target_health_state.unhealthy.connection_termination.enabled') !== 'false') {
    throw elbv2Error('InvalidConfigurationRequest', 'The unhealthy draining interval can only be set when target_health_state.unhealthy.connection_termination.enabled is false');
  }
  return out;
}

/** AWS: "tcp.idle_timeout.seconds - The valid range is 60-6000 seconds. The default is 350 seconds." (TCP listeners). */
const TCP_LISTENER_ATTRIBUTES: Readonly<Record<string, AttributeSpec<Listener>>> = {
  'tcp.idle_timeout.seconds': spec('350', intIn(60, 6000)),
};
const NO_ATTRIBUTES: Readonly<Record<string, AttributeSpec<Listener>>> = {};

function tableOfListener(l: Listener): Readonly<Record<string, AttributeSpec<Listener>>> {
  return l.protocol === 'TCP' ? TCP_LISTENER_ATTRIBUTES : NO_ATTRIBUTES;
}

export function listenerAttributes(l: Listener): Attribute[] {
  return readAll(tableOfListener(l), l, l.attributes);
}

export function modifyListenerAttributes(l: Listener, changes: readonly Attribute[]): Record<string, string> {
  return applyAll(tableOfListener(l), l.attributes, changes);
}
