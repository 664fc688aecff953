/**
 * @module S3 ACLs and Object Ownership through the SDK: ownership controls (BucketOwnerEnforced by default since
 * April 2023), AccessControlListNotSupported on every write that names an ACL under it, canned ACLs, grant headers
 * and AccessControlPolicy bodies stored and returned as S3 prints them (AWS User Guide, "Controlling ownership of
 * objects and disabling ACLs", "Access control list (ACL) overview", "Troubleshooting" for Object Ownership).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketOwnershipControlsCommand,
  GetBucketAclCommand, GetBucketOwnershipControlsCommand, GetObjectAclCommand, PutBucketAclCommand, PutBucketOwnershipControlsCommand,
  GetObjectCommand, PutBucketPolicyCommand, PutObjectAclCommand, PutObjectCommand, UploadPartCommand, type Grant, type S3Client,
} from '@aws-sdk/client-s3';
import { canonicalId } from '../../src/services/s3/access.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const A = '111111111111';
const B = '222222222222';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** Grants as `<type>:<id or uri>:<permission>` strings, sorted, for compact assertions. */
const summary = (grants: readonly Grant[] | undefined): string[] =>
  (grants ?? []).map((g) => `${g.Grantee?.Type}:${g.Grantee?.ID ?? g.Grantee?.URI}:${g.Permission}`).sort();

describe('S3 Object Ownership', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
  });
  after(async () => { await h.close(); });

  // AWS: S3 sets OwnershipControls (BucketOwnerEnforced) on every new bucket; after DeleteBucketOwnershipControls
  // GetBucketOwnershipControls answers 404 OwnershipControlsNotFoundError.
  it('a new bucket has BucketOwnerEnforced; after Delete (204) Get is OwnershipControlsNotFoundError', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'own-default' }));
    const got = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-default' }));
    assert.deepEqual(got.OwnershipControls?.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const del = await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'own-default' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    const err = await rejectsWith(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-default' })), 'OwnershipControlsNotFoundError', 404);
    assert.match(err.message, /The bucket ownership controls were not found/);
    // Without controls ACLs apply again (ObjectWriter behaviour).
    await s3.send(new PutBucketAclCommand({ Bucket: 'own-default', ACL: 'public-read' }));
  });

  it('x-amz-object-ownership on CreateBucket is stored; Put changes it; a bad value is refused', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'own-writer', ObjectOwnership: 'ObjectWriter' }));
    assert.equal((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-writer' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'ObjectWriter');
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'own-writer', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } }));
    assert.equal((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-writer' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerPreferred');
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'own-bad', ObjectOwnership: 'Nobody' as 'ObjectWriter' })), 'InvalidArgument');
    await rejectsWith(s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'own-writer', OwnershipControls: { Rules: [{ ObjectOwnership: 'Nobody' as 'ObjectWriter' }] } })), 'MalformedXML');
    await rejectsWith(s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'own-writer', OwnershipControls: { Rules: [] } })), 'MalformedXML');
    await rejectsWith(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-nope' })), 'NoSuchBucket', 404);
  });

  // AWS: CreateBucket with BucketOwnerEnforced (the default) and an ACL granting anyone but the owner fails with
  // InvalidBucketAclWithObjectOwnership; `private` is the owner's full control and is accepted.
  it('CreateBucket with x-amz-acl public-read under the default ownership is InvalidBucketAclWithObjectOwnership; private is accepted', async () => {
    const err = await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'own-public', ACL: 'public-read' })), 'InvalidBucketAclWithObjectOwnership');
    assert.match(err.message, /BucketOwnerEnforced/);
    await rejectsWith(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-public' })), 'NoSuchBucket', 404);
    await s3.send(new CreateBucketCommand({ Bucket: 'own-private', ACL: 'private' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'own-public', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }));
    assert.deepEqual(summary((await s3.send(new GetBucketAclCommand({ Bucket: 'own-public' }))).Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`, `Group:${ALL_USERS}:READ`].sort());
  });

  // AWS ("Troubleshooting", AccessControlListNotSupported): with ACLs disabled, writes that set an ACL other than
  // bucket-owner-full-control fail with 400 "The bucket does not allow ACLs"; reads show the owner's full control.
  it('BucketOwnerEnforced refuses ACLs on PutObject, CopyObject, CreateMultipartUpload, PutBucketAcl and PutObjectAcl', async () => {
    const bucket = 'own-enforced';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const put = await rejectsWith(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', ACL: 'public-read' })), 'AccessControlListNotSupported');
    assert.match(put.message, /^The bucket does not allow ACLs$/);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', GrantRead: `uri="${ALL_USERS}"` })), 'AccessControlListNotSupported');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k2', Body: 'x', GrantFullControl: `id="${canonicalId(A)}"` }));
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'c', CopySource: `${bucket}/k`, ACL: 'authenticated-read' })), 'AccessControlListNotSupported');
    await rejectsWith(s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'm', ACL: 'public-read-write' })), 'AccessControlListNotSupported');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' })), 'AccessControlListNotSupported');
    await rejectsWith(s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'k', ACL: 'public-read' })), 'AccessControlListNotSupported');
    await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'k', ACL: 'bucket-owner-full-control' }));
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'k' }));
    assert.equal(acl.Owner?.ID, canonicalId(A));
    assert.deepEqual(summary(acl.Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`]);
    const bacl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.deepEqual(summary(bacl.Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`]);
  });

  // AWS (CreateBucket): re-creating your own bucket in us-east-1 answers 200 and resets the bucket ACL.
  it('re-creating an owned us-east-1 bucket resets its ACL', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'own-reset', ObjectOwnership: 'ObjectWriter', ACL: 'public-read' }));
    assert.equal((await s3.send(new GetBucketAclCommand({ Bucket: 'own-reset' }))).Grants?.length, 2);
    await s3.send(new CreateBucketCommand({ Bucket: 'own-reset' }));
    assert.deepEqual(summary((await s3.send(new GetBucketAclCommand({ Bucket: 'own-reset' }))).Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`]);
    assert.equal((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-reset' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'ObjectWriter');
  });

  // AWS: PutBucketOwnershipControls to BucketOwnerEnforced needs the bucket ACL to give access to the owner only.
  it('switching to BucketOwnerEnforced with a public bucket ACL is InvalidBucketAclWithObjectOwnership', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'own-switch', ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new PutBucketAclCommand({ Bucket: 'own-switch', ACL: 'public-read' }));
    await rejectsWith(s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'own-switch', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })), 'InvalidBucketAclWithObjectOwnership');
    await s3.send(new PutBucketAclCommand({ Bucket: 'own-switch', ACL: 'private' }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'own-switch', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  });

  // AWS: under ObjectWriter the uploading account owns its object; under BucketOwnerPreferred the bucket owner takes
  // ownership when the writer sends bucket-owner-full-control.
  it('the writer owns its object under ObjectWriter; BucketOwnerPreferred gives it to the bucket owner with bucket-owner-full-control', async () => {
    const writerB = h.s3(B);
    for (const [bucket, ownership] of [['own-ow', 'ObjectWriter'], ['own-pref', 'BucketOwnerPreferred']] as const) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: ownership }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({
        Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['s3:PutObject', 's3:GetObjectAcl'], Resource: `arn:aws:s3:::${bucket}/*` }],
      }) }));
      await writerB.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-b', Body: 'x', ACL: 'bucket-owner-full-control' }));
    }
    const ow = await writerB.send(new GetObjectAclCommand({ Bucket: 'own-ow', Key: 'from-b' }));
    assert.equal(ow.Owner?.ID, canonicalId(B));
    assert.deepEqual(summary(ow.Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`, `CanonicalUser:${canonicalId(B)}:FULL_CONTROL`].sort());
    const pref = await writerB.send(new GetObjectAclCommand({ Bucket: 'own-pref', Key: 'from-b' }));
    assert.equal(pref.Owner?.ID, canonicalId(A));
    assert.deepEqual(summary(pref.Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`]);
  });
});

