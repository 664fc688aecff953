/**
 * @module A topology as a graph to lay out and draw: VPCs hold Availability Zones, which hold subnets, which hold
 * NAT gateways, interface endpoints' network interfaces and instances; route tables sit in their VPC, linked to
 * their subnets; internet and virtual private gateways, gateway endpoints and peering connections sit outside,
 * linked from the route tables whose routes target them. A traced path adds its hops (existing nodes where the
 * hop is a drawn resource, small hop nodes for the rest) and the edges between them.
 */
import type { ExplainAnswer, ExplainStep } from './explain-api.js';
import { deciderText, stopped } from './explain-api.js';
import type { TopologyData } from './topology-data.js';

export type NodeKind =
  | 'vpc' | 'externalVpc' | 'az' | 'subnet' | 'routeTable' | 'internetGateway' | 'natGateway' | 'vpnGateway'
  | 'peering' | 'gatewayEndpoint' | 'endpointInterface' | 'instance' | 'networkInterface' | 'routeTarget' | 'hop';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly detail: string;
  /** The node's page (a console hash route); none for hops that are not resources. */
  readonly href?: string;
  /** The node this one is drawn inside. */
  readonly parent?: string;
  readonly title: string;
}

export type EdgeKind = 'association' | 'mainAssociation' | 'route' | 'blackhole' | 'attachment' | 'peering' | 'trace' | 'traceStop';

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly title: string;
}

/** How a traced path marks a node: the (1-based) hops it took there, and whether the flow stopped there. */
export interface HopMark {
  readonly steps: readonly number[];
  readonly state: 'pass' | 'stop';
  readonly title: string;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly marks: ReadonlyMap<string, HopMark>;
  /** Resources drawn as another node (an instance's network interfaces as the instance). */
  readonly aliases: ReadonlyMap<string, string>;
}

const KIND_NAMES: Readonly<Record<NodeKind, string>> = {
  vpc: 'VPC', externalVpc: 'VPC', az: 'Availability Zone', subnet: 'Subnet', routeTable: 'Route table',
  internetGateway: 'Internet gateway', natGateway: 'NAT gateway', vpnGateway: 'Virtual private gateway',
  peering: 'Peering connection', gatewayEndpoint: 'Gateway endpoint', endpointInterface: 'Endpoint network interface',
  instance: 'Instance', networkInterface: 'Network interface', routeTarget: 'Route target', hop: 'Hop',
};

export function kindName(kind: NodeKind): string {
  return KIND_NAMES[kind];
}

/** The short service name of an endpoint's service (`com.amazonaws.us-east-1.s3` → `s3`). */
function shortService(name: string): string {
  const m = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(name);
  return m?.[1] ?? name;
}

