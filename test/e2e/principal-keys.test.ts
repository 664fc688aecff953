/**
 * @module The principal's global condition keys in live requests: `aws:userid` (bucket policies that admit only a
 * role's sessions) and `aws:TokenIssueTime` ("Revoke active sessions" for a role).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { rejectsWith, startHarness, type Harness, type Who } from './harness.js';
import { serviceWorld } from './service-world.js';

const A = '565656565656';
const BUCKET = 'userid-only';
let h: Harness;
let user: Who;

const readAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

async function assume(session: string): Promise<Who> {
  const c = (await h.sts(A).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/reader`, RoleSessionName: session }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

const read = (who: Who) => h.s3(who).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' }));

before(async () => {
  h = await startHarness();
  const iam = h.iam(A);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'all', PolicyDocument: JSON.stringify(readAll) }));
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'all', PolicyDocument: JSON.stringify(readAll) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  await h.s3(A).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await h.s3(A).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v' }));
});
after(async () => { await h.close(); });

describe('principal condition keys', () => {
  // AWS (global condition keys, aws:userid): a role session's id is "<role id>:<session name>", so
  // StringNotLike aws:userid ["AROA…:*", "<account id>"] denies everyone but the role's sessions and the root.
  it('aws:userid: a bucket policy admits the role sessions and the root, and refuses an IAM user allowed by its own policy', async () => {
    const roleId = (await h.iam(A).send(new GetRoleCommand({ RoleName: 'reader' }))).Role!.RoleId!;
    await h.s3(A).send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { StringNotLike: { 'aws:userid': [`${roleId}:*`, A] } } }],
    }) }));
    const session = await assume('s1');
    const identity = await h.sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.UserId, `${roleId}:s1`);
    assert.equal(await (await read(session)).Body!.transformToString(), 'v');
    assert.equal(await (await read(A)).Body!.transformToString(), 'v');
    await rejectsWith(read(user), 'AccessDenied', 403);
    // vpce explain gives the principal the same aws:userid, so it agrees with the live requests.
    const w = await serviceWorld(h.ec2(A), 71);
    const explain = async (principal: string) => (await (await fetch(`${h.url}/_vpce/explain`, {
      method: 'POST', body: JSON.stringify({ account: A, region: 'us-east-1', from: w.publicInstance, to: `s3://${BUCKET}/k`, principal }),
    })).json()) as { allowed: boolean; trace: { policy?: { context?: Record<string, string> } } };
    const asSession = await explain(`arn:aws:sts::${A}:assumed-role/reader/s1`);
    assert.equal(asSession.allowed, true);
    assert.equal(asSession.trace.policy?.context?.['aws:userid'], `${roleId}:s1`);
    assert.equal((await explain(`arn:aws:iam::${A}:user/alice`)).allowed, false);
  });

  // AWS ("Revoke IAM role temporary security credentials"): a Deny with DateLessThan aws:TokenIssueTime refuses the
  // sessions issued before that time and none issued after; long-term keys carry no aws:TokenIssueTime.
  it('aws:TokenIssueTime: revoking a role\'s sessions refuses the old session and not a new one', async () => {
    const old = await assume('before');
    assert.equal(await (await read(old)).Body!.transformToString(), 'v');
    await new Promise((r) => setTimeout(r, 20));
    const cutoff = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await h.iam(A).send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }],
    }) }));
    await rejectsWith(read(old), 'AccessDenied', 403);
    const fresh = await assume('after');
    assert.equal(await (await read(fresh)).Body!.transformToString(), 'v');
  });
});
