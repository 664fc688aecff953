/**
 * @module Routes in a route table: CreateRoute, ReplaceRoute, DeleteRoute, and whether a route is `active` or
 * a `blackhole` because its target is gone.
 * AWS: "Route tables" and "Route table concepts" in the VPC User Guide; CreateRoute/ReplaceRoute/DeleteRoute in
 * the EC2 API Reference.
 */
import { ec2Errors } from '../errors/ec2.js';
import { awsPrefixListById } from './aws-prefix-lists.js';
import { formatCidr, parseCidr } from '../shared/cidr.js';
import { checkIdShape, mustGet } from './lookup.js';
import { effectiveStatus, involvesVpc, type PartitionReader } from './peering.js';
import type { Route, RouteDestination, RouteTable, RouteTarget, VpcPeeringConnection } from './resources.js';
import type { PartitionTx, ReadView } from './world.js';

/** The destination members of CreateRoute/ReplaceRoute/DeleteRoute, in model form. */
export interface DestinationArgs {
  readonly cidr?: string | undefined;
  readonly ipv6Cidr?: string | undefined;
  readonly prefixListId?: string | undefined;
}

/** The target members; exactly one may be given. */
export interface TargetArgs {
  readonly gatewayId?: string | undefined;
  readonly natGatewayId?: string | undefined;
  readonly vpcPeeringConnectionId?: string | undefined;
  readonly networkInterfaceId?: string | undefined;
  readonly instanceId?: string | undefined;
  readonly vpcEndpointId?: string | undefined;
  readonly egressOnlyInternetGatewayId?: string | undefined;
  /** Targets the emulator does not model (transit, local, carrier gateways; core networks). */
  readonly unsupported?: readonly { readonly param: string; readonly value: string }[];
  /** ReplaceRoute `LocalTarget`: restore a local route's target. */
  readonly localTarget?: boolean | undefined;
}

/** What route checks need besides the table's own partition: the global partition and other partitions. */
export interface RouteEnv {
  readonly view: ReadView;
  readonly account: string;
  readonly region: string;
  readonly global: ReadView;
  readonly read: PartitionReader;
  readonly now: number;
}

/** The text AWS uses to name a destination in messages ("The route identified by X"). */
export function destinationText(d: RouteDestination): string {
  return d.type === 'prefixList' ? d.prefixListId : d.cidr;
}

function sameDestination(a: RouteDestination, b: RouteDestination): boolean {
  return a.type === b.type && destinationText(a) === destinationText(b);
}

/** Parse the one destination of a route request. */
export function parseDestination(view: ReadView, args: DestinationArgs): RouteDestination {
  const given = [args.cidr, args.ipv6Cidr, args.prefixListId].filter((x) => x !== undefined).length;
  if (given === 0) throw ec2Errors.missingParameter('destinationCidrBlock or destinationIpv6CidrBlock or destinationPrefixListId');
  if (given > 1) throw ec2Errors.invalidParameterCombination('Only one of destinationCidrBlock, destinationIpv6CidrBlock and destinationPrefixListId may be specified.');
  if (args.cidr !== undefined) {
    const c = parseCidr(args.cidr);
    if (!c || c.family !== 4) throw ec2Errors.invalidCidr('destinationCidrBlock', args.cidr);
    return { type: 'cidr', cidr: formatCidr(c) };
  }
  if (args.ipv6Cidr !== undefined) {
    const c = parseCidr(args.ipv6Cidr);
    if (!c || c.family !== 6) throw ec2Errors.invalidCidr('destinationIpv6CidrBlock', args.ipv6Cidr);
    return { type: 'ipv6Cidr', cidr: formatCidr(c) };
  }
  return { type: 'prefixList', prefixListId: args.prefixListId! };
}

/**
 * Hook for the VPC endpoint work. A gateway endpoint's routes (origin `CreateVpcEndpoint`, target `vpce-`) are
 * owned by the endpoint. AWS ("Gateway endpoints"): they cannot be created, replaced or deleted through
 * CreateRoute/ReplaceRoute/DeleteRoute, only by changing the endpoint's route tables.
 */
