/**
 * @module The defaults of a new account in a region.
 * AWS: a default VPC (172.31.0.0/16) with a /20 default subnet in each Availability Zone, an attached internet
 * gateway, a main route table with a 0.0.0.0/0 route to it, a default security group and network ACL
 * ("Default VPCs").
 */
import { zonesFor } from './regions.js';
import { createSubnet } from './subnet.js';
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
