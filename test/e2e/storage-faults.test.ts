/**
 * @module Storage faults through the real SDKs over HTTP (issue 13, "Faults"): a full disk answers every write with
 * the service's retryable 5xx error (the SDKs retry it) and nothing half-applied while deletes still work; a lost
 * S3 body file answers InternalError, logged once; the API log rotates by size and `vpce logs` reads across the
 * rotation. The full disk here is injected (test/e2e/faulty-stores.ts), so it runs everywhere; the real one, on a
 * small tmpfs, is in storage-faults-process.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateVpcCommand, DeleteVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateTargetGroupCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { World } from '../../src/model/world.js';
import { openItemStore } from '../../src/persistence/item-store.js';
import { openObjectStore } from '../../src/persistence/object-store.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { systemClock } from '../../src/shared/clock.js';
import { randomIdGen } from '../../src/shared/ids.js';
import { faultyItems, faultyObjects, faultyState, type DiskSwitch } from './faulty-stores.js';
import { rejectsWith } from './harness.js';
import { spawn } from 'node:child_process';
import { CLI, runVpce } from './process.js';

const ACCOUNT = '111111111111';

interface Server { running: RunningServer; dir: string; clients: { destroy(): void }[] }

async function serve(dir: string, sw?: DiskSwitch, logRotation?: { maxBytes: number; keep: number }): Promise<Server> {
  const state = sqliteStore(dir);
  const objects = openObjectStore(dir);
  const items = openItemStore(dir);
  const world = new World(sw ? faultyState(state, sw) : state, randomIdGen, systemClock);
  const running = await startServer({
    host: '127.0.0.1', port: 0, world, defaultAccount: '000000000000', version: 'test', dataDir: dir,
    stores: sw ? { objects: faultyObjects(objects, sw), items: faultyItems(items, sw) } : { objects, items },
    ...(logRotation ? { logRotation } : {}),
  });
  return { running, dir, clients: [] };
}

/** SDK clients with the SDK's own retry policy (`attempts`: 3 is the standard default). */
function clients(s: Server, attempts: number) {
  const config = { endpoint: s.running.url, region: 'us-east-1', maxAttempts: attempts, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' } };
  const made = {
    s3: new S3Client({ ...config, forcePathStyle: true }), ddb: new DynamoDBClient(config), ec2: new EC2Client(config), iam: new IAMClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config), sts: new STSClient(config),
  };
  s.clients.push(...Object.values(made));
  return made;
}

async function stop(s: Server): Promise<void> {
  for (const c of s.clients) c.destroy();
  await s.running.close();
}

/** Capture what the server writes to stderr while `fn` runs. */
async function stderrOf(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => { lines.push(args.map(String).join(' ')); };
  try { await fn(); } finally { console.error = original; }
  return lines;
}

