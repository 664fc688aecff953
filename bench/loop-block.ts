/**
 * @module The longest event-loop block of one large request served alone: the server runs in this process (disk
 * state in a temporary folder) under `perf_hooks.monitorEventLoopDelay`, a client child process sends the largest
 * requests AWS allows one at a time, and the histogram's max over each request is the longest the server's only
 * thread was busy (a health check arriving then waits that long). Less noisy than timing health checks on a
 * shared machine, since other processes delay this thread's timers only a little. Run under `node --cpu-prof`
 * to see where the time goes (the profile holds the server alone), or set VPCE_LOOP_PROFILE to a folder to have
 * only the warm rounds of the steps the filter names profiled, one `.cpuprofile` each (open them in Chrome's DevTools).
 *   node dist/bench/loop-block.js [name-filter]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { World } from '../src/model/world.js';
import { sqliteStore } from '../src/persistence/sqlite-store.js';
import { startServer } from '../src/server/http.js';
import { systemClock } from '../src/shared/clock.js';
import { randomIdGen } from '../src/shared/ids.js';

/** What the client child does for each step (kept in one table so the parent can name and order them). */
export const STEPS = [
  'setup',
  'setup keys',
  'DescribeVpcs, 50 filters x 4 values of 255 chars',
  'DescribeVpcs, 2,490 filters (FilterLimitExceeded)',
  'CreateRole, 50 tags',
  'CreateRole, 2,490 tags (LimitExceeded)',
  'RegisterTargets, 1,000 targets',
  'PutItem, 400 KB item',
  'BatchWriteItem, 25 items of 390 KB',
  'Scan, 1 MB page',
  'PutObject, 32 MiB',
  'ListObjectsV2, 1,000 keys',
  'DeleteObjects, 1,000 keys',
  'CompleteMultipartUpload, 40 parts of 5 MiB',
  'GetObject, 200 MiB',
] as const;

const HERE = fileURLToPath(import.meta.url);

