/**
 * @module S3 bucket configurations through the SDK: default encryption (and the SSE headers objects answer),
 * lifecycle, website, logging, replication, request payment, transfer acceleration, notifications and Object Lock:
 * what a bucket with none answers, Put then Get, Delete, and S3's validation errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketEncryptionCommand,
  DeleteBucketLifecycleCommand, DeleteBucketReplicationCommand, DeleteBucketWebsiteCommand,
  DeletePublicAccessBlockCommand, GetBucketAccelerateConfigurationCommand, GetBucketCorsCommand,
  GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand, GetBucketReplicationCommand, GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand, GetObjectCommand, GetObjectLockConfigurationCommand, GetPublicAccessBlockCommand,
  HeadObjectCommand, PutBucketAccelerateConfigurationCommand, PutBucketCorsCommand, PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand, PutBucketLoggingCommand, PutBucketNotificationConfigurationCommand,
  PutBucketReplicationCommand, PutBucketRequestPaymentCommand, PutBucketWebsiteCommand, PutObjectCommand,
  PutObjectLockConfigurationCommand, type LifecycleRule, type S3Client,
} from '@aws-sdk/client-s3';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const A = '111111111111';
const B = '222222222222';

describe('S3 bucket configurations', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
    for (const b of ['cfg', 'logs', 'rep-dest', 'dotted.name']) await s3.send(new CreateBucketCommand({ Bucket: b }));
    await h.s3(B).send(new CreateBucketCommand({ Bucket: 'other-owner' }));
    await h.s3(A, 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'eu-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    for (const b of ['locked', 'rep-src', 'rep-dest-v']) await s3.send(new CreateBucketCommand({ Bucket: b, ObjectLockEnabledForBucket: true }));
  });
  after(async () => { await h.close(); });

  describe('default encryption', () => {
    it('AWS (since January 2023): every bucket answers SSE-S3 (AES256, no bucket key)', async () => {
      const got = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'cfg' }));
      assert.deepEqual(got.ServerSideEncryptionConfiguration?.Rules, [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    });

    it('objects answer x-amz-server-side-encryption: AES256 on Put, Get and Head; an explicit AES256 is accepted', async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'e', Body: 'x' }));
      assert.equal(put.ServerSideEncryption, 'AES256');
      const explicit = await s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'e2', Body: 'x', ServerSideEncryption: 'AES256' }));
      assert.equal(explicit.ServerSideEncryption, 'AES256');
      assert.equal((await s3.send(new GetObjectCommand({ Bucket: 'cfg', Key: 'e' }))).ServerSideEncryption, 'AES256');
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'cfg', Key: 'e2' }))).ServerSideEncryption, 'AES256');
    });

    it('SSE-KMS and SSE-C on PutObject are refused as not served (501 NotImplemented), never dropped', async () => {
      const kms = await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' })), 'NotImplemented', 501);
      assert.match(kms.message, /aws:kms is not served/);
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'k', Body: 'x', SSECustomerAlgorithm: 'AES256', SSECustomerKey: Buffer.alloc(32, 1).toString('base64') })), 'NotImplemented', 501);
      const r = await raw(h.url, 'PUT', '/cfg/k', { ...signedFor(A), 'x-amz-server-side-encryption': 'rot13' }, 'x');
      assert.equal(r.status, 400);
      assert.equal(code(r.body), 'InvalidArgument');
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'cfg', Key: 'k' })), 'NoSuchKey', 404);
    });

    it('CreateMultipartUpload and CopyObject apply the same rules: AES256 answered, KMS refused, lock headers refused', async () => {
      const mpu = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'cfg', Key: 'm' }));
      assert.equal(mpu.ServerSideEncryption, 'AES256');
      await rejectsWith(s3.send(new CreateMultipartUploadCommand({ Bucket: 'cfg', Key: 'm', ServerSideEncryption: 'aws:kms:dsse' })), 'NotImplemented', 501);
      await s3.send(new CopyObjectCommand({ Bucket: 'cfg', Key: 'copy', CopySource: 'cfg/e' }));
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'cfg', Key: 'copy' }))).ServerSideEncryption, 'AES256');
      await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'cfg', Key: 'copy2', CopySource: 'cfg/e', ObjectLockLegalHoldStatus: 'ON' })), 'InvalidRequest');
      await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: 'cfg', Key: 'copy2' })), 'NotFound', 404);
    });

    it('PutBucketEncryption stores an aws:kms rule; objects then report aws:kms with the key; Delete reverts to SSE-S3', async () => {
      const key = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      await s3.send(new PutBucketEncryptionCommand({ Bucket: 'cfg', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }] } }));
      const got = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'cfg' }));
      assert.deepEqual(got.ServerSideEncryptionConfiguration?.Rules, [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }]);
      const put = await s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'kms', Body: 'x' }));
      assert.equal(put.ServerSideEncryption, 'aws:kms');
      assert.equal(put.SSEKMSKeyId, key);
      assert.equal(put.BucketKeyEnabled, true);
      await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'cfg' }));
      const back = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'cfg' }));
      assert.equal(back.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    });

    it('PutBucketEncryption validation: a KMS key with AES256 is InvalidArgument, an unknown algorithm MalformedXML', async () => {
      await rejectsWith(s3.send(new PutBucketEncryptionCommand({ Bucket: 'cfg', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'k' } }] } })), 'InvalidArgument');
      await rejectsWith(s3.send(new PutBucketEncryptionCommand({ Bucket: 'cfg', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'DES' as 'AES256' } }] } })), 'MalformedXML');
      await rejectsWith(s3.send(new PutBucketEncryptionCommand({ Bucket: 'cfg', ServerSideEncryptionConfiguration: { Rules: [] } })), 'MalformedXML');
    });
  });

  describe('lifecycle', () => {
    const rule = (extra: Partial<LifecycleRule> = {}): LifecycleRule => ({ ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 }, ...extra });

    it('a bucket without rules is 404 NoSuchLifecycleConfiguration', async () => {
      await rejectsWith(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'cfg' })), 'NoSuchLifecycleConfiguration', 404);
    });

    it('Put stores rules (an ID is given to a rule without one) and Get returns them with the minimum object size', async () => {
      const put = await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'cfg', LifecycleConfiguration: { Rules: [
        rule({ Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 90, StorageClass: 'GLACIER' }], Expiration: { Days: 365 } }),
        { Status: 'Disabled', Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'k', Value: 'v' }] } }, Expiration: { Date: new Date('2030-01-01T00:00:00Z') } },
        { ID: 'mpu', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, NoncurrentVersionExpiration: { NoncurrentDays: 10 } },
      ] }, TransitionDefaultMinimumObjectSize: 'varies_by_storage_class' }));
      assert.equal(put.TransitionDefaultMinimumObjectSize, 'varies_by_storage_class');
      const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'cfg' }));
      assert.equal(got.TransitionDefaultMinimumObjectSize, 'varies_by_storage_class');
      assert.equal(got.Rules?.length, 3);
      assert.deepEqual(got.Rules?.[0]?.Transitions, [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 90, StorageClass: 'GLACIER' }]);
      assert.ok(got.Rules?.[1]?.ID && got.Rules[1].ID.length > 0);
      assert.equal(got.Rules?.[1]?.Expiration?.Date?.toISOString(), '2030-01-01T00:00:00.000Z');
      assert.deepEqual(got.Rules?.[1]?.Filter?.And?.Tags, [{ Key: 'k', Value: 'v' }]);
      assert.equal(got.Rules?.[2]?.AbortIncompleteMultipartUpload?.DaysAfterInitiation, 7);
    });

    it('validation: duplicate IDs, Days <= 0, a Date not at midnight, an ID over 255, IA before 30 days (InvalidArgument)', async () => {
      const put = (rules: LifecycleRule[]) => s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'cfg', LifecycleConfiguration: { Rules: rules } }));
      await rejectsWith(put([rule(), rule()]), 'InvalidArgument');
      await rejectsWith(put([rule({ Expiration: { Days: 0 } })]), 'InvalidArgument');
      await rejectsWith(put([rule({ Expiration: { Date: new Date('2030-01-01T12:00:00Z') } })]), 'InvalidArgument');
      await rejectsWith(put([rule({ ID: 'x'.repeat(256) })]), 'InvalidArgument');
      await rejectsWith(put([rule({ Transitions: [{ Days: 10, StorageClass: 'STANDARD_IA' }] })]), 'InvalidArgument');
    });

    it('validation: no action (InvalidRequest), bad Status, Filter and Prefix together, two filter members, unknown class (MalformedXML)', async () => {
      const put = (rules: LifecycleRule[]) => s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'cfg', LifecycleConfiguration: { Rules: rules } }));
      await rejectsWith(put([{ ID: 'none', Status: 'Enabled', Filter: { Prefix: '' } }]), 'InvalidRequest');
      await rejectsWith(put([rule({ Status: 'On' as 'Enabled' })]), 'MalformedXML');
      await rejectsWith(put([rule({ Prefix: 'a/' })]), 'MalformedXML');
      await rejectsWith(put([rule({ Filter: { Prefix: 'a/', ObjectSizeGreaterThan: 10 } })]), 'MalformedXML');
      await rejectsWith(put([rule({ Transitions: [{ Days: 40, StorageClass: 'STANDARD' as 'GLACIER' }] })]), 'MalformedXML');
      await rejectsWith(put([rule({ Filter: { Tag: { Key: 'a', Value: 'b' } }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })]), 'InvalidRequest');
      await rejectsWith(s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'cfg', LifecycleConfiguration: { Rules: [rule()] }, TransitionDefaultMinimumObjectSize: 'tiny' as 'all_storage_classes_128K' })), 'InvalidArgument');
      // The refused calls left the stored rules alone.
      assert.equal((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'cfg' }))).Rules?.length, 3);
    });

    it('DeleteBucketLifecycle removes the rules (204)', async () => {
      await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'cfg' }));
      await rejectsWith(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'cfg' })), 'NoSuchLifecycleConfiguration', 404);
    });
  });

  describe('website', () => {
    it('none: 404 NoSuchWebsiteConfiguration; Put then Get returns index, error document and routing rules; Delete', async () => {
      await rejectsWith(s3.send(new GetBucketWebsiteCommand({ Bucket: 'cfg' })), 'NoSuchWebsiteConfiguration', 404);
      const config = {
        IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' },
        RoutingRules: [{ Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/', HttpRedirectCode: '301' } }],
      };
      await s3.send(new PutBucketWebsiteCommand({ Bucket: 'cfg', WebsiteConfiguration: config }));
      const got = await s3.send(new GetBucketWebsiteCommand({ Bucket: 'cfg' }));
      assert.deepEqual({ IndexDocument: got.IndexDocument, ErrorDocument: got.ErrorDocument, RoutingRules: got.RoutingRules }, config);
      await s3.send(new DeleteBucketWebsiteCommand({ Bucket: 'cfg' }));
      await rejectsWith(s3.send(new GetBucketWebsiteCommand({ Bucket: 'cfg' })), 'NoSuchWebsiteConfiguration', 404);
    });

    it('redirect-all stands alone; validation errors', async () => {
      await s3.send(new PutBucketWebsiteCommand({ Bucket: 'cfg', WebsiteConfiguration: { RedirectAllRequestsTo: { HostName: 'example.com', Protocol: 'https' } } }));
      assert.deepEqual((await s3.send(new GetBucketWebsiteCommand({ Bucket: 'cfg' }))).RedirectAllRequestsTo, { HostName: 'example.com', Protocol: 'https' });
      const put = (WebsiteConfiguration: object) => s3.send(new PutBucketWebsiteCommand({ Bucket: 'cfg', WebsiteConfiguration }));
      await rejectsWith(put({ RedirectAllRequestsTo: { HostName: 'example.com' }, IndexDocument: { Suffix: 'index.html' } }), 'InvalidRequest');
      await rejectsWith(put({ ErrorDocument: { Key: 'e.html' } }), 'InvalidArgument');
      await rejectsWith(put({ IndexDocument: { Suffix: 'a/index.html' } }), 'InvalidArgument');
      await rejectsWith(put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Redirect: { ReplaceKeyPrefixWith: 'a', ReplaceKeyWith: 'b' } }] }), 'InvalidRequest');
      await rejectsWith(put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Redirect: { HttpRedirectCode: '200' } }] }), 'InvalidArgument');
      await rejectsWith(put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Condition: { HttpErrorCodeReturnedEquals: '200' }, Redirect: { HostName: 'x' } }] }), 'InvalidArgument');
      await rejectsWith(put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Redirect: { Protocol: 'ftp' } }] }), 'MalformedXML');
    });
  });

  describe('logging', () => {
    it('none: an empty BucketLoggingStatus; Put then Get; an empty status turns it off', async () => {
      assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: 'cfg' }))).LoggingEnabled, undefined);
      await s3.send(new PutBucketLoggingCommand({ Bucket: 'cfg', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'cfg/', TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } } } } }));
      const got = await s3.send(new GetBucketLoggingCommand({ Bucket: 'cfg' }));
      assert.deepEqual(got.LoggingEnabled, { TargetBucket: 'logs', TargetPrefix: 'cfg/', TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } } });
      await s3.send(new PutBucketLoggingCommand({ Bucket: 'cfg', BucketLoggingStatus: {} }));
      assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: 'cfg' }))).LoggingEnabled, undefined);
    });

    it('target grants are stored and returned; a grantee needs exactly one identifier (MalformedXML)', async () => {
      const grant = { Grantee: { Type: 'Group' as const, URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'READ' as const };
      await s3.send(new PutBucketLoggingCommand({ Bucket: 'cfg', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'g/', TargetGrants: [grant] } } }));
      const got = (await s3.send(new GetBucketLoggingCommand({ Bucket: 'cfg' }))).LoggingEnabled?.TargetGrants;
      assert.equal(got?.[0]?.Permission, 'READ');
      assert.equal(got?.[0]?.Grantee?.URI, grant.Grantee.URI);
      await rejectsWith(s3.send(new PutBucketLoggingCommand({ Bucket: 'cfg', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'g/', TargetGrants: [{ Grantee: { Type: 'Group' }, Permission: 'READ' }] } } })), 'MalformedXML');
      await s3.send(new PutBucketLoggingCommand({ Bucket: 'cfg', BucketLoggingStatus: {} }));
    });

    it('AWS: the target bucket must exist, have the same owner (InvalidTargetBucketForLogging) and region (CrossLocationLoggingProhibited)', async () => {
      const put = (TargetBucket: string) => s3.send(new PutBucketLoggingCommand({ Bucket: 'cfg', BucketLoggingStatus: { LoggingEnabled: { TargetBucket, TargetPrefix: 'p/' } } }));
      await rejectsWith(put('no-such-target'), 'InvalidTargetBucketForLogging');
      await rejectsWith(put('other-owner'), 'InvalidTargetBucketForLogging');
      await rejectsWith(put('eu-logs'), 'CrossLocationLoggingProhibited', 403);
    });
  });

  describe('replication', () => {
    const config = { Role: 'arn:aws:iam::111111111111:role/replication', Rules: [{ ID: 'all', Priority: 1, Status: 'Enabled' as const, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' as const }, Destination: { Bucket: 'arn:aws:s3:::rep-dest', StorageClass: 'STANDARD_IA' as const } }] };

    it('none: 404 ReplicationConfigurationNotFoundError; AWS: Put needs versioning Enabled on the source (InvalidRequest)', async () => {
      await rejectsWith(s3.send(new GetBucketReplicationCommand({ Bucket: 'cfg' })), 'ReplicationConfigurationNotFoundError', 404);
      const e = await rejectsWith(s3.send(new PutBucketReplicationCommand({ Bucket: 'cfg', ReplicationConfiguration: config })), 'InvalidRequest');
      assert.match(e.message, /Versioning must be 'Enabled'/);
    });

    it('with versioning on both sides, Put then Get returns the rules; validation; Delete removes them', async () => {
      // Object Lock turns versioning on at creation, so these two buckets are versioned without PutBucketVersioning.
      await rejectsWith(s3.send(new PutBucketReplicationCommand({ Bucket: 'rep-src', ReplicationConfiguration: config })), 'InvalidRequest');
      const toLocked = { ...config, Rules: [{ ...config.Rules[0]!, Destination: { Bucket: 'arn:aws:s3:::rep-dest-v' } }] };
      await s3.send(new PutBucketReplicationCommand({ Bucket: 'rep-src', ReplicationConfiguration: toLocked }));
      const got = await s3.send(new GetBucketReplicationCommand({ Bucket: 'rep-src' }));
      assert.equal(got.ReplicationConfiguration?.Role, config.Role);
      assert.deepEqual(got.ReplicationConfiguration?.Rules?.[0]?.Destination, { Bucket: 'arn:aws:s3:::rep-dest-v' });
      const withoutMarker = { ...toLocked, Rules: [{ ...toLocked.Rules[0]!, DeleteMarkerReplication: undefined }] };
      await rejectsWith(s3.send(new PutBucketReplicationCommand({ Bucket: 'rep-src', ReplicationConfiguration: withoutMarker })), 'InvalidRequest');
      const missing = { ...toLocked, Rules: [{ ...toLocked.Rules[0]!, Destination: { Bucket: 'arn:aws:s3:::no-such-dest' } }] };
      await rejectsWith(s3.send(new PutBucketReplicationCommand({ Bucket: 'rep-src', ReplicationConfiguration: missing })), 'InvalidRequest');
      await s3.send(new DeleteBucketReplicationCommand({ Bucket: 'rep-src' }));
      await rejectsWith(s3.send(new GetBucketReplicationCommand({ Bucket: 'rep-src' })), 'ReplicationConfigurationNotFoundError', 404);
    });
  });

  describe('request payment, acceleration, notifications', () => {
    it('request payment: BucketOwner by default; Requester stored; an unknown payer is MalformedXML', async () => {
      assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: 'cfg' }))).Payer, 'BucketOwner');
      await s3.send(new PutBucketRequestPaymentCommand({ Bucket: 'cfg', RequestPaymentConfiguration: { Payer: 'Requester' } }));
      assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: 'cfg' }))).Payer, 'Requester');
      await s3.send(new PutBucketRequestPaymentCommand({ Bucket: 'cfg', RequestPaymentConfiguration: { Payer: 'BucketOwner' } }));
      assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: 'cfg' }))).Payer, 'BucketOwner');
      await rejectsWith(s3.send(new PutBucketRequestPaymentCommand({ Bucket: 'cfg', RequestPaymentConfiguration: { Payer: 'Nobody' as 'Requester' } })), 'MalformedXML');
    });

    it('acceleration: no Status until configured; Enabled/Suspended stored; AWS: not for names with periods (InvalidRequest)', async () => {
      assert.equal((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: 'cfg' }))).Status, undefined);
      await s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: 'cfg', AccelerateConfiguration: { Status: 'Enabled' } }));
      assert.equal((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: 'cfg' }))).Status, 'Enabled');
      await s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: 'cfg', AccelerateConfiguration: { Status: 'Suspended' } }));
      assert.equal((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: 'cfg' }))).Status, 'Suspended');
      await rejectsWith(s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: 'dotted.name', AccelerateConfiguration: { Status: 'Enabled' } })), 'InvalidRequest');
      await rejectsWith(s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: 'cfg', AccelerateConfiguration: { Status: 'On' as 'Enabled' } })), 'MalformedXML');
    });

    it('notifications: empty by default; Put stores the configurations as sent (destinations are not checked)', async () => {
      const empty = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'cfg' }));
      assert.equal(empty.QueueConfigurations, undefined);
      assert.equal(empty.TopicConfigurations, undefined);
      const queue = { Id: 'q', QueueArn: 'arn:aws:sqs:us-east-1:111111111111:uploads', Events: ['s3:ObjectCreated:*' as const], Filter: { Key: { FilterRules: [{ Name: 'prefix' as const, Value: 'in/' }] } } };
      const lambda = { Id: 'l', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:f', Events: ['s3:ObjectRemoved:Delete' as const] };
      await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'cfg', NotificationConfiguration: { QueueConfigurations: [queue], LambdaFunctionConfigurations: [lambda], EventBridgeConfiguration: {} } }));
      const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'cfg' }));
      assert.deepEqual(got.QueueConfigurations, [queue]);
      assert.deepEqual(got.LambdaFunctionConfigurations, [lambda]);
      assert.deepEqual(got.EventBridgeConfiguration, {});
      await rejectsWith(s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'cfg', NotificationConfiguration: { QueueConfigurations: [queue, queue] } })), 'InvalidArgument');
      await rejectsWith(s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'cfg', NotificationConfiguration: { QueueConfigurations: [{ ...queue, QueueArn: 'uploads' }] } })), 'InvalidArgument');
      await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'cfg', NotificationConfiguration: {} }));
      assert.equal((await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'cfg' }))).QueueConfigurations, undefined);
    });
  });

  describe('object lock', () => {
    it('none: 404 ObjectLockConfigurationNotFoundError; AWS: Put on an unversioned bucket is 409 InvalidBucketState', async () => {
      await rejectsWith(s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'cfg' })), 'ObjectLockConfigurationNotFoundError', 404);
      await rejectsWith(s3.send(new PutObjectLockConfigurationCommand({ Bucket: 'cfg', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })), 'InvalidBucketState', 409);
    });

    it('CreateBucket with object lock enabled: Get answers Enabled; a default retention is stored and returned', async () => {
      assert.deepEqual((await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'locked' }))).ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled' });
      await s3.send(new PutObjectLockConfigurationCommand({ Bucket: 'locked', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } } }));
      assert.deepEqual((await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'locked' }))).ObjectLockConfiguration,
        { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } });
    });

    it('AWS: CreateBucket with Object Lock also needs s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning', async () => {
      const creator = await iamUserWith(h, A, 'creator', [{ Effect: 'Allow', Action: 's3:CreateBucket', Resource: '*' }]);
      await rejectsWith(h.s3(creator).send(new CreateBucketCommand({ Bucket: 'lock-denied', ObjectLockEnabledForBucket: true })), 'AccessDenied', 403);
      await rejectsWith(s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'lock-denied' })), 'NoSuchBucket', 404);
      await h.s3(creator).send(new CreateBucketCommand({ Bucket: 'lock-plain' }));
    });

    it('default retention validation: Days and Years together or a mode missing (MalformedXML), a period <= 0 (InvalidArgument)', async () => {
      const put = (DefaultRetention: object) => s3.send(new PutObjectLockConfigurationCommand({ Bucket: 'locked', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention } } }));
      await rejectsWith(put({ Mode: 'COMPLIANCE', Days: 1, Years: 1 }), 'MalformedXML');
      await rejectsWith(put({ Days: 1 }), 'MalformedXML');
      await rejectsWith(put({ Mode: 'COMPLIANCE', Days: 0 }), 'InvalidArgument');
      await rejectsWith(put({ Mode: 'COMPLIANCE', Years: 101 }), 'InvalidArgument');
    });

    it('PutObject with object-lock headers: AWS refuses them on a bucket without Object Lock (InvalidRequest)', async () => {
      const e = await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'l', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date(Date.now() + 86_400_000) })), 'InvalidRequest');
      assert.match(e.message, /Bucket is missing Object Lock Configuration/);
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'cfg', Key: 'l', Body: 'x', ObjectLockLegalHoldStatus: 'ON' })), 'InvalidRequest');
      // On a locked bucket per-object retention is not served: refused, not dropped.
      await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'l', Body: 'x', ObjectLockLegalHoldStatus: 'ON' })), 'NotImplemented', 501);
    });
  });
});

describe('S3 bucket configurations survive a restart of the disk store', () => {
  it('CORS, lifecycle, a deleted public access block and object lock are read back after the server restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-bconf-'));
    try {
      const first = await startHarness(memoryStore(), dir);
      const s3 = first.s3(A);
      await s3.send(new CreateBucketCommand({ Bucket: 'durable', ObjectLockEnabledForBucket: true }));
      await s3.send(new PutBucketCorsCommand({ Bucket: 'durable', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
      await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'durable', LifecycleConfiguration: { Rules: [{ ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }] } }));
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'durable' }));
      await first.close();
      const second = await startHarness(memoryStore(), dir);
      try {
        const again = second.s3(A);
        assert.deepEqual((await again.send(new GetBucketCorsCommand({ Bucket: 'durable' }))).CORSRules, [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]);
        assert.equal((await again.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'durable' }))).Rules?.[0]?.ID, 'x');
        await rejectsWith(again.send(new GetPublicAccessBlockCommand({ Bucket: 'durable' })), 'NoSuchPublicAccessBlockConfiguration', 404);
        assert.equal((await again.send(new GetObjectLockConfigurationCommand({ Bucket: 'durable' }))).ObjectLockConfiguration?.ObjectLockEnabled, 'Enabled');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
