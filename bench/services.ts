/**
 * @module Service benchmark: S3 GetObject (1 KiB and 8 MiB) and DynamoDB GetItem from an instance through gateway
 * endpoints with three policies in force (endpoint policy, bucket/table resource policy, the instance role's
 * identity policy), against the same calls with policies off (the account root from the internet, no resource
 * policy). Throughput runs against `vpce serve` as a child process with a durable state; the overhead of the
 * path and policy checks is also timed in-process (the gate and `authorize` alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { EC2Client } from '@aws-sdk/client-ec2';
import { World } from '../src/model/world.js';
import { memoryStore } from '../src/persistence/memory-store.js';
import { authenticate } from '../src/server/authenticate.js';
import { startServer } from '../src/server/http.js';
import { identify } from '../src/server/identity.js';
import { systemClock } from '../src/shared/clock.js';
import { randomIdGen } from '../src/shared/ids.js';
import { serveProcess } from '../test/e2e/process.js';
import { execCredentials, gatewayEndpoint, serviceWorld } from '../test/e2e/service-world.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { closeConnections, fmtStats, measure, report, request } from './measure.js';
import { runVersioning } from './services-versioning.js';

const ACCOUNT = '717171717171';
const REGION = 'us-east-1';
const SMALL = 1024;
const LARGE = 8 * 1024 * 1024;

interface Setup {
  /** Access key of the instance role session tied to the instance. */
  readonly instanceKey: string;
  /** The whole session (its requests are signed for real: vpce checks the signatures of keys it issued). */
  readonly instance: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string };
  readonly gatedBucket: string;
  readonly openBucket: string;
  readonly gatedTable: string;
  readonly openTable: string;
}

const clientConfig = (url: string, accessKeyId: string) => ({ endpoint: url, region: REGION, credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });

