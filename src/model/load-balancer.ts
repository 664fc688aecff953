/**
 * @module Elastic Load Balancing v2 load balancers: create with one node (a requester-managed ENI) per subnet, one
 * subnet per Availability Zone, all in one VPC; change subnets, security groups, IP address type and attributes;
 * delete unless an endpoint service uses it or deletion protection is on. Listeners live in `listener.ts`.
 */
import { elbv2Error, elbv2Errors } from '../errors/elbv2.js';
import { loadBalancerAttribute, modifyLoadBalancerAttributes, type Attribute } from './elbv2-attributes.js';
import { createInterface } from './network-interface.js';
import { findZone } from './regions.js';
import { defaultGroupOf } from './security-group.js';
import type { Listener, LoadBalancer, LoadBalancerZone } from './resources.js';
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
  readonly enablePrefixForIpv6SourceNat?: 'on' | 'off' | undefined;
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

interface ResolvedZone { subnetId: string; zoneName: string; zoneId: string; vpcId: string; privateIp?: string | undefined }

/** Check subnet choices (exist, one per Availability Zone, one VPC, enough zones for the type). */
function resolveZones(p: PartitionTx, type: LoadBalancerType, subnets: readonly SubnetChoice[], ipAddressType: string): ResolvedZone[] {
  if (subnets.length === 0) throw elbv2Errors.validation('At least one subnet must be specified');
  const zones: ResolvedZone[] = [];
  for (const choice of subnets) {
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
    // AWS: a dualstack load balancer's subnets each need an IPv6 CIDR block.
    if (ipAddressType !== 'ipv4' && !subnet.ipv6Associations.some((a) => a.state === 'associated')) {
      throw elbv2Error('InvalidSubnet', `Subnet '${subnet.id}' does not have an IPv6 CIDR block, which IP address type '${ipAddressType}' requires`);
    }
    zones.push({ subnetId: subnet.id, zoneName: subnet.availabilityZone, zoneId: zone?.zoneId ?? subnet.availabilityZoneId, vpcId: subnet.vpcId, privateIp: choice.privateIp });
  }
  // AWS: "[Application Load Balancers] You must specify subnets from at least two Availability Zones."
  if (type === 'application' && zones.length < 2) {
    throw elbv2Errors.validation('At least two subnets in two different Availability Zones must be specified');
  }
  return zones;
}

/** One node (a requester-managed ENI) of a load balancer in a subnet. */
function makeZone(tx: Tx, p: PartitionTx, arnTail: string, z: ResolvedZone, securityGroupIds: readonly string[]): LoadBalancerZone {
  const eni = createInterface(tx, p, {
    subnetId: z.subnetId, privateIp: z.privateIp, groupIds: securityGroupIds,
    description: `ELB ${arnTail}`, interfaceType: 'network_load_balancer', requesterManaged: true, requesterId: 'amazon-elb',
  });
  // Not `ipv6OnlyAllowed`: a load balancer node's interface always has a private IPv4 address.
  return { subnetId: z.subnetId, zoneName: z.zoneName, zoneId: z.zoneId, networkInterfaceId: eni.id, privateIp: eni.privateIp! };
}

