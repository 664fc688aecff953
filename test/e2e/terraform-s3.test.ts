/** @module Terraform: an S3 bucket configured resource by resource, a log bucket, an object and a gateway endpoint named by the bucket policy. */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetBucketAccelerateConfigurationCommand, GetBucketReplicationCommand, GetObjectLockConfigurationCommand, GetBucketCorsCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketRequestPaymentCommand, GetBucketTaggingCommand,
  GetBucketVersioningCommand, GetBucketWebsiteCommand, GetObjectCommand, GetObjectTaggingCommand, GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const tagMap = (tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));

// AWS (S3 User Guide): each bucket configuration the provider applied is what the matching Get operation returns.
terraformScenario('s3', 'Terraform applies, plans clean, imports and destroys an S3 bucket with every configuration resource', () => h, async (out) => {
  const s3 = h.s3('111111111111');
  const Bucket = String(out['data_bucket']);
  assert.deepEqual(tagMap((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet), { Name: 'data', Environment: 'lab' });
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, 'Enabled');
  assert.equal((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerPreferred');
  assert.deepEqual((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
    { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  const sse = (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0];
  assert.equal(sse?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
  assert.equal(sse?.BucketKeyEnabled, true);
  const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules ?? [];
  assert.deepEqual(rules.map((r) => `${r.ID}:${r.Status}`).sort(), ['archive-reports:Enabled', 'tagged-scratch:Disabled', 'tidy:Enabled']);
  assert.equal((await s3.send(new GetBucketCorsCommand({ Bucket }))).CORSRules?.length, 2);
  assert.equal((await s3.send(new GetBucketWebsiteCommand({ Bucket }))).IndexDocument?.Suffix, 'index.html');
  const logging = (await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled;
  assert.deepEqual([logging?.TargetBucket, logging?.TargetPrefix], ['vpce-lab-logs', 'log/']);
  assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer, 'Requester');
  assert.equal((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status, 'Enabled');
  const replication = (await s3.send(new GetBucketReplicationCommand({ Bucket }))).ReplicationConfiguration;
  assert.deepEqual([replication?.Rules?.[0]?.ID, replication?.Rules?.[0]?.Destination?.Bucket], ['everything', 'arn:aws:s3:::vpce-lab-replica']);
  const lock = (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'vpce-lab-locked' }))).ObjectLockConfiguration;
  assert.deepEqual([lock?.ObjectLockEnabled, lock?.Rule?.DefaultRetention?.Mode, lock?.Rule?.DefaultRetention?.Days], ['Enabled', 'GOVERNANCE', 1]);
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'vpce-lab-locked' }))).Status, 'Enabled', 'Object Lock turns versioning on');

  // AWS ("Controlling access from VPC endpoints with bucket policies"): the policy names the endpoint Terraform made.
  const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '';
  assert.ok(policy.includes(String(out['endpoint_id'])), 'the bucket policy names the gateway endpoint');

  const key = 'reports/2026/q4.csv';
  const object = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
  assert.equal(object.ContentType, 'text/csv');
  assert.equal(await object.Body?.transformToString(), 'region,total\nus-east-1,42\n');
  assert.equal(object.VersionId, out['object_version_id'], 'versioning was on when the object was written');
  assert.equal(object.ServerSideEncryption, 'AES256');
  assert.deepEqual(tagMap((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: key }))).TagSet), { Classification: 'internal', Quarter: 'q4' });
});
