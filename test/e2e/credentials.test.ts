/**
 * @module Credentials vpce issued that stopped working are refused in each service's own format: a deactivated
 * user key, an expired session, a session key STS never issued. Made-up keys still mean the default account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startHarness, type Harness, type Who } from './harness.js';

const A = '434343434343';
let h: Harness;
let inactive: Who;

async function fails(p: Promise<unknown>, code: string, status: number): Promise<void> {
  await assert.rejects(p, (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.Code ?? e.name, code, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

before(async () => {
  h = await startHarness();
  const iam = h.iam(A);
  await iam.send(new CreateUserCommand({ UserName: 'old' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'old' }))).AccessKey!;
  await iam.send(new UpdateAccessKeyCommand({ UserName: 'old', AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }));
  inactive = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
after(async () => { await h.close(); });

const config = (who: Who) => ({ endpoint: h.url, region: 'us-east-1', maxAttempts: 1, credentials: typeof who === 'string' ? { accessKeyId: who, secretAccessKey: 'x' } : who });

describe('credentials that stopped working', () => {
  it('a deactivated user key: S3 InvalidAccessKeyId 403, DynamoDB UnrecognizedClientException, IAM/STS/ELBv2 InvalidClientTokenId 403, EC2 AuthFailure 401', async () => {
    await fails(h.s3(inactive).send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
    await fails(h.dynamodb(inactive).send(new ListTablesCommand({})), 'UnrecognizedClientException', 400);
    await fails(h.iam(inactive).send(new GetUserCommand({})), 'InvalidClientTokenId', 403);
    await fails(h.sts(inactive).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    const elb = new ElasticLoadBalancingV2Client(config(inactive));
    await fails(elb.send(new DescribeLoadBalancersCommand({})), 'InvalidClientTokenId', 403);
    elb.destroy();
    const ec2 = new EC2Client(config(inactive));
    await fails(ec2.send(new DescribeVpcsCommand({})), 'AuthFailure', 401);
    ec2.destroy();
  });

  it('an expired session: S3 ExpiredToken 400, DynamoDB ExpiredTokenException, STS ExpiredToken', async () => {
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] };
    await h.iam(A).send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const c = (await h.sts(A).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/short`, RoleSessionName: 'sess' }))).Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    assert.match((await h.sts(session).send(new GetCallerIdentityCommand({}))).Arn!, /assumed-role\/short\/sess$/);
    // Let the session run out: its record's expiry moves into the past.
    h.world.transact((tx) => {
      const rec = tx.global.find(session.accessKeyId);
      assert.ok(rec && rec.kind === 'stsSession');
      tx.global.put({ ...rec, expiresAt: Date.now() - 1000 });
    });
    await fails(h.s3(session).send(new ListBucketsCommand({})), 'ExpiredToken', 400);
    await fails(h.dynamodb(session).send(new ListTablesCommand({})), 'ExpiredTokenException', 400);
    await fails(h.sts(session).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 400);
  });

  it('keys shaped like issued ones (ASIA…, AKIA…) that vpce never issued are invalid; a placeholder key is the default account', async () => {
    await fails(h.sts({ accessKeyId: 'ASIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x', sessionToken: 't' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    await fails(h.sts({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    const me = await h.sts({ accessKeyId: 'test', secretAccessKey: 'test' }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, '000000000000');
  });
});