export function isEndpointRoute(route: Route): boolean {
  return route.origin === 'CreateVpcEndpoint' || (route.target.type === 'vpcEndpoint' && route.origin !== 'CreateRoute');
}

/**
 * An endpoint record, read loosely by ID so this module does not depend on the endpoint kind's shape.
 * Returns whether it is a gateway endpoint, or undefined when no endpoint has that ID.
 */
function findEndpoint(view: ReadView, id: string): { readonly gateway: boolean; readonly vpcId?: string } | undefined {
  const r = view.find(id) as unknown as { kind?: string; vpcId?: string; endpointType?: string; vpcEndpointType?: string; type?: string } | undefined;
  if (!r || r.kind !== 'vpcEndpoint') return undefined;
  const type = (r.endpointType ?? r.vpcEndpointType ?? r.type ?? '').toLowerCase();
  return { gateway: type === 'gateway', ...(r.vpcId !== undefined ? { vpcId: r.vpcId } : {}) };
}

function endpointRouteError(what: string): Error {
  return ec2Errors.invalidParameter(`${what}: routes of a gateway VPC endpoint are managed by the endpoint; modify the endpoint's route tables instead.`);
}

function differentNetworks(rt: RouteTable, noun: string, id: string): Error {
  return ec2Errors.invalidParameterValue(`route table ${rt.id} and ${noun} ${id} belong to different networks`);
}

const TARGET_PARAMS = 'gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, carrierGatewayId, vpcEndpointId, coreNetworkArn or instanceId';

const UNSUPPORTED_NOT_FOUND: Readonly<Record<string, readonly [string, string]>> = {
  transitGatewayId: ['InvalidTransitGatewayID.NotFound', 'transitGateway ID'],
  localGatewayId: ['InvalidLocalGatewayID.NotFound', 'localGateway ID'],
  carrierGatewayId: ['InvalidCarrierGatewayID.NotFound', 'carrierGateway ID'],
  coreNetworkArn: ['InvalidParameterValue', 'core network'],
  odbNetworkArn: ['InvalidParameterValue', 'ODB network'],
};

