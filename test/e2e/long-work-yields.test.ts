/**
 * @module Long requests give the thread away between bounded slices (issue 13: a health check is answered while
 * any single request is served). With the slice length set to 0 (every key or item its own slice), requests sent
 * while a DeleteObjects or a BatchWriteItem is in flight are answered between its slices and see it half done,
 * which AWS allows (neither is atomic as a whole); a large CompleteMultipartUpload joins its parts while other
 * requests run, and an abort racing it leaves exactly one of them successful and nothing behind. Asserted by what
 * the requests see and by the order of the answers, never by timings.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type AttributeValue, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectsCommand,
  GetObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startHarness, type Harness } from './harness.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';
import { setSliceMs } from '../../src/shared/slices.js';

const ACCOUNT = '111111111111';
const MiB = 1024 * 1024;

function health(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/_vpce/health`, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); }).on('error', reject);
  });
}

/** Run `probe` again and again until `work` settles; every probe result seen meanwhile. */
async function probeDuring<T, R>(work: Promise<T>, probe: () => Promise<R>): Promise<{ result: T; seen: R[] }> {
  let done = false;
  const settled = work.finally(() => { done = true; });
  const seen: R[] = [];
  while (!done) {
    const r = await probe();
    if (!done) seen.push(r);
  }
  return { result: await settled, seen };
}

/** Object body files (and joined parts) under the state's S3 folder. */
function contentFiles(dir: string): number {
  const root = join(dir, 's3', 'objects');
  let n = 0;
  for (const sub of readdirSync(root)) n += readdirSync(join(root, sub)).length;
  return n;
}

