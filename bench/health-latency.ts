/**
 * @module Health-check latency while one large request is served: starts `vpce serve` (on-disk state in a
 * temporary folder), then for each kind of large request AWS allows, sends it while a second client polls
 * `/_vpce/health` every 2 ms, and prints the health latencies seen during the request (p50, p99, max) and the
 * request's own duration.
 *   node dist/bench/health-latency.js [--cli dist/src/cli/main.js]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectsCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';

const cliArg = process.argv.indexOf('--cli');
const cli = resolve(cliArg >= 0 ? process.argv[cliArg + 1]! : 'dist/src/cli/main.js');
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `http://127.0.0.1:${port}`;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function health(): Promise<number> {
  const t = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    get(`${url}/_vpce/health`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(Number(process.hrtime.bigint() - t) / 1e6)); }).on('error', reject);
  });
}

/**
 * The health poller runs in its own process, so the SDK building a large request here does not delay it: it
 * reports each answer's send time (epoch ms) and latency over IPC.
 */
const POLLER = `
const { get, Agent } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const url = process.argv[1];
(async () => {
  for (;;) {
    const at = Date.now();
    const t = process.hrtime.bigint();
    await new Promise((resolve) => get(url + '/_vpce/health', { agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve));
    if (!process.connected) process.exit(0);
    process.send({ at, ms: Number(process.hrtime.bigint() - t) / 1e6 });
    await new Promise((r) => setTimeout(r, 2));
  }
})();
`;
const samples: { at: number; ms: number }[] = [];

/** Run `work` while the poller runs; the latencies of health checks sent while it was in flight. */
async function measure(name: string, work: () => Promise<unknown>): Promise<void> {
  const t = Date.now();
  let outcome = 'ok';
  try { await work(); } catch (e) { outcome = (e as Error).name; }
  const end = Date.now();
  // Let the check in flight at the end report.
  await new Promise((r) => setTimeout(r, 100));
  const seen = samples.filter((s) => s.at >= t && s.at <= end).map((s) => s.ms);
  const sorted = [...seen].sort((a, b) => a - b);
  const pick = (q: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1));
  console.log(JSON.stringify({ request: name, outcome, requestMs: end - t, healthChecks: seen.length, p50: pick(0.5), p99: pick(0.99), max: Number((sorted[sorted.length - 1] ?? NaN).toFixed(1)) }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-health-'));
  const server = spawn(process.execPath, [cli, 'serve', '--port', String(port), '--state', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (let i = 0; i < 100; i++) {
      try { await health(); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    const poller = spawn(process.execPath, ['-e', POLLER, url], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    poller.on('message', (m) => { samples.push(m as { at: number; ms: number }); });
    const cfg = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, maxAttempts: 1 };
    const ec2 = new EC2Client(cfg);
    const elb = new ElasticLoadBalancingV2Client(cfg);
    const iam = new IAMClient(cfg);
    const db = new DynamoDBClient(cfg);
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    await measure('idle (no request)', () => new Promise((r) => setTimeout(r, 300)));
    // The most filters the parameter bound lets through (each filter is 2 parameters): parsed, then FilterLimitExceeded.
    await measure('DescribeVpcs, 2,490 filters (FilterLimitExceeded)', () =>
      ec2.send(new DescribeVpcsCommand({ Filters: Array.from({ length: 2490 }, (_, i) => ({ Name: `tag:k${i}`, Values: ['v'] })) })));
    await measure('DescribeVpcs, 200 filter values', () =>
      ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: Array.from({ length: 199, }, (_, i) => `vpc-${i}`).concat(vpcId) }] })));
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await measure('CreateRole, 2,490 tags (LimitExceeded)', () =>
      iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: Array.from({ length: 2490 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })));
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'tg', Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!;
    await measure('RegisterTargets, 1,000 targets', () =>
      elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: Array.from({ length: 1000 }, (_, i) => ({ Id: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` })) })));
    await db.send(new CreateTableCommand({ TableName: 'big', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    const big = 'x'.repeat(390 * 1024);
    await measure('BatchWriteItem, 25 items of 390 KB', () =>
      db.send(new BatchWriteItemCommand({ RequestItems: { big: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: big } } } })) } })));
    for (let b = 0; b < 4; b++) {
      await db.send(new BatchWriteItemCommand({ RequestItems: { big: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `s${b}-${i}` }, v: { S: 'y'.repeat(4000) } } } })) } }));
    }
    await measure('Scan, 1 MB page', () => db.send(new ScanCommand({ TableName: 'big' })));
    await s3.send(new CreateBucketCommand({ Bucket: 'health-bench' }));
    await s3.send(new DeleteObjectsCommand({ Bucket: 'health-bench', Delete: { Objects: [{ Key: 'none' }] } }));
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'health-bench', Key: `k/${String(i + j).padStart(5, '0')}`, Body: 'x' }))));
    }
    await measure('ListObjectsV2, 1,000 keys', () => s3.send(new ListObjectsV2Command({ Bucket: 'health-bench' })));
    await measure('DeleteObjects, 1,000 keys', () => s3.send(new DeleteObjectsCommand({ Bucket: 'health-bench', Delete: { Objects: Array.from({ length: 1000 }, (_, i) => ({ Key: `k/${String(i).padStart(5, '0')}` })) } })));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 60 }, (_, i) => ({
      Sid: `s${i}`, Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::health-bench/p${i}/*`,
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': Array.from({ length: 10 }, (_, j) => String(100000000000 + i * 10 + j)) } },
    })) });
    await measure(`PutBucketPolicy, ${Math.round(policy.length / 1024)} KB policy`, () => s3.send(new PutBucketPolicyCommand({ Bucket: 'health-bench', Policy: policy })));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'health-bench', Key: 'mp' }));
    const part = Buffer.alloc(5 * 1024 * 1024, 3);
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let n = 1; n <= 40; n++) parts.push({ PartNumber: n, ETag: (await s3.send(new UploadPartCommand({ Bucket: 'health-bench', Key: 'mp', UploadId, PartNumber: n, Body: part }))).ETag! });
    await measure('CompleteMultipartUpload, 40 parts of 5 MiB (200 MiB joined)', () => s3.send(new CompleteMultipartUploadCommand({ Bucket: 'health-bench', Key: 'mp', UploadId, MultipartUpload: { Parts: parts } })));
    const piece = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    await measure('PutObject, 256 MiB streamed', () => s3.send(new PutObjectCommand({ Bucket: 'health-bench', Key: 'big', ContentLength: 256 * 1024 * 1024,
      Body: new Readable({ read() { this.push(sent++ < 256 ? piece : null); } }) })));
    for (const c of [ec2, elb, iam, db, s3]) c.destroy();
    poller.kill();
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