/** Build the world through the APIs: VPC, endpoints with policies, a role for the instance, buckets and tables. */
async function setup(url: string): Promise<Setup> {
  const ec2 = new EC2Client(clientConfig(url, ACCOUNT));
  const iam = new IAMClient(clientConfig(url, ACCOUNT));
  const s3 = new S3Client({ ...clientConfig(url, ACCOUNT), forcePathStyle: true });
  const ddb = new DynamoDBClient(clientConfig(url, ACCOUNT));
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-app', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench-app', PolicyName: 'read', PolicyDocument: JSON.stringify({
    Version: '2012-10-17', Statement: [
      { Sid: 'ReadObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::bench-gated', 'arn:aws:s3:::bench-gated/*'] },
      { Sid: 'ReadItems', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/bench-gated` },
    ],
  }) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bench-app' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'bench-app', RoleName: 'bench-app' }));
  const w = await serviceWorld(ec2, 71, 'bench-app');
  const endpointPolicy = (resource: string[]) => ({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyBench', Effect: 'Allow', Principal: '*', Action: '*', Resource: resource }] });
  const s3Endpoint = await gatewayEndpoint(ec2, w.vpcId, REGION, 's3', [w.isolatedRt], endpointPolicy(['arn:aws:s3:::bench-gated', 'arn:aws:s3:::bench-gated/*']));
  const ddbEndpoint = await gatewayEndpoint(ec2, w.vpcId, REGION, 'dynamodb', [w.isolatedRt], endpointPolicy([`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/bench-gated`]));
  for (const Bucket of ['bench-gated', 'bench-open']) {
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'small', Body: Buffer.alloc(SMALL, 7) }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'large', Body: Buffer.alloc(LARGE, 9) }));
  }
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'bench-gated', Policy: JSON.stringify({
    Version: '2012-10-17', Statement: [{ Sid: 'OnlyThroughEndpoint', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::bench-gated', 'arn:aws:s3:::bench-gated/*'], Condition: { StringNotEquals: { 'aws:SourceVpce': s3Endpoint } } }],
  }) }));
  for (const TableName of ['bench-gated', 'bench-open']) {
    await ddb.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'k1' }, n: { N: '42' }, s: { S: 'x'.repeat(200) } } }));
  }
  await ddb.send(new PutResourcePolicyCommand({ ResourceArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/bench-gated`, Policy: JSON.stringify({
    Version: '2012-10-17', Statement: [{ Sid: 'OnlyThroughEndpoint', Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/bench-gated`, Condition: { StringNotEquals: { 'aws:SourceVpce': ddbEndpoint } } }],
  }) }));
  const creds = await execCredentials(url, w.isolatedInstance);
  for (const c of [ec2, iam, s3, ddb]) c.destroy();
  return { instanceKey: creds.accessKeyId, instance: creds, gatedBucket: 'bench-gated', openBucket: 'bench-open', gatedTable: 'bench-gated', openTable: 'bench-open' };
}

const sig = (key: string, service: string): string => `AWS4-HMAC-SHA256 Credential=${key}/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=00`;

type Creds = string | Setup['instance'];

/**
 * Headers for a request: account-id keys carry a placeholder signature (open mode does not check them); an issued
 * session signs for real, once per benchmark case (the same request repeats, within the 15 minutes a signature
 * stays current).
 */
async function authHeaders(url: string, who: Creds, service: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Record<string, string>> {
  if (typeof who === 'string') return { ...headers, Authorization: sig(who, service) };
  const { host } = new URL(url);
  const signer = new SignatureV4({ service, region: REGION, sha256: Hash.bind(null, 'sha256'), credentials: who, uriEscapePath: service !== 's3' });
  const extra: Record<string, string> = service === 's3' ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {};
  const lower = Object.fromEntries(Object.entries({ ...headers, ...extra }).map(([k, v]) => [k.toLowerCase(), v]));
  const signed = await signer.sign({ method, protocol: 'http:', hostname: host.split(':')[0]!, path, query: {}, headers: { host, ...lower }, body });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') out[k] = String(v);
  return out;
}

async function getObject(url: string, who: Creds, bucket: string, object: string, size: number): Promise<() => Promise<void>> {
  const headers = await authHeaders(url, who, 's3', 'GET', `/${bucket}/${object}`, {});
  return async () => {
    const r = await request(url, 'GET', `/${bucket}/${object}`, headers);
    if (r.status !== 200 || r.body.length !== size) throw new Error(`GetObject ${bucket}/${object}: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
  };
}

async function getItem(url: string, who: Creds, table: string): Promise<() => Promise<void>> {
  const body = JSON.stringify({ TableName: table, Key: { pk: { S: 'k1' } } });
  const headers = await authHeaders(url, who, 'dynamodb', 'POST', '/', { 'X-Amz-Target': 'DynamoDB_20120810.GetItem', 'Content-Type': 'application/x-amz-json-1.0' }, body);
  return async () => {
    const r = await request(url, 'POST', '/', headers, body);
    if (r.status !== 200 || !r.body.includes('"Item"')) throw new Error(`GetItem ${table}: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
  };
}

/** Median and p99 (µs) of the gate plus one `authorize`, in-process. */
function timeChecks(run: () => void, count: number): { p50: number; p99: number } {
  for (let i = 0; i < 2000; i++) run();
  const t: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = process.hrtime.bigint();
    run();
    t.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(count / 2)]!, p99: t[Math.floor(count * 0.99)]! };
}

async function inProcessOverhead(): Promise<void> {
  const world = new World(memoryStore(), randomIdGen, systemClock);
  const server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '000000000000', version: 'bench' });
  try {
    const s = await setup(server.url);
    const gated = identify(sig(s.instanceKey, 's3'), '000000000000');
    const open = identify(sig(ACCOUNT, 's3'), '000000000000');
    const q = (bucket: string, policy: string | undefined) => ({ action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/small`, resourceAccount: ACCOUNT, ...(policy ? { resourcePolicy: policy } : {}) });
    const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::bench-gated/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-00000000000000000' } } }] });
    const check = (who: typeof gated, bucket: string, policy: string | undefined) => () => {
      const p = server.gate.pass(who, 's3', '127.0.0.1', `/${bucket}/small`, 'r');
      if (!p.reachable) throw new Error('not reachable');
      p.call.authorize(q(bucket, policy));
    };
    const withPolicies = timeChecks(check(gated, s.gatedBucket, bucketPolicy), 100_000);
    const without = timeChecks(check(open, s.openBucket, undefined), 100_000);
    report('path + policy checks, from an instance, 3 policies (in-process)', `p50 ${withPolicies.p50.toFixed(1)} µs  p99 ${withPolicies.p99.toFixed(1)} µs`, { ok: withPolicies.p50 < 50, text: '< 50 µs median' });
    report('the same checks, root from the internet, no policies', `p50 ${without.p50.toFixed(1)} µs  p99 ${without.p99.toFixed(1)} µs`);
    // Signature check of an issued session's GetObject (the key lookup, canonical request, HMAC; the signing key cached).
    const signed = await authHeaders(server.url, s.instance, 's3', 'GET', `/${s.gatedBucket}/small`, {});
    const headers: Record<string, string> = { host: new URL(server.url).host };
    for (const [k, v] of Object.entries(signed)) headers[k.toLowerCase()] = v;
    const req = { method: 'GET', rawPath: `/${s.gatedBucket}/small`, rawQuery: '', headers, body: Buffer.alloc(0) };
    const openAuth = { mode: 'open' } as const;
    const sigCost = timeChecks(() => { if (authenticate(world, openAuth, req, s.instance.accessKeyId, 's3')) throw new Error('signature refused'); }, 100_000);
    report('signature check, issued session key (in-process)', `p50 ${sigCost.p50.toFixed(1)} µs  p99 ${sigCost.p99.toFixed(1)} µs`, { ok: sigCost.p50 < 20, text: '< 20 µs median' });
  } finally {
    await server.close();
  }
}

export async function run(): Promise<void> {
  await runVersioning();
  await inProcessOverhead();
  const dir = mkdtempSync(join(tmpdir(), 'vpce-bench-services-'));
  const proc = await serveProcess(dir);
  try {
    const s = await setup(proc.url);
    const cases: { label: string; op: () => Promise<void>; count: number; target?: (perSecond: number) => { ok: boolean; text: string } }[] = [
      { label: 'GetObject 1 KiB, instance via endpoint, 3 policies', op: await getObject(proc.url, s.instance, s.gatedBucket, 'small', SMALL), count: 20_000, target: (r) => ({ ok: r >= 3000, text: '>= 3,000/s' }) },
      { label: 'GetObject 1 KiB, policies off', op: await getObject(proc.url, ACCOUNT, s.openBucket, 'small', SMALL), count: 20_000 },
      { label: 'GetObject 8 MiB, instance via endpoint, 3 policies', op: await getObject(proc.url, s.instance, s.gatedBucket, 'large', LARGE), count: 300 },
      { label: 'GetObject 8 MiB, policies off', op: await getObject(proc.url, ACCOUNT, s.openBucket, 'large', LARGE), count: 300 },
      { label: 'GetItem, instance via endpoint, 3 policies', op: await getItem(proc.url, s.instance, s.gatedTable), count: 20_000 },
      { label: 'GetItem, policies off', op: await getItem(proc.url, ACCOUNT, s.openTable), count: 20_000 },
    ];
    const results = new Map<string, { seq: number; conc: number; p50: number }>();
    for (const c of cases) {
      await measure(Math.min(500, c.count), 4, c.op);
      const seq = await measure(Math.floor(c.count / 4), 1, c.op);
      const conc = await measure(c.count, 16, c.op);
      results.set(c.label, { seq: seq.perSecond, conc: conc.perSecond, p50: seq.p50 });
      const mb = c.label.includes('8 MiB') ? `  (${Math.round((conc.perSecond * LARGE) / 1048576).toLocaleString('en-US')} MiB/s)` : '';
      report(`${c.label}, sequential`, fmtStats(seq));
      report(`${c.label}, 16 in flight`, `${fmtStats(conc)}${mb}`, c.target?.(conc.perSecond));
    }
    const pairs: [string, string][] = [
      ['GetObject 1 KiB, instance via endpoint, 3 policies', 'GetObject 1 KiB, policies off'],
      ['GetObject 8 MiB, instance via endpoint, 3 policies', 'GetObject 8 MiB, policies off'],
      ['GetItem, instance via endpoint, 3 policies', 'GetItem, policies off'],
    ];
    for (const [on, off] of pairs) {
      const a = results.get(on)!;
      const b = results.get(off)!;
      report(`overhead ${on.split(',')[0]!} (sequential p50 difference)`, `${((a.p50 - b.p50) * 1000).toFixed(0)} µs; throughput ratio ${(a.conc / b.conc).toFixed(2)}x`);
    }
  } finally {
    closeConnections();
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
