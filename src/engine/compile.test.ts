/** @module The compiler: route priority tie-breaks, prefix-list expansion, caching by version, incremental = full compile. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIp } from '../shared/cidr.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { attachInternetGateway, createInternetGateway } from '../model/internet-gateway.js';
import { createPrefixList } from '../model/prefix-list.js';
import { associateRouteTable, createUserRouteTable, disassociateRouteTable } from '../model/route-table.js';
import { createRoute, deleteRoute, replaceRoute, type RouteEnv } from '../model/routes.js';
import type { Route } from '../model/resources.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { attachVpnGateway, createVpnGateway } from '../model/vpn-gateway.js';
import { World, type PartitionTx, type Tx } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import type { CompiledPartition } from './network-view.js';

const A = '111111111111';
const R = 'us-east-1';

function env(tx: Tx, p: PartitionTx): RouteEnv {
  return { view: p, account: p.account, region: p.region, global: tx.global, read: (a, r) => tx.in(a, r), now: tx.clock.now() };
}

function fixture(): { world: World; vpcId: string; subnets: string[]; tables: string[]; igw: string; vgw: string; pl: string } {
  const world = new World(memoryStore(), seededIdGen(3), fixedClock());
  return world.transact((tx) => {
    const p = tx.in(A, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
    const subnets = [0, 1, 2].map((i) => createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24` }).id);
    const main = [...p.childrenOf(vpc.id, 'routeTable')][0]!.id;
    const tables = [main, createUserRouteTable(tx, p, vpc.id).id, createUserRouteTable(tx, p, vpc.id).id];
    associateRouteTable(tx, p, tables[1]!, { subnetId: subnets[1] });
    const igw = createInternetGateway(tx, p).id;
    attachInternetGateway(p, igw, vpc.id);
    const vgw = createVpnGateway(tx, p, { type: 'ipsec.1' }).id;
    attachVpnGateway(p, vgw, vpc.id);
    const pl = createPrefixList(tx, p, { name: 'corp', maxEntries: 5, addressFamily: 'IPv4', entries: [{ cidr: '203.0.113.0/24' }, { cidr: '10.0.0.0/16' }] }).id;
    return { world, vpcId: vpc.id, subnets, tables, igw, vgw, pl };
  });
}

/** The winning route's matched CIDR and target for an address in a table. */
function winner(c: CompiledPartition, tableId: string, ip: string): string | undefined {
  const hit = c.routeTables.get(tableId)!.trie.lookup(4, parseIp(ip)!.value);
  const r = hit?.values[0];
  return r ? `${r.cidrText} ${r.target.type === 'local' ? 'local' : r.target.id} ${r.state}` : undefined;
}

