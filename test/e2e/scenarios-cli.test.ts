/**
 * @module The documented VPC endpoint scenarios with the unchanged AWS CLI under `vpce exec` (Debian's awscli v2
 * in CI; skipped locally without one), against a real `vpce serve`. The world is built with SDK v3 clients as the
 * account roots; every request from an instance goes through `vpce exec --from i-...`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { AddRoleToInstanceProfileCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AWS, awsCliSkip, awsEnv, runAws } from './aws-cli.js';
import { runVpce, serveProcess, type ServeProcess } from './process.js';
import { gatewayEndpoint, serviceWorld, type ServiceWorld } from './service-world.js';

const A = '545454545454';
const B = '656565656565';
const REGION = 'us-east-1';
const ROOT_A = `arn:aws:iam::${A}:root`;
const skip = awsCliSkip('scenarios with the AWS CLI under vpce exec');

let dir = '';
let proc: ServeProcess;
let w: ServiceWorld;
let ec2: EC2Client;
const closers: { destroy(): void }[] = [];

function client<C extends { destroy(): void }>(make: (cfg: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number }) => C, account = A): C {
  const c = make({ endpoint: proc.url, region: REGION, credentials: { accessKeyId: account, secretAccessKey: 'x' }, maxAttempts: 1 });
  closers.push(c);
  return c;
}
const s3Of = (account = A) => client((cfg) => new S3Client({ ...cfg, forcePathStyle: true }), account);

/** `aws ARGS...` run by `vpce exec` from an instance (as account A's root unless `as` says otherwise). */
async function fromInstance(instanceId: string, args: string[], as: string | null = ROOT_A): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', VPCE_ENDPOINT_URL: '', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' };
  return runVpce(['exec', '--endpoint-url', proc.url, '--from', instanceId, ...(as ? ['--as', as] : []), '--', AWS!, '--output', 'json', ...args], env);
}

const getText = (instanceId: string, bucket: string, key: string, as?: string | null) => fromInstance(instanceId, ['s3', 'cp', `s3://${bucket}/${key}`, '-'], as);

function ok(r: { code: number; stdout: string; stderr: string }, expected?: string): void {
  assert.equal(r.code, 0, r.stderr);
  if (expected !== undefined) assert.equal(r.stdout, expected);
}
function denied(r: { code: number; stderr: string }, code = 'AccessDenied'): void {
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`${code}|Forbidden|403`));
}
function unreachable(r: { code: number; stderr: string }): void {
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Connection|reset|closed|aborted/i);
}