describe('S3 ACLs', () => {
  let h: Harness;
  let s3: S3Client;
  const bucket = 'acls';
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter' }));
  });
  after(async () => { await h.close(); });

  it('a new bucket ACL is the owner\'s FULL_CONTROL, with Owner ID and DisplayName', async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.deepEqual(acl.Owner, { ID: canonicalId(A), DisplayName: A });
    assert.deepEqual(summary(acl.Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`]);
  });

  // AWS ("Canned ACL" table): each canned ACL is the owner's FULL_CONTROL plus its grants.
  it('canned bucket ACLs: public-read-write, authenticated-read, log-delivery-write', async () => {
    const owner = `CanonicalUser:${canonicalId(A)}:FULL_CONTROL`;
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read-write' }));
    assert.deepEqual(summary((await s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants), [owner, `Group:${ALL_USERS}:READ`, `Group:${ALL_USERS}:WRITE`].sort());
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'authenticated-read' }));
    assert.deepEqual(summary((await s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants), [owner, `Group:${AUTH_USERS}:READ`].sort());
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'log-delivery-write' as 'private' }));
    assert.deepEqual(summary((await s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants), [owner, `Group:${LOG_DELIVERY}:READ_ACP`, `Group:${LOG_DELIVERY}:WRITE`].sort());
  });

  it('grant headers by id and uri are stored; the response carries xsi:type with its namespace', async () => {
    await s3.send(new PutBucketAclCommand({
      Bucket: bucket, GrantRead: `uri="${AUTH_USERS}", id="${canonicalId(B)}"`, GrantWriteACP: `id="${canonicalId(A)}"`, GrantFullControl: `id="${canonicalId(A)}"`,
    }));
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.deepEqual(summary(acl.Grants), [
      `CanonicalUser:${canonicalId(A)}:FULL_CONTROL`, `CanonicalUser:${canonicalId(A)}:WRITE_ACP`, `CanonicalUser:${canonicalId(B)}:READ`, `Group:${AUTH_USERS}:READ`,
    ].sort());
    const xml = (await raw(h.url, 'GET', `/${bucket}?acl`, signedFor(A))).body;
    assert.match(xml, /<Grantee xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xsi:type="Group"><URI>http:\/\/acs.amazonaws.com\/groups\/global\/AuthenticatedUsers<\/URI><\/Grantee>/);
    assert.match(xml, /<AccessControlList><Grant>/);
  });

  it('bad grants: an e-mail grantee is UnresolvableGrantByEmailAddress; an unknown group or malformed id is InvalidArgument', async () => {
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: 'emailAddress="someone@example.com"' })), 'UnresolvableGrantByEmailAddress');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: 'uri="http://acs.amazonaws.com/groups/global/Nobody"' })), 'InvalidArgument');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: 'id="not-an-id"' })), 'InvalidArgument');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: 'nonsense' })), 'InvalidArgument');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'everyone' as 'private' })), 'InvalidArgument');
    // AWS: bucket-owner-full-control is an object ACL only.
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'bucket-owner-full-control' as 'private' })), 'InvalidArgument');
    const both = await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private', GrantRead: `uri="${ALL_USERS}"` })), 'InvalidRequest');
    assert.match(both.message, /Specifying both Canned ACLs and Header Grants is not allowed/);
  });

  it('an AccessControlPolicy body is stored; headers with a body are UnexpectedContent; no Owner is MalformedACLError; no ACL at all is MissingSecurityHeader', async () => {
    await s3.send(new PutBucketAclCommand({
      Bucket: bucket,
      AccessControlPolicy: {
        Owner: { ID: canonicalId(A) },
        Grants: [
          { Grantee: { Type: 'CanonicalUser', ID: canonicalId(A) }, Permission: 'FULL_CONTROL' },
          { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ_ACP' },
        ],
      },
    }));
    assert.deepEqual(summary((await s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants), [`CanonicalUser:${canonicalId(A)}:FULL_CONTROL`, `Group:${ALL_USERS}:READ_ACP`].sort());
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private', AccessControlPolicy: { Owner: { ID: canonicalId(A) }, Grants: [] } })), 'UnexpectedContent');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, AccessControlPolicy: { Grants: [] } })), 'MalformedACLError');
    await rejectsWith(s3.send(new PutBucketAclCommand({
      Bucket: bucket, AccessControlPolicy: { Owner: { ID: canonicalId(A) }, Grants: [{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'EVERYTHING' as 'READ' }] },
    })), 'MalformedACLError');
    await rejectsWith(s3.send(new PutBucketAclCommand({ Bucket: bucket, AccessControlPolicy: { Owner: { ID: canonicalId(B) }, Grants: [] } })), 'AccessDenied', 403);
    const none = await raw(h.url, 'PUT', `/${bucket}?acl`, signedFor(A));
    assert.equal(none.status, 400);
    assert.equal(code(none.body), 'MissingSecurityHeader');
    assert.match(none.body, /<MissingHeaderName>x-amz-acl<\/MissingHeaderName>/);
  });

  it('object ACLs: from PutObject headers, CopyObject, CreateMultipartUpload, and PutObjectAcl; the default is the writer\'s FULL_CONTROL', async () => {
    const owner = `CanonicalUser:${canonicalId(A)}:FULL_CONTROL`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: 'x' }));
    assert.deepEqual(summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'plain' }))).Grants), [owner]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'pub', Body: 'x', ACL: 'public-read' }));
    assert.deepEqual(summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'pub' }))).Grants), [owner, `Group:${ALL_USERS}:READ`].sort());
    // AWS: a copy does not take its source's ACL.
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'pub-copy', CopySource: `${bucket}/pub` }));
    assert.deepEqual(summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'pub-copy' }))).Grants), [owner]);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'auth-copy', CopySource: `${bucket}/pub`, ACL: 'authenticated-read' }));
    assert.deepEqual(summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'auth-copy' }))).Grants), [owner, `Group:${AUTH_USERS}:READ`].sort());
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp', ACL: 'aws-exec-read' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'abc' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    const mp = summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'mp' }))).Grants);
    assert.equal(mp.length, 2);
    assert.ok(mp.some((g) => /^CanonicalUser:[0-9a-f]{64}:READ$/.test(g)), mp.join(' '));
    await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'plain', GrantReadACP: `uri="${AUTH_USERS}"` }));
    assert.deepEqual(summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'plain' }))).Grants), [`Group:${AUTH_USERS}:READ_ACP`]);
    await s3.send(new PutObjectAclCommand({
      Bucket: bucket, Key: 'plain',
      AccessControlPolicy: { Owner: { ID: canonicalId(A) }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: canonicalId(A) }, Permission: 'FULL_CONTROL' }] },
    }));
    assert.deepEqual(summary((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'plain' }))).Grants), [owner]);
    // The content is untouched by an ACL change.
    assert.equal((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'plain' }))).Owner?.ID, canonicalId(A));
  });

  it('object ACL errors: NoSuchKey, InvalidArgument for a malformed version id, versionId=null accepted', async () => {
    await rejectsWith(s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'missing' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'missing', ACL: 'private' })), 'NoSuchKey', 404);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'v', Body: 'x' }));
    await rejectsWith(s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'v', VersionId: 'abc' })), 'InvalidArgument', 400);
    assert.equal((await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'v', VersionId: 'null' }))).Owner?.ID, canonicalId(A));
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad', Body: 'x', ACL: 'log-delivery-write' as 'private' })), 'InvalidArgument');
  });
});

// AWS ("Access control list (ACL) overview"): while ACLs are enabled their grants allow access alongside the bucket
// policy (READ on an object: GetObject; READ on a bucket: ListBucket; WRITE on a bucket: PutObject/DeleteObject);
// an explicit Deny still wins, and BucketOwnerEnforced makes ACLs ineffective.
describe('S3 ACL grants are evaluated', () => {
  let h: Harness;
  let s3: S3Client;
  const bucket = 'grants';
  const anonymous = async (path: string): Promise<number> => (await raw(h.url, 'GET', path)).status;
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter' }));
  });
  after(async () => { await h.close(); });

  it('public-read lets anonymous callers read the object; private does not', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'pub', Body: 'open', ACL: 'public-read' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'priv', Body: 'closed' }));
    const r = await raw(h.url, 'GET', `/${bucket}/pub`);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'open');
    assert.equal(await anonymous(`/${bucket}/priv`), 403);
    // Object READ is not READ_ACP.
    assert.equal(await anonymous(`/${bucket}/pub?acl`), 403);
  });

  it('authenticated-read admits any signed caller of any account, not anonymous ones', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'auth', Body: 'signed', ACL: 'authenticated-read' }));
    assert.equal(await anonymous(`/${bucket}/auth`), 403);
    assert.equal(await (await h.s3(B).send(new GetObjectCommand({ Bucket: bucket, Key: 'auth' }))).Body!.transformToString(), 'signed');
  });

  it('bucket READ allows listing; bucket WRITE by id lets another account put objects it then owns', async () => {
    assert.equal(await anonymous(`/${bucket}?list-type=2`), 403);
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: `uri="${ALL_USERS}"`, GrantWrite: `id="${canonicalId(B)}"`, GrantFullControl: `id="${canonicalId(A)}"` }));
    assert.equal(await anonymous(`/${bucket}?list-type=2`), 200);
    const other = h.s3(B);
    await other.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-b', Body: 'b' }));
    // The writer owns its object (ObjectWriter) and its FULL_CONTROL grant lets it read it back.
    assert.equal(await (await other.send(new GetObjectCommand({ Bucket: bucket, Key: 'from-b' }))).Body!.transformToString(), 'b');
    assert.equal((await other.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'from-b' }))).Owner?.ID, canonicalId(B));
    await rejectsWith(h.s3('333333333333').send(new PutObjectCommand({ Bucket: bucket, Key: 'from-c', Body: 'c' })), 'AccessDenied', 403);
  });

  it('an explicit Deny in the bucket policy wins over a public-read ACL', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'denied/x', Body: 'x', ACL: 'public-read' }));
    assert.equal(await anonymous(`/${bucket}/denied/x`), 200);
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/denied/*` }],
    }) }));
    assert.equal(await anonymous(`/${bucket}/denied/x`), 403);
    assert.equal(await anonymous(`/${bucket}/pub`), 200);
  });

  it('BucketOwnerEnforced makes ACLs ineffective', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'grants-off', ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new PutObjectCommand({ Bucket: 'grants-off', Key: 'pub', Body: 'x', ACL: 'public-read' }));
    assert.equal(await anonymous('/grants-off/pub'), 200);
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'grants-off', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    assert.equal(await anonymous('/grants-off/pub'), 403);
  });
});
