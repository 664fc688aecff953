/** @module Subnets: create inside a VPC CIDR without overlap, delete, attributes. */
import { ec2Errors } from '../errors/ec2.js';
import { cidrContains, cidrOverlaps, formatCidr, parseCidr } from '../shared/cidr.js';
import { mustGet } from './lookup.js';
import { associateDefaultAcl, dropAclAssociation } from './network-acl.js';
import { findZone, zonesFor } from './regions.js';
import type { Tags } from './tags.js';
import type { Subnet } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

export interface CreateSubnetArgs {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone?: string;
  readonly availabilityZoneId?: string;
  readonly tags?: Tags;
  readonly defaultForAz?: boolean;
  readonly mapPublicIpOnLaunch?: boolean;
}

export function createSubnet(tx: Tx, p: PartitionTx, args: CreateSubnetArgs): Subnet {
  const vpc = mustGet(p, 'vpc', args.vpcId);
  const c = parseCidr(args.cidrBlock, true);
  if (!c || c.family !== 4) throw ec2Errors.invalidCidr('cidrBlock', args.cidrBlock);
  const cidr = formatCidr(c);
  // AWS: "The allowed block size is between a /28 netmask and /16 netmask", inside one of the VPC's blocks.
  if (c.prefix < 16 || c.prefix > 28) throw ec2Errors.custom('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
  const inVpc = vpc.cidrAssociations.some((a) => a.state === 'associated' && cidrContains(parseCidr(a.cidrBlock)!, c));
  if (!inVpc) throw ec2Errors.custom('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`);
  for (const other of p.childrenOf(vpc.id, 'subnet')) {
    if (cidrOverlaps(parseCidr(other.cidrBlock)!, c)) throw ec2Errors.custom('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`);
  }
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
    vpcId: vpc.id, cidrBlock: cidr, ipv6Associations: [],
    availabilityZone: zone.zoneName, availabilityZoneId: zone.zoneId,
    defaultForAz: args.defaultForAz ?? false,
    mapPublicIpOnLaunch: args.mapPublicIpOnLaunch ?? false,
    assignIpv6AddressOnCreation: false,
  });
  associateDefaultAcl(tx, p, vpc.id, subnet.id);
  return subnet;
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

export function modifySubnetAttribute(p: PartitionTx, subnetId: string, changes: { mapPublicIpOnLaunch?: boolean; assignIpv6AddressOnCreation?: boolean }): Subnet {
  const subnet = mustGet(p, 'subnet', subnetId);
  return p.put({ ...subnet, ...changes });
}