export function buildTopologyGraph(d: TopologyData): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const has = new Set<string>();
  const add = (n: GraphNode): void => { if (!has.has(n.id)) { has.add(n.id); nodes.push(n); } };
  const linked = new Set<string>();
  const link = (e: GraphEdge): void => { if (has.has(e.source) && has.has(e.target) && !linked.has(e.id)) { linked.add(e.id); edges.push(e); } };
  const named = (id: string, name: string): string => (name ? `${id} ${name}` : id);

  for (const v of d.vpcs) {
    add({ id: v.id, kind: 'vpc', label: v.name ? `${v.id} · ${v.name}` : v.id, detail: v.cidr, href: `#/vpcs/${v.id}`, title: `VPC ${named(v.id, v.name)} ${v.cidr}` });
  }
  for (const s of d.subnets) {
    const az = `az:${s.vpcId}:${s.az}`;
    add({ id: az, kind: 'az', label: s.az, detail: '', parent: s.vpcId, title: `Availability Zone ${s.az}` });
    add({
      id: s.id, kind: 'subnet', label: s.id, detail: `${s.cidr}${s.name ? ` · ${s.name}` : ''}`, href: `#/subnets/${s.id}`, parent: az,
      title: `Subnet ${named(s.id, s.name)} ${s.cidr} in ${s.az}, ${s.free} free addresses`,
    });
  }
  for (const n of d.natGateways) {
    add({ id: n.id, kind: 'natGateway', label: n.id, detail: `NAT · ${n.connectivity} · ${n.state}`, href: `#/nat-gateways/${n.id}`, parent: has.has(n.subnetId) ? n.subnetId : n.vpcId, title: `NAT gateway ${named(n.id, n.name)} (${n.connectivity}, ${n.state}) in ${n.subnetId}` });
  }
  const endpointOfEni = new Map<string, string>();
  for (const e of d.endpoints) for (const eni of e.eniIds) endpointOfEni.set(eni, e.id);
  const endpointById = new Map(d.endpoints.map((e) => [e.id, e]));
  for (const n of d.interfaces) {
    const ep = endpointOfEni.get(n.id);
    const parent = has.has(n.subnetId) ? n.subnetId : n.vpcId;
    if (ep !== undefined) {
      const service = shortService(endpointById.get(ep)?.serviceName ?? '');
      add({ id: n.id, kind: 'endpointInterface', label: ep, detail: `${service} · ${n.privateIp}`, href: `#/endpoints/${ep}`, parent, title: `Interface endpoint ${ep} (${endpointById.get(ep)?.serviceName ?? ''}): network interface ${n.id} ${n.privateIp}` });
    } else {
      add({ id: n.id, kind: 'networkInterface', label: n.id, detail: n.privateIp, href: `#/network-interfaces/${n.id}`, parent, title: `Network interface ${n.id} ${n.privateIp} ${n.description}` });
    }
  }
  for (const i of d.instances) {
    add({ id: i.id, kind: 'instance', label: i.id, detail: `${i.privateIp}${i.name ? ` · ${i.name}` : ''}`, href: `#/instances/${i.id}`, parent: has.has(i.subnetId) ? i.subnetId : i.vpcId, title: `Instance ${named(i.id, i.name)} ${i.privateIp} (${i.state})` });
  }
  for (const r of d.routeTables) {
    const name = r.tags['Name'] ?? '';
    add({ id: r.id, kind: 'routeTable', label: r.id, detail: [r.main ? 'main' : '', name].filter((x) => x).join(' · ') || 'route table', href: `#/route-tables/${r.id}`, parent: r.vpcId, title: `Route table ${named(r.id, name)}${r.main ? ' (main)' : ''}, ${r.routes.length} routes` });
  }
  for (const g of d.gateways) {
    const kind = g.kind;
    const href = kind === 'internetGateway' ? `#/internet-gateways/${g.id}` : `#/vpn-gateways/${g.id}`;
    add({ id: g.id, kind, label: g.id, detail: kind === 'internetGateway' ? 'internet gateway' : `VPN gateway${g.state ? ` · ${g.state}` : ''}`, href, title: `${kindName(kind)} ${named(g.id, g.name)}` });
  }
  for (const e of d.endpoints.filter((x) => x.type === 'Gateway')) {
    add({ id: e.id, kind: 'gatewayEndpoint', label: e.id, detail: `${shortService(e.serviceName)} · gateway endpoint`, href: `#/endpoints/${e.id}`, title: `Gateway endpoint ${e.id} (${e.serviceName}, ${e.state})` });
  }
  const drawn = new Set(d.vpcs.map((v) => v.id));
  for (const p of d.peerings) {
    add({ id: p.id, kind: 'peering', label: p.id, detail: `peering · ${p.status}`, href: `#/peering-connections/${p.id}`, title: `Peering connection ${named(p.id, p.name)}: ${p.requester.vpcId} (${p.requester.cidr}) ↔ ${p.accepter.vpcId} (${p.accepter.cidr}), ${p.status}` });
    for (const [s, role] of [[p.requester, 'requester'], [p.accepter, 'accepter']] as const) {
      if (!drawn.has(s.vpcId)) {
        const local = s.owner === d.scope.account && (s.region === '' || s.region === d.scope.region);
        add({
          id: s.vpcId, kind: 'externalVpc', label: s.vpcId, detail: `${s.cidr} · ${local ? 'peer' : `${s.owner} ${s.region}`}`,
          ...(local ? { href: `#/vpcs/${s.vpcId}` } : {}), title: `Peer VPC ${s.vpcId} ${s.cidr}, account ${s.owner}, ${s.region}`,
        });
      }
      // Requester on the left of the peering, accepter on its right.
      link(role === 'requester'
        ? { id: `peer:${p.id}:${s.vpcId}`, source: s.vpcId, target: p.id, kind: 'peering', title: `${s.vpcId} requested ${p.id}` }
        : { id: `peer:${p.id}:${s.vpcId}`, source: p.id, target: s.vpcId, kind: 'peering', title: `${s.vpcId} accepted ${p.id}` });
    }
  }
  // Subnets to their route table: the explicit association, else the VPC's main table (dashed).
  const explicitOf = new Map<string, (typeof d.routeTables)[number]>();
  const mainOf = new Map<string, (typeof d.routeTables)[number]>();
  for (const r of d.routeTables) {
    for (const sid of r.subnetIds) if (!explicitOf.has(sid)) explicitOf.set(sid, r);
    if (r.main && !mainOf.has(r.vpcId)) mainOf.set(r.vpcId, r);
  }
  for (const s of d.subnets) {
    const explicit = explicitOf.get(s.id);
    const rt = explicit ?? mainOf.get(s.vpcId);
    if (rt !== undefined) link({ id: `assoc:${s.id}`, source: s.id, target: rt.id, kind: explicit ? 'association' : 'mainAssociation', title: `${s.id} uses ${rt.id}${explicit ? '' : ' (main route table, no explicit association)'}` });
  }
  // Route tables to what their routes target.
  for (const r of d.routeTables) {
    const byTarget = new Map<string, { dests: string[]; blackhole: boolean }>();
    for (const route of r.routes) {
      if (route.target === '' || route.target === 'local') continue;
      const t = byTarget.get(route.target) ?? { dests: [], blackhole: false };
      t.dests.push(route.destination);
      if (route.state === 'blackhole') t.blackhole = true;
      byTarget.set(route.target, t);
    }
    for (const [routeTarget, t] of byTarget) {
      // A target drawn nowhere else (a transit gateway, an interface or instance not drawn, an egress-only
      // gateway...) gets a box of its own, so no route is left out.
      const target = d.instanceInterfaces.get(routeTarget) ?? routeTarget;
      if (!has.has(target)) {
        const href = target.startsWith('eni-') ? `#/network-interfaces/${target}` : target.startsWith('i-') ? `#/instances/${target}` : undefined;
        add({ id: target, kind: 'routeTarget', label: target, detail: 'route target', ...(href !== undefined ? { href } : {}), title: `Route target ${target}` });
      }
      link({ id: `route:${r.id}:${target}`, source: r.id, target, kind: t.blackhole ? 'blackhole' : 'route', title: `${r.id}: ${t.dests.join(', ')} → ${target}${t.blackhole ? ' (blackhole)' : ''}` });
    }
  }
  // A gateway nothing routes to yet is still attached to its VPC.
  const routed = new Set(edges.filter((e) => e.kind === 'route' || e.kind === 'blackhole').map((e) => e.target));
  for (const g of d.gateways) for (const v of g.vpcIds) if (!routed.has(g.id)) link({ id: `attach:${g.id}:${v}`, source: v, target: g.id, kind: 'attachment', title: `${g.id} attached to ${v}, no route targets it` });
  for (const e of d.endpoints.filter((x) => x.type === 'Gateway')) if (!routed.has(e.id)) link({ id: `attach:${e.id}`, source: e.vpcId, target: e.id, kind: 'attachment', title: `${e.id} in ${e.vpcId}, no route table associated` });
  return { nodes, edges, marks: new Map(), aliases: d.instanceInterfaces };
}

