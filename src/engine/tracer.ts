/**
 * @module The tracer: follows one flow hop by hop the way AWS forwards it over a compiled `NetworkView`
 * (source SG egress, source subnet NACL outbound, route lookup, the route's target, the destination's NACL and
 * SG, then the stateless return path), recording every decision as a step and ending in a disposition.
 * Targets are handled by a table keyed by route target type, so endpoint hops can be plugged in (`TraceOptions.hops`).
 */
import { cidrHas, formatCidr, formatIp, parseCidr, type Cidr } from '../shared/cidr.js';
import type { RouteTarget, Subnet } from '../model/resources.js';
import { protocolNumber } from './compile.js';
import { evaluateAcl, type AclDirection } from './network-acls.js';
import { ipKey, type CompiledEni, type CompiledPartition, type CompiledRoute, type CompiledRouteTable, type NetworkView } from './network-view.js';
import { address, EPHEMERAL_PORTS, portText, type Address, type PacketView, type PortRange } from './packet.js';
import { evaluateSecurityGroups, type GroupMembers, type SgDirection } from './security-groups.js';
import { awsPrefixListContaining } from '../model/aws-prefix-lists.js';
import { resolveHostname } from './dns.js';
import { privateLinkHop } from './privatelink-hop.js';
import type { Decider, DeliveryPoint, Disposition, ExplanationCode, Flow, FlowRequest, RequestContext, RouteLoss, RouteRef, Step, Trace } from './trace.js';

/** The packet in flight and where it is. */
export interface InFlight {
  readonly partition: CompiledPartition;
  readonly vpcId: string;
  /** The subnet the packet is in now (the source's, or a NAT gateway's). */
  readonly subnetId: string;
  /** The source address as the next hop sees it. */
  readonly source: Address;
  /** The original sending interface. */
  readonly sourceEni: CompiledEni;
  /** Public address the packet will leave an internet gateway with, once a public NAT gateway translated it. */
  readonly natPublicIp?: string;
  /** The source ports a reply goes back to (remapped to 1024-65535 by a NAT gateway). */
  readonly returnPorts: PortRange;
  readonly hops: number;
  /** The table to route in instead of the subnet's (traffic entering at a gateway: its edge or the main table). */
  readonly routeTableId?: string;
}

/** A NACL the forward path crossed; the reply crosses it again the other way. */
interface Crossing {
  readonly partition: CompiledPartition;
  readonly aclId: string;
  readonly subnetId: string;
  readonly direction: AclDirection;
  readonly remote: Address;
  readonly returnPorts: PortRange;
}

/** What a hop handler may use: the flow, the view, the step recorder, and the shared next steps. */
export interface HopContext {
  readonly view: NetworkView;
  readonly flow: Flow;
  readonly destination: Address;
  /** NAT64: from here on the packet goes to this (IPv4) address instead. */
  translateDestination(to: Address): void;
  step(s: Step): void;
  /** Deliver to an interface: destination NACL inbound, SG ingress, return path. */
  deliverToEni(at: InFlight, eni: CompiledEni, returnVia?: string): Outcome;
  /** Look up the route for the destination in a subnet's table and follow its target. */
  routeFrom(at: InFlight): Outcome;
  /** Check a subnet's NACL for the packet leaving or entering it (records the crossing for the return path). */
  crossAcl(at: InFlight, subnetId: string, partition: CompiledPartition, direction: AclDirection, remote: Address): Outcome | undefined;
  /** Finish the trace as delivered, after the return path's NACL checks. */
  deliver(to: DeliveryPoint, context: RequestContext): Outcome;
}

/** A finished trace, minus the flow and steps the tracer adds. */
export interface Outcome {
  readonly disposition: Disposition;
  readonly code?: ExplanationCode;
  readonly context?: RequestContext;
}

/** Follows a route whose target is of one type. */
export type HopHandler = (ctx: HopContext, at: InFlight, route: CompiledRoute) => Outcome;

export interface TraceOptions {
  /** Handlers that replace or add to the built-in ones (the endpoint hops plug in here). */
  readonly hops?: Partial<Record<RouteTarget['type'], HopHandler>>;
  /** Steps already taken before the IP flow starts (the `dns` step of a hostname flow). */
  readonly leadingSteps?: readonly Step[];
}

/** The `source` of a flow from the internet. */
export const INTERNET = 'internet';
/** The `source` prefix of a Direct Connect flow: `dx:vgw-...` (a private virtual interface on that VGW). */
export const DX_PREFIX = 'dx:';
/** The internet sender when a flow names none (RFC 5737 documentation range TEST-NET-2). */
export const DEFAULT_INTERNET_SOURCE_IP = '198.51.100.10';

/** AWS: a route lookup chain this long means a loop (NAT to NAT to ...); the trace stops. */
const MAX_HOPS = 8;

const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((t) => parseCidr(t)!);
/** IPv6 ranges no internet gateway carries: unique local (RFC 4193) and link-local addresses. */
const PRIVATE_V6_RANGES: readonly Cidr[] = ['fc00::/7', 'fe80::/10'].map((t) => parseCidr(t)!);
/** The well-known NAT64 prefix (RFC 6052) that DNS64 synthesizes and NAT gateways translate. */
const NAT64_PREFIX: Cidr = parseCidr('64:ff9b::/96')!;
/** The internet sender of an IPv6 flow when none is named (RFC 3849 documentation prefix). */
export const DEFAULT_INTERNET_SOURCE_IPV6 = '2001:db8::10';

function routeRef(r: CompiledRoute): RouteRef {
  return { destination: r.destination, matchedCidr: r.cidrText, target: r.target, origin: r.origin, state: r.state };
}

function targetText(t: RouteTarget): string {
  return t.type === 'local' ? 'local' : t.id;
}

function destinationText(r: CompiledRoute): string {
  return r.destination.type === 'prefixList' ? `${r.destination.prefixListId} (${r.cidrText})` : r.cidrText;
}

function fail(disposition: Disposition, code?: ExplanationCode): Outcome {
  return code ? { disposition, code } : { disposition };
}

/** Why a route is a blackhole, from its target's state. */
function blackholeReason(view: NetworkView, p: CompiledPartition, t: RouteTarget): string {
  switch (t.type) {
    case 'local': return 'local route inactive';
    case 'internetGateway': return `internet gateway ${t.id} is detached or deleted`;
    case 'egressOnlyInternetGateway': return `egress-only internet gateway ${t.id} is deleted`;
    case 'vpnGateway': return `virtual private gateway ${t.id} is detached or deleted`;
    case 'natGateway': return `NAT gateway ${t.id} is ${p.natGateways.get(t.id)?.state ?? 'deleted'}`;
    case 'networkInterface': return `network interface ${t.id} is deleted`;
    case 'instance': return `instance ${t.id} is ${p.instances.get(t.id)?.state ?? 'deleted'}`;
    case 'vpcPeeringConnection': {
      const pcx = view.peering(t.id);
      return `peering connection ${t.id} is ${pcx ? view.peeringStatus(pcx) : 'deleted'}`;
    }
    case 'vpcEndpoint': return `VPC endpoint ${t.id} is deleted`;
  }
}

class Run implements HopContext {
  readonly steps: Step[] = [];
  readonly crossings: Crossing[] = [];
  packet: { protocol: number; port: number; icmp?: { type: number; code: number } };

  constructor(readonly view: NetworkView, readonly flow: Flow, public destination: Address, private readonly hops: Readonly<Record<RouteTarget['type'], HopHandler>>) {
    const protocol = protocolNumber(flow.protocol);
    // AWS: ICMP to an IPv6 address is ICMPv6 (protocol 58; echo request 128), which `icmpv6` rules match.
    const v6 = destination.family === 6 && protocol === 1;
    this.packet = protocol === 1
      ? { protocol: v6 ? 58 : 1, port: flow.port, icmp: { type: v6 && flow.port === 8 ? 128 : flow.port, code: 0 } }
      : { protocol, port: flow.port };
  }

  translateDestination(to: Address): void {
    this.destination = to;
    const p = this.packet;
    if (to.family === 4 && p.protocol === 58) this.packet = { ...p, protocol: 1, ...(p.icmp ? { icmp: { type: p.icmp.type === 128 ? 8 : p.icmp.type, code: p.icmp.code } } : {}) };
  }

  step(s: Step): void {
    this.steps.push(s);
  }

  forwardPacket(remote: Address): PacketView {
    const p = this.packet;
    return { protocol: p.protocol, ports: { from: p.port, to: p.port }, remote, ...(p.icmp ? { icmp: p.icmp } : {}) };
  }

