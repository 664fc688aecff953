/** @module Subnets: create inside a VPC CIDR without overlap, delete, attributes. */
import { ec2Errors } from '../errors/ec2.js';
import { cidrContains, cidrOverlaps, formatCidr, parseCidr } from '../shared/cidr.js';
import { associatedIpv6Blocks } from './ipv6-pool.js';
import { mustGet } from './lookup.js';
import { associateDefaultAcl, dropAclAssociation } from './network-acl.js';
import { findZone, zonesFor } from './regions.js';
import type { Tags } from './tags.js';
import type { Subnet, Vpc } from './resources.js';
import { checkIpv6OnlyAttributes, parseSubnetIpv6Block } from './subnet-ipv6.js';
import type { PartitionTx, Tx } from './world.js';

export interface CreateSubnetArgs {
  readonly vpcId: string;
  /** Absent only for an IPv6-only subnet. */
  readonly cidrBlock?: string | undefined;
  readonly ipv6CidrBlock?: string | undefined;
  readonly ipv6Native?: boolean | undefined;
  readonly availabilityZone?: string;
  readonly availabilityZoneId?: string;
  readonly tags?: Tags;
  readonly defaultForAz?: boolean;
  readonly mapPublicIpOnLaunch?: boolean;
}

export function createSubnet(tx: Tx, p: PartitionTx, args: CreateSubnetArgs): Subnet {
  const vpc = mustGet(p, 'vpc', args.vpcId);
  const native = args.ipv6Native === true;
  // AWS ("IPv6-only subnets"): an IPv6-only subnet has an IPv6 block and no IPv4 block.
  if (native && args.cidrBlock !== undefined) throw ec2Errors.invalidParameterCombination('The parameter cidrBlock cannot be used with ipv6Native.');
  if (native && args.ipv6CidrBlock === undefined) throw ec2Errors.missingParameter('ipv6CidrBlock');
  if (!native && args.cidrBlock === undefined) throw ec2Errors.missingParameter('cidrBlock');
  const cidr = native ? '' : checkIpv4Block(p, vpc, args.cidrBlock!);
  const ipv6 = args.ipv6CidrBlock !== undefined ? parseSubnetIpv6Block(p, vpc, args.ipv6CidrBlock) : undefined;
  const zones = zonesFor(p.account, p.region);
  if (args.availabilityZone !== undefined && args.availabilityZoneId !== undefined) {
    throw ec2Errors.invalidParameterCombination('Only one of AvailabilityZone or AvailabilityZoneId may be specified.');
  }
  const wanted = args.availabilityZone ?? args.availabilityZoneId;
  const zone = wanted === undefined ? zones[p.count('subnet') % zones.length] : findZone(p.account, p.region, wanted);
  if (!zone) {
    const param = args.availabilityZone !== undefined ? 'availabilityZone' : 'availabilityZoneId';
    throw ec2Errors.invalidParameterValue(`Value (${wanted}) for parameter ${param} is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.zoneName).join(', ')}.`);
  }
  const subnet = p.put<Subnet>({
    kind: 'subnet', id: tx.ids.next('subnet'), ownerId: p.account, tags: args.tags ?? [],
    vpcId: vpc.id, cidrBlock: cidr,
    ipv6Associations: ipv6 !== undefined ? [{ associationId: tx.ids.next('subnetCidrAssociation'), cidrBlock: ipv6, state: 'associated' }] : [],
    availabilityZone: zone.zoneName, availabilityZoneId: zone.zoneId,
    defaultForAz: args.defaultForAz ?? false,
    mapPublicIpOnLaunch: args.mapPublicIpOnLaunch ?? false,
    // AWS ("IPv6-only subnets"): interfaces there always get IPv6 addresses.
    assignIpv6AddressOnCreation: native,
    ...(native ? { ipv6Native: true } : {}),
  });
  associateDefaultAcl(tx, p, vpc.id, subnet.id);
  return subnet;
}

