/**
 * @module `vpce exec` end to end against a real `vpce serve`: the environment a command gets, the errors, and
 * unchanged clients under it: the AWS CLI (Debian's v2 in CI; skipped locally without one), the AWS SDK for
 * JavaScript v3 and boto3 (when the machine's python3 has boto3 >= 1.28, which reads AWS_ENDPOINT_URL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { signedHeaders } from '../../src/server/sign-request.js';
import { runVpce, serveProcess, type ServeProcess } from './process.js';
import { gatewayEndpoint, serviceWorld, type ServiceWorld } from './service-world.js';

const A = '818181818181';
const REGION = 'us-east-1';
const AWS = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;
const inCi = process.env['CI'] === 'true';
if (!AWS && inCi) throw new Error('CI=true but no AWS CLI is installed: .ci/run must apt-get install awscli');
const skipCli = AWS ? false : 'no AWS CLI at /usr/bin/aws (apt-get install awscli); CI runs these';
if (skipCli) console.log(`# vpce exec AWS CLI cases skipped: ${skipCli}`);

function boto3Version(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import boto3; print(boto3.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch { return undefined; }
}
const BOTO3 = boto3Version();
const boto3Ok = BOTO3 !== undefined && Number(BOTO3.split('.')[1]) >= 28;
const skipBoto3 = boto3Ok ? false : `python3 has no boto3 >= 1.28 (found ${BOTO3 ?? 'none'}): older boto3 ignores AWS_ENDPOINT_URL`;
if (skipBoto3) console.log(`# vpce exec boto3 case skipped: ${skipBoto3}`);

let dir = '';
let proc: ServeProcess;
let w: ServiceWorld;

const env = (): NodeJS.ProcessEnv => ({ ...process.env, AWS_ACCESS_KEY_ID: '', VPCE_ENDPOINT_URL: '', AWS_PAGER: '' });
const exec = (args: string[]) => runVpce(['exec', '--endpoint-url', proc.url, ...args], env());

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-exec-'));
  proc = await serveProcess(dir);
  const cfg = { endpoint: proc.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: 'x' }, maxAttempts: 1 };
  const ec2 = new EC2Client(cfg);
  const iam = new IAMClient(cfg);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'exec-app', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'exec-app', PolicyName: 'data', PolicyDocument: JSON.stringify({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'dynamodb:GetItem'], Resource: '*' }],
  }) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'exec-app' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'exec-app', RoleName: 'exec-app' }));
  w = await serviceWorld(ec2, 81, 'exec-app');
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'exec-data' }));
  await s3.send(new PutObjectCommand({ Bucket: 'exec-data', Key: 'hello.txt', Body: 'hello from s3' }));
  const ddb = new DynamoDBClient(cfg);
  await ddb.send(new CreateTableCommand({ TableName: 'exec-items', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  await ddb.send(new PutItemCommand({ TableName: 'exec-items', Item: { pk: { S: 'a' }, v: { S: 'item-a' } } }));
  for (const c of [ec2, iam, s3, ddb]) c.destroy();
});
after(async () => {
  await proc.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('vpce exec', () => {
  it("gives the command the instance role's session credentials, its Region and the server URL", async () => {
    const r = await exec(['--from', w.natInstance, '--', process.execPath, '-e', 'const e=process.env;console.log(JSON.stringify({k:e.AWS_ACCESS_KEY_ID,t:!!e.AWS_SESSION_TOKEN,r:e.AWS_REGION,u:e.AWS_ENDPOINT_URL}))']);
    assert.equal(r.code, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as { k: string; t: boolean; r: string; u: string };
    assert.match(seen.k, /^ASIA[A-Z0-9]{16}$/);
    assert.equal(seen.t, true);
    assert.equal(seen.r, REGION);
    assert.equal(seen.u, proc.url);
  });

  it('--print-env prints the exports for shells (eval "$(vpce exec --from i-... --print-env)")', async () => {
    const r = await exec(['--from', w.natInstance, '--print-env']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]{16}'$/m);
    assert.match(r.stdout, /^export AWS_SESSION_TOKEN='[^']+'$/m);
    assert.match(r.stdout, new RegExp(`^export AWS_ENDPOINT_URL='${proc.url}'$`, 'm'));
    assert.match(r.stdout, /^export AWS_DEFAULT_REGION='us-east-1'$/m);
  });

  it("passes the command's exit code through", async () => {
    const r = await exec(['--from', w.natInstance, '--', process.execPath, '-e', 'process.exit(7)']);
    assert.equal(r.code, 7);
  });

  it('refuses an unknown instance, an instance without a role, a bad --as and a missing principal, saying what to do (exit 2)', async () => {
    let r = await exec(['--from', 'i-0123456789abcdef0', '--', 'true']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /instance i-0123456789abcdef0 does not exist/);
    const nobody = JSON.stringify({ from: w.natInstance, as: 'arn:aws:iam::818181818181:role/nobody' });
    const bare = (await fetch(`${proc.url}/_vpce/exec-credentials`, { method: 'POST', body: nobody, headers: signedHeaders('POST', `${proc.url}/_vpce/exec-credentials`, nobody, { accessKeyId: A, secretAccessKey: 'x' }, REGION, 'sts') }));
    assert.equal(bare.status, 404);
    assert.equal((await bare.json() as { error: string }).error, 'NoSuchEntity');
    r = await exec(['--from', w.natInstance, '--as', 'bob', '--', 'true']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not a root, user, role or assumed-role ARN/);
    r = await exec(['--from', w.natInstance]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /give a command after --/);
  });

  it('answers exec-credentials errors with codes: BadRequest, InvalidInstanceID.NotFound, NoInstanceRole', async () => {
    const post = async (body: string) => { const res = await fetch(`${proc.url}/_vpce/exec-credentials`, { method: 'POST', body, headers: signedHeaders('POST', `${proc.url}/_vpce/exec-credentials`, body, { accessKeyId: A, secretAccessKey: 'x' }, REGION, 'sts') }); return { status: res.status, body: await res.json() as { error: string; message: string } }; };
    let r = await post('{not json');
    assert.deepEqual([r.status, r.body.error], [400, 'BadRequest']);
    r = await post(JSON.stringify({ from: 'vpc-1' }));
    assert.deepEqual([r.status, r.body.error], [400, 'BadRequest']);
    r = await post(JSON.stringify({ from: w.natInstance, durationSeconds: 60 }));
    assert.deepEqual([r.status, r.body.error], [400, 'BadRequest']);
    r = await post(JSON.stringify({ from: 'i-0fedcba9876543210' }));
    assert.deepEqual([r.status, r.body.error], [404, 'InvalidInstanceID.NotFound']);
    // An instance launched without an instance profile has no credentials of its own.
    const ec2 = new EC2Client({ endpoint: proc.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: 'x' } });
    const { RunInstancesCommand } = await import('@aws-sdk/client-ec2');
    const bare = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1 }))).Instances![0]!.InstanceId!;
    ec2.destroy();
    r = await post(JSON.stringify({ from: bare }));
    assert.deepEqual([r.status, r.body.error], [400, 'NoInstanceRole']);
    assert.match(r.body.message, /pass --as ARN/);
    // AWS (IAM roles for Amazon EC2): an instance profile's role must trust ec2.amazonaws.com.
    const iam = new IAMClient({ endpoint: proc.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: 'x' } });
    const userTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'not-for-ec2', AssumeRolePolicyDocument: JSON.stringify(userTrust) }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'not-for-ec2' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'not-for-ec2', RoleName: 'not-for-ec2' }));
    iam.destroy();
    const ec2b = new EC2Client({ endpoint: proc.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: 'x' } });
    const untrusted = (await ec2b.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'not-for-ec2' } }))).Instances![0]!.InstanceId!;
    ec2b.destroy();
    r = await post(JSON.stringify({ from: untrusted }));
    assert.deepEqual([r.status, r.body.error], [400, 'NoInstanceRole']);
    assert.match(r.body.message, /does not trust ec2\.amazonaws\.com/);
  });

  it('the AWS SDK for JavaScript v3, unconfigured, reaches STS through the NAT gateway as the instance role', async () => {
    const sdk = fileURLToPath(new URL('../../../node_modules/@aws-sdk/client-sts/dist-cjs/index.js', import.meta.url));
    const script = `const {STSClient,GetCallerIdentityCommand}=require(${JSON.stringify(sdk)});new STSClient({}).send(new GetCallerIdentityCommand({})).then(r=>console.log(r.Arn),e=>{console.error(e.name,e.message);process.exit(3)})`;
    const r = await exec(['--from', w.natInstance, '--', process.execPath, '-e', script]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `arn:aws:sts::${A}:assumed-role/exec-app/${w.natInstance}`);
  });

  it('boto3 under vpce exec reads S3 through the NAT gateway', { skip: skipBoto3 }, async () => {
    const r = await exec(['--from', w.natInstance, '--', 'python3', '-c', "import boto3;print(boto3.client('s3').get_object(Bucket='exec-data',Key='hello.txt')['Body'].read().decode())"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'hello from s3');
  });

  describe('the AWS CLI under vpce exec', { skip: skipCli }, () => {
    const aws = (from: string, args: string[]) => exec(['--from', from, '--', AWS!, '--output', 'json', ...args]);

    it('an isolated instance cannot connect to S3; with a gateway endpoint it reads the object', async () => {
      const out = join(dir, 'hello.out');
      let r = await aws(w.isolatedInstance, ['--cli-read-timeout', '5', '--cli-connect-timeout', '5', 's3api', 'get-object', '--bucket', 'exec-data', '--key', 'hello.txt', out]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Connection|reset|closed|aborted/i);
      const ec2 = new EC2Client({ endpoint: proc.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: 'x' } });
      await gatewayEndpoint(ec2, w.vpcId, REGION, 's3', [w.isolatedRt]);
      await gatewayEndpoint(ec2, w.vpcId, REGION, 'dynamodb', [w.isolatedRt]);
      ec2.destroy();
      r = await aws(w.isolatedInstance, ['s3', 'cp', 's3://exec-data/hello.txt', '-']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'hello from s3');
      r = await aws(w.isolatedInstance, ['dynamodb', 'get-item', '--table-name', 'exec-items', '--key', '{"pk":{"S":"a"}}']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { Item: { v: { S: string } } }).Item.v.S, 'item-a');
    });

    it('get-caller-identity shows the instance role session; a write outside the role policy is AccessDenied', async () => {
      let r = await aws(w.natInstance, ['sts', 'get-caller-identity']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { Arn: string }).Arn, `arn:aws:sts::${A}:assumed-role/exec-app/${w.natInstance}`);
      r = await aws(w.natInstance, ['s3api', 'delete-object', '--bucket', 'exec-data', '--key', 'hello.txt']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /AccessDenied/);
    });

    it('vpce logs shows the flow records and API events the calls left', async () => {
      await new Promise((r) => setTimeout(r, 50));
      const flow = await runVpce(['logs', 'flow', '--state', dir, '--vpc', w.vpcId]);
      assert.equal(flow.code, 0, flow.stderr);
      assert.match(flow.stdout, /^2 818181818181 eni-[0-9a-f]+ 10\.81\.2\.\d+ \S+ \d+ 443 6 \d+ \d+ \d+ \d+ ACCEPT OK$/m);
      const api = await runVpce(['logs', 'api', '--state', dir]);
      assert.match(api.stdout, new RegExp(`${w.isolatedInstance} 10\\.81\\.2\\.\\d+ via vpce-[0-9a-f]+ .* s3:GetObject  OK`));
      assert.match(api.stdout, /NOT DELIVERED \(noRoute\)/);
    });
  });
});
