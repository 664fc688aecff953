/**
 * @module Elastic Load Balancing v2 load balancers and listeners: create with one node (a requester-managed
 * ENI) per subnet, one subnet per Availability Zone, all in one VPC; delete unless an endpoint service uses it.
 */
import { elbv2Error, elbv2Errors } from '../errors/elbv2.js';
import { createInterface } from './network-interface.js';
import { findZone } from './regions.js';
import type { Listener, LoadBalancer, LoadBalancerZone, TargetGroup } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

export const LB_TYPES = ['network', 'application', 'gateway'] as const;
export type LoadBalancerType = (typeof LB_TYPES)[number];

/** The ARN segment of a load balancer type. */
const TYPE_SEGMENT: Readonly<Record<LoadBalancerType, string>> = { network: 'net', application: 'app', gateway: 'gwy' };

export interface SubnetChoice {
  readonly subnetId: string;
  readonly privateIp?: string | undefined;
}

export interface CreateLoadBalancerArgs {
  readonly name: string;
  readonly type: LoadBalancerType;
  readonly scheme: LoadBalancer['scheme'];
  readonly subnets: readonly SubnetChoice[];
  readonly securityGroupIds: readonly string[];
  readonly ipAddressType: LoadBalancer['ipAddressType'];
  readonly tags: Tags;
}

/** AWS: "This name must be unique per region per account, can have a maximum of 32 characters, must contain
 * only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not begin with internal-". */
