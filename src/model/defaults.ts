/**
 * @module The defaults of a new account in a region.
 * AWS: a default VPC (172.31.0.0/16) with a /20 default subnet in each Availability Zone, an attached internet
 * gateway, a main route table with a 0.0.0.0/0 route to it, a default security group and network ACL
 * ("Default VPCs").
 */
import { ec2Errors } from '../errors/ec2.js';
import { cidrOverlaps, formatCidr, parseCidr } from '../shared/cidr.js';
import { createDefaultDhcpOptions } from './dhcp-options.js';
import { findZone, zonesFor } from './regions.js';
import { createSubnet } from './subnet.js';
import type { Subnet, Vpc } from './resources.js';
import { createVpc } from './vpc.js';
import { mainRouteTableOf } from './route-table.js';
import type { PartitionTx, Tx } from './world.js';

export const PARTITION_INFO_ID = 'partition-info';

/** Whether the partition still needs its defaults. */
export function needsDefaults(p: PartitionTx | { find(id: string): unknown }): boolean {
  return !p.find(PARTITION_INFO_ID);
}

export function createDefaults(tx: Tx, p: PartitionTx): void {
  p.put({ kind: 'partitionInfo', id: PARTITION_INFO_ID, ownerId: p.account, tags: [], createdAt: tx.clock.now() });
  // AWS: the Region's default DHCP option set exists before the default VPC, which uses it.
  createDefaultDhcpOptions(tx, p);
  createDefaultVpc(tx, p);
}

/** Make a default VPC (also `CreateDefaultVpc`). */
export function createDefaultVpc(tx: Tx, p: PartitionTx): string {
  const vpc = createVpc(tx, p, { cidrBlock: '172.31.0.0/16', isDefault: true });
  zonesFor(p.account, p.region).forEach((zone, i) => {
    createSubnet(tx, p, {
      vpcId: vpc.id, cidrBlock: `172.31.${i * 16}.0/20`, availabilityZone: zone.zoneName,
      defaultForAz: true, mapPublicIpOnLaunch: true,
    });
  });
  const igw = p.put({ kind: 'internetGateway', id: tx.ids.next('internetGateway'), ownerId: p.account, tags: [], attachedVpcId: vpc.id });
  const main = mainRouteTableOf(p, vpc.id)!;
  p.put({ ...main, routes: [...main.routes, { destination: { type: 'cidr', cidr: '0.0.0.0/0' }, target: { type: 'internetGateway', id: igw.id }, origin: 'CreateRoute' }] });
  return vpc.id;
}

/**
 * CreateDefaultSubnet. AWS ("Create a default subnet"): a /20 in the default VPC with DefaultForAz and
 * MapPublicIpOnLaunch, one per Availability Zone; without a default VPC the call fails (DefaultVpcDoesNotExist).
 */
export function createDefaultSubnet(tx: Tx, p: PartitionTx, where: { availabilityZone?: string | undefined; availabilityZoneId?: string | undefined }): Subnet {
  if (where.availabilityZone !== undefined && where.availabilityZoneId !== undefined) {
    throw ec2Errors.invalidParameterCombination('Either AvailabilityZone or AvailabilityZoneId must be specified, but not both.');
  }
  const wanted = where.availabilityZone ?? where.availabilityZoneId;
  if (wanted === undefined) throw ec2Errors.missingParameter('AvailabilityZone');
  const zone = findZone(p.account, p.region, wanted);
  if (!zone || (where.availabilityZone !== undefined ? zone.zoneName : zone.zoneId) !== wanted) {
    const param = where.availabilityZone !== undefined ? 'availabilityZone' : 'availabilityZoneId';
    throw ec2Errors.invalidParameterValue(`Value (${wanted}) for parameter ${param} is invalid. Subnets can currently only be created in the following availability zones: ${zonesFor(p.account, p.region).map((z) => z.zoneName).join(', ')}.`);
  }
  let vpc: Vpc | undefined;
  for (const v of p.list('vpc')) if (v.isDefault) { vpc = v; break; }
  if (!vpc) throw ec2Errors.custom('DefaultVpcDoesNotExist', 'There is no default VPC in which to carry out the request. You can create one with CreateDefaultVpc.');
  for (const s of p.childrenOf(vpc.id, 'subnet')) {
    if (s.defaultForAz && s.availabilityZone === zone.zoneName) {
      throw ec2Errors.custom('DefaultSubnetAlreadyExistsInAvailabilityZone', `A default subnet already exists in availability zone ${zone.zoneName}: ${s.id}. You can have only one default subnet per Availability Zone.`);
    }
  }
  // The next free /20 of the VPC's blocks, lowest address first.
  const taken = [...p.childrenOf(vpc.id, 'subnet')].map((s) => parseCidr(s.cidrBlock)!);
  for (const a of vpc.cidrAssociations) {
    if (a.state !== 'associated') continue;
    const block = parseCidr(a.cidrBlock)!;
    if (block.prefix > 20) continue;
    const count = 1n << BigInt(20 - block.prefix);
    for (let i = 0n; i < count; i++) {
      const candidate = { family: block.family, prefix: 20, network: block.network + i * (1n << 12n) };
      if (taken.some((t) => cidrOverlaps(t, candidate))) continue;
      return createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: formatCidr(candidate), availabilityZone: zone.zoneName, defaultForAz: true, mapPublicIpOnLaunch: true });
    }
  }
  throw ec2Errors.custom('InsufficientFreeAddressesInSubnet', `The default VPC ${vpc.id} has no free /20 block for a default subnet.`);
}
