/**
 * @module S3 Block Public Access for buckets: Get/Put/DeletePublicAccessBlock (on by default for new buckets),
 * BlockPublicPolicy refusing public bucket policies, BlockPublicAcls refusing public ACLs on PutObject, and
 * GetBucketPolicyStatus.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketPolicyCommand, GetObjectCommand, DeletePublicAccessBlockCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand,
  PutBucketPolicyCommand, PutObjectCommand, PutPublicAccessBlockCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { iamUserWith, refusedWith, rejectsWith, startHarness, type Harness } from './harness.js';

const A = '111111111111';
const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const publicPolicy = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });
const vpcePolicy = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } } }] });

describe('S3 Block Public Access and policy status', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
    for (const b of ['pab', 'open', 'gone', 'restrict']) await s3.send(new CreateBucketCommand({ Bucket: b }));
  });
  after(async () => { await h.close(); });

  it('AWS (since April 2023): a new bucket has all four settings on', async () => {
    const got = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'pab' }));
    assert.deepEqual(got.PublicAccessBlockConfiguration, ALL_ON);
  });

  it('BlockPublicPolicy: a public bucket policy is refused with 403 AccessDenied naming the setting', async () => {
    await refusedWith(s3.send(new PutBucketPolicyCommand({ Bucket: 'pab', Policy: publicPolicy('pab') })), 'AccessDenied', /BlockPublicPolicy/);
    await rejectsWith(s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'pab' })), 'NoSuchBucketPolicy', 404);
  });

  it('a policy pinned to a VPC endpoint is not public: accepted, and GetBucketPolicyStatus says IsPublic false', async () => {
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'pab', Policy: vpcePolicy('pab') }));
    const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'pab' }));
    assert.equal(status.PolicyStatus?.IsPublic, false);
  });

  it('BlockPublicAcls: PutObject with a public canned ACL or a grant to AllUsers is refused; private is accepted', async () => {
    await refusedWith(s3.send(new PutObjectCommand({ Bucket: 'pab', Key: 'k', Body: 'x', ACL: 'public-read' })), 'AccessDenied', /BlockPublicAcls/);
    await refusedWith(s3.send(new PutObjectCommand({ Bucket: 'pab', Key: 'k', Body: 'x', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })), 'AccessDenied', /BlockPublicAcls/);
    await refusedWith(s3.send(new PutObjectCommand({ Bucket: 'pab', Key: 'k', Body: 'x', ACL: 'authenticated-read' })), 'AccessDenied', /BlockPublicAcls/);
    await s3.send(new PutObjectCommand({ Bucket: 'pab', Key: 'k', Body: 'x', ACL: 'private' }));
  });

  it('with the settings off, a public policy is accepted and GetBucketPolicyStatus says IsPublic true', async () => {
    const off = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'open', PublicAccessBlockConfiguration: off }));
    assert.deepEqual((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'open' }))).PublicAccessBlockConfiguration, off);
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'open', Policy: publicPolicy('open') }));
    assert.equal((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'open' }))).PolicyStatus?.IsPublic, true);
    await s3.send(new PutObjectCommand({ Bucket: 'open', Key: 'k', Body: 'x', ACL: 'public-read' }));
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'open' }));
    await rejectsWith(s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'open' })), 'NoSuchBucketPolicy', 404);
  });

  it('a setting left out of the document is false; an empty document is InvalidRequest', async () => {
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'open', PublicAccessBlockConfiguration: { BlockPublicPolicy: true } }));
    assert.deepEqual((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'open' }))).PublicAccessBlockConfiguration,
      { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    await rejectsWith(s3.send(new PutPublicAccessBlockCommand({ Bucket: 'open', PublicAccessBlockConfiguration: {} })), 'InvalidRequest');
  });

  it('DeletePublicAccessBlock: Get is then 404 NoSuchPublicAccessBlockConfiguration and nothing is blocked', async () => {
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'gone' }));
    await rejectsWith(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'gone' })), 'NoSuchPublicAccessBlockConfiguration', 404);
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'gone', Policy: publicPolicy('gone') }));
  });

  it('the settings answer NoSuchBucket for a missing bucket and AccessDenied without s3:GetBucketPublicAccessBlock', async () => {
    await rejectsWith(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
    const user = await iamUserWith(h, A, 'reader', [{ Effect: 'Allow', Action: 's3:GetBucketPolicyStatus', Resource: '*' }]);
    await rejectsWith(h.s3(user).send(new GetPublicAccessBlockCommand({ Bucket: 'pab' })), 'AccessDenied', 403);
    assert.equal((await h.s3(user).send(new GetBucketPolicyStatusCommand({ Bucket: 'pab' }))).PolicyStatus?.IsPublic, false);
    await rejectsWith(h.s3(user).send(new PutPublicAccessBlockCommand({ Bucket: 'pab', PublicAccessBlockConfiguration: ALL_ON })), 'AccessDenied', 403);
  });

  it('RestrictPublicBuckets: a public policy grants nothing to anonymous or other accounts\' callers, only the owner\'s', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'restrict', Key: 'doc.txt', Body: 'public?' }));
    const restricted = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true };
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'restrict', PublicAccessBlockConfiguration: restricted }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'restrict', Policy: publicPolicy('restrict') }));
    assert.equal((await fetch(`${h.url}/restrict/doc.txt`)).status, 403);
    await rejectsWith(h.s3('222222222222').send(new GetObjectCommand({ Bucket: 'restrict', Key: 'doc.txt' })), 'AccessDenied', 403);
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'restrict', PublicAccessBlockConfiguration: { ...restricted, RestrictPublicBuckets: false } }));
    const open = await fetch(`${h.url}/restrict/doc.txt`);
    assert.equal(open.status, 200);
    assert.equal(await open.text(), 'public?');
    assert.equal(await (await h.s3('222222222222').send(new GetObjectCommand({ Bucket: 'restrict', Key: 'doc.txt' }))).Body?.transformToString(), 'public?');
  });

  it('AWS: x-amz-expected-bucket-owner naming another account is refused (403 AccessDenied)', async () => {
    await rejectsWith(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'pab', ExpectedBucketOwner: '222222222222' })), 'AccessDenied', 403);
    await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'pab', ExpectedBucketOwner: A }));
  });
});
