/**
 * @module The what-if part of `npm run bench -- analyzer` (target: under 1 s). Two states of the size:
 * the account `vpce import` just wrote (1,000 VPCs, 10,000 subnets, 100,000 routes, 5,000 groups; read back from
 * its SQLite state each run, as `vpce what-if --state` does), and the engine benchmark's synthetic network (the
 * same size plus 2,000 instances with ENIs). One route change each, applied to a scratch copy through the EC2
 * endpoint and compared over every flow from the changed VPC. Prints the median, the range, and the phases.
 */
import { whatIfOn, type Destination, type WhatIfPhases } from '../src/cli/what-if.js';
import { sqliteStore } from '../src/persistence/sqlite-store.js';
import type { StoredRecord } from '../src/persistence/state-store.js';
import { buildSyntheticNetwork } from './engine.js';
import { report } from './measure.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const RUNS = 5;

/** The imported account `bench/analyzer.ts` wrote: its state folder and the main route table of one of its VPCs. */
export interface ImportedAccount { readonly state: string; readonly tableId: string }

type Change = { readonly operation: string; readonly input: Record<string, unknown>; readonly origin: string };

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Run one what-if RUNS times; `read` gives the records (and is timed as part of loading). */
function measure(label: string, read: () => readonly StoredRecord[], change: Change, destinations: Destination[]): void {
  const totals: number[] = [];
  const cpu: number[] = [];
  const runs: (WhatIfPhases & { read: number })[] = [];
  let last: ReturnType<typeof whatIfOn> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const records = read();
    const read_ = performance.now() - t0;
    const phases: WhatIfPhases = { load: 0, apply: 0, compile: 0, trace: 0, tablesCompiled: 0, routeTables: 0 };
    last = whatIfOn(records, [change], ACCOUNT, REGION, () => destinations, phases);
    totals.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    runs.push({ ...phases, read: read_ });
  }
  if (!last || 'error' in last) throw new Error(`what-if failed: ${last && 'error' in last ? last.error : 'no run'}`);
  const m = median(totals);
  const range = `${Math.min(...totals).toFixed(0)}-${Math.max(...totals).toFixed(0)} ms`;
  report(`what-if, ${label}`, `${m.toFixed(0)} ms median of ${RUNS} (${range}; ${last.report.questions} flows, ${last.report.differences.length} changed)`, { ok: m < 1000, text: '< 1 s' });
  // CPU time (this process, garbage collection included) says what the code costs when other work shares the cores.
  report('  CPU time (median, range)', `${median(cpu).toFixed(0)} ms (${Math.min(...cpu).toFixed(0)}-${Math.max(...cpu).toFixed(0)} ms)`);
  const phase = (k: keyof WhatIfPhases | 'read'): string => `${median(runs.map((r) => r[k])).toFixed(0)}`;
  const first = runs[0]!;
  report('  phases (medians, ms)', `read ${phase('read')}, load ${phase('load')}, apply ${phase('apply')}, compile ${phase('compile')} (${first.tablesCompiled} of ${first.routeTables} route tables), trace ${phase('trace')}`);
}

export async function run(imported?: ImportedAccount): Promise<void> {
  const destinations = [
    { to: `https://bench-reports.s3.${REGION}.amazonaws.com/` }, { to: 'dynamodb://bench-orders' }, { to: `https://sqs.${REGION}.amazonaws.com/` },
  ];
  if (imported) {
    // Remove one of the main table's routes to the internet gateway: the subnets on that table lose the path to it.
    const change = { operation: 'DeleteRoute', input: { RouteTableId: imported.tableId, DestinationCidrBlock: '172.16.1.0/24' }, origin: 'bench' };
    const read = (): StoredRecord[] => {
      const store = sqliteStore(imported.state);
      try { return [...store.load()]; } finally { store.close(); }
    };
    measure('imported account, one route deleted', read, change, [...destinations, { to: '172.16.1.10:443/tcp' }]);
  }
  const net = buildSyntheticNetwork();
  const records: StoredRecord[] = [...net.world.store.load()];
  const target = net.vpcs[Math.floor(net.vpcs.length / 2)]!;
  // Send the VPC's default route to the VPN gateway instead of the internet gateway.
  const change = { operation: 'ReplaceRoute', input: { RouteTableId: target.tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: target.vgwId }, origin: 'bench' };
  measure('synthetic network, one route replaced', () => records, change, destinations);
  await Promise.resolve();
}
