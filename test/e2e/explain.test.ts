/** @module `vpce explain` and `POST /_vpce/explain` end to end: an S3 gateway endpoint built through @aws-sdk/client-ec2, traced by the CLI as a child process. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssociateRouteTableCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
  DescribeRouteTablesCommand, EC2Client, ModifyVpcEndpointCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { runVpce, serveProcess } from './process.js';

const ACCOUNT = '444444444444';
const REGION = 'us-east-1';

const vpce = (args: string[]) => runVpce(args);

let h: Harness;
let ec2: EC2Client;
let instance = '';
let isolated = '';
let endpointId = '';

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT, REGION);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  const priv = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.1.0/24' }))).Subnet!.SubnetId!;
  const other = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.2.0/24' }))).Subnet!.SubnetId!;
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  // The isolated subnet gets its own table with only the local route: no way to S3.
  const lonely = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: lonely, SubnetId: other }));
  endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, RouteTableIds: [main] }))).VpcEndpoint!.VpcEndpointId!;
  instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: priv }))).Instances![0]!.InstanceId!;
  isolated = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: other }))).Instances![0]!.InstanceId!;
});
after(async () => { await h.close(); });

const base = (): string[] => ['explain', '--endpoint-url', h.url, '--account', ACCOUNT, '--region', REGION];

interface Body {
  outcome: string; delivered: boolean; allowed: boolean;
  trace: { disposition: { kind: string; policy?: string; to?: { vpcEndpointId?: string } }; steps: { kind: string; verdict: string }[]; policy?: { decision: { decision: string } } };
}

describe('vpce explain', () => {
  it('delivers s3://bucket/key via the gateway endpoint with the default endpoint policy allowing (exit 0)', async () => {
    const r = await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const b = JSON.parse(r.stdout) as Body;
    assert.equal(b.outcome, 'delivered');
    assert.equal(b.allowed, true);
    assert.equal(b.trace.disposition.to?.vpcEndpointId, endpointId);
    assert.equal(b.trace.policy?.decision.decision, 'Allow');
    assert.ok(b.trace.steps.some((s) => s.kind === 'vpcEndpoint'));
  });

  it('prints a readable hop table naming the steps', async () => {
    const r = await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv']);
    assert.equal(r.code, 0, r.stderr);
    for (const word of ['STEP', 'RESOURCE', 'DECISION', 'dns', 'securityGroup', 'routeTable', 'vpcEndpoint', 'policy', endpointId, 'ALLOWED']) assert.ok(r.stdout.includes(word), `${word} in\n${r.stdout}`);
  });

  it('POST /_vpce/explain returns the same JSON', async () => {
    const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ from: instance, to: 's3://reports/q3.csv', account: ACCOUNT, region: REGION }) });
    assert.equal(res.status, 200);
    const direct = await res.json() as Body;
    const cli = JSON.parse((await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv', '--json'])).stdout) as Body;
    assert.deepEqual(direct, cli);
    const bad = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: '{"from":"i-1"}' });
    assert.equal(bad.status, 400);
  });

  it('an endpoint policy allowing only another bucket: exit 1, deniedByPolicy naming the endpoint policy statement', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyOtherBucket', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] }] });
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: policy }));
    try {
      const r = await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv', '--json']);
      assert.equal(r.code, 1);
      const b = JSON.parse(r.stdout) as Body;
      assert.equal(b.trace.disposition.kind, 'deniedByPolicy');
      assert.match(b.trace.disposition.policy ?? '', new RegExp(`endpoint policy ${endpointId}`));
      const ok = await vpce([...base(), '--from', instance, '--to', 's3://other/x', '--json']);
      assert.equal(ok.code, 0);
      const table = await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv']);
      assert.equal(table.code, 1);
      assert.match(table.stdout, /NOT ALLOWED \(deniedByPolicy/);
    } finally {
      await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, ResetPolicy: true }));
    }
  });

  it('a subnet without a route to S3: exit 1 with the no-route disposition', async () => {
    const r = await vpce([...base(), '--from', isolated, '--to', 's3://reports/q3.csv', '--json']);
    assert.equal(r.code, 1);
    const b = JSON.parse(r.stdout) as Body;
    assert.equal(b.trace.disposition.kind, 'noRoute');
  });

  it('bad input exits 2: unparseable --to, unknown instance, no server', async () => {
    const bad = await vpce([...base(), '--from', instance, '--to', 'ftp://nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot parse --to/);
    const unknown = await vpce([...base(), '--from', 'i-0123456789abcdef0', '--to', 's3://reports/q3.csv']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no instance or network interface/);
    const down = await vpce(['explain', '--endpoint-url', 'http://127.0.0.1:1', '--from', instance, '--to', 's3://b/k']);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /is `vpce serve` running at http:\/\/127\.0\.0\.1:1/);
    const missing = await vpce(['explain', '--to', 's3://b/k']);
    assert.equal(missing.code, 2);
  });

  it('--resource-policy: the aws:SourceIp office-range trap denies through the endpoint (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-explain-'));
    try {
      const file = join(dir, 'bucket.json');
      writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OfficeOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] }));
      const r = await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv', '--resource-policy', file, '--json']);
      assert.equal(r.code, 1, r.stderr);
      const b = JSON.parse(r.stdout) as Body;
      assert.equal(b.trace.disposition.kind, 'deniedByPolicy');
      assert.match(b.trace.disposition.policy ?? '', /resource policy statement 0 "OfficeOnly"/);
      const missing = await vpce([...base(), '--from', instance, '--to', 's3://reports/q3.csv', '--resource-policy', join(dir, 'nope.json')]);
      assert.equal(missing.code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an IP destination inside the VPC is traced without a policy hop', async () => {
    const r = await vpce([...base(), '--from', instance, '--to', '10.40.2.9:5432/tcp', '--json']);
    const b = JSON.parse(r.stdout) as Body;
    assert.equal(b.trace.policy, undefined);
    assert.equal(r.code, b.delivered ? 0 : 1);
  });
});

describe('vpce explain against `vpce serve` (a real server process)', () => {
  it('traces through the gateway endpoint and allows (exit 0), account from AWS_ACCESS_KEY_ID', async () => {
    const server = await serveProcess('memory');
    const client = new EC2Client({ endpoint: server.url, region: REGION, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
      const subnet = (await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24' }))).Subnet!.SubnetId!;
      const main = (await client.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
      const ep = (await client.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, RouteTableIds: [main] }))).VpcEndpoint!.VpcEndpointId!;
      const id = (await client.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnet }))).Instances![0]!.InstanceId!;
      const r = await runVpce(['explain', '--from', id, '--to', 's3://reports/q3.csv', '--json'], { ...process.env, VPCE_ENDPOINT_URL: server.url, AWS_ACCESS_KEY_ID: ACCOUNT, AWS_REGION: REGION });
      assert.equal(r.code, 0, r.stderr);
      const b = JSON.parse(r.stdout) as Body;
      assert.equal(b.trace.disposition.to?.vpcEndpointId, ep);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});
