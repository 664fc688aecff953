/** @module Route tables and routes through @aws-sdk/client-ec2: associations, targets, blackholes, local routes. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateRouteTableCommand, AssociateVpcCidrBlockCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand,
  CreateManagedPrefixListCommand, CreateNetworkInterfaceCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand,
  CreateVpcCommand, DeleteNetworkInterfaceCommand, DeleteRouteCommand, DeleteRouteTableCommand, DescribeRouteTablesCommand,
  DetachInternetGatewayCommand, DisassociateRouteTableCommand, ReplaceRouteCommand, ReplaceRouteTableAssociationCommand,
  RunInstancesCommand, TerminateInstancesCommand, type EC2Client, type RouteTable,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import type { RouteTable as ModelRouteTable } from '../../src/model/resources.js';

let h: Harness;
let ec2: EC2Client;
const ACCOUNT = '222222222222';
before(async () => { h = await startHarness(); ec2 = h.ec2(ACCOUNT); });
after(async () => { await h.close(); });

async function vpc(cidr: string): Promise<string> {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
}
async function subnet(vpcId: string, cidr: string): Promise<string> {
  return (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet!.SubnetId!;
}
async function table(vpcId: string): Promise<string> {
  return (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
}
async function get(id: string): Promise<RouteTable> {
  return (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables![0]!;
}
async function mainOf(vpcId: string): Promise<RouteTable> {
  const r = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
  assert.equal(r.RouteTables?.length, 1);
  return r.RouteTables![0]!;
}
async function attachedIgw(vpcId: string): Promise<string> {
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  return igw;
}

describe('CreateRouteTable and DeleteRouteTable', () => {
  it('creates a table with an immutable local route per VPC CIDR block (AWS: local route per CIDR), tags and ClientToken', async () => {
    const vpcId = await vpc('10.10.0.0/16');
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '10.11.0.0/16' }));
    const made = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, ClientToken: 'tok-1', TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'private' }] }] }));
    const rt = made.RouteTable!;
    assert.match(rt.RouteTableId!, /^rtb-[0-9a-f]{17}$/);
    assert.equal(rt.OwnerId, ACCOUNT);
    assert.deepEqual(rt.Tags, [{ Key: 'Name', Value: 'private' }]);
    assert.deepEqual(rt.Associations, []);
    assert.deepEqual(rt.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.Origin, r.State]),
      [['10.10.0.0/16', 'local', 'CreateRouteTable', 'active'], ['10.11.0.0/16', 'local', 'CreateRouteTable', 'active']]);
    const again = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, ClientToken: 'tok-1', TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'private' }] }] }));
    assert.equal(again.RouteTable!.RouteTableId, rt.RouteTableId);
    await rejectsWith(ec2.send(new CreateRouteTableCommand({ VpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ['rtb-0123456789abcdef0'] })), 'InvalidRouteTableID.NotFound');
    await rejectsWith(ec2.send(new DeleteRouteTableCommand({ RouteTableId: 'rtb-0123456789abcdef0' })), 'InvalidRouteTableID.NotFound');
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: rt.RouteTableId }));
    await rejectsWith(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt.RouteTableId!] })), 'InvalidRouteTableID.NotFound');
  });

  it('refuses to delete the main table or a table with subnet associations (AWS: DependencyViolation)', async () => {
    const vpcId = await vpc('10.12.0.0/16');
    const main = await mainOf(vpcId);
    await rejectsWith(ec2.send(new DeleteRouteTableCommand({ RouteTableId: main.RouteTableId })), 'DependencyViolation');
    const rt = await table(vpcId);
    const sub = await subnet(vpcId, '10.12.1.0/24');
    const { AssociationId } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: sub }));
    const err = await rejectsWith(ec2.send(new DeleteRouteTableCommand({ RouteTableId: rt })), 'DependencyViolation');
    assert.equal(err.message, `The routeTable '${rt}' has dependencies and cannot be deleted.`);
    await ec2.send(new DisassociateRouteTableCommand({ AssociationId }));
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: rt }));
  });

  it('answers DryRunOperation without creating anything', async () => {
    const vpcId = await vpc('10.13.0.0/16');
    await rejectsWith(ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, DryRun: true })), 'DryRunOperation', 412);
    const r = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.equal(r.RouteTables?.length, 1);
  });
});

describe('associations', () => {
  it('associates a subnet once (AWS: one explicit association per subnet, Resource.AlreadyAssociated)', async () => {
    const vpcId = await vpc('10.20.0.0/16');
    const sub = await subnet(vpcId, '10.20.1.0/24');
    const a = await table(vpcId);
    const b = await table(vpcId);
    const res = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: a, SubnetId: sub }));
    assert.match(res.AssociationId!, /^rtbassoc-[0-9a-f]{17}$/);
    assert.equal(res.AssociationState?.State, 'associated');
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: b, SubnetId: sub })), 'Resource.AlreadyAssociated');
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: a, SubnetId: sub })), 'Resource.AlreadyAssociated');
    const t = await get(a);
    assert.deepEqual(t.Associations!.map((x) => [x.SubnetId, x.Main, x.RouteTableId, x.AssociationState?.State]), [[sub, false, a, 'associated']]);
    const bySubnet = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [sub] }] }));
    assert.deepEqual(bySubnet.RouteTables!.map((x) => x.RouteTableId), [a]);
    const byAssoc = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.route-table-association-id', Values: [res.AssociationId!] }] }));
    assert.deepEqual(byAssoc.RouteTables!.map((x) => x.RouteTableId), [a]);
    const notMain = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['false'] }] }));
    assert.deepEqual(new Set(notMain.RouteTables!.map((x) => x.RouteTableId)), new Set([a, b]));
    // ReplaceRouteTableAssociation moves the subnet to table b with a new association ID.
    const moved = await ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: res.AssociationId, RouteTableId: b }));
    assert.notEqual(moved.NewAssociationId, res.AssociationId);
    assert.deepEqual((await get(b)).Associations!.map((x) => x.SubnetId), [sub]);
    assert.deepEqual((await get(a)).Associations, []);
  });

  it('rejects a subnet of another VPC, unknown association IDs, and both or neither of SubnetId/GatewayId', async () => {
    const v1 = await vpc('10.21.0.0/16');
    const v2 = await vpc('10.22.0.0/16');
    const other = await subnet(v2, '10.22.1.0/24');
    const rt = await table(v1);
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: other })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: 'subnet-0123456789abcdef0' })), 'InvalidSubnetID.NotFound');
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt })), 'MissingParameter');
    const igw = await attachedIgw(v1);
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: other, GatewayId: igw })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new DisassociateRouteTableCommand({ AssociationId: 'rtbassoc-0123456789abcdef0' })), 'InvalidAssociationID.NotFound');
    await rejectsWith(ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: 'rtbassoc-0123456789abcdef0', RouteTableId: rt })), 'InvalidAssociationID.NotFound');
  });

  it('associates an attached gateway (edge association) once; an unknown gateway is InvalidGatewayID.NotFound', async () => {
    const vpcId = await vpc('10.23.0.0/16');
    const rt = await table(vpcId);
    const rt2 = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, GatewayId: igw }));
    const byGw = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.gateway-id', Values: [igw] }] }));
    assert.deepEqual(byGw.RouteTables!.map((x) => x.RouteTableId), [rt]);
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt2, GatewayId: igw })), 'Resource.AlreadyAssociated');
    await rejectsWith(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt2, GatewayId: 'igw-0123456789abcdef0' })), 'InvalidGatewayID.NotFound');
  });

  it('never disassociates the main table, but ReplaceRouteTableAssociation moves the main association (AWS: "Replace the main route table")', async () => {
    const vpcId = await vpc('10.24.0.0/16');
    const main = await mainOf(vpcId);
    const mainAssoc = main.Associations!.find((a) => a.Main)!.RouteTableAssociationId!;
    await rejectsWith(ec2.send(new DisassociateRouteTableCommand({ AssociationId: mainAssoc })), 'InvalidParameterValue');
    const next = await table(vpcId);
    const res = await ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: mainAssoc, RouteTableId: next }));
    const now = await mainOf(vpcId);
    assert.equal(now.RouteTableId, next);
    assert.equal(now.Associations!.find((a) => a.Main)?.RouteTableAssociationId, res.NewAssociationId);
    // The old main table is an ordinary table now, so it can be deleted.
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: main.RouteTableId }));
    const other = await table(await vpc('10.25.0.0/16'));
    await rejectsWith(ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: res.NewAssociationId, RouteTableId: other })), 'InvalidParameterValue');
  });
});

describe('CreateRoute, ReplaceRoute, DeleteRoute', () => {
  it('routes to an attached internet gateway; an unattached one belongs to different networks (InvalidParameterValue)', async () => {
    const vpcId = await vpc('10.30.0.0/16');
    const rt = await table(vpcId);
    const loose = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const err = await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: loose })), 'InvalidParameterValue');
    assert.equal(err.message, `route table ${rt} and network gateway ${loose} belong to different networks`);
    const igw = await attachedIgw(vpcId);
    const ok = await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    assert.equal(ok.Return, true);
    const route = (await get(rt)).Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!;
    assert.deepEqual([route.GatewayId, route.Origin, route.State], [igw, 'CreateRoute', 'active']);
    const dup = await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw })), 'RouteAlreadyExists');
    assert.equal(dup.message, 'The route identified by 0.0.0.0/0 already exists.');
    // AWS: the VPC CIDR is taken by the local route.
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.30.0.0/16', GatewayId: igw })), 'RouteAlreadyExists');
    // Filters over routes.
    const f = async (name: string, value: string): Promise<string[]> =>
      (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: name, Values: [value] }] }))).RouteTables!.map((t) => t.RouteTableId!);
    assert.deepEqual(await f('route.gateway-id', igw), [rt]);
    assert.deepEqual(await f('route.destination-cidr-block', '0.0.0.0/0'), [rt]);
    assert.deepEqual(await f('route.origin', 'CreateRoute'), [rt]);
    assert.deepEqual(await f('route.state', 'active'), (await f('route-table-id', '*')));
    assert.deepEqual(await f('route.state', 'blackhole'), []);
    // Detaching the gateway leaves a blackhole (AWS: route state blackhole when the target is gone).
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    assert.equal((await get(rt)).Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!.State, 'blackhole');
    assert.deepEqual(await f('route.state', 'blackhole'), [rt]);
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0' }));
    assert.equal((await get(rt)).Routes!.length, 1);
  });

  it('needs exactly one destination and one target, and valid CIDRs', async () => {
    const vpcId = await vpc('10.31.0.0/16');
    const rt = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.0.0.300/8', GatewayId: igw })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationIpv6CidrBlock: '10.0.0.0/8', GatewayId: igw })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, GatewayId: igw })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '1.0.0.0/8' })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '1.0.0.0/8', DestinationIpv6CidrBlock: '::/0', GatewayId: igw })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '1.0.0.0/8', GatewayId: igw, NatGatewayId: 'nat-0123456789abcdef0' })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: 'rtb-0123456789abcdef0', DestinationCidrBlock: '1.0.0.0/8', GatewayId: igw })), 'InvalidRouteTableID.NotFound');
    // An IPv6 destination (AWS: DestinationIpv6CidrBlock) is accepted.
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationIpv6CidrBlock: '::/0', GatewayId: igw }));
    const v6 = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.destination-ipv6-cidr-block', Values: ['::/0'] }] }));
    assert.deepEqual(v6.RouteTables!.map((t) => t.RouteTableId), [rt]);
  });

  it('names unknown targets with their NotFound codes (AWS: InvalidGatewayID.NotFound for any unknown GatewayId)', async () => {
    const vpcId = await vpc('10.32.0.0/16');
    const rt = await table(vpcId);
    const base = { RouteTableId: rt, DestinationCidrBlock: '192.168.0.0/16' };
    const gw = await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, GatewayId: 'nat-0123456789abcdef0' })), 'InvalidGatewayID.NotFound');
    assert.equal(gw.message, "The gateway ID 'nat-0123456789abcdef0' does not exist");
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, GatewayId: 'igw-0123456789abcdef0' })), 'InvalidGatewayID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, NatGatewayId: 'nat-0123456789abcdef0' })), 'InvalidNatGatewayID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, VpcPeeringConnectionId: 'pcx-0123456789abcdef0' })), 'InvalidVpcPeeringConnectionID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, NetworkInterfaceId: 'eni-0123456789abcdef0' })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, InstanceId: 'i-0123456789abcdef0' })), 'InvalidInstanceID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, TransitGatewayId: 'tgw-0123456789abcdef0' })), 'InvalidTransitGatewayID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ ...base, VpcEndpointId: 'vpce-0123456789abcdef0' })), 'InvalidVpcEndpointId.NotFound');
  });

  it('routes to an interface and an instance, and blackholes them when deleted or terminated', async () => {
    const vpcId = await vpc('10.33.0.0/16');
    const sub = await subnet(vpcId, '10.33.1.0/24');
    const rt = await table(vpcId);
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: sub }))).NetworkInterface!.NetworkInterfaceId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '172.16.0.0/12', NetworkInterfaceId: eni }));
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: sub }));
    const inst = run.Instances![0]!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '192.168.0.0/16', InstanceId: inst.InstanceId }));
    let routes = (await get(rt)).Routes!;
    const toEni = routes.find((r) => r.DestinationCidrBlock === '172.16.0.0/12')!;
    assert.deepEqual([toEni.NetworkInterfaceId, toEni.State], [eni, 'active']);
    const toInst = routes.find((r) => r.DestinationCidrBlock === '192.168.0.0/16')!;
    // AWS: an instance route also names the instance's primary interface and its owner.
    assert.deepEqual([toInst.InstanceId, toInst.InstanceOwnerId, toInst.NetworkInterfaceId, toInst.State],
      [inst.InstanceId, ACCOUNT, inst.NetworkInterfaces?.[0]?.NetworkInterfaceId, 'active']);
    const byInst = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.instance-id', Values: [inst.InstanceId!] }] }));
    assert.deepEqual(byInst.RouteTables!.map((t) => t.RouteTableId), [rt]);
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    routes = (await get(rt)).Routes!;
    assert.equal(routes.find((r) => r.DestinationCidrBlock === '172.16.0.0/12')!.State, 'blackhole');
    assert.equal(routes.find((r) => r.DestinationCidrBlock === '192.168.0.0/16')!.State, 'blackhole');
    // An interface of another VPC belongs to a different network.
    const other = await vpc('10.34.0.0/16');
    const otherEni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: await subnet(other, '10.34.1.0/24') }))).NetworkInterface!.NetworkInterfaceId!;
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.99.0.0/16', NetworkInterfaceId: otherEni })), 'InvalidParameterValue');
  });

  it('replaces and deletes only existing routes (AWS: exact match; ReplaceRoute on a missing route is InvalidParameterValue)', async () => {
    const vpcId = await vpc('10.35.0.0/16');
    const rt = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    await rejectsWith(ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw })), 'InvalidParameterValue');
    const del = await rejectsWith(ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0' })), 'InvalidRoute.NotFound');
    assert.equal(del.message, 'The route identified by 0.0.0.0/0 does not exist.');
    const sub = await subnet(vpcId, '10.35.1.0/24');
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: sub }))).NetworkInterface!.NetworkInterfaceId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: eni }));
    const r = (await get(rt)).Routes!.find((x) => x.DestinationCidrBlock === '0.0.0.0/0')!;
    assert.deepEqual([r.GatewayId, r.NetworkInterfaceId, r.Origin], [undefined, eni, 'CreateRoute']);
  });

  it('keeps the local route: it cannot be deleted, and its target may only become an interface and be restored (AWS: "Replace or restore the target for a local route")', async () => {
    const vpcId = await vpc('10.36.0.0/16');
    const rt = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    const err = await rejectsWith(ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.36.0.0/16' })), 'InvalidParameterValue');
    assert.equal(err.message, `cannot remove local route 10.36.0.0/16 in route table ${rt}`);
    await rejectsWith(ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.36.0.0/16', GatewayId: igw })), 'InvalidParameterValue');
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: await subnet(vpcId, '10.36.1.0/24') }))).NetworkInterface!.NetworkInterfaceId!;
    await ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.36.0.0/16', NetworkInterfaceId: eni }));
    let local = (await get(rt)).Routes!.find((x) => x.DestinationCidrBlock === '10.36.0.0/16')!;
    assert.deepEqual([local.NetworkInterfaceId, local.Origin], [eni, 'CreateRouteTable']);
    await ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '10.36.0.0/16', LocalTarget: true }));
    local = (await get(rt)).Routes!.find((x) => x.DestinationCidrBlock === '10.36.0.0/16')!;
    assert.deepEqual([local.GatewayId, local.NetworkInterfaceId], ['local', undefined]);
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await rejectsWith(ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', LocalTarget: true })), 'InvalidParameterValue');
  });

  it('routes a customer-managed prefix list (DestinationPrefixListId); unknown lists are InvalidPrefixListID.NotFound', async () => {
    const vpcId = await vpc('10.37.0.0/16');
    const rt = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    const pl = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office', AddressFamily: 'IPv4', MaxEntries: 5, Entries: [{ Cidr: '203.0.113.0/24' }] }))).PrefixList!.PrefixListId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationPrefixListId: pl, GatewayId: igw }));
    const r = (await get(rt)).Routes!.find((x) => x.DestinationPrefixListId === pl)!;
    assert.deepEqual([r.GatewayId, r.State], [igw, 'active']);
    const byPl = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.destination-prefix-list-id', Values: [pl] }] }));
    assert.deepEqual(byPl.RouteTables!.map((t) => t.RouteTableId), [rt]);
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationPrefixListId: pl, GatewayId: igw })), 'RouteAlreadyExists');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationPrefixListId: 'pl-0123456789abcdef0', GatewayId: igw })), 'InvalidPrefixListID.NotFound');
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationPrefixListId: pl }));
  });

  it('refuses to create, replace or delete gateway endpoint routes (AWS: endpoint routes are managed by the endpoint)', async () => {
    const vpcId = await vpc('10.38.0.0/16');
    const rt = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    const pl = 'pl-63a5400a';
    const vpce = 'vpce-0123456789abcdef0';
    // Stand-in for the endpoint work: the route a gateway endpoint adds to a table it is associated with.
    h.world.transact((tx) => {
      const p = tx.in(ACCOUNT, 'us-east-1');
      const t = p.get('routeTable', rt)!;
      p.put<ModelRouteTable>({ ...t, routes: [...t.routes, { destination: { type: 'prefixList', prefixListId: pl }, target: { type: 'vpcEndpoint', id: vpce }, origin: 'CreateVpcEndpoint' }] });
    });
    const r = (await get(rt)).Routes!.find((x) => x.DestinationPrefixListId === pl)!;
    assert.deepEqual([r.GatewayId, r.Origin], [vpce, 'CreateVpcEndpoint']);
    await rejectsWith(ec2.send(new DeleteRouteCommand({ RouteTableId: rt, DestinationPrefixListId: pl })), 'InvalidParameter');
    await rejectsWith(ec2.send(new ReplaceRouteCommand({ RouteTableId: rt, DestinationPrefixListId: pl, GatewayId: igw })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationPrefixListId: pl, GatewayId: igw })), 'InvalidParameter');
    // AWS (RULES B11, inferred): a table still carrying endpoint routes is in use.
    await rejectsWith(ec2.send(new DeleteRouteTableCommand({ RouteTableId: rt })), 'DependencyViolation');
  });

  it('leaves nothing behind on DryRun (AWS: DryRunOperation, HTTP 412)', async () => {
    const vpcId = await vpc('10.39.0.0/16');
    const rt = await table(vpcId);
    const igw = await attachedIgw(vpcId);
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, DryRun: true })), 'DryRunOperation', 412);
    assert.equal((await get(rt)).Routes!.length, 1);
  });
});