/** Resolve and check the one target of a route in table `rt`. AWS: "You must specify exactly one of the resources". */
export function resolveTarget(env: RouteEnv, rt: RouteTable, args: TargetArgs): RouteTarget {
  const p = env.view;
  const named: [string, string][] = [];
  const add = (k: string, v: string | undefined): void => { if (v !== undefined) named.push([k, v]); };
  add('gatewayId', args.gatewayId); add('natGatewayId', args.natGatewayId); add('vpcPeeringConnectionId', args.vpcPeeringConnectionId);
  add('networkInterfaceId', args.networkInterfaceId); add('instanceId', args.instanceId); add('vpcEndpointId', args.vpcEndpointId);
  add('egressOnlyInternetGatewayId', args.egressOnlyInternetGatewayId);
  for (const u of args.unsupported ?? []) add(u.param, u.value);
  if (args.localTarget === true) {
    if (named.length > 0) throw ec2Errors.invalidParameterCombination(`localTarget cannot be combined with ${named.map(([k]) => k).join(', ')}.`);
    return { type: 'local' };
  }
  if (named.length === 0) throw ec2Errors.missingParameter(`exactly one of ${TARGET_PARAMS}`);
  if (named.length > 1) throw ec2Errors.invalidParameterCombination(`The request must contain exactly one of ${TARGET_PARAMS}; got ${named.map(([k]) => k).join(', ')}.`);
  const [param, id] = named[0]!;
  switch (param) {
    case 'gatewayId': return resolveGateway(env, rt, id);
    case 'natGatewayId': {
      const nat = p.get('natGateway', id);
      if (!nat || nat.state === 'deleted' || nat.state === 'deleting' || nat.state === 'failed') {
        throw ec2Errors.notFound('InvalidNatGatewayID.NotFound', `The natGateway ID '${id}' does not exist`);
      }
      if (nat.vpcId !== rt.vpcId) throw differentNetworks(rt, 'nat gateway', id);
      return { type: 'natGateway', id };
    }
    case 'vpcPeeringConnectionId': {
      const pcx = env.global.get('vpcPeeringConnection', id);
      const status = pcx ? effectiveStatus(pcx, env.now, env.read).status : undefined;
      if (!pcx || !involvesAccount(pcx, env) || !(status === 'active' || status === 'pending-acceptance')) {
        throw ec2Errors.notFound('InvalidVpcPeeringConnectionID.NotFound', `The vpcPeeringConnection ID '${id}' does not exist`);
      }
      // AWS: the peering connection must be one of the route table's VPC.
      if (!involvesVpc(pcx, env.account, env.region, rt.vpcId)) throw differentNetworks(rt, 'peering connection', id);
      return { type: 'vpcPeeringConnection', id };
    }
    case 'networkInterfaceId': {
      const eni = mustGet(p, 'networkInterface', id);
      if (eni.vpcId !== rt.vpcId) throw differentNetworks(rt, 'interface', id);
      return { type: 'networkInterface', id };
    }
    case 'instanceId': {
      const inst = mustGet(p, 'instance', id);
      if (inst.state === 'terminated') throw ec2Errors.custom('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be used as a route target.`);
      if (inst.vpcId !== rt.vpcId) throw differentNetworks(rt, 'instance', id);
      return { type: 'instance', id };
    }
    case 'vpcEndpointId': {
      const ep = findEndpoint(p, id);
      if (!ep) throw ec2Errors.notFound('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${id}' does not exist`);
      // AWS (CreateRoute VpcEndpointId): "Supported for Gateway Load Balancer endpoints only."
      if (ep.gateway) throw endpointRouteError(`Route target ${id}`);
      if (ep.vpcId !== undefined && ep.vpcId !== rt.vpcId) throw differentNetworks(rt, 'vpc endpoint', id);
      return { type: 'vpcEndpoint', id };
    }
    case 'egressOnlyInternetGatewayId': {
      const g = p.get('egressOnlyInternetGateway', id);
      if (!g) throw ec2Errors.notFound('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);
      if (g.vpcId !== rt.vpcId) throw differentNetworks(rt, 'network gateway', id);
      return { type: 'egressOnlyInternetGateway', id };
    }
    default: {
      const [code, noun] = UNSUPPORTED_NOT_FOUND[param] ?? ['InvalidParameterValue', param];
      if (code === 'InvalidParameterValue') throw ec2Errors.invalidParameterValue(`Value (${id}) for parameter ${param} is invalid. The ${noun} does not exist.`);
      throw ec2Errors.notFound(code, `The ${noun} '${id}' does not exist`);
    }
  }
}

function involvesAccount(pcx: VpcPeeringConnection, env: RouteEnv): boolean {
  return [pcx.requester, pcx.accepter].some((s) => s.ownerId === env.account && s.region === env.region);
}

/** `GatewayId` names an internet gateway, a virtual private gateway, or (refused) a gateway endpoint. */
function resolveGateway(env: RouteEnv, rt: RouteTable, id: string): RouteTarget {
  const p = env.view;
  const igw = p.get('internetGateway', id);
  if (igw) {
    // AWS: the internet gateway must be attached to the route table's VPC.
    if (igw.attachedVpcId !== rt.vpcId) throw differentNetworks(rt, 'network gateway', id);
    return { type: 'internetGateway', id };
  }
  const vgw = p.get('vpnGateway', id);
  if (vgw && vgw.state !== 'deleted') {
    if (vgw.attachedVpcId !== rt.vpcId) throw differentNetworks(rt, 'network gateway', id);
    return { type: 'vpnGateway', id };
  }
  const ep = findEndpoint(p, id);
  if (ep) throw endpointRouteError(`Route target ${id}`);
  // AWS: any other ID in GatewayId (including a NAT gateway's or an interface's) is `InvalidGatewayID.NotFound`.
  throw ec2Errors.notFound('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);
}

/** Refuse a prefix-list destination that is not a customer-managed list here, or that belongs to a gateway endpoint. */
function checkPrefixListDestination(p: ReadView, rt: RouteTable, d: RouteDestination, op: string): void {
  if (d.type !== 'prefixList') return;
  const owned = rt.routes.find((r) => sameDestination(r.destination, d) && isEndpointRoute(r));
  if (owned) throw endpointRouteError(`${op} ${d.prefixListId}`);
  // AWS ("Gateway endpoints"): an AWS-managed service prefix list becomes a route destination only through a gateway endpoint.
  if ((op === 'CreateRoute' || op === 'ReplaceRoute') && awsPrefixListById(d.prefixListId)) {
    throw ec2Errors.invalidParameterValue(`The prefix list ${d.prefixListId} is an AWS-managed prefix list; routes to it are created by associating the route table with a gateway VPC endpoint.`);
  }
  if (op === 'CreateRoute' || op === 'ReplaceRoute') mustGet(p, 'managedPrefixList', d.prefixListId);
}

/** The address family of a destination (a prefix list's own family). */
function destinationFamily(view: ReadView, d: RouteDestination): 4 | 6 {
  if (d.type === 'cidr') return 4;
  if (d.type === 'ipv6Cidr') return 6;
  return view.get('managedPrefixList', d.prefixListId)?.addressFamily === 'IPv6' ? 6 : 4;
}

/**
 * AWS (CreateRoute `EgressOnlyInternetGatewayId`: "[IPv6 traffic only]"; "Route table concepts"): an egress-only
 * internet gateway takes IPv6 destinations only, and a NAT gateway IPv4 ones (its NAT64 is for `64:ff9b::/96`).
 */
function checkTargetFamily(view: ReadView, d: RouteDestination, t: RouteTarget): void {
  const family = destinationFamily(view, d);
  if (t.type === 'egressOnlyInternetGateway' && family !== 6) {
    throw ec2Errors.invalidParameterValue(`Route destination ${destinationText(d)} is not an IPv6 CIDR block; an egress-only internet gateway (${t.id}) supports IPv6 destinations only.`);
  }
  if (t.type === 'natGateway' && family === 6 && !(d.type === 'ipv6Cidr' && d.cidr === '64:ff9b::/96')) {
    throw ec2Errors.invalidParameterValue(`Route destination ${destinationText(d)} is not supported by a NAT gateway; for IPv6 only the DNS64 prefix 64:ff9b::/96 can target a NAT gateway.`);
  }
}

function isLocal(r: Route): boolean {
  return r.origin === 'CreateRouteTable';
}

export function createRoute(p: PartitionTx, env: RouteEnv, routeTableId: string, dest: DestinationArgs, target: TargetArgs): RouteTable {
  const rt = mustGet(p, 'routeTable', routeTableId);
  const d = parseDestination(p, dest);
  checkPrefixListDestination(p, rt, d, 'CreateRoute');
  if (target.localTarget !== undefined) throw ec2Errors.invalidParameter('localTarget is only valid for ReplaceRoute.');
  const t = resolveTarget(env, rt, target);
  checkTargetFamily(p, d, t);
  if (rt.routes.some((r) => sameDestination(r.destination, d))) {
    throw ec2Errors.custom('RouteAlreadyExists', `The route identified by ${destinationText(d)} already exists.`);
  }
  return p.put({ ...rt, routes: [...rt.routes, { destination: d, target: t, origin: 'CreateRoute' as const }] });
}

/**
 * Replace the target of an existing route. AWS ("Replace or restore the target for a local route"): a local
 * route's target may be replaced by a network interface or a Gateway Load Balancer endpoint and later restored
 * with `LocalTarget`; any other target for it is refused.
 */
export function replaceRoute(p: PartitionTx, env: RouteEnv, routeTableId: string, dest: DestinationArgs, target: TargetArgs): RouteTable {
  const rt = mustGet(p, 'routeTable', routeTableId);
  const d = parseDestination(p, dest);
  checkPrefixListDestination(p, rt, d, 'ReplaceRoute');
  const index = rt.routes.findIndex((r) => sameDestination(r.destination, d));
  if (index < 0) {
    throw ec2Errors.invalidParameterValue(`There is no route defined for '${destinationText(d)}' in the route table. Use CreateRoute instead.`);
  }
  const old = rt.routes[index]!;
  const t = resolveTarget(env, rt, target);
  checkTargetFamily(p, d, t);
  if (isLocal(old)) {
    if (t.type !== 'local' && t.type !== 'networkInterface' && t.type !== 'vpcEndpoint') {
      throw ec2Errors.invalidParameterValue(`The local route ${destinationText(d)} in route table ${rt.id} can only target a network interface or a Gateway Load Balancer endpoint.`);
    }
  } else if (t.type === 'local') {
    throw ec2Errors.invalidParameterValue(`The route ${destinationText(d)} in route table ${rt.id} is not a local route; localTarget cannot be used.`);
  }
  const routes = [...rt.routes];
  routes[index] = { ...old, target: t };
  return p.put({ ...rt, routes });
}

/** AWS: the local route cannot be deleted; a route must match the destination exactly. */
export function deleteRoute(p: PartitionTx, routeTableId: string, dest: DestinationArgs): RouteTable {
  const rt = mustGet(p, 'routeTable', routeTableId);
  const d = parseDestination(p, dest);
  checkPrefixListDestination(p, rt, d, 'DeleteRoute');
  const route = rt.routes.find((r) => sameDestination(r.destination, d));
  if (!route) throw ec2Errors.notFound('InvalidRoute.NotFound', `The route identified by ${destinationText(d)} does not exist.`);
  if (isLocal(route)) throw ec2Errors.invalidParameterValue(`cannot remove local route ${destinationText(d)} in route table ${rt.id}`);
  return p.put({ ...rt, routes: rt.routes.filter((r) => r !== route) });
}

/** Check a route-table ID shape early (used by handlers before any other check). */
export function checkRouteTableId(id: string): void {
  checkIdShape('routeTable', id);
}

/**
 * A route's state. AWS: `blackhole` when the target is gone or unusable (NAT gateway deleted, internet or virtual
 * private gateway detached or deleted, interface or instance deleted or terminated, peering connection not active).
 */
export function routeState(env: RouteEnv, rt: RouteTable, route: Route): 'active' | 'blackhole' {
  const t = route.target;
  const p = env.view;
  switch (t.type) {
    case 'local': return 'active';
    case 'internetGateway': return p.get('internetGateway', t.id)?.attachedVpcId === rt.vpcId ? 'active' : 'blackhole';
    case 'egressOnlyInternetGateway': return p.get('egressOnlyInternetGateway', t.id) ? 'active' : 'blackhole';
    case 'vpnGateway': {
      const g = p.get('vpnGateway', t.id);
      return g && g.state !== 'deleted' && g.attachedVpcId === rt.vpcId ? 'active' : 'blackhole';
    }
    case 'natGateway': return p.get('natGateway', t.id)?.state === 'available' ? 'active' : 'blackhole';
    case 'networkInterface': return p.get('networkInterface', t.id) ? 'active' : 'blackhole';
    case 'instance': {
      const i = p.get('instance', t.id);
      return i && (i.state === 'running' || i.state === 'pending') ? 'active' : 'blackhole';
    }
    case 'vpcPeeringConnection': {
      const pcx = env.global.get('vpcPeeringConnection', t.id);
      return pcx && effectiveStatus(pcx, env.now, env.read).status === 'active' ? 'active' : 'blackhole';
    }
    case 'vpcEndpoint': return p.find(t.id) ? 'active' : 'blackhole';
  }
}
