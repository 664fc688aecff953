/**
 * @module `vpce explain` as people type it: `--to HOST:PORT[/PROTO]`, a request from an instance judged as its
 * instance profile role's session when no `--principal` is given, and the `--json` answer validated against its
 * documented schema (docs/explain-output.schema.json).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import {
  CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, DescribeRouteTablesCommand, EC2Client, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { STEP_KINDS } from '../../src/engine/trace.js';
import { startHarness, type Harness } from './harness.js';
import { runVpce } from './process.js';

const ACCOUNT = '454545454545';
const REGION = 'us-east-1';
const SCHEMA = JSON.parse(readFileSync(new URL('../../../docs/explain-output.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

let h: Harness;
let ec2: EC2Client;
let withRole = '';
let untrustedRole = '';
let bare = '';
let endpointId = '';

async function profile(name: string, trustService: string, policy: object): Promise<void> {
  const iam = h.iam(ACCOUNT);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: trustService }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'data', PolicyDocument: JSON.stringify(policy) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
}

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT, REGION);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.45.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.45.1.0/24' }))).Subnet!.SubnetId!;
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, RouteTableIds: [main] }))).VpcEndpoint!.VpcEndpointId!;
  // The role may read one bucket only.
  await profile('reader', 'ec2.amazonaws.com', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::allowed/*' }] });
  // A role EC2 may not assume: the metadata service hands out no credentials for it.
  await profile('lambda-only', 'lambda.amazonaws.com', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });
  const run = async (p?: string): Promise<string> => (await ec2.send(new RunInstancesCommand({
    ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnet, ...(p ? { IamInstanceProfile: { Name: p } } : {}),
  }))).Instances![0]!.InstanceId!;
  withRole = await run('reader');
  untrustedRole = await run('lambda-only');
  bare = await run();
});
after(async () => { await h.close(); });

const base = (): string[] => ['explain', '--endpoint-url', h.url, '--account', ACCOUNT, '--region', REGION];

interface Body {
  schemaVersion: number; outcome: string; delivered: boolean; allowed: boolean;
  principal: { arn: string; source: string };
  destination: { hostname?: string; port: number; protocol: string; request?: { action: string; resource: string } };
  trace: { disposition: { kind: string; to?: { vpcEndpointId?: string } }; policy?: { principal: { arn: string }; decision: { decision: string } } };
}

async function explainJson(from: string, to: string, extra: string[] = []): Promise<{ code: number; body: Body; stderr: string }> {
  const r = await runVpce([...base(), '--from', from, '--to', to, '--json', ...extra]);
  return { code: r.code, body: JSON.parse(r.stdout || '{}') as Body, stderr: r.stderr };
}

describe('explain --to HOST:PORT[/PROTO]', () => {
  it('a bucket host name with a port is the S3 request of that name (ListBucket) through the gateway endpoint', async () => {
    const r = await explainJson(bare, 'allowed.s3.us-east-1.amazonaws.com:443');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.body.destination.hostname, 'allowed.s3.us-east-1.amazonaws.com');
    assert.equal(r.body.destination.port, 443);
    assert.deepEqual(r.body.destination.request, { action: 's3:ListBucket', resource: 'arn:aws:s3:::allowed' });
    assert.equal(r.body.trace.disposition.to?.vpcEndpointId, endpointId);
  });

  it('a service name with /tcp is a network question (no policy hop)', async () => {
    const r = await explainJson(bare, 's3.us-east-1.amazonaws.com:443/tcp');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.body.destination.protocol, 'tcp');
    assert.equal(r.body.destination.request, undefined);
    assert.equal(r.body.trace.policy, undefined);
    assert.equal(r.body.outcome, 'delivered');
  });

  it('a port out of range or an unknown protocol is exit 2 with the accepted forms', async () => {
    const big = await runVpce([...base(), '--from', bare, '--to', 's3.us-east-1.amazonaws.com:70000']);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /port 70000 is not 0-65535/);
    const proto = await runVpce([...base(), '--from', bare, '--to', 'db.corp.example:5432/sctp']);
    assert.equal(proto.code, 2);
    assert.match(proto.stderr, /must be tcp, udp or icmp/);
    const neither = await runVpce([...base(), '--from', bare, '--to', 'db.corp.example']);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /<host>:<port>/);
  });
});

describe('explain without --principal: an instance is judged as its role session (as vpce exec sends it)', () => {
  it('an instance whose role may read only another bucket is denied by its identity policy', async () => {
    const r = await explainJson(withRole, 's3://reports/q3.csv');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.body.principal, { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/${withRole}`, source: 'instanceRole' });
    assert.equal(r.body.trace.policy?.principal.arn, r.body.principal.arn);
    assert.equal(r.body.trace.policy?.decision.decision, 'ImplicitDeny');
    assert.equal(r.body.outcome, 'deniedByPolicy');
  });

  it('the same instance reading the bucket its role allows is allowed', async () => {
    const r = await explainJson(withRole, 's3://allowed/file');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.body.principal.source, 'instanceRole');
    assert.equal(r.body.allowed, true);
  });

  it('--principal overrides the role session', async () => {
    const r = await explainJson(withRole, 's3://reports/q3.csv', ['--principal', `arn:aws:iam::${ACCOUNT}:root`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.body.principal, { arn: `arn:aws:iam::${ACCOUNT}:root`, source: 'argument' });
  });

  it('AWS (IAM roles for EC2): a role that does not trust ec2.amazonaws.com gives no credentials, so the account root is used', async () => {
    const r = await explainJson(untrustedRole, 's3://reports/q3.csv');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.body.principal, { arn: `arn:aws:iam::${ACCOUNT}:root`, source: 'accountRoot' });
  });

  it('an instance without a profile is judged as the account root', async () => {
    const r = await explainJson(bare, 's3://reports/q3.csv');
    assert.equal(r.body.principal.source, 'accountRoot');
  });

  it('the hop table names the session it judged', async () => {
    const r = await runVpce([...base(), '--from', withRole, '--to', 's3://reports/q3.csv']);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.includes(`as arn:aws:sts::${ACCOUNT}:assumed-role/reader/${withRole}`), r.stdout);
  });
});

describe('explain --json is a documented, stable schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(SCHEMA);

  it('the schema lists exactly the step kinds the engine emits', () => {
    const step = (SCHEMA['definitions'] as Record<string, { properties: { kind: { enum: string[] } } }>)['step']!;
    assert.deepEqual([...step.properties.kind.enum].sort(), [...STEP_KINDS].sort());
  });

  it('answers of every kind validate: delivered, denied by policy, network only, unknown source, no route', async () => {
    const cases: [string, string][] = [
      [bare, 's3://reports/q3.csv'], [withRole, 's3://reports/q3.csv'], [bare, 's3.us-east-1.amazonaws.com:443/tcp'],
      ['i-0123456789abcdef0', 's3://reports/q3.csv'], [bare, '10.99.0.1:22/tcp'], [bare, 'dynamodb://orders'],
    ];
    const outcomes = new Set<string>();
    for (const [from, to] of cases) {
      const r = await runVpce([...base(), '--from', from, '--to', to, '--json']);
      const body = JSON.parse(r.stdout) as Body;
      assert.ok(validate(body), `${from} -> ${to}: ${ajv.errorsText(validate.errors)}`);
      assert.equal(body.schemaVersion, 1);
      outcomes.add(body.outcome);
    }
    for (const o of ['delivered', 'deniedByPolicy', 'sourceNotFound', 'noRoute']) assert.ok(outcomes.has(o), `${o} in ${[...outcomes].join(', ')}`);
  });
});
