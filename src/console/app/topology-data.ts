/**
 * @module What a topology drawing shows, read through the EC2 API: a VPC (and the VPCs peered with it in the same
 * account and Region), its subnets, route tables, gateways, endpoints, interface endpoints' network interfaces,
 * and optionally its instances. Nothing is inferred here: the drawing shows what the Describe calls answer.
 */
import { describeAll, filterParams, type Scope } from './api.js';
import { endpointFrom, routeTableFrom, subnetFrom, vpcFrom, type Endpoint, type RouteTable, type Subnet, type Vpc } from './model.js';
import {
  instancesFrom, internetGatewayFrom, natGatewayFrom, networkInterfaceFrom, peeringFrom, vpnGatewayFrom,
  type Gateway, type Instance, type NatGateway, type NetworkInterface, type Peering,
} from './topology-model.js';

export interface TopologyData {
  readonly scope: Scope;
  /** The VPC asked for first, then its peers drawn with it. */
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  readonly endpoints: readonly Endpoint[];
  readonly natGateways: readonly NatGateway[];
  readonly gateways: readonly Gateway[];
  readonly peerings: readonly Peering[];
  readonly interfaces: readonly NetworkInterface[];
  readonly instances: readonly Instance[];
  /** The network interfaces of the drawn instances: a step at one of them is drawn at its instance. */
  readonly instanceInterfaces: ReadonlyMap<string, string>;
}

export interface TopologyOptions {
  /** Draw the VPCs peered with this one (same account and Region) too. */
  readonly peers: boolean;
  /** Draw every instance; otherwise only those named in `alsoShow`. */
  readonly instances: boolean;
  /** Instances and network interfaces to draw whatever `instances` says (a traced path's). */
  readonly alsoShow?: ReadonlySet<string>;
}

/** One collator for every sort (localeCompare with options builds one per comparison: slow for 1,000 subnets). */
const numeric = new Intl.Collator(undefined, { numeric: true });

const LIVE_PEERING = new Set(['active', 'pending-acceptance', 'provisioning', 'initiating-request']);

async function peeringsOf(scope: Scope, vpcIds: readonly string[]): Promise<Peering[]> {
  const [asRequester, asAccepter] = await Promise.all([
    describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet', filterParams({ 'requester-vpc-info.vpc-id': vpcIds })),
    describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet', filterParams({ 'accepter-vpc-info.vpc-id': vpcIds })),
  ]);
  const byId = new Map<string, Peering>();
  for (const p of [...asRequester, ...asAccepter].map(peeringFrom)) if (LIVE_PEERING.has(p.status)) byId.set(p.id, p);
  return [...byId.values()];
}

/** The parts both views (one VPC and its peers, the whole Region) draw alike, from the Describe answers. */
function drawnParts(answers: { readonly subnets: Element[]; readonly rts: Element[]; readonly eps: Element[]; readonly nats: Element[]; readonly igws: Element[]; readonly vgws: Element[]; readonly enis: Element[] }) {
  const endpoints = answers.eps.map(endpointFrom).filter((e) => e.state !== 'deleted');
  return {
    endpointEnis: new Set(endpoints.flatMap((e) => e.eniIds)),
    allEnis: answers.enis.map(networkInterfaceFrom),
    /** What both views draw as it is (the Region view filters `gateways` further). */
    drawn: {
      endpoints,
      subnets: answers.subnets.map(subnetFrom).sort((a, b) => numeric.compare(a.az, b.az) || numeric.compare(a.cidr, b.cidr)),
      routeTables: answers.rts.map(routeTableFrom),
      natGateways: answers.nats.map(natGatewayFrom).filter((n) => n.state !== 'deleted'),
      gateways: [...answers.igws.map(internetGatewayFrom), ...answers.vgws.map(vpnGatewayFrom).filter((g) => g.state !== 'deleted')],
    },
  };
}

/** Each drawn instance's interfaces, by interface id (they are drawn as the instance). */
function interfacesOfInstances(enis: readonly { readonly id: string; readonly instanceId: string }[], shown: ReadonlySet<string>): Map<string, string> {
  return new Map(enis.filter((n) => shown.has(n.instanceId)).map((n) => [n.id, n.instanceId]));
}

