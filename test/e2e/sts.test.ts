/**
 * @module STS through @aws-sdk/client-sts: GetCallerIdentity as root, IAM user and assumed role; AssumeRole allowed
 * and denied (same account, cross-account needing both policies), its bounds and validation, expiry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startHarness, rejectsWith, type Harness } from './harness.js';
import { GLOBAL } from '../../src/model/world.js';
import { resolveAccessKey } from '../../src/model/credentials.js';

const A = '222222222222';
const B = '333333333333';
const trust = (principal: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra }] });
const allow = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

async function userKeys(iam: IAMClient, name: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

describe('STS', () => {
  let h: Harness;
  let iam: IAMClient;
  before(async () => { h = await startHarness(); iam = h.iam(A); });
  after(async () => { await h.close(); });

  it('GetCallerIdentity as the account root', async () => {
    const me = await h.sts(A).send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ UserId: me.UserId, Account: me.Account, Arn: me.Arn }, { UserId: A, Account: A, Arn: `arn:aws:iam::${A}:root` });
  });

  it('GetCallerIdentity as an IAM user and as an assumed role; the session reports AROA…:<session>', async () => {
    const keys = await userKeys(iam, 'dev');
    const user = await h.sts(keys).send(new GetCallerIdentityCommand({}));
    assert.equal(user.Arn, `arn:aws:iam::${A}:user/dev`);
    assert.match(user.UserId!, /^AIDA/);
    assert.equal(user.Account, A);

    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust(`arn:aws:iam::${A}:user/dev`) }))).Role!;
    const assumed = await h.sts(keys).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'ci-run' }));
    assert.match(assumed.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(assumed.Credentials!.SecretAccessKey!.length, 40);
    assert.ok(assumed.Credentials!.SessionToken);
    assert.ok(assumed.Credentials!.Expiration instanceof Date);
    assert.equal(assumed.AssumedRoleUser!.Arn, `arn:aws:sts::${A}:assumed-role/deployer/ci-run`);
    assert.equal(assumed.AssumedRoleUser!.AssumedRoleId, `${role.RoleId}:ci-run`);
    const session = h.sts({ accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! });
    const who = await session.send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ UserId: who.UserId, Account: who.Account, Arn: who.Arn }, { UserId: `${role.RoleId}:ci-run`, Account: A, Arn: `arn:aws:sts::${A}:assumed-role/deployer/ci-run` });
  });

  it('AssumeRole denied when the trust policy does not name the caller, even for the account root', async () => {
    const keys = await userKeys(iam, 'outsider');
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'locked', AssumeRolePolicyDocument: trust(`arn:aws:iam::${A}:user/dev`) }))).Role!;
    const denied = await rejectsWith(h.sts(keys).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 's1' })), 'AccessDenied', 403);
    assert.equal(denied.message, `User: arn:aws:iam::${A}:user/outsider is not authorized to perform: sts:AssumeRole on resource: ${role.Arn}`);
    await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 's1' })), 'AccessDenied', 403);
  });

  it('a trust policy naming the account delegates to identity policies', async () => {
    const keys = await userKeys(iam, 'needs-policy');
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'account-trust', AssumeRolePolicyDocument: trust(`arn:aws:iam::${A}:root`) }))).Role!;
    await rejectsWith(h.sts(keys).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'sess' })), 'AccessDenied', 403);
    await iam.send(new PutUserPolicyCommand({ UserName: 'needs-policy', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole', role.Arn!) }));
    const ok = await h.sts(keys).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'sess' }));
    assert.equal(ok.AssumedRoleUser!.Arn, `arn:aws:sts::${A}:assumed-role/account-trust/sess`);
    // The account root is allowed by the trust policy naming its account.
    await h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'root' }));
  });

  it('cross-account: both the trust policy and the caller\'s identity policy must allow', async () => {
    const iamB = h.iam(B);
    const role = (await iamB.send(new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: trust(A) }))).Role!;
    const keys = await userKeys(iam, 'crosser');
    await rejectsWith(h.sts(keys).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'xa' })), 'AccessDenied', 403);
    await iam.send(new PutUserPolicyCommand({ UserName: 'crosser', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
    const ok = await h.sts(keys).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'xa' }));
    assert.equal(ok.AssumedRoleUser!.Arn, `arn:aws:sts::${B}:assumed-role/shared/xa`);
    const who = await h.sts({ accessKeyId: ok.Credentials!.AccessKeyId!, secretAccessKey: ok.Credentials!.SecretAccessKey!, sessionToken: ok.Credentials!.SessionToken! }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, B);
    // Trust naming another account: identity allow alone is not enough.
    const closed = (await iamB.send(new CreateRoleCommand({ RoleName: 'closed', AssumeRolePolicyDocument: trust('444444444444') }))).Role!;
    await rejectsWith(h.sts(keys).send(new AssumeRoleCommand({ RoleArn: closed.Arn!, RoleSessionName: 'xa' })), 'AccessDenied', 403);
  });

  it('the session has the role\'s permissions, not the caller\'s', async () => {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'lister', AssumeRolePolicyDocument: trust(A) }))).Role!;
    const creds = (await h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'll' }))).Credentials!;
    const asRole = h.iam({ accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! });
    const { ListUsersCommand } = await import('@aws-sdk/client-iam');
    const denied = await rejectsWith(asRole.send(new ListUsersCommand({})), 'AccessDenied', 403);
    assert.match(denied.message, new RegExp(`^User: arn:aws:sts::${A}:assumed-role/lister/ll is not authorized to perform: iam:ListUsers`));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'lister', PolicyName: 'list', PolicyDocument: allow('iam:ListUsers') }));
    await asRole.send(new ListUsersCommand({}));
    // Role chaining (allowed by the role's own policy) is limited to one hour.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'lister', PolicyName: 'chain', PolicyDocument: allow('sts:AssumeRole') }));
    await rejectsWith(h.sts({ accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! })
      .send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'chain', DurationSeconds: 7200 })), 'ValidationError');
  });

  it('a missing role is reported as AccessDenied; bounds and names are validated', async () => {
    await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/ghost`, RoleSessionName: 'sess' })), 'AccessDenied', 403);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trust(A), MaxSessionDuration: 7200 }))).Role!;
    const low = await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'sess', DurationSeconds: 899 })), 'ValidationError');
    assert.match(low.message, /durationSeconds.*greater than or equal to 900/);
    const high = await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'sess', DurationSeconds: 7201 })), 'ValidationError');
    assert.equal(high.message, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const ok = await h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'sess', DurationSeconds: 7200 }));
    const ms = ok.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(ms > 7100_000 && ms <= 7200_000, `expires in ${ms} ms`);
    const name = await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'bad name' })), 'ValidationError');
    assert.match(name.message, /roleSessionName/);
    await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'x' })), 'ValidationError');
    await rejectsWith(h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'ok', Policy: '{"Statement":[]}' })), 'MalformedPolicyDocumentException');
  });

  it('expired sessions stop resolving', async () => {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust(A) }))).Role!;
    const creds = (await h.sts(A).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'sess', DurationSeconds: 900 }))).Credentials!;
    assert.ok(resolveAccessKey(h.world, creds.AccessKeyId!));
    const rec = h.world.partition(GLOBAL).get('stsSession', creds.AccessKeyId!)!;
    h.world.transact((tx) => tx.global.put({ ...rec, expiresAt: Date.now() - 1 }));
    assert.equal(resolveAccessKey(h.world, creds.AccessKeyId!), undefined);
  });
});