/** The `net/<name>/<id>` tail of a load balancer ARN (what its ENIs' descriptions name). */
function arnTailOf(lb: LoadBalancer): string {
  return lb.id.slice(lb.id.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
}

function checkSecurityGroups(p: PartitionTx, vpcId: string, groups: readonly string[]): void {
  // AWS: at most 5 security groups per load balancer (SecurityGroups max 5 in the quota table).
  if (groups.length > 5) throw elbv2Error('InvalidConfigurationRequest', 'A load balancer can have at most 5 security groups');
  for (const sg of groups) {
    const g = p.get('securityGroup', sg);
    if (!g || g.vpcId !== vpcId) throw elbv2Error('InvalidSecurityGroup', `One or more security groups are invalid: '${sg}'`);
  }
}

export function createLoadBalancer(tx: Tx, p: PartitionTx, args: CreateLoadBalancerArgs): LoadBalancer {
  checkElbName(args.name, 'LoadBalancer');
  if (args.type === 'gateway') {
    throw elbv2Error('InvalidConfigurationRequest', 'vpce does not emulate Gateway Load Balancers; use type network');
  }
  // AWS: "[Network Load Balancers] ... dualstack" and "dualstack-without-public-ipv4" is for internet-facing ALBs only.
  if (args.ipAddressType === 'dualstack-without-public-ipv4' && !(args.type === 'application' && args.scheme === 'internet-facing')) {
    throw elbv2Error('InvalidConfigurationRequest', "IP address type 'dualstack-without-public-ipv4' is supported only for internet-facing Application Load Balancers");
  }
  if (args.enablePrefixForIpv6SourceNat !== undefined) {
    if (args.type !== 'network') throw elbv2Error('InvalidConfigurationRequest', 'EnablePrefixForIpv6SourceNat is supported only for Network Load Balancers');
    if (args.enablePrefixForIpv6SourceNat === 'on' && args.ipAddressType !== 'dualstack') {
      throw elbv2Error('InvalidConfigurationRequest', "EnablePrefixForIpv6SourceNat 'on' requires IP address type 'dualstack'");
    }
  }
  const zones = resolveZones(p, args.type, args.subnets, args.ipAddressType);
  const vpcId = zones[0]!.vpcId;
  // AWS: an internet-facing load balancer needs an internet gateway on its VPC.
  if (args.scheme === 'internet-facing' && ![...p.list('internetGateway')].some((g) => g.attachedVpcId === vpcId)) {
    throw elbv2Error('InvalidSubnet', `VPC ${vpcId} has no internet gateway`);
  }
  checkSecurityGroups(p, vpcId, args.securityGroupIds);
  // AWS: "[Application Load Balancers] ... If you don't specify a security group, the default security group for the VPC is used."
  const defaultGroup = args.type === 'application' && args.securityGroupIds.length === 0 ? defaultGroupOf(p, vpcId)?.id : undefined;
  const securityGroupIds = defaultGroup !== undefined ? [defaultGroup] : [...new Set(args.securityGroupIds)];
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
  const made = zones.map((z) => makeZone(tx, p, `${segment}/${args.name}/${suffix}`, z, securityGroupIds));
  const prefix = args.scheme === 'internal' && args.type === 'application' ? 'internal-' : '';
  const dnsName = args.type === 'network'
    ? `${args.name}-${suffix}.elb.${p.region}.amazonaws.com`
    : `${prefix}${args.name}-${BigInt(`0x${suffix.slice(0, 10)}`) % 10_000_000_000n}.${p.region}.elb.amazonaws.com`;
  return p.put<LoadBalancer>({
    kind: 'loadBalancer', id: arn, ownerId: p.account, tags: args.tags, name: args.name, type: args.type,
    scheme: args.scheme, vpcId, zones: made, securityGroupIds, ipAddressType: args.ipAddressType,
    dnsName, state: 'active', createdAt: tx.clock.now(),
    ...(args.enablePrefixForIpv6SourceNat !== undefined ? { enablePrefixForIpv6SourceNat: args.enablePrefixForIpv6SourceNat } : {}),
  });
}

/** ModifyLoadBalancerAttributes: check the keys for the load balancer's type and their values, then keep them. */
export function setLoadBalancerAttributes(p: PartitionTx, arn: string, changes: readonly Attribute[]): LoadBalancer {
  const lb = mustGetLoadBalancer(p, arn);
  return p.put<LoadBalancer>({ ...lb, attributes: modifyLoadBalancerAttributes(lb, changes) });
}

/**
 * SetSecurityGroups. AWS: "You can't associate a security group with a Network Load Balancer that was created
 * without one" and an NLB created with security groups keeps at least one; the enforce setting is NLB-only.
 */
export function setSecurityGroups(p: PartitionTx, arn: string, groups: readonly string[], enforce: string | undefined): LoadBalancer {
  const lb = mustGetLoadBalancer(p, arn);
  if (lb.type === 'network' && lb.securityGroupIds.length === 0) {
    throw elbv2Error('InvalidConfigurationRequest', 'You cannot set security groups on a Network Load Balancer which was created without any security groups');
  }
  if (lb.type === 'network' && groups.length === 0) {
    throw elbv2Error('InvalidConfigurationRequest', 'You cannot remove all security groups from a Network Load Balancer which was created with security groups');
  }
  if (enforce !== undefined && enforce !== 'on' && enforce !== 'off') {
    throw elbv2Errors.validation(`1 validation error detected: Value '${enforce}' at 'enforceSecurityGroupInboundRulesOnPrivateLinkTraffic' failed to satisfy constraint: Member must satisfy enum value set: [on, off]`);
  }
  if (enforce !== undefined && lb.type !== 'network') {
    throw elbv2Error('InvalidConfigurationRequest', 'EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic is supported only for Network Load Balancers');
  }
  checkSecurityGroups(p, lb.vpcId, groups);
  const unique = [...new Set(groups)];
  for (const z of lb.zones) {
    const eni = p.get('networkInterface', z.networkInterfaceId);
    if (eni && unique.length > 0) p.put({ ...eni, groupIds: unique });
  }
  return p.put<LoadBalancer>({ ...lb, securityGroupIds: unique, ...(enforce !== undefined ? { enforceSgOnPrivateLink: enforce } : {}) });
}

/**
 * SetSubnets: the load balancer's Availability Zones become those of the subnets given. Kept subnets keep their
 * node; new ones get one; dropped ones lose theirs. AWS: "You can't change the subnets of a load balancer in use
 * by an endpoint service's zones" is not modelled beyond the checks CreateLoadBalancer makes.
 */
export function setSubnets(tx: Tx, p: PartitionTx, arn: string, subnets: readonly SubnetChoice[], ipAddressType: string | undefined): LoadBalancer {
  const lb = mustGetLoadBalancer(p, arn);
  const type = ipAddressType ?? lb.ipAddressType;
  checkIpAddressType(lb, type);
  const zones = resolveZones(p, lb.type, subnets, type);
  if (zones[0]!.vpcId !== lb.vpcId) throw elbv2Error('InvalidSubnet', `The subnets must belong to the load balancer's VPC '${lb.vpcId}'`);
  const made: LoadBalancerZone[] = [];
  for (const z of zones) {
    const kept = lb.zones.find((k) => k.subnetId === z.subnetId);
    if (kept && (z.privateIp === undefined || z.privateIp === kept.privateIp)) { made.push(kept); continue; }
    // AWS: a Network Load Balancer's existing subnet keeps its private IPv4 address.
    if (kept) throw elbv2Error('InvalidConfigurationRequest', `The private IPv4 address of subnet '${z.subnetId}' cannot be changed`);
    made.push(makeZone(tx, p, arnTailOf(lb), z, lb.securityGroupIds));
  }
  for (const old of lb.zones) if (!made.includes(old)) p.remove(old.networkInterfaceId);
  return p.put<LoadBalancer>({ ...lb, zones: made, ipAddressType: type as LoadBalancer['ipAddressType'] });
}

/** AWS: IpAddressType is ipv4 or dualstack ("dualstack-without-public-ipv4" only for internet-facing ALBs). */
function checkIpAddressType(lb: LoadBalancer, type: string): void {
  if (!['ipv4', 'dualstack', 'dualstack-without-public-ipv4'].includes(type)) {
    throw elbv2Errors.validation(`1 validation error detected: Value '${type}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack, dualstack-without-public-ipv4]`);
  }
  if (type === 'dualstack-without-public-ipv4' && !(lb.type === 'application' && lb.scheme === 'internet-facing')) {
    throw elbv2Error('InvalidConfigurationRequest', "IP address type 'dualstack-without-public-ipv4' is supported only for internet-facing Application Load Balancers");
  }
}

/** SetIpAddressType: every subnet of the load balancer must have an IPv6 CIDR block for dualstack. */
export function setIpAddressType(p: PartitionTx, arn: string, type: string): LoadBalancer {
  const lb = mustGetLoadBalancer(p, arn);
  checkIpAddressType(lb, type);
  if (type !== 'ipv4') {
    for (const z of lb.zones) {
      const subnet = p.get('subnet', z.subnetId);
      if (!subnet?.ipv6Associations.some((a) => a.state === 'associated')) {
        throw elbv2Error('InvalidSubnet', `Subnet '${z.subnetId}' does not have an IPv6 CIDR block, which IP address type '${type}' requires`);
      }
    }
  }
  // AWS: an NLB source NAT prefix needs dualstack; going back to ipv4 turns it off.
  return p.put<LoadBalancer>({ ...lb, ipAddressType: type as LoadBalancer['ipAddressType'], ...(type === 'ipv4' && lb.enablePrefixForIpv6SourceNat !== undefined ? { enablePrefixForIpv6SourceNat: 'off' as const } : {}) });
}

/**
 * Delete a load balancer, its listeners and its ENIs. AWS: "If the load balancer does not exist or has already
 * been deleted, the call succeeds." An endpoint service using it makes the call fail with `ResourceInUse`.
 */
export function deleteLoadBalancer(p: PartitionTx, arn: string): void {
  if (!isElbArn(arn, 'loadbalancer')) throw elbv2Errors.validation(`'${arn}' is not a valid load balancer ARN`);
  const lb = p.get('loadBalancer', arn);
  if (!lb) return;
  // AWS: "Load balancer '<arn>' cannot be deleted because deletion protection is enabled" (OperationNotPermitted).
  if (loadBalancerAttribute(lb, 'deletion_protection.enabled') === 'true') {
    throw elbv2Error('OperationNotPermitted', `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`);
  }
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

/** Load balancers whose listeners (other than `except`) forward to a target group. */
export function loadBalancersOfTargetGroup(view: ReadView, tgArn: string, except?: string): string[] {
  const out = new Set<string>();
  for (const l of view.list('listener')) if (l.id !== except && l.targetGroupArns.includes(tgArn)) out.add(l.loadBalancerArn);
  return [...out];
}
