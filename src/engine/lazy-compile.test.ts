/** @module Lazy compilation: a view compiles the route tables, ACLs and groups a trace looks up, no others, and keeps untouched ones across a change. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import { attachInternetGateway, createInternetGateway } from '../model/internet-gateway.js';
import { associateRouteTable, createUserRouteTable } from '../model/route-table.js';
import { createRoute, replaceRoute, type RouteEnv } from '../model/routes.js';
import { createSecurityGroup } from '../model/security-group.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { attachVpnGateway, createVpnGateway } from '../model/vpn-gateway.js';
import { World, type PartitionTx, type Tx } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { LazyCompiled } from './lazy-compiled.js';
import { traceFlow } from './tracer.js';
import type { Trace } from './trace.js';

const A = '111111111111';
const R = 'us-east-1';
const VPCS = 4;
const TABLES_PER_VPC = 5;

function env(tx: Tx, p: PartitionTx): RouteEnv {
  return { view: p, account: p.account, region: p.region, global: tx.global, read: (a, r) => tx.in(a, r), now: tx.clock.now() };
}

interface Net {
  readonly world: World;
  /** Per VPC: its tables (main first), a subnet on each table, one instance in the second subnet, its gateways. */
  readonly vpcs: readonly { vpcId: string; tables: string[]; subnets: string[]; instanceId: string; igw: string; vgw: string }[];
}

/** VPCS VPCs of TABLES_PER_VPC tables each, every table with a default route to the VPC's internet gateway. */
function network(): Net {
  const world = new World(memoryStore(), seededIdGen(11), fixedClock());
  const vpcs = world.transact((tx) => {
    const p = tx.in(A, R);
    const e = env(tx, p);
    return Array.from({ length: VPCS }, (_, n) => {
      const vpc = createVpc(tx, p, { cidrBlock: `10.${n}.0.0/16` });
      const igw = createInternetGateway(tx, p).id;
      attachInternetGateway(p, igw, vpc.id);
      const vgw = createVpnGateway(tx, p, { type: 'ipsec.1' }).id;
      attachVpnGateway(p, vgw, vpc.id);
      const tables = [[...p.childrenOf(vpc.id, 'routeTable')][0]!.id];
      while (tables.length < TABLES_PER_VPC) tables.push(createUserRouteTable(tx, p, vpc.id).id);
      const subnets = tables.map((t, i) => {
        const s = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: `10.${n}.${i}.0/24` }).id;
        if (i > 0) associateRouteTable(tx, p, t, { subnetId: s });
        createRoute(p, e, t, { cidr: '0.0.0.0/0' }, { gatewayId: igw });
        return s;
      });
      const sg = createSecurityGroup(tx, p, { groupName: 'app', description: 'app', vpcId: vpc.id });
      const [instance] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: subnets[1], securityGroupIds: [sg.id] });
      return { vpcId: vpc.id, tables, subnets, instanceId: instance!.id, igw, vgw };
    });
  });
  return { world, vpcs };
}

const outcome = (t: Trace): string => `${t.disposition.kind} ${t.steps.map((s) => `${s.kind}:${s.resourceId}:${s.verdict}`).join(' > ')}`;

