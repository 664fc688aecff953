/**
 * @module Data-plane benchmark (issue: the data plane): a synthetic network of 1,000 VPCs, 10,000 subnets and
 * 100,000 routes built straight through the model, then full compile time, heap, trace latency once compiled, and
 * the incremental update after one route change.
 */
import { NetworkCompiler } from '../src/engine/compile.js';
import { traceFlow } from '../src/engine/tracer.js';
import type { Flow, Trace } from '../src/engine/trace.js';
import { runInstances } from '../src/model/instance.js';
import { attachInternetGateway, createInternetGateway } from '../src/model/internet-gateway.js';
import { associateRouteTable, createUserRouteTable } from '../src/model/route-table.js';
import { createRoute, replaceRoute, type RouteEnv } from '../src/model/routes.js';
import { authorizeRules, createSecurityGroup } from '../src/model/security-group.js';
import { createSubnet } from '../src/model/subnet.js';
import { createVpc } from '../src/model/vpc.js';
import { attachVpnGateway, createVpnGateway } from '../src/model/vpn-gateway.js';
import { World, type PartitionTx, type Tx } from '../src/model/world.js';
import { memoryStore } from '../src/persistence/memory-store.js';
import { fixedClock } from '../src/shared/clock.js';
import { seededIdGen } from '../src/shared/ids.js';
import { report } from './measure.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export interface SyntheticSize {
  readonly vpcs: number;
  readonly subnetsPerVpc: number;
  /** Route tables per VPC (the main table included); subnet i uses table i mod this. */
  readonly tablesPerVpc: number;
  /** Routes per table, the local route included. */
  readonly routesPerTable: number;
  readonly instancesPerVpc: number;
}

export const FULL_SIZE: SyntheticSize = { vpcs: 1000, subnetsPerVpc: 10, tablesPerVpc: 10, routesPerTable: 10, instancesPerVpc: 2 };

export interface SyntheticNetwork {
  readonly world: World;
  /** Per VPC: its instances, an on-premises address its tables route to the VPN gateway, and one user table. */
  readonly vpcs: readonly { readonly vpcId: string; readonly instanceIds: readonly string[]; readonly privateIps: readonly string[]; readonly tableId: string; readonly vgwId: string; readonly igwId: string }[];
}

function env(tx: Tx, p: PartitionTx): RouteEnv {
  return { view: p, account: p.account, region: p.region, global: tx.global, read: (a, r) => tx.in(a, r), now: tx.clock.now() };
}

/**
 * Build the network: per VPC an internet gateway and a virtual private gateway, `tablesPerVpc` tables with
 * `routesPerTable - 1` static routes each (a default route to the internet gateway and /24s to the VPN gateway),
 * subnets spread over the tables, a security group allowing TCP 443 within the VPC, and a few instances.
 */
