/**
 * @module IAM and STS through the AWS CLI (Debian's awscli v2 in CI): create-user, create-access-key, then
 * `aws sts get-caller-identity` with those keys shows the user; create-role and an assume-role round trip.
 * Skips locally (with the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, awsEnv, runAws } from './aws-cli.js';

const skip = awsCliSkip('iam aws-cli scenario');

const ACCOUNT = '777777777777';

interface Creds { readonly id: string; readonly secret: string; readonly token?: string }

async function aws(url: string, creds: Creds, args: string[]): Promise<unknown> {
  const env = awsEnv(creds.id, 'us-east-1', {
    AWS_SECRET_ACCESS_KEY: creds.secret, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...(creds.token ? { AWS_SESSION_TOKEN: creds.token } : {}),
  });
  const r = await runAws(url, ['--output', 'json', ...args], env);
  if (r.code !== 0) assert.fail(`aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

describe('IAM and STS with the AWS CLI', { skip }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('create-user, create-access-key, get-caller-identity as the user; create-role, assume-role round trip', async () => {
    const root: Creds = { id: ACCOUNT, secret: 'x' };
    const user = await aws(h.url, root, ['iam', 'create-user', '--user-name', 'cli-user']) as { User: { Arn: string } };
    assert.equal(user.User.Arn, `arn:aws:iam::${ACCOUNT}:user/cli-user`);
    const key = await aws(h.url, root, ['iam', 'create-access-key', '--user-name', 'cli-user']) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    const asUser: Creds = { id: key.AccessKey.AccessKeyId, secret: key.AccessKey.SecretAccessKey };
    const me = await aws(h.url, asUser, ['sts', 'get-caller-identity']) as { Arn: string; Account: string };
    assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:user/cli-user`);
    assert.equal(me.Account, ACCOUNT);

    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.User.Arn }, Action: 'sts:AssumeRole' }] });
    const role = await aws(h.url, root, ['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', trust]) as { Role: { Arn: string; AssumeRolePolicyDocument: unknown } };
    // The CLI decodes the URL-encoded policy document IAM returns.
    assert.deepEqual(role.Role.AssumeRolePolicyDocument, JSON.parse(trust));
    const assumed = await aws(h.url, asUser, ['sts', 'assume-role', '--role-arn', role.Role.Arn, '--role-session-name', 'cli-session']) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string };
    };
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/cli-session`);
    const asRole: Creds = { id: assumed.Credentials.AccessKeyId, secret: assumed.Credentials.SecretAccessKey, token: assumed.Credentials.SessionToken };
    const who = await aws(h.url, asRole, ['sts', 'get-caller-identity']) as { Arn: string };
    assert.equal(who.Arn, assumed.AssumedRoleUser.Arn);
  });
});
