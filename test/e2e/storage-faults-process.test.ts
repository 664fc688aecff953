/**
 * @module Storage faults of a real `vpce serve` process (issue 13, "Faults"): a full disk on a small tmpfs (writes
 * answer retryable errors and leave no body file behind, deletes free space, SIGTERM exits cleanly, a restart on
 * the full disk serves reads), and damaged state databases refused at start-up (exit 2, the file named) unless
 * --reset-damaged-state. The tmpfs is mounted in a private mount namespace (`unshare -m`, root only) so nothing
 * outside the server sees it; where that is refused, the injected full disk of storage-faults.test.ts stands in and
 * this file checks the clean stop on an ordinary disk.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, UploadPartCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateVpcCommand, DeleteVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { rejectsWith } from './harness.js';
import { CLI, serveProcess } from './process.js';

const ACCOUNT = '111111111111';
const scratch: string[] = [];
after(() => { for (const d of scratch) rmSync(d, { recursive: true, force: true }); });
const tempDir = (name: string): string => { const d = mkdtempSync(join(tmpdir(), name)); scratch.push(d); return d; };

/** Whether this machine lets us mount a tmpfs in a private mount namespace (root, and mounts not refused). */
function tmpfsAvailable(): boolean {
  const dir = tempDir('vpce-tmpfs-probe-');
  const r = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$0"', dir], { stdio: 'ignore' });
  return r.status === 0;
}

function sdk(url: string, attempts = 1) {
  const config = { endpoint: url, region: 'us-east-1', maxAttempts: attempts, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' } };
  return { s3: new S3Client({ ...config, forcePathStyle: true }), ddb: new DynamoDBClient(config), ec2: new EC2Client(config) };
}

/** Output of a child, and a wait for a line matching a pattern. */
function watch(child: ChildProcess) {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const waitFor = async (re: RegExp, from = 0): Promise<RegExpExecArray> => {
    for (let i = 0; i < 600; i++) {
      const m = re.exec(out.slice(from));
      if (m) return m;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${re} in output: ${out}\nstderr: ${err}`);
  };
  return { waitFor, out: () => out, err: () => err };
}

/** Put objects of shrinking sizes until even a 1-byte object no longer fits; answers how many were stored. */
async function fillDisk(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let stored = 0;
  for (const size of [512 * 1024, 64 * 1024, 8 * 1024, 1024, 64, 1]) {
    for (let i = 0; i < 400; i++) {
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}-${size}-${i}`, Body: Buffer.alloc(size, 1) }));
        stored++;
      } catch (e) {
        assert.equal((e as Error).name, 'InternalError', `a full disk answers InternalError, not ${(e as Error).name}: ${(e as Error).message}`);
        break;
      }
    }
  }
  return stored;
}

async function allKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

function bodyFiles(root: string): { path: string; size: number }[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    .map((d) => { const path = join(d.parentPath ?? d.path, d.name); return { path, size: statSync(path).size }; });
}

