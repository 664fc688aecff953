/** @module IPv6 in the data plane: the v6 route trie, egress-only internet gateways, IPv6 SG/NACL rules, internet ingress, `[v6]:port` destinations. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cidrHas, formatCidr, parseCidr, parseIp } from '../shared/cidr.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import { createSubnet, modifySubnetAttribute } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { createEgressOnlyInternetGateway } from '../model/egress-only-internet-gateway.js';
import { attachInternetGateway, createInternetGateway } from '../model/internet-gateway.js';
import { createRoute } from '../model/routes.js';
import { authorizeRules, createSecurityGroup, defaultGroupOf } from '../model/security-group.js';
import { associateRouteTable, createUserRouteTable } from '../model/route-table.js';
import { allocateElasticIp } from '../model/address.js';
import { createNatGateway } from '../model/nat-gateway.js';
import { createNetworkAclEntry, defaultAclOf } from '../model/network-acl.js';
import { World, type PartitionTx, type Tx } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { parseDestination } from './request.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';

interface V6World {
  readonly world: World;
  readonly vpcId: string;
  readonly vpcBlock: string;
  readonly subnetId: string;
  readonly mainTable: string;
  readonly a: { id: string; ipv6: string };
  readonly b: { id: string; ipv6: string };
  readonly plain: string;
}

/** A dual-stack VPC: one subnet auto-assigning IPv6, two instances with IPv6 and one launched before (IPv4 only). */
function v6World(): V6World {
  const world = new World(memoryStore(), seededIdGen(7), fixedClock());
  return world.transact((tx) => {
    const p = tx.in(A, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16', amazonIpv6: true });
    const vpcBlock = vpc.ipv6Associations[0]!.cidrBlock;
    const subnetBlock = nthSubnet(vpcBlock, 1);
    const subnet = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24', ipv6CidrBlock: subnetBlock });
    const [plain] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: subnet.id });
    modifySubnetAttribute(p, subnet.id, { assignIpv6AddressOnCreation: true });
    const [a, b] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 2, maxCount: 2, subnetId: subnet.id });
    const v6 = (id: string): string => p.get('networkInterface', p.get('instance', id)!.networkInterfaceIds[0]!)!.ipv6Addresses[0]!;
    const mainTable = [...p.childrenOf(vpc.id, 'routeTable')][0]!.id;
    return { world, vpcId: vpc.id, vpcBlock, subnetId: subnet.id, mainTable, a: { id: a!.id, ipv6: v6(a!.id) }, b: { id: b!.id, ipv6: v6(b!.id) }, plain: plain!.id };
  });
}

function change<T>(w: V6World, f: (tx: Tx, p: PartitionTx) => T): T {
  return w.world.transact((tx) => f(tx, tx.in(A, R)));
}

function routeEnv(tx: Tx, p: PartitionTx) {
  return { view: p, account: A, region: R, global: tx.global, read: (acct: string, region: string) => tx.in(acct, region), now: 0 };
}

const OUT = '2600:1f18::5';

/** The n-th /64 of a /56. */
function nthSubnet(vpcBlock: string, n: number): string {
  return formatCidr({ family: 6, network: parseCidr(vpcBlock)!.network + (BigInt(n) << 64n), prefix: 64 });
}