async function client(url: string): Promise<void> {
  const { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const { CreateVpcCommand, DescribeVpcsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  const { CreateTargetGroupCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const { CreateRoleCommand, IAMClient } = await import('@aws-sdk/client-iam');
  const s3m = await import('@aws-sdk/client-s3');
  const cfg = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, maxAttempts: 1 };
  const ec2 = new EC2Client(cfg);
  const elb = new ElasticLoadBalancingV2Client(cfg);
  const iam = new IAMClient(cfg);
  const db = new DynamoDBClient(cfg);
  const s3 = new s3m.S3Client({ ...cfg, forcePathStyle: true });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  let vpcId = '';
  let tg = '';
  let roles = 0;
  let uploadId = '';
  const parts: { PartNumber: number; ETag: string }[] = [];
  const names = ['vpc-id', 'cidr', 'state', 'is-default', 'owner-id', 'dhcp-options-id', 'cidr-block-association.cidr-block'];
  const run: Record<(typeof STEPS)[number], () => Promise<unknown>> = {
    'setup': async () => {
      vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
      tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'tg', Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!;
      await db.send(new CreateTableCommand({ TableName: 'big', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
      await s3.send(new s3m.CreateBucketCommand({ Bucket: 'loop-bench' }));
    },
    'setup keys': async () => {
      for (let i = 0; i < 1000; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => s3.send(new s3m.PutObjectCommand({ Bucket: 'loop-bench', Key: `k/${String(i + j).padStart(5, '0')}`, Body: 'x' }))));
      }
      parts.length = 0;
      uploadId = (await s3.send(new s3m.CreateMultipartUploadCommand({ Bucket: 'loop-bench', Key: 'mp' }))).UploadId!;
      const part = Buffer.alloc(5 * 1024 * 1024, 3);
      for (let n = 1; n <= 40; n++) parts.push({ PartNumber: n, ETag: (await s3.send(new s3m.UploadPartCommand({ Bucket: 'loop-bench', Key: 'mp', UploadId: uploadId, PartNumber: n, Body: part }))).ETag! });
    },
    'DescribeVpcs, 50 filters x 4 values of 255 chars': () => ec2.send(new DescribeVpcsCommand({ Filters: Array.from({ length: 50 }, (_, f) => ({ Name: names[f % names.length]!, Values: [1, 2, 3, 4].map((v) => `v${f}-${v}-`.padEnd(255, 'x')) })) })),
    'DescribeVpcs, 2,490 filters (FilterLimitExceeded)': () => ec2.send(new DescribeVpcsCommand({ Filters: Array.from({ length: 2490 }, (_, i) => ({ Name: `tag:k${i}`, Values: ['v'] })) })),
    'CreateRole, 50 tags': () => iam.send(new CreateRoleCommand({ RoleName: `r${roles++}`, AssumeRolePolicyDocument: trust, Tags: Array.from({ length: 50 }, (_, t) => ({ Key: `k${t}`.padEnd(128, 'k'), Value: 'v'.repeat(256) })) })),
    'CreateRole, 2,490 tags (LimitExceeded)': () => iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: Array.from({ length: 2490 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })),
    'RegisterTargets, 1,000 targets': () => elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: Array.from({ length: 1000 }, (_, i) => ({ Id: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` })) })),
    'PutItem, 400 KB item': () => db.send(new PutItemCommand({ TableName: 'big', Item: { k: { S: 'one' }, v: { S: 'p'.repeat(399 * 1024) } } })),
    'BatchWriteItem, 25 items of 390 KB': () => db.send(new BatchWriteItemCommand({ RequestItems: { big: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: 'x'.repeat(390 * 1024) } } } })) } })),
    'Scan, 1 MB page': () => db.send(new ScanCommand({ TableName: 'big' })),
    'PutObject, 32 MiB': () => s3.send(new s3m.PutObjectCommand({ Bucket: 'loop-bench', Key: 'big', Body: Buffer.alloc(32 * 1024 * 1024, 7) })),
    'ListObjectsV2, 1,000 keys': () => s3.send(new s3m.ListObjectsV2Command({ Bucket: 'loop-bench' })),
    'DeleteObjects, 1,000 keys': () => s3.send(new s3m.DeleteObjectsCommand({ Bucket: 'loop-bench', Delete: { Objects: Array.from({ length: 1000 }, (_, i) => ({ Key: `k/${String(i).padStart(5, '0')}` })) } })),
    'CompleteMultipartUpload, 40 parts of 5 MiB': () => s3.send(new s3m.CompleteMultipartUploadCommand({ Bucket: 'loop-bench', Key: 'mp', UploadId: uploadId, MultipartUpload: { Parts: parts } })),
    'GetObject, 200 MiB': async () => {
      const r = await s3.send(new s3m.GetObjectCommand({ Bucket: 'loop-bench', Key: 'mp' }));
      for await (const _ of r.Body as AsyncIterable<Uint8Array>) { /* drained */ }
    },
  };
  process.on('message', (step: (typeof STEPS)[number]) => {
    const t = performance.now();
    run[step]().then(() => 'ok', (e: Error) => e.name).then((outcome) => process.send!({ outcome, ms: performance.now() - t }));
  });
  process.send!('ready');
}

/**
 * CPU time this thread ran (ns, Linux /proc/thread-self/schedstat): unlike wall time, it does not grow while other
 * processes hold the cores, so the CPU run between two timer checks is the cost of the work the loop did then.
 */
const threadCpuNs = (): number => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);

/** The longest CPU run of this thread between two 1 ms timer turns since `reset()` (ms). */
function cpuBlocks(): { reset(): void; max(): number; stop(): void } {
  let last = threadCpuNs();
  let max = 0;
  const timer = setInterval(() => {
    const now = threadCpuNs();
    max = Math.max(max, now - last);
    last = threadCpuNs();
  }, 1);
  return { reset: () => { last = threadCpuNs(); max = 0; }, max: () => max / 1e6, stop: () => clearInterval(timer) };
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const dir = mkdtempSync(join(tmpdir(), 'vpce-loop-'));
  const store = sqliteStore(dir);
  const world = new World(store, randomIdGen, systemClock);
  const server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '111111111111', version: 'bench', dataDir: dir });
  const child: ChildProcess = fork(HERE, ['--client', server.url], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const replies: ((m: unknown) => void)[] = [];
  child.on('message', (m) => replies.shift()?.(m));
  const next = (): Promise<unknown> => new Promise((r) => replies.push(r));
  await next();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const cpu = cpuBlocks();
  const profiles = process.env['VPCE_LOOP_PROFILE'];
  const profiler = new Session();
  if (profiles !== undefined) {
    mkdirSync(profiles, { recursive: true });
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  try {
    const rounds = Number(process.env['VPCE_LOOP_ROUNDS'] ?? 3);
    console.log(`longest event-loop block while one request is served alone: cold (first call), then the least and the median of ${rounds} warm rounds`);
    console.log('(a busy machine only adds to a block, so the least of several rounds is the closest to the request\'s own cost); CPU: the');
    console.log('least over warm rounds of the longest CPU run of the thread between two 1 ms timer turns (not inflated by other processes, but blind to');
    console.log('synchronous I/O waits such as SQLite commits and checkpoints); the verdict is on the wall-clock least; target < 50 ms');
    const blocks = new Map<string, { cold: number; warm: number[]; cpu: number[]; outcome: string; ms: number[] }>();
    for (let round = 0; round <= rounds; round++) {
      for (const step of STEPS) {
        if (round > 0 && step === 'setup') continue;
        const reply = next();
        const profiled = profiles !== undefined && round > 0 && !step.startsWith('setup') && (only === undefined || step.includes(only));
        if (profiled) await profiler.post('Profiler.start');
        h.reset();
        cpu.reset();
        child.send(step);
        const { outcome, ms } = await reply as { outcome: string; ms: number };
        if (profiled) {
          const { profile } = await profiler.post('Profiler.stop');
          writeFileSync(join(profiles, `${step.replace(/[^A-Za-z0-9]+/g, '-')}-${round}.cpuprofile`), JSON.stringify(profile));
        }
        // A histogram that took no sample (the timer never fired during the request) says nothing.
        const max = h.count > 0 ? h.max / 1e6 : NaN;
        const cpuMax = cpu.max();
        if (step.startsWith('setup') || (only !== undefined && !step.includes(only))) continue;
        const b = blocks.get(step) ?? { cold: max, warm: [], cpu: [], outcome, ms: [] };
        if (round > 0) { b.warm.push(max); b.cpu.push(cpuMax); b.ms.push(ms); }
        blocks.set(step, b);
      }
    }
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    for (const [step, b] of blocks) {
      const least = Math.min(...b.warm.filter((x) => !Number.isNaN(x)));
      const cpuLeast = Math.min(...b.cpu);
      console.log(`  ${step.padEnd(50)} cold ${b.cold.toFixed(1).padStart(6)} ms  warm least ${least.toFixed(1).padStart(6)} ms, median ${med(b.warm).toFixed(1).padStart(6)} ms  CPU ${cpuLeast.toFixed(1).padStart(6)} ms  (request ${med(b.ms).toFixed(0).padStart(5)} ms, ${b.outcome})  ${least < 50 ? 'ok' : 'OVER'}`);
    }
  } finally {
    h.disable();
    cpu.stop();
    if (profiles !== undefined) profiler.disconnect();
    child.kill();
    await server.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--client') void client(process.argv[3]!);
else void main();
