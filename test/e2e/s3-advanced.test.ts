/**
 * @module S3 beyond the basics: multipart uploads, streaming (aws-chunked) uploads, checksums, bucket policies,
 * virtual-hosted addressing and protocol errors through raw HTTP, and restart survival of the disk store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketPolicyCommand,
  DeleteObjectsCommand, GetBucketPolicyCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListPartsCommand,
  PutBucketPolicyCommand, PutObjectCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { openObjectStore } from '../../src/persistence/object-store.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const MiB = 1024 * 1024;


describe('S3 multipart, streaming, checksums, policies and raw protocol', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'mpu' }));
  });
  after(async () => { await h.close(); });

  it('uploads 3 parts of 5 MiB plus a tail and completes them', async () => {
    const parts = [Buffer.alloc(5 * MiB, 'a'), Buffer.alloc(5 * MiB, 'b'), Buffer.alloc(5 * MiB, 'c'), Buffer.from('tail')];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'big', ContentType: 'application/x-big', Metadata: { m: 'v' } }));
    assert.ok(UploadId);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [['big', UploadId]]);
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'big', UploadId, PartNumber: i + 1, Body: body }));
      etags.push(r.ETag!);
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big', UploadId }));
    assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB], [2, 5 * MiB], [3, 5 * MiB], [4, 4]]);
    const paged = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big', UploadId, MaxParts: 2 }));
    assert.equal(paged.IsTruncated, true);
    assert.equal(paged.NextPartNumberMarker, '2');
    const Parts = etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 }));
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'big', UploadId, MultipartUpload: { Parts: [Parts[1]!, Parts[0]!] } })), 'InvalidPartOrder');
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'big', UploadId, MultipartUpload: { Parts: [{ ETag: '"0"', PartNumber: 1 }] } })), 'InvalidPart');
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'big', UploadId, MultipartUpload: { Parts } }));
    const md5s = Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()));
    assert.equal(done.ETag, `"${createHash('md5').update(md5s).digest('hex')}-4"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'big' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    assert.equal(bytes.length, 15 * MiB + 4);
    assert.ok(bytes.equals(Buffer.concat(parts)));
    assert.equal(got.ContentType, 'application/x-big');
    assert.deepEqual(got.Metadata, { m: 'v' });
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'big', Range: `bytes=${5 * MiB - 2}-${5 * MiB + 1}` }));
    assert.equal(await ranged.Body!.transformToString(), 'aabb');
    await rejectsWith(s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big', UploadId })), 'NoSuchUpload', 404);
  });

  it('refuses small non-last parts, bad part numbers and unknown uploads; aborts', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'small' }));
    const a = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'small', UploadId, PartNumber: 1, Body: 'x' }));
    const b = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'small', UploadId, PartNumber: 2, Body: 'y' }));
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'small', UploadId, MultipartUpload: { Parts: [{ ETag: a.ETag, PartNumber: 1 }, { ETag: b.ETag, PartNumber: 2 }] } })), 'EntityTooSmall');
    await rejectsWith(s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'small', UploadId, PartNumber: 10001, Body: 'z' })), 'InvalidArgument');
    await rejectsWith(s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'small', UploadId: 'nope', PartNumber: 1, Body: 'z' })), 'NoSuchUpload', 404);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'small', UploadId }));
    await rejectsWith(s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'small', UploadId })), 'NoSuchUpload', 404);
    // A single small part completes (the last part may be any size).
    const one = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'one', ChecksumAlgorithm: 'CRC32' }));
    const p = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'one', UploadId: one.UploadId, PartNumber: 1, Body: 'hello', ChecksumAlgorithm: 'CRC32' }));
    assert.equal(p.ChecksumCRC32, 'NhCmhg==');
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'one', UploadId: one.UploadId, MultipartUpload: { Parts: [{ ETag: p.ETag, PartNumber: 1, ChecksumCRC32: p.ChecksumCRC32 }] } }));
    assert.match(done.ChecksumCRC32 ?? '', /-1$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'one', ChecksumMode: 'ENABLED' }));
    assert.equal(await got.Body!.transformToString(), 'hello');
  });

  it('accepts a streaming (aws-chunked, trailing checksum) upload', async () => {
    const body = Buffer.alloc(200_000, 'z');
    await s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'stream', Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]), ContentLength: body.length }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'stream', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ContentEncoding, undefined);
    assert.equal(head.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
    assert.ok(head.ChecksumCRC32);
  });

  it('decodes signed aws-chunked bodies and checks their length', async () => {
    const chunked = '5;chunk-signature=aa\r\nhello\r\n0;chunk-signature=bb\r\n\r\n';
    const headers = { ...signedFor('111111111111', 'us-east-1'), 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' };
    const ok = await raw(h.url, 'PUT', '/mpu/signed-chunks', headers, chunked);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['etag'], '"5d41402abc4b2a76b9719d911017c592"');
    const bad = await raw(h.url, 'PUT', '/mpu/signed-chunks', { ...headers, 'x-amz-decoded-content-length': '6' }, chunked);
    assert.equal(code(bad.body), 'IncompleteBody');
    assert.equal(bad.status, 400);
  });

  it('verifies Content-MD5, flexible checksums and the payload hash', async () => {
    const put = (headers: Record<string, string>) => raw(h.url, 'PUT', '/mpu/checked', { ...signedFor('111111111111', 'us-east-1'), ...headers }, 'hello');
    assert.equal((await put({ 'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==' })).status, 200);
    const badMd5 = await put({ 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' });
    assert.equal(code(badMd5.body), 'BadDigest');
    const invalid = await put({ 'content-md5': 'abc' });
    assert.equal(code(invalid.body), 'InvalidDigest');
    const badCrc = await put({ 'x-amz-checksum-crc32': 'AAAAAA==' });
    assert.equal(code(badCrc.body), 'BadDigest');
    assert.match(badCrc.body, /The CRC32 you specified did not match the calculated checksum/);
    assert.equal((await put({ 'x-amz-checksum-crc32c': 'mnG7TA==' })).status, 200);
    assert.equal((await put({ 'x-amz-checksum-sha256': createHash('sha256').update('hello').digest('base64') })).status, 200);
    assert.equal((await put({ 'x-amz-checksum-sha1': createHash('sha1').update('hello').digest('base64') })).status, 200);
    const badSha = await put({ 'x-amz-content-sha256': '0'.repeat(64) });
    assert.equal(code(badSha.body), 'XAmzContentSHA256Mismatch');
    // The SDK validates a returned checksum on GET: a stored CRC32C must be right.
    await s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'c32c', Body: 'hello', ChecksumAlgorithm: 'CRC32C' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'c32c', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC32C, 'mnG7TA==');
    assert.equal(await got.Body!.transformToString(), 'hello');
  });

  it('stores, returns, validates and deletes bucket policies', async () => {
    await rejectsWith(s3.send(new GetBucketPolicyCommand({ Bucket: 'mpu' })), 'NoSuchBucketPolicy', 404);
    await rejectsWith(s3.send(new PutBucketPolicyCommand({ Bucket: 'mpu', Policy: 'not json' })), 'MalformedPolicy');
    await rejectsWith(s3.send(new PutBucketPolicyCommand({ Bucket: 'mpu', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mpu/*' }] }) })), 'MalformedPolicy');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Share', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::mpu/*' }],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'mpu', Policy: policy }));
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'mpu' }))).Policy, policy);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'mpu' }));
    await rejectsWith(s3.send(new GetBucketPolicyCommand({ Bucket: 'mpu' })), 'NoSuchBucketPolicy', 404);
    await rejectsWith(s3.send(new PutBucketPolicyCommand({ Bucket: 'nope', Policy: policy })), 'NoSuchBucket', 404);
  });

  it('applies bucket policies through the server gate: cross-account allow, explicit deny, owner root keeps policy control', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'shared/x', Body: 'x' }));
    const other = h.s3('222222222222');
    await rejectsWith(other.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'shared/x' })), 'AccessDenied', 403);
    const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::mpu/shared/*' }] });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'mpu', Policy: allow }));
    assert.equal(await (await other.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'shared/x' }))).Body!.transformToString(), 'x');
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::mpu', 'arn:aws:s3:::mpu/*'] }] });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'mpu', Policy: deny }));
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'shared/x' })), 'AccessDenied', 403);
    // AWS: the owner account's root can still read and remove the policy that locks everyone out.
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'mpu' }))).Policy, deny);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'mpu' }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'shared/x' }))).Body!.transformToString(), 'x');
  });

  it('reports malformed DeleteObjects bodies', async () => {
    const body = '<Delete><Object><Key>a</Key></Object>';
    const r = await raw(h.url, 'POST', '/mpu?delete', signedFor('111111111111', 'us-east-1'), body);
    assert.equal(code(r.body), 'MalformedXML');
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: 'mpu', Delete: { Objects: [{ Key: 'checked' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
  });

  it('serves virtual-hosted style requests and answers protocol errors', async () => {
    const signed = signedFor('111111111111', 'us-east-1');
    const put = await raw(h.url, 'PUT', '/v%20key.txt', { ...signed, host: 'mpu.s3.us-east-1.localhost' }, 'virtual');
    assert.equal(put.status, 200);
    const get = await raw(h.url, 'GET', '/v%20key.txt', { ...signed, host: 'mpu.localhost:4566' });
    assert.equal(get.body, 'virtual');
    assert.ok(get.headers['x-amz-request-id']);
    assert.ok(get.headers['x-amz-id-2']);
    const list = await raw(h.url, 'GET', '/?list-type=2&prefix=v', { ...signed, host: 'mpu.s3.localhost' });
    assert.match(list.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
    assert.match(list.body, /<Name>mpu<\/Name>/);
    assert.match(list.body, /<Key>v key.txt<\/Key>/);
    // Path style with a trailing slash, and x-id ignored.
    const slash = await raw(h.url, 'GET', '/mpu/?list-type=2&x-id=ListObjectsV2', signed);
    assert.equal(slash.status, 200);
    // Sent to another region's endpoint, signed for the bucket's region: 301 PermanentRedirect.
    const redirect = await raw(h.url, 'GET', '/v%20key.txt', { ...signed, host: 'mpu.s3.eu-west-1.localhost' });
    assert.equal(redirect.status, 301);
    assert.equal(code(redirect.body), 'PermanentRedirect');
    assert.equal(redirect.headers['x-amz-bucket-region'], 'us-east-1');
    // HEAD errors have no body.
    const head = await raw(h.url, 'HEAD', '/mpu/none', signed);
    assert.equal(head.status, 404);
    assert.equal(head.body, '');
    const wrong = await raw(h.url, 'HEAD', '/mpu', signedFor('111111111111', 'eu-west-1'));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.headers['x-amz-bucket-region'], 'us-east-1');
    const unserved = await raw(h.url, 'GET', '/mpu?inventory', signed);
    assert.equal(unserved.status, 501);
    assert.equal(code(unserved.body), 'NotImplemented');
    const notAllowed = await raw(h.url, 'POST', '/mpu/key', signed);
    assert.equal(notAllowed.status, 405);
    assert.equal(code(notAllowed.body), 'MethodNotAllowed');
    const badMax = await raw(h.url, 'GET', '/mpu?list-type=2&max-keys=abc', signed);
    assert.equal(code(badMax.body), 'InvalidArgument');
    // AWS: a regional endpoint needs the location constraint to name its region.
    const unspecified = await raw(h.url, 'PUT', '/gamma', signedFor('111111111111', 'eu-west-1'));
    assert.equal(code(unspecified.body), 'IllegalLocationConstraintException');
    assert.match(unspecified.body, /The unspecified location constraint is incompatible/);
  });
});

describe('S3 disk store', () => {
  it('keeps buckets, objects, policies and uploads across close and reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-s3-'));
    try {
      let store = openObjectStore(dir);
      assert.ok(store.insertBucket({ name: 'keep', owner: '111111111111', region: 'us-east-1', created: 1, policy: null }));
      store.setBucketPolicy('keep', '{"Version":"2012-10-17"}');
      const big = Buffer.alloc(100_000, 'q');
      store.putObject({ bucket: 'keep', key: 'k', size: big.length, etag: '"e"', lastModified: 2, extra: { headers: { ContentType: 't' }, metadata: { a: 'b' }, checksums: {} } }, big);
      store.insertUpload({ uploadId: 'u1', bucket: 'keep', key: 'up', initiated: 3, owner: '111111111111', initiator: 'arn', extra: { headers: {}, metadata: {}, checksums: {} } });
      store.close();
      store = openObjectStore(dir);
      assert.equal(store.getBucket('keep')?.policy, '{"Version":"2012-10-17"}');
      const o = store.getObject('keep', 'k')!;
      assert.deepEqual(o.extra.metadata, { a: 'b' });
      const small = store.readObject(o, 10, 20);
      assert.ok(Buffer.isBuffer(small) && small.toString() === 'qqqqqqqqqq');
      assert.ok(store.readObject(o, 0, o.size) instanceof Readable);
      assert.equal(store.getUpload('u1')?.key, 'up');
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