  /** The reply: to the source's ports; for ICMP echo, an echo reply. */
  returnPacket(remote: Address, ports: PortRange): PacketView {
    const p = this.packet;
    if (p.icmp) return { protocol: p.protocol, ports, remote, icmp: p.icmp.type === 8 ? { type: 0, code: 0 } : p.icmp.type === 128 ? { type: 129, code: 0 } : p.icmp };
    return { protocol: p.protocol, ports, remote };
  }

  members(partition: CompiledPartition): GroupMembers {
    return (groupId, ownerId) => partition.groupMembers.get(groupId)
      ?? (ownerId !== partition.account ? this.view.partition(ownerId, partition.region).groupMembers.get(groupId) : undefined);
  }

  checkGroups(partition: CompiledPartition, eni: CompiledEni, direction: SgDirection, remote: Address): Outcome | undefined {
    const groups = eni.record.groupIds.map((id) => partition.securityGroups.get(id)).filter((g) => g !== undefined);
    const d = evaluateSecurityGroups(groups, direction, this.forwardPacket(remote), this.members(partition));
    const what = `${this.flow.protocol}${this.packet.icmp ? '' : ` port ${this.packet.port}`} ${direction === 'egress' ? 'to' : 'from'} ${remote.text}`;
    if (d.verdict === 'allow') {
      this.step({
        kind: 'securityGroup', resourceId: d.groupId, path: 'forward', direction, verdict: 'allow',
        decidedBy: { by: 'securityGroupRule', groupId: d.groupId, ruleId: d.rule.ruleId, rule: d.rule.text },
        note: `${eni.id}: ${what} allowed by ${d.groupId} rule ${d.rule.ruleId} (${d.rule.text})`,
      });
      return undefined;
    }
    this.step({
      kind: 'securityGroup', resourceId: d.groupIds[0] ?? eni.id, path: 'forward', direction, verdict: 'deny', code: d.code,
      decidedBy: { by: 'noSecurityGroupRule', groupIds: d.groupIds, groupsWithoutRules: d.groupsWithoutRules },
      note: `${eni.id}: no ${direction} rule of ${d.groupIds.join(', ') || '(no groups)'} allows ${what}`,
    });
    return fail({ kind: 'deniedBySecurityGroup', networkInterfaceId: eni.id, direction, groupIds: d.groupIds }, 'ENI_SG_RULES_MISMATCH');
  }

  crossAcl(at: InFlight, subnetId: string, partition: CompiledPartition, direction: AclDirection, remote: Address): Outcome | undefined {
    const aclId = partition.subnetAcl.get(subnetId);
    const acl = aclId !== undefined ? partition.acls.get(aclId) : undefined;
    if (!acl) return undefined;
    const d = evaluateAcl(acl, direction, this.forwardPacket(remote));
    this.crossings.push({ partition, aclId: acl.id, subnetId, direction, remote, returnPorts: at.returnPorts });
    const sgDirection = direction === 'outbound' ? 'egress' : 'ingress';
    this.step({
      kind: 'networkAcl', resourceId: acl.id, path: 'forward', direction: sgDirection, verdict: d.verdict,
      decidedBy: { by: 'aclEntry', ruleNumber: d.entry.ruleNumber, action: d.entry.action, entry: d.entry.text },
      ...(d.verdict === 'deny' ? { code: 'SUBNET_ACL_RESTRICTION' as const } : {}),
      note: `${subnetId} ${direction} ${remote.text}: ${d.verdict} by rule ${d.entry.text}`,
    });
    if (d.verdict === 'allow') return undefined;
    return fail({ kind: 'deniedByNetworkAcl', networkAclId: acl.id, subnetId, direction: sgDirection, ruleNumber: d.entry.ruleNumber, path: 'forward' }, 'SUBNET_ACL_RESTRICTION');
  }

  /** The stateless return path: every NACL crossed, in reverse order, the other way, on the reply's ports. */
  returnPath(): Outcome | undefined {
    for (let i = this.crossings.length - 1; i >= 0; i--) {
      const c = this.crossings[i]!;
      const acl = c.partition.acls.get(c.aclId);
      if (!acl) continue;
      const direction: AclDirection = c.direction === 'outbound' ? 'inbound' : 'outbound';
      const packet = this.returnPacket(c.remote, c.returnPorts);
      const d = evaluateAcl(acl, direction, packet);
      const sgDirection = direction === 'outbound' ? 'egress' : 'ingress';
      const ports = packet.protocol === 6 || packet.protocol === 17 ? ` ports ${portText(d.verdict === 'deny' && d.deniedPorts ? d.deniedPorts : packet.ports)}` : '';
      this.step({
        kind: 'networkAcl', resourceId: acl.id, path: 'return', direction: sgDirection, verdict: d.verdict,
        decidedBy: { by: 'aclEntry', ruleNumber: d.entry.ruleNumber, action: d.entry.action, entry: d.entry.text, ...(ports ? { ports: ports.trim() } : {}) },
        ...(d.verdict === 'deny' ? { code: 'SUBNET_ACL_RESTRICTION' as const } : {}),
        note: `return traffic ${c.subnetId} ${direction} ${c.remote.text}${ports}: ${d.verdict} by rule ${d.entry.text}`,
      });
      if (d.verdict === 'deny') {
        return fail({ kind: 'deniedByNetworkAcl', networkAclId: acl.id, subnetId: c.subnetId, direction: sgDirection, ruleNumber: d.entry.ruleNumber, path: 'return' }, 'SUBNET_ACL_RESTRICTION');
      }
    }
    return undefined;
  }

  deliver(to: DeliveryPoint, context: RequestContext): Outcome {
    const back = this.returnPath();
    if (back) return back;
    return { disposition: { kind: 'delivered', to }, context };
  }

  routeFrom(at: InFlight): Outcome {
    if (at.hops >= MAX_HOPS) return fail({ kind: 'hopLimit', hops: at.hops });
    const p = at.partition;
    const tableId = at.routeTableId ?? p.subnetRouteTable.get(at.subnetId);
    const table = tableId !== undefined ? p.routeTables.get(tableId) : undefined;
    if (!table) {
      this.step({ kind: 'routeTable', resourceId: at.subnetId, path: 'forward', verdict: 'drop', code: 'NO_ROUTE_TO_DESTINATION', decidedBy: { by: 'noRoute', routeTableId: '' }, note: `${at.subnetId} has no route table` });
      return fail({ kind: 'noRoute', routeTableId: '', path: 'forward' }, 'NO_ROUTE_TO_DESTINATION');
    }
    const found = lookupRoute(table, this.destination);
    if (!found) {
      this.step({ kind: 'routeTable', resourceId: table.id, path: 'forward', verdict: 'drop', code: 'NO_ROUTE_TO_DESTINATION', decidedBy: { by: 'noRoute', routeTableId: table.id }, note: `${table.id}: no route matches ${this.destination.text}` });
      return fail({ kind: 'noRoute', routeTableId: table.id, path: 'forward' }, 'NO_ROUTE_TO_DESTINATION');
    }
    const { route, lost } = found;
    const ref = routeRef(route);
    if (route.state === 'blackhole') {
      const reason = blackholeReason(this.view, p, route.target);
      this.step({
        kind: 'routeTable', resourceId: table.id, path: 'forward', verdict: 'drop', code: 'BAD_STATE_ROUTE',
        decidedBy: { by: 'route', routeTableId: table.id, route: ref, ...(lost.length ? { lost } : {}) },
        note: `${table.id}: route ${destinationText(route)} -> ${targetText(route.target)} is a blackhole (${reason})`,
      });
      return fail({ kind: 'blackhole', routeTableId: table.id, route: ref, reason }, 'BAD_STATE_ROUTE');
    }
    this.step({
      kind: 'routeTable', resourceId: table.id, path: 'forward', verdict: 'forward',
      decidedBy: { by: 'route', routeTableId: table.id, route: ref, ...(lost.length ? { lost } : {}) },
      note: `${table.id}: ${this.destination.text} matches ${destinationText(route)} -> ${targetText(route.target)}${lost.length ? ` (beats ${lost.map((l) => `${l.route.matchedCidr} -> ${targetText(l.route.target)} [${l.code}]`).join(', ')})` : ''}`,
    });
    const handler = this.hops[route.target.type];
    const { routeTableId: _used, ...next } = at;
    return handler(this, { ...next, hops: at.hops + 1 }, route);
  }