describe('storage faults: a full disk (injected)', () => {
  const sw: DiskSwitch = { full: false, refused: 0 };
  let s: Server;
  let once: ReturnType<typeof clients>;
  let retrying: ReturnType<typeof clients>;
  let vpcId: string;
  before(async () => {
    s = await serve(mkdtempSync(join(tmpdir(), 'vpce-full-')), sw);
    once = clients(s, 1);
    retrying = clients(s, 3);
    await once.s3.send(new CreateBucketCommand({ Bucket: 'full-disk' }));
    await once.s3.send(new PutObjectCommand({ Bucket: 'full-disk', Key: 'old', Body: 'x'.repeat(1000) }));
    await once.ddb.send(new CreateTableCommand({ TableName: 'full-disk', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    await once.ddb.send(new PutItemCommand({ TableName: 'full-disk', Item: { k: { S: 'old' } } }));
    vpcId = (await once.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    await once.iam.send(new CreateRoleCommand({ RoleName: 'full-disk', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }) }));
    sw.full = true;
  });
  after(async () => { await stop(s); rmSync(s.dir, { recursive: true, force: true }); });

  it('S3 PutObject answers InternalError 500, which the SDK retries (3 attempts), and stores nothing', async () => {
    const e = await rejectsWith(retrying.s3.send(new PutObjectCommand({ Bucket: 'full-disk', Key: 'new', Body: 'y' })), 'InternalError', 500);
    assert.equal((e as { $metadata?: { attempts?: number } }).$metadata?.attempts, 3, 'the SDK classifies the answer as retryable');
    await rejectsWith(once.s3.send(new HeadObjectCommand({ Bucket: 'full-disk', Key: 'new' })), 'NotFound', 404);
  });

  it('DynamoDB PutItem answers InternalServerError 500 (retried by the SDK) and writes nothing', async () => {
    const e = await rejectsWith(retrying.ddb.send(new PutItemCommand({ TableName: 'full-disk', Item: { k: { S: 'new' } } })), 'InternalServerError', 500);
    assert.equal((e as { $metadata?: { attempts?: number } }).$metadata?.attempts, 3);
    assert.equal((await once.ddb.send(new GetItemCommand({ TableName: 'full-disk', Key: { k: { S: 'new' } } }))).Item, undefined);
  });

  it('EC2 CreateVpc answers InternalError 500 (retried) and leaves no VPC behind', async () => {
    const before = (await once.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    const e = await rejectsWith(retrying.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' })), 'InternalError', 500);
    assert.equal((e as { $metadata?: { attempts?: number } }).$metadata?.attempts, 3);
    assert.equal((await once.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length, before);
  });

  it('IAM CreateUser answers ServiceFailure 500 (retried) and creates no user', async () => {
    // The IAM SDK names the modeled error ServiceFailureException and keeps the wire code in `Code`.
    await assert.rejects(retrying.iam.send(new CreateUserCommand({ UserName: 'full-disk' })), (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }) => {
      assert.equal(e.Code, 'ServiceFailure');
      assert.equal(e.$metadata?.httpStatusCode, 500);
      assert.equal(e.$metadata?.attempts, 3);
      return true;
    });
    await rejectsWith(once.iam.send(new GetUserCommand({ UserName: 'full-disk' })), 'NoSuchEntityException', 404);
  });

  /** A Query-protocol error (the SDK may suffix the modeled name with Exception; `Code` is the wire code). */
  const queryError = (code: string) => (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }) => {
    assert.equal(e.Code ?? e.name, code, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, 500);
    assert.equal(e.$metadata?.attempts, 3, 'retried by the SDK');
    return true;
  };

  it('ELBv2 CreateTargetGroup answers InternalFailure 500 (retried) and creates no target group', async () => {
    await assert.rejects(retrying.elbv2.send(new CreateTargetGroupCommand({ Name: 'full-disk', Protocol: 'HTTP', Port: 80, VpcId: vpcId })), queryError('InternalFailure'));
    assert.equal((await once.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups!.length, 0);
  });

  it('STS AssumeRole answers InternalFailure 500 (retried) when its session cannot be stored', async () => {
    await assert.rejects(retrying.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/full-disk`, RoleSessionName: 'full' })), queryError('InternalFailure'));
  });

  it('deletes still work on the full disk: DeleteObject, DeleteItem, DeleteVpc', async () => {
    await once.s3.send(new DeleteObjectCommand({ Bucket: 'full-disk', Key: 'old' }));
    await rejectsWith(once.s3.send(new HeadObjectCommand({ Bucket: 'full-disk', Key: 'old' })), 'NotFound', 404);
    await once.ddb.send(new DeleteItemCommand({ TableName: 'full-disk', Key: { k: { S: 'old' } } }));
    assert.equal((await once.ddb.send(new GetItemCommand({ TableName: 'full-disk', Key: { k: { S: 'old' } } }))).Item, undefined);
    await once.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    assert.equal((await once.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Vpcs!.length, 0);
  });

  it('says "disk full" on stderr in one line at most once a minute, not a stack per request', async () => {
    const lines = await stderrOf(async () => {
      for (let i = 0; i < 3; i++) await rejectsWith(once.s3.send(new PutObjectCommand({ Bucket: 'full-disk', Key: `k${i}`, Body: 'z' })), 'InternalError', 500);
    });
    assert.ok(lines.every((l) => !/\n\s+at /.test(l)), lines.join('\n'));
    assert.ok(lines.length <= 1, lines.join('\n'));
  });

  it('writes work again once space is back', async () => {
    sw.full = false;
    await once.s3.send(new PutObjectCommand({ Bucket: 'full-disk', Key: 'after', Body: 'ok' }));
    await once.ddb.send(new PutItemCommand({ TableName: 'full-disk', Item: { k: { S: 'after' } } }));
  });
});

describe('storage faults: a failing device (reads fail too)', () => {
  it('S3 and DynamoDB answer their internal error documents, never a bare 500', async () => {
    const sw: DiskSwitch = { full: false, refused: 0 };
    const s = await serve(mkdtempSync(join(tmpdir(), 'vpce-ioerr-')), sw);
    try {
      const c = clients(s, 1);
      await c.s3.send(new CreateBucketCommand({ Bucket: 'failing-device' }));
      sw.failing = true;
      await stderrOf(async () => {
        await rejectsWith(c.s3.send(new GetObjectCommand({ Bucket: 'failing-device', Key: 'k' })), 'InternalError', 500);
        await rejectsWith(c.ddb.send(new GetItemCommand({ TableName: 'failing-device', Key: { k: { S: 'k' } } })), 'InternalServerError', 500);
        // With an Origin the error path reads the bucket's CORS rules, which fail too: the handler's own error
        // handling throws, and the server's last resort answers the service's document instead of an empty 500.
        const res = await fetch(`${s.running.url}/failing-device/k`, { headers: { origin: s.running.url } });
        assert.equal(res.status, 500);
        assert.match(await res.text(), /<Error><Code>InternalError<\/Code><Message>We encountered an internal error\. Please try again\.<\/Message>/);
      });
      sw.failing = false;
    } finally {
      await stop(s);
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});

describe('storage faults: a lost S3 body file', () => {
  let s: Server;
  let c: ReturnType<typeof clients>;
  const bodyFiles = (dir: string): string[] => readdirSync(join(dir, 's3', 'objects'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile()).map((d) => join(d.parentPath ?? d.path, d.name));
  before(async () => {
    s = await serve(mkdtempSync(join(tmpdir(), 'vpce-lost-')));
    c = clients(s, 1);
    await c.s3.send(new CreateBucketCommand({ Bucket: 'lost-bodies' }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'lost-bodies', Key: 'small', Body: 'tiny' }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'lost-bodies', Key: 'large', Body: Buffer.alloc(200 * 1024, 7) }));
    // Both body files removed behind vpce's back (a person cleaning the state folder, a damaged disk).
    for (const f of bodyFiles(s.dir)) unlinkSync(f);
  });
  after(async () => { await stop(s); rmSync(s.dir, { recursive: true, force: true }); });

  it('GetObject answers InternalError 500 (small and streamed bodies), logged once per object with its bucket and key', async () => {
    const lines = await stderrOf(async () => {
      await rejectsWith(c.s3.send(new GetObjectCommand({ Bucket: 'lost-bodies', Key: 'small' })), 'InternalError', 500);
      await rejectsWith(c.s3.send(new GetObjectCommand({ Bucket: 'lost-bodies', Key: 'small' })), 'InternalError', 500);
      await rejectsWith(c.s3.send(new GetObjectCommand({ Bucket: 'lost-bodies', Key: 'large' })), 'InternalError', 500);
    });
    assert.equal(lines.filter((l) => l.includes('s3://lost-bodies/small')).length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => l.includes('s3://lost-bodies/large')).length, 1, lines.join('\n'));
  });

  it('HeadObject still answers from the metadata', async () => {
    assert.equal((await c.s3.send(new HeadObjectCommand({ Bucket: 'lost-bodies', Key: 'small' }))).ContentLength, 4);
  });

  it('CopyObject of a lost object answers InternalError 500 and creates no copy', async () => {
    await stderrOf(async () => {
      await rejectsWith(c.s3.send(new CopyObjectCommand({ Bucket: 'lost-bodies', Key: 'copy', CopySource: 'lost-bodies/small' })), 'InternalError', 500);
    });
    await rejectsWith(c.s3.send(new HeadObjectCommand({ Bucket: 'lost-bodies', Key: 'copy' })), 'NotFound', 404);
  });

  it('UploadPartCopy from a lost object answers InternalError 500', async () => {
    const up = await c.s3.send(new CreateMultipartUploadCommand({ Bucket: 'lost-bodies', Key: 'mp' }));
    await stderrOf(async () => {
      await rejectsWith(c.s3.send(new UploadPartCopyCommand({ Bucket: 'lost-bodies', Key: 'mp', UploadId: up.UploadId!, PartNumber: 1, CopySource: 'lost-bodies/large' })), 'InternalError', 500);
    });
  });

  it('the lost object can be deleted and written again', async () => {
    await c.s3.send(new DeleteObjectCommand({ Bucket: 'lost-bodies', Key: 'small' }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'lost-bodies', Key: 'small', Body: 'back' }));
    assert.equal(await (await c.s3.send(new GetObjectCommand({ Bucket: 'lost-bodies', Key: 'small' }))).Body!.transformToString(), 'back');
  });
});

describe('API log rotation', () => {
  it('rotates api.jsonl by size, keeps the newest generations, and vpce logs reads them all in order', async () => {
    const s = await serve(mkdtempSync(join(tmpdir(), 'vpce-rotate-')), undefined, { maxBytes: 4096, keep: 2 });
    try {
      const c = clients(s, 1);
      await c.s3.send(new CreateBucketCommand({ Bucket: 'rotating-log' }));
      const keys = Array.from({ length: 40 }, (_, i) => `key-${String(i).padStart(2, '0')}`);
      for (const k of keys) {
        await c.s3.send(new PutObjectCommand({ Bucket: 'rotating-log', Key: k, Body: k }));
        // Flush after each request so each lands in the log in its own write (rotation is checked per write).
        s.running.logs.flush();
      }
      const files = readdirSync(join(s.dir, 'logs')).filter((f) => f.startsWith('api.jsonl')).sort();
      assert.deepEqual(files, ['api.jsonl', 'api.jsonl.1', 'api.jsonl.2'], 'the current file and two older generations, nothing more');
      const out = await runVpce(['logs', 'api', '--state', s.dir]);
      assert.equal(out.code, 0, out.stderr);
      const lines = out.stdout.trim().split('\n');
      assert.ok(lines.every((l) => l.includes('s3:')), out.stdout);
      // Oldest generation first: the times (and so the lines) never go backwards across files.
      const times = lines.map((l) => l.split('  ')[0]!);
      assert.deepEqual(times, [...times].sort());
      assert.ok(lines.at(-1)!.includes('s3:PutObject'));
    } finally {
      await stop(s);
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('vpce logs --follow keeps following across rotations, printing each event once', async () => {
    const s = await serve(mkdtempSync(join(tmpdir(), 'vpce-follow-')), undefined, { maxBytes: 4096, keep: 3 });
    const follower = spawn(process.execPath, [CLI, 'logs', 'api', '--json', '--follow', '--state', s.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      const c = clients(s, 1);
      await c.s3.send(new CreateBucketCommand({ Bucket: 'followed-log' }));
      for (let i = 0; i < 20; i++) {
        await c.s3.send(new PutObjectCommand({ Bucket: 'followed-log', Key: `k${i}`, Body: 'x' }));
        s.running.logs.flush();
        // Give the follower (it reads every 250 ms) a chance to see some files before they rotate away.
        if (i % 5 === 4) await new Promise((r) => setTimeout(r, 300));
      }
      const files = readdirSync(join(s.dir, 'logs')).filter((f) => f.startsWith('api.jsonl'));
      assert.ok(files.includes('api.jsonl.1'), `rotated at least once: ${files.join(',')}`);
      // Wait (bounded) for the follower to catch up; a loaded machine starts it slowly.
      for (let i = 0; i < 100 && out.trim().split('\n').length < 21; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      const ids = out.trim().split('\n').map((l) => (JSON.parse(l) as { requestID: string }).requestID);
      assert.equal(ids.length, 21, `21 events, each once: ${out}`);
      assert.equal(new Set(ids).size, 21);
    } finally {
      follower.kill();
      await stop(s);
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});
