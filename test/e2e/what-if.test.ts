/**
 * @module `vpce what-if` end to end on the seed scenarios: a design built through the SDKs on a server process,
 * then changes applied to a scratch copy of its state (deleting the endpoint's route, tightening a NACL, adding a
 * more specific route, a Terraform plan), each reported as the flows that break or are fixed, with the hop.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import {
  AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand,
  CreateVpcEndpointCommand, DescribeNetworkAclsCommand, DescribeRouteTablesCommand, EC2Client, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CLI, runVpce, serveProcess } from './process.js';

const ACCOUNT = '575757575757';
const REGION = 'us-east-1';
const BUCKET = 'what-if-reports';
const BUCKET_TO = `https://${BUCKET}.s3.${REGION}.amazonaws.com/`;

let state = '';
let vpcId = '';
let mainTable = '';
let lonelyTable = '';
let endpointId = '';
let instance = '';
let isolated = '';
let aclId = '';
let igw = '';
let s3Ip = '';

const creds = { accessKeyId: ACCOUNT, secretAccessKey: 'x' };

before(async () => {
  state = mkdtempSync(join(tmpdir(), 'vpce-what-if-'));
  const server = await serveProcess(state);
  const ec2 = new EC2Client({ endpoint: server.url, region: REGION, credentials: creds });
  const s3 = new S3Client({ endpoint: server.url, region: REGION, credentials: creds, forcePathStyle: true });
  const ddb = new DynamoDBClient({ endpoint: server.url, region: REGION, credentials: creds });
  try {
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.57.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.57.1.0/24' }))).Subnet!.SubnetId!;
    const other = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.57.2.0/24' }))).Subnet!.SubnetId!;
    mainTable = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
    lonelyTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: lonelyTable, SubnetId: other }));
    igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, RouteTableIds: [mainTable] }))).VpcEndpoint!.VpcEndpointId!;
    aclId = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).NetworkAcls![0]!.NetworkAclId!;
    const run = async (s: string): Promise<string> => (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: s }))).Instances![0]!.InstanceId!;
    instance = await run(subnet);
    isolated = await run(other);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await ddb.send(new CreateTableCommand({ TableName: 'orders', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    // The address the bucket's name resolves to, for a route more specific than the prefix list's.
    const ex = await runVpce(['explain', '--endpoint-url', server.url, '--account', ACCOUNT, '--region', REGION, '--from', instance, '--to', `s3://${BUCKET}`, '--json']);
    const dns = (JSON.parse(ex.stdout) as { trace: { steps: { kind: string; decidedBy: { addresses?: string[] } }[] } }).trace.steps.find((s) => s.kind === 'dns')!;
    s3Ip = dns.decidedBy.addresses![0]!;
  } finally {
    ec2.destroy(); s3.destroy(); ddb.destroy();
    await server.stop();
  }
});
after(() => { rmSync(state, { recursive: true, force: true }); });

interface Report {
  applied: { origin: string; operation: string }[];
  skipped: { origin: string; reason: string }[];
  changedVpcs: string[];
  questions: number;
  differences: { from: string; to: string; change: string; before: { allowed: boolean; outcome: string }; after: { allowed: boolean; outcome: string }; hop: { index: number; before?: string; after?: string } }[];
}

async function whatIf(changes: unknown, extra: string[] = []): Promise<{ code: number; report: Report; stderr: string; stdout: string }> {
  const file = join(state, `change-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(changes));
  const r = await runVpce(['what-if', '--state', state, '--change', file, '--json', ...extra]);
  return { code: r.code, report: r.code === 2 ? ({} as Report) : JSON.parse(r.stdout) as Report, stderr: r.stderr, stdout: r.stdout };
}

describe('vpce what-if', () => {
  it('deleting the endpoint route breaks the instance -> bucket flow (exit 1), naming the route-table hop; the table and the isolated subnet are unchanged', async () => {
    const r = await whatIf([{ operation: 'modify-vpc-endpoint', input: { VpcEndpointId: endpointId, RemoveRouteTableIds: [mainTable] } }]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.report.applied, [{ origin: 'changes[0]', operation: 'ModifyVpcEndpoint' }]);
    assert.deepEqual(r.report.changedVpcs, [vpcId]);
    const broken = r.report.differences.filter((d) => d.change === 'broken');
    assert.deepEqual(broken.map((d) => [d.from, d.to]), [[instance, BUCKET_TO]]);
    const d = broken[0]!;
    assert.equal(d.before.allowed, true);
    assert.equal(d.after.allowed, false);
    assert.match(d.hop.before!, new RegExp(`^routeTable ${mainTable}`));
    assert.match(d.hop.after!, new RegExp(`^routeTable ${mainTable}`));
    // Sources are every instance in the VPC and every subnet without one; destinations the bucket and the table.
    assert.ok(r.report.questions >= 4, String(r.report.questions));
  });

  it('the state on disk is never written: the same question again gives the same answer', async () => {
    const change = [{ operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: endpointId, RemoveRouteTableIds: [mainTable] } }];
    assert.equal((await whatIf(change)).code, 1);
    assert.equal((await whatIf(change)).code, 1);
  });

  it('tightening the NACL (deny outbound 443 before the allow-all) breaks the bucket; the table had no path before either (no DynamoDB endpoint, no public IP)', async () => {
    const r = await whatIf([{ command: 'aws ec2 create-network-acl-entry', input: { NetworkAclId: aclId, RuleNumber: 50, Protocol: '6', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } } }]);
    assert.equal(r.code, 1, r.stderr);
    const broken = r.report.differences.filter((d) => d.change === 'broken' && d.from === instance).map((d) => d.to).sort();
    assert.deepEqual(broken, [BUCKET_TO]);
    // It still fails, now earlier (at the NACL instead of for want of a route): reported, but not as broken.
    const table = r.report.differences.find((d) => d.from === instance && d.to === 'dynamodb://orders')!;
    assert.equal(table.change, 'rerouted');
    assert.deepEqual([table.before.allowed, table.after.allowed, table.after.outcome], [false, false, 'deniedByNetworkAcl']);
    for (const d of r.report.differences) assert.match(d.hop.after ?? '', /networkAcl|securityGroup|routeTable|dns|source/);
  });

  it('a more specific route for the bucket address to the internet gateway shadows the endpoint (the instance has no public IP)', async () => {
    const r = await whatIf([{ operation: 'create-route', input: { RouteTableId: mainTable, DestinationCidrBlock: `${s3Ip}/32`, GatewayId: igw } }]);
    assert.equal(r.code, 1, r.stderr);
    const d = r.report.differences.find((x) => x.from === instance && x.to === BUCKET_TO)!;
    assert.equal(d.change, 'broken');
    assert.equal(d.after.outcome, 'noPublicIp');
    assert.match(d.hop.after!, new RegExp(`${s3Ip}/32`));
  });

  it('adding the endpoint to the isolated subnet table fixes its flow (exit 0)', async () => {
    const r = await whatIf([{ operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: endpointId, AddRouteTableIds: [lonelyTable] } }]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.report.differences.map((d) => [d.from, d.to, d.change]), [[isolated, BUCKET_TO, 'fixed']]);
  });

  it('a change that moves no flow reports none', async () => {
    const r = await whatIf([{ operation: 'create-tags', input: { Resources: [vpcId], Tags: [{ Key: 'team', Value: 'data' }] } }]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.report.differences, []);
    const text = await runVpce(['what-if', '--state', state, '--change', join(state, 'none.json')]);
    assert.equal(text.code, 2);
  });

  it('a Terraform plan: the association delete is applied, an unmodelled type and a value known only after apply are skipped with why', async () => {
    const plan = {
      format_version: '1.2', terraform_version: '1.11.0',
      resource_changes: [
        { address: 'aws_vpc_endpoint_route_table_association.main', mode: 'managed', type: 'aws_vpc_endpoint_route_table_association', change: { actions: ['delete'], before: { id: 'a-1', vpc_endpoint_id: endpointId, route_table_id: mainTable }, after: null } },
        { address: 'aws_instance.web', mode: 'managed', type: 'aws_instance', change: { actions: ['create'], before: null, after: { ami: 'ami-1' }, after_unknown: { id: true } } },
        { address: 'aws_route.via_nat', mode: 'managed', type: 'aws_route', change: { actions: ['create'], before: null, after: { route_table_id: mainTable, destination_cidr_block: '0.0.0.0/0' }, after_unknown: { id: true, nat_gateway_id: true } } },
        { address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', change: { actions: ['no-op'], before: {}, after: {} } },
      ],
    };
    const r = await whatIf(plan);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.report.applied, [{ origin: 'aws_vpc_endpoint_route_table_association.main', operation: 'ModifyVpcEndpoint' }]);
    assert.deepEqual(r.report.skipped.map((s) => s.origin), ['aws_instance.web', 'aws_route.via_nat']);
    assert.match(r.report.skipped[0]!.reason, /does not apply aws_instance/);
    assert.match(r.report.skipped[1]!.reason, /depends on nat_gateway_id, known only after apply/);
  });

  it('a call AWS would refuse is exit 2 with its error code; so are unknown members and operations', async () => {
    const refused = await whatIf([{ operation: 'delete-route', input: { RouteTableId: mainTable, DestinationCidrBlock: '192.0.2.0/24' } }]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /changes\[0\] \(DeleteRoute\) was refused, as AWS would refuse it: InvalidRoute\.NotFound/);
    const member = await whatIf([{ operation: 'create-route', input: { RouteTableId: mainTable, Destination: '0.0.0.0/0' } }]);
    assert.equal(member.code, 2);
    assert.match(member.stderr, /Destination is not a member of CreateRouteRequest/);
    const missing = await whatIf([{ operation: 'create-route', input: { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw } }]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /MissingParameter/);
    const op = await whatIf([{ operation: 'launch the missiles' }]);
    assert.equal(op.code, 2);
    assert.match(op.stderr, /is not an EC2 operation name/);
    const notEc2 = await whatIf([{ operation: 'CreateBucket' }]);
    assert.equal(notEc2.code, 2);
    assert.match(notEc2.stderr, /CreateBucket is not an EC2 operation/);
  });

  it('reads the change from stdin with --change - and prints a readable report', async () => {
    const child = spawn(process.execPath, [CLI, 'what-if', '--state', state, '--change', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stdin.end(JSON.stringify([{ operation: 'modify-vpc-endpoint', input: { VpcEndpointId: endpointId, RemoveRouteTableIds: [mainTable] } }]));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`BROKEN: ${instance} -> ${BUCKET_TO.replace(/\./g, '\\.')}`));
    assert.match(stdout, /before: ALLOWED \(delivered\)/);
    assert.match(stdout, /hop \d+: routeTable/);
  });
});
