/** @module Internet gateways, Elastic IPs, NAT gateways and virtual private gateways through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, AttachInternetGatewayCommand, AttachVpnGatewayCommand, CreateInternetGatewayCommand,
  CreateNatGatewayCommand, CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpnGatewayCommand,
  DeleteInternetGatewayCommand, DeleteNatGatewayCommand, DeleteVpcCommand, DeleteVpnGatewayCommand, DescribeAddressesCommand,
  DescribeInternetGatewaysCommand, DescribeNatGatewaysCommand, DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand,
  DescribeVpnGatewaysCommand, DetachInternetGatewayCommand, DetachVpnGatewayCommand, ReleaseAddressCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { createVpcId } from './fixtures.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const vpc = createVpcId;
async function igw(ec2: EC2Client): Promise<string> {
  return (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
}

describe('internet gateways', () => {
  it('creates, attaches, describes with filters, detaches and deletes', async () => {
    const ec2 = h.ec2('333333333301');
    const vpcId = await vpc(ec2, '10.0.0.0/16');
    const made = await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'edge' }] }] }));
    const id = made.InternetGateway!.InternetGatewayId!;
    assert.match(id, /^igw-[0-9a-f]{17}$/);
    assert.deepEqual(made.InternetGateway!.Attachments, []);
    assert.equal(made.InternetGateway!.OwnerId, '333333333301');
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }));
    const byVpc = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }));
    assert.deepEqual(byVpc.InternetGateways!.map((g) => [g.InternetGatewayId, g.Attachments]), [[id, [{ State: 'available', VpcId: vpcId }]]]);
    for (const [name, value] of [['attachment.state', 'available'], ['internet-gateway-id', id], ['owner-id', '333333333301'], ['tag:Name', 'edge']] as const) {
      const r = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: name, Values: [value] }] }));
      assert.ok(r.InternetGateways!.some((g) => g.InternetGatewayId === id), name);
    }
    // AWS: a gateway must be detached before it is deleted.
    await rejectsWith(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id })), 'DependencyViolation');
    // AWS: DeleteVpc needs the gateway detached first.
    await rejectsWith(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })), 'DependencyViolation');
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id }));
    await rejectsWith(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [id] })), 'InvalidInternetGatewayID.NotFound');
    await rejectsWith(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId })), 'InvalidInternetGatewayID.NotFound');
    await rejectsWith(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: ['igw-bad!'] })), 'InvalidInternetGatewayId.Malformed');
  });

  it('attaches one gateway per VPC and one VPC per gateway (AWS: Resource.AlreadyAssociated); detaching elsewhere is Gateway.NotAttached', async () => {
    const ec2 = h.ec2('333333333302');
    const v1 = await vpc(ec2, '10.1.0.0/16');
    const v2 = await vpc(ec2, '10.2.0.0/16');
    const a = await igw(ec2);
    const b = await igw(ec2);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: a, VpcId: v1 }));
    await rejectsWith(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: a, VpcId: v2 })), 'Resource.AlreadyAssociated');
    await rejectsWith(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: b, VpcId: v1 })), 'Resource.AlreadyAssociated');
    await rejectsWith(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: a, VpcId: v2 })), 'Gateway.NotAttached');
    await rejectsWith(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: b, VpcId: v1 })), 'Gateway.NotAttached');
    await rejectsWith(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: b, VpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
  });
});

describe('Elastic IP addresses', () => {
  it('allocates unique public addresses up to 5 per Region (AWS: AddressLimitExceeded), describes and releases them', async () => {
    const ec2 = h.ec2('333333333303');
    const ips: { id: string; ip: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'n', Value: String(i) }] }] }));
      assert.match(a.AllocationId!, /^eipalloc-[0-9a-f]{17}$/);
      assert.match(a.PublicIp!, /^(3|54)\.\d+\.\d+\.\d+$/);
      assert.equal(a.Domain, 'vpc');
      ips.push({ id: a.AllocationId!, ip: a.PublicIp! });
    }
    assert.equal(new Set(ips.map((x) => x.ip)).size, 5);
    const err = await rejectsWith(ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })), 'AddressLimitExceeded');
    assert.equal(err.message, 'The maximum number of addresses has been reached.');
    const all = await ec2.send(new DescribeAddressesCommand({}));
    assert.equal(all.Addresses?.length, 5);
    const byIp = await ec2.send(new DescribeAddressesCommand({ PublicIps: [ips[1]!.ip] }));
    assert.deepEqual(byIp.Addresses!.map((a) => a.AllocationId), [ips[1]!.id]);
    const byAlloc = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [ips[2]!.id] }));
    assert.deepEqual(byAlloc.Addresses!.map((a) => [a.PublicIp, a.Tags]), [[ips[2]!.ip, [{ Key: 'n', Value: '2' }]]]);
    const byFilter = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'public-ip', Values: [ips[3]!.ip] }] }));
    assert.deepEqual(byFilter.Addresses!.map((a) => a.AllocationId), [ips[3]!.id]);
    const byTag = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'tag:n', Values: ['4'] }] }));
    assert.deepEqual(byTag.Addresses!.map((a) => a.AllocationId), [ips[4]!.id]);
    await rejectsWith(ec2.send(new DescribeAddressesCommand({ AllocationIds: ['eipalloc-0123456789abcdef0'] })), 'InvalidAllocationID.NotFound');
    await rejectsWith(ec2.send(new DescribeAddressesCommand({ PublicIps: ['198.51.100.7'] })), 'InvalidAddress.NotFound');
    await ec2.send(new ReleaseAddressCommand({ AllocationId: ips[0]!.id }));
    await ec2.send(new ReleaseAddressCommand({ PublicIp: ips[1]!.ip }));
    await rejectsWith(ec2.send(new ReleaseAddressCommand({ AllocationId: ips[0]!.id })), 'InvalidAllocationID.NotFound');
    await rejectsWith(ec2.send(new ReleaseAddressCommand({ PublicIp: '198.51.100.7' })), 'InvalidAddress.NotFound');
    await rejectsWith(ec2.send(new ReleaseAddressCommand({})), 'MissingParameter');
    await rejectsWith(ec2.send(new AllocateAddressCommand({ Domain: 'standard' })), 'InvalidParameterValue');
    assert.equal((await ec2.send(new DescribeAddressesCommand({}))).Addresses?.length, 3);
  });
});

describe('NAT gateways', () => {
  it('makes a public NAT gateway with a requester-managed interface and the Elastic IP; delete blackholes routes and frees the address', async () => {
    const ec2 = h.ec2('333333333304');
    const vpcId = await vpc(ec2, '10.4.0.0/16');
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.4.1.0/24' }))).Subnet!.SubnetId!;
    const g = await igw(ec2);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: g, VpcId: vpcId }));
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: sub })), 'MissingParameter');
    const made = await ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, AllocationId: eip.AllocationId, ClientToken: 'nat-1', TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'Name', Value: 'out' }] }] }));
    const nat = made.NatGateway!;
    assert.match(nat.NatGatewayId!, /^nat-[0-9a-f]{17}$/);
    assert.deepEqual([nat.State, nat.VpcId, nat.SubnetId, nat.ConnectivityType], ['available', vpcId, sub, 'public']);
    const addr = nat.NatGatewayAddresses![0]!;
    assert.equal(addr.AllocationId, eip.AllocationId);
    assert.equal(addr.PublicIp, eip.PublicIp);
    assert.match(addr.PrivateIp!, /^10\.4\.1\.\d+$/);
    const replay = await ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, AllocationId: eip.AllocationId, ClientToken: 'nat-1', TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'Name', Value: 'out' }] }] }));
    assert.equal(replay.NatGateway!.NatGatewayId, nat.NatGatewayId);
    const enis = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [addr.NetworkInterfaceId!] }));
    assert.equal(enis.NetworkInterfaces![0]!.InterfaceType, 'nat_gateway');
    assert.equal(enis.NetworkInterfaces![0]!.RequesterManaged, true);
    const assoc = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0]!;
    assert.equal(assoc.NetworkInterfaceId, addr.NetworkInterfaceId);
    assert.match(assoc.AssociationId!, /^eipassoc-/);
    // AWS: an associated address cannot be released, nor used by a second NAT gateway.
    await rejectsWith(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })), 'InvalidIPAddress.InUse');
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, AllocationId: eip.AllocationId })), 'Resource.AlreadyAssociated');
    // AWS: the gateway cannot be detached while public addresses are mapped through it.
    await rejectsWith(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: g, VpcId: vpcId })), 'DependencyViolation');
    for (const [name, value] of [['nat-gateway-id', nat.NatGatewayId!], ['state', 'available'], ['subnet-id', sub], ['vpc-id', vpcId], ['tag:Name', 'out']] as const) {
      const r = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: name, Values: [value] }] }));
      assert.deepEqual(r.NatGateways!.map((n) => n.NatGatewayId), [nat.NatGatewayId], name);
    }
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat.NatGatewayId }));
    const byNat = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.nat-gateway-id', Values: [nat.NatGatewayId!] }] }));
    assert.equal(byNat.RouteTables![0]!.Routes!.find((r) => r.NatGatewayId)!.State, 'active');
    const del = await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat.NatGatewayId }));
    assert.equal(del.NatGatewayId, nat.NatGatewayId);
    // AWS: a deleted NAT gateway stays visible as `deleted` for a while; its routes become blackholes.
    const after = (await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat.NatGatewayId!] }))).NatGateways![0]!;
    assert.equal(after.State, 'deleted');
    assert.ok(after.DeleteTime);
    const route = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] }))).RouteTables![0]!.Routes!.find((r) => r.NatGatewayId)!;
    assert.equal(route.State, 'blackhole');
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [addr.NetworkInterfaceId!] })), 'InvalidNetworkInterfaceID.NotFound');
    const freed = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0]!;
    assert.equal(freed.AssociationId, undefined);
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '1.0.0.0/8', NatGatewayId: nat.NatGatewayId })), 'InvalidNatGatewayID.NotFound');
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: g, VpcId: vpcId }));
  });

  it('makes a private NAT gateway without an address; public without an attached internet gateway fails (Gateway.NotAttached)', async () => {
    const ec2 = h.ec2('333333333305');
    const vpcId = await vpc(ec2, '10.5.0.0/16');
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.5.1.0/24' }))).Subnet!.SubnetId!;
    const priv = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, ConnectivityType: 'private' }))).NatGateway!;
    assert.deepEqual([priv.State, priv.ConnectivityType, priv.NatGatewayAddresses![0]!.PublicIp], ['available', 'private', undefined]);
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, ConnectivityType: 'private', AllocationId: eip.AllocationId })), 'InvalidParameterCombination');
    const failed = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, AllocationId: eip.AllocationId }))).NatGateway!;
    assert.deepEqual([failed.State, failed.FailureCode], ['failed', 'Gateway.NotAttached']);
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0', ConnectivityType: 'private' })), 'InvalidSubnetID.NotFound');
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: sub, AllocationId: 'eipalloc-0123456789abcdef0' })), 'InvalidAllocationID.NotFound');
    await rejectsWith(ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ['nat-0123456789abcdef0'] })), 'NatGatewayNotFound');
    await rejectsWith(ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: 'nat-0123456789abcdef0' })), 'NatGatewayNotFound');
  });
});

describe('virtual private gateways', () => {
  it('creates, attaches one per VPC, routes, detaches (blackhole) and deletes', async () => {
    const ec2 = h.ec2('333333333306');
    const v1 = await vpc(ec2, '10.6.0.0/16');
    const v2 = await vpc(ec2, '10.7.0.0/16');
    const made = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1', TagSpecifications: [{ ResourceType: 'vpn-gateway', Tags: [{ Key: 'Name', Value: 'dx' }] }] }))).VpnGateway!;
    assert.match(made.VpnGatewayId!, /^vgw-[0-9a-f]{17}$/);
    assert.deepEqual([made.State, made.Type, made.AmazonSideAsn], ['available', 'ipsec.1', 64512]);
    const id = made.VpnGatewayId!;
    const other = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1', AmazonSideAsn: 65001 }))).VpnGateway!.VpnGatewayId!;
    await rejectsWith(ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.2' as 'ipsec.1' })), 'InvalidParameterValue');
    const att = await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: id, VpcId: v1 }));
    assert.deepEqual(att.VpcAttachment, { VpcId: v1, State: 'attached' });
    // AWS: "You can attach one virtual private gateway to one VPC at a time."
    await rejectsWith(ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: id, VpcId: v2 })), 'VpnGatewayAttachmentLimitExceeded');
    await rejectsWith(ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: other, VpcId: v1 })), 'Resource.AlreadyAssociated');
    for (const [name, value] of [['attachment.vpc-id', v1], ['attachment.state', 'attached'], ['amazon-side-asn', '64512'], ['vpn-gateway-id', id], ['tag:Name', 'dx']] as const) {
      const r = await ec2.send(new DescribeVpnGatewaysCommand({ Filters: [{ Name: name, Values: [value] }] }));
      assert.deepEqual(r.VpnGateways!.map((g) => g.VpnGatewayId), [id], name);
    }
    const both = await ec2.send(new DescribeVpnGatewaysCommand({ Filters: [{ Name: 'state', Values: ['available'] }, { Name: 'type', Values: ['ipsec.1'] }] }));
    assert.deepEqual(new Set(both.VpnGateways!.map((g) => g.VpnGatewayId)), new Set([id, other]));
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: v1 }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '192.168.0.0/16', GatewayId: id }));
    const state = async (): Promise<string | undefined> =>
      (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] }))).RouteTables![0]!.Routes!.find((r) => r.GatewayId === id)?.State;
    assert.equal(await state(), 'active');
    await rejectsWith(ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: id })), 'IncorrectState');
    await rejectsWith(ec2.send(new DetachVpnGatewayCommand({ VpnGatewayId: id, VpcId: v2 })), 'InvalidVpnGatewayAttachment.NotFound');
    await ec2.send(new DetachVpnGatewayCommand({ VpnGatewayId: id, VpcId: v1 }));
    assert.equal(await state(), 'blackhole');
    await ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: id }));
    const gone = (await ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: [id] }))).VpnGateways![0]!;
    assert.equal(gone.State, 'deleted');
    await rejectsWith(ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: id, VpcId: v2 })), 'InvalidVpnGatewayID.NotFound');
    await rejectsWith(ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vgw-0123456789abcdef0'] })), 'InvalidVpnGatewayID.NotFound');
  });
});
