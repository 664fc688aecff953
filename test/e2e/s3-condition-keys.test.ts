/**
 * @module The S3 condition keys a request supplies to bucket and identity policies, one family per test, each
 * through a bucket policy seen by a second account or an IAM policy of a user (Service Authorization Reference,
 * "Actions, resources, and condition keys for Amazon S3"; AWS User Guide, "Bucket policy examples using condition
 * keys"). Also the action names S3 authorizes ACL, tagging, ownership and version-specific requests as.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, UploadPartCommand, DeleteBucketOwnershipControlsCommand, DeleteBucketTaggingCommand, GetObjectAclCommand, GetObjectCommand,
  GetObjectTaggingCommand, ListObjectsV2Command, PutBucketAclCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutObjectAclCommand,
  PutObjectCommand, PutObjectTaggingCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const A = '111111111111';
const B = '222222222222';
const B_ROOT = `arn:aws:iam::${B}:root`;

type Statement = Record<string, unknown>;

describe('S3 condition keys', () => {
  let h: Harness;
  let a: S3Client;
  let b: S3Client;
  /** A bucket of A's (ObjectWriter unless said) whose policy allows B `actions` and adds `extra` statements. */
  const bucketFor = async (name: string, actions: string[], extra: Statement[], ownership: 'ObjectWriter' | 'BucketOwnerEnforced' = 'ObjectWriter'): Promise<void> => {
    await a.send(new CreateBucketCommand({ Bucket: name, ObjectOwnership: ownership }));
    await a.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowB', Effect: 'Allow', Principal: { AWS: B_ROOT }, Action: actions, Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`] },
        ...extra.map((s) => ({ Principal: { AWS: B_ROOT }, Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], ...s })),
      ],
    }) }));
  };
  before(async () => {
    h = await startHarness();
    a = h.s3(A);
    b = h.s3(B);
  });
  after(async () => { await h.close(); });

  // The example: a bucket policy Deny on s3:x-amz-acl = public-read stops a cross-account PutObject with that
  // ACL (403 AccessDenied, decided before the Object Ownership check would refuse the ACL).
  it('s3:x-amz-acl: a Deny on public-read refuses a cross-account PutObject with ACL public-read, under either ownership', async () => {
    for (const [name, ownership] of [['ck-acl', 'ObjectWriter'], ['ck-acl-enforced', 'BucketOwnerEnforced']] as const) {
      await bucketFor(name, ['s3:PutObject'], [{ Effect: 'Deny', Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-acl': 'public-read' } } }], ownership);
      await rejectsWith(b.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'x', ACL: 'public-read' })), 'AccessDenied', 403);
      await b.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
      await b.send(new PutObjectCommand({ Bucket: name, Key: 'k2', Body: 'x' }));
    }
    // AWS (bucket policy examples): require bucket-owner-full-control from other accounts.
    await bucketFor('ck-bofc', [], [{ Effect: 'Allow', Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }]);
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-bofc', Key: 'k', Body: 'x' })), 'AccessDenied', 403);
    await b.send(new PutObjectCommand({ Bucket: 'ck-bofc', Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
  });

  it('s3:x-amz-grant-*: a Deny on grants naming AllUsers refuses PutObject and PutObjectAcl with such a grant', async () => {
    await bucketFor('ck-grant', ['s3:PutObject', 's3:PutObjectAcl'], [
      { Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectAcl'], Condition: { StringLike: { 's3:x-amz-grant-read': '*AllUsers*' } } },
      { Effect: 'Deny', Action: ['s3:PutObject'], Condition: { StringLike: { 's3:x-amz-grant-full-control': '*AuthenticatedUsers*' } } },
    ]);
    const all = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"';
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-grant', Key: 'k', Body: 'x', GrantRead: all })), 'AccessDenied', 403);
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-grant', Key: 'k', Body: 'x', GrantFullControl: 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' })), 'AccessDenied', 403);
    await b.send(new PutObjectCommand({ Bucket: 'ck-grant', Key: 'k', Body: 'x', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' }));
    await rejectsWith(b.send(new PutObjectAclCommand({ Bucket: 'ck-grant', Key: 'k', GrantRead: all })), 'AccessDenied', 403);
  });

  it('s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys on PutObject and PutObjectTagging', async () => {
    await bucketFor('ck-reqtag', [], [
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'], Condition: {
        StringEquals: { 's3:RequestObjectTag/team': 'blue' }, 'ForAllValues:StringEquals': { 's3:RequestObjectTagKeys': ['team', 'env'] },
      } },
    ]);
    await b.send(new PutObjectCommand({ Bucket: 'ck-reqtag', Key: 'k', Body: 'x', Tagging: 'team=blue&env=dev' }));
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-reqtag', Key: 'k', Body: 'x', Tagging: 'team=red' })), 'AccessDenied', 403);
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-reqtag', Key: 'k', Body: 'x', Tagging: 'team=blue&secret=1' })), 'AccessDenied', 403);
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-reqtag', Key: 'k', Body: 'x' })), 'AccessDenied', 403);
    await b.send(new PutObjectTaggingCommand({ Bucket: 'ck-reqtag', Key: 'k', Tagging: { TagSet: [{ Key: 'team', Value: 'blue' }] } }));
    await rejectsWith(b.send(new PutObjectTaggingCommand({ Bucket: 'ck-reqtag', Key: 'k', Tagging: { TagSet: [{ Key: 'team', Value: 'green' }] } })), 'AccessDenied', 403);
  });

  it('s3:ExistingObjectTag/<key> on GetObject, GetObjectTagging and GetObjectAcl', async () => {
    await bucketFor('ck-exist', [], [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectTagging', 's3:GetObjectAcl'], Condition: { StringEquals: { 's3:ExistingObjectTag/share': 'yes' } } },
    ]);
    await a.send(new PutObjectCommand({ Bucket: 'ck-exist', Key: 'shared', Body: 'x', Tagging: 'share=yes' }));
    await a.send(new PutObjectCommand({ Bucket: 'ck-exist', Key: 'private', Body: 'x', Tagging: 'share=no' }));
    assert.equal(await (await b.send(new GetObjectCommand({ Bucket: 'ck-exist', Key: 'shared' }))).Body!.transformToString(), 'x');
    await b.send(new GetObjectTaggingCommand({ Bucket: 'ck-exist', Key: 'shared' }));
    await b.send(new GetObjectAclCommand({ Bucket: 'ck-exist', Key: 'shared' }));
    await rejectsWith(b.send(new GetObjectCommand({ Bucket: 'ck-exist', Key: 'private' })), 'AccessDenied', 403);
    await rejectsWith(b.send(new GetObjectTaggingCommand({ Bucket: 'ck-exist', Key: 'private' })), 'AccessDenied', 403);
    // A missing key has no tags: the Allow does not apply, so 403 rather than 404.
    await rejectsWith(b.send(new GetObjectCommand({ Bucket: 'ck-exist', Key: 'missing' })), 'AccessDenied', 403);
  });

  it('s3:x-amz-server-side-encryption and s3:x-amz-storage-class on PutObject', async () => {
    await bucketFor('ck-sse', ['s3:PutObject'], [
      { Effect: 'Deny', Action: 's3:PutObject', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } },
      { Effect: 'Deny', Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-storage-class': ['GLACIER', 'DEEP_ARCHIVE'] } } },
    ]);
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-sse', Key: 'k', Body: 'x' })), 'AccessDenied', 403);
    await b.send(new PutObjectCommand({ Bucket: 'ck-sse', Key: 'k', Body: 'x', ServerSideEncryption: 'AES256' }));
    await b.send(new PutObjectCommand({ Bucket: 'ck-sse', Key: 'k', Body: 'x', ServerSideEncryption: 'AES256', StorageClass: 'STANDARD' }));
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-sse', Key: 'k', Body: 'x', ServerSideEncryption: 'AES256', StorageClass: 'GLACIER' })), 'AccessDenied', 403);
  });

  it('s3:x-amz-copy-source and s3:x-amz-metadata-directive on CopyObject', async () => {
    await bucketFor('ck-copy', ['s3:PutObject', 's3:GetObject'], [
      { Effect: 'Deny', Action: 's3:PutObject', Condition: { StringEquals: { 's3:x-amz-metadata-directive': 'REPLACE' } } },
      { Effect: 'Deny', Action: 's3:PutObject', Condition: { StringLike: { 's3:x-amz-copy-source': 'ck-copy/secret/*' } } },
    ]);
    await a.send(new PutObjectCommand({ Bucket: 'ck-copy', Key: 'open/a', Body: 'x' }));
    await a.send(new PutObjectCommand({ Bucket: 'ck-copy', Key: 'secret/a', Body: 'x' }));
    await b.send(new CopyObjectCommand({ Bucket: 'ck-copy', Key: 'c1', CopySource: 'ck-copy/open/a' }));
    await rejectsWith(b.send(new CopyObjectCommand({ Bucket: 'ck-copy', Key: 'c2', CopySource: 'ck-copy/open/a', MetadataDirective: 'REPLACE' })), 'AccessDenied', 403);
    await rejectsWith(b.send(new CopyObjectCommand({ Bucket: 'ck-copy', Key: 'c3', CopySource: 'ck-copy/secret/a' })), 'AccessDenied', 403);
  });

  it('s3:prefix, s3:delimiter and s3:max-keys on ListBucket', async () => {
    await bucketFor('ck-list', [], [
      { Effect: 'Allow', Action: 's3:ListBucket', Condition: { StringEquals: { 's3:prefix': 'home/b/' }, NumericLessThanEquals: { 's3:max-keys': '100' } } },
    ]);
    await b.send(new ListObjectsV2Command({ Bucket: 'ck-list', Prefix: 'home/b/', MaxKeys: 50 }));
    await rejectsWith(b.send(new ListObjectsV2Command({ Bucket: 'ck-list', Prefix: 'home/a/', MaxKeys: 50 })), 'AccessDenied', 403);
    await rejectsWith(b.send(new ListObjectsV2Command({ Bucket: 'ck-list', Prefix: 'home/b/', MaxKeys: 500 })), 'AccessDenied', 403);
  });

  // AWS: s3:authType (REST-HEADER / REST-QUERY-STRING), s3:signatureversion, s3:signatureAge (ms) and
  // s3:x-amz-content-sha256 describe how the request was signed; s3:TlsVersion is absent over plain HTTP.
  it('s3:authType, s3:signatureversion, s3:signatureAge, s3:x-amz-content-sha256 and an absent s3:TlsVersion', async () => {
    await bucketFor('ck-sig', ['s3:GetObject'], [
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ck-sig/query-denied', Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } } },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ck-sig/old-denied', Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } } },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ck-sig/unsigned-denied', Condition: { StringEquals: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } } },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ck-sig/v4-denied', Condition: { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } } },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ck-sig/tls-denied', Condition: { Null: { 's3:TlsVersion': 'false' } } },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ck-sig/old-tls-denied', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
    ]);
    for (const key of ['query-denied', 'old-denied', 'unsigned-denied', 'v4-denied', 'tls-denied', 'old-tls-denied']) {
      await a.send(new PutObjectCommand({ Bucket: 'ck-sig', Key: key, Body: key }));
    }
    // The SDK signs in the Authorization header, now, with a payload hash: none of the Denies on those keys apply.
    for (const key of ['query-denied', 'old-denied', 'unsigned-denied', 'v4-denied', 'old-tls-denied']) {
      assert.equal(await (await b.send(new GetObjectCommand({ Bucket: 'ck-sig', Key: key }))).Body!.transformToString(), key);
    }
    // The key is absent (plain HTTP): Null false does not match, so tls-denied is readable too.
    await b.send(new GetObjectCommand({ Bucket: 'ck-sig', Key: 'tls-denied' }));
    const presigned = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${B}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=00`;
    assert.equal(code((await raw(h.url, 'GET', `/ck-sig/query-denied?${presigned}`)).body), 'AccessDenied');
    assert.equal((await raw(h.url, 'GET', `/ck-sig/v4-denied?${presigned}`)).status, 200);
    const old = await raw(h.url, 'GET', '/ck-sig/old-denied', { ...signedFor(B), 'x-amz-date': '20240101T000000Z' });
    assert.equal(old.status, 403);
    const fresh = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    assert.equal((await raw(h.url, 'GET', '/ck-sig/old-denied', { ...signedFor(B), 'x-amz-date': fresh })).status, 200);
    const unsigned = await raw(h.url, 'GET', '/ck-sig/unsigned-denied', { ...signedFor(B), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    assert.equal(unsigned.status, 403);
  });

  // AWS: s3:ResourceAccount is the bucket owner's account (the data-perimeter pattern in identity policies).
  it('s3:ResourceAccount in an identity policy limits a user to buckets of named accounts', async () => {
    await a.send(new CreateBucketCommand({ Bucket: 'ck-ra' }));
    await a.send(new PutObjectCommand({ Bucket: 'ck-ra', Key: 'k', Body: 'x' }));
    const inside = await iamUserWith(h, A, 'ra-inside', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': A } } }]);
    const outside = await iamUserWith(h, A, 'ra-outside', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': B } } }]);
    await h.s3(inside).send(new GetObjectCommand({ Bucket: 'ck-ra', Key: 'k' }));
    await rejectsWith(h.s3(outside).send(new GetObjectCommand({ Bucket: 'ck-ra', Key: 'k' })), 'AccessDenied', 403);
  });

  it('s3:x-amz-object-ownership, s3:x-amz-acl and s3:LocationConstraint on CreateBucket; s3:x-amz-object-ownership on PutBucketOwnershipControls', async () => {
    const user = await iamUserWith(h, A, 'creator', [
      { Effect: 'Allow', Action: 's3:CreateBucket', Resource: '*', Condition: { StringEquals: { 's3:x-amz-object-ownership': 'BucketOwnerEnforced' } } },
      { Effect: 'Deny', Action: 's3:CreateBucket', Resource: '*', Condition: { StringEquals: { 's3:LocationConstraint': 'eu-west-1' } } },
      { Effect: 'Deny', Action: 's3:CreateBucket', Resource: '*', Condition: { StringEquals: { 's3:x-amz-acl': 'public-read' } } },
    ]);
    const s3u = h.s3(user);
    await rejectsWith(s3u.send(new CreateBucketCommand({ Bucket: 'ck-own-1' })), 'AccessDenied', 403);
    await rejectsWith(s3u.send(new CreateBucketCommand({ Bucket: 'ck-own-1', ObjectOwnership: 'ObjectWriter' })), 'AccessDenied', 403);
    await rejectsWith(s3u.send(new CreateBucketCommand({ Bucket: 'ck-own-1', ObjectOwnership: 'BucketOwnerEnforced', ACL: 'public-read' })), 'AccessDenied', 403);
    await rejectsWith(s3u.send(new CreateBucketCommand({
      Bucket: 'ck-own-1', ObjectOwnership: 'BucketOwnerEnforced', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    })), 'AccessDenied', 403);
    await s3u.send(new CreateBucketCommand({ Bucket: 'ck-own-1', ObjectOwnership: 'BucketOwnerEnforced' }));
    await bucketFor('ck-own-2', [], [
      { Effect: 'Allow', Action: 's3:PutBucketOwnershipControls', Condition: { StringEquals: { 's3:x-amz-object-ownership': 'BucketOwnerPreferred' } } },
    ]);
    const put = (v: 'ObjectWriter' | 'BucketOwnerPreferred') =>
      raw(h.url, 'PUT', '/ck-own-2?ownershipControls', { ...signedFor(B), 'content-type': 'application/xml' },
        `<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>${v}</ObjectOwnership></Rule></OwnershipControls>`);
    assert.equal((await put('ObjectWriter')).status, 403);
    assert.equal((await put('BucketOwnerPreferred')).status, 200);
  });

  it('object lock headers give s3:object-lock-mode, -retain-until-date, -remaining-retention-days and -legal-hold', async () => {
    await bucketFor('ck-lock', ['s3:PutObject'], [
      { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ck-lock/mode', Condition: { StringEquals: { 's3:object-lock-mode': 'COMPLIANCE' } } },
      { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ck-lock/days', Condition: { NumericGreaterThan: { 's3:object-lock-remaining-retention-days': '30' } } },
      { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::ck-lock/hold', Condition: { StringEquals: { 's3:object-lock-legal-hold': 'ON' } } },
    ]);
    const far = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const cases: [string, Record<string, string>][] = [
      ['mode', { 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': far }],
      ['days', { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': far }],
      ['hold', { 'x-amz-object-lock-legal-hold': 'ON' }],
    ];
    for (const [key, headers] of cases) {
      const r = await raw(h.url, 'PUT', `/ck-lock/${key}`, { ...signedFor(B), ...headers }, 'x');
      assert.equal(r.status, 403, `${key}: ${r.body}`);
      assert.equal(code(r.body), 'AccessDenied');
    }
  });

  // AWS ("Enforce conditional writes on Amazon S3 buckets"): s3:if-none-match with s3:ObjectCreationOperation, which
  // exempts CreateMultipartUpload and UploadPart (they take no conditional headers).
  it('s3:if-none-match and s3:ObjectCreationOperation enforce conditional writes on PutObject and CompleteMultipartUpload only', async () => {
    await bucketFor('ck-cond', ['s3:PutObject'], [
      { Effect: 'Deny', Action: 's3:PutObject', Condition: { Null: { 's3:if-none-match': 'true' }, Bool: { 's3:ObjectCreationOperation': 'true' } } },
    ]);
    await rejectsWith(b.send(new PutObjectCommand({ Bucket: 'ck-cond', Key: 'k', Body: 'x' })), 'AccessDenied', 403);
    await b.send(new PutObjectCommand({ Bucket: 'ck-cond', Key: 'k', Body: 'x', IfNoneMatch: '*' }));
    const up = await b.send(new CreateMultipartUploadCommand({ Bucket: 'ck-cond', Key: 'mp' }));
    const part = await b.send(new UploadPartCommand({ Bucket: 'ck-cond', Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'abc' }));
    const parts = { Parts: [{ PartNumber: 1, ETag: part.ETag! }] };
    await rejectsWith(b.send(new CompleteMultipartUploadCommand({ Bucket: 'ck-cond', Key: 'mp', UploadId: up.UploadId, MultipartUpload: parts })), 'AccessDenied', 403);
    await b.send(new CompleteMultipartUploadCommand({ Bucket: 'ck-cond', Key: 'mp', UploadId: up.UploadId, MultipartUpload: parts, IfNoneMatch: '*' }));
  });

  // AWS (Service Authorization Reference): version-specific requests are authorized as the ...Version... actions with
  // s3:versionid; DeleteBucketTagging as s3:PutBucketTagging; DeleteBucketOwnershipControls as s3:PutBucketOwnershipControls.
  it('action names: GetObjectVersionTagging with s3:versionid, PutObjectVersionAcl, PutBucketTagging for DeleteBucketTagging', async () => {
    await bucketFor('ck-actions', ['s3:GetObjectTagging', 's3:PutObjectAcl', 's3:PutBucketTagging', 's3:PutBucketAcl', 's3:PutObject'], []);
    await a.send(new PutObjectCommand({ Bucket: 'ck-actions', Key: 'k', Body: 'x' }));
    await b.send(new GetObjectTaggingCommand({ Bucket: 'ck-actions', Key: 'k' }));
    await rejectsWith(b.send(new GetObjectTaggingCommand({ Bucket: 'ck-actions', Key: 'k', VersionId: 'null' })), 'AccessDenied', 403);
    await b.send(new PutObjectAclCommand({ Bucket: 'ck-actions', Key: 'k', ACL: 'private' }));
    await rejectsWith(b.send(new PutObjectAclCommand({ Bucket: 'ck-actions', Key: 'k', ACL: 'private', VersionId: 'null' })), 'AccessDenied', 403);
    await b.send(new PutBucketTaggingCommand({ Bucket: 'ck-actions', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }));
    await b.send(new DeleteBucketTaggingCommand({ Bucket: 'ck-actions' }));
    await rejectsWith(b.send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'ck-actions' })), 'AccessDenied', 403);
    await b.send(new PutBucketAclCommand({ Bucket: 'ck-actions', ACL: 'private' }));

    await bucketFor('ck-versions', ['s3:GetObjectVersionTagging'], [
      { Effect: 'Deny', Action: 's3:GetObjectVersionTagging', Condition: { StringEquals: { 's3:versionid': 'null' } } },
    ]);
    await a.send(new PutObjectCommand({ Bucket: 'ck-versions', Key: 'k', Body: 'x' }));
    await rejectsWith(b.send(new GetObjectTaggingCommand({ Bucket: 'ck-versions', Key: 'k', VersionId: 'null' })), 'AccessDenied', 403);
    await rejectsWith(b.send(new GetObjectTaggingCommand({ Bucket: 'ck-versions', Key: 'k' })), 'AccessDenied', 403);
  });
});
