/**
 * @module VPC endpoint benchmark: CreateVpcEndpoint (gateway with 5 route tables, interface with 3 subnets),
 * DescribeVpcEndpoints listing 200 endpoints, and filtered DescribeVpcEndpoints over 10,000 endpoints.
 * The server runs in this process on a memory store; the load goes over keep-alive HTTP (raw client from
 * ./measure.ts). Fixtures are made directly through the model in a few transactions.
 */
import { World } from '../src/model/world.js';
import { createVpc } from '../src/model/vpc.js';
import { createSubnet } from '../src/model/subnet.js';
import { createUserRouteTable } from '../src/model/route-table.js';
import { zonesFor } from '../src/model/regions.js';
import { createVpcEndpoint } from '../src/model/vpc-endpoint.js';
import { sqliteStore } from '../src/persistence/sqlite-store.js';
import { serveProcess } from '../test/e2e/process.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/shared/clock.js';
import { randomIdGen } from '../src/shared/ids.js';
import { closeConnections, fmtStats, measure, post, report, request } from './measure.js';

const REGION = 'us-east-1';
/** The account ./measure.ts signs as. */
const ACCOUNT = '123456789012';
const LIST_ACCOUNT = '210987654321';
const BIG_ACCOUNT = '333344445555';
const S3 = `com.amazonaws.${REGION}.s3`;

function auth(account: string): string {
  return `AWS4-HMAC-SHA256 Credential=${account}/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=00`;
}

async function ok(url: string, body: string, account = ACCOUNT): Promise<string> {
  const r = await post(url, body, auth(account));
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.text.slice(0, 300)}`);
  return r.text;
}

/**
 * `ok` for timed calls: checks the status and leaves the body undecoded. Decoding a 143 KB listing to a string
 * costs this client ~225 us per call on the 2-core bench machine, on the critical path of a sequential run.
 */
async function okTimed(url: string, body: string, account = ACCOUNT): Promise<void> {
  const r = await request(url, 'POST', '/', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth(account) }, body);
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.body.toString('utf8').slice(0, 300)}`);
}

/** `count` VPCs, each with 5 route tables and 3 subnets in 3 zones (fixtures for the create runs). */
function fixtures(world: World, count: number): { vpcId: string; tables: string[]; subnets: string[] }[] {
  const out: { vpcId: string; tables: string[]; subnets: string[] }[] = [];
  const zones = zonesFor(ACCOUNT, REGION);
  for (let batch = 0; batch < count; batch += 250) {
    world.transact((tx) => {
      const p = tx.in(ACCOUNT, REGION);
      for (let i = batch; i < Math.min(count, batch + 250); i++) {
        const vpc = createVpc(tx, p, { cidrBlock: `10.${i % 250}.0.0/16` });
        const tables = Array.from({ length: 5 }, () => createUserRouteTable(tx, p, vpc.id, []).id);
        const subnets = [0, 1, 2].map((s) => createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: `10.${i % 250}.${s}.0/24`, availabilityZone: zones[s]!.zoneName }).id);
        out.push({ vpcId: vpc.id, tables, subnets });
      }
    });
  }
  return out;
}

/** `vpcs` VPCs of an account with `perVpc` endpoints each (gateway endpoints without tables, as data), tagged by VPC. */
function populate(world: World, account: string, vpcs: number, perVpc: number): string[] {
  const ids: string[] = [];
  for (let v = 0; v < vpcs; v++) {
    world.transact((tx) => {
      const p = tx.in(account, REGION);
      const vpc = createVpc(tx, p, { cidrBlock: `10.${v % 250}.0.0/16` });
      ids.push(vpc.id);
      for (let e = 0; e < perVpc; e++) {
        createVpcEndpoint(tx, p, { vpcId: vpc.id, serviceName: e % 2 === 0 ? S3 : `com.amazonaws.${REGION}.dynamodb`, tags: [{ key: 'vpc', value: String(v) }], settleMs: 0 });
      }
    });
  }
  return ids;
}

