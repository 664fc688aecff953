/** @module IPv6-only interfaces in the data plane: instances in an IPv6-only subnet send and receive IPv6 only. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCidr, parseCidr } from '../shared/cidr.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { createEgressOnlyInternetGateway } from '../model/egress-only-internet-gateway.js';
import { createRoute } from '../model/routes.js';
import { World } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';

function nthSubnet(vpcBlock: string, n: number): string {
  return formatCidr({ family: 6, network: parseCidr(vpcBlock)!.network + (BigInt(n) << 64n), prefix: 64 });
}

interface OnlyWorld {
  readonly world: World;
  readonly v6only: { id: string; ipv6: string; privateIp: string | undefined };
  readonly dual: { id: string; ipv4: string; ipv6: string };
  readonly eigw: string;
}

/** A dual-stack VPC with an IPv6-only subnet and a dual-stack one, an instance in each, `::/0` to an egress-only gateway. */
function onlyWorld(): OnlyWorld {
  const world = new World(memoryStore(), seededIdGen(11), fixedClock());
  return world.transact((tx) => {
    const p = tx.in(A, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16', amazonIpv6: true });
    const block = vpc.ipv6Associations[0]!.cidrBlock;
    const only = createSubnet(tx, p, { vpcId: vpc.id, ipv6Native: true, ipv6CidrBlock: nthSubnet(block, 1) });
    const both = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24', ipv6CidrBlock: nthSubnet(block, 2) });
    const [a] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: only.id });
    const [b] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: both.id, ipv6: { count: 1 } });
    const eni = (id: string) => p.get('networkInterface', p.get('instance', id)!.networkInterfaceIds[0]!)!;
    const g = createEgressOnlyInternetGateway(tx, p, { vpcId: vpc.id, input: {} });
    const main = [...p.childrenOf(vpc.id, 'routeTable')][0]!.id;
    createRoute(p, { view: p, account: A, region: R, global: tx.global, read: (acct: string, region: string) => tx.in(acct, region), now: 0 }, main, { ipv6Cidr: '::/0' }, { egressOnlyInternetGatewayId: g.id });
    return {
      world, eigw: g.id,
      v6only: { id: a!.id, ipv6: eni(a!.id).ipv6Addresses[0]!, privateIp: a!.privateIp ?? eni(a!.id).privateIp },
      dual: { id: b!.id, ipv4: eni(b!.id).privateIp!, ipv6: eni(b!.id).ipv6Addresses[0]! },
    };
  });
}

describe('IPv6-only interfaces (AWS: "IPv6-only subnets")', () => {
  it('launches an instance there with an IPv6 address and no private IPv4 address', () => {
    // AWS ("IPv6-only subnets"): interfaces there get IPv6 addresses only, no private IPv4 address.
    const w = onlyWorld();
    assert.equal(w.v6only.privateIp, undefined);
    assert.match(w.v6only.ipv6, /:/);
  });

  it('sends IPv6 from its IPv6 address to a dual-stack instance in the VPC, and receives IPv6 back', () => {
    const w = onlyWorld();
    const view = new NetworkCompiler(w.world).view();
    const out = traceFlow(view, { account: A, region: R, source: w.v6only.id, destinationIp: w.dual.ipv6, protocol: 'tcp', port: 22 });
    assert.equal(out.disposition.kind, 'delivered');
    assert.equal(out.context?.sourceAddress, w.v6only.ipv6);
    const back = traceFlow(view, { account: A, region: R, source: w.dual.id, destinationIp: w.v6only.ipv6, protocol: 'tcp', port: 22 });
    assert.equal(back.disposition.kind, 'delivered');
  });

  it('reaches the internet over IPv6 through the egress-only gateway', () => {
    const w = onlyWorld();
    const out = traceFlow(new NetworkCompiler(w.world).view(), { account: A, region: R, source: w.v6only.id, destinationIp: '2600:1f18::5', protocol: 'tcp', port: 443 });
    assert.ok(out.disposition.kind === 'delivered' && out.disposition.to.type === 'internet' && out.disposition.to.internetGatewayId === w.eigw);
    assert.deepEqual(out.context?.keys, { 'aws:SourceIp': w.v6only.ipv6 });
  });

  it('does not trace IPv4 from it (no IPv4 address to send from), and its addresses are not IPv4 destinations', () => {
    // AWS ("IPv6-only subnets"): with no IPv4 address an instance neither sends nor receives IPv4.
    const w = onlyWorld();
    const view = new NetworkCompiler(w.world).view();
    const t = traceFlow(view, { account: A, region: R, source: w.v6only.id, destinationIp: w.dual.ipv4, protocol: 'tcp', port: 22 });
    assert.equal(t.disposition.kind, 'notTraced');
    assert.equal(t.code, 'NO_SOURCE_OR_DESTINATION');
    assert.ok(t.disposition.kind === 'notTraced' && /no private IPv4 address/.test(t.disposition.reason));
  });
});
