/**
 * @module IAM and STS through the AWS CLI (Debian's awscli v2 in CI): create-user, create-access-key, then
 * `aws sts get-caller-identity` with those keys shows the user; create-role and an assume-role round trip.
 * Skips locally (with the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startHarness, type Harness } from './harness.js';

const run = promisify(execFile);

function findAws(): string | undefined {
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  for (const dir of (process.env['PATH'] ?? '').split(':')) if (dir && existsSync(join(dir, 'aws'))) return join(dir, 'aws');
  return undefined;
}

const AWS = findAws();
const inCi = process.env['CI'] === 'true';
if (!AWS && inCi) throw new Error('CI=true but no AWS CLI is installed: .ci/run must apt-get install awscli');
const skip = AWS ? false : 'no AWS CLI on this machine (apt-get install awscli); CI runs this scenario';
if (skip) console.log(`# iam aws-cli scenario skipped: ${skip}`);

const ACCOUNT = '777777777777';

interface Creds { readonly id: string; readonly secret: string; readonly token?: string }

async function aws(url: string, creds: Creds, args: string[]): Promise<unknown> {
  const env = {
    ...process.env, AWS_ACCESS_KEY_ID: creds.id, AWS_SECRET_ACCESS_KEY: creds.secret, AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  } as Record<string, string | undefined>;
  if (creds.token) env['AWS_SESSION_TOKEN'] = creds.token; else delete env['AWS_SESSION_TOKEN'];
  try {
    const r = await run(AWS!, ['--endpoint-url', url, '--output', 'json', ...args], { env });
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  } catch (e) {
    const err = e as { stderr?: string };
    assert.fail(`aws ${args.join(' ')} failed: ${err.stderr ?? String(e)}`);
  }
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
