/**
 * @module ELBv2 listeners: one forward default action (kept in the form given), TLS settings for TLS and HTTPS
 * listeners, and listener attributes. Checked against the load balancer's type and VPC.
 */
import { elbv2Error, elbv2Errors } from '../errors/elbv2.js';
import { modifyListenerAttributes, type Attribute } from './elbv2-attributes.js';
import { isSslPolicyName } from './elbv2-ssl-policies.js';
import { isElbArn, listenersOf, loadBalancersOfTargetGroup, mustGetLoadBalancer, type LoadBalancerType } from './load-balancer.js';
import type { Listener, ListenerForward, LoadBalancer } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** Listener protocols each load balancer type accepts. */
const LISTENER_PROTOCOLS: Readonly<Record<LoadBalancerType, readonly string[]>> = {
  network: ['TCP', 'UDP', 'TLS', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
  application: ['HTTP', 'HTTPS'],
  gateway: ['GENEVE'],
};

/** AWS: the security policy a TLS or HTTPS listener gets when the request names none. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';
/** AWS: "HTTP1Only, HTTP2Only, HTTP2Optional, HTTP2Preferred, None" (ALPN policies of TLS listeners). */
const ALPN_POLICIES = ['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'];

/** The TLS settings a request gives a listener. */
export interface ListenerTlsArgs {
  readonly sslPolicy: string | undefined;
  readonly certificateArns: readonly string[] | undefined;
  readonly alpnPolicy: readonly string[] | undefined;
}

export interface CreateListenerArgs extends ListenerTlsArgs {
  readonly loadBalancerArn: string;
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly forward: ListenerForward;
  readonly tags: Tags;
}

/** Checked listener settings (protocol, port, forward action, TLS) against the load balancer. */
interface ListenerSettings {
  readonly protocol: string;
  readonly port: number;
  readonly forward: ListenerForward;
  readonly sslPolicy?: string;
  readonly certificateArns?: readonly string[];
  readonly alpnPolicy?: string;
}

function checkListener(p: PartitionTx, lb: LoadBalancer, protocol: string, port: number, forward: ListenerForward, tls: ListenerTlsArgs, self: string | undefined): ListenerSettings {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw elbv2Errors.validation(`1 validation error detected: Value '${port}' at 'port' failed to satisfy constraint: Member must have value ${port < 1 ? 'greater than or equal to 1' : 'less than or equal to 65535'}`);
  }
  if (!LISTENER_PROTOCOLS[lb.type].includes(protocol)) {
    throw elbv2Error('UnsupportedProtocol', `Protocol '${protocol}' is not supported with a load balancer of type '${lb.type}'`);
  }
  const secure = protocol === 'TLS' || protocol === 'HTTPS';
  // AWS: "[HTTPS and TLS listeners] The default certificate for the listener. You must provide exactly one certificate."
  if (secure && (tls.certificateArns ?? []).length === 0) throw elbv2Errors.validation(`A certificate must be specified for ${protocol} listeners`);
  if (!secure && (tls.certificateArns ?? []).length > 0) throw elbv2Error('InvalidConfigurationRequest', `Certificates are not supported for ${protocol} listeners`);
  if ((tls.certificateArns ?? []).length > 1) throw elbv2Error('TooManyCertificates', 'A listener takes exactly one default certificate; add others with AddListenerCertificates');
  for (const c of tls.certificateArns ?? []) {
    if (!/^arn:aws:(acm:[a-z0-9-]+:\d{12}:certificate\/|iam::\d{12}:server-certificate\/)/.test(c)) throw elbv2Error('CertificateNotFound', `Certificate '${c}' not found`);
  }
  if (tls.sslPolicy !== undefined) {
    if (!secure) throw elbv2Error('InvalidConfigurationRequest', `An SSL policy is not supported for ${protocol} listeners`);
    if (!isSslPolicyName(tls.sslPolicy)) throw elbv2Error('SSLPolicyNotFound', `SSL policy '${tls.sslPolicy}' not found`);
  }
  if (tls.alpnPolicy !== undefined && tls.alpnPolicy.length > 0) {
    if (protocol !== 'TLS') throw elbv2Error('InvalidConfigurationRequest', `An ALPN policy is supported only for TLS listeners, not ${protocol}`);
    if (tls.alpnPolicy.length > 1 || !ALPN_POLICIES.includes(tls.alpnPolicy[0]!)) throw elbv2Error('ALPNPolicyNotFound', `ALPN policy '${tls.alpnPolicy.join(', ')}' not found`);
  }
  const arns = forward.groups.map((g) => g.arn);
  if (arns.length === 0) throw elbv2Errors.validation('A forward action must name a target group');
  if (new Set(arns).size !== arns.length) throw elbv2Errors.validation('A target group can be specified only once in a forward action');
  if (lb.type === 'network') {
    // AWS: weighted target groups and group stickiness are Application Load Balancer features.
    if (arns.length > 1) throw elbv2Error('InvalidLoadBalancerAction', 'A forward action of a Network Load Balancer can have only one target group');
    if (forward.stickiness?.enabled) throw elbv2Error('InvalidLoadBalancerAction', 'Target group stickiness is not supported for Network Load Balancers');
  }
  if (forward.stickiness?.durationSeconds !== undefined && (forward.stickiness.durationSeconds < 1 || forward.stickiness.durationSeconds > 604800)) {
    throw elbv2Errors.validation('Target group stickiness duration must be from 1 to 604800 seconds');
  }
  for (const g of forward.groups) {
    if (g.weight !== undefined && (g.weight < 0 || g.weight > 999)) throw elbv2Errors.validation(`Target group weight '${g.weight}' must be from 0 to 999`);
  }
  for (const arn of arns) {
    const tg = isElbArn(arn, 'targetgroup') ? p.get('targetGroup', arn) : undefined;
    if (!tg) throw elbv2Errors.targetGroupNotFound([arn]);
    if (tg.vpcId !== lb.vpcId) {
      throw elbv2Error('InvalidConfigurationRequest', `The VPC ID '${tg.vpcId}' of target group '${arn}' does not match the VPC ID '${lb.vpcId}' of load balancer '${lb.id}'`);
    }
    // AWS: an NLB listener forwards to a target group of a compatible protocol (TCP_UDP serves TCP and UDP).
    const compatible = tg.protocol === protocol || tg.protocol === 'TCP_UDP' && (protocol === 'TCP' || protocol === 'UDP')
      || (protocol === 'TLS' && tg.protocol === 'TCP') || (lb.type === 'application' && (tg.protocol === 'HTTP' || tg.protocol === 'HTTPS'));
    if (!compatible) throw elbv2Error('IncompatibleProtocols', `Listener protocol '${protocol}' is not compatible with target group protocol '${tg.protocol}'`);
    // AWS: a target group of a Network Load Balancer can be associated with only one load balancer.
    const others = loadBalancersOfTargetGroup(p, arn, self).filter((a) => a !== lb.id);
    if (lb.type === 'network' && others.length > 0) {
      throw elbv2Error('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${arn}`);
    }
  }
  for (const l of listenersOf(p, lb.id)) {
    if (l.id !== self && l.port === port) throw elbv2Error('DuplicateListener', `A listener already exists on this port for this load balancer '${lb.id}'`);
  }
  return {
    protocol, port, forward,
    ...(secure ? { sslPolicy: tls.sslPolicy ?? DEFAULT_SSL_POLICY, certificateArns: [...(tls.certificateArns ?? [])] } : {}),
    ...(protocol === 'TLS' && tls.alpnPolicy?.length ? { alpnPolicy: tls.alpnPolicy[0]! } : {}),
  };
}

export function createListener(tx: Tx, p: PartitionTx, args: CreateListenerArgs): Listener {
  const lb = mustGetLoadBalancer(p, args.loadBalancerArn);
  const protocol = args.protocol ?? (lb.type === 'network' ? undefined : 'HTTP');
  if (protocol === undefined) throw elbv2Errors.validation('A listener protocol must be specified');
  if (args.port === undefined) throw elbv2Errors.validation('A listener port must be specified');
  const same = listenersOf(p, lb.id).find((l) => l.port === args.port);
  // AWS: "If you attempt to create multiple listeners with the same settings, each call succeeds."
  if (same && same.protocol === protocol && same.targetGroupArns.join() === args.forward.groups.map((g) => g.arn).join()) return same;
  const settings = checkListener(p, lb, protocol, args.port, args.forward, args, undefined);
  const rest = lb.id.slice(lb.id.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
  const arn = `arn:aws:elasticloadbalancing:${p.region}:${p.account}:listener/${rest}/${tx.ids.hex(16)}`;
  return p.put<Listener>({
    kind: 'listener', id: arn, ownerId: p.account, tags: args.tags, loadBalancerArn: lb.id,
    targetGroupArns: settings.forward.groups.map((g) => g.arn), ...settings,
  });
}

/** The listener with this ARN, or `ListenerNotFound`. */
export function mustGetListener(view: ReadView, arn: string): Listener {
  const l = view.get('listener', arn);
  if (!l) throw elbv2Errors.listenerNotFound([arn]);
  return l;
}

export interface ModifyListenerArgs extends ListenerTlsArgs {
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly forward: ListenerForward | undefined;
}

/**
 * ModifyListener: what is given replaces what the listener had. AWS: "If you change the protocol from HTTPS to
 * HTTP, or from TLS to TCP, the security policy and server certificate properties are removed."
 */
export function modifyListener(p: PartitionTx, arn: string, args: ModifyListenerArgs): Listener {
  const l = mustGetListener(p, arn);
  const lb = mustGetLoadBalancer(p, l.loadBalancerArn);
  const protocol = args.protocol ?? l.protocol;
  const secure = protocol === 'TLS' || protocol === 'HTTPS';
  const forward = args.forward ?? l.forward ?? { plainArn: true, groups: l.targetGroupArns.map((a) => ({ arn: a })) };
  const settings = checkListener(p, lb, protocol, args.port ?? l.port, forward, {
    sslPolicy: args.sslPolicy ?? (secure ? l.sslPolicy : undefined),
    certificateArns: args.certificateArns ?? (secure ? l.certificateArns : undefined),
    alpnPolicy: args.alpnPolicy ?? (protocol === 'TLS' && l.alpnPolicy !== undefined ? [l.alpnPolicy] : undefined),
  }, l.id);
  const { sslPolicy: _s, certificateArns: _c, alpnPolicy: _a, ...base } = l;
  return p.put<Listener>({ ...base, ...settings, targetGroupArns: settings.forward.groups.map((g) => g.arn) });
}

/** ModifyListenerAttributes: keys of the listener's protocol, checked. */
export function setListenerAttributes(p: PartitionTx, arn: string, changes: readonly Attribute[]): Listener {
  const l = mustGetListener(p, arn);
  return p.put<Listener>({ ...l, attributes: modifyListenerAttributes(l, changes) });
}

export function deleteListener(p: PartitionTx, arn: string): void {
  mustGetListener(p, arn);
  p.remove(arn);
}
