/** @module Route tables: creation with the local route, the main table, which table a subnet uses, associations. */
import { ec2Errors } from '../errors/ec2.js';
import { associatedIpv6Blocks } from './ipv6-pool.js';
import { mustGet } from './lookup.js';
import type { Route, RouteTable, RouteTableAssociation } from './resources.js';
import { mustGetVpnGateway } from './vpn-gateway.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

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
  const ipv6 = associatedIpv6Blocks(vpc);
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
  const ipv6 = associatedIpv6Blocks(vpc);
  for (const rt of [...p.childrenOf(vpcId, 'routeTable')]) {
    // A local route whose target was replaced (ReplaceRoute) keeps that target while its block stays.
    const kept = new Map(rt.routes.filter((r) => r.origin === 'CreateRouteTable').map((r) => [destinationKey(r), r]));
    const fresh = localRoutes(cidrs, ipv6).map((r) => kept.get(destinationKey(r)) ?? r);
    p.put({ ...rt, routes: [...fresh, ...rt.routes.filter((r) => r.origin !== 'CreateRouteTable')] });
  }
}

function destinationKey(r: Route): string {
  return r.destination.type === 'prefixList' ? r.destination.prefixListId : r.destination.cidr;
}

/** CreateRouteTable: a table with the local routes of the VPC's blocks and no associations. */
export function createUserRouteTable(tx: Tx, p: PartitionTx, vpcId: string, tags: RouteTable['tags'] = []): RouteTable {
  mustGet(p, 'vpc', vpcId);
  return createRouteTable(tx, p, vpcId, false, tags);
}

function inUse(rt: RouteTable): Error {
  return ec2Errors.dependencyViolation(`The routeTable '${rt.id}' has dependencies and cannot be deleted.`);
}

/** AWS: the main route table, or one still associated with a subnet or gateway, cannot be deleted. */
export function deleteRouteTable(p: PartitionTx, routeTableId: string): void {
  const rt = mustGet(p, 'routeTable', routeTableId);
  if (rt.associations.length > 0) throw inUse(rt);
  // Hook for the VPC endpoint work: a table that still carries gateway endpoint routes is in use.
  if (rt.routes.some((r) => r.origin === 'CreateVpcEndpoint')) throw inUse(rt);
  p.remove(rt.id);
}

/** Where an association ID lives. */
export function findAssociation(view: ReadView, associationId: string): { rt: RouteTable; assoc: RouteTableAssociation } | undefined {
  for (const rt of view.list('routeTable')) {
    const assoc = rt.associations.find((a) => a.associationId === associationId);
    if (assoc) return { rt, assoc };
  }
  return undefined;
}

function mustFindAssociation(view: ReadView, associationId: string): { rt: RouteTable; assoc: RouteTableAssociation } {
  const found = findAssociation(view, associationId);
  if (!found) throw ec2Errors.notFound('InvalidAssociationID.NotFound', `The association ID '${associationId}' does not exist`);
  return found;
}

function conflict(rt: RouteTable): Error {
  return ec2Errors.custom('Resource.AlreadyAssociated', `the specified association for route table ${rt.id} conflicts with an existing association`);
}

/**
 * AssociateRouteTable with a subnet or a gateway (edge association). AWS: a subnet has at most one explicit
 * association, in its own VPC; a gateway (internet or virtual private) must be attached to the table's VPC and
 * has at most one association.
 */
