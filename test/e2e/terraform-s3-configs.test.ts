/** @module Terraform: the S3 bucket configurations scenario (test/terraform/s3-configs/main.tf). */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { GetBucketCorsCommand, GetBucketEncryptionCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// The provider reads each configuration back after writing it (and on every refresh); the plan must be empty.
terraformScenario('s3-configs', 'Terraform applies, plans clean, imports and destroys a bucket with CORS, public access block, encryption, lifecycle and website', () => h, async (out) => {
  const s3 = h.s3('111111111111');
  const bucket = String(out['bucket']);
  assert.deepEqual((await s3.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules?.[0]?.AllowedOrigins, ['https://app.example.com']);
  assert.equal((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration?.BlockPublicPolicy, false);
  assert.equal((await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.BucketKeyEnabled, true);
});
