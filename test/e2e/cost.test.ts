/**
 * @module `vpce cost` end to end: a design built through @aws-sdk/client-ec2 on a server process, then priced from
 * its state folder for a stated volume and for flow log records. AWS pricing (VPC and PrivateLink pricing pages):
 * NAT gateways charge per hour and per GB processed, interface endpoints per AZ-hour and per GB, gateway
 * endpoints nothing, and data between Availability Zones is charged on each side.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllocateAddressCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateNatGatewayCommand,
  CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, DescribeNetworkInterfacesCommand,
  DescribeInstancesCommand, EC2Client, ModifyVpcAttributeCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { runVpce, serveProcess } from './process.js';

const ACCOUNT = '565656565656';
const REGION = 'us-east-1';

let state = '';
let instance = '';
let instanceEni = '';
let instanceIp = '';
let natId = '';
let privateTable = '';
let vpcId = '';
let interfaceEndpoint = '';
let endpointEniIp = '';
let subnetB = '';

async function withServer(fn: (ec2: EC2Client) => Promise<void>): Promise<void> {
  const server = await serveProcess(state);
  const ec2 = new EC2Client({ endpoint: server.url, region: REGION, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' } });
  try { await fn(ec2); } finally { ec2.destroy(); await server.stop(); }
}

interface Report {
  basis: string;
  fixed: { resourceId: string; kind: string; units: number; monthly: number }[];
  traffic: { sample: { source: string; destination: { ip?: string; name?: string } }; path: string; via?: string; gb: number; processing: number; crossAz: number; total: number; gatewayEndpointSaving?: number }[];
  totals: { fixed: number; traffic: number; total: number; gatewayEndpointSaving: number };
  unpricedRegions: string[];
  prices: { date: string; sources: string[] };
}

async function cost(args: string[]): Promise<Report> {
  const r = await runVpce(['cost', '--state', state, '--json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

before(async () => {
  state = mkdtempSync(join(tmpdir(), 'vpce-cost-'));
  await withServer(async (ec2) => {
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.56.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const subnetA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.56.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
    subnetB = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.56.2.0/24', AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const publicTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: subnetB }));
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    // The NAT gateway sits in zone b; the instance in zone a, so its traffic crosses zones to reach it.
    natId = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetB, AllocationId: eip }))).NatGateway!.NatGatewayId!;
    privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: privateTable, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable, SubnetId: subnetA }));
    instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnetA }))).Instances![0]!.InstanceId!;
    const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance] }))).Reservations![0]!.Instances![0]!;
    instanceEni = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    instanceIp = inst.PrivateIpAddress!;
  });
});
after(() => { rmSync(state, { recursive: true, force: true }); });

describe('vpce cost', () => {
  it('a stated volume through a NAT gateway in another zone: hourly charge, processing, cross-AZ, and what a gateway endpoint saves', async () => {
    const r = await cost(['--volume-gb', '100']);
    assert.deepEqual(r.fixed.map((f) => [f.resourceId, f.kind, f.monthly]), [[natId, 'natGateway', 32.85]]);
    assert.equal(r.traffic.length, 2);
    for (const t of r.traffic) {
      assert.equal(t.sample.source, instance);
      assert.equal(t.path, 'natGateway');
      assert.equal(t.via, natId);
      assert.equal(t.processing, 4.5);
      assert.equal(t.crossAz, 2);
      assert.equal(t.gatewayEndpointSaving, 6.5);
    }
    assert.deepEqual(r.totals, { fixed: 32.85, traffic: 13, total: 45.85, gatewayEndpointSaving: 13 });
    assert.ok(r.prices.sources.some((s) => s.startsWith('https://aws.amazon.com/vpc/pricing/')));
  });

  it('--services narrows the stated volume; the text report names the saving', async () => {
    const r = await cost(['--volume-gb', '10', '--services', 's3']);
    assert.deepEqual(r.traffic.map((t) => t.sample.destination.name), [`s3.${REGION}.amazonaws.com`]);
    const text = await runVpce(['cost', '--state', state, '--volume-gb', '10']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`${natId}\\s+natGateway\\s+\\$32\\.85`));
    assert.match(text.stdout, /gateway endpoints for S3\/DynamoDB traffic would save \$1\.30/);
  });

  it('with an S3 gateway endpoint on the private route table, S3 traffic is free and DynamoDB still pays the NAT gateway', async () => {
    await withServer(async (ec2) => {
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, RouteTableIds: [privateTable] }));
    });
    const r = await cost(['--volume-gb', '100']);
    const s3 = r.traffic.find((t) => t.sample.destination.name?.startsWith('s3.'))!;
    const ddb = r.traffic.find((t) => t.sample.destination.name?.startsWith('dynamodb.'))!;
    assert.equal(s3.path, 'gatewayEndpoint');
    assert.equal(s3.total, 0);
    assert.equal(ddb.path, 'natGateway');
    assert.ok(r.fixed.some((f) => f.kind === 'gatewayEndpoint' && f.monthly === 0));
  });

  it('an interface endpoint is charged per AZ-hour, and flow log bytes to its interface per GB with the zone crossing', async () => {
    await withServer(async (ec2) => {
      const ep = (await ec2.send(new CreateVpcEndpointCommand({
        VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${REGION}.sqs`, SubnetIds: [subnetB], PrivateDnsEnabled: false,
      }))).VpcEndpoint!;
      interfaceEndpoint = ep.VpcEndpointId!;
      const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ep.NetworkInterfaceIds! }))).NetworkInterfaces!;
      endpointEniIp = enis[0]!.PrivateIpAddress!;
    });
    const logs = join(state, 'flow-test');
    mkdirSync(logs, { recursive: true });
    const gb = 1024 ** 3;
    // Default format v2: version account eni src dst srcport dstport protocol packets bytes start end action status.
    writeFileSync(join(logs, `${vpcId}.log`), [
      `2 ${ACCOUNT} ${instanceEni} ${instanceIp} ${endpointEniIp} 50000 443 6 10 ${3 * gb} 1700000000 1700000060 ACCEPT OK`,
      `2 ${ACCOUNT} ${instanceEni} ${endpointEniIp} ${instanceIp} 443 50000 6 10 ${2 * gb} 1700000000 1700000060 ACCEPT OK`,
      `2 ${ACCOUNT} ${instanceEni} ${instanceIp} ${endpointEniIp} 50001 443 6 10 ${7 * gb} 1700000000 1700000060 REJECT OK`,
      'not a flow log line',
    ].join('\n'));
    const r = await cost(['--flow-logs', logs]);
    const ep = r.fixed.find((f) => f.resourceId === interfaceEndpoint)!;
    assert.deepEqual([ep.kind, ep.units, ep.monthly], ['interfaceEndpoint', 1, 7.3]);
    assert.equal(r.traffic.length, 1);
    const t = r.traffic[0]!;
    assert.equal(t.path, 'interfaceEndpoint');
    assert.equal(t.via, interfaceEndpoint);
    assert.equal(t.gb, 5);
    assert.equal(t.processing, 0.05);
    assert.equal(t.crossAz, 0.1);
    assert.equal(t.gatewayEndpointSaving, undefined);
    assert.match(r.basis, /2 accepted flow log records/);
  });

  it('Regions without prices are listed, and --prices supplies them', async () => {
    const file = join(state, 'prices.json');
    writeFileSync(file, JSON.stringify({ date: '2026-01-01', currency: 'USD', sources: ['my contract'], regions: { 'us-east-1': { natGatewayHour: 0.1, natGatewayGb: 0, interfaceEndpointAzHour: 0, interfaceEndpointGb: 0, crossAzGbEachWay: 0 } } }));
    const r = await cost(['--prices', file]);
    assert.equal(r.fixed.find((f) => f.kind === 'natGateway')!.monthly, 73);
    assert.deepEqual(r.prices, { date: '2026-01-01', sources: ['my contract'] });
    writeFileSync(file, JSON.stringify({ date: '2026-01-01', currency: 'USD', sources: [], regions: {} }));
    assert.deepEqual((await cost(['--prices', file])).unpricedRegions, [REGION]);
  });

  it('bad input is exit 2 with what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['--volume-gb', '-1'], /--volume-gb must be a number of gigabytes/],
      [['--volume-gb', '1', '--services', 'sqs'], /--services takes s3 and dynamodb/],
      [['--account', '12'], /12-digit account id/],
      [['--prices', join(state, 'missing.json')], /cannot read --prices/],
    ];
    for (const [args, message] of cases) {
      const r = await runVpce(['cost', '--state', state, ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    const bad = join(state, 'bad-prices.json');
    writeFileSync(bad, JSON.stringify({ date: 'x', currency: 'USD', sources: [], regions: { 'us-east-1': { natGatewayHour: -1 } } }));
    const r = await runVpce(['cost', '--state', state, '--prices', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /regions\.us-east-1\.natGatewayHour must be a number of dollars/);
    const none = await runVpce(['cost', '--state', join(state, 'nowhere')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no vpce state in .*pass --state/);
  });

  it('a state in use by a running server is refused with how to proceed', async () => {
    const server = await serveProcess(state);
    try {
      const r = await runVpce(['cost', '--state', state]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /stop it first/);
    } finally { await server.stop(); }
  });
});