/** The IPv4 block of a new subnet. */
function checkIpv4Block(p: PartitionTx, vpc: Vpc, text: string): string {
  const c = parseCidr(text, true);
  if (!c || c.family !== 4) throw ec2Errors.invalidCidr('cidrBlock', text);
  const cidr = formatCidr(c);
  // AWS: "The allowed block size is between a /28 netmask and /16 netmask", inside one of the VPC's blocks.
  if (c.prefix < 16 || c.prefix > 28) throw ec2Errors.custom('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
  const inVpc = vpc.cidrAssociations.some((a) => a.state === 'associated' && cidrContains(parseCidr(a.cidrBlock)!, c));
  if (!inVpc) throw ec2Errors.custom('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
  for (const other of p.childrenOf(vpc.id, 'subnet')) {
    const o = parseCidr(other.cidrBlock);
    if (o && cidrOverlaps(o, c)) throw ec2Errors.custom('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`);
  }
  return cidr;
}

/** AWS: a subnet with network interfaces (instances, NAT gateways, endpoints) cannot be deleted. */
export function deleteSubnet(p: PartitionTx, subnetId: string): void {
  const subnet = mustGet(p, 'subnet', subnetId);
  const busy = p.childrenOf(subnetId, 'networkInterface').next();
  const nat = [...p.childrenOf(subnetId, 'natGateway')].some((n) => n.state !== 'deleted');
  if (!busy.done || nat) throw ec2Errors.dependencyViolation(`The subnet '${subnetId}' has dependencies and cannot be deleted.`);
  for (const rt of [...p.childrenOf(subnet.vpcId, 'routeTable')]) {
    if (rt.associations.some((a) => a.subnetId === subnetId)) {
      p.put({ ...rt, associations: rt.associations.filter((a) => a.subnetId !== subnetId) });
    }
  }
  dropAclAssociation(p, subnet.vpcId, subnetId);
  p.remove(subnetId);
}

/** One ModifySubnetAttribute request, by attribute (wire names in camelCase, as AWS lists them in errors). */
export interface SubnetAttributeChanges {
  readonly mapPublicIpOnLaunch?: boolean;
  readonly assignIpv6AddressOnCreation?: boolean;
  readonly mapCustomerOwnedIpOnLaunch?: boolean;
  readonly customerOwnedIpv4Pool?: string;
  readonly enableDns64?: boolean;
  readonly privateDnsHostnameTypeOnLaunch?: string;
  readonly enableResourceNameDnsARecordOnLaunch?: boolean;
  readonly enableResourceNameDnsAAAARecordOnLaunch?: boolean;
  readonly enableLniAtDeviceIndex?: number;
  readonly disableLniAtDeviceIndex?: boolean;
}

/** AWS's hyphenated names of the attributes that need an IPv6 block to be turned on. */
const NEEDS_IPV6 = {
  assignIpv6AddressOnCreation: 'assign-ipv6-address-on-creation',
  enableDns64: 'enable-dns64',
  enableResourceNameDnsAAAARecordOnLaunch: 'enable-resource-name-dns-aaaa-record-on-launch',
} as const;

/**
 * ModifySubnetAttribute. AWS: one attribute per request (`CustomerOwnedIpv4Pool` goes with
 * `MapCustomerOwnedIpOnLaunch`); the IPv6 attributes can be turned on only in a subnet with an IPv6 block; customer
 * owned IPs and local network interfaces exist only in subnets on an Outpost, which vpce does not model.
 */
export function modifySubnetAttribute(p: PartitionTx, subnetId: string, changes: SubnetAttributeChanges): Subnet {
  const subnet = mustGet(p, 'subnet', subnetId);
  const named = Object.keys(changes).filter((k) => k !== 'customerOwnedIpv4Pool' && changes[k as keyof SubnetAttributeChanges] !== undefined);
  if (named.length === 0) {
    if (changes.customerOwnedIpv4Pool !== undefined) throw ec2Errors.missingParameter('MapCustomerOwnedIpOnLaunch');
    throw ec2Errors.missingParameter('attribute');
  }
  if (named.length > 1) throw ec2Errors.invalidParameterCombination(`Only one subnet attribute can be modified at a time. Provided attributes: [${named.join(', ')}]`);
  checkIpv6OnlyAttributes(subnet, changes);
  const hasIpv6 = associatedIpv6Blocks(subnet).length > 0;
  for (const [attr, wire] of Object.entries(NEEDS_IPV6)) {
    if (changes[attr as keyof typeof NEEDS_IPV6] === true && !hasIpv6) {
      throw ec2Errors.invalidParameterValue(`Invalid value 'true' for ${wire}. Cannot set ${wire} to true unless the subnet (${subnet.id}) has an IPv6 CIDR block associated with it.`);
    }
  }
  if (changes.mapCustomerOwnedIpOnLaunch === true) {
    throw ec2Errors.invalidParameterValue(`Invalid value 'true' for map-customer-owned-ip-on-launch. The subnet (${subnet.id}) is not in an Outpost; customer-owned IP addresses are available only to subnets in an Outpost.`);
  }
  if (changes.customerOwnedIpv4Pool !== undefined) {
    throw ec2Errors.invalidParameterValue(`Value (${changes.customerOwnedIpv4Pool}) for parameter customerOwnedIpv4Pool is invalid. The subnet (${subnet.id}) is not in an Outpost; customer-owned IP pools belong to Outposts.`);
  }
  if (changes.enableLniAtDeviceIndex !== undefined) {
    throw ec2Errors.invalidParameterValue(`Invalid value '${changes.enableLniAtDeviceIndex}' for enable-lni-at-device-index. The subnet (${subnet.id}) is not in an Outpost; local network interfaces are available only to subnets in an Outpost.`);
  }
  const hostnameType = changes.privateDnsHostnameTypeOnLaunch;
  if (hostnameType !== undefined && hostnameType !== 'ip-name' && hostnameType !== 'resource-name') {
    throw ec2Errors.invalidParameterValue(`Value (${hostnameType}) for parameter privateDnsHostnameTypeOnLaunch is invalid. Valid values: ip-name, resource-name`);
  }
  let next: Subnet = subnet;
  // mapCustomerOwnedIpOnLaunch=false and disableLniAtDeviceIndex leave the subnet as it is: neither is ever on here.
  if (changes.mapPublicIpOnLaunch !== undefined) next = { ...next, mapPublicIpOnLaunch: changes.mapPublicIpOnLaunch };
  if (changes.assignIpv6AddressOnCreation !== undefined) next = { ...next, assignIpv6AddressOnCreation: changes.assignIpv6AddressOnCreation };
  if (changes.enableDns64 !== undefined) next = { ...next, enableDns64: changes.enableDns64 };
  if (hostnameType === 'ip-name' || hostnameType === 'resource-name') next = { ...next, privateDnsHostnameType: hostnameType };
  if (changes.enableResourceNameDnsARecordOnLaunch !== undefined) next = { ...next, enableResourceNameDnsARecord: changes.enableResourceNameDnsARecordOnLaunch };
  if (changes.enableResourceNameDnsAAAARecordOnLaunch !== undefined) next = { ...next, enableResourceNameDnsAAAARecord: changes.enableResourceNameDnsAAAARecordOnLaunch };
  return next === subnet ? subnet : p.put(next);
}