/** Undefined when the VPC does not exist in the scope. */
export async function loadTopology(scope: Scope, vpcId: string, opts: TopologyOptions): Promise<TopologyData | undefined> {
  let peerings = await peeringsOf(scope, [vpcId]);
  const ids = [vpcId];
  if (opts.peers) {
    for (const p of peerings) {
      for (const s of [p.requester, p.accepter]) {
        const local = s.owner === scope.account && (s.region === '' || s.region === scope.region);
        if (local && !ids.includes(s.vpcId)) ids.push(s.vpcId);
      }
    }
    if (ids.length > 1) peerings = await peeringsOf(scope, ids);
  }
  const byVpc = filterParams({ 'vpc-id': ids });
  const [vpcs, subnets, rts, eps, nats, igws, vgws, enis, reservations] = await Promise.all([
    describeAll(scope, 'DescribeVpcs', 'vpcSet', byVpc),
    describeAll(scope, 'DescribeSubnets', 'subnetSet', byVpc),
    describeAll(scope, 'DescribeRouteTables', 'routeTableSet', byVpc),
    describeAll(scope, 'DescribeVpcEndpoints', 'vpcEndpointSet', byVpc),
    describeAll(scope, 'DescribeNatGateways', 'natGatewaySet', byVpc),
    describeAll(scope, 'DescribeInternetGateways', 'internetGatewaySet', filterParams({ 'attachment.vpc-id': ids })),
    describeAll(scope, 'DescribeVpnGateways', 'vpnGatewaySet', filterParams({ 'attachment.vpc-id': ids })),
    describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet', byVpc),
    opts.instances || (opts.alsoShow?.size ?? 0) > 0 ? describeAll(scope, 'DescribeInstances', 'reservationSet', byVpc) : Promise.resolve([]),
  ]);
  const vpcList = vpcs.map(vpcFrom).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  if (!vpcList.some((v) => v.id === vpcId)) return undefined;
  const { endpointEnis, allEnis, drawn } = drawnParts({ subnets, rts, eps, nats, igws, vgws, enis });
  // An interface asked for is drawn as its instance when it has one.
  const show = new Set(opts.alsoShow ?? []);
  for (const n of allEnis) if (show.has(n.id) && n.instanceId !== '') show.add(n.instanceId);
  const instances = instancesFrom(reservations).filter((i) => i.state !== 'terminated' && (opts.instances || show.has(i.id)));
  const shownInstances = new Set(instances.map((i) => i.id));
  return {
    scope,
    vpcs: vpcList,
    ...drawn,
    peerings,
    // An instance's own interfaces are drawn as the instance; other interfaces only when asked for by id.
    interfaces: allEnis.filter((n) => endpointEnis.has(n.id) || (show.has(n.id) && !shownInstances.has(n.instanceId))),
    instances,
    instanceInterfaces: interfacesOfInstances(allEnis, shownInstances),
  };
}

/**
 * Every VPC of the account and Region with everything drawn in it: one call per resource type, unfiltered (each
 * Describe already answers for the whole Region), never one call per VPC.
 */
export async function loadRegionTopology(scope: Scope, opts: { readonly instances: boolean }): Promise<TopologyData> {
  const [vpcs, subnets, rts, eps, nats, igws, vgws, enis, pcxs, reservations] = await Promise.all([
    describeAll(scope, 'DescribeVpcs', 'vpcSet'),
    describeAll(scope, 'DescribeSubnets', 'subnetSet'),
    describeAll(scope, 'DescribeRouteTables', 'routeTableSet'),
    describeAll(scope, 'DescribeVpcEndpoints', 'vpcEndpointSet'),
    describeAll(scope, 'DescribeNatGateways', 'natGatewaySet'),
    describeAll(scope, 'DescribeInternetGateways', 'internetGatewaySet'),
    describeAll(scope, 'DescribeVpnGateways', 'vpnGatewaySet'),
    describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet'),
    describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet'),
    opts.instances ? describeAll(scope, 'DescribeInstances', 'reservationSet') : Promise.resolve([]),
  ]);
  const { endpointEnis, allEnis, drawn } = drawnParts({ subnets, rts, eps, nats, igws, vgws, enis });
  const instances = instancesFrom(reservations).filter((i) => i.state !== 'terminated');
  const shownInstances = new Set(instances.map((i) => i.id));
  const vpcList = vpcs.map(vpcFrom).sort((a, b) => numeric.compare(a.cidr, b.cidr) || numeric.compare(a.id, b.id));
  const vpcIds = new Set(vpcList.map((v) => v.id));
  return {
    scope,
    vpcs: vpcList,
    ...drawn,
    // Gateways detached from every VPC are not part of the network drawn.
    gateways: drawn.gateways.filter((g) => g.vpcIds.some((v) => vpcIds.has(v))),
    peerings: pcxs.map(peeringFrom).filter((p) => LIVE_PEERING.has(p.status)),
    interfaces: allEnis.filter((n) => endpointEnis.has(n.id)),
    instances,
    instanceInterfaces: interfacesOfInstances(allEnis, shownInstances),
  };
}
