/**
 * @module DynamoDB benchmark against `vpce serve` as a child process with a durable state: TransactWriteItems of
 * 10 Puts (target >= 1,000 transactions/s with 16 in flight) and Query on a global secondary index of a table of
 * 100,000 items (target p99 < 5 ms, sequential; each query returns one index partition of 100 items).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveProcess } from '../test/e2e/process.js';
import { closeConnections, fmtStats, measure, report, request } from './measure.js';

const ACCOUNT = '727272727272';
const ITEMS = 100_000;
const PARTITIONS = 1000;

const headers = (op: string) => ({
  Authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00`,
  'X-Amz-Target': `DynamoDB_20120810.${op}`, 'Content-Type': 'application/x-amz-json-1.0',
});

async function call(url: string, op: string, body: unknown): Promise<string> {
  const r = await request(url, 'POST', '/', headers(op), JSON.stringify(body));
  const text = r.body.toString('utf8');
  if (r.status !== 200) throw new Error(`${op}: HTTP ${r.status} ${text.slice(0, 300)}`);
  return text;
}

async function setup(url: string): Promise<void> {
  await call(url, 'CreateTable', {
    TableName: 'bench-tx', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  });
  await call(url, 'CreateTable', {
    TableName: 'bench-gsi', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'n', AttributeType: 'N' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'n', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  });
  // 100,000 items in BatchWriteItem calls of 25, 16 in flight.
  await measure(ITEMS / 25, 16, async (b) => {
    const puts = Array.from({ length: 25 }, (_, j) => {
      const i = b * 25 + j;
      return { PutRequest: { Item: { pk: { S: `item-${i}` }, g: { S: `g-${i % PARTITIONS}` }, n: { N: String(i) }, payload: { S: 'x'.repeat(64) } } } };
    });
    await call(url, 'BatchWriteItem', { RequestItems: { 'bench-gsi': puts } });
  });
}

function transact(url: string): (i: number) => Promise<void> {
  let round = 0;
  return async (i) => {
    const r = round++;
    const items = Array.from({ length: 10 }, (_, j) => ({
      Put: { TableName: 'bench-tx', Item: { pk: { S: `tx-${r}-${i}-${j}` }, v: { N: String(j) }, s: { S: 'y'.repeat(100) } } },
    }));
    await call(url, 'TransactWriteItems', { TransactItems: items });
  };
}

function queryIndex(url: string): (i: number) => Promise<void> {
  return async (i) => {
    const text = await call(url, 'Query', {
      TableName: 'bench-gsi', IndexName: 'byG', KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: `g-${(i * 7919) % PARTITIONS}` } },
    });
    if (!text.includes('"Count":100,')) throw new Error(`Query: expected 100 items: ${text.slice(0, 200)}`);
  };
}

/** CPU seconds (user + system) the server process has used so far (Linux /proc; 0 elsewhere). */
function serverCpu(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch { return 0; }
}

/** Measure `count` calls with `concurrency` in flight, and the server's CPU time per call (independent of load). */
async function timed(pid: number | undefined, count: number, concurrency: number, op: (i: number) => Promise<void>) {
  const cpu = serverCpu(pid);
  const stats = await measure(count, concurrency, op);
  return { stats, cpuPerOp: ((serverCpu(pid) - cpu) / count) * 1e6 };
}

const cpuText = (us: number) => (us > 0 ? `  server CPU ${Math.round(us)} µs/op` : '');

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-dynamodb-'));
  const proc = await serveProcess(dir);
  try {
    const loadStarted = performance.now();
    await setup(proc.url);
    report(`load ${ITEMS.toLocaleString('en-US')} items with a GSI (BatchWriteItem)`, `${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    const pid = proc.child.pid;
    const tx = transact(proc.url);
    await measure(500, 4, tx);
    const txSeq = await timed(pid, 2000, 1, tx);
    const txConc = await timed(pid, 10_000, 16, tx);
    report('TransactWriteItems of 10 Puts, sequential', fmtStats(txSeq.stats) + cpuText(txSeq.cpuPerOp));
    report('TransactWriteItems of 10 Puts, 16 in flight', fmtStats(txConc.stats) + cpuText(txConc.cpuPerOp), { ok: txConc.stats.perSecond >= 1000, text: '>= 1,000/s' });
    const q = queryIndex(proc.url);
    await measure(500, 4, q);
    const qSeq = await timed(pid, 5000, 1, q);
    const qConc = await timed(pid, 10_000, 16, q);
    report('Query GSI (100 of 100,000 items), sequential', fmtStats(qSeq.stats) + cpuText(qSeq.cpuPerOp), { ok: qSeq.stats.p99 < 5, text: 'p99 < 5 ms' });
    report('Query GSI (100 of 100,000 items), 16 in flight', fmtStats(qConc.stats) + cpuText(qConc.cpuPerOp));
  } finally {
    closeConnections();
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