async function bucketWith(owner: string, name: string, key: string, body: string): Promise<void> {
  const s3 = s3Of(owner);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: body }));
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'vpce-scn-cli-'));
  proc = await serveProcess(dir);
  ec2 = client((cfg) => new EC2Client(cfg));
  w = await serviceWorld(ec2, 54);
  await bucketWith(A, 'cli-reports', 'q3.csv', 'revenue,42');
  await bucketWith(A, 'cli-other', 'x.txt', 'other');
});
after(async () => {
  if (skip) return;
  for (const c of closers) c.destroy();
  await proc.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the documented scenarios with the AWS CLI under vpce exec', { skip }, () => {
  let endpointId = '';

  it('private subnet: no route to S3 is a connection failure; a gateway endpoint makes it reachable', async () => {
    unreachable(await getText(w.isolatedInstance, 'cli-reports', 'q3.csv'));
    endpointId = await gatewayEndpoint(ec2, w.vpcId, REGION, 's3', [w.isolatedRt]);
    ok(await getText(w.isolatedInstance, 'cli-reports', 'q3.csv'), 'revenue,42');
  });

  it('bucket policy "Deny unless aws:SourceVpce": allowed through the endpoint, AccessDenied through NAT', async () => {
    await s3Of().send(new PutBucketPolicyCommand({ Bucket: 'cli-reports', Policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::cli-reports', 'arn:aws:s3:::cli-reports/*'], Condition: { StringNotEquals: { 'aws:SourceVpce': endpointId } } }],
    }) }));
    ok(await getText(w.isolatedInstance, 'cli-reports', 'q3.csv'), 'revenue,42');
    denied(await getText(w.natInstance, 'cli-reports', 'q3.csv'));
  });

  it('an endpoint policy for one bucket: the other bucket is AccessDenied', async () => {
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::cli-reports', 'arn:aws:s3:::cli-reports/*'] }],
    }) }));
    ok(await getText(w.isolatedInstance, 'cli-reports', 'q3.csv'), 'revenue,42');
    denied(await getText(w.isolatedInstance, 'cli-other', 'x.txt'));
  });

  it('Amazon Linux repositories through the endpoint (AL2023 user guide)', async () => {
    const repo = `al2023-repos-${REGION}-de612dc2`;
    await bucketWith(B, repo, 'core/mirrors/latest/x86_64/mirror.list', 'https://mirror');
    // AWS: a new bucket blocks public policies; the repository's owner lifts the block to publish it.
    await s3Of(B).send(new DeletePublicAccessBlockCommand({ Bucket: repo }));
    await s3Of(B).send(new PutBucketPolicyCommand({ Bucket: repo, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${repo}/*` }] }) }));
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Sid: 'AmazonLinux2023RepositoryAccess', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${repo}/*`] }],
    }) }));
    ok(await getText(w.isolatedInstance, repo, 'core/mirrors/latest/x86_64/mirror.list'), 'https://mirror');
    denied(await getText(w.isolatedInstance, 'cli-reports', 'q3.csv'));
  });

  it('aws:SourceIp matches through the internet gateway and stops matching once an endpoint exists', async () => {
    await bucketWith(A, 'cli-ip', 'k', 'v');
    const explained = await (await fetch(`${proc.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ account: A, region: REGION, from: w.publicInstance, to: 's3://cli-ip/k' }) })).json() as { trace: { context: { keys: Record<string, string> } } };
    const ip = explained.trace.context.keys['aws:SourceIp']!;
    await s3Of().send(new PutBucketPolicyCommand({ Bucket: 'cli-ip', Policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::cli-ip/*', Condition: { NotIpAddress: { 'aws:SourceIp': `${ip}/32` } } }],
    }) }));
    ok(await getText(w.publicInstance, 'cli-ip', 'k'), 'v');
    await gatewayEndpoint(ec2, w.vpcId, REGION, 's3', [w.publicRt]);
    denied(await getText(w.publicInstance, 'cli-ip', 'k'));
  });

  it('DynamoDB through its gateway endpoint with a table-restricted endpoint policy', async () => {
    const ddb = client((cfg) => new DynamoDBClient(cfg));
    for (const TableName of ['cli-orders', 'cli-secrets']) {
      await ddb.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: '1' }, v: { S: TableName } } }));
    }
    const get = (table: string) => fromInstance(w.isolatedInstance, ['dynamodb', 'get-item', '--table-name', table, '--key', '{"pk":{"S":"1"}}']);
    unreachable(await get('cli-orders'));
    await gatewayEndpoint(ec2, w.vpcId, REGION, 'dynamodb', [w.isolatedRt], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:${REGION}:${A}:table/cli-orders` }] });
    const r = await get('cli-orders');
    ok(r);
    assert.equal((JSON.parse(r.stdout) as { Item: { v: { S: string } } }).Item.v.S, 'cli-orders');
    denied(await get('cli-secrets'), 'AccessDeniedException');
  });

  it('cross-account: an IAM user needs its identity policy and the bucket policy', async () => {
    await bucketWith(B, 'cli-shared', 'data.txt', 'shared');
    const iam = client((cfg) => new IAMClient(cfg));
    await iam.send(new CreateUserCommand({ UserName: 'cli-reader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cli-reader' }))).AccessKey!;
    const env = awsEnv(key.AccessKeyId!, REGION, { AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! });
    const read = () => runAws(proc.url, ['s3', 'cp', 's3://cli-shared/data.txt', '-'], env);
    denied(await read());
    await s3Of(B).send(new PutBucketPolicyCommand({ Bucket: 'cli-shared', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::cli-shared/*' }] }) }));
    denied(await read());
    await iam.send(new PutUserPolicyCommand({ UserName: 'cli-reader', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::cli-shared/*' }] }) }));
    ok(await read(), 'shared');
  });

  it("GetCallerIdentity and AssumeRole round trip with the instance role's credentials", async () => {
    const iam = client((cfg) => new IAMClient(cfg));
    await iam.send(new CreateRoleCommand({ RoleName: 'cli-app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'cli-app', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'cli-app' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'cli-app', RoleName: 'cli-app' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'cli-reader', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/cli-app` }, Action: 'sts:AssumeRole' }] }) }));
    const w2 = await serviceWorld(ec2, 55, 'cli-app');
    let r = await fromInstance(w2.natInstance, ['sts', 'get-caller-identity'], null);
    ok(r);
    assert.equal((JSON.parse(r.stdout) as { Arn: string }).Arn, `arn:aws:sts::${A}:assumed-role/cli-app/${w2.natInstance}`);
    r = await fromInstance(w2.natInstance, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${A}:role/cli-reader`, '--role-session-name', 'batch'], null);
    ok(r);
    const c = (JSON.parse(r.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
    const next = await runAws(proc.url, ['--output', 'json', 'sts', 'get-caller-identity'], awsEnv(c.AccessKeyId, REGION, { AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken }));
    ok(next);
    assert.equal((JSON.parse(next.stdout) as { Arn: string }).Arn, `arn:aws:sts::${A}:assumed-role/cli-reader/batch`);
  });
});