  deliverToEni(at: InFlight, eni: CompiledEni, returnVia?: string): Outcome {
    // After a peering hop `at.partition` is already the peer's partition.
    const dest = at.partition;
    if (eni.subnetId !== at.subnetId) {
      const denied = this.crossAcl(at, eni.subnetId, dest, 'inbound', at.source);
      if (denied) return denied;
    } else {
      this.step({ kind: 'networkAcl', resourceId: dest.subnetAcl.get(eni.subnetId) ?? eni.subnetId, path: 'forward', direction: 'ingress', verdict: 'allow', decidedBy: { by: 'sameSubnet', subnetId: eni.subnetId }, note: `same subnet ${eni.subnetId}: network ACLs do not filter traffic inside a subnet` });
    }
    const kind = eni.record.interfaceType;
    // NAT gateway interfaces have no security groups; every other interface type is filtered by its groups.
    if (kind !== 'nat_gateway') {
      const denied = this.checkGroups(dest, eni, 'ingress', at.source);
      if (denied) return denied;
    }
    if (returnVia !== undefined) {
      const back = this.returnRoute(dest, eni, at.source, returnVia);
      if (back) return back;
    }
    this.step({ kind: 'destination', resourceId: eni.id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'address', address: this.destination.text }, note: `delivered to ${eni.id}${eni.instanceId ? ` (${eni.instanceId})` : ''}` });
    const context: RequestContext = { sourceAddress: at.source.text, keys: {} };
    if (eni.vpcEndpointId !== undefined) return interfaceEndpointHop(this, at, eni, eni.vpcEndpointId);
    if (kind === 'network_load_balancer') return this.deliver({ type: 'loadBalancer', networkInterfaceId: eni.id }, context);
    return this.deliver({ type: 'networkInterface', networkInterfaceId: eni.id, ...(eni.instanceId ? { instanceId: eni.instanceId } : {}) }, context);
  }

  /**
   * The reply must leave the way the request came. AWS (VPC peering): the peer VPC's route table needs a route back
   * to the source over the same connection; ("Enable internet access"): for traffic from the internet, the
   * destination subnet's table needs a route to the internet gateway (0.0.0.0/0 -> igw-...).
   */
  returnRoute(p: CompiledPartition, eni: CompiledEni, source: Address, pcxId: string): Outcome | undefined {
    const tableId = p.subnetRouteTable.get(eni.subnetId);
    const table = tableId !== undefined ? p.routeTables.get(tableId) : undefined;
    const found = table ? lookupRoute(table, source) : undefined;
    const t = found?.route.target;
    const ok = found && found.route.state === 'active' && t !== undefined && (t.type === 'vpcPeeringConnection' || t.type === 'internetGateway') && t.id === pcxId;
    if (ok && table && found) {
      this.step({ kind: 'routeTable', resourceId: table.id, path: 'return', verdict: 'forward', decidedBy: { by: 'route', routeTableId: table.id, route: routeRef(found.route) }, note: `return route ${table.id}: ${source.text} matches ${destinationText(found.route)} -> ${pcxId}` });
      return undefined;
    }
    const id = table?.id ?? '';
    this.step({
      kind: 'routeTable', resourceId: id, path: 'return', verdict: 'drop', code: 'NO_ROUTE_TO_DESTINATION',
      decidedBy: found ? { by: 'route', routeTableId: id, route: routeRef(found.route) } : { by: 'noRoute', routeTableId: id },
      note: `return route ${id}: no active route for ${source.text} back through ${pcxId}`,
    });
    return fail({ kind: 'noRoute', routeTableId: id, path: 'return' }, 'NO_ROUTE_TO_DESTINATION');
  }
}

/** The winning route for an address, and the routes that covered it but lost. */
export function lookupRoute(table: CompiledRouteTable, dest: Address): { route: CompiledRoute; lost: RouteLoss[] } | undefined {
  const hit = table.trie.lookup(dest.family, dest.value);
  const route = hit?.values[0];
  if (!hit || !route) return undefined;
  const lost: RouteLoss[] = [];
  for (let i = 1; i < hit.values.length; i++) lost.push({ route: routeRef(hit.values[i]!), code: 'HIGHER_PRIORITY_ROUTE' });
  if (hit.prefix > 0 || lost.length > 0) {
    const all = table.trie.matches(dest.family, dest.value);
    for (let i = 1; i < all.length; i++) {
      const broader = all[i]!.values[0];
      if (broader) lost.push({ route: routeRef(broader), code: 'MORE_SPECIFIC_ROUTE' });
    }
  }
  return { route, lost };
}

function isPrivate(a: Address): boolean {
  return (a.family === 6 ? PRIVATE_V6_RANGES : PRIVATE_RANGES).some((c) => cidrHas(c, a.family, a.value));
}

function inVpc(p: CompiledPartition, vpcId: string, a: Address): boolean {
  return (p.vpcCidrs.get(vpcId) ?? []).some((c) => cidrHas(c, a.family, a.value));
}

const local: HopHandler = (ctx, at) => {
  const p = at.partition;
  const eniId = p.eniByIp.get(ipKey(at.vpcId, ctx.destination.text));
  const eni = eniId !== undefined ? p.enis.get(eniId) : undefined;
  if (!eni) {
    ctx.step({ kind: 'destination', resourceId: at.vpcId, path: 'forward', verdict: 'drop', decidedBy: { by: 'address', address: ctx.destination.text }, note: `no network interface in ${at.vpcId} has ${ctx.destination.text}` });
    return fail({ kind: 'noDestination', vpcId: at.vpcId, address: ctx.destination.text });
  }
  return ctx.deliverToEni(at, eni);
};

