/**
 * @module GetObjectAttributes through the SDK (and raw HTTP for a missing header): the attributes asked for only,
 * the unquoted ETag, checksums, ObjectParts paging of a multipart object, and AWS's errors and permissions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand, PutObjectCommand,
  UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const MiB = 1024 * 1024;

describe('S3 GetObjectAttributes', () => {
  let h: Harness;
  let s3: S3Client;
  const parts: { PartNumber: number; ETag: string; ChecksumSHA256: string }[] = [];
  const bodies = [randomBytes(5 * MiB), randomBytes(5 * MiB), Buffer.from('last')];
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'attrs' }));
    await s3.send(new PutObjectCommand({ Bucket: 'attrs', Key: 'plain', Body: 'hello', ChecksumAlgorithm: 'SHA256' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'attrs', Key: 'multi', ChecksumAlgorithm: 'SHA256' }));
    for (const [i, Body] of bodies.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'attrs', Key: 'multi', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'SHA256' }));
      parts.push({ PartNumber: i + 1, ETag: r.ETag!, ChecksumSHA256: r.ChecksumSHA256! });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'attrs', Key: 'multi', UploadId, MultipartUpload: { Parts: parts } }));
  });
  after(async () => { await h.close(); });

  it('answers the attributes asked for, with the ETag unquoted', async () => {
    const r = await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'plain', ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'Checksum'] }));
    assert.equal(r.ETag, createHash('md5').update('hello').digest('hex'));
    assert.equal(r.ObjectSize, 5);
    assert.equal(r.StorageClass, 'STANDARD');
    assert.equal(r.Checksum?.ChecksumSHA256, createHash('sha256').update('hello').digest('base64'));
    assert.equal(r.Checksum?.ChecksumType, 'FULL_OBJECT');
    assert.ok(r.LastModified instanceof Date);
    assert.equal(r.ObjectParts, undefined);
    const only = await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'plain', ObjectAttributes: ['ObjectSize'] }));
    assert.equal(only.ObjectSize, 5);
    assert.equal(only.ETag, undefined);
    assert.equal(only.Checksum, undefined);
  });

  it('lists a multipart object\'s parts with sizes and checksums, paged by part-number-marker and max-parts', async () => {
    const all = await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'multi', ObjectAttributes: ['ObjectParts', 'ETag', 'Checksum', 'ObjectSize'] }));
    assert.match(all.ETag!, /^[0-9a-f]{32}-3$/);
    assert.equal(all.ObjectSize, 10 * MiB + 4);
    assert.equal(all.Checksum?.ChecksumType, 'COMPOSITE');
    assert.match(all.Checksum?.ChecksumSHA256 ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(all.ObjectParts?.TotalPartsCount, 3);
    assert.equal(all.ObjectParts?.IsTruncated, false);
    assert.deepEqual(all.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size, p.ChecksumSHA256]), parts.map((p, i) => [p.PartNumber, bodies[i]!.length, p.ChecksumSHA256]));
    const page1 = await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'multi', ObjectAttributes: ['ObjectParts'], MaxParts: 2 }));
    assert.equal(page1.ObjectParts?.IsTruncated, true);
    assert.equal(page1.ObjectParts?.MaxParts, 2);
    assert.equal(page1.ObjectParts?.NextPartNumberMarker, '2');
    assert.deepEqual(page1.ObjectParts?.Parts?.map((p) => p.PartNumber), [1, 2]);
    const page2 = await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'multi', ObjectAttributes: ['ObjectParts'], MaxParts: 2, PartNumberMarker: page1.ObjectParts!.NextPartNumberMarker! }));
    assert.equal(page2.ObjectParts?.IsTruncated, false);
    assert.deepEqual(page2.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size]), [[3, 4]]);
  });

  // AWS (GetObjectAttributesParts): without an additional checksum, a general purpose bucket lists no Part elements.
  it('counts the parts of a multipart object without a checksum but lists none', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'attrs', Key: 'no-sum' }));
    const a = await s3.send(new UploadPartCommand({ Bucket: 'attrs', Key: 'no-sum', UploadId, PartNumber: 1, Body: bodies[0]! }));
    const b = await s3.send(new UploadPartCommand({ Bucket: 'attrs', Key: 'no-sum', UploadId, PartNumber: 2, Body: 'b' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'attrs', Key: 'no-sum', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag! }, { PartNumber: 2, ETag: b.ETag! }] } }));
    const r = await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'no-sum', ObjectAttributes: ['ObjectParts', 'Checksum'] }));
    assert.equal(r.ObjectParts?.TotalPartsCount, 2);
    assert.equal(r.ObjectParts?.Parts, undefined);
    assert.equal(r.Checksum, undefined);
  });

  // AWS: an unknown attribute name is 400 InvalidArgument "Invalid attribute name specified."; a missing or empty
  // header is 400 InvalidRequest.
  it('refuses unknown, missing and empty attribute names', async () => {
    const bad = await rejectsWith(s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'plain', ObjectAttributes: ['ETags' as 'ETag'] })), 'InvalidArgument');
    assert.equal(bad.message, 'Invalid attribute name specified.');
    const signed = signedFor('111111111111');
    const missing = await raw(h.url, 'GET', '/attrs/plain?attributes', signed);
    assert.equal(missing.status, 400);
    assert.equal(code(missing.body), 'InvalidRequest');
    assert.match(missing.body, /x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty/);
    const empty = await raw(h.url, 'GET', '/attrs/plain?attributes', { ...signed, 'x-amz-object-attributes': '' });
    assert.equal(code(empty.body), 'InvalidRequest');
    const listed = await raw(h.url, 'GET', '/attrs/plain?attributes', { ...signed, 'x-amz-object-attributes': 'ETag,Bogus' });
    assert.equal(code(listed.body), 'InvalidArgument');
    assert.match(listed.body, /<ArgumentValue>Bogus<\/ArgumentValue>/);
  });

  // AWS: s3:GetObject and s3:GetObjectAttributes are both needed; a missing key is 404 for a caller with
  // s3:ListBucket and 403 otherwise.
  it('needs s3:GetObject and s3:GetObjectAttributes, and hides missing keys from callers without s3:ListBucket', async () => {
    const getOnly = await iamUserWith(h, '111111111111', 'attr-get', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::attrs/*' }]);
    const both = await iamUserWith(h, '111111111111', 'attr-both', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAttributes'], Resource: 'arn:aws:s3:::attrs/*' }]);
    const cmd = (Key: string) => new GetObjectAttributesCommand({ Bucket: 'attrs', Key, ObjectAttributes: ['ObjectSize'] });
    await rejectsWith(h.s3(getOnly).send(cmd('plain')), 'AccessDenied', 403);
    assert.equal((await h.s3(both).send(cmd('plain'))).ObjectSize, 5);
    await rejectsWith(h.s3(both).send(cmd('missing')), 'AccessDenied', 403);
    await rejectsWith(s3.send(cmd('missing')), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'plain', VersionId: 'v-nope', ObjectAttributes: ['ObjectSize'] })), 'InvalidArgument', 400);
    assert.equal((await s3.send(new GetObjectAttributesCommand({ Bucket: 'attrs', Key: 'plain', VersionId: 'null', ObjectAttributes: ['ObjectSize'] }))).ObjectSize, 5);
  });
});
