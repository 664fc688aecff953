/**
 * @module VPCE017 on networks built through @aws-sdk/client-ec2: AWS ("Gateway endpoints for Amazon S3"): a gateway
 * endpoint serves only the buckets of its own Region; a bucket elsewhere is reached through a NAT gateway or not at all.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateNatGatewayCommand,
  CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, DescribeRouteTablesCommand, EC2Client,
} from '@aws-sdk/client-ec2';
import { RULES } from '../../src/lint/registry.js';
import { runLint } from '../../src/lint/run.js';
import type { LintBucket } from '../../src/lint/types.js';
import { startHarness, type Harness } from './harness.js';

const ACCOUNT = '171717171717';
const OTHER = '181818181818';
const R = 'us-east-1';

let h: Harness;
let privateEndpoint = '';
let natEndpoint = '';
let natId = '';

async function vpcWithEndpoint(ec2: EC2Client, cidr: string): Promise<{ vpcId: string; subnet: string; table: string; endpoint: string }> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace('.0.0/16', '.1.0/24') }))).Subnet!.SubnetId!;
  const table = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  const endpoint = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${R}.s3`, RouteTableIds: [table] }))).VpcEndpoint!.VpcEndpointId!;
  return { vpcId, subnet, table, endpoint };
}

before(async () => {
  h = await startHarness();
  const ec2 = h.ec2(ACCOUNT, R);
  privateEndpoint = (await vpcWithEndpoint(ec2, '10.71.0.0/16')).endpoint;
  // A second VPC whose private subnet sends everything else to a NAT gateway in a public subnet.
  const n = await vpcWithEndpoint(ec2, '10.72.0.0/16');
  natEndpoint = n.endpoint;
  const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: n.vpcId, CidrBlock: '10.72.2.0/24' }))).Subnet!.SubnetId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: n.vpcId }));
  const pubTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: n.vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: pubTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: pubTable, SubnetId: pub }));
  const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  natId = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: eip }))).NatGateway!.NatGatewayId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: n.table, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId }));
});
after(async () => { await h.close(); });

const lint = (buckets: LintBucket[]) => runLint({ world: h.world, buckets, rules: RULES.filter((r) => r.info.id === 'VPCE017') });

describe('VPCE017: a bucket in another Region is not served by the gateway endpoint', () => {
  it('fires for the account\'s eu-west-1 bucket: the private subnet cannot reach it, the NAT subnet reaches it through the NAT gateway', () => {
    const r = lint([{ name: 'eu-archive', owner: ACCOUNT, region: 'eu-west-1', policy: null }]);
    const byEndpoint = new Map(r.findings.map((f) => [f.resources[0]!.id, f]));
    assert.deepEqual([...byEndpoint.keys()].sort(), [natEndpoint, privateEndpoint].sort());
    const priv = byEndpoint.get(privateEndpoint)!;
    assert.match(priv.message, /cannot reach it at all/);
    assert.equal(priv.severity, 'warning');
    const viaNat = byEndpoint.get(natEndpoint)!;
    assert.match(viaNat.message, new RegExp(`through NAT gateway ${natId}`));
    for (const f of r.findings) {
      const proof = f.proof[0]!;
      assert.equal(proof.kind, 'trace');
      assert.match((proof as { question: string }).question, /eu-archive\.s3\.eu-west-1\.amazonaws\.com:443/);
    }
  });

  it('stays silent for a bucket in the endpoint\'s own Region and for another account\'s bucket', () => {
    assert.deepEqual(lint([
      { name: 'local-data', owner: ACCOUNT, region: R, policy: null },
      { name: 'their-archive', owner: OTHER, region: 'eu-west-1', policy: null },
    ]).findings, []);
  });
});