describe('IPv6 flows (AWS: "IPv6 support for your VPC")', () => {
  it('has a /56 from the Region pool, a /64 subnet and instances with IPv6 addresses from it', () => {
    const w = v6World();
    assert.match(w.vpcBlock, /^2600:1f10:[0-9a-f:]*\/56$/);
    assert.ok(cidrHas(parseCidr(nthSubnet(w.vpcBlock, 1))!, 6, parseIp(w.a.ipv6)!.value));
    assert.notEqual(w.a.ipv6, w.b.ipv6);
  });

  it('delivers between two instances over the local IPv6 route, from the sender\'s IPv6 address (default group members match by IPv6)', () => {
    const w = v6World();
    const t = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.a.id, destinationIp: w.b.ipv6, protocol: 'tcp', port: 22 });
    assert.equal(t.disposition.kind, 'delivered');
    const route = t.steps.find((s) => s.kind === 'routeTable');
    assert.ok(route?.decidedBy.by === 'route' && route.decidedBy.route.matchedCidr === w.vpcBlock);
    assert.equal(t.context?.sourceAddress, w.a.ipv6);
  });

  it('finds no route for an internet IPv6 address until ::/0 points somewhere (LPM on the v6 trie)', () => {
    const w = v6World();
    const flow = { account: A, region: R, source: w.a.id, destinationIp: OUT, protocol: 'tcp' as const, port: 443 };
    assert.equal(traceFlow(new NetworkCompiler(w.world).view(), flow).disposition.kind, 'noRoute');
  });

  it('sends IPv6 out through an egress-only internet gateway with the instance\'s own address, and refuses connections from the internet', () => {
    // AWS ("Egress-only internet gateways"): outbound IPv6 only; the internet cannot initiate a connection in.
    const w = v6World();
    const eigw = change(w, (tx, p) => {
      const g = createEgressOnlyInternetGateway(tx, p, { vpcId: w.vpcId, input: {} });
      createRoute(p, routeEnv(tx, p), w.mainTable, { ipv6Cidr: '::/0' }, { egressOnlyInternetGatewayId: g.id });
      return g.id;
    });
    const view = new NetworkCompiler(w.world).view();
    const out = traceFlow(view, { account: A, region: R, source: w.a.id, destinationIp: OUT, protocol: 'tcp', port: 443 });
    assert.equal(out.disposition.kind, 'delivered');
    assert.ok(out.disposition.kind === 'delivered' && out.disposition.to.type === 'internet' && out.disposition.to.internetGatewayId === eigw);
    assert.deepEqual(out.context?.keys, { 'aws:SourceIp': w.a.ipv6 });
    const inbound = traceFlow(view, { account: A, region: R, source: 'internet', destinationIp: w.a.ipv6, protocol: 'tcp', port: 22 });
    assert.equal(inbound.disposition.kind, 'notReachableFromInternet');
    assert.ok(inbound.disposition.kind === 'notReachableFromInternet' && inbound.disposition.reason === 'egressOnly');
  });

  it('writes a non-canonical IPv6 destination canonically and matches it', () => {
    const w = v6World();
    const spelled = w.b.ipv6.replace('::', ':0::');
    const t = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.a.id, destinationIp: spelled, protocol: 'tcp', port: 22 });
    assert.equal(t.disposition.kind, 'delivered');
  });

  it('reaches an instance\'s IPv6 address from the internet through an internet gateway once its group allows ::/0 (no translation)', () => {
    // AWS ("IPv6 support for your VPC"): IPv6 addresses are global and public; an internet gateway does no NAT for them.
    const w = v6World();
    change(w, (tx, p) => {
      const igw = createInternetGateway(tx, p);
      attachInternetGateway(p, igw.id, w.vpcId);
      createRoute(p, routeEnv(tx, p), w.mainTable, { ipv6Cidr: '::/0' }, { gatewayId: igw.id });
    });
    const flow = { account: A, region: R, source: 'internet', destinationIp: w.a.ipv6, protocol: 'tcp' as const, port: 443 };
    const denied = traceFlow(new NetworkCompiler(w.world).view(), flow);
    assert.equal(denied.disposition.kind, 'deniedBySecurityGroup');
    change(w, (tx, p) => authorizeRules(tx, p, { groupId: defaultGroupOf(p, w.vpcId)!.id }, false, [{ protocol: 'tcp', fromPort: 443, toPort: 443, peers: [{ type: 'ipv6Cidr', cidr: '::/0' }] }]));
    const t = traceFlow(new NetworkCompiler(w.world).view(), flow);
    assert.equal(t.disposition.kind, 'delivered');
    assert.equal(t.context?.sourceAddress, '2001:db8::10');
    const out = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.a.id, destinationIp: OUT, protocol: 'tcp', port: 443 });
    assert.equal(out.disposition.kind, 'delivered');
  });

  it('stops IPv6 at a network ACL rule for an IPv6 block (the default ACL\'s rule 101 allows it otherwise)', () => {
    // AWS ("Network ACLs"): the default ACL has IPv6 rules 101 allowing ::/0 in and out when the VPC has an IPv6 block.
    const w = v6World();
    change(w, (tx, p) => {
      const g = createEgressOnlyInternetGateway(tx, p, { vpcId: w.vpcId, input: {} });
      createRoute(p, routeEnv(tx, p), w.mainTable, { ipv6Cidr: '::/0' }, { egressOnlyInternetGatewayId: g.id });
      const acl = defaultAclOf(p, w.vpcId)!;
      assert.ok(acl.entries.some((e) => e.ruleNumber === 101 && e.ipv6CidrBlock === '::/0' && e.action === 'allow'));
      createNetworkAclEntry(p, acl.id, { ruleNumber: 50, protocol: '6', action: 'deny', egress: true, ipv6CidrBlock: '2600:1f18::/32', portRange: { from: 443, to: 443 } });
    });
    const t = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.a.id, destinationIp: OUT, protocol: 'tcp', port: 443 });
    assert.equal(t.disposition.kind, 'deniedByNetworkAcl');
    assert.ok(t.disposition.kind === 'deniedByNetworkAcl' && t.disposition.ruleNumber === 50);
  });

  it('translates IPv6 to 64:ff9b::/96 into IPv4 at a NAT gateway (NAT64) and on through the internet gateway', () => {
    // AWS ("DNS64 and NAT64"): a NAT gateway translates IPv6 to 64:ff9b::/96 into IPv4 to the embedded address.
    const w = v6World();
    change(w, (tx, p) => {
      const igw = createInternetGateway(tx, p);
      attachInternetGateway(p, igw.id, w.vpcId);
      const pub = createSubnet(tx, p, { vpcId: w.vpcId, cidrBlock: '10.0.9.0/24' });
      const rt = createUserRouteTable(tx, p, w.vpcId);
      associateRouteTable(tx, p, rt.id, { subnetId: pub.id });
      createRoute(p, routeEnv(tx, p), rt.id, { cidr: '0.0.0.0/0' }, { gatewayId: igw.id });
      const eip = allocateElasticIp(tx, p, {});
      const nat = createNatGateway(tx, p, { subnetId: pub.id, allocationId: eip.id });
      createRoute(p, routeEnv(tx, p), w.mainTable, { ipv6Cidr: '64:ff9b::/96' }, { natGatewayId: nat.id });
    });
    const t = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.a.id, destinationIp: '64:ff9b::cb00:7105', protocol: 'tcp', port: 443 });
    assert.equal(t.disposition.kind, 'delivered');
    const natStep = t.steps.find((x) => x.kind === 'natGateway');
    assert.match(natStep?.note ?? '', /NAT64: destination 64:ff9b::cb00:7105 becomes 203\.0\.113\.5/);
    assert.ok(t.context?.keys['aws:SourceIp'] !== undefined && !t.context.keys['aws:SourceIp'].includes(':'));
  });

  it('treats ICMP to an IPv6 address as ICMPv6: an icmpv6 rule admits the echo request', () => {
    // AWS ("Security group rules"): ICMP for IPv6 is protocol 58 (icmpv6), echo request type 128.
    const w = v6World();
    const flow = { account: A, region: R, source: w.a.id, destinationIp: w.b.ipv6, protocol: 'icmp' as const, port: 8 };
    change(w, (tx, p) => {
      const g = createSecurityGroup(tx, p, { vpcId: w.vpcId, groupName: 'pingable', description: 'ping' });
      authorizeRules(tx, p, { groupId: g.id }, false, [{ protocol: 'icmpv6', fromPort: 128, toPort: 0, peers: [{ type: 'ipv6Cidr', cidr: w.vpcBlock }] }]);
      const eniId = p.get('instance', w.b.id)!.networkInterfaceIds[0]!;
      p.put({ ...p.get('networkInterface', eniId)!, groupIds: [g.id] });
    });
    const t = traceFlow(new NetworkCompiler(w.world).view(), flow);
    assert.equal(t.disposition.kind, 'delivered');
    const sg = t.steps.find((x) => x.kind === 'securityGroup' && x.direction === 'ingress');
    assert.ok(sg?.decidedBy.by === 'securityGroupRule' && /icmpv6/.test(sg.decidedBy.rule));
  });

  it('does not trace IPv6 from an interface without an IPv6 address', () => {
    // AWS ("IPv6 support for your VPC"): an interface sends IPv6 only from an IPv6 address assigned to it.
    const w = v6World();
    const t = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.plain, destinationIp: w.a.ipv6, protocol: 'tcp', port: 22 });
    assert.equal(t.disposition.kind, 'notTraced');
    assert.equal(t.code, 'NO_SOURCE_OR_DESTINATION');
  });

  it('parses bracketed IPv6 destinations for vpce explain', () => {
    assert.deepEqual(parseDestination('[2600:1f18::5]:443/tcp', R, A), { ip: '2600:1f18::5', port: 443, protocol: 'tcp' });
    assert.deepEqual(parseDestination('[2600:1f18::5]/icmp', R, A), { ip: '2600:1f18::5', port: 8, protocol: 'icmp' });
    assert.ok('error' in parseDestination('[2600:1f18::zz]:443/tcp', R, A));
  });
});