export function associateRouteTable(tx: Tx, p: PartitionTx, routeTableId: string, target: { subnetId?: string | undefined; gatewayId?: string | undefined }): RouteTableAssociation {
  const rt = mustGet(p, 'routeTable', routeTableId);
  if (target.subnetId === undefined && target.gatewayId === undefined) throw ec2Errors.missingParameter('subnetId or gatewayId');
  if (target.subnetId !== undefined && target.gatewayId !== undefined) throw ec2Errors.invalidParameterCombination('Only one of subnetId and gatewayId may be specified.');
  let assoc: RouteTableAssociation;
  if (target.subnetId !== undefined) {
    const subnet = mustGet(p, 'subnet', target.subnetId);
    if (subnet.vpcId !== rt.vpcId) throw ec2Errors.invalidParameterValue(`Route table ${rt.id} and subnet ${subnet.id} belong to different networks`);
    for (const other of p.childrenOf(rt.vpcId, 'routeTable')) {
      if (other.associations.some((a) => a.subnetId === subnet.id)) throw conflict(rt);
    }
    assoc = { associationId: tx.ids.next('routeTableAssociation'), main: false, subnetId: subnet.id };
  } else {
    const id = target.gatewayId!;
    const gw = p.get('internetGateway', id) ?? p.get('vpnGateway', id);
    if (!gw || (gw.kind === 'vpnGateway' && gw.state === 'deleted')) throw ec2Errors.notFound('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);
    if (gw.attachedVpcId !== rt.vpcId) throw ec2Errors.invalidParameterValue(`Route table ${rt.id} and gateway ${id} belong to different networks`);
    for (const other of p.childrenOf(rt.vpcId, 'routeTable')) {
      if (other.associations.some((a) => a.gatewayId === id)) throw conflict(rt);
    }
    assoc = { associationId: tx.ids.next('routeTableAssociation'), main: false, gatewayId: id };
  }
  p.put({ ...rt, associations: [...rt.associations, assoc] });
  return assoc;
}

/** AWS: the main association cannot be disassociated; replace it instead (ReplaceRouteTableAssociation). */
export function disassociateRouteTable(p: PartitionTx, associationId: string): void {
  const { rt, assoc } = mustFindAssociation(p, associationId);
  if (assoc.main) throw ec2Errors.invalidParameterValue(`cannot disassociate the main route table association ${associationId}`);
  p.put({ ...rt, associations: rt.associations.filter((a) => a.associationId !== associationId) });
}

/**
 * Point an association at another table of the same VPC. Replacing the main association makes the new table
 * the VPC's main route table (AWS: "Replace the main route table").
 */
export function replaceRouteTableAssociation(tx: Tx, p: PartitionTx, associationId: string, routeTableId: string): RouteTableAssociation {
  const { rt: from, assoc } = mustFindAssociation(p, associationId);
  const to = mustGet(p, 'routeTable', routeTableId);
  if (to.vpcId !== from.vpcId) throw ec2Errors.invalidParameterValue(`Route table ${to.id} and association ${associationId} belong to different networks`);
  const moved: RouteTableAssociation = { ...assoc, associationId: tx.ids.next('routeTableAssociation') };
  p.put({ ...from, associations: from.associations.filter((a) => a.associationId !== associationId) });
  const target = p.get('routeTable', to.id)!;
  p.put({ ...target, associations: [...target.associations, moved] });
  return moved;
}

/**
 * EnableVgwRoutePropagation. AWS: the virtual private gateway must be attached to the route table's VPC
 * (`Gateway.NotAttached`). vpce has no VPN connections, so no route is actually propagated: the table only records
 * the gateway (DescribeRouteTables `PropagatingVgws`).
 */
export function enableVgwRoutePropagation(p: PartitionTx, routeTableId: string, gatewayId: string): RouteTable {
  const rt = mustGet(p, 'routeTable', routeTableId);
  const vgw = mustGetVpnGateway(p, gatewayId);
  if (vgw.attachedVpcId !== rt.vpcId) {
    throw ec2Errors.custom('Gateway.NotAttached', `Network ${rt.vpcId} is not attached to virtual private gateway ${vgw.id}`);
  }
  const current = rt.propagatingVgwIds ?? [];
  return current.includes(vgw.id) ? rt : p.put({ ...rt, propagatingVgwIds: [...current, vgw.id] });
}

/** DisableVgwRoutePropagation: the table and gateway must exist; a gateway that does not propagate is left as is. */
export function disableVgwRoutePropagation(p: PartitionTx, routeTableId: string, gatewayId: string): RouteTable {
  const rt = mustGet(p, 'routeTable', routeTableId);
  const vgw = mustGetVpnGateway(p, gatewayId);
  const current = rt.propagatingVgwIds ?? [];
  return current.includes(vgw.id) ? p.put({ ...rt, propagatingVgwIds: current.filter((id) => id !== vgw.id) }) : rt;
}