describe('compile', () => {
  it('equal prefix: static beats prefix-list beats propagated, and the local route wins its own CIDR', () => {
    const f = fixture();
    const t = f.tables[0]!;
    f.world.transact((tx) => {
      const p = tx.in(A, R);
      createRoute(p, env(tx, p), t, { prefixListId: f.pl }, { gatewayId: f.vgw });
      const rt = p.get('routeTable', t)!;
      const propagated: Route = { destination: { type: 'cidr', cidr: '203.0.113.0/24' }, target: { type: 'vpnGateway', id: f.vgw }, origin: 'EnableVgwRoutePropagation' };
      p.put({ ...rt, routes: [...rt.routes, propagated] });
    });
    const compiler = new NetworkCompiler(f.world);
    let c = compiler.view().partition(A, R);
    const top = c.routeTables.get(t)!.trie.lookup(4, parseIp('203.0.113.5')!.value)!;
    assert.deepEqual(top.values.map((v) => v.priority), ['prefixList', 'propagated']);
    assert.equal(winner(c, t, '10.0.9.9'), '10.0.0.0/16 local active');
    // (EC2 refuses a second route of the same CIDR, so the static one is written straight to the record.)
    f.world.transact((tx) => {
      const p = tx.in(A, R);
      const rt = p.get('routeTable', t)!;
      p.put({ ...rt, routes: [...rt.routes, { destination: { type: 'cidr', cidr: '203.0.113.0/24' }, target: { type: 'internetGateway', id: f.igw }, origin: 'CreateRoute' }] });
    });
    c = compiler.view().partition(A, R);
    assert.deepEqual(c.routeTables.get(t)!.trie.lookup(4, parseIp('203.0.113.5')!.value)!.values.map((v) => v.priority), ['static', 'prefixList', 'propagated']);
    assert.equal(winner(c, t, '203.0.113.5'), `203.0.113.0/24 ${f.igw} active`);
  });

  it('expands AWS-managed prefix lists only through the injected resolver', () => {
    const f = fixture();
    f.world.transact((tx) => {
      const p = tx.in(A, R);
      const rt = p.get('routeTable', f.tables[0]!)!;
      p.put({ ...rt, routes: [...rt.routes, { destination: { type: 'prefixList', prefixListId: 'pl-63a5400a' }, target: { type: 'vpcEndpoint', id: 'vpce-0123456789abcdef0' }, origin: 'CreateVpcEndpoint' }] });
    });
    const bare = new NetworkCompiler(f.world, { awsPrefixListCidrs: () => undefined }).view().partition(A, R);
    assert.deepEqual(bare.routeTables.get(f.tables[0]!)!.unresolvedPrefixLists, ['pl-63a5400a']);
    const resolved = new NetworkCompiler(f.world, { awsPrefixListCidrs: (id) => (id === 'pl-63a5400a' ? ['52.216.0.0/15'] : undefined) }).view().partition(A, R);
    assert.equal(winner(resolved, f.tables[0]!, '52.217.1.1'), '52.216.0.0/15 vpce-0123456789abcdef0 blackhole');
  });

  it('keeps the view while the version is unchanged, and maps subnets to tables and ACLs', () => {
    const f = fixture();
    const compiler = new NetworkCompiler(f.world);
    const v = compiler.view();
    assert.equal(compiler.view(), v);
    const c = v.partition(A, R);
    assert.equal(c.subnetRouteTable.get(f.subnets[0]!), f.tables[0]);
    assert.equal(c.subnetRouteTable.get(f.subnets[1]!), f.tables[1]);
    assert.ok(c.subnetAcl.get(f.subnets[2]!)?.startsWith('acl-'));
    f.world.transact((tx) => { tx.in(A, R).put({ ...tx.in(A, R).get('vpc', f.vpcId)!, tags: [{ key: 'x', value: 'y' }] }); });
    assert.notEqual(compiler.view(), v);
  });

  it('rebuilds only the changed table after a route change', () => {
    const f = fixture();
    const compiler = new NetworkCompiler(f.world);
    compiler.view().partition(A, R);
    f.world.transact((tx) => { const p = tx.in(A, R); createRoute(p, env(tx, p), f.tables[1]!, { cidr: '0.0.0.0/0' }, { gatewayId: f.igw }); });
    const c = compiler.view().partition(A, R);
    assert.equal(compiler.stats.fullCompiles, 1);
    assert.equal(compiler.stats.incrementalUpdates, 1);
    assert.equal(compiler.stats.lastRebuilt, 1);
    assert.equal(winner(c, f.tables[1]!, '8.8.8.8'), `0.0.0.0/0 ${f.igw} active`);
  });

  it('incremental updates give the same answers as a full compile (random changes)', () => {
    const ips = ['10.0.1.7', '8.8.8.8', '203.0.113.9', '198.51.100.1', '172.16.3.3'];
    const ops = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom('0.0.0.0/0', '198.51.100.0/24', '172.16.0.0/12', '203.0.113.0/25')), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(ops, (changes) => {
      const f = fixture();
      const compiler = new NetworkCompiler(f.world);
      compiler.view().partition(A, R);
      for (const [op, t, cidr] of changes) {
        const table = f.tables[t]!;
        try {
          f.world.transact((tx) => {
            const p = tx.in(A, R);
            const e = env(tx, p);
            if (op === 0) createRoute(p, e, table, { cidr }, { gatewayId: f.igw });
            else if (op === 1) replaceRoute(p, e, table, { cidr }, { gatewayId: f.vgw });
            else if (op === 2) deleteRoute(p, table, { cidr });
            else if (op === 3) associateRouteTable(tx, p, table, { subnetId: f.subnets[2] });
            else if (op === 4) { const a = p.get('routeTable', table)!.associations.find((x) => x.subnetId !== undefined); if (a) disassociateRouteTable(p, a.associationId); }
            else createRoute(p, e, table, { prefixListId: f.pl }, { gatewayId: f.vgw });
          });
        } catch { /* refused by the model (exists, not found): no change */ }
        const inc = compiler.view().partition(A, R);
        const full = new NetworkCompiler(f.world).view().partition(A, R);
        assert.deepEqual([...inc.subnetRouteTable].sort(), [...full.subnetRouteTable].sort());
        for (const tbl of f.tables) for (const ip of ips) assert.equal(winner(inc, tbl, ip), winner(full, tbl, ip));
      }
    }), { numRuns: 60, seed: 9090 });
  });
});
