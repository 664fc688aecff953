/**
 * @module S3 protocol edges: Expect: 100-continue (refusals answered before the body), Content-Encoding aws-chunked
 * on a non-streaming PUT, encoding-type=url in ListObjects v1, ListBuckets paging, and request headers that were
 * once ignored: conditional deletes, directory-bucket-only headers, CopyObject source conditions, conditional reads.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import {
  CopyObjectCommand, CreateBucketCommand, PutBucketPolicyCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListBucketsCommand,
  PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor, signedWith } from './s3-raw.js';

interface ContinueAnswer { status: number; body: string; sentBody: boolean }

/** A PUT with Expect: 100-continue whose body is written only when the server answers 100 Continue. */
function putExpecting(url: string, path: string, headers: Record<string, string>, body: string): Promise<ContinueAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let sentBody = false;
    const req = request({ host: u.hostname, port: u.port, method: 'PUT', path, headers: { ...headers, expect: '100-continue', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentBody }));
    });
    req.on('continue', () => { sentBody = true; req.end(body); });
    req.on('error', reject);
    req.flushHeaders();
  });
}

describe('S3 protocol edges', () => {
  let h: Harness;
  let s3: S3Client;
  const signed = signedFor('111111111111');
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'edges' }));
  });
  after(async () => { await h.close(); });

  // AWS: with Expect: 100-continue, S3 answers a request it refuses (no bucket, access denied, bad credentials) with
  // the final status before the body is sent.
  it('answers refusals before the body and sends 100 Continue otherwise', async () => {
    const missing = await putExpecting(h.url, '/no-such-bucket-x/k', signed, 'body');
    assert.equal(missing.status, 404);
    assert.equal(code(missing.body), 'NoSuchBucket');
    assert.equal(missing.sentBody, false);
    const reader = await iamUserWith(h, '111111111111', 'reader-only', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    assert.ok(typeof reader !== 'string');
    const denied = await putExpecting(h.url, '/edges/k', await signedWith(h.url, reader, 'PUT', '/edges/k'), 'body');
    assert.equal(denied.status, 403);
    assert.equal(code(denied.body), 'AccessDenied');
    assert.equal(denied.sentBody, false);
    const iam = h.iam('111111111111');
    await iam.send(new CreateUserCommand({ UserName: 'retired' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'retired' }))).AccessKey!;
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'retired', AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }));
    const badAuth = await putExpecting(h.url, '/edges/k', signedFor(key.AccessKeyId!), 'body');
    assert.equal(badAuth.status, 403);
    assert.equal(code(badAuth.body), 'InvalidAccessKeyId');
    assert.equal(badAuth.sentBody, false);
    const ok = await putExpecting(h.url, '/edges/k', signed, 'continued body');
    assert.equal(ok.status, 200);
    assert.equal(ok.sentBody, true);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'edges', Key: 'k' }));
    assert.equal(await got.Body!.transformToString(), 'continued body');
  });

  // AWS: Content-Encoding aws-chunked without a streaming x-amz-content-sha256 stores the body as sent; aws-chunked
  // is dropped from the stored Content-Encoding.
  // AWS (bucket policy examples, "Granting cross-account permissions to upload objects while ensuring the bucket
  // owner has full control"): an Allow conditioned on s3:x-amz-acl decides before the body as it does after it.
  it('an Allow conditioned on a request header (s3:x-amz-acl) is honoured before the body of a 100-continue PUT', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'edges-xacct' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'edges-xacct', Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::edges-xacct/*',
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }],
    }) }));
    const other = signedFor('222222222222');
    const withAcl = await putExpecting(h.url, '/edges-xacct/k', { ...other, 'x-amz-acl': 'bucket-owner-full-control' }, 'cross-account body');
    assert.equal(withAcl.status, 200, withAcl.body);
    assert.equal(withAcl.sentBody, true);
    const without = await putExpecting(h.url, '/edges-xacct/k2', other, 'cross-account body');
    assert.equal(without.status, 403);
    assert.equal(without.sentBody, false);
  });

  it('stores a non-streaming aws-chunked PUT as sent', async () => {
    const text = '5\r\nhello\r\n0\r\n\r\n';
    const sha = createHash('sha256').update(text).digest('hex');
    const r1 = await raw(h.url, 'PUT', '/edges/chunky', { ...signed, 'content-encoding': 'aws-chunked,gzip', 'x-amz-content-sha256': sha }, text);
    assert.equal(r1.status, 200);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'edges', Key: 'chunky' }));
    assert.equal(head.ContentEncoding, 'gzip');
    assert.equal(head.ContentLength, Buffer.byteLength(text));
    const r2 = await raw(h.url, 'PUT', '/edges/plain-chunked', { ...signed, 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, 'not chunked at all');
    assert.equal(r2.status, 200);
    const got = await raw(h.url, 'GET', '/edges/plain-chunked', signed);
    assert.equal(got.body, 'not chunked at all');
    assert.equal(got.headers['content-encoding'], undefined);
  });

  // AWS: ListObjects (v1) with encoding-type=url encodes Key, Delimiter, Marker, NextMarker and CommonPrefixes'
  // Prefix, and echoes Prefix as sent.
  it('leaves Prefix unencoded in a v1 listing with encoding-type=url', async () => {
    for (const Key of ['a b/one', 'a b/two', 'a b+c']) await s3.send(new PutObjectCommand({ Bucket: 'edges', Key, Body: 'x' }));
    const r = await raw(h.url, 'GET', '/edges?prefix=a%20b&delimiter=%2B&encoding-type=url&max-keys=1', signed);
    assert.equal(r.status, 200);
    assert.match(r.body, /<Prefix>a b<\/Prefix>/);
    assert.match(r.body, /<Delimiter>%2B<\/Delimiter>/);
    assert.match(r.body, /<CommonPrefixes><Prefix>a%20b%2B<\/Prefix><\/CommonPrefixes>/);
    assert.match(r.body, /<NextMarker>a%20b%2B<\/NextMarker>/);
    const next = await raw(h.url, 'GET', '/edges?prefix=a%20b&encoding-type=url&marker=a%20b%2Bc', signed);
    assert.match(next.body, /<Marker>a%20b%2Bc<\/Marker>/);
    assert.match(next.body, /<Key>a%20b\/one<\/Key>/);
  });

  it('pages ListBuckets with max-buckets and an opaque continuation token, with prefix and region filters', async () => {
    const lister = h.s3('222222222222');
    for (const name of ['pg-a', 'pg-b', 'pg-c', 'pg-d', 'other-e']) await lister.send(new CreateBucketCommand({ Bucket: name }));
    await h.s3('222222222222', 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'pg-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const first = await lister.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'pg-' }));
    assert.deepEqual(first.Buckets?.map((b) => b.Name), ['pg-a', 'pg-b']);
    assert.equal(first.Prefix, 'pg-');
    assert.ok(first.ContinuationToken);
    assert.ok(!first.ContinuationToken.includes('pg-b'), 'the token is opaque');
    const second = await lister.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'pg-', ContinuationToken: first.ContinuationToken }));
    assert.deepEqual(second.Buckets?.map((b) => b.Name), ['pg-c', 'pg-d']);
    const third = await lister.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'pg-', ContinuationToken: second.ContinuationToken }));
    assert.deepEqual(third.Buckets?.map((b) => b.Name), ['pg-eu']);
    assert.equal(third.ContinuationToken, undefined);
    const regional = await lister.send(new ListBucketsCommand({ Prefix: 'pg-', BucketRegion: 'us-east-1', MaxBuckets: 10 }));
    assert.deepEqual(regional.Buckets?.map((b) => b.Name), ['pg-a', 'pg-b', 'pg-c', 'pg-d']);
    assert.equal(regional.ContinuationToken, undefined);
    const zero = await rejectsWith(lister.send(new ListBucketsCommand({ MaxBuckets: 0 })), 'InvalidArgument');
    assert.match(zero.message, /max-buckets must be an integer between 1 and 10000/);
    await rejectsWith(lister.send(new ListBucketsCommand({ MaxBuckets: 10_001 })), 'InvalidArgument');
    await rejectsWith(lister.send(new ListBucketsCommand({ ContinuationToken: 'not-a-token' })), 'InvalidArgument');
  });

  // AWS (conditional deletes): If-Match with an ETag or * deletes only a matching current object (412 otherwise,
  // 404 NoSuchKey when there is none) and needs s3:GetObject too.
  it('serves DeleteObject If-Match and DeleteObjects ETag conditions', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'del', Body: 'x' }));
    await rejectsWith(s3.send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'del', IfMatch: '"00000000000000000000000000000000"' })), 'PreconditionFailed', 412);
    const deleter = await iamUserWith(h, '111111111111', 'deleter', [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' }]);
    await rejectsWith(h.s3(deleter).send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'del', IfMatch: ETag! })), 'AccessDenied', 403);
    await s3.send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'del', IfMatch: ETag! }));
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: 'edges', Key: 'del' })), 'NotFound', 404);
    await rejectsWith(s3.send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'del', IfMatch: '*' })), 'NoSuchKey', 404);
    await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'del', Body: 'y' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'del', IfMatch: '*' }));
    const a = await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'da', Body: 'a' }));
    await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'db', Body: 'b' }));
    const r = await s3.send(new DeleteObjectsCommand({ Bucket: 'edges', Delete: { Objects: [{ Key: 'da', ETag: a.ETag! }, { Key: 'db', ETag: '"0000"' }] } }));
    assert.deepEqual(r.Deleted?.map((d) => d.Key), ['da']);
    assert.deepEqual(r.Errors?.map((e) => [e.Key, e.Code]), [['db', 'PreconditionFailed']]);
  });

  // AWS: x-amz-if-match-size / x-amz-if-match-last-modified-time (DeleteObject) and x-amz-write-offset-bytes
  // (PutObject) exist for directory buckets only; a general purpose bucket answers 501 NotImplemented.
  it('refuses the directory-bucket-only headers with NotImplemented', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'dir-only', Body: 'x' }));
    await rejectsWith(s3.send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'dir-only', IfMatchSize: 1 })), 'NotImplemented', 501);
    await rejectsWith(s3.send(new DeleteObjectCommand({ Bucket: 'edges', Key: 'dir-only', IfMatchLastModifiedTime: new Date() })), 'NotImplemented', 501);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'dir-only', Body: 'more', WriteOffsetBytes: 1 })), 'NotImplemented', 501);
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'edges', Key: 'dir-only' }))).Body!.transformToString(), 'x');
  });

  // AWS (CopyObject): x-amz-copy-source-if-modified-since false (without if-none-match) and -if-unmodified-since
  // false (without if-match) are 412; if-match true overrides unmodified-since false.
  it('applies CopyObject source date conditions and reads versionId=null', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'csrc', Body: 'copy me' }));
    const past = new Date(Date.now() - 86_400_000);
    const future = new Date(Date.now() + 86_400_000);
    const copy = (extra: Record<string, unknown>) => s3.send(new CopyObjectCommand({ Bucket: 'edges', Key: 'cdst', CopySource: 'edges/csrc', ...extra }));
    await rejectsWith(copy({ CopySourceIfModifiedSince: future }), 'PreconditionFailed', 412);
    await rejectsWith(copy({ CopySourceIfUnmodifiedSince: past }), 'PreconditionFailed', 412);
    assert.equal((await copy({ CopySourceIfMatch: ETag!, CopySourceIfUnmodifiedSince: past })).CopyObjectResult?.ETag, ETag);
    assert.equal((await copy({ CopySourceIfModifiedSince: past })).CopyObjectResult?.ETag, ETag);
    assert.equal((await copy({ CopySource: 'edges/csrc?versionId=null' })).CopyObjectResult?.ETag, ETag);
    await rejectsWith(copy({ CopySource: 'edges/csrc?versionId=abc' }), 'InvalidArgument', 400);
  });

  // AWS (RFC 7232 as S3 applies it): If-Match false -> 412; If-Unmodified-Since false without If-Match -> 412;
  // If-None-Match matching -> 304; If-Modified-Since not modified without If-None-Match -> 304.
  it('serves conditional reads', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'edges', Key: 'cond', Body: 'c' }));
    const past = new Date(Date.now() - 86_400_000).toUTCString();
    const future = new Date(Date.now() + 86_400_000).toUTCString();
    const get = (headers: Record<string, string>) => raw(h.url, 'GET', '/edges/cond', { ...signed, ...headers });
    assert.equal((await get({ 'if-match': '"nope"' })).status, 412);
    assert.equal((await get({ 'if-unmodified-since': past })).status, 412);
    assert.equal((await get({ 'if-match': ETag!, 'if-unmodified-since': past })).status, 200);
    assert.equal((await get({ 'if-none-match': ETag! })).status, 304);
    assert.equal((await get({ 'if-modified-since': future })).status, 304);
    assert.equal((await get({ 'if-none-match': '"nope"', 'if-modified-since': future })).status, 200);
    assert.equal((await get({ 'if-modified-since': past })).status, 200);
    assert.equal((await raw(h.url, 'HEAD', '/edges/cond', { ...signed, 'if-match': '"nope"' })).status, 412);
  });
});