describe('a full disk (a small tmpfs) under a real vpce serve', () => {
  it('answers retryable errors, leaves no body file behind, frees space through deletes, stops cleanly and restarts on the full disk', async (t) => {
    if (!tmpfsAvailable()) {
      // AWS-independent: no mount here; the injected full disk (storage-faults.test.ts) covers the answers, and a
      // clean stop is checked on an ordinary disk.
      t.diagnostic('tmpfs mount refused on this machine: checking the clean stop on an ordinary disk instead');
      const p = await serveProcess(tempDir('vpce-stop-'));
      let out = '';
      p.child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      const code = new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
      await p.stop('SIGTERM');
      assert.equal(await code, 0);
      assert.match(out, /vpce stopped/);
      return;
    }
    const mount = tempDir('vpce-tmpfs-');
    // Two servers in one namespace: the first is stopped with SIGTERM on the full disk, the second starts on it.
    const script = `mount -t tmpfs -o size=8m tmpfs "$0" || exit 97
"$1" "$2" serve --port 0 --state "$0/state" &
echo "first pid $!"
wait $!
echo "first exited $?"
exec "$1" "$2" serve --port 0 --state "$0/state"`;
    const child = spawn('unshare', ['-m', 'sh', '-c', script, mount, process.execPath, CLI], { stdio: ['ignore', 'pipe', 'pipe'] });
    const w = watch(child);
    try {
      const firstPid = Number((await w.waitFor(/first pid (\d+)/))[1]);
      const url = (await w.waitFor(/listening on (http:\/\/\S+)/))[1]!;
      // The namespace's files, seen from outside through the server's root.
      const state = `/proc/${firstPid}/root${mount}/state`;
      const c = sdk(url);
      const retrying = sdk(url, 3);
      await c.s3.send(new CreateBucketCommand({ Bucket: 'tmpfs-full' }));
      await c.ddb.send(new CreateTableCommand({ TableName: 'tmpfs-full', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
      await c.ddb.send(new PutItemCommand({ TableName: 'tmpfs-full', Item: { k: { S: 'kept' } } }));
      const vpcId = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
      const upload = await c.s3.send(new CreateMultipartUploadCommand({ Bucket: 'tmpfs-full', Key: 'multi' }));

      assert.ok(await fillDisk(c.s3, 'tmpfs-full', 'a') > 0);
      // Writes: the service's retryable 5xx error, which the SDK retries (3 attempts by default).
      const e = await rejectsWith(retrying.s3.send(new PutObjectCommand({ Bucket: 'tmpfs-full', Key: 'one-more', Body: Buffer.alloc(4096, 2) })), 'InternalError', 500);
      assert.equal((e as { $metadata?: { attempts?: number } }).$metadata?.attempts, 3);
      await rejectsWith(c.s3.send(new UploadPartCommand({ Bucket: 'tmpfs-full', Key: 'multi', UploadId: upload.UploadId!, PartNumber: 1, Body: Buffer.alloc(64 * 1024, 3) })), 'InternalError', 500);
      await rejectsWith(c.ddb.send(new PutItemCommand({ TableName: 'tmpfs-full', Item: { k: { S: 'new' }, v: { S: 'x'.repeat(3000) } } })), 'InternalServerError', 500);
      await rejectsWith(c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' })), 'InternalError', 500);
      // No body file left by the failed writes: one file per stored object, none empty.
      const keys = await allKeys(c.s3, 'tmpfs-full');
      const files = bodyFiles(`${state}/s3/objects`);
      assert.equal(files.length, keys.length, 'one body file per stored object, no leftovers (of PutObject or UploadPart)');
      assert.ok(files.every((f) => f.size > 0), 'no empty body file');

      // Deletes work on the full disk (through the space reserve) and free space for writes.
      await c.ddb.send(new DeleteItemCommand({ TableName: 'tmpfs-full', Key: { k: { S: 'kept' } } }));
      await c.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
      assert.equal((await c.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Vpcs!.length, 0);
      for (const k of keys.filter((key) => key.startsWith('a-524288-'))) await c.s3.send(new DeleteObjectCommand({ Bucket: 'tmpfs-full', Key: k }));
      await c.s3.send(new PutObjectCommand({ Bucket: 'tmpfs-full', Key: 'after-delete', Body: 'space again' }));
      await c.ddb.send(new PutItemCommand({ TableName: 'tmpfs-full', Item: { k: { S: 'after-delete' } } }));
      await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }));

      // Full again, then SIGTERM: a clean exit with a message, never a crash on SQLITE_FULL at close.
      await fillDisk(c.s3, 'tmpfs-full', 'b');
      for (const client of [...Object.values(c), ...Object.values(retrying)]) client.destroy();
      const mark = w.out().length;
      process.kill(firstPid, 'SIGTERM');
      assert.equal((await w.waitFor(/first exited (\d+)/, mark))[1], '0', w.err());
      assert.match(w.out().slice(mark), /vpce stopped/);
      assert.doesNotMatch(w.err(), /Uncaught|\n\s+at .*\(node:/, 'no crash with a stack');

      // The restart on the still-full disk starts and serves reads.
      const again = (await w.waitFor(/listening on (http:\/\/\S+)/, mark))[1]!;
      const c2 = sdk(again);
      const body = await (await c2.s3.send(new GetObjectCommand({ Bucket: 'tmpfs-full', Key: 'after-delete' }))).Body!.transformToString();
      assert.equal(body, 'space again');
      assert.ok((await c2.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.2.0.0/16'] }] }))).Vpcs!.length === 1);
      for (const client of Object.values(c2)) client.destroy();
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    }
  });
});

/** Make a state with records in all three databases, then stop it: kill -9 keeps the WALs, SIGTERM folds them. */
async function makeState(signal: 'SIGKILL' | 'SIGTERM'): Promise<string> {
  const dir = tempDir('vpce-damaged-');
  const p = await serveProcess(dir);
  const c = sdk(p.url);
  await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  await c.s3.send(new CreateBucketCommand({ Bucket: 'damaged-state' }));
  await c.ddb.send(new CreateTableCommand({ TableName: 'damaged', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  for (let i = 0; i < 50; i++) await c.ddb.send(new PutItemCommand({ TableName: 'damaged', Item: { k: { S: `item-${i}` }, v: { S: 'v'.repeat(500) } } }));
  for (const client of Object.values(c)) client.destroy();
  await p.stop(signal);
  return dir;
}

async function refused(dir: string, file: string, problem: RegExp): Promise<void> {
  // A server that starts anyway never exits: it is stopped after 30 s and the test fails on its exit code.
  const r = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--state', dir], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 2, `exit code 2 expected: ${r.stdout}${r.stderr}`);
  assert.ok(r.stderr.includes(file), `names ${file}: ${r.stderr}`);
  assert.match(r.stderr, problem);
  assert.match(r.stderr, /--reset-damaged-state/);
}

describe('damaged state at start-up', () => {
  it('a zero-byte state.db beside its write-ahead log is refused (exit 2, file named) and the log is kept', async () => {
    const dir = await makeState('SIGKILL');
    const db = join(dir, 'state.db');
    assert.ok(statSync(`${db}-wal`).size > 0, 'kill -9 leaves the WAL');
    const wal = readFileSync(`${db}-wal`);
    truncateSync(db, 0);
    await refused(dir, db, /empty \(0 bytes\) beside a \d+-byte write-ahead log/);
    assert.deepEqual(readFileSync(`${db}-wal`), wal, 'the refusal leaves the log untouched');
  });

  it('--reset-damaged-state moves the damaged files aside and starts without them', async () => {
    const dir = await makeState('SIGKILL');
    const db = join(dir, 'state.db');
    truncateSync(db, 0);
    const p = await serveProcess(dir, ['--reset-damaged-state']);
    try {
      const c = sdk(p.url);
      assert.equal((await c.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.filter((v) => v.CidrBlock === '10.0.0.0/16' && v.IsDefault !== true).length, 0);
      // S3 and DynamoDB were intact and keep their data.
      await c.s3.send(new PutObjectCommand({ Bucket: 'damaged-state', Key: 'still-here', Body: 'yes' }));
      for (const client of Object.values(c)) client.destroy();
    } finally {
      await p.stop();
    }
    const aside = readdirSync(dir).filter((f) => f.includes('.damaged-'));
    assert.ok(aside.some((f) => f.startsWith('state.db.damaged-')) && aside.some((f) => f.startsWith('state.db-wal.damaged-')), aside.join(','));
  });

  it('a truncated database is refused', async () => {
    const dir = await makeState('SIGTERM');
    const db = join(dir, 'dynamodb', 'items.db');
    const size = statSync(db).size;
    assert.ok(size > 8192, `items.db has several pages (${size} bytes)`);
    truncateSync(db, size - 1000);
    await refused(dir, db, /truncated: \d+ bytes is not a whole number of \d+-byte pages/);
    truncateSync(db, 4096);
    await refused(dir, db, /truncated: the header counts \d+ pages/);
  });

  it('a file that is not a database is refused', async () => {
    const dir = await makeState('SIGTERM');
    const db = join(dir, 's3', 's3.db');
    writeFileSync(db, 'these are not the pages you are looking for\n'.repeat(200));
    await refused(dir, db, /not a SQLite database/);
  });

  it('a write-ahead log that does not belong to its database is refused', async () => {
    const dir = await makeState('SIGTERM');
    const db = join(dir, 'state.db');
    // A WAL header (magic, format 3007000) for 1024-byte pages, beside a database of 4096-byte pages.
    const header = Buffer.alloc(32);
    header.writeUInt32BE(0x377f0682, 0);
    header.writeUInt32BE(3007000, 4);
    header.writeUInt32BE(1024, 8);
    writeFileSync(`${db}-wal`, Buffer.concat([header, Buffer.alloc(1024 + 24)]));
    await refused(dir, `${db}-wal`, /does not belong to this database/);
    writeFileSync(`${db}-wal`, Buffer.alloc(4096, 0x41));
    await refused(dir, `${db}-wal`, /not a SQLite write-ahead log/);
  });
});