export async function run(): Promise<void> {
  // The server runs as a real `vpce serve` process on a durable state populated here through the model, so the
  // load generator does not share the server's thread.
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-endpoints-'));
  const CREATES = 2000;
  const store = sqliteStore(dir);
  const world = new World(store, randomIdGen, systemClock);
  const fx = fixtures(world, CREATES * 2 + 200);
  populate(world, LIST_ACCOUNT, 10, 20);
  const bigVpcs = populate(world, BIG_ACCOUNT, 500, 20);
  store.close();
  const server = await serveProcess(dir);
  try {
    const url = server.url;
    const gw = (i: number): string => `Action=CreateVpcEndpoint&VpcId=${fx[i]!.vpcId}&ServiceName=${S3}&${fx[i]!.tables.map((t, k) => `RouteTableId.${k + 1}=${t}`).join('&')}`;
    const ifc = (i: number): string => `Action=CreateVpcEndpoint&VpcEndpointType=Interface&VpcId=${fx[i]!.vpcId}&ServiceName=com.amazonaws.${REGION}.sqs&PrivateDnsEnabled=false&${fx[i]!.subnets.map((s, k) => `SubnetId.${k + 1}=${s}`).join('&')}`;
    // Warm-up (JIT) on spare fixtures.
    await measure(100, 1, async (i) => { await ok(url, gw(CREATES * 2 + i)); });
    await measure(100, 1, async (i) => { await ok(url, ifc(CREATES * 2 + 100 + i)); });
    const gwStats = await measure(CREATES, 1, async (i) => { await ok(url, gw(i)); });
    report('CreateVpcEndpoint Gateway, 5 route tables (sequential)', fmtStats(gwStats), { ok: gwStats.perSecond >= 2000, text: `>= 2,000/s (${(gwStats.perSecond / 2000).toFixed(2)}x; moto ~160/s)` });
    const ifStats = await measure(CREATES, 1, async (i) => { await ok(url, ifc(CREATES + i)); });
    report('CreateVpcEndpoint Interface, 3 subnets/ENIs (sequential)', fmtStats(ifStats), { ok: ifStats.perSecond >= 2000, text: `>= 2,000/s (${(ifStats.perSecond / 2000).toFixed(2)}x; moto ~160/s)` });

    const listBody = 'Action=DescribeVpcEndpoints';
    const listed = await ok(url, listBody, LIST_ACCOUNT);
    const n = (listed.match(/<vpcEndpointId>/g) ?? []).length;
    if (n !== 200) throw new Error(`expected 200 endpoints, listed ${n}`);
    await measure(100, 1, async () => { await okTimed(url, listBody, LIST_ACCOUNT); });
    const listStats = await measure(1000, 1, async () => { await okTimed(url, listBody, LIST_ACCOUNT); });
    report('DescribeVpcEndpoints, 200 endpoints (sequential)', fmtStats(listStats), { ok: listStats.perSecond >= 1000, text: `>= 1,000/s (${(listStats.perSecond / 1000).toFixed(2)}x; moto ~16/s)` });

    const byVpc = (i: number): string => `Action=DescribeVpcEndpoints&Filter.1.Name=vpc-id&Filter.1.Value.1=${bigVpcs[i % bigVpcs.length]}`;
    const byTag = (i: number): string => `Action=DescribeVpcEndpoints&Filter.1.Name=tag%3Avpc&Filter.1.Value.1=${i % 500}`;
    await measure(200, 1, async (i) => { await ok(url, byVpc(i), BIG_ACCOUNT); await ok(url, byTag(i), BIG_ACCOUNT); });
    const vpcStats = await measure(2000, 1, async (i) => { await ok(url, byVpc(i), BIG_ACCOUNT); });
    report('DescribeVpcEndpoints vpc-id filter over 10,000 (20 match)', fmtStats(vpcStats), { ok: vpcStats.p99 < 10, text: `p99 < 10 ms (${(10 / vpcStats.p99).toFixed(1)}x)` });
    const tagStats = await measure(1000, 1, async (i) => { await ok(url, byTag(i), BIG_ACCOUNT); });
    report('DescribeVpcEndpoints tag filter over 10,000 (20 match)', fmtStats(tagStats), { ok: tagStats.p99 < 10, text: `p99 < 10 ms (${(10 / tagStats.p99).toFixed(1)}x)` });
  } finally {
    closeConnections();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
