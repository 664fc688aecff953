/**
 * @module The one place that turns model records into evaluation structures (`NetworkView`). Compiled per
 * account+Region partition on first use and kept by `World.version`; route tables, ACLs and security groups are
 * compiled one by one on their first lookup (a trace needs a few of a partition's thousands). After a commit only
 * the route tables, ACLs and security groups whose records changed are dropped (and rebuilt when next looked up),
 * anything else recompiles the partition.
 */
import { formatCidr, parseCidr, type Cidr } from '../shared/cidr.js';
import type { Clock } from '../shared/clock.js';
import { PrefixTrie } from '../shared/prefix-trie.js';
import { effectiveStatus } from '../model/peering.js';
import { allAwsPrefixLists, awsPrefixListById } from '../model/aws-prefix-lists.js';
import { currentEntries } from '../model/prefix-list.js';
import { vpcNameServers } from '../model/dhcp-options.js';
import { routeState, type RouteEnv } from '../model/routes.js';
import type {
  EgressOnlyInternetGateway, InternetGateway, Kind, NatGateway, NetworkAcl, NetworkAclEntry, Resource, RouteTable, SecurityGroup, SecurityGroupRule,
  Subnet, Vpc, VpcEndpoint, VpcEndpointService, LoadBalancer, Listener, TargetGroup, VpcPeeringConnection, VpnGateway,
} from '../model/resources.js';
import { GLOBAL, partitionKey, type ReadView, type World } from '../model/world.js';
import {
  ipKey, ROUTE_PRIORITY, type CompiledAcl, type CompiledAclEntry, type CompiledEni, type CompiledPartition, type CompiledPeer,
  type CompiledRoute, type CompiledRouteTable, type CompiledSecurityGroup, type CompiledSgRule, type NetworkView, type RoutePriority,
} from './network-view.js';
import { LazyCompiled } from './lazy-compiled.js';

/** Resolves an AWS-managed prefix list (`pl-...` of S3, DynamoDB, ...) to its CIDRs; undefined when unknown. */
export type AwsPrefixListResolver = (prefixListId: string) => readonly string[] | undefined;

/** The built-in resolver: the AWS-managed S3 and DynamoDB lists of `model/aws-prefix-lists.ts`, in every Region. */
export const defaultAwsPrefixListCidrs: AwsPrefixListResolver = (id) => awsPrefixListById(id)?.cidrs;

export interface CompileOptions {
  /**
   * Resolves AWS-managed lists; defaults to `defaultAwsPrefixListCidrs`, so gateway endpoint routes (`pl- -> vpce-`)
   * expand to the service's CIDRs. A resolver returning undefined leaves a list unexpanded (`unresolvedPrefixLists`).
   */
  readonly awsPrefixListCidrs?: AwsPrefixListResolver;
  /** Time for route state and peering expiry; defaults to the world's clock. */
  readonly clock?: Clock;
  /**
   * A monotonic clock in milliseconds (`performance.now`) for `CompileStats.compileMs`: the benchmark passes one to
   * split compile time from trace time. Without it nothing is timed.
   */
  readonly timer?: () => number;
}

/** Counters for tests and the benchmark. */
export interface CompileStats {
  fullCompiles: number;
  incrementalUpdates: number;
  /** Records (route tables, ACLs, groups) the last incremental update replaced (each rebuilt on its next lookup). */
  lastRebuilt: number;
  /** Route tables, ACLs and security groups compiled so far (each on its first lookup after a compile or a change). */
  readonly compiled: { routeTable: number; networkAcl: number; securityGroup: number };
  /** Milliseconds spent compiling (partitions, and tables, ACLs and groups on lookup); counted only with `timer`. */
  compileMs: number;
}

