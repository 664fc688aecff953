/** @module Route tables: creation with the local route, the main table, and which table a subnet uses. */
import type { Route, RouteTable } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

/** AWS: every route table has a local route for each VPC CIDR block; it cannot be deleted or changed. */
export function localRoutes(cidrs: readonly string[], ipv6: readonly string[]): Route[] {
  return [
    ...cidrs.map((cidr): Route => ({ destination: { type: 'cidr', cidr }, target: { type: 'local' }, origin: 'CreateRouteTable' })),
    ...ipv6.map((cidr): Route => ({ destination: { type: 'ipv6Cidr', cidr }, target: { type: 'local' }, origin: 'CreateRouteTable' })),
  ];
}

export function createRouteTable(tx: Tx, p: PartitionTx, vpcId: string, main: boolean, tags: RouteTable['tags'] = []): RouteTable {
  const vpc = p.get('vpc', vpcId)!;
  const cidrs = vpc.cidrAssociations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock);
  const ipv6 = vpc.ipv6Associations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock);
  return p.put({
    kind: 'routeTable', id: tx.ids.next('routeTable'), ownerId: p.account, tags, vpcId,
    routes: localRoutes(cidrs, ipv6),
    associations: main ? [{ associationId: tx.ids.next('routeTableAssociation'), main: true }] : [],
  });
}

/** The VPC's main route table. */
export function mainRouteTableOf(p: PartitionTx, vpcId: string): RouteTable | undefined {
  for (const rt of p.childrenOf(vpcId, 'routeTable')) if (rt.associations.some((a) => a.main)) return rt;
  return undefined;
}

/** The table a subnet uses: its explicit association, else the main table (AWS: "implicit association"). */
export function routeTableOfSubnet(p: PartitionTx, vpcId: string, subnetId: string): RouteTable | undefined {
  for (const rt of p.childrenOf(vpcId, 'routeTable')) if (rt.associations.some((a) => a.subnetId === subnetId)) return rt;
  return mainRouteTableOf(p, vpcId);
}

/** Rewrite the local routes of every table in the VPC after its CIDR blocks change. */
export function refreshLocalRoutes(p: PartitionTx, vpcId: string): void {
  const vpc = p.get('vpc', vpcId)!;
  const cidrs = vpc.cidrAssociations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock);
  const ipv6 = vpc.ipv6Associations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock);
  for (const rt of [...p.childrenOf(vpcId, 'routeTable')]) {
    p.put({ ...rt, routes: [...localRoutes(cidrs, ipv6), ...rt.routes.filter((r) => r.target.type !== 'local')] });
  }
}
