/** @module S3 through @aws-sdk/client-s3: buckets, objects, ranges, conditionals, listings, copy, errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetBucketLocationCommand,
  GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { rejectsWith, startHarness, type Harness } from './harness.js';

describe('S3 buckets and objects', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => { h = await startHarness(); s3 = h.s3('111111111111'); });
  after(async () => { await h.close(); });

  it('creates, lists, heads and locates buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    const west = h.s3('111111111111', 'eu-west-1');
    const made = await west.send(new CreateBucketCommand({ Bucket: 'beta', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    assert.equal(made.Location, 'http://beta.s3.amazonaws.com/');
    const list = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(list.Buckets?.map((b) => [b.Name, b.BucketRegion]), [['alpha', 'us-east-1'], ['beta', 'eu-west-1']]);
    assert.ok(list.Buckets?.[0]?.CreationDate instanceof Date);
    assert.match(list.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    const head = await west.send(new HeadBucketCommand({ Bucket: 'beta' }));
    assert.equal(head.BucketRegion, 'eu-west-1');
    assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: 'alpha' }))).LocationConstraint, undefined);
    assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: 'beta' }))).LocationConstraint, 'eu-west-1');
    // Another account sees only its own buckets.
    const other = await h.s3('222222222222').send(new ListBucketsCommand({}));
    assert.deepEqual(other.Buckets ?? [], []);
  });

  it('answers bucket creation errors', async () => {
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName');
    await rejectsWith(h.s3('222222222222').send(new CreateBucketCommand({ Bucket: 'alpha' })), 'BucketAlreadyExists', 409);
    // us-east-1 re-creation by the owner is 200 (legacy); elsewhere BucketAlreadyOwnedByYou.
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    await rejectsWith(h.s3('111111111111', 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'beta', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })), 'BucketAlreadyOwnedByYou', 409);
    await rejectsWith(h.s3('111111111111', 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'gamma', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })), 'IllegalLocationConstraintException');
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'gamma', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })), 'InvalidLocationConstraint');
  });

  it('refuses a request signed for another region than the bucket', async () => {
    const err = await rejectsWith(s3.send(new ListObjectsV2Command({ Bucket: 'beta' })), 'AuthorizationHeaderMalformed');
    assert.match(err.message, /the region 'us-east-1' is wrong; expecting 'eu-west-1'/);
  });

  it('puts, gets and heads objects with metadata and headers', async () => {
    const put = await s3.send(new PutObjectCommand({
      Bucket: 'alpha', Key: 'dir/hello world.txt', Body: 'hello', ContentType: 'text/plain', CacheControl: 'max-age=60',
      ContentDisposition: 'inline', Metadata: { colour: 'blue' },
    }));
    assert.equal(put.ETag, '"5d41402abc4b2a76b9719d911017c592"');
    assert.equal(put.ChecksumCRC32, 'NhCmhg==');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'dir/hello world.txt', ChecksumMode: 'ENABLED' }));
    assert.equal(await got.Body?.transformToString(), 'hello');
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.CacheControl, 'max-age=60');
    assert.equal(got.ContentDisposition, 'inline');
    assert.deepEqual(got.Metadata, { colour: 'blue' });
    assert.equal(got.ChecksumCRC32, 'NhCmhg==');
    assert.equal(got.ContentLength, 5);
    assert.ok(got.LastModified instanceof Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'dir/hello world.txt' }));
    assert.equal(head.ContentLength, 5);
    assert.equal(head.ETag, put.ETag);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'missing' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'missing' })), 'NotFound', 404);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'x' })), 'NoSuchBucket', 404);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'k'.repeat(1025), Body: 'x' })), 'KeyTooLongError');
  });

  it('serves ranges and preconditions', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'digits', Body: '0123456789' }));
    const r = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=2-5' }));
    assert.equal(await r.Body?.transformToString(), '2345');
    assert.equal(r.ContentRange, 'bytes 2-5/10');
    assert.equal(r.$metadata.httpStatusCode, 206);
    const tail = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=-3' }));
    assert.equal(await tail.Body?.transformToString(), '789');
    const open = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=7-' }));
    assert.equal(await open.Body?.transformToString(), '789');
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=10-20' })), 'InvalidRange', 416);
    const etag = (await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'digits' }))).ETag!;
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', IfMatch: '"nope"' })), 'PreconditionFailed', 412);
    const ok = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', IfMatch: etag }));
    assert.equal(await ok.Body?.transformToString(), '0123456789');
    // 304 Not Modified has no error code: the SDK reports the status alone.
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', IfNoneMatch: etag })), (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 304);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', IfModifiedSince: new Date(Date.now() + 60_000) })), (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 304);
  });

  it('lists with prefix, delimiter, paging, start-after and url encoding', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['a/1', 'a/2', 'b/1', 'b/x/2', 'c', 'd e', 'e'];
    for (const k of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: k, Body: k }));
    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    assert.deepEqual(all.Contents?.map((c) => c.Key), keys);
    assert.equal(all.KeyCount, 7);
    assert.equal(all.Contents?.[0]?.StorageClass, 'STANDARD');
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    assert.deepEqual(top.CommonPrefixes?.map((p) => p.Prefix), ['a/', 'b/']);
    assert.deepEqual(top.Contents?.map((c) => c.Key), ['c', 'd e', 'e']);
    const inB = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'b/', Delimiter: '/' }));
    assert.deepEqual(inB.Contents?.map((c) => c.Key), ['b/1']);
    assert.deepEqual(inB.CommonPrefixes?.map((p) => p.Prefix), ['b/x/']);
    // Paging two at a time with a delimiter: a/, b/, c | d e, e.
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      assert.equal(page.IsTruncated, token !== undefined);
      pages++;
    } while (token);
    assert.deepEqual(seen.sort(), ['a/', 'b/', 'c', 'd e', 'e']);
    assert.equal(pages, 3);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'c', FetchOwner: true }));
    assert.deepEqual(after.Contents?.map((c) => c.Key), ['d e', 'e']);
    assert.ok(after.Contents?.[0]?.Owner?.ID);
    const enc = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'd', EncodingType: 'url' }));
    assert.deepEqual(enc.Contents?.map((c) => c.Key), ['d%20e']);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2 }));
    assert.deepEqual(v1.CommonPrefixes?.map((p) => p.Prefix), ['a/', 'b/']);
    assert.equal(v1.IsTruncated, true);
    assert.equal(v1.NextMarker, 'b/');
    const v1b = await s3.send(new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', Marker: v1.NextMarker }));
    assert.deepEqual(v1b.Contents?.map((c) => c.Key), ['c', 'd e', 'e']);
    await rejectsWith(s3.send(new ListObjectsV2Command({ Bucket: 'listing', ContinuationToken: '!!' })), 'InvalidArgument');
    await rejectsWith(s3.send(new ListObjectsV2Command({ Bucket: 'nope' })), 'NoSuchBucket', 404);
  });

  it('copies objects with COPY and REPLACE metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'src key', Body: 'copy me', ContentType: 'text/x', Metadata: { a: '1' } }));
    const c = await s3.send(new CopyObjectCommand({ Bucket: 'listing', Key: 'copied', CopySource: `alpha/${encodeURIComponent('src key')}` }));
    assert.equal(c.CopyObjectResult?.ETag, (await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'src key' }))).ETag);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'listing', Key: 'copied' }));
    assert.equal(await got.Body?.transformToString(), 'copy me');
    assert.equal(got.ContentType, 'text/x');
    assert.deepEqual(got.Metadata, { a: '1' });
    await s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'src key', CopySource: '/alpha/src%20key', MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/y' }));
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'src key' }));
    assert.deepEqual(replaced.Metadata, { b: '2' });
    assert.equal(replaced.ContentType, 'text/y');
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'src key', CopySource: 'alpha/src%20key' })), 'InvalidRequest');
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'x', CopySource: 'alpha/none' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'x', CopySource: 'nobucket/none' })), 'NoSuchBucket', 404);
  });

  it('deletes objects one by one and in bulk, then the bucket', async () => {
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'listing' })), 'BucketNotEmpty', 409);
    await s3.send(new DeleteObjectCommand({ Bucket: 'listing', Key: 'c' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'listing', Key: 'never-there' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    const bulk = await s3.send(new DeleteObjectsCommand({ Bucket: 'listing', Delete: { Objects: listed.Contents!.map((c) => ({ Key: c.Key! })) } }));
    assert.equal(bulk.Deleted?.length, listed.Contents!.length);
    await s3.send(new DeleteBucketCommand({ Bucket: 'listing' }));
    await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: 'listing' })), 'NotFound', 404);
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'listing' })), 'NoSuchBucket', 404);
  });
});