export function checkElbName(name: string, what: 'LoadBalancer' | 'Target group'): void {
  if (name.length < 1 || name.length > 32) throw elbv2Errors.validation(`${what} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw elbv2Errors.validation(`${what} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw elbv2Errors.validation(`${what} name '${name}' cannot begin or end with '-' character`);
  if (what === 'LoadBalancer' && name.toLowerCase().startsWith('internal-')) throw elbv2Errors.validation(`Load balancer name '${name}' cannot begin with 'internal-'`);
}

/** Is the text an ELBv2 ARN of this resource type in the partition's account and region? */
export function isElbArn(text: string, resource: 'loadbalancer' | 'targetgroup' | 'listener'): boolean {
  return new RegExp(`^arn:aws:elasticloadbalancing:[a-z0-9-]+:\\d{12}:${resource}/`).test(text);
}

/** The load balancer with this ARN, or `LoadBalancerNotFound` (ValidationError if it is not an ARN). */
export function mustGetLoadBalancer(view: ReadView, arn: string): LoadBalancer {
  if (!isElbArn(arn, 'loadbalancer')) throw elbv2Errors.validation(`'${arn}' is not a valid load balancer ARN`);
  const lb = view.get('loadBalancer', arn);
  if (!lb) throw elbv2Errors.loadBalancerNotFound([arn]);
  return lb;
}

export function createLoadBalancer(tx: Tx, p: PartitionTx, args: CreateLoadBalancerArgs): LoadBalancer {
  checkElbName(args.name, 'LoadBalancer');
  if (args.type === 'gateway') {
    throw elbv2Error('InvalidConfigurationRequest', 'vpce does not emulate Gateway Load Balancers; use type network');
  }
  if (args.subnets.length === 0) throw elbv2Errors.validation('At least one subnet must be specified');
  const zones: { subnetId: string; zoneName: string; zoneId: string; vpcId: string; privateIp?: string | undefined }[] = [];
  for (const choice of args.subnets) {
    const subnet = p.get('subnet', choice.subnetId);
    // AWS: SubnetNotFound "The specified subnet does not exist."
    if (!subnet) throw elbv2Error('SubnetNotFound', `The subnet ID '${choice.subnetId}' is not valid`);
    const zone = findZone(p.account, p.region, subnet.availabilityZone);
    // AWS: "You can specify only one subnet per Availability Zone."
    if (zones.some((z) => z.zoneName === subnet.availabilityZone)) {
      throw elbv2Error('InvalidConfigurationRequest', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone');
    }
    if (zones.length > 0 && zones[0]!.vpcId !== subnet.vpcId) {
      throw elbv2Error('InvalidSubnet', 'The subnets must all belong to the same VPC');
    }
    zones.push({ subnetId: subnet.id, zoneName: subnet.availabilityZone, zoneId: zone?.zoneId ?? subnet.availabilityZoneId, vpcId: subnet.vpcId, privateIp: choice.privateIp });
  }
  // AWS: "[Application Load Balancers] You must specify subnets from at least two Availability Zones."
  if (args.type === 'application' && zones.length < 2) {
    throw elbv2Errors.validation('At least two subnets in two different Availability Zones must be specified');
  }
  const vpcId = zones[0]!.vpcId;
  // AWS: an internet-facing load balancer needs an internet gateway on its VPC.
  if (args.scheme === 'internet-facing' && ![...p.list('internetGateway')].some((g) => g.attachedVpcId === vpcId)) {
    throw elbv2Error('InvalidSubnet', `VPC ${vpcId} has no internet gateway`);
  }
  for (const sg of args.securityGroupIds) {
    const g = p.get('securityGroup', sg);
    if (!g || g.vpcId !== vpcId) throw elbv2Error('InvalidSecurityGroup', `One or more security groups are invalid: '${sg}'`);
  }
  for (const lb of p.list('loadBalancer')) {
    if (lb.name !== args.name) continue;
    // AWS: "If you attempt to create multiple load balancers with the same settings, each call succeeds."
    const same = lb.type === args.type && lb.scheme === args.scheme && lb.vpcId === vpcId
      && lb.zones.map((z) => z.subnetId).sort().join() === zones.map((z) => z.subnetId).sort().join();
    if (same) return lb;
    throw elbv2Error('DuplicateLoadBalancerName', `A load balancer with the same name '${args.name}' exists, but with different settings`);
  }
  const suffix = tx.ids.hex(16);
  const segment = TYPE_SEGMENT[args.type];
  const arn = `arn:aws:elasticloadbalancing:${p.region}:${p.account}:loadbalancer/${segment}/${args.name}/${suffix}`;
  const made: LoadBalancerZone[] = zones.map((z) => {
    const eni = createInterface(tx, p, {
      subnetId: z.subnetId, privateIp: z.privateIp, groupIds: args.securityGroupIds,
      description: `ELB ${segment}/${args.name}/${suffix}`, interfaceType: 'network_load_balancer',
      requesterManaged: true, requesterId: 'amazon-elb',
    });
    return { subnetId: z.subnetId, zoneName: z.zoneName, zoneId: z.zoneId, networkInterfaceId: eni.id, privateIp: eni.privateIp };
  });
  const prefix = args.scheme === 'internal' && args.type === 'application' ? 'internal-' : '';
  const dnsName = args.type === 'network'
    ? `${args.name}-${suffix}.elb.${p.region}.amazonaws.com`
    : `${prefix}${args.name}-${BigInt(`0x${suffix.slice(0, 10)}`) % 10_000_000_000n}.${p.region}.elb.amazonaws.com`;
  return p.put<LoadBalancer>({
    kind: 'loadBalancer', id: arn, ownerId: p.account, tags: args.tags, name: args.name, type: args.type,
    scheme: args.scheme, vpcId, zones: made, securityGroupIds: args.securityGroupIds, ipAddressType: args.ipAddressType,
    dnsName, state: 'active', createdAt: tx.clock.now(),
  });
}

/**
 * Delete a load balancer, its listeners and its ENIs. AWS: "If the load balancer does not exist or has already
 * been deleted, the call succeeds." An endpoint service using it makes the call fail with `ResourceInUse`.
 */
export function deleteLoadBalancer(p: PartitionTx, arn: string): void {
  if (!isElbArn(arn, 'loadbalancer')) throw elbv2Errors.validation(`'${arn}' is not a valid load balancer ARN`);
  const lb = p.get('loadBalancer', arn);
  if (!lb) return;
  for (const svc of p.list('vpcEndpointService')) {
    if (svc.networkLoadBalancerArns.includes(arn)) {
      throw elbv2Error('ResourceInUse', `Load balancer '${arn}' cannot be deleted because it is currently associated with another service`);
    }
  }
  for (const l of listenersOf(p, arn)) p.remove(l.id);
  for (const z of lb.zones) p.remove(z.networkInterfaceId);
  p.remove(arn);
}

/** The listeners of a load balancer. */
export function listenersOf(view: ReadView, lbArn: string): Listener[] {
  return [...view.list('listener')].filter((l) => l.loadBalancerArn === lbArn);
}

/** Load balancers whose listeners forward to a target group. */
export function loadBalancersOfTargetGroup(view: ReadView, tgArn: string): string[] {
  const out = new Set<string>();
  for (const l of view.list('listener')) if (l.targetGroupArns.includes(tgArn)) out.add(l.loadBalancerArn);
  return [...out];
}

/** Listener protocols each load balancer type accepts. */
const LISTENER_PROTOCOLS: Readonly<Record<LoadBalancerType, readonly string[]>> = {
  network: ['TCP', 'UDP', 'TLS', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
  application: ['HTTP', 'HTTPS'],
  gateway: ['GENEVE'],
};

export interface CreateListenerArgs {
  readonly loadBalancerArn: string;
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly targetGroupArns: readonly string[];
  readonly certificates: number;
  readonly tags: Tags;
}

export function createListener(tx: Tx, p: PartitionTx, args: CreateListenerArgs): Listener {
  const lb = mustGetLoadBalancer(p, args.loadBalancerArn);
  const protocol = args.protocol ?? (lb.type === 'network' ? undefined : 'HTTP');
  if (protocol === undefined) throw elbv2Errors.validation('A listener protocol must be specified');
  if (args.port === undefined) throw elbv2Errors.validation('A listener port must be specified');
  if (!LISTENER_PROTOCOLS[lb.type].includes(protocol)) {
    throw elbv2Error('UnsupportedProtocol', `Protocol '${protocol}' is not supported with a load balancer of type '${lb.type}'`);
  }
  // AWS: "[HTTPS and TLS listeners] The default certificate for the listener. You must provide exactly one certificate."
  if ((protocol === 'TLS' || protocol === 'HTTPS') && args.certificates === 0) {
    throw elbv2Errors.validation(`A certificate must be specified for ${protocol} listeners`);
  }
  if (args.targetGroupArns.length === 0) throw elbv2Errors.validation('A forward action must name a target group');
  const groups: TargetGroup[] = [];
  for (const arn of args.targetGroupArns) {
    const tg = isElbArn(arn, 'targetgroup') ? p.get('targetGroup', arn) : undefined;
    if (!tg) throw elbv2Errors.targetGroupNotFound([arn]);
    if (tg.vpcId !== lb.vpcId) {
      throw elbv2Error('InvalidConfigurationRequest', `The VPC ID '${tg.vpcId}' of target group '${arn}' does not match the VPC ID '${lb.vpcId}' of load balancer '${lb.id}'`);
    }
    // AWS: an NLB listener forwards to a target group of a compatible protocol (TCP_UDP serves TCP and UDP).
    const compatible = tg.protocol === protocol || tg.protocol === 'TCP_UDP' && (protocol === 'TCP' || protocol === 'UDP')
      || (protocol === 'TLS' && tg.protocol === 'TCP') || lb.type === 'application';
    if (!compatible) throw elbv2Error('IncompatibleProtocols', `Listener protocol '${protocol}' is not compatible with target group protocol '${tg.protocol}'`);
    // AWS: a target group of a Network Load Balancer can be associated with only one load balancer.
    const others = loadBalancersOfTargetGroup(p, arn).filter((a) => a !== lb.id);
    if (lb.type === 'network' && others.length > 0) {
      throw elbv2Error('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${arn}`);
    }
    groups.push(tg);
  }
  for (const l of listenersOf(p, lb.id)) {
    if (l.port !== args.port) continue;
    // AWS: "If you attempt to create multiple listeners with the same settings, each call succeeds."
    if (l.protocol === protocol && l.targetGroupArns.join() === args.targetGroupArns.join()) return l;
    throw elbv2Error('DuplicateListener', `A listener already exists on this port for this load balancer '${lb.id}'`);
  }
  const rest = lb.id.slice(lb.id.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
  const arn = `arn:aws:elasticloadbalancing:${p.region}:${p.account}:listener/${rest}/${tx.ids.hex(16)}`;
  return p.put<Listener>({
    kind: 'listener', id: arn, ownerId: p.account, tags: args.tags, loadBalancerArn: lb.id,
    protocol, port: args.port, targetGroupArns: groups.map((g) => g.id),
  });
}

export function deleteListener(p: PartitionTx, arn: string): void {
  if (!p.get('listener', arn)) throw elbv2Errors.listenerNotFound([arn]);
  p.remove(arn);
}