const internetGateway: HopHandler = (ctx, at, route) => {
  const id = (route.target as { id: string }).id;
  // AWS (Reachability Analyzer IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS): an internet gateway drops traffic to private addresses.
  if (isPrivate(ctx.destination)) {
    ctx.step({ kind: 'internetGateway', resourceId: id, path: 'forward', verdict: 'drop', code: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', decidedBy: { by: 'cidr', cidrs: (ctx.destination.family === 6 ? PRIVATE_V6_RANGES : PRIVATE_RANGES).map(formatCidr), address: ctx.destination.text }, note: `${id} does not forward to private address ${ctx.destination.text}` });
    return fail({ kind: 'droppedAtGateway', gatewayId: id, reason: `destination ${ctx.destination.text} is a private address` }, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  }
  if (ctx.destination.family === 6) return ipv6ToInternet(ctx, at, id);
  // AWS ("Enable internet access"): an instance reaches the internet through an internet gateway only with a
  // public IPv4 address or Elastic IP; a NAT gateway's traffic leaves with the NAT's Elastic IP.
  const fromSourceEni = at.source.text === at.sourceEni.record.privateIp;
  const publicIp = at.natPublicIp ?? (fromSourceEni ? at.sourceEni.publicIp : undefined);
  const sender = at.natPublicIp !== undefined ? at.source.text : at.sourceEni.id;
  if (publicIp === undefined) {
    ctx.step({ kind: 'internetGateway', resourceId: id, path: 'forward', verdict: 'drop', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', decidedBy: { by: 'address', address: at.source.text }, note: `${id}: source ${at.source.text} (${sender}) has no public IPv4 address` });
    return fail({ kind: 'noPublicIp', networkInterfaceId: at.sourceEni.id, internetGatewayId: id }, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
  }
  ctx.step({ kind: 'internetGateway', resourceId: id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'address', address: publicIp, translatedFrom: at.source.text }, note: `${id}: ${at.source.text} leaves as ${publicIp} to ${ctx.destination.text}` });
  return ctx.deliver({ type: 'internet', internetGatewayId: id }, { sourceAddress: publicIp, keys: { 'aws:SourceIp': publicIp } });
};

/**
 * An IPv6 packet leaving for the internet. AWS ("IPv6 support for your VPC"): IPv6 addresses are globally unique
 * and public, so the packet leaves with the interface's own address; no NAT, no Elastic IP.
 */
function ipv6ToInternet(ctx: HopContext, at: InFlight, gatewayId: string): Outcome {
  ctx.step({ kind: 'internetGateway', resourceId: gatewayId, path: 'forward', verdict: 'deliver', decidedBy: { by: 'address', address: at.source.text }, note: `${gatewayId}: ${at.source.text} to ${ctx.destination.text} (IPv6, no address translation)` });
  return ctx.deliver({ type: 'internet', internetGatewayId: gatewayId }, { sourceAddress: at.source.text, keys: { 'aws:SourceIp': at.source.text } });
}

/**
 * An egress-only internet gateway. AWS ("Enable outbound IPv6 traffic using an egress-only internet gateway"):
 * IPv6 only, outbound and its replies; connections from the internet are refused (traceFromInternet).
 */
const egressOnlyInternetGateway: HopHandler = (ctx, at, route) => {
  const id = (route.target as { id: string }).id;
  if (ctx.destination.family !== 6 || isPrivate(ctx.destination)) {
    const reason = ctx.destination.family !== 6 ? `${id} carries IPv6 traffic only; ${ctx.destination.text} is IPv4` : `destination ${ctx.destination.text} is not a global IPv6 address`;
    ctx.step({ kind: 'internetGateway', resourceId: id, path: 'forward', verdict: 'drop', decidedBy: { by: 'address', address: ctx.destination.text }, note: `${id}: ${reason}` });
    return fail({ kind: 'droppedAtGateway', gatewayId: id, reason });
  }
  return ipv6ToInternet(ctx, at, id);
};

const natGateway: HopHandler = (ctx, at, route) => {
  const id = (route.target as { id: string }).id;
  const p = at.partition;
  const nat = p.natGateways.get(id)!;
  // AWS (Reachability Analyzer NGW_REQUIRES_SOURCE_IN_VPC): a NAT gateway only forwards traffic from its own VPC.
  if (!inVpc(p, nat.vpcId, at.source)) {
    ctx.step({ kind: 'natGateway', resourceId: id, path: 'forward', verdict: 'drop', code: 'NGW_REQUIRES_SOURCE_IN_VPC', decidedBy: { by: 'address', address: at.source.text }, note: `${id} only forwards traffic from ${nat.vpcId}` });
    return fail({ kind: 'droppedAtGateway', gatewayId: id, reason: `source ${at.source.text} is not in ${nat.vpcId}` }, 'NGW_REQUIRES_SOURCE_IN_VPC');
  }
  if (nat.subnetId !== at.subnetId) {
    const denied = ctx.crossAcl(at, nat.subnetId, p, 'inbound', at.source);
    if (denied) return denied;
  }
  // AWS ("DNS64 and NAT64"): IPv6 traffic to 64:ff9b::/96 leaves a NAT gateway as IPv4 to the embedded address.
  const v6Destination = ctx.destination.family === 6 ? ctx.destination.text : undefined;
  if (v6Destination !== undefined) {
    if (!cidrHas(NAT64_PREFIX, 6, ctx.destination.value)) {
      const reason = `${id} translates IPv6 only to the NAT64 prefix 64:ff9b::/96; ${v6Destination} is outside it`;
      ctx.step({ kind: 'natGateway', resourceId: id, path: 'forward', verdict: 'drop', decidedBy: { by: 'cidr', cidrs: ['64:ff9b::/96'], address: v6Destination }, note: reason });
      return fail({ kind: 'droppedAtGateway', gatewayId: id, reason });
    }
    ctx.translateDestination(address(formatIp(4, ctx.destination.value & 0xffffffffn))!);
  }
  const natIp = nat.privateIp ?? at.source.text;
  const translated = address(natIp) ?? at.source;
  ctx.step({
    kind: 'natGateway', resourceId: id, path: 'forward', verdict: 'forward', code: 'NGW_SOURCE_ADDRESS_REASSIGN',
    decidedBy: { by: 'address', address: natIp, translatedFrom: at.source.text },
    note: `${id} (${nat.connectivityType}) in ${nat.subnetId}: source ${at.source.text} becomes ${natIp}${nat.publicIp ? ` (public ${nat.publicIp})` : ''}, source port remapped to 1024-65535${v6Destination !== undefined ? `; NAT64: destination ${v6Destination} becomes ${ctx.destination.text}` : ''}`,
  });
  const next: InFlight = {
    partition: p, vpcId: nat.vpcId, subnetId: nat.subnetId, source: translated, sourceEni: at.sourceEni,
    returnPorts: EPHEMERAL_PORTS, hops: at.hops,
    ...(nat.connectivityType === 'public' && nat.publicIp !== undefined ? { natPublicIp: nat.publicIp } : {}),
  };
  const denied = ctx.crossAcl(next, nat.subnetId, p, 'outbound', ctx.destination);
  if (denied) return denied;
  return ctx.routeFrom(next);
};

const vpcPeeringConnection: HopHandler = (ctx, at, route) => {
  const id = (route.target as { id: string }).id;
  const pcx = ctx.view.peering(id);
  const p = at.partition;
  if (!pcx) return fail({ kind: 'peerUnknown', vpcPeeringConnectionId: id, reason: 'the peering connection does not exist' }, 'BAD_STATE');
  const status = ctx.view.peeringStatus(pcx);
  if (status !== 'active') {
    const ref = routeRef(route);
    return fail({ kind: 'blackhole', routeTableId: route.routeTableId, route: ref, reason: `peering connection ${id} is ${status}` }, 'BAD_STATE_ROUTE');
  }
  const mine = pcx.requester.vpcId === at.vpcId && pcx.requester.ownerId === p.account && pcx.requester.region === p.region;
  const peer = mine ? pcx.accepter : pcx.requester;
  const peerPartition = ctx.view.partition(peer.ownerId, peer.region);
  if (!peerPartition.vpcs.has(peer.vpcId)) {
    return fail({ kind: 'peerUnknown', vpcPeeringConnectionId: id, reason: `peer VPC ${peer.vpcId} is not known in ${peer.ownerId}/${peer.region}` }, 'UNKNOWN_DESTINATION');
  }
  // AWS ("VPC peering limitations"): no transitive peering and no edge-to-edge routing; traffic over a peering
  // connection must come from the local VPC and go to an address in the peer VPC's CIDR blocks.
  const peerCidrs = peerPartition.vpcCidrs.get(peer.vpcId) ?? [];
  const destOk = peerCidrs.some((c) => cidrHas(c, ctx.destination.family, ctx.destination.value));
  const sourceOk = inVpc(p, at.vpcId, at.source);
  if (!destOk || !sourceOk) {
    const reason = !destOk
      ? `destination ${ctx.destination.text} is not in peer VPC ${peer.vpcId} (no transitive or edge-to-edge routing)`
      : `source ${at.source.text} is not in ${at.vpcId}`;
    ctx.step({ kind: 'vpcPeeringConnection', resourceId: id, path: 'forward', verdict: 'drop', code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', decidedBy: { by: 'cidr', cidrs: peerCidrs.map(formatCidr), address: !destOk ? ctx.destination.text : at.source.text }, note: `${id}: ${reason}` });
    return fail({ kind: 'notReachableAcrossPeering', vpcPeeringConnectionId: id, reason }, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  }
  ctx.step({ kind: 'vpcPeeringConnection', resourceId: id, path: 'forward', verdict: 'forward', decidedBy: { by: 'state', state: status }, note: `${id}: ${at.vpcId} -> ${peer.vpcId} (${peer.ownerId}/${peer.region})` });
  const eniId = peerPartition.eniByIp.get(ipKey(peer.vpcId, ctx.destination.text));
  const eni = eniId !== undefined ? peerPartition.enis.get(eniId) : undefined;
  if (!eni) {
    ctx.step({ kind: 'destination', resourceId: peer.vpcId, path: 'forward', verdict: 'drop', decidedBy: { by: 'address', address: ctx.destination.text }, note: `no network interface in ${peer.vpcId} has ${ctx.destination.text}` });
    return fail({ kind: 'noDestination', vpcId: peer.vpcId, address: ctx.destination.text });
  }
  const arrived: InFlight = { ...at, partition: peerPartition, vpcId: peer.vpcId, subnetId: '' };
  return ctx.deliverToEni(arrived, eni, id);
};

const vpnGateway: HopHandler = (ctx, at, route) => {
  const id = (route.target as { id: string }).id;
  ctx.step({ kind: 'vpnGateway', resourceId: id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'state', state: 'attached' }, note: `${id}: to on-premises ${ctx.destination.text}` });
  return ctx.deliver({ type: 'onPremises', vpnGatewayId: id }, { sourceAddress: at.source.text, keys: {} });
};

/** A route to an interface or instance: a middlebox. AWS: it must have source/destination checking off. */
const appliance: HopHandler = (ctx, at, route) => {
  const p = at.partition;
  const t = route.target as { type: string; id: string };
  const eniId = t.type === 'instance' ? p.instances.get(t.id)?.primaryEniId : t.id;
  const eni = eniId !== undefined ? p.enis.get(eniId) : undefined;
  if (!eni) return fail({ kind: 'blackhole', routeTableId: route.routeTableId, route: routeRef(route), reason: `${t.id} has no network interface` }, 'BAD_STATE_ROUTE');
  if (eni.record.sourceDestCheck) {
    ctx.step({ kind: 'networkInterface', resourceId: eni.id, path: 'forward', verdict: 'drop', code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION', decidedBy: { by: 'attribute', name: 'sourceDestCheck', value: 'true' }, note: `${eni.id} drops traffic not addressed to it (source/destination check is on)` });
    return fail({ kind: 'sourceDestCheck', networkInterfaceId: eni.id }, 'ENI_SOURCE_DEST_CHECK_RESTRICTION');
  }
  ctx.step({ kind: 'networkInterface', resourceId: eni.id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'attribute', name: 'sourceDestCheck', value: 'false' }, note: `forwarded to appliance ${eni.id}; what the appliance does next is not traced` });
  return ctx.deliver({ type: 'appliance', networkInterfaceId: eni.id, ...(eni.instanceId ? { instanceId: eni.instanceId } : {}) }, { sourceAddress: at.source.text, keys: {} });
};

/**
 * A gateway endpoint route (destination: the service's AWS-managed prefix list). Delivered to the service when
 * the caller says which service the flow is for; the full endpoint hop (policy, interface endpoints, DNS) plugs in
 * through `TraceOptions.hops.vpcEndpoint`.
 */
const vpcEndpoint: HopHandler = (ctx, at, route) => {
  const id = (route.target as { id: string }).id;
  const ep = at.partition.vpcEndpoints.get(id);
  if (!ep || ep.endpointType !== 'Gateway') {
    return fail({ kind: 'notTraced', resourceId: id, reason: `${ep?.endpointType ?? 'unknown'} endpoint hop not yet traced` });
  }
  // The service is the one the caller named, else the AWS-managed list holding the destination address.
  const held = ctx.flow.service ? undefined : awsPrefixListContaining(ctx.destination.text);
  const service = ctx.flow.service ?? (held ? { service: held.service, region: held.region } : undefined);
  if (!service) return fail({ kind: 'notTraced', resourceId: id, reason: 'gateway endpoint hop needs the flow\'s service destination' });
  // AWS ("Gateway endpoints", limitations): only traffic from the endpoint's own VPC; a packet that entered the
  // VPC another way (peering, VPN, Direct Connect, transit gateway) is not served.
  if (ep.vpcId !== at.vpcId || !inVpc(at.partition, ep.vpcId, at.source)) {
    const entered = at.sourceEni.record.description.startsWith(OUTSIDE) ? ` (it entered ${at.sourceEni.record.description.slice(OUTSIDE.length)})` : '';
    const reason = `gateway endpoint ${id} serves only traffic from ${ep.vpcId}; ${at.source.text} did not originate there${entered}`;
    ctx.step({ kind: 'vpcEndpoint', resourceId: id, path: 'forward', verdict: 'drop', decidedBy: { by: 'cidr', cidrs: (at.partition.vpcCidrs.get(ep.vpcId) ?? []).map(formatCidr), address: at.source.text }, note: reason });
    return fail({ kind: 'droppedAtGateway', gatewayId: id, reason });
  }
  // AWS (Reachability Analyzer VPCE_GATEWAY_PROTOCOL_RESTRICTION): a gateway endpoint carries TCP (and ICMP echo) only.
  if (ctx.flow.protocol === 'udp') {
    ctx.step({ kind: 'vpcEndpoint', resourceId: id, path: 'forward', verdict: 'drop', code: 'VPCE_GATEWAY_PROTOCOL_RESTRICTION', decidedBy: { by: 'attribute', name: 'protocol', value: ctx.flow.protocol }, note: `${id} carries TCP only` });
    return fail({ kind: 'protocolNotSupported', resourceId: id, protocol: ctx.flow.protocol }, 'VPCE_GATEWAY_PROTOCOL_RESTRICTION');
  }
  // AWS ("Gateway endpoints"): endpoints support requests to the service in the same Region only.
  if (ep.serviceRegion !== service.region) {
    return fail({ kind: 'regionMismatch', resourceId: id, expected: ep.serviceRegion, actual: service.region });
  }
  ctx.step({ kind: 'vpcEndpoint', resourceId: id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'state', state: ep.state }, note: `delivered to ${service.service} via gateway endpoint ${id} (${ep.serviceName})` });
  return ctx.deliver({ type: 'awsService', vpcEndpointId: id, service: ep.serviceName }, {
    sourceAddress: at.source.text,
    keys: { 'aws:SourceVpce': id, 'aws:SourceVpc': ep.vpcId, 'aws:VpcSourceIp': at.source.text },
  });
};

/**
 * Past an interface endpoint's ENI (its SG ingress already passed): the endpoint must be `available`; for a
 * PrivateLink service the provider's NLB must be in the endpoint subnet's zone (by zone ID); then the service.
 * AWS ("Access an AWS service using an interface VPC endpoint"; "Share your services through PrivateLink").
 */
function interfaceEndpointHop(ctx: HopContext, at: InFlight, eni: CompiledEni, endpointId: string): Outcome {
  const p = at.partition;
  const ep = p.vpcEndpoints.get(endpointId);
  const context: RequestContext = {
    sourceAddress: at.source.text,
    keys: { 'aws:SourceVpce': endpointId, ...(ep ? { 'aws:SourceVpc': ep.vpcId } : {}), 'aws:VpcSourceIp': at.source.text },
  };
  if (!ep) return ctx.deliver({ type: 'interfaceEndpoint', vpcEndpointId: endpointId, networkInterfaceId: eni.id }, context);
  // AWS ("Accept or reject connection requests"): a pendingAcceptance or rejected endpoint carries no traffic.
  if (ep.state !== 'available') {
    const reason = `interface endpoint ${ep.id} is ${ep.state}${ep.state === 'pendingAcceptance' ? ': the service provider has not accepted the connection' : ''}`;
    ctx.step({ kind: 'vpcEndpoint', resourceId: ep.id, path: 'forward', verdict: 'drop', code: 'BAD_STATE', decidedBy: { by: 'state', state: ep.state }, note: reason });
    return fail({ kind: 'endpointUnavailable', vpcEndpointId: ep.id, state: ep.state, reason }, 'BAD_STATE');
  }
  if (ep.serviceOwner === 'amazon') {
    const short = ep.serviceName.startsWith(`com.amazonaws.${ep.serviceRegion}.`) ? ep.serviceName.slice(`com.amazonaws.${ep.serviceRegion}.`.length) : ep.serviceName;
    ctx.step({ kind: 'vpcEndpoint', resourceId: ep.id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'state', state: ep.state }, note: `delivered to ${short} via interface endpoint ${ep.id} (${eni.id})` });
    return ctx.deliver({ type: 'awsService', vpcEndpointId: ep.id, service: ep.serviceName }, context);
  }
  // A PrivateLink service: the provider's NLB must have a subnet in this ENI's zone (zone IDs match across accounts).
  const svc = ctx.view.partition(ep.serviceOwner, ep.serviceRegion).endpointServices.get(ep.serviceId);
  const zoneId = p.subnets.get(eni.subnetId)?.availabilityZoneId;
  if (svc && zoneId !== undefined && !svc.zoneIds.includes(zoneId)) {
    const reason = `endpoint service ${svc.id}'s load balancer has no subnet in zone ${zoneId} of ${eni.id}`;
    ctx.step({ kind: 'vpcEndpoint', resourceId: ep.id, path: 'forward', verdict: 'drop', code: 'NO_POSSIBLE_DESTINATION', decidedBy: { by: 'attribute', name: 'zoneId', value: zoneId }, note: reason });
    return fail({ kind: 'endpointUnavailable', vpcEndpointId: ep.id, state: ep.state, reason }, 'NO_POSSIBLE_DESTINATION');
  }
  // On into the provider's account: the NLB's listener, target group and target (privatelink-hop.ts).
  const provider = svc ? privateLinkHop(ctx, ep, zoneId, svc, context) : undefined;
  if (provider) return provider;
  ctx.step({ kind: 'vpcEndpoint', resourceId: ep.id, path: 'forward', verdict: 'deliver', decidedBy: { by: 'state', state: ep.state }, note: `delivered to endpoint service ${ep.serviceName} via interface endpoint ${ep.id}; the provider's NLB is not known here` });
  return ctx.deliver({ type: 'interfaceEndpoint', vpcEndpointId: ep.id, networkInterfaceId: eni.id }, context);
}

/** The built-in hop handlers, one per route target type. */
export const DEFAULT_HOPS: Readonly<Record<RouteTarget['type'], HopHandler>> = {
  local, internetGateway, egressOnlyInternetGateway, natGateway, vpcPeeringConnection, vpnGateway, networkInterface: appliance, instance: appliance, vpcEndpoint,
};

function resolveSource(p: CompiledPartition, source: string): { eni: CompiledEni; instanceId?: string } | Outcome {
  if (source.startsWith('i-')) {
    const inst = p.instances.get(source);
    if (!inst) return fail({ kind: 'sourceNotFound', source }, 'NO_SOURCE_OR_DESTINATION');
    if (inst.state !== 'running' && inst.state !== 'pending') return fail({ kind: 'sourceNotRunning', instanceId: source, state: inst.state }, 'BAD_STATE');
    const eni = inst.primaryEniId !== undefined ? p.enis.get(inst.primaryEniId) : undefined;
    if (!eni) return fail({ kind: 'sourceNotFound', source }, 'NO_SOURCE_OR_DESTINATION');
    return { eni, instanceId: source };
  }
  const eni = p.enis.get(source);
  if (!eni) return fail({ kind: 'sourceNotFound', source }, 'NO_SOURCE_OR_DESTINATION');
  return { eni };
}

/** Trace one flow over a compiled view. Outcomes (deny, no route) are results, never exceptions. */
export function traceFlow(view: NetworkView, request: FlowRequest, options: TraceOptions = {}): Trace {
  if (request.destinationIp === undefined) return traceByName(view, request, options);
  const flow: Flow = request;
  if (flow.source.startsWith('vgw-') || flow.source.startsWith('pcx-') || flow.source.startsWith(DX_PREFIX)) return traceFromOutside(view, flow, options);
  if (flow.source === INTERNET) return traceFromInternet(view, flow, options);
  if (flow.source.startsWith('subnet-')) return traceFromSubnet(view, flow, options);
  const hops = options.hops ? { ...DEFAULT_HOPS, ...options.hops } : DEFAULT_HOPS;
  const destination = address(flow.destinationIp);
  const steps: Step[] = [...(options.leadingSteps ?? [])];
  const finish = (o: Outcome, s: readonly Step[]): Trace => ({
    flow, steps: s, disposition: o.disposition, ...(o.code ? { code: o.code } : {}), ...(o.context ? { context: o.context } : {}),
  });
  if (!destination) return finish(fail({ kind: 'notTraced', resourceId: flow.destinationIp, reason: 'destination is not an IP address' }, 'NO_SOURCE_OR_DESTINATION'), steps);
  const p = view.partition(flow.account, flow.region);
  const src = resolveSource(p, flow.source);
  if ('disposition' in src) return finish(src, steps);
  const run = new Run(view, flow, destination, hops);
  run.steps.push(...steps);
  const eni = src.eni;
  // AWS ("IPv6 support for your VPC"): an IPv6 flow leaves from the interface's (first) IPv6 address; without one it
  // cannot be sent. An IPv6-only interface ("IPv6-only subnets") has no private IPv4 address to send IPv4 from.
  const v6 = destination.family === 6;
  const sourceText = v6 ? eni.record.ipv6Addresses[0] : eni.record.privateIp;
  if (sourceText === undefined) {
    const lacks = v6 ? 'IPv6 address' : 'private IPv4 address (it is IPv6-only)';
    return finish(fail({ kind: 'notTraced', resourceId: eni.id, reason: `${eni.id} has no ${lacks}, so it cannot send to ${destination.text}` }, 'NO_SOURCE_OR_DESTINATION'), run.steps);
  }
  const source = address(sourceText)!;
  const decided: Decider = { by: 'source', networkInterfaceId: eni.id, privateIp: source.text, ...(src.instanceId ? { instanceId: src.instanceId } : {}) };
  run.step({ kind: 'source', resourceId: src.instanceId ?? eni.id, path: 'forward', verdict: 'forward', decidedBy: decided, note: `${src.instanceId ? `${src.instanceId} ` : ''}${eni.id} ${source.text} in ${eni.subnetId} sends ${flow.protocol}${flow.protocol === 'icmp' ? '' : ` port ${flow.port}`} to ${destination.text}` });
  const at: InFlight = {
    partition: p, vpcId: eni.vpcId, subnetId: eni.subnetId, source, sourceEni: eni,
    returnPorts: flow.sourcePort !== undefined ? { from: flow.sourcePort, to: flow.sourcePort } : EPHEMERAL_PORTS, hops: 0,
  };
  const outcome = ((): Outcome => {
    const sg = run.checkGroups(p, eni, 'egress', destination);
    if (sg) return sg;
    // AWS ("Network ACLs"): a network ACL filters traffic entering and leaving a subnet, not traffic inside it.
    const subnet = p.subnets.get(eni.subnetId);
    const leaves = !subnet || !subnetBlocks(subnet, destination.family).some((c) => cidrHas(c, destination.family, destination.value));
    if (leaves) {
      const acl = run.crossAcl(at, eni.subnetId, p, 'outbound', destination);
      if (acl) return acl;
    }
    return run.routeFrom(at);
  })();
  return finish(outcome, run.steps);
}

/**
 * A flow by hostname: the source's VPC resolver answers first (a `dns` step), then the IP flow to the first
 * address. AWS ("DNS attributes for your VPC"): instances use the Amazon-provided DNS server of their own VPC.
 */
function traceByName(view: NetworkView, request: Extract<FlowRequest, { destinationName: string }>, options: TraceOptions): Trace {
  const { destinationIp: _none, ...rest } = request;
  const unresolvedFlow: Flow = { ...rest, destinationIp: '' };
  const p = view.partition(request.account, request.region);
  if (!request.source.startsWith('i-') && !request.source.startsWith('eni-') && !request.source.startsWith('subnet-')) {
    return { flow: unresolvedFlow, steps: [], disposition: { kind: 'notTraced', resourceId: request.source, reason: 'hostname flows need a source in a VPC (its resolver answers); give an outside source an IP destination' } };
  }
  const subnet = request.source.startsWith('subnet-') ? p.subnets.get(request.source) : undefined;
  const src = subnet ? undefined : resolveSource(p, request.source);
  if (src && 'disposition' in src) return { flow: unresolvedFlow, steps: [], disposition: src.disposition, ...(src.code ? { code: src.code } : {}) };
  const vpcId = subnet?.vpcId ?? src?.eni.vpcId;
  if (vpcId === undefined) return { flow: unresolvedFlow, steps: [], disposition: { kind: 'sourceNotFound', source: request.source }, code: 'NO_SOURCE_OR_DESTINATION' };
  const answer = resolveHostname(view, request.account, request.region, vpcId, request.destinationName);
  if (answer.kind === 'unresolved') {
    const step: Step = { kind: 'dns', resourceId: vpcId, path: 'forward', verdict: 'drop', decidedBy: { by: 'attribute', name: 'dns', value: answer.reason }, note: answer.note };
    return { flow: unresolvedFlow, steps: [step], disposition: { kind: 'dnsUnresolved', name: answer.name, reason: answer.reason } };
  }
  const ip = answer.addresses[0]!;
  const step: Step = {
    kind: 'dns', resourceId: vpcId, path: 'forward', verdict: 'forward',
    decidedBy: { by: 'dnsRecord', name: answer.name, record: answer.record.by, addresses: answer.addresses }, note: answer.note,
  };
  const record = answer.record;
  const service = request.service ?? (record.by === 'publicService' ? { service: record.service, region: record.region } : undefined);
  const flow: Flow = { ...rest, destinationIp: ip, ...(service ? { service } : {}) };
  return traceFlow(view, flow, { ...options, leadingSteps: [...(options.leadingSteps ?? []), step] });
}

/** A subnet's blocks of one family (its IPv4 block, or its IPv6 /64s). */
function subnetBlocks(subnet: Subnet, family: 4 | 6): Cidr[] {
  const texts = family === 6 ? subnet.ipv6Associations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock) : [subnet.cidrBlock];
  return texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined);
}

/** The main route table of a VPC. */
function mainTable(p: CompiledPartition, vpcId: string): CompiledRouteTable | undefined {
  const id = p.mainRouteTable.get(vpcId);
  return id !== undefined ? p.routeTables.get(id) : undefined;
}

/** The description prefix of a stand-in sender; the rest says how the packet entered (for notes). */
const OUTSIDE = 'outside source: ';

/**
 * A stand-in sending interface for traffic with no real sending ENI: it entered the VPC from outside, or it is a
 * subnet source (`subnetId` set). It has no groups and no public IP.
 */
function outsideSender(id: string, vpcId: string, ip: string, ownerId: string, how = `via ${id}`, subnetId = ''): CompiledEni {
  return {
    id, vpcId, subnetId, privateIps: [ip],
    record: {
      kind: 'networkInterface', id, ownerId, tags: [], vpcId, subnetId, availabilityZone: '', privateIp: ip, secondaryPrivateIps: [],
      ipv6Addresses: [], groupIds: [], description: `${OUTSIDE}${how}`, interfaceType: 'interface', requesterManaged: true,
      sourceDestCheck: true, macAddress: '', status: 'in-use',
    },
  };
}

/**
 * Traffic entering a VPC from outside. AWS:
 * - over VPN or Direct Connect (`vgw-`): routed by the route table edge-associated with the virtual private
 *   gateway, else the main table ("Gateway route tables"); a gateway endpoint does not serve it ("Gateway
 *   endpoints", limitations), an interface endpoint does;
 * - over a peering connection (`pcx-`): only to addresses in this VPC's CIDR blocks ("VPC peering limitations":
 *   no edge-to-edge routing), so a gateway endpoint route here never serves it; its interface endpoints do.
 */
function traceFromOutside(view: NetworkView, flow: Flow, options: TraceOptions): Trace {
  const hops = options.hops ? { ...DEFAULT_HOPS, ...options.hops } : DEFAULT_HOPS;
  const steps: Step[] = [...(options.leadingSteps ?? [])];
  const finish = (o: Outcome, s: readonly Step[]): Trace => ({
    flow, steps: s, disposition: o.disposition, ...(o.code ? { code: o.code } : {}), ...(o.context ? { context: o.context } : {}),
  });
  const destination = address(flow.destinationIp);
  const source = flow.sourceIp !== undefined ? address(flow.sourceIp) : undefined;
  if (!destination || !source) return finish(fail({ kind: 'notTraced', resourceId: flow.source, reason: 'an outside source needs sourceIp and an IP destination' }, 'NO_SOURCE_OR_DESTINATION'), steps);
  const p = view.partition(flow.account, flow.region);
  const run = new Run(view, flow, destination, hops);
  run.steps.push(...steps);
  // AWS ("AWS Direct Connect virtual interfaces"): a private virtual interface attaches to the VPC through a
  // virtual private gateway, like a Site-to-Site VPN; `dx:vgw-...` traces it the same way, labelled Direct Connect.
  const dx = flow.source.startsWith(DX_PREFIX);
  const vgwId = dx ? flow.source.slice(DX_PREFIX.length) : flow.source;
  if (vgwId.startsWith('vgw-')) {
    const link = dx ? 'Direct Connect' : 'VPN';
    const vgw = p.vpnGateways.get(vgwId);
    const vpcId = vgw?.state === 'available' ? vgw.attachedVpcId : undefined;
    if (!vgw || vpcId === undefined) return finish(fail({ kind: 'sourceNotFound', source: flow.source }, 'NO_SOURCE_OR_DESTINATION'), run.steps);
    const edge = p.gatewayRouteTable.get(vgw.id);
    const table = edge !== undefined ? p.routeTables.get(edge) : mainTable(p, vpcId);
    run.step({
      kind: 'vpnGateway', resourceId: vgw.id, path: 'forward', verdict: 'forward',
      decidedBy: { by: 'attribute', name: 'routeTable', value: table ? `${table.id} (${edge !== undefined ? 'edge association' : 'main table'})` : 'none' },
      note: `on-premises ${source.text} enters ${vpcId} over ${link} through ${vgw.id}; routed by ${table ? `${table.id} (${edge !== undefined ? 'edge association' : 'main route table'})` : 'no route table'}`,
    });
    const at: InFlight = {
      partition: p, vpcId, subnetId: '', source, sourceEni: outsideSender(vgw.id, vpcId, source.text, p.account, `from on-premises over ${link} through ${vgw.id}`),
      returnPorts: flow.sourcePort !== undefined ? { from: flow.sourcePort, to: flow.sourcePort } : EPHEMERAL_PORTS, hops: 0,
      ...(table ? { routeTableId: table.id } : {}),
    };
    return finish(run.routeFrom(at), run.steps);
  }
  const pcx = view.peering(flow.source);
  if (!pcx) return finish(fail({ kind: 'sourceNotFound', source: flow.source }, 'NO_SOURCE_OR_DESTINATION'), run.steps);
  const here = [pcx.accepter, pcx.requester].find((s) => s.ownerId === p.account && s.region === p.region && p.vpcs.has(s.vpcId));
  if (!here) return finish(fail({ kind: 'peerUnknown', vpcPeeringConnectionId: pcx.id, reason: `neither side of ${pcx.id} is in ${p.account}/${p.region}` }, 'UNKNOWN_DESTINATION'), run.steps);
  const status = view.peeringStatus(pcx);
  if (status !== 'active') return finish(fail({ kind: 'peerUnknown', vpcPeeringConnectionId: pcx.id, reason: `peering connection ${pcx.id} is ${status}` }, 'BAD_STATE'), run.steps);
  const cidrs = p.vpcCidrs.get(here.vpcId) ?? [];
  if (!inVpc(p, here.vpcId, destination)) {
    const reason = `traffic arriving over ${pcx.id} may only go to ${here.vpcId}'s CIDR blocks; ${destination.text} is outside (no edge-to-edge routing, so no gateway endpoint, internet gateway or NAT)`;
    run.step({ kind: 'vpcPeeringConnection', resourceId: pcx.id, path: 'forward', verdict: 'drop', code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', decidedBy: { by: 'cidr', cidrs: cidrs.map(formatCidr), address: destination.text }, note: reason });
    return finish(fail({ kind: 'notReachableAcrossPeering', vpcPeeringConnectionId: pcx.id, reason }, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR'), run.steps);
  }
  run.step({ kind: 'vpcPeeringConnection', resourceId: pcx.id, path: 'forward', verdict: 'forward', decidedBy: { by: 'state', state: status }, note: `${source.text} enters ${here.vpcId} over ${pcx.id}` });
  const eniId = p.eniByIp.get(ipKey(here.vpcId, destination.text));
  const eni = eniId !== undefined ? p.enis.get(eniId) : undefined;
  if (!eni) {
    run.step({ kind: 'destination', resourceId: here.vpcId, path: 'forward', verdict: 'drop', decidedBy: { by: 'address', address: destination.text }, note: `no network interface in ${here.vpcId} has ${destination.text}` });
    return finish(fail({ kind: 'noDestination', vpcId: here.vpcId, address: destination.text }), run.steps);
  }
  const at: InFlight = {
    partition: p, vpcId: here.vpcId, subnetId: '', source, sourceEni: outsideSender(pcx.id, here.vpcId, source.text, p.account),
    returnPorts: flow.sourcePort !== undefined ? { from: flow.sourcePort, to: flow.sourcePort } : EPHEMERAL_PORTS, hops: 0,
  };
  return finish(run.deliverToEni(at, eni, pcx.id), run.steps);
}

/**
 * A subnet as the source: a packet sent from an address in the subnet (`sourceIp` when inside it, else the first
 * usable address: AWS reserves the first four addresses of every subnet, "Subnet CIDR blocks"). There is no
 * sending interface, so no security group egress is evaluated: the subnet stands for any interface in it whose
 * groups allow the traffic out (Network Access Analyzer likewise scopes a subnet by its NACL and routes). Then
 * the subnet's NACL outbound and its route table, exactly as for an ENI; the destination's NACL and SG still apply.
 */
function traceFromSubnet(view: NetworkView, flow: Flow, options: TraceOptions): Trace {
  const hops = options.hops ? { ...DEFAULT_HOPS, ...options.hops } : DEFAULT_HOPS;
  const finish = (o: Outcome, s: readonly Step[]): Trace => ({
    flow, steps: s, disposition: o.disposition, ...(o.code ? { code: o.code } : {}), ...(o.context ? { context: o.context } : {}),
  });
  const leading = [...(options.leadingSteps ?? [])];
  const destination = address(flow.destinationIp);
  if (!destination) return finish(fail({ kind: 'notTraced', resourceId: flow.destinationIp, reason: 'destination is not an IP address' }, 'NO_SOURCE_OR_DESTINATION'), leading);
  const p = view.partition(flow.account, flow.region);
  const subnet = p.subnets.get(flow.source);
  const cidr = subnet ? subnetBlocks(subnet, destination.family)[0] : undefined;
  if (!subnet || !cidr) return finish(fail({ kind: 'sourceNotFound', source: flow.source }, 'NO_SOURCE_OR_DESTINATION'), leading);
  let source: Address;
  if (flow.sourceIp !== undefined) {
    const given = address(flow.sourceIp);
    if (!given || !cidrHas(cidr, given.family, given.value)) {
      return finish(fail({ kind: 'notTraced', resourceId: subnet.id, reason: `sourceIp ${flow.sourceIp} is not an address in ${subnet.id} (${formatCidr(cidr)})` }, 'NO_SOURCE_OR_DESTINATION'), leading);
    }
    source = given;
  } else {
    // AWS ("Subnet CIDR blocks"): the first four addresses are reserved (network, router, DNS, future use).
    const first = formatIp(cidr.family, cidr.network + 4n);
    source = address(first)!;
  }
  const run = new Run(view, flow, destination, hops);
  run.steps.push(...leading);
  run.step({
    kind: 'source', resourceId: subnet.id, path: 'forward', verdict: 'forward',
    decidedBy: { by: 'cidr', cidrs: [formatCidr(cidr)], address: source.text },
    note: `${source.text} in ${subnet.id} (a subnet source: no interface, so no security group) sends ${flow.protocol}${flow.protocol === 'icmp' ? '' : ` port ${flow.port}`} to ${destination.text}`,
  });
  const at: InFlight = {
    partition: p, vpcId: subnet.vpcId, subnetId: subnet.id, source,
    sourceEni: outsideSender(subnet.id, subnet.vpcId, source.text, p.account, `from subnet ${subnet.id}`, subnet.id),
    returnPorts: flow.sourcePort !== undefined ? { from: flow.sourcePort, to: flow.sourcePort } : EPHEMERAL_PORTS, hops: 0,
  };
  const outcome = ((): Outcome => {
    // AWS ("Network ACLs"): a network ACL filters traffic entering and leaving a subnet, not traffic inside it.
    if (!cidrHas(cidr, destination.family, destination.value)) {
      const acl = run.crossAcl(at, subnet.id, p, 'outbound', destination);
      if (acl) return acl;
    }
    return run.routeFrom(at);
  })();
  return finish(outcome, run.steps);
}

/**
 * Traffic from the internet to a public IPv4 address or Elastic IP. AWS ("Enable internet access"): the VPC needs
 * an attached internet gateway, which translates the public address to the interface's private address (1:1
 * NAT); the subnet's NACL inbound and the interface's groups must allow it, and the reply needs a route back to
 * the internet gateway in the destination subnet's table (0.0.0.0/0 -> igw-...) and the NACL outbound on the
 * client's ephemeral ports. A private address cannot be reached from the internet
 * (IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS). Internet gateway edge route tables (ingress routing) are not traced.
 */
function traceFromInternet(view: NetworkView, flow: Flow, options: TraceOptions): Trace {
  const hops = options.hops ? { ...DEFAULT_HOPS, ...options.hops } : DEFAULT_HOPS;
  const finish = (o: Outcome, s: readonly Step[]): Trace => ({
    flow, steps: s, disposition: o.disposition, ...(o.code ? { code: o.code } : {}), ...(o.context ? { context: o.context } : {}),
  });
  const leading = [...(options.leadingSteps ?? [])];
  const destination = address(flow.destinationIp);
  const source = address(flow.sourceIp ?? (destination?.family === 6 ? DEFAULT_INTERNET_SOURCE_IPV6 : DEFAULT_INTERNET_SOURCE_IP));
  if (!destination || !source) return finish(fail({ kind: 'notTraced', resourceId: INTERNET, reason: 'an internet source needs an IP sourceIp and an IP destination' }, 'NO_SOURCE_OR_DESTINATION'), leading);
  const p = view.partition(flow.account, flow.region);
  const run = new Run(view, flow, destination, hops);
  run.steps.push(...leading);
  const drop = (reason: Extract<Disposition, { kind: 'notReachableFromInternet' }>['reason'], detail: string, code: ExplanationCode | undefined, decidedBy: Decider, igwId?: string): Trace => {
    run.step({ kind: 'internetGateway', resourceId: igwId ?? INTERNET, path: 'forward', verdict: 'drop', ...(code ? { code } : {}), decidedBy, note: detail });
    return finish(fail({ kind: 'notReachableFromInternet', address: destination.text, reason, detail, ...(igwId !== undefined ? { internetGatewayId: igwId } : {}) }, code), run.steps);
  };
  // AWS (Reachability Analyzer IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS): an internet gateway drops inbound traffic from private addresses.
  if (isPrivate(source)) {
    return drop('privateSource', `internet source ${source.text} is a private address; an internet gateway drops it`, 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS', { by: 'cidr', cidrs: PRIVATE_RANGES.map(formatCidr), address: source.text });
  }
  const eniId = p.eniByPublicIp.get(destination.text);
  const eni = eniId !== undefined ? p.enis.get(eniId) : undefined;
  if (!eni) {
    // AWS (Reachability Analyzer IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS): inbound from the internet must be
    // addressed to a public IPv4 address or Elastic IP associated with an interface; private addresses are not routable.
    const reason = isPrivate(destination) ? 'privateAddress' : 'noPublicIpMapping';
    const detail = reason === 'privateAddress'
      ? `${destination.text} is a private address: not reachable from the internet (only a public IPv4 address or Elastic IP of an interface is)`
      : `no network interface in ${p.account}/${p.region} has public IPv4 address ${destination.text}`;
    return drop(reason, detail, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', { by: 'address', address: destination.text });
  }
  let igwId: string | undefined;
  for (const g of p.internetGateways.values()) if (g.attachedVpcId === eni.vpcId) { igwId = g.id; break; }
  if (igwId === undefined && destination.family === 6) {
    // AWS ("Enable outbound IPv6 traffic using an egress-only internet gateway"): it "prevents the internet from
    // initiating an IPv6 connection with your instances".
    for (const g of p.egressOnlyInternetGateways.values()) {
      if (g.vpcId !== eni.vpcId) continue;
      return drop('egressOnly', `${eni.vpcId} reaches the internet only through egress-only internet gateway ${g.id}, which refuses connections initiated from the internet: ${destination.text} (${eni.id}) is not reachable`, undefined, { by: 'attribute', name: 'egressOnlyInternetGateway', value: g.id }, g.id);
    }
  }
  if (igwId === undefined) {
    // AWS ("Enable internet access"): a VPC without an attached internet gateway has no path from the internet.
    return drop('noInternetGateway', `${eni.vpcId} has no internet gateway attached: ${destination.text} (${eni.id}) is not reachable from the internet`, undefined, { by: 'attribute', name: 'internetGateway', value: 'none' });
  }
  // A public IPv4 address maps only to an interface with a private IPv4 one (never an IPv6-only interface).
  const privateIp = eni.record.privateIp ?? destination.text;
  run.step(destination.family === 6 ? {
    kind: 'internetGateway', resourceId: igwId, path: 'forward', verdict: 'forward',
    decidedBy: { by: 'address', address: destination.text },
    note: `${igwId}: ${source.text} to ${destination.text} enters ${eni.vpcId} for ${eni.id} (IPv6, no address translation)`,
  } : {
    kind: 'internetGateway', resourceId: igwId, path: 'forward', verdict: 'forward',
    decidedBy: { by: 'address', address: privateIp, translatedFrom: destination.text },
    note: `${igwId}: ${source.text} to ${destination.text} enters ${eni.vpcId}; destination translated to ${eni.id}'s private address ${privateIp}`,
  });
  const at: InFlight = {
    partition: p, vpcId: eni.vpcId, subnetId: '', source,
    sourceEni: outsideSender(igwId, eni.vpcId, source.text, p.account, `from the internet through ${igwId}`),
    returnPorts: flow.sourcePort !== undefined ? { from: flow.sourcePort, to: flow.sourcePort } : EPHEMERAL_PORTS, hops: 0,
  };
  const outcome = run.deliverToEni(at, eni, igwId);
  return finish(outcome.context ? { ...outcome, context: { sourceAddress: source.text, keys: { 'aws:SourceIp': source.text } } } : outcome, run.steps);
}