/** Whether `inner` is drawn inside `outer`. */
function nested(byId: ReadonlyMap<string, GraphNode>, outer: string, inner: string): boolean {
  for (let p = byId.get(inner)?.parent; p !== undefined; p = byId.get(p)?.parent) if (p === outer) return true;
  return false;
}

const HOP_NAMES: Readonly<Record<string, string>> = {
  securityGroup: 'security group', networkAcl: 'network ACL', dns: 'VPC resolver', destination: 'destination',
  loadBalancer: 'load balancer', targetGroup: 'target group', source: 'source',
};

/** The destination as a short label (`s3 reports/q3.csv`, `example.com:443`, `10.0.1.5:22/tcp`). */
function destinationLabel(a: ExplainAnswer): string {
  const req = a.destination.request;
  if (req !== undefined) return req.resource.replace(/^arn:aws:[a-z0-9-]+:[^:]*:[^:]*:/, '');
  return `${a.destination.hostname ?? a.destination.ip ?? ''}:${a.destination.port}/${a.destination.protocol}`;
}

/**
 * The topology with a traced path on it: each step lands on the drawn resource it names, or on a hop node made for
 * it (security groups and network ACLs inside the subnet the flow was in, the resolver in its VPC, the
 * destination outside); forward steps are chained by edges; a node is red where a step stopped the flow.
 */
