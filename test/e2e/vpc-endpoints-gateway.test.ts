/** @module Gateway VPC endpoints (S3, DynamoDB) through @aws-sdk/client-ec2: routes, policies, life cycle, errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand,
  CreateTagsCommand, CreateVpcCommand, CreateVpcEndpointCommand, DeleteRouteCommand, DeleteVpcCommand, DeleteVpcEndpointsCommand,
  DescribeRouteTablesCommand, DescribeVpcEndpointsCommand, EC2Client, ModifyVpcEndpointCommand, ReplaceRouteCommand,
  type RouteTable, type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { serveProcess } from './process.js';

let h: Harness;
let ec2: EC2Client;
const ACCOUNT = '333333333333';
const S3 = 'com.amazonaws.us-east-1.s3';
const DDB = 'com.amazonaws.us-east-1.dynamodb';
const S3_PL = 'pl-63a5400a';
const DDB_PL = 'pl-02cd2c6b';
const DEFAULT_POLICY = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
before(async () => { h = await startHarness(); ec2 = h.ec2(ACCOUNT); });
after(async () => { await h.close(); });

let nextCidr = 0;
async function vpc(): Promise<string> {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${nextCidr++}.0.0/16` }))).Vpc!.VpcId!;
}
async function table(vpcId: string): Promise<string> {
  return (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
}
async function rt(id: string, client = ec2): Promise<RouteTable> {
  return (await client.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables![0]!;
}
async function endpoint(id: string, client = ec2): Promise<VpcEndpoint> {
  return (await client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!;
}
async function gateway(vpcId: string, tables: string[], extra: Record<string, unknown> = {}): Promise<VpcEndpoint> {
  return (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: tables, ...extra }))).VpcEndpoint!;
}
function endpointRoutes(t: RouteTable): [string | undefined, string | undefined, string | undefined, string | undefined][] {
  return t.Routes!.filter((r) => r.DestinationPrefixListId !== undefined).map((r) => [r.DestinationPrefixListId, r.GatewayId, r.Origin, r.State]);
}

describe('CreateVpcEndpoint (Gateway)', () => {
  it('defaults to type Gateway, state available, the default full-access policy, and adds pl -> vpce routes (AWS: "Routing for gateway endpoints")', async () => {
    const v = await vpc();
    const a = await table(v);
    const b = await table(v);
    const ep = (await ec2.send(new CreateVpcEndpointCommand({
      VpcId: v, ServiceName: S3, RouteTableIds: [a, b],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 's3-gw' }] }],
    }))).VpcEndpoint!;
    assert.match(ep.VpcEndpointId!, /^vpce-[0-9a-f]{17}$/);
    assert.equal(ep.VpcEndpointType, 'Gateway');
    assert.equal(ep.State, 'available');
    assert.equal(ep.PolicyDocument, DEFAULT_POLICY);
    assert.deepEqual(ep.RouteTableIds, [a, b]);
    assert.deepEqual(ep.SubnetIds, []);
    assert.deepEqual(ep.NetworkInterfaceIds, []);
    assert.deepEqual(ep.DnsEntries, []);
    assert.equal(ep.PrivateDnsEnabled, false);
    assert.equal(ep.RequesterManaged, false);
    assert.equal(ep.IpAddressType, 'ipv4');
    assert.equal(ep.OwnerId, ACCOUNT);
    assert.deepEqual(ep.Tags, [{ Key: 'Name', Value: 's3-gw' }]);
    assert.ok(ep.CreationTimestamp instanceof Date);
    for (const id of [a, b]) assert.deepEqual(endpointRoutes(await rt(id)), [[S3_PL, ep.VpcEndpointId, 'CreateVpcEndpoint', 'active']]);
    const filtered = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.destination-prefix-list-id', Values: [S3_PL] }, { Name: 'vpc-id', Values: [v] }] }));
    assert.deepEqual(filtered.RouteTables!.map((t) => t.RouteTableId).sort(), [a, b].sort());
  });

  it('shows the endpoint route beside 0.0.0.0/0 -> igw and a more specific 54.123.165.0/24 -> igw route (AWS VPC guide route-table examples)', async () => {
    const v = await vpc();
    const t = await table(v);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: v }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: t, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: t, DestinationCidrBlock: '54.123.165.0/24', GatewayId: igw }));
    const ep = await gateway(v, [t]);
    const routes = (await rt(t)).Routes!.map((r) => [r.DestinationCidrBlock ?? r.DestinationPrefixListId, r.GatewayId, r.Origin, r.State]);
    assert.deepEqual(routes, [
      [`10.${nextCidr - 1}.0.0/16`, 'local', 'CreateRouteTable', 'active'],
      ['0.0.0.0/0', igw, 'CreateRoute', 'active'],
      ['54.123.165.0/24', igw, 'CreateRoute', 'active'],
      [S3_PL, ep.VpcEndpointId, 'CreateVpcEndpoint', 'active'],
    ]);
  });

  it('allows one endpoint per service per route table (AWS: "cannot have multiple endpoints to the same service in a single route table") but different services and tables', async () => {
    const v = await vpc();
    const t1 = await table(v);
    const t2 = await table(v);
    await gateway(v, [t1]);
    const err = await rejectsWith(gateway(v, [t2, t1]), 'RouteAlreadyExists');
    assert.equal(err.message, `route table ${t1} already has a route with destination-prefix-list-id ${S3_PL}`);
    assert.deepEqual(endpointRoutes(await rt(t2)), [], 'the failed create left nothing behind');
    const second = await gateway(v, [t2]);
    const ddb = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: DDB, RouteTableIds: [t1], VpcEndpointType: 'Gateway' }))).VpcEndpoint!;
    assert.deepEqual(endpointRoutes(await rt(t1)).map((r) => r[0]), [S3_PL, DDB_PL]);
    assert.equal(ddb.ServiceName, DDB);
    assert.equal(second.State, 'available');
  });

  it('refuses unknown services, services of another Region and types a service lacks (AWS: InvalidServiceName; "Endpoint type (...) does not match available service types")', async () => {
    const v = await vpc();
    const err = await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: 'com.amazonaws.us-east-1.nothing' })), 'InvalidServiceName');
    assert.equal(err.message, "The Vpc Endpoint Service 'com.amazonaws.us-east-1.nothing' does not exist");
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: 'com.amazonaws.eu-west-1.s3' })), 'InvalidServiceName');
    const type = await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: 'com.amazonaws.us-east-1.sqs' })), 'InvalidParameter');
    assert.equal(type.message, 'Endpoint type (Gateway) does not match available service types ([Interface]).');
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, VpcEndpointType: 'Bogus' as never })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, VpcEndpointType: 'ServiceNetwork' })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, ServiceRegion: 'us-west-2' })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-0123456789abcdef0', ServiceName: S3 })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v } as never)), 'MissingParameter');
  });

  it('checks parameters against the type (AWS: "Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.") and route tables against the VPC', async () => {
    const v = await vpc();
    const other = await vpc();
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: v, CidrBlock: `10.${nextCidr - 2}.1.0/24` }))).Subnet!.SubnetId!;
    const e1 = await rejectsWith(gateway(v, [], { SubnetIds: [subnet] }), 'InvalidParameter');
    assert.equal(e1.message, 'Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
    const e2 = await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, VpcEndpointType: 'Interface', RouteTableIds: [await table(v)] })), 'InvalidParameter');
    assert.equal(e2.message, 'Route table IDs are only supported for Gateway type VPC Endpoint.');
    await rejectsWith(gateway(v, [], { SecurityGroupIds: ['sg-0123456789abcdef0'] }), 'InvalidParameter');
    await rejectsWith(gateway(v, [], { PrivateDnsEnabled: true }), 'InvalidParameter');
    await rejectsWith(gateway(v, [await table(other)]), 'InvalidParameter');
    await rejectsWith(gateway(v, ['rtb-0123456789abcdef0']), 'InvalidRouteTableID.NotFound');
  });

  it('validates the policy (AWS: InvalidPolicyDocument, EC2 code; 20,480 characters) and stores it verbatim', async () => {
    const v = await vpc();
    const err = await rejectsWith(gateway(v, [], { PolicyDocument: '{"Version":"2012-10-17","Statement":[' }), 'InvalidPolicyDocument');
    assert.match(err.message, /^The Policy Document is not valid\./);
    const huge = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: Array.from({ length: 800 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }] });
    assert.ok(huge.length > 20480);
    await rejectsWith(gateway(v, [], { PolicyDocument: huge }), 'InvalidPolicyDocument');
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]\n}';
    const ep = await gateway(v, [], { PolicyDocument: doc });
    assert.equal(ep.PolicyDocument, doc);
  });

  it('is idempotent with a ClientToken and refuses the same token with other parameters (AWS: IdempotentParameterMismatch)', async () => {
    const v = await vpc();
    const t = await table(v);
    const first = await ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, RouteTableIds: [t], ClientToken: 'gw-token-1' }));
    assert.equal(first.ClientToken, 'gw-token-1');
    const again = await ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, RouteTableIds: [t], ClientToken: 'gw-token-1' }));
    assert.equal(again.VpcEndpoint!.VpcEndpointId, first.VpcEndpoint!.VpcEndpointId);
    assert.equal(endpointRoutes(await rt(t)).length, 1);
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: DDB, RouteTableIds: [t], ClientToken: 'gw-token-1' })), 'IdempotentParameterMismatch');
  });

  it('answers DryRun with DryRunOperation (412) and creates nothing', async () => {
    const v = await vpc();
    const t = await table(v);
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, RouteTableIds: [t], DryRun: true })), 'DryRunOperation', 412);
    assert.deepEqual(endpointRoutes(await rt(t)), []);
    const list = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [v] }] }));
    assert.deepEqual(list.VpcEndpoints, []);
  });
});

describe('endpoint routes and the route-table APIs', () => {
  it('refuses CreateRoute/ReplaceRoute/DeleteRoute on endpoint routes and AWS-managed lists (AWS: endpoint routes are managed by the endpoint)', async () => {
    const v = await vpc();
    const t = await table(v);
    const other = await table(v);
    const ep = await gateway(v, [t]);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: v }));
    await rejectsWith(ec2.send(new DeleteRouteCommand({ RouteTableId: t, DestinationPrefixListId: S3_PL })), 'InvalidParameter');
    await rejectsWith(ec2.send(new ReplaceRouteCommand({ RouteTableId: t, DestinationPrefixListId: S3_PL, GatewayId: igw })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: other, DestinationPrefixListId: S3_PL, GatewayId: igw })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: other, DestinationCidrBlock: '1.2.3.0/24', GatewayId: ep.VpcEndpointId })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: other, DestinationCidrBlock: '1.2.3.0/24', VpcEndpointId: ep.VpcEndpointId })), 'InvalidParameter');
    assert.deepEqual(endpointRoutes(await rt(t)), [[S3_PL, ep.VpcEndpointId, 'CreateVpcEndpoint', 'active']]);
  });
});

describe('ModifyVpcEndpoint (Gateway)', () => {
  it('adds and removes route tables with their routes, replaces and resets the policy', async () => {
    const v = await vpc();
    const [a, b, c] = [await table(v), await table(v), await table(v)];
    const ep = await gateway(v, [a, b]);
    const id = ep.VpcEndpointId!;
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}';
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddRouteTableIds: [c], RemoveRouteTableIds: [a], PolicyDocument: policy }));
    let now = await endpoint(id);
    assert.deepEqual(now.RouteTableIds, [b, c]);
    assert.equal(now.PolicyDocument, policy);
    assert.deepEqual(endpointRoutes(await rt(a)), []);
    assert.deepEqual(endpointRoutes(await rt(c)), [[S3_PL, id, 'CreateVpcEndpoint', 'active']]);
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, ResetPolicy: true }));
    now = await endpoint(id);
    assert.equal(now.PolicyDocument, DEFAULT_POLICY);
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PolicyDocument: 'not json' })), 'InvalidPolicyDocument');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, ResetPolicy: true, PolicyDocument: policy })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: ['subnet-0123456789abcdef0'] })), 'InvalidParameter');
    // AWS: a second endpoint for the same service cannot take a table that already routes to it.
    const second = await gateway(v, [a]);
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: second.VpcEndpointId, AddRouteTableIds: [b] })), 'RouteAlreadyExists');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpce-0123456789abcdef0', ResetPolicy: true })), 'InvalidVpcEndpointId.NotFound');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpc-123', ResetPolicy: true })), 'InvalidVpcEndpointId.Malformed');
  });
});

describe('DescribeVpcEndpoints and DeleteVpcEndpoints', () => {
  it('filters by every documented filter and pages', async () => {
    const v = await vpc();
    const t = await table(v);
    const s3 = await gateway(v, [t]);
    const ddb = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: DDB, RouteTableIds: [t] }))).VpcEndpoint!;
    await ec2.send(new CreateTagsCommand({ Resources: [ddb.VpcEndpointId!], Tags: [{ Key: 'team', Value: 'data' }] }));
    const ids = async (filters: { Name: string; Values: string[] }[]): Promise<string[]> =>
      (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [v] }, ...filters] }))).VpcEndpoints!.map((e) => e.VpcEndpointId!);
    assert.deepEqual(await ids([]), [s3.VpcEndpointId, ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'service-name', Values: [DDB] }]), [ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-id', Values: [s3.VpcEndpointId!] }]), [s3.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-state', Values: ['available'] }]), [s3.VpcEndpointId, ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'vpc-endpoint-type', Values: ['Interface'] }]), []);
    assert.deepEqual(await ids([{ Name: 'tag:team', Values: ['data'] }]), [ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'tag-key', Values: ['team'] }]), [ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'ip-address-type', Values: ['ipv4'] }]), [s3.VpcEndpointId, ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'service-region', Values: ['us-east-1'] }]), [s3.VpcEndpointId, ddb.VpcEndpointId]);
    assert.deepEqual(await ids([{ Name: 'service-name', Values: ['*dynamo*'] }]), [ddb.VpcEndpointId]);
    await rejectsWith(ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })), 'InvalidParameterValue');
    const page1 = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [v] }], MaxResults: 1 }));
    assert.equal(page1.VpcEndpoints!.length, 1);
    const page2 = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [v] }], MaxResults: 1, NextToken: page1.NextToken }));
    assert.deepEqual([...page1.VpcEndpoints!, ...page2.VpcEndpoints!].map((e) => e.VpcEndpointId), [s3.VpcEndpointId, ddb.VpcEndpointId]);
    assert.equal(page2.NextToken, undefined);
    const err = await rejectsWith(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0123456789abcdef0'] })), 'InvalidVpcEndpointId.NotFound');
    assert.equal(err.message, "The VpcEndpoint Id 'vpce-0123456789abcdef0' does not exist");
  });

  it('deletes endpoints with their routes and reports unknown IDs in Unsuccessful at HTTP 200 (AWS: DeleteVpcEndpoints)', async () => {
    const v = await vpc();
    const t = await table(v);
    const ep = await gateway(v, [t]);
    const out = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ep.VpcEndpointId!, 'vpce-0123456789abcdef0'] }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(out.Unsuccessful, [{ ResourceId: 'vpce-0123456789abcdef0', Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: "The VpcEndpoint Id 'vpce-0123456789abcdef0' does not exist" } }]);
    assert.deepEqual(endpointRoutes(await rt(t)), []);
    await rejectsWith(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ep.VpcEndpointId!] })), 'InvalidVpcEndpointId.NotFound');
  });

  it('blocks DeleteVpc while an endpoint remains (AWS DeleteVpc: DependencyViolation)', async () => {
    const v = await vpc();
    const ep = await gateway(v, []);
    await rejectsWith(ec2.send(new DeleteVpcCommand({ VpcId: v })), 'DependencyViolation');
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ep.VpcEndpointId!] }));
    await ec2.send(new DeleteVpcCommand({ VpcId: v }));
  });

  it('keeps endpoints and their routes across a restart (durable state, real CLI process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-endpoints-'));
    try {
      let server = await serveProcess(dir);
      const client = (url: string): EC2Client => new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1 });
      let c = client(server.url);
      const v = (await c.send(new CreateVpcCommand({ CidrBlock: '10.200.0.0/16' }))).Vpc!.VpcId!;
      const t = (await c.send(new CreateRouteTableCommand({ VpcId: v }))).RouteTable!.RouteTableId!;
      const ep = (await c.send(new CreateVpcEndpointCommand({ VpcId: v, ServiceName: S3, RouteTableIds: [t], TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'k', Value: 'v' }] }] }))).VpcEndpoint!;
      c.destroy();
      await server.stop();
      server = await serveProcess(dir);
      c = client(server.url);
      const after = await endpoint(ep.VpcEndpointId!, c);
      assert.deepEqual([after.State, after.RouteTableIds, after.PolicyDocument, after.Tags], ['available', [t], DEFAULT_POLICY, [{ Key: 'k', Value: 'v' }]]);
      assert.deepEqual(endpointRoutes(await rt(t, c)), [[S3_PL, ep.VpcEndpointId, 'CreateVpcEndpoint', 'active']]);
      c.destroy();
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
