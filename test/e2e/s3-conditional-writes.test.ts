/**
 * @module S3 conditional writes: If-None-Match: * and If-Match on PutObject, CompleteMultipartUpload and CopyObject's
 * destination (AWS User Guide, "How to prevent object overwrites with conditional writes").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand,
  HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { openObjectStore } from '../../src/persistence/object-store.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const B = 'cond';
const signed = signedFor('111111111111');
const MiB = 1024 * 1024;

describe('S3 conditional writes', () => {
  let h: Harness;
  let s3: S3Client;
  const body = async (key: string): Promise<string> =>
    (await s3.send(new GetObjectCommand({ Bucket: B, Key: key }))).Body!.transformToString();
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: B }));
  });
  after(async () => { await h.close(); });

  // AWS: If-None-Match: * writes only when no object has the key; otherwise 412 PreconditionFailed, object unchanged.
  it('PutObject If-None-Match: * creates a new key and refuses an existing one with 412', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'once', Body: 'first', IfNoneMatch: '*' }));
    assert.ok(first.ETag);
    const err = await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'once', Body: 'second', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    assert.match(err.message, /At least one of the pre-conditions you specified did not hold/);
    assert.equal(await body('once'), 'first');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'once' }))).ETag, first.ETag);
  });

  // AWS: If-Match writes only when the current ETag matches (compare-and-swap); a different ETag is 412.
  it('PutObject If-Match replaces on the current ETag and refuses a stale one with 412', async () => {
    const v1 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'cas', Body: 'v1' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'cas', Body: 'v2', IfMatch: v1.ETag! }));
    assert.equal(await body('cas'), 'v2');
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'cas', Body: 'v3', IfMatch: v1.ETag! })), 'PreconditionFailed', 412);
    assert.equal(await body('cas'), 'v2');
    // The ETag may be sent without its quotes.
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'cas', Body: 'v3', IfMatch: v2.ETag!.replace(/"/g, '') }));
    assert.equal(await body('cas'), 'v3');
  });

  // AWS: If-Match on a key with no object fails with 404 Not Found (NoSuchKey); nothing is created.
  it('PutObject If-Match on a missing key answers 404 NoSuchKey and creates nothing', async () => {
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'absent', Body: 'x', IfMatch: '"0123456789abcdef0123456789abcdef"' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'absent' })), 'NotFound', 404);
  });

  // AWS: If-None-Match accepts only `*`; another value, or If-Match with If-None-Match, is 501 NotImplemented.
  it('refuses If-None-Match other than * and both headers together with 501 NotImplemented', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'n', Body: 'kept' }));
    const etag = (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'n' }))).ETag!;
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'n', Body: 'x', IfNoneMatch: etag })), 'NotImplemented', 501);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'n', Body: 'x', IfNoneMatch: '*', IfMatch: etag })), 'NotImplemented', 501);
    assert.equal(await body('n'), 'kept');
    const r = await raw(h.url, 'PUT', `/${B}/n`, { ...signed, 'if-none-match': '"abc"' }, 'y');
    assert.equal(r.status, 501);
    assert.equal(code(r.body), 'NotImplemented');
    assert.match(r.body, /A header you provided implies functionality that is not implemented/);
    assert.match(r.body, /<Header>If-None-Match<\/Header>/);
  });

  it('answers 412 in S3 XML over raw HTTP and leaves GET/HEAD preconditions as they were', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'raw', Body: 'r' }));
    const r = await raw(h.url, 'PUT', `/${B}/raw`, { ...signed, 'if-none-match': '*' }, 'other');
    assert.equal(r.status, 412);
    assert.equal(code(r.body), 'PreconditionFailed');
    assert.match(r.body, /<Condition>If-None-Match<\/Condition>/);
    const m = await raw(h.url, 'PUT', `/${B}/raw`, { ...signed, 'if-match': '"ffffffffffffffffffffffffffffffff"' }, 'other');
    assert.equal(m.status, 412);
    assert.match(m.body, /<Condition>If-Match<\/Condition>/);
    // HEAD/GET If-None-Match with the current ETag stays 304 (read semantics unchanged).
    const etag = (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'raw' }))).ETag!;
    assert.equal((await raw(h.url, 'HEAD', `/${B}/raw`, { ...signed, 'if-none-match': etag })).status, 304);
    assert.equal((await raw(h.url, 'GET', `/${B}/raw`, { ...signed, 'if-none-match': '*' })).status, 304);
  });

  // AWS: CompleteMultipartUpload takes If-None-Match: * and If-Match, evaluated when the upload completes.
  it('CompleteMultipartUpload honours If-None-Match and If-Match at completion; a refused upload stays open', async () => {
    const upload = async (key: string, text: string): Promise<{ UploadId: string; Parts: { PartNumber: number; ETag: string }[] }> => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: key }));
      const p = await s3.send(new UploadPartCommand({ Bucket: B, Key: key, UploadId, PartNumber: 1, Body: text }));
      return { UploadId: UploadId!, Parts: [{ PartNumber: 1, ETag: p.ETag! }] };
    };
    const complete = (key: string, u: { UploadId: string; Parts: { PartNumber: number; ETag: string }[] }, cond: { IfNoneMatch?: string; IfMatch?: string }) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: key, UploadId: u.UploadId, MultipartUpload: { Parts: u.Parts }, ...cond }));

    // A PutObject racing the upload: the key appears after CreateMultipartUpload, so completion is refused.
    const racing = await upload('mp', 'multipart');
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'mp', Body: 'won the race', IfNoneMatch: '*' }));
    await rejectsWith(complete('mp', racing, { IfNoneMatch: '*' }), 'PreconditionFailed', 412);
    assert.equal(await body('mp'), 'won the race');
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: B, Prefix: 'mp' }));
    assert.deepEqual(open.Uploads?.map((u) => u.UploadId), [racing.UploadId]);

    // If-Match with a stale ETag is 412; with the current one it completes.
    const current = (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'mp' }))).ETag!;
    await rejectsWith(complete('mp', racing, { IfMatch: '"00000000000000000000000000000000"' }), 'PreconditionFailed', 412);
    const done = await complete('mp', racing, { IfMatch: current });
    assert.match(done.ETag!, /-1"$/);
    assert.equal(await body('mp'), 'multipart');

    // If-Match on a missing key: 404 NoSuchKey. If-None-Match: * on a free key completes.
    const fresh = await upload('mp-new', 'fresh');
    await rejectsWith(complete('mp-new', fresh, { IfMatch: current }), 'NoSuchKey', 404);
    await rejectsWith(complete('mp-new', fresh, { IfNoneMatch: 'abc' }), 'NotImplemented', 501);
    await rejectsWith(complete('mp-new', fresh, { IfNoneMatch: '*', IfMatch: current }), 'NotImplemented', 501);
    await complete('mp-new', fresh, { IfNoneMatch: '*' });
    assert.equal(await body('mp-new'), 'fresh');
  });

  it('CompleteMultipartUpload of several parts refuses an existing key with If-None-Match: *', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'big', Body: 'small' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'big' }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket: B, Key: 'big', UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MiB, 'a') }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: B, Key: 'big', UploadId, PartNumber: 2, Body: 'tail' }));
    const parts = [{ PartNumber: 1, ETag: p1.ETag! }, { PartNumber: 2, ETag: p2.ETag! }];
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'big', UploadId, MultipartUpload: { Parts: parts }, IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    assert.equal(await body('big'), 'small');
  });

  // AWS: of concurrent create-only writes to one key exactly one succeeds; the others see the winner's object.
  it('parallel If-None-Match: * writes to one key: exactly one wins, the rest get 412', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) =>
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'lock', Body: `writer ${i}`, IfNoneMatch: '*' }))));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'PreconditionFailed');
    assert.equal(await body('lock'), `writer ${won[0]}`);
  });

  // AWS: CopyObject's If-None-Match / If-Match apply to the destination key.
  it('CopyObject checks If-None-Match and If-Match on the destination', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'src', Body: 'source' }));
    await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src`, IfNoneMatch: '*' }));
    assert.equal(await body('dst'), 'source');
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'dst', Body: 'changed' }));
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src`, IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    const srcEtag = (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'src' }))).ETag!;
    // If-Match compares the destination's ETag, not the source's.
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src`, IfMatch: srcEtag })), 'PreconditionFailed', 412);
    assert.equal(await body('dst'), 'changed');
    const dstEtag = (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'dst' }))).ETag!;
    await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src`, IfMatch: dstEtag }));
    assert.equal(await body('dst'), 'source');
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst-missing', CopySource: `${B}/src`, IfMatch: srcEtag })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src`, IfNoneMatch: srcEtag })), 'NotImplemented', 501);
  });
});

describe('S3 conditional writes on the disk store', () => {
  // A refused write removes the content it stored before the commit check, so no orphan file stays behind.
  it('a refused conditional write leaves the stored object and no extra content file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-s3-cond-'));
    const files = (): number => readdirSync(join(dir, 's3', 'objects'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
    try {
      let store = openObjectStore(dir);
      store.insertBucket({ name: 'b', owner: '111111111111', region: 'us-east-1', created: 1, policy: null });
      const o = { bucket: 'b', key: 'k', size: 3, etag: '"one"', lastModified: 2, extra: { headers: {}, metadata: {}, checksums: {} } };
      const first = store.putObject(o, Buffer.from('one'));
      assert.equal(files(), 1);
      const refuse = (current: string | undefined): void => { if (current !== undefined) throw new Error('exists'); };
      assert.throws(() => store.putObject({ ...o, etag: '"two"' }, Buffer.from('two'), refuse), /exists/);
      assert.throws(() => store.copyObject(first, { ...o, etag: '"three"' }, refuse), /exists/);
      assert.equal(files(), 1);
      store.insertUpload({ uploadId: 'u', bucket: 'b', key: 'k', initiated: 3, owner: '111111111111', initiator: 'arn', extra: o.extra });
      const part = store.putPart({ uploadId: 'u', partNumber: 1, size: 4, etag: '"p"', lastModified: 4, checksums: {} }, Buffer.from('part'));
      assert.throws(() => store.completeUpload('u', [part], { ...o, etag: '"mp-1"', size: 4 }, refuse), /exists/);
      assert.equal(files(), 2);
      assert.equal(store.listParts('u', 0, 10).length, 1);
      store.close();
      store = openObjectStore(dir);
      const kept = store.getObject('b', 'k')!;
      assert.equal(kept.etag, '"one"');
      assert.equal(String(store.readObject(kept, 0, kept.size)), 'one');
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