export function buildSyntheticNetwork(size: SyntheticSize = FULL_SIZE): SyntheticNetwork {
  const world = new World(memoryStore(), seededIdGen(7), fixedClock());
  const vpcs: SyntheticNetwork['vpcs'][number][] = [];
  const batch = 50;
  for (let start = 0; start < size.vpcs; start += batch) {
    world.transact((tx) => {
      const p = tx.in(ACCOUNT, REGION);
      const e = env(tx, p);
      for (let n = start; n < Math.min(size.vpcs, start + batch); n++) {
        const second = n % 256;
        const vpc = createVpc(tx, p, { cidrBlock: `10.${second}.0.0/16` });
        const igw = createInternetGateway(tx, p);
        attachInternetGateway(p, igw.id, vpc.id);
        const vgw = createVpnGateway(tx, p, { type: 'ipsec.1' });
        attachVpnGateway(p, vgw.id, vpc.id);
        const tables: string[] = [];
        for (const rt of p.childrenOf(vpc.id, 'routeTable')) tables.push(rt.id);
        while (tables.length < size.tablesPerVpc) tables.push(createUserRouteTable(tx, p, vpc.id).id);
        for (const [t, tableId] of tables.entries()) {
          createRoute(p, e, tableId, { cidr: '0.0.0.0/0' }, { gatewayId: igw.id });
          for (let r = 0; r < size.routesPerTable - 2; r++) {
            createRoute(p, e, tableId, { cidr: `172.${16 + (r % 16)}.${(t * 16 + r) % 256}.0/24` }, { gatewayId: vgw.id });
          }
        }
        const subnets: string[] = [];
        for (let s = 0; s < size.subnetsPerVpc; s++) {
          const subnet = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: `10.${second}.${s}.0/24` });
          subnets.push(subnet.id);
          const table = tables[s % tables.length]!;
          if (s % tables.length !== 0) associateRouteTable(tx, p, table, { subnetId: subnet.id });
        }
        const sg = createSecurityGroup(tx, p, { groupName: 'app', description: 'app', vpcId: vpc.id });
        authorizeRules(tx, p, { groupId: sg.id }, false, [{ protocol: 'tcp', fromPort: 443, toPort: 443, peers: [{ type: 'cidr', cidr: `10.${second}.0.0/16` }] }]);
        const instanceIds: string[] = [];
        const privateIps: string[] = [];
        for (let i = 0; i < size.instancesPerVpc; i++) {
          const [inst] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: subnets[i % subnets.length], securityGroupIds: [sg.id] });
          instanceIds.push(inst!.id);
          privateIps.push(inst!.privateIp!);
        }
        vpcs.push({ vpcId: vpc.id, instanceIds, privateIps, tableId: tables[1] ?? tables[0]!, vgwId: vgw.id, igwId: igw.id });
      }
    });
  }
  return { world, vpcs };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const net = buildSyntheticNetwork();
  const p = net.world.partition(`${ACCOUNT}/${REGION}`);
  const routes = [...p.list('routeTable')].reduce((n, rt) => n + rt.routes.length, 0);
  report('synthetic network built through the model', `${net.vpcs.length} VPCs, ${p.count('subnet')} subnets, ${p.count('routeTable')} tables, ${routes} routes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const compiler = new NetworkCompiler(net.world);
  const c0 = performance.now();
  const view = compiler.view();
  const compiled = view.partition(ACCOUNT, REGION);
  const partitionMs = performance.now() - c0;
  // Route tables, ACLs and groups compile on first lookup; iterating them compiles all (what lint once did).
  for (const _ of compiled.routeTables.values()) { /* compiles */ }
  for (const _ of compiled.acls.values()) { /* compiles */ }
  for (const _ of compiled.securityGroups.values()) { /* compiles */ }
  const compileMs = performance.now() - c0;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  report('partition compile (tables, ACLs, groups on lookup)', `${partitionMs.toFixed(0)} ms`);
  report('full compile (every table, ACL and group)', `${compileMs.toFixed(0)} ms`, { ok: compileMs < 2000, text: '< 2 s' });
  const heapMb = heapAfter / 1024 / 1024;
  report('heap used (model + compiled view)', `${heapMb.toFixed(0)} MB (view ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(0)} MB)`, { ok: heapMb < 1024, text: '< 1 GB' });

  // Traces: instance to instance in the VPC (local delivery with NACL and SG both ways) and to on-premises.
  const flows: Flow[] = [];
  for (const v of net.vpcs) {
    flows.push({ account: ACCOUNT, region: REGION, source: v.instanceIds[0]!, destinationIp: v.privateIps[1]!, protocol: 'tcp', port: 443 });
    flows.push({ account: ACCOUNT, region: REGION, source: v.instanceIds[1]!, destinationIp: '172.17.17.9', protocol: 'tcp', port: 22 });
  }
  let delivered = 0;
  for (let i = 0; i < 2000; i++) traceFlow(view, flows[i % flows.length]!); // warm-up
  const samples: number[] = [];
  let last: Trace | undefined;
  for (let i = 0; i < 20000; i++) {
    const f = flows[i % flows.length]!;
    const s = performance.now();
    last = traceFlow(view, f);
    samples.push(performance.now() - s);
    if (last.disposition.kind === 'delivered') delivered++;
  }
  samples.sort((a, b) => a - b);
  const p50us = percentile(samples, 0.5) * 1000;
  report('trace latency once compiled', `p50 ${p50us.toFixed(1)} µs  p99 ${(percentile(samples, 0.99) * 1000).toFixed(1)} µs  (${delivered}/${samples.length} delivered)`, { ok: p50us < 200, text: 'median < 200 µs' });

  // One route change through the model, then the next view.
  const target = net.vpcs[Math.floor(net.vpcs.length / 2)]!;
  const updates: number[] = [];
  for (let k = 0; k < 21; k++) {
    net.world.transact((tx) => {
      const tp = tx.in(ACCOUNT, REGION);
      replaceRoute(tp, env(tx, tp), target.tableId, { cidr: '0.0.0.0/0' }, k % 2 === 0 ? { gatewayId: target.vgwId } : { gatewayId: target.igwId });
    });
    const u0 = performance.now();
    // The update drops the changed table; its next lookup (a trace through it) rebuilds it.
    compiler.view().partition(ACCOUNT, REGION).routeTables.get(target.tableId);
    updates.push(performance.now() - u0);
  }
  updates.sort((a, b) => a - b);
  const incMs = percentile(updates, 0.5);
  report('incremental update after one route change', `${incMs.toFixed(2)} ms median of ${updates.length} (rebuilt ${compiler.stats.lastRebuilt} table, full compiles ${compiler.stats.fullCompiles})`, { ok: incMs < 10, text: '< 10 ms' });
}
