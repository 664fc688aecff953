/**
 * @module S3 bucket configurations with the AWS CLI: put/get-bucket-cors, get-bucket-encryption,
 * put/get-public-access-block, get-bucket-policy-status, and a refused CORS rule's exit status. Skips locally (with
 * the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, awsEnv, runAws, serviceErrorExit, type CliResult } from './aws-cli.js';

const skip = awsCliSkip('s3 bucket configurations aws-cli scenario');

const aws = (url: string, args: string[]): Promise<CliResult> => runAws(url, args, awsEnv('123456789012'));

async function ok(url: string, args: string[]): Promise<string> {
  const r = await aws(url, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('S3 bucket configurations with the AWS CLI', { skip }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await ok(h.url, ['s3api', 'create-bucket', '--bucket', 'cli-cfg']);
  });
  after(async () => { await h.close(); });

  it('put-bucket-cors then get-bucket-cors returns the rules; an unsupported method fails with InvalidRequest', async () => {
    const cors = { CORSRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], MaxAgeSeconds: 300 }] };
    await ok(h.url, ['s3api', 'put-bucket-cors', '--bucket', 'cli-cfg', '--cors-configuration', JSON.stringify(cors)]);
    const got = JSON.parse(await ok(h.url, ['s3api', 'get-bucket-cors', '--bucket', 'cli-cfg', '--output', 'json'])) as typeof cors;
    assert.deepEqual(got, cors);
    const bad = await aws(h.url, ['s3api', 'put-bucket-cors', '--bucket', 'cli-cfg', '--cors-configuration', JSON.stringify({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['TRACE'] }] })]);
    assert.equal(bad.code, serviceErrorExit());
    assert.match(bad.stderr, /InvalidRequest/);
  });

  it('get-bucket-encryption answers SSE-S3 for a new bucket', async () => {
    const got = JSON.parse(await ok(h.url, ['s3api', 'get-bucket-encryption', '--bucket', 'cli-cfg', '--output', 'json'])) as {
      ServerSideEncryptionConfiguration: { Rules: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string }; BucketKeyEnabled: boolean }[] };
    };
    assert.deepEqual(got.ServerSideEncryptionConfiguration.Rules, [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
  });

  it('put-public-access-block lifts the block; a public policy is then accepted and get-bucket-policy-status says public', async () => {
    const before = JSON.parse(await ok(h.url, ['s3api', 'get-public-access-block', '--bucket', 'cli-cfg', '--output', 'json'])) as { PublicAccessBlockConfiguration: Record<string, boolean> };
    assert.equal(before.PublicAccessBlockConfiguration['BlockPublicPolicy'], true);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::cli-cfg/*' }] });
    const refused = await aws(h.url, ['s3api', 'put-bucket-policy', '--bucket', 'cli-cfg', '--policy', policy]);
    assert.equal(refused.code, serviceErrorExit());
    assert.match(refused.stderr, /AccessDenied/);
    await ok(h.url, ['s3api', 'put-public-access-block', '--bucket', 'cli-cfg', '--public-access-block-configuration',
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false']);
    await ok(h.url, ['s3api', 'put-bucket-policy', '--bucket', 'cli-cfg', '--policy', policy]);
    const status = JSON.parse(await ok(h.url, ['s3api', 'get-bucket-policy-status', '--bucket', 'cli-cfg', '--output', 'json'])) as { PolicyStatus: { IsPublic: boolean } };
    assert.equal(status.PolicyStatus.IsPublic, true);
  });
});
