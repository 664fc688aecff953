/** @module `vpce explain --from` with subnet, internet and Direct Connect sources, end to end through the CLI as a child process. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachInternetGatewayCommand, AttachVpnGatewayCommand, AuthorizeSecurityGroupIngressCommand, CreateInternetGatewayCommand, CreateRouteCommand,
  CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, CreateVpnGatewayCommand,
  DescribeInstancesCommand, DescribeRouteTablesCommand, EC2Client, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { runVpce } from './process.js';

const ACCOUNT = '444444444455';
const REGION = 'us-east-1';

const vpce = (args: string[]) => runVpce(args);

let h: Harness;
let ec2: EC2Client;
let subnet = '';
let vgw = '';
let publicIp = '';
let privateIp = '';

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT, REGION);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24' }))).Subnet!.SubnetId!;
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, RouteTableIds: [main] }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
  await ec2.send(new AttachVpnGatewayCommand({ VpcId: vpcId, VpnGatewayId: vgw }));
  const web = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpcId }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  const inst = (await ec2.send(new RunInstancesCommand({
    ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1,
    NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet, Groups: [web], AssociatePublicIpAddress: true }],
  }))).Instances![0]!;
  privateIp = inst.PrivateIpAddress!;
  publicIp = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.InstanceId!] }))).Reservations![0]!.Instances![0]!.PublicIpAddress!;
});
after(async () => { await h.close(); });

const base = (): string[] => ['explain', '--endpoint-url', h.url, '--account', ACCOUNT, '--region', REGION];

describe('vpce explain --from sources', () => {
  it('a subnet source reaches S3 through the gateway endpoint by name (exit 0)', async () => {
    const r = await vpce([...base(), '--from', subnet, '--to', 's3://reports/q3.csv']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    for (const word of ['dns', 'source', 'vpcEndpoint', 'ALLOWED']) assert.ok(r.stdout.includes(word), `${word} in\n${r.stdout}`);
  });

  it('the internet reaches the public IP on 443 (exit 0), not the private IP (exit 1)', async () => {
    const ok = await vpce([...base(), '--from', 'internet@203.0.113.7', '--to', `${publicIp}:443/tcp`, '--json']);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const body = JSON.parse(ok.stdout) as { trace: { flow: { sourceIp?: string }; context?: { sourceAddress: string } } };
    assert.equal(body.trace.flow.sourceIp, '203.0.113.7');
    assert.equal(body.trace.context?.sourceAddress, '203.0.113.7');
    const no = await vpce([...base(), '--from', 'internet', '--to', `${privateIp}:443/tcp`]);
    assert.equal(no.code, 1);
    assert.match(no.stdout, /IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS/);
  });

  it('Direct Connect (dx-vgw-...@ip) to S3 is refused by the gateway endpoint (exit 1), named in the notes', async () => {
    const r = await vpce([...base(), '--from', `dx-${vgw}@192.168.10.5`, '--to', '54.231.1.1:443/tcp', '--json']);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const body = JSON.parse(r.stdout) as { outcome: string; trace: { steps: { note: string }[] } };
    assert.equal(body.outcome, 'droppedAtGateway');
    assert.ok(body.trace.steps.some((s) => s.note.includes('Direct Connect')), JSON.stringify(body.trace.steps));
  });
});
