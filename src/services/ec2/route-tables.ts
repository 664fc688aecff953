/**
 * @module Route table operations: Create/Delete/DescribeRouteTables, Associate/Disassociate/ReplaceRouteTableAssociation,
 * CreateRoute, ReplaceRoute, DeleteRoute, Enable/DisableVgwRoutePropagation.
 */
import { idempotent } from '../../model/client-token.js';
import {
  associateRouteTable, createUserRouteTable, deleteRouteTable, disableVgwRoutePropagation, disassociateRouteTable,
  enableVgwRoutePropagation, replaceRouteTableAssociation,
} from '../../model/route-table.js';
import { createRoute, deleteRoute, replaceRoute, routeState, type DestinationArgs, type RouteEnv, type TargetArgs } from '../../model/routes.js';
import type { Route, RouteTable } from '../../model/resources.js';
import { GLOBAL, partitionKey, type PartitionTx, type Tx } from '../../model/world.js';
import type { WCreateRouteRequest, WReplaceRouteRequest, WRoute, WRouteTable } from '../../specs/ec2-types.js';
import { ec2Errors } from '../../errors/ec2.js';
import type { Ec2Context, HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

/** The route environment for reads in the caller's partition. */
export function readRouteEnv(ctx: Ec2Context): RouteEnv {
  const world = ctx.world;
  return {
    view: ctx.read(), account: ctx.account, region: ctx.region,
    global: world.partition(GLOBAL),
    read: (a, r) => world.partition(partitionKey(a, r)),
    now: world.clock.now(),
  };
}

/** The route environment inside a write. */
export function writeRouteEnv(p: PartitionTx, tx: Tx): RouteEnv {
  return { view: p, account: p.account, region: p.region, global: tx.global, read: (a, r) => tx.in(a, r), now: tx.clock.now() };
}

export function routeToWire(env: RouteEnv, rt: RouteTable, r: Route): WRoute {
  const out: WRoute = {};
  switch (r.destination.type) {
    case 'cidr': out.DestinationCidrBlock = r.destination.cidr; break;
    case 'ipv6Cidr': out.DestinationIpv6CidrBlock = r.destination.cidr; break;
    case 'prefixList': out.DestinationPrefixListId = r.destination.prefixListId; break;
  }
  const t = r.target;
  switch (t.type) {
    case 'local': out.GatewayId = 'local'; break;
    case 'internetGateway': case 'vpnGateway': case 'vpcEndpoint': out.GatewayId = t.id; break;
    case 'natGateway': out.NatGatewayId = t.id; break;
    case 'egressOnlyInternetGateway': out.EgressOnlyInternetGatewayId = t.id; break;
    case 'vpcPeeringConnection': out.VpcPeeringConnectionId = t.id; break;
    case 'networkInterface': {
      out.NetworkInterfaceId = t.id;
      const att = env.view.get('networkInterface', t.id)?.attachment;
      if (att) { out.InstanceId = att.instanceId; out.InstanceOwnerId = rt.ownerId; }
      break;
    }
    case 'instance': {
      out.InstanceId = t.id;
      out.InstanceOwnerId = rt.ownerId;
      const primary = env.view.get('instance', t.id)?.networkInterfaceIds[0];
      if (primary !== undefined) out.NetworkInterfaceId = primary;
      break;
    }
  }
  out.Origin = r.origin;
  out.State = routeState(env, rt, r);
  return out;
}

export function routeTableToWire(env: RouteEnv, rt: RouteTable): WRouteTable {
  return {
    RouteTableId: rt.id, VpcId: rt.vpcId, OwnerId: rt.ownerId,
    Associations: rt.associations.map((a) => ({
      Main: a.main, RouteTableAssociationId: a.associationId, RouteTableId: rt.id,
      ...(a.subnetId !== undefined ? { SubnetId: a.subnetId } : {}),
      ...(a.gatewayId !== undefined ? { GatewayId: a.gatewayId } : {}),
      AssociationState: { State: 'associated' },
    })),
    Routes: rt.routes.map((r) => routeToWire(env, rt, r)),
    PropagatingVgws: (rt.propagatingVgwIds ?? []).map((id) => ({ GatewayId: id })),
    Tags: wireTags(rt.tags),
  };
}

/** AWS: DescribeRouteTables filters ("DescribeRouteTables" API reference). */
function routeTableFilters(env: RouteEnv): FilterTable<RouteTable> {
  const routes = (rt: RouteTable): WRoute[] => rt.routes.map((r) => routeToWire(env, rt, r));
  return {
    'association.gateway-id': (rt) => rt.associations.map((a) => a.gatewayId),
    'association.route-table-association-id': (rt) => rt.associations.map((a) => a.associationId),
    'association.route-table-id': (rt) => (rt.associations.length > 0 ? rt.id : undefined),
    'association.subnet-id': (rt) => rt.associations.map((a) => a.subnetId),
    // AWS: `association.main=false` also matches tables with no main association.
    'association.main': (rt) => rt.associations.some((a) => a.main),
    'owner-id': (rt) => rt.ownerId,
    'route-table-id': (rt) => rt.id,
    'route.destination-cidr-block': (rt) => routes(rt).map((r) => r.DestinationCidrBlock),
    'route.destination-ipv6-cidr-block': (rt) => routes(rt).map((r) => r.DestinationIpv6CidrBlock),
    'route.destination-prefix-list-id': (rt) => routes(rt).map((r) => r.DestinationPrefixListId),
    'route.egress-only-internet-gateway-id': (rt) => routes(rt).map((r) => r.EgressOnlyInternetGatewayId),
    'route.gateway-id': (rt) => routes(rt).map((r) => r.GatewayId),
    'route.instance-id': (rt) => routes(rt).map((r) => r.InstanceId),
    'route.nat-gateway-id': (rt) => routes(rt).map((r) => r.NatGatewayId),
    'route.transit-gateway-id': () => undefined,
    'route.origin': (rt) => routes(rt).map((r) => r.Origin),
    'route.state': (rt) => routes(rt).map((r) => r.State),
    'route.vpc-peering-connection-id': (rt) => routes(rt).map((r) => r.VpcPeeringConnectionId),
    'vpc-id': (rt) => rt.vpcId,
  };
}

function destinationOf(input: { DestinationCidrBlock?: string | undefined; DestinationIpv6CidrBlock?: string | undefined; DestinationPrefixListId?: string | undefined }): DestinationArgs {
  return { cidr: input.DestinationCidrBlock, ipv6Cidr: input.DestinationIpv6CidrBlock, prefixListId: input.DestinationPrefixListId };
}

function targetOf(input: WCreateRouteRequest | WReplaceRouteRequest): TargetArgs {
  const unsupported: { param: string; value: string }[] = [];
  const add = (param: string, value: string | undefined): void => { if (value !== undefined) unsupported.push({ param, value }); };
  add('transitGatewayId', input.TransitGatewayId);
  add('localGatewayId', input.LocalGatewayId);
  add('carrierGatewayId', input.CarrierGatewayId);
  add('coreNetworkArn', input.CoreNetworkArn);
  add('odbNetworkArn', input.OdbNetworkArn);
  return {
    gatewayId: input.GatewayId, natGatewayId: input.NatGatewayId, vpcPeeringConnectionId: input.VpcPeeringConnectionId,
    networkInterfaceId: input.NetworkInterfaceId, instanceId: input.InstanceId, vpcEndpointId: input.VpcEndpointId,
    egressOnlyInternetGatewayId: input.EgressOnlyInternetGatewayId,
    unsupported,
    ...('LocalTarget' in input && input.LocalTarget !== undefined ? { localTarget: input.LocalTarget } : {}),
  };
}

export const routeTableHandlers: HandlerTable = {
  CreateRouteTable(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'route-table');
    const rt = ctx.write((p, tx) => idempotent(p, { operation: 'CreateRouteTable', token: input.ClientToken, input },
      (id) => p.get('routeTable', id),
      () => { const made = createUserRouteTable(tx, p, input.VpcId, tags); return { resultId: made.id, result: made }; }).result);
    return { RouteTable: routeTableToWire(readRouteEnv(ctx), rt), ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  },
  DeleteRouteTable(ctx, input) {
    ctx.write((p) => deleteRouteTable(p, input.RouteTableId));
    return {};
  },
  DescribeRouteTables(ctx, input) {
    const env = readRouteEnv(ctx);
    const page = describe(env.view, 'routeTable', { ids: input.RouteTableIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, routeTableFilters(env));
    return { RouteTables: page.items.map((rt) => routeTableToWire(env, rt)), NextToken: page.nextToken };
  },
  AssociateRouteTable(ctx, input) {
    // Public IPv4 pools (BYOIP) are not modelled: a named pool does not exist.
    if (input.PublicIpv4Pool !== undefined) throw ec2Errors.notFound('InvalidPublicIpv4PoolID.NotFound', `The public IPv4 pool ID '${input.PublicIpv4Pool}' does not exist`);
    const a = ctx.write((p, tx) => associateRouteTable(tx, p, input.RouteTableId, { subnetId: input.SubnetId, gatewayId: input.GatewayId }));
    return { AssociationId: a.associationId, AssociationState: { State: 'associated' } };
  },
  DisassociateRouteTable(ctx, input) {
    ctx.write((p) => disassociateRouteTable(p, input.AssociationId));
    return {};
  },
  ReplaceRouteTableAssociation(ctx, input) {
    const a = ctx.write((p, tx) => replaceRouteTableAssociation(tx, p, input.AssociationId, input.RouteTableId));
    return { NewAssociationId: a.associationId, AssociationState: { State: 'associated' } };
  },
  CreateRoute(ctx, input) {
    ctx.write((p, tx) => createRoute(p, writeRouteEnv(p, tx), input.RouteTableId, destinationOf(input), targetOf(input)));
    return { Return: true };
  },
  ReplaceRoute(ctx, input) {
    ctx.write((p, tx) => replaceRoute(p, writeRouteEnv(p, tx), input.RouteTableId, destinationOf(input), targetOf(input)));
    return {};
  },
  EnableVgwRoutePropagation(ctx, input) {
    ctx.write((p) => enableVgwRoutePropagation(p, input.RouteTableId, input.GatewayId));
    return {};
  },
  DisableVgwRoutePropagation(ctx, input) {
    ctx.write((p) => disableVgwRoutePropagation(p, input.RouteTableId, input.GatewayId));
    return {};
  },
  DeleteRoute(ctx, input) {
    ctx.write((p) => deleteRoute(p, input.RouteTableId, destinationOf(input)));
    return {};
  },
};