/** The kinds a compiled partition depends on; a change to any other kind (tags, client tokens) is ignored. */
const WATCHED: readonly Kind[] = [
  'vpc', 'subnet', 'routeTable', 'networkAcl', 'securityGroup', 'networkInterface', 'instance', 'internetGateway',
  'egressOnlyInternetGateway',
  'natGateway', 'vpnGateway', 'address', 'managedPrefixList', 'vpcEndpoint', 'vpcEndpointService',
  'loadBalancer', 'listener', 'targetGroup', 'dhcpOptions',
];
/** Kinds whose change is absorbed by rebuilding just the changed records. */
const LOCAL_KINDS: ReadonlySet<Kind> = new Set<Kind>(['routeTable', 'networkAcl', 'securityGroup']);

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { '-1': -1, tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

/** IP protocol number of a stored protocol text (`tcp`, `6`, `-1`, ...). */
export function protocolNumber(text: string): number {
  return PROTOCOL_NUMBERS[text] ?? Number(text);
}

interface Ctx {
  readonly world: World;
  readonly options: CompileOptions;
  readonly now: number;
}

/** The mutable form behind a `CompiledPartition`, with the record references it was built from. */
interface PartitionState {
  compiled: MutablePartition;
  /** Id -> the record compiled from it. */
  snapshot: Map<string, Resource>;
  /** The same records as a set: the change scan tests identity, which is cheaper than a lookup by id. */
  records: Set<Resource>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyMap<infer A, infer B> ? Map<A, B> : T[K] };
type LazyKeys = 'routeTables' | 'acls' | 'securityGroups';
type MutablePartition = Omit<Mutable<CompiledPartition>, LazyKeys | 'routeTableRecords'> & {
  readonly routeTableRecords: ReadonlyMap<string, RouteTable>;
  routeTables: LazyCompiled<RouteTable, CompiledRouteTable>;
  acls: LazyCompiled<NetworkAcl, CompiledAcl>;
  securityGroups: LazyCompiled<SecurityGroup, CompiledSecurityGroup>;
};

/** The counters the lazy maps report their compiles to. */
type CompileCounts = Pick<CompileStats, 'compiled' | 'compileMs'>;

/** Run `fn`, adding its duration to `counts.compileMs` when the options carry a timer. */
function timed<T>(ctx: Ctx, counts: CompileCounts, fn: () => T): T {
  const timer = ctx.options.timer;
  if (!timer) return fn();
  const start = timer();
  try { return fn(); } finally { counts.compileMs += timer() - start; }
}

function routePriority(rt: RouteTable['routes'][number]): RoutePriority {
  if (rt.origin === 'CreateRouteTable') return 'local';
  if (rt.origin === 'EnableVgwRoutePropagation') return 'propagated';
  if (rt.destination.type === 'prefixList') return 'prefixList';
  return 'static';
}

/** Equal prefix: local, then static, then prefix-list, then propagated; then table order. */
function byPriority(a: CompiledRoute, b: CompiledRoute): number {
  return ROUTE_PRIORITY[a.priority] - ROUTE_PRIORITY[b.priority] || a.index - b.index;
}

function routeEnv(ctx: Ctx, view: ReadView, account: string, region: string): RouteEnv {
  return {
    view, account, region, now: ctx.now,
    global: ctx.world.partition(GLOBAL),
    read: (a, r) => ctx.world.partition(partitionKey(a, r)),
  };
}

/** CIDRs of a prefix list: a customer-managed list's current version, else the injected AWS resolver. */
function prefixListCidrs(ctx: Ctx, view: ReadView, id: string): Cidr[] | undefined {
  const pl = view.get('managedPrefixList', id);
  let texts = pl ? currentEntries(pl).map((e) => e.cidr) : (ctx.options.awsPrefixListCidrs ?? defaultAwsPrefixListCidrs)(id);
  // An AWS-managed list imported from a real account (`vpce import`) keeps its real id and ranges; vpce's DNS answers
  // the service's names from its own ranges for the Region, so those count as the list's too.
  if (pl && pl.ownerId === 'AWS' && texts) texts = [...texts, ...(allAwsPrefixLists().find((x) => x.name === pl.name)?.cidrs ?? [])];
  if (!texts) return undefined;
  const out: Cidr[] = [];
  for (const t of texts) {
    const c = parseCidr(t);
    if (c) out.push(c);
  }
  return out;
}

/** Build one table's trie: CIDR routes as they are, prefix-list routes expanded to their current entries. */
export function compileRouteTable(ctx: Ctx, view: ReadView, env: RouteEnv, rt: RouteTable): CompiledRouteTable {
  const trie = new PrefixTrie<CompiledRoute>(byPriority);
  const unresolved: string[] = [];
  const expanded = new Map<string, readonly Cidr[]>();
  rt.routes.forEach((route, index) => {
    const state = routeState(env, rt, route);
    const base = { routeTableId: rt.id, route, destination: route.destination, target: route.target, origin: route.origin, priority: routePriority(route), state, index };
    const d = route.destination;
    if (d.type === 'prefixList') {
      const cidrs = prefixListCidrs(ctx, view, d.prefixListId);
      if (!cidrs) { unresolved.push(d.prefixListId); return; }
      expanded.set(d.prefixListId, cidrs);
      for (const cidr of cidrs) trie.insert(cidr, { ...base, cidr, cidrText: formatCidr(cidr) });
    } else {
      const cidr = parseCidr(d.cidr);
      if (cidr) trie.insert(cidr, { ...base, cidr, cidrText: d.cidr });
    }
  });
  return { record: rt, id: rt.id, vpcId: rt.vpcId, trie, unresolvedPrefixLists: unresolved, prefixLists: expanded };
}

function peerOf(ctx: Ctx, view: ReadView, rule: SecurityGroupRule): CompiledPeer {
  const p = rule.peer;
  switch (p.type) {
    case 'cidr':
    case 'ipv6Cidr':
      return { type: 'cidr', cidr: parseCidr(p.cidr) ?? { family: 4, network: 0n, prefix: 33 }, text: p.cidr };
    case 'group':
      return { type: 'group', groupId: p.groupId, ownerId: p.ownerId, text: p.groupId };
    case 'prefixList':
      return { type: 'prefixList', prefixListId: p.prefixListId, cidrs: prefixListCidrs(ctx, view, p.prefixListId) ?? [], text: p.prefixListId };
  }
}

function ruleText(r: SecurityGroupRule): string {
  const proto = r.protocol === '-1' ? 'all traffic' : r.protocol;
  const ports = r.fromPort === -1 ? '' : r.fromPort === r.toPort ? ` ${r.fromPort}` : ` ${r.fromPort}-${r.toPort}`;
  const peer = r.peer.type === 'group' ? r.peer.groupId : r.peer.type === 'prefixList' ? r.peer.prefixListId : r.peer.cidr;
  return `${r.egress ? 'egress' : 'ingress'} ${proto}${ports} ${r.egress ? 'to' : 'from'} ${peer}`;
}

export function compileSecurityGroup(ctx: Ctx, view: ReadView, sg: SecurityGroup): CompiledSecurityGroup {
  const ingress: CompiledSgRule[] = [];
  const egress: CompiledSgRule[] = [];
  for (const r of sg.rules) {
    const compiled: CompiledSgRule = {
      ruleId: r.ruleId, groupId: sg.id, protocol: protocolNumber(r.protocol), fromPort: r.fromPort, toPort: r.toPort,
      peer: peerOf(ctx, view, r), text: ruleText(r),
    };
    (r.egress ? egress : ingress).push(compiled);
  }
  return { id: sg.id, vpcId: sg.vpcId, ownerId: sg.ownerId, ingress, egress };
}

function aclEntryText(e: NetworkAclEntry): string {
  const proto = e.protocol === '-1' ? 'all' : e.protocol;
  const ports = e.portRange ? ` ports ${e.portRange.from}-${e.portRange.to}` : e.icmp ? ` icmp ${e.icmp.type}/${e.icmp.code}` : '';
  return `#${e.ruleNumber} ${e.egress ? 'outbound' : 'inbound'} ${e.action} ${proto}${ports} ${e.cidrBlock ?? e.ipv6CidrBlock ?? ''}`;
}

export function compileAcl(acl: NetworkAcl): CompiledAcl {
  const inbound: CompiledAclEntry[] = [];
  const outbound: CompiledAclEntry[] = [];
  for (const e of acl.entries) {
    const cidr = parseCidr(e.cidrBlock ?? e.ipv6CidrBlock ?? '');
    if (!cidr) continue;
    const entry: CompiledAclEntry = {
      ruleNumber: e.ruleNumber, action: e.action, protocol: protocolNumber(e.protocol), cidr, text: aclEntryText(e),
      ...(e.portRange ? { portRange: e.portRange } : {}), ...(e.icmp ? { icmp: e.icmp } : {}),
    };
    (e.egress ? outbound : inbound).push(entry);
  }
  // AWS ("Network ACL rules"): rules are evaluated in order, starting with the lowest numbered rule.
  inbound.sort((a, b) => a.ruleNumber - b.ruleNumber);
  outbound.sort((a, b) => a.ruleNumber - b.ruleNumber);
  return { id: acl.id, vpcId: acl.vpcId, inbound, outbound };
}

/** Subnet -> table (explicit association else main) and gateway -> table for one VPC (or all when vpcId is absent). */
function associateTables(c: MutablePartition, view: ReadView, vpcId?: string): void {
  const main = new Map<string, string>();
  const explicit = new Map<string, string>();
  // The tables' records, not their compiled forms: associating compiles nothing.
  const tables = vpcId === undefined ? c.routeTables.sources() : [...view.childrenOf(vpcId, 'routeTable')].map((rt) => c.routeTables.source(rt.id)).filter((t) => t !== undefined);
  if (vpcId !== undefined) c.mainRouteTable.delete(vpcId);
  for (const t of tables) {
    for (const a of t.associations) {
      if (a.main) {
        main.set(t.vpcId, t.id);
        if (!c.mainRouteTable.has(t.vpcId)) c.mainRouteTable.set(t.vpcId, t.id);
      }
      if (a.subnetId !== undefined) explicit.set(a.subnetId, t.id);
      if (a.gatewayId !== undefined) c.gatewayRouteTable.set(a.gatewayId, t.id);
    }
  }
  const subnets = vpcId === undefined ? c.subnets.values() : view.childrenOf(vpcId, 'subnet');
  for (const s of subnets) {
    const id = explicit.get(s.id) ?? main.get(s.vpcId);
    if (id !== undefined) c.subnetRouteTable.set(s.id, id);
    else c.subnetRouteTable.delete(s.id);
  }
}

function associateAcls(c: MutablePartition, view: ReadView, vpcId?: string): void {
  const subnets = vpcId === undefined ? c.subnets.values() : view.childrenOf(vpcId, 'subnet');
  for (const s of subnets) c.subnetAcl.delete(s.id);
  const acls = vpcId === undefined ? view.list('networkAcl') : view.childrenOf(vpcId, 'networkAcl');
  for (const acl of acls) for (const a of acl.associations) c.subnetAcl.set(a.subnetId, acl.id);
}

/** Compile functions for one partition at one moment (`ctx.now`), counted in `counts`. */
function compilers(ctx: Ctx, view: ReadView, account: string, region: string, counts: CompileCounts): {
  routeTable: (rt: RouteTable) => CompiledRouteTable; networkAcl: (acl: NetworkAcl) => CompiledAcl; securityGroup: (sg: SecurityGroup) => CompiledSecurityGroup;
} {
  const env = routeEnv(ctx, view, account, region);
  return {
    routeTable: (rt) => { counts.compiled.routeTable++; return timed(ctx, counts, () => compileRouteTable(ctx, view, env, rt)); },
    networkAcl: (acl) => { counts.compiled.networkAcl++; return timed(ctx, counts, () => compileAcl(acl)); },
    securityGroup: (sg) => { counts.compiled.securityGroup++; return timed(ctx, counts, () => compileSecurityGroup(ctx, view, sg)); },
  };
}

function emptyPartition(account: string, region: string, lazy: Pick<MutablePartition, LazyKeys>): MutablePartition {
  return {
    key: partitionKey(account, region), account, region,
    vpcs: new Map<string, Vpc>(), subnets: new Map<string, Subnet>(), subnetRouteTable: new Map(), subnetAcl: new Map(),
    gatewayRouteTable: new Map(), mainRouteTable: new Map(), routeTables: lazy.routeTables, routeTableRecords: lazy.routeTables.records, acls: lazy.acls, securityGroups: lazy.securityGroups, groupMembers: new Map(),
    enis: new Map(), eniByIp: new Map(), eniByPublicIp: new Map(), instances: new Map(),
    internetGateways: new Map<string, InternetGateway>(), egressOnlyInternetGateways: new Map<string, EgressOnlyInternetGateway>(), natGateways: new Map<string, NatGateway>(),
    vpnGateways: new Map<string, VpnGateway>(), vpcEndpoints: new Map<string, VpcEndpoint>(), vpcCidrs: new Map(), vpcNameServers: new Map(),
    endpointServices: new Map<string, VpcEndpointService>(),
    loadBalancers: new Map<string, LoadBalancer>(), listeners: new Map<string, Listener>(), targetGroups: new Map<string, TargetGroup>(),
  };
}

/** Compile a whole partition. */
export function compilePartition(ctx: Ctx, view: ReadView, account: string, region: string, counts: CompileCounts): PartitionState {
  const compile = compilers(ctx, view, account, region, counts);
  const c = emptyPartition(account, region, {
    routeTables: new LazyCompiled(compile.routeTable), acls: new LazyCompiled(compile.networkAcl), securityGroups: new LazyCompiled(compile.securityGroup),
  });
  const snapshot = new Map<string, Resource>();
  const records = new Set<Resource>();
  for (const kind of WATCHED) for (const r of view.list(kind)) { snapshot.set(r.id, r); records.add(r); }
  for (const v of view.list('vpc')) {
    c.vpcs.set(v.id, v);
    // IPv6 blocks count as the VPC's too: its local route, peering and NAT checks treat both families alike.
    const blocks = [...v.cidrAssociations, ...v.ipv6Associations].filter((a) => a.state === 'associated');
    c.vpcCidrs.set(v.id, blocks.map((a) => parseCidr(a.cidrBlock)).filter((x): x is Cidr => x !== undefined));
    c.vpcNameServers.set(v.id, vpcNameServers(view, v));
  }
  for (const s of view.list('subnet')) c.subnets.set(s.id, s);
  for (const g of view.list('internetGateway')) c.internetGateways.set(g.id, g);
  for (const g of view.list('egressOnlyInternetGateway')) c.egressOnlyInternetGateways.set(g.id, g);
  for (const g of view.list('natGateway')) c.natGateways.set(g.id, g);
  for (const g of view.list('vpnGateway')) c.vpnGateways.set(g.id, g);
  for (const svc of view.list('vpcEndpointService')) c.endpointServices.set(svc.id, svc);
  for (const lb of view.list('loadBalancer')) c.loadBalancers.set(lb.id, lb);
  for (const l of view.list('listener')) c.listeners.set(l.id, l);
  for (const tg of view.list('targetGroup')) c.targetGroups.set(tg.id, tg);
  const endpointOfEni = new Map<string, string>();
  for (const e of view.list('vpcEndpoint')) {
    c.vpcEndpoints.set(e.id, e);
    for (const eni of e.networkInterfaceIds) endpointOfEni.set(eni, e.id);
  }
  const eipOfEni = new Map<string, string>();
  // An interface's own public address is the Elastic IP on its primary private address (AWS: outbound traffic from it leaves with that address).
  for (const a of view.list('address')) {
    if (a.networkInterfaceId !== undefined && (a.privateIp === undefined || a.privateIp === view.get('networkInterface', a.networkInterfaceId)?.privateIp)) eipOfEni.set(a.networkInterfaceId, a.publicIp);
  }
  const primaryOf = new Map<string, string>();
  for (const n of view.list('networkInterface')) {
    // AWS ("IPv6-only subnets"): an interface there has no private IPv4 address, only IPv6 ones.
    const privateIps = [...(n.privateIp !== undefined ? [n.privateIp] : []), ...n.secondaryPrivateIps];
    const publicIp = n.publicIp ?? eipOfEni.get(n.id);
    const endpointId = endpointOfEni.get(n.id);
    const eni: CompiledEni = {
      record: n, id: n.id, vpcId: n.vpcId, subnetId: n.subnetId, privateIps,
      ...(publicIp !== undefined ? { publicIp } : {}),
      ...(n.attachment ? { instanceId: n.attachment.instanceId } : {}),
      ...(endpointId !== undefined ? { vpcEndpointId: endpointId } : {}),
    };
    c.enis.set(n.id, eni);
    for (const ip of privateIps) c.eniByIp.set(ipKey(n.vpcId, ip), n.id);
    if (publicIp !== undefined) c.eniByPublicIp.set(publicIp, n.id);
    // AWS ("IPv6 addresses"): an interface's IPv6 addresses are global unicast, reachable inside the VPC and,
    // through an internet gateway, from the internet (no translation).
    for (const ip of n.ipv6Addresses) { c.eniByIp.set(ipKey(n.vpcId, ip), n.id); c.eniByPublicIp.set(ip, n.id); }
    if (n.attachment?.deviceIndex === 0) primaryOf.set(n.attachment.instanceId, n.id);
    for (const g of n.groupIds) {
      let set = c.groupMembers.get(g) as Set<string> | undefined;
      if (!set) { set = new Set(); c.groupMembers.set(g, set); }
      for (const ip of [...privateIps, ...n.ipv6Addresses]) set.add(ip);
    }
  }
  // Every Elastic IP reaches its interface, including those on secondary private addresses.
  for (const a of view.list('address')) if (a.networkInterfaceId !== undefined && c.enis.has(a.networkInterfaceId)) c.eniByPublicIp.set(a.publicIp, a.networkInterfaceId);
  for (const i of view.list('instance')) {
    c.instances.set(i.id, { primaryEniId: primaryOf.get(i.id) ?? i.networkInterfaceIds[0], state: i.state, vpcId: i.vpcId });
  }
  // The records only: each is compiled on its first lookup.
  for (const rt of view.list('routeTable')) c.routeTables.put(rt);
  for (const acl of view.list('networkAcl')) c.acls.put(acl);
  for (const sg of view.list('securityGroup')) c.securityGroups.put(sg);
  associateTables(c, view);
  associateAcls(c, view);
  return { compiled: c, snapshot, records };
}

/** Replace the snapshot's record for an id (undefined: removed). */
function remember(state: PartitionState, id: string, r: Resource | undefined): void {
  const old = state.snapshot.get(id);
  if (old) state.records.delete(old);
  if (r) { state.snapshot.set(id, r); state.records.add(r); } else state.snapshot.delete(id);
}

/** Which watched records changed since the snapshot (added, replaced or removed), by kind. */
function changedRecords(state: PartitionState, view: ReadView): Map<Kind, Set<string>> {
  const changed = new Map<Kind, Set<string>>();
  const mark = (kind: Kind, id: string): void => {
    let s = changed.get(kind);
    if (!s) { s = new Set(); changed.set(kind, s); }
    s.add(id);
  };
  // Records seen now that the snapshot already knew: fewer than the snapshot holds means some were removed.
  let unchanged = 0;
  for (const kind of WATCHED) {
    for (const r of view.list(kind)) {
      if (state.records.has(r)) unchanged++;
      else mark(kind, r.id);
    }
  }
  const replaced = [...changed.values()].reduce((n, ids) => n + [...ids].filter((id) => state.snapshot.has(id)).length, 0);
  if (unchanged + replaced < state.snapshot.size) {
    for (const [id, r] of state.snapshot) if (!view.find(id)) mark(r.kind, id);
  }
  return changed;
}

/**
 * Bring a compiled partition up to date. When only route tables, ACLs or security groups changed, rebuild just
 * those records (and the association maps of their VPCs); otherwise compile the partition again.
 * Returns how many records were rebuilt, or -1 for a full compile.
 */
function updatePartition(ctx: Ctx, state: PartitionState, view: ReadView, globalChanged: boolean, counts: CompileCounts): number {
  const changed = changedRecords(state, view);
  if (changed.size === 0 && !globalChanged) return 0;
  const local = !globalChanged && [...changed.keys()].every((k) => LOCAL_KINDS.has(k));
  const c = state.compiled;
  if (!local) {
    const fresh = compilePartition(ctx, view, c.account, c.region, counts);
    state.compiled = fresh.compiled;
    state.snapshot = fresh.snapshot;
    state.records = fresh.records;
    return -1;
  }
  let rebuilt = 0;
  // Records not compiled yet (and those replaced below) compile at this update's time from now on.
  const compile = compilers(ctx, view, c.account, c.region, counts);
  c.routeTables.compileWith(compile.routeTable);
  c.acls.compileWith(compile.networkAcl);
  c.securityGroups.compileWith(compile.securityGroup);
  const tableVpcs = new Set<string>();
  for (const id of changed.get('routeTable') ?? []) {
    const rt = view.get('routeTable', id);
    const old = c.routeTables.source(id);
    if (old) { tableVpcs.add(old.vpcId); for (const a of old.associations) if (a.gatewayId !== undefined) c.gatewayRouteTable.delete(a.gatewayId); }
    if (rt) { c.routeTables.put(rt); tableVpcs.add(rt.vpcId); remember(state, id, rt); }
    else { c.routeTables.drop(id); remember(state, id, undefined); }
    rebuilt++;
  }
  for (const vpcId of tableVpcs) associateTables(c, view, vpcId);
  const aclVpcs = new Set<string>();
  for (const id of changed.get('networkAcl') ?? []) {
    const acl = view.get('networkAcl', id);
    const old = c.acls.source(id);
    if (old) aclVpcs.add(old.vpcId);
    if (acl) { c.acls.put(acl); aclVpcs.add(acl.vpcId); remember(state, id, acl); }
    else { c.acls.drop(id); remember(state, id, undefined); }
    rebuilt++;
  }
  for (const vpcId of aclVpcs) associateAcls(c, view, vpcId);
  for (const id of changed.get('securityGroup') ?? []) {
    const sg = view.get('securityGroup', id);
    if (sg) { c.securityGroups.put(sg); remember(state, id, sg); }
    else { c.securityGroups.drop(id); remember(state, id, undefined); }
    rebuilt++;
  }
  return rebuilt;
}

/**
 * Compiles and caches the network view of a world. `view()` is cheap while `world.version` is unchanged; after a
 * commit it updates every partition compiled so far (incrementally where it can) before answering.
 */
export class NetworkCompiler {
  private readonly states = new Map<string, PartitionState>();
  private peerings = new Map<string, VpcPeeringConnection>();
  private current: NetworkView | undefined;
  readonly stats: CompileStats = { fullCompiles: 0, incrementalUpdates: 0, lastRebuilt: 0, compiled: { routeTable: 0, networkAcl: 0, securityGroup: 0 }, compileMs: 0 };

  constructor(private readonly world: World, private readonly options: CompileOptions = {}) {}

  private ctx(): Ctx {
    return { world: this.world, options: this.options, now: (this.options.clock ?? this.world.clock).now() };
  }

  /** The view at the world's current version. */
  view(): NetworkView {
    const version = this.world.version;
    if (this.current && this.current.version === version) return this.current;
    const ctx = this.ctx();
    const global = this.world.partition(GLOBAL);
    const globalChanged = this.refreshPeerings(global);
    if (this.current) {
      for (const [key, state] of this.states) {
        const rebuilt = timed(ctx, this.stats, () => updatePartition(ctx, state, this.world.partition(key), globalChanged, this.stats));
        if (rebuilt < 0) this.stats.fullCompiles++;
        else if (rebuilt > 0) { this.stats.incrementalUpdates++; this.stats.lastRebuilt = rebuilt; }
      }
    }
    const read = (a: string, r: string): ReadView => this.world.partition(partitionKey(a, r));
    const view: NetworkView = {
      version, now: ctx.now,
      partition: (account, region) => this.partition(ctx, account, region),
      peering: (id) => this.peerings.get(id),
      peeringStatus: (pcx) => effectiveStatus(pcx, ctx.now, read).status,
    };
    this.current = view;
    return view;
  }

  private partition(ctx: Ctx, account: string, region: string): CompiledPartition {
    const key = partitionKey(account, region);
    let state = this.states.get(key);
    if (!state) {
      state = timed(ctx, this.stats, () => compilePartition(ctx, this.world.partition(key), account, region, this.stats));
      this.states.set(key, state);
      this.stats.fullCompiles++;
    }
    return state.compiled;
  }

  /** Re-read the global partition's peering connections; true when any changed. */
  private refreshPeerings(global: ReadView): boolean {
    let changed = false;
    const next = new Map<string, VpcPeeringConnection>();
    for (const pcx of global.list('vpcPeeringConnection')) {
      next.set(pcx.id, pcx);
      if (this.peerings.get(pcx.id) !== pcx) changed = true;
    }
    if (next.size !== this.peerings.size) changed = true;
    this.peerings = next;
    return changed;
  }
}