describe('lazy compilation', () => {
  it('compiles no table, ACL or group until one is looked up, and knows them all without compiling', () => {
    const net = network();
    const compiler = new NetworkCompiler(net.world);
    const p = compiler.view().partition(A, R);
    assert.deepEqual(compiler.stats.compiled, { routeTable: 0, networkAcl: 0, securityGroup: 0 });
    assert.equal(p.routeTables.size, VPCS * TABLES_PER_VPC);
    assert.ok(p.routeTables.has(net.vpcs[2]!.tables[3]!));
    assert.deepEqual([...p.routeTables.keys()].sort(), net.vpcs.flatMap((v) => v.tables).sort());
    assert.equal(p.mainRouteTable.get(net.vpcs[1]!.vpcId), net.vpcs[1]!.tables[0]);
    assert.equal(p.subnetRouteTable.get(net.vpcs[1]!.subnets[4]!), net.vpcs[1]!.tables[4]);
    assert.deepEqual(compiler.stats.compiled, { routeTable: 0, networkAcl: 0, securityGroup: 0 });
  });

  it('a trace compiles only the route table, ACL and groups on its path, each once', () => {
    const net = network();
    const compiler = new NetworkCompiler(net.world);
    const view = compiler.view();
    const v = net.vpcs[2]!;
    const t = traceFlow(view, { account: A, region: R, source: v.instanceId, destinationIp: '8.8.8.8', protocol: 'tcp', port: 443 });
    // (No public address: the internet gateway drops it, after the group, the ACL and the table have been passed.)
    assert.deepEqual(t.steps.map((s) => s.kind), ['source', 'securityGroup', 'networkAcl', 'routeTable', 'internetGateway']);
    // The instance's subnet's table, its subnet's ACL, its one group: nothing of the other 19 tables or 3 VPCs.
    assert.deepEqual(compiler.stats.compiled, { routeTable: 1, networkAcl: 1, securityGroup: 1 });
    const p = view.partition(A, R);
    assert.equal(p.routeTables.get(v.tables[1]!)?.id, v.tables[1]);
    traceFlow(view, { account: A, region: R, source: v.instanceId, destinationIp: '8.8.4.4', protocol: 'tcp', port: 443 });
    assert.deepEqual(compiler.stats.compiled, { routeTable: 1, networkAcl: 1, securityGroup: 1 });
    // From the VPN: the VPC's main table (found by id, not by compiling the VPC's tables to find it).
    traceFlow(view, { account: A, region: R, source: v.vgw, sourceIp: '192.168.1.1', destinationIp: '10.2.3.9', protocol: 'tcp', port: 443 });
    assert.equal(compiler.stats.compiled.routeTable, 2);
    assert.ok(p.routeTables.get(v.tables[0]!));
    assert.equal(compiler.stats.compiled.routeTable, 2);
  });

  it('iterating compiles every table once, in record order, with the same answers as looked up one by one', () => {
    const net = network();
    const lazy = new NetworkCompiler(net.world);
    const flows = net.vpcs.flatMap((v) => [
      { account: A, region: R, source: v.instanceId, destinationIp: '8.8.8.8', protocol: 'tcp' as const, port: 443 },
      { account: A, region: R, source: v.subnets[3]!, destinationIp: '10.0.1.5', protocol: 'tcp' as const, port: 22 },
    ]);
    const lazyAnswers = flows.map((f) => outcome(traceFlow(lazy.view(), f)));
    const eager = new NetworkCompiler(net.world);
    const p = eager.view().partition(A, R);
    const ids = [...p.routeTables.values()].map((t) => t.id);
    assert.deepEqual(ids, [...net.world.partition(`${A}/${R}`).list('routeTable')].map((rt) => rt.id));
    assert.equal(eager.stats.compiled.routeTable, VPCS * TABLES_PER_VPC);
    assert.equal([...p.routeTables.values()].length, VPCS * TABLES_PER_VPC);
    p.routeTables.forEach(() => {});
    assert.equal(eager.stats.compiled.routeTable, VPCS * TABLES_PER_VPC);
    assert.deepEqual(flows.map((f) => outcome(traceFlow(eager.view(), f))), lazyAnswers);
  });

  it('after a route change, recompiles only the changed table on its next lookup and keeps the others', () => {
    const net = network();
    const compiler = new NetworkCompiler(net.world);
    const v = net.vpcs[0]!;
    const before = compiler.view().partition(A, R);
    const changed = before.routeTables.get(v.tables[1]!)!;
    const kept = before.routeTables.get(v.tables[2]!)!;
    assert.equal(compiler.stats.compiled.routeTable, 2);
    net.world.transact((tx) => { const p = tx.in(A, R); replaceRoute(p, env(tx, p), v.tables[1]!, { cidr: '0.0.0.0/0' }, { gatewayId: v.vgw }); });
    const after = compiler.view().partition(A, R);
    assert.equal(compiler.stats.fullCompiles, 1);
    assert.equal(compiler.stats.lastRebuilt, 1);
    assert.equal(compiler.stats.compiled.routeTable, 2, 'a change compiles nothing by itself');
    assert.equal(after.routeTables.get(v.tables[2]!), kept, 'an untouched table is shared between the versions');
    const rebuilt = after.routeTables.get(v.tables[1]!)!;
    assert.notEqual(rebuilt, changed);
    assert.equal(compiler.stats.compiled.routeTable, 3);
    assert.equal(rebuilt.trie.lookup(4, 0x08080808n)?.values[0]?.target.type, 'vpnGateway');
    assert.equal(kept.trie.lookup(4, 0x08080808n)?.values[0]?.target.type, 'internetGateway');
  });
});

describe('LazyCompiled', () => {
  it('compiles on get, once; put drops the compiled form; drop removes the entry; iteration keeps record order', () => {
    let calls = 0;
    const m = new LazyCompiled<{ id: string; n: number }, string>((r) => `${r.id}=${r.n}`, () => { calls++; });
    m.put({ id: 'a', n: 1 });
    m.put({ id: 'b', n: 2 });
    m.put({ id: 'c', n: 3 });
    assert.equal(m.size, 3);
    assert.equal(calls, 0);
    assert.equal(m.get('b'), 'b=2');
    assert.equal(m.get('b'), 'b=2');
    assert.equal(m.get('z'), undefined);
    assert.equal(calls, 1);
    assert.deepEqual([...m.values()], ['a=1', 'b=2', 'c=3']);
    assert.equal(calls, 3);
    m.put({ id: 'b', n: 5 });
    assert.equal(calls, 3);
    assert.deepEqual([...m], [['a', 'a=1'], ['b', 'b=5'], ['c', 'c=3']]);
    assert.equal(calls, 4);
    m.drop('a');
    assert.deepEqual([...m.keys()], ['b', 'c']);
    assert.equal(m.has('a'), false);
    m.compileWith((r) => `${r.id}:${r.n}`);
    m.put({ id: 'd', n: 4 });
    assert.deepEqual([...m.values()], ['b=5', 'c=3', 'd:4']);
  });
});