describe('long requests yield between slices (issue 13)', () => {
  let h: Harness;
  let dir: string;
  let previous: number;
  before(async () => {
    previous = setSliceMs(0);
    dir = mkdtempSync(join(tmpdir(), 'vpce-yields-'));
    h = await startHarness(sqliteStore(dir), dir);
  });
  after(async () => {
    setSliceMs(previous);
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // AWS: DeleteObjects deletes each key on its own; the request as a whole is not atomic.
  it('a DeleteObjects of 1,000 keys answers other requests between its deletes, which see some keys gone', async () => {
    const s3 = h.s3(ACCOUNT);
    await s3.send(new CreateBucketCommand({ Bucket: 'yields' }));
    const keys = Array.from({ length: 1000 }, (_, i) => `k/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((Key) => s3.send(new PutObjectCommand({ Bucket: 'yields', Key, Body: 'x' }))));
    const order: string[] = [];
    const del = s3.send(new DeleteObjectsCommand({ Bucket: 'yields', Delete: { Objects: keys.map((Key) => ({ Key })) } })).then((r) => { order.push('delete'); return r; });
    const { result, seen } = await probeDuring(del, async () => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'yields', MaxKeys: 1000 }));
      assert.equal(await health(h.url), 200);
      order.push('health');
      return listed.KeyCount ?? 0;
    });
    assert.equal(result.Deleted?.length, 1000);
    assert.equal(result.Errors, undefined);
    assert.ok(seen.some((n) => n > 0 && n < 1000), `a listing between slices sees the delete half done (saw ${seen.join(',')})`);
    assert.equal(order[0], 'health', 'a health check is answered before the delete');
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'yields' }))).KeyCount, 0);
  });

  // AWS: each put of a BatchWriteItem is atomic; the batch as a whole is not.
  it('a BatchWriteItem of 25 items of 200 KB answers reads between its writes, each item whole or absent', async () => {
    const db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({ TableName: 'yields', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    const value = (i: number): string => String.fromCharCode(97 + i).repeat(200 * 1024);
    const batch = db.send(new BatchWriteItemCommand({ RequestItems: { yields: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: value(i) } } } })) } }));
    const { result, seen } = await probeDuring(batch, async () => {
      const first = await db.send(new GetItemCommand({ TableName: 'yields', Key: { k: { S: 'k0' } } }));
      const last = await db.send(new GetItemCommand({ TableName: 'yields', Key: { k: { S: 'k24' } } }));
      if (first.Item) assert.equal(first.Item['v']?.S, value(0));
      if (last.Item) assert.equal(last.Item['v']?.S, value(24));
      return `${first.Item ? 1 : 0}${last.Item ? 1 : 0}`;
    });
    assert.deepEqual(result.UnprocessedItems, {});
    assert.ok(seen.includes('10'), `a read between slices sees the first item written and the last not yet (saw ${seen.join(',')})`);
    // Every item is there (a Scan page stops at 1 MB: counted over all pages).
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: 'yields', Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    assert.equal(count, 25);
  });

  it('a BatchWriteItem whose table is deleted between its writes answers the writes left as UnprocessedItems', async () => {
    const db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({ TableName: 'yields-gone', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    const writes = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: 'v'.repeat(300 * 1024) } } } }));
    const batch = db.send(new BatchWriteItemCommand({ RequestItems: { 'yields-gone': writes } }));
    // Delete the table as soon as its first item is there (the batch is then between two slices).
    for (;;) {
      const first = await db.send(new GetItemCommand({ TableName: 'yields-gone', Key: { k: { S: 'k0' } } }));
      if (first.Item) break;
    }
    await db.send(new DeleteTableCommand({ TableName: 'yields-gone' }));
    const result = await batch;
    const left = result.UnprocessedItems?.['yields-gone'] ?? [];
    assert.ok(left.length > 0 && left.length < 25, `some writes were left (${left.length})`);
    // The writes left are the last ones, as sent.
    assert.deepEqual(left.map((w) => w.PutRequest?.Item?.['k']?.S), writes.slice(25 - left.length).map((w) => w.PutRequest.Item.k.S));
  });

  it('a CompleteMultipartUpload of 9 MiB raced by AbortMultipartUpload: exactly one succeeds, no bytes left behind', async () => {
    const s3 = h.s3(ACCOUNT);
    await s3.send(new CreateBucketCommand({ Bucket: 'yields-mpu' }));
    for (let round = 0; round < 3; round++) {
      const Key = `mp-${round}`;
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'yields-mpu', Key }));
      const parts = [];
      for (const [n, size] of [[1, 5 * MiB], [2, 4 * MiB]] as const) {
        const r = await s3.send(new UploadPartCommand({ Bucket: 'yields-mpu', Key, UploadId, PartNumber: n, Body: Buffer.alloc(size, n) }));
        parts.push({ PartNumber: n, ETag: r.ETag! });
      }
      const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: Error) => e.name);
      const complete = outcome(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'yields-mpu', Key, UploadId, MultipartUpload: { Parts: parts } })));
      // Sent after the completion, on another connection: it arrives while the parts are being joined or after.
      await new Promise((r) => setImmediate(r));
      const abort = outcome(s3.send(new AbortMultipartUploadCommand({ Bucket: 'yields-mpu', Key, UploadId })));
      const [c, a] = await Promise.all([complete, abort]);
      assert.deepEqual([c, a].sort(), ['NoSuchUpload', 'ok'], `completion ${c}, abort ${a}`);
      const got = await outcome(s3.send(new GetObjectCommand({ Bucket: 'yields-mpu', Key })).then(async (r) => {
        const body = Buffer.from(await r.Body!.transformToByteArray());
        assert.equal(body.length, 9 * MiB);
        assert.equal(body[0], 1);
        assert.equal(body[9 * MiB - 1], 2);
      }));
      assert.equal(got, c === 'ok' ? 'ok' : 'NoSuchKey');
    }
    // Every body file belongs to a stored object: no joined content or part left behind by the losing side.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'yields-mpu' }));
    const stored = (await s3.send(new ListObjectsV2Command({ Bucket: 'yields' }))).KeyCount ?? 0;
    assert.equal(contentFiles(dir), (listed.KeyCount ?? 0) + stored);
  });
});
