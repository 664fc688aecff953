/**
 * @module `vpce exec` against a strict `vpce serve`: it signs its request with the credentials of its environment,
 * gets the instance role's session only for a caller allowed `sts:AssumeRole` on the role, and the AWS CLI it
 * runs acts as that session; refusals exit 2 with AWS's message. Every mint lands in `api.jsonl`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AWS, awsCliSkip } from './aws-cli.js';
import { runVpce, serveProcess, type ServeProcess } from './process.js';

const A = '747474747474';
const ROOT_SECRET = 'strict-root-secret';
const skip = awsCliSkip('vpce exec under --auth strict');

let dir = '';
let proc: ServeProcess;
let instance = '';
const keys: Record<string, { id: string; secret: string }> = {};

const env = (creds?: { id: string; secret: string }): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, VPCE_ENDPOINT_URL: '', AWS_PAGER: '', AWS_ACCESS_KEY_ID: creds?.id ?? '', AWS_SECRET_ACCESS_KEY: creds?.secret ?? '', AWS_DEFAULT_REGION: 'us-east-1' };
  delete e['AWS_SESSION_TOKEN'];
  delete e['AWS_PROFILE'];
  return e;
};
const whoAmI = (creds?: { id: string; secret: string }) => runVpce(['exec', '--endpoint-url', proc.url, '--from', instance, '--', AWS!, '--output', 'json', 'sts', 'get-caller-identity'], env(creds));

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'vpce-exec-strict-'));
  proc = await serveProcess(join(dir, 'state'), ['--auth', 'strict', '--root-secret', ROOT_SECRET]);
  const cfg = { endpoint: proc.url, region: 'us-east-1', credentials: { accessKeyId: A, secretAccessKey: ROOT_SECRET }, maxAttempts: 1 };
  const iam = new IAMClient(cfg);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app' }));
  for (const [name, statements] of [['runner', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/app` }]], ['bystander', []]] as const) {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (statements.length > 0) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    keys[name] = { id: k.AccessKeyId!, secret: k.SecretAccessKey! };
  }
  const ec2 = new EC2Client(cfg);
  instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'app' } }))).Instances![0]!.InstanceId!;
  iam.destroy();
  ec2.destroy();
});
after(async () => {
  if (skip) return;
  await proc.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('vpce exec under --auth strict', { skip }, () => {
  it("signs with the environment's user key: a user allowed sts:AssumeRole runs the AWS CLI as the instance role", async () => {
    const r = await whoAmI(keys['runner']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { Arn: string }).Arn, `arn:aws:sts::${A}:assumed-role/app/${instance}`);
  });

  it('the account root signs with the root secret', async () => {
    const r = await whoAmI({ id: A, secret: ROOT_SECRET });
    assert.equal(r.code, 0, r.stderr);
  });

  it('refuses a user without sts:AssumeRole on the role (AccessDenied), a wrong secret and no credentials at all (exit 2)', async () => {
    let r = await whoAmI(keys['bystander']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`User: arn:aws:iam::${A}:user/bystander is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${A}:role/app`));
    r = await whoAmI({ id: keys['runner']!.id, secret: 'not-its-secret' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /signature we calculated does not match/);
    r = await whoAmI();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /security token included in the request is invalid/);
  });

  it('logs each mint with the caller and the new key id, never the secret', async () => {
    const r = await runVpce(['exec', '--endpoint-url', proc.url, '--from', instance, '--print-env'], env(keys['runner']));
    assert.equal(r.code, 0, r.stderr);
    const key = /AWS_ACCESS_KEY_ID='([^']+)'/.exec(r.stdout)![1]!;
    const secret = /AWS_SECRET_ACCESS_KEY='([^']+)'/.exec(r.stdout)![1]!;
    await proc.stop();
    proc = await serveProcess(join(dir, 'state'), ['--auth', 'strict', '--root-secret', ROOT_SECRET]);
    const log = readFileSync(join(dir, 'state', 'logs', 'api.jsonl'), 'utf8');
    const mint = log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { eventName?: string; userIdentity?: { arn?: string }; responseElements?: { credentials?: { accessKeyId?: string } } })
      .find((e) => e.eventName === 'ExecCredentials' && e.responseElements?.credentials?.accessKeyId === key);
    assert.ok(mint, 'the mint is logged');
    assert.equal(mint.userIdentity?.arn, `arn:aws:iam::${A}:user/runner`);
    assert.ok(!log.includes(secret));
  });
});
