/**
 * @module The what-if part of `npm run bench -- analyzer`: one route change on the synthetic network of the engine
 * benchmark (1,000 VPCs, 10,000 subnets, 100,000 routes), applied to a scratch copy through the EC2 endpoint and
 * compared over every flow from the changed VPC to the account's destinations. Target: under 1 s.
 */
import { whatIfOn } from '../src/cli/what-if.js';
import type { StoredRecord } from '../src/persistence/state-store.js';
import { buildSyntheticNetwork } from './engine.js';
import { report } from './measure.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export async function run(): Promise<void> {
  const net = buildSyntheticNetwork();
  const records: StoredRecord[] = [...net.world.store.load()];
  const target = net.vpcs[Math.floor(net.vpcs.length / 2)]!;
  // Send the VPC's default route to the VPN gateway instead of the internet gateway.
  const change = { operation: 'ReplaceRoute', input: { RouteTableId: target.tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: target.vgwId }, origin: 'bench' };
  const destinations = [
    { to: `https://bench-reports.s3.${REGION}.amazonaws.com/` }, { to: 'dynamodb://bench-orders' }, { to: `https://sqs.${REGION}.amazonaws.com/` },
  ];
  const times: number[] = [];
  let last;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    last = whatIfOn(records, [change], ACCOUNT, REGION, () => destinations);
    times.push(performance.now() - t0);
  }
  if (!last || 'error' in last) throw new Error(`what-if failed: ${last && 'error' in last ? last.error : 'no run'}`);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  report('what-if: one route change, all flows from the changed VPC', `${median.toFixed(0)} ms median of ${times.length} (${records.length} records loaded once, ${last.report.questions} flows, ${last.report.differences.length} changed)`, { ok: median < 1000, text: '< 1 s' });
}
