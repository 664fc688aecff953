/** @module Flow sources beyond instances and ENIs: `--from` parsing, subnet sources (no SG, DNS by the subnet's VPC), and internet-source edge cases. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { World } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { explain, parseSource } from './request.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';

function world(): { world: World; subnetA: string; subnetB: string; privateIp: string } {
  const w = new World(memoryStore(), seededIdGen(7), fixedClock());
  return w.transact((tx) => {
    const p = tx.in(A, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
    const a = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    const b = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    const [inst] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: b.id });
    return { world: w, subnetA: a.id, subnetB: b.id, privateIp: inst!.privateIp! };
  });
}

describe('flow sources', () => {
  it('parses --from forms: @sourceIp, and dx-vgw- as dx:vgw-', () => {
    assert.deepEqual(parseSource('i-0123'), { source: 'i-0123' });
    assert.deepEqual(parseSource('internet'), { source: 'internet' });
    assert.deepEqual(parseSource('internet@203.0.113.7'), { source: 'internet', sourceIp: '203.0.113.7' });
    assert.deepEqual(parseSource('dx-vgw-0abc@192.168.1.5'), { source: 'dx:vgw-0abc', sourceIp: '192.168.1.5' });
    assert.deepEqual(parseSource('dx:vgw-0abc'), { source: 'dx:vgw-0abc' });
    assert.deepEqual(parseSource('subnet-0abc@10.0.1.9'), { source: 'subnet-0abc', sourceIp: '10.0.1.9' });
  });

  it('a subnet source sends from its first usable address with no security group, or from sourceIp inside it', () => {
    const f = world();
    const view = new NetworkCompiler(f.world).view();
    const flow = { account: A, region: R, source: f.subnetA, destinationIp: f.privateIp, protocol: 'tcp' as const, port: 22 };
    const t = traceFlow(view, flow);
    const src = t.steps[0]!;
    assert.equal(src.kind, 'source');
    assert.deepEqual(src.decidedBy, { by: 'cidr', cidrs: ['10.0.1.0/24'], address: '10.0.1.4' });
    assert.equal(t.steps[1]?.kind, 'networkAcl', 'no securityGroup egress step for a subnet source');
    // The destination's default group allows only its own members: a subnet source is not one.
    assert.equal(t.disposition.kind, 'deniedBySecurityGroup');
    const given = traceFlow(view, { ...flow, sourceIp: '10.0.1.200' });
    assert.equal(given.steps[0]?.decidedBy.by === 'cidr' ? given.steps[0].decidedBy.address : undefined, '10.0.1.200');
    const outside = traceFlow(view, { ...flow, sourceIp: '10.0.2.9' });
    assert.equal(outside.disposition.kind, 'notTraced');
    assert.equal(traceFlow(view, { ...flow, source: 'subnet-0000000000000000f' }).disposition.kind, 'sourceNotFound');
  });

  it('a subnet source resolves names with its VPC resolver; outside sources take IPs only', () => {
    const f = world();
    const view = new NetworkCompiler(f.world).view();
    const byName = traceFlow(view, { account: A, region: R, source: f.subnetA, destinationName: 's3.us-east-1.amazonaws.com', protocol: 'tcp', port: 443 });
    assert.equal(byName.steps[0]?.kind, 'dns');
    assert.equal(byName.steps[1]?.kind, 'source');
    const inet = traceFlow(view, { account: A, region: R, source: 'internet', destinationName: 'example.com', protocol: 'tcp', port: 443 });
    assert.equal(inet.disposition.kind, 'notTraced');
  });

  it('the internet: a private sender is dropped at the gateway; a private destination is not reachable', () => {
    const f = world();
    const view = new NetworkCompiler(f.world).view();
    const base = { account: A, region: R, source: 'internet', protocol: 'tcp' as const, port: 443 };
    const priv = traceFlow(view, { ...base, sourceIp: '10.9.9.9', destinationIp: '54.1.2.3' });
    assert.equal(priv.code, 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS');
    const toPrivate = traceFlow(view, { ...base, destinationIp: f.privateIp });
    assert.equal(toPrivate.code, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    assert.equal(toPrivate.disposition.kind === 'notReachableFromInternet' ? toPrivate.disposition.reason : undefined, 'privateAddress');
    const unmapped = traceFlow(view, { ...base, destinationIp: '54.1.2.3' });
    assert.equal(unmapped.disposition.kind === 'notReachableFromInternet' ? unmapped.disposition.reason : undefined, 'noPublicIpMapping');
  });

  it('explain passes --from through parseSource (sourceIp after @), and rejects a bad address', () => {
    const f = world();
    const view = new NetworkCompiler(f.world).view();
    const r = explain(view, { account: A, region: R, from: `${f.subnetA}@10.0.1.50`, to: `${f.privateIp}:22/tcp` });
    assert.ok(r.ok);
    assert.equal(r.trace.flow.sourceIp, '10.0.1.50');
    const bad = explain(view, { account: A, region: R, from: 'internet@not-an-ip', to: '54.1.2.3:443/tcp' });
    assert.equal(bad.ok, false);
  });
});