export function withTrace(g: Graph, a: ExplainAnswer): Graph {
  const nodes = [...g.nodes];
  const edges = [...g.edges];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const addHop = (n: GraphNode): string => { if (!byId.has(n.id)) { byId.set(n.id, n); nodes.push(n); } return n.id; };
  const steps = a.trace.steps;
  const at: string[] = [];
  let prev: GraphNode | undefined;
  const INTERFACES: readonly NodeKind[] = ['instance', 'networkInterface', 'endpointInterface'];
  const drawnAs = (id: unknown): GraphNode | undefined => (typeof id === 'string' ? byId.get(g.aliases.get(id) ?? id) : undefined);
  /** The subnet box of the interface a forward step after `i` (or the flow's end) reaches, when it is drawn. */
  const arrivalSubnet = (i: number): string | undefined => {
    const later = steps.slice(i + 1).filter((x) => x.path === 'forward').map((x) => drawnAs(x.resourceId));
    const end = a.trace.disposition;
    const to = end['to'] as Readonly<Record<string, unknown>> | undefined;
    const candidates = [...later, drawnAs(end['networkInterfaceId']), drawnAs(to?.['networkInterfaceId']), drawnAs(to?.['instanceId'])];
    return candidates.find((n) => n !== undefined && INTERFACES.includes(n.kind))?.parent;
  };
  const containerAfter = (p: GraphNode | undefined): string | undefined => {
    if (p === undefined) return undefined;
    return p.kind === 'subnet' || p.kind === 'vpc' ? p.id : p.parent;
  };
  steps.forEach((s, i) => {
    let id: string;
    const raw = s.resourceId.replace(/^dx:/, '');
    const plain = g.aliases.get(raw) ?? raw;
    if (s.kind === 'destination') {
      id = addHop({ id: 'hop:destination', kind: 'hop', label: destinationLabel(a), detail: a.destination.request?.action ?? 'destination', title: `Destination ${destinationLabel(a)}` });
    } else if (s.kind === 'dns') {
      const parent = byId.has(s.resourceId) ? s.resourceId : undefined;
      id = addHop({ id: `hop:dns:${s.resourceId}`, kind: 'hop', label: 'VPC resolver', detail: a.destination.hostname ?? 'DNS', ...(parent !== undefined ? { parent } : {}), title: `DNS: the resolver of ${s.resourceId}` });
    } else if (byId.has(plain)) {
      id = plain;
    } else if (s.kind === 'securityGroup' || s.kind === 'networkAcl') {
      // Inbound rules belong to where the flow arrives: the subnet of the interface it reaches next.
      const parent = (s.direction === 'ingress' && s.path === 'forward' ? arrivalSubnet(i) : undefined) ?? containerAfter(prev);
      id = addHop({ id: plain, kind: 'hop', label: plain, detail: HOP_NAMES[s.kind] ?? s.kind, ...(parent !== undefined ? { parent } : {}), href: s.kind === 'securityGroup' ? `#/security-groups/${plain}` : `#/network-acls/${plain}`, title: `${HOP_NAMES[s.kind]} ${plain}` });
    } else {
      const label = plain === 'internet' ? 'Internet' : plain.replace(/^arn:aws:[^/]*\//, '');
      id = addHop({ id: plain, kind: 'hop', label, detail: HOP_NAMES[s.kind] ?? s.kind, title: `${HOP_NAMES[s.kind] ?? s.kind} ${plain}` });
    }
    at.push(id);
    prev = byId.get(id);
  });
  // Where it stopped: the steps the API marked deny/drop; when none did but the request was refused (a policy, an
  // unresolved name...), the last step.
  const stopAt = new Set(steps.map((s, i) => (stopped(s) ? at[i] : undefined)).filter((x): x is string => x !== undefined));
  const lastId = at[at.length - 1];
  if (stopAt.size === 0 && !a.allowed && lastId !== undefined) stopAt.add(lastId);
  const marks = new Map<string, HopMark>();
  steps.forEach((s, i) => {
    const id = at[i];
    if (id === undefined) return;
    const m = marks.get(id);
    const line = `${i + 1}. ${s.kind} ${s.resourceId}${s.path === 'return' ? ' (return)' : ''}: ${s.verdict} — ${deciderText(s.decidedBy)}\n   ${s.note}`;
    marks.set(id, {
      steps: [...(m?.steps ?? []), i + 1],
      state: stopAt.has(id) ? 'stop' : 'pass',
      title: m === undefined ? line : `${m.title}\n${line}`,
    });
  });
  let last: string | undefined;
  steps.forEach((s: ExplainStep, i) => {
    const id = at[i];
    if (s.path !== 'forward' || id === undefined) return;
    // An edge between a node and one drawn inside it (a subnet and its security group) would cross its own border.
    if (last !== undefined && last !== id && !nested(byId, last, id) && !nested(byId, id, last)) {
      edges.push({ id: `trace:${i}`, source: last, target: id, kind: stopAt.has(id) ? 'traceStop' : 'trace', title: `hop ${i + 1}: ${s.note}` });
    }
    last = id;
  });
  return { nodes, edges, marks, aliases: g.aliases };
}
