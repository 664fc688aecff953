/**
 * @module Lint benchmark (issue: the analyzer): the data-plane benchmark's synthetic network (1,000 VPCs, 10,000
 * subnets, 100,000 routes), plus a gateway endpoint per VPC, linted with every rule. Target: under 5 s.
 */
import { NetworkCompiler } from '../src/engine/compile.js';
import { runLint } from '../src/lint/run.js';
import { createVpcEndpoint } from '../src/model/vpc-endpoint.js';
import { buildSyntheticNetwork } from './engine.js';
import { report } from './measure.js';

export async function run(): Promise<void> {
  const built = Date.now();
  const net = buildSyntheticNetwork();
  net.world.transact((tx) => {
    const p = tx.in('123456789012', 'us-east-1');
    for (const v of net.vpcs) createVpcEndpoint(tx, p, { vpcId: v.vpcId, serviceName: 'com.amazonaws.us-east-1.s3', routeTableIds: [v.tableId], settleMs: 0 });
  });
  report('synthetic state built (1,000 VPCs, 10,000 subnets)', `${((Date.now() - built) / 1000).toFixed(1)} s, ${net.world.size.toLocaleString('en-US')} records`);
  const started = process.hrtime.bigint();
  // Route tables, ACLs and groups compile on their first lookup, inside the rules: the timer splits that time out.
  const compiler = new NetworkCompiler(net.world, { timer: () => performance.now() });
  const view = compiler.view();
  const p = view.partition('123456789012', 'us-east-1');
  const r = runLint({ world: net.world, buckets: [], view });
  const done = process.hrtime.bigint();
  const total = Number(done - started) / 1e9;
  const compileS = compiler.stats.compileMs / 1000;
  const n = compiler.stats.compiled;
  report('network compile (shared with explain and the gate)', `${compileS.toFixed(2)} s (${n.routeTable} of ${p.routeTables.size} route tables, ${n.networkAcl} ACLs, ${n.securityGroup} groups: those the rules traced)`);
  report(`${r.rules.length} rules over the compiled view`, `${(total - compileS).toFixed(2)} s, ${r.findings.length} findings`);
  report('full lint, compile included', `${total.toFixed(2)} s`, { ok: total < 5, text: '< 5 s' });
  await Promise.resolve();
}
