/**
 * @module Where the longest event-loop stalls under concurrent load come from: the server runs in this process
 * (disk state in a temporary folder) under the inspector's CPU profiler, a client child sends one kind of large
 * request from 16 connections at once, and every gap of over 40 ms between 1 ms timer turns is printed with what
 * the profile shows the thread doing then. A diagnostic for docs/robustness.md's health-check figures.
 *   node dist/bench/stall-probe.js batch|role|delete [seconds]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { World } from '../src/model/world.js';
import { sqliteStore } from '../src/persistence/sqlite-store.js';
import { startServer } from '../src/server/http.js';
import { systemClock } from '../src/shared/clock.js';
import { randomIdGen } from '../src/shared/ids.js';

const HERE = fileURLToPath(import.meta.url);

async function client(url: string, kind: string, seconds: number): Promise<void> {
  const { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { CreateRoleCommand, IAMClient } = await import('@aws-sdk/client-iam');
  const s3m = await import('@aws-sdk/client-s3');
  const cfg = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, maxAttempts: 1 };
  const db = new DynamoDBClient(cfg);
  const iam = new IAMClient(cfg);
  const s3 = new s3m.S3Client({ ...cfg, forcePathStyle: true });
  await db.send(new CreateTableCommand({ TableName: 'big', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  await s3.send(new s3m.CreateBucketCommand({ Bucket: 'stall' }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  let n = 0;
  const one: Record<string, () => Promise<unknown>> = {
    batch: () => db.send(new BatchWriteItemCommand({ RequestItems: { big: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: 'x'.repeat(390 * 1024) } } } })) } })),
    role: () => iam.send(new CreateRoleCommand({ RoleName: `r${n++}`, AssumeRolePolicyDocument: trust, Tags: Array.from({ length: 50 }, (_, t) => ({ Key: `k${t}`.padEnd(128, 'k'), Value: 'v'.repeat(256) })) })),
    delete: () => s3.send(new s3m.DeleteObjectsCommand({ Bucket: 'stall', Delete: { Objects: Array.from({ length: 1000 }, (_, i) => ({ Key: `k/${String(i).padStart(995, '0')}` })) } })),
  };
  process.send!('ready');
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: 16 }, async () => { while (performance.now() < end) await one[kind]!().catch(() => undefined); }));
  process.send!('done');
}

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** What the profile shows between `from` and `to` (profile µs): the heaviest frames by total time. */
function during(p: Profile, from: number, to: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number): string => { const f = byId.get(id)!.callFrame; return `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`; };
  const total = new Map<string, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (t < from || t > to) continue;
    const seen = new Set<string>();
    for (let x: number | undefined = p.samples[i]!; x !== undefined; x = parent.get(x)) seen.add(name(x));
    for (const f of seen) total.set(f, (total.get(f) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  }
  return [...total].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `      ${(v / 1000).toFixed(1).padStart(6)} ms  ${k}`).join('\n');
}

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'batch';
  const seconds = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'vpce-stall-'));
  const store = sqliteStore(dir);
  const world = new World(store, randomIdGen, systemClock);
  const server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '111111111111', version: 'bench', dataDir: dir });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  const child = fork(HERE, ['--client', server.url, kind, String(seconds)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((r) => child.once('message', r));
  const gaps: [number, number][] = [];
  let last = performance.now();
  const timer = setInterval(() => { const now = performance.now(); if (now - last > 40) gaps.push([last, now]); last = now; }, 1);
  await session.post('Profiler.start');
  const t0 = performance.now();
  await new Promise((r) => child.once('message', r));
  const { profile } = await session.post('Profiler.stop') as unknown as { profile: Profile };
  const t1 = performance.now();
  clearInterval(timer);
  // The profile's clock (µs) mapped onto performance.now(): its span ends when it was stopped.
  const offset = profile.endTime - t1 * 1000;
  void t0;
  console.log(`${kind}: ${gaps.length} gaps over 40 ms in ${seconds} s; the longest:`);
  for (const [a, b] of gaps.sort((x, y) => (y[1] - y[0]) - (x[1] - x[0])).slice(0, 5)) {
    console.log(`  ${(b - a).toFixed(0)} ms`);
    console.log(during(profile, a * 1000 + offset, b * 1000 + offset));
  }
  child.kill();
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === '--client') void client(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
else void main();
