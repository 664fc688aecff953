/**
 * @module IPv6 beyond dual-stack through @aws-sdk/client-ec2: interfaces, instances and endpoints in IPv6-only
 * subnets (no private IPv4 address), EnablePrimaryIpv6 on an interface, the peered VPCs' IPv6 blocks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand, AllocateAddressCommand, AssignIpv6AddressesCommand, AssignPrivateIpAddressesCommand, AssociateAddressCommand,
  AttachInternetGatewayCommand, CreateEgressOnlyInternetGatewayCommand, CreateInternetGatewayCommand, CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand, CreateRouteCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand, DescribeInstancesCommand, DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand, ModifyNetworkInterfaceAttributeCommand, ModifyVpcEndpointCommand, RunInstancesCommand, UnassignIpv6AddressesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { cidrHas, formatCidr, parseCidr, parseIp } from '../../src/shared/cidr.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('333333333333'); });
after(async () => { await h.close(); });

/** The n-th /64 of a VPC's /56. */
function nth(vpcBlock: string, n: number): string {
  return formatCidr({ family: 6, network: parseCidr(vpcBlock)!.network + (BigInt(n) << 64n), prefix: 64 });
}

async function dualStackVpc(cidr: string): Promise<{ vpcId: string; block: string }> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: true }));
  return { vpcId: Vpc!.VpcId!, block: Vpc!.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock! };
}

function inBlock(block: string, ip: string): boolean {
  return cidrHas(parseCidr(block)!, 6, parseIp(ip)!.value);
}

/** A dual-stack VPC with an IPv6-only subnet (its second /64). */
async function ipv6OnlySubnet(cidr: string): Promise<{ vpcId: string; block: string; subnetId: string; subnetBlock: string }> {
  const { vpcId, block } = await dualStackVpc(cidr);
  const subnetBlock = nth(block, 1);
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, Ipv6Native: true, Ipv6CidrBlock: subnetBlock }));
  return { vpcId, block, subnetId: Subnet!.SubnetId!, subnetBlock };
}

describe('network interfaces in an IPv6-only subnet (AWS: "IPv6-only subnets")', () => {
  it('CreateNetworkInterface gives an IPv6 address and no private IPv4 address; DescribeNetworkInterfaces omits PrivateIpAddress', async () => {
    const { subnetId, subnetBlock } = await ipv6OnlySubnet('10.70.0.0/16');
    const made = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    assert.equal(made.PrivateIpAddress, undefined);
    assert.equal(made.PrivateDnsName, undefined);
    assert.deepEqual(made.PrivateIpAddresses ?? [], []);
    assert.equal(made.Ipv6Addresses?.length, 1);
    assert.ok(inBlock(subnetBlock, made.Ipv6Addresses![0]!.Ipv6Address!));
    assert.equal(made.Ipv6Native, true);
    const described = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [made.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
    assert.equal(described.PrivateIpAddress, undefined);
    assert.deepEqual(described.Ipv6Addresses, made.Ipv6Addresses);
    const byAddr = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'ipv6-addresses.ipv6-address', Values: [made.Ipv6Addresses![0]!.Ipv6Address!] }] }));
    assert.deepEqual(byAddr.NetworkInterfaces?.map((e) => e.NetworkInterfaceId), [made.NetworkInterfaceId]);
    // Primary IPv6 address and several addresses on creation.
    const two = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6AddressCount: 2, EnablePrimaryIpv6: true }))).NetworkInterface!;
    assert.deepEqual(two.Ipv6Addresses!.map((a) => a.IsPrimaryIpv6), [true, false]);
    assert.equal(two.Ipv6Address, two.Ipv6Addresses![0]!.Ipv6Address);
  });

  it('refuses private and public IPv4 addresses there, an interface without IPv6, and unassigning its last IPv6 address', async () => {
    const { vpcId, subnetId } = await ipv6OnlySubnet('10.71.0.0/16');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: '10.71.0.10' })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: 1 })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6AddressCount: 0 })), 'InvalidParameterCombination');
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const id = eni.NetworkInterfaceId!;
    await rejectsWith(ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, SecondaryPrivateIpAddressCount: 1 })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, AssociatePublicIpAddress: true })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new UnassignIpv6AddressesCommand({ NetworkInterfaceId: id, Ipv6Addresses: [eni.Ipv6Addresses![0]!.Ipv6Address!] })), 'InvalidParameterValue');
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId!, VpcId: vpcId }));
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await rejectsWith(ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId!, NetworkInterfaceId: id })), 'InvalidParameterValue');
    // A NAT gateway needs a private IPv4 address: still refused in an IPv6-only subnet.
    await rejectsWith(ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.AllocationId! })), 'UnsupportedOperation');
    // With a second address, the first can go.
    const { AssignedIpv6Addresses } = await ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: id, Ipv6AddressCount: 1 }));
    await ec2.send(new UnassignIpv6AddressesCommand({ NetworkInterfaceId: id, Ipv6Addresses: [eni.Ipv6Addresses![0]!.Ipv6Address!] }));
    const now = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }))).NetworkInterfaces![0]!;
    assert.deepEqual(now.Ipv6Addresses!.map((a) => a.Ipv6Address), AssignedIpv6Addresses);
  });
});

describe('instances in an IPv6-only subnet (AWS: "Launch an instance in an IPv6-only subnet")', () => {
  it('RunInstances launches without a private IPv4 address, named by resource name, with the subnet\'s IPv6 address or Ipv6AddressCount', async () => {
    const { subnetId, subnetBlock } = await ipv6OnlySubnet('10.72.0.0/16');
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 2, MaxCount: 2, SubnetId: subnetId }));
    for (const inst of run.Instances!) {
      assert.equal(inst.PrivateIpAddress, undefined);
      assert.equal(inst.PrivateDnsName, `${inst.InstanceId}.ec2.internal`);
      assert.equal(inst.PrivateDnsNameOptions?.HostnameType, 'resource-name');
      const nic = inst.NetworkInterfaces![0]!;
      assert.equal(nic.PrivateIpAddress, undefined);
      assert.deepEqual(nic.PrivateIpAddresses ?? [], []);
      assert.equal(nic.Ipv6Addresses?.length, 1);
      assert.ok(inBlock(subnetBlock, nic.Ipv6Addresses![0]!.Ipv6Address!));
    }
    const counted = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId, Ipv6AddressCount: 2 }))).Instances![0]!;
    const described = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [counted.InstanceId!] }))).Reservations![0]!.Instances![0]!;
    assert.equal(described.PrivateIpAddress, undefined);
    assert.equal(described.NetworkInterfaces![0]!.Ipv6Addresses?.length, 2);
    assert.equal(described.NetworkInterfaces![0]!.PrivateDnsName, `${counted.InstanceId}.ec2.internal`);
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [described.NetworkInterfaces![0]!.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
    assert.equal(eni.PrivateDnsName, `${counted.InstanceId}.ec2.internal`);
    const native = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'network-interface.ipv6-native', Values: ['true'] }, { Name: 'subnet-id', Values: [subnetId] }] }));
    assert.equal(native.Reservations!.flatMap((r) => r.Instances ?? []).length, 3);
  });

  it('refuses a private or public IPv4 address and the ip-name hostname type there', async () => {
    const { subnetId } = await ipv6OnlySubnet('10.73.0.0/16');
    const run = (extra: Record<string, unknown>) => ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId, ...extra }));
    await rejectsWith(run({ PrivateIpAddress: '10.73.0.10' }), 'InvalidParameterCombination');
    await rejectsWith(run({ PrivateDnsNameOptions: { HostnameType: 'ip-name' } }), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new RunInstancesCommand({
      ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }],
    })), 'InvalidParameterCombination');
    await rejectsWith(run({ Ipv6AddressCount: 0 }), 'InvalidParameterCombination');
  });

  it('explains an IPv6 flow from such an instance out through the egress-only gateway (POST /_vpce/explain)', async () => {
    const { vpcId, subnetId } = await ipv6OnlySubnet('10.74.0.0/16');
    const inst = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!;
    const { EgressOnlyInternetGateway } = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }));
    const main = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: main.RouteTables![0]!.RouteTableId!, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! }));
    const ask = async (to: string): Promise<{ trace: { disposition: { kind: string } } }> => {
      const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ from: inst.InstanceId!, to, account: '333333333333', region: 'us-east-1' }) });
      assert.equal(res.status, 200);
      return await res.json() as { trace: { disposition: { kind: string } } };
    };
    assert.equal((await ask('[2600:1f18::5]:443/tcp')).trace.disposition.kind, 'delivered');
    assert.equal((await ask('10.74.0.20:443/tcp')).trace.disposition.kind, 'notTraced');
  });
});

describe('interface endpoints of IpAddressType ipv6 (AWS: "supported only if all selected subnets are IPv6 only subnets")', () => {
  it('creates the endpoint with IPv6-only interfaces', async () => {
    const { vpcId, subnetId, subnetBlock } = await ipv6OnlySubnet('10.75.0.0/16');
    const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: [subnetId],
      IpAddressType: 'ipv6', DnsOptions: { DnsRecordIpType: 'ipv6' },
    }));
    assert.equal(VpcEndpoint!.IpAddressType, 'ipv6');
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: VpcEndpoint!.NetworkInterfaceIds! }))).NetworkInterfaces![0]!;
    assert.equal(eni.PrivateIpAddress, undefined);
    assert.equal(eni.InterfaceType, 'vpc_endpoint');
    assert.ok(inBlock(subnetBlock, eni.Ipv6Addresses![0]!.Ipv6Address!));
  });

  it('SubnetConfigurations Ipv6 chooses the interface\'s IPv6 address (AWS: SubnetConfiguration "Ipv6"); IPv4 there is refused', async () => {
    const { vpcId, subnetId, subnetBlock } = await ipv6OnlySubnet('10.76.0.0/16');
    const chosen = formatCidr({ family: 6, network: parseCidr(subnetBlock)!.network + 0x77n, prefix: 128 }).replace('/128', '');
    const create = (extra: Record<string, unknown>) => ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: [subnetId],
      IpAddressType: 'ipv6', DnsOptions: { DnsRecordIpType: 'ipv6' }, PrivateDnsEnabled: false, ...extra,
    }));
    await rejectsWith(create({ SubnetConfigurations: [{ SubnetId: subnetId, Ipv4: '10.76.0.10' }] }), 'InvalidParameter');
    const { VpcEndpoint } = await create({ SubnetConfigurations: [{ SubnetId: subnetId, Ipv6: chosen }] });
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: VpcEndpoint!.NetworkInterfaceIds! }))).NetworkInterfaces![0]!;
    assert.deepEqual(eni.Ipv6Addresses!.map((a) => a.Ipv6Address), [chosen]);
    // Naming a kept subnet with another address is refused: the interface keeps its own.
    const other = chosen.replace(/77$/, '78');
    await rejectsWith(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: VpcEndpoint!.VpcEndpointId!, SubnetConfigurations: [{ SubnetId: subnetId, Ipv6: other }] })), 'InvalidParameter');
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: VpcEndpoint!.VpcEndpointId!, SubnetConfigurations: [{ SubnetId: subnetId, Ipv6: chosen }] }));
  });
});

describe('ModifyNetworkInterfaceAttribute EnablePrimaryIpv6 (AWS: "the first IPv6 GUA address ... becomes the primary IPv6 address")', () => {
  it('makes the first IPv6 address primary, keeps it on, and refuses to turn it off', async () => {
    const { vpcId, block } = await dualStackVpc('10.60.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.1.0/24', Ipv6CidrBlock: nth(block, 1) }));
    const made = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: Subnet!.SubnetId! }))).NetworkInterface!;
    const id = made.NetworkInterfaceId!;
    const modify = (on: boolean) => ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, EnablePrimaryIpv6: on }));
    // No IPv6 address yet: nothing to make primary.
    await rejectsWith(modify(true), 'InvalidParameterCombination');
    // Turning off what is off changes nothing.
    await modify(false);
    const { AssignedIpv6Addresses } = await ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: id, Ipv6AddressCount: 2 }));
    await modify(true);
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }))).NetworkInterfaces![0]!;
    const first = eni.Ipv6Addresses![0]!.Ipv6Address!;
    assert.ok(AssignedIpv6Addresses!.includes(first));
    assert.deepEqual(eni.Ipv6Addresses!.map((a) => a.IsPrimaryIpv6), [true, false]);
    assert.equal(eni.Ipv6Address, first);
    const byFilter = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'ipv6-addresses.ipv6-address', Values: [first] }] }));
    assert.deepEqual(byFilter.NetworkInterfaces?.map((e) => e.NetworkInterfaceId), [id]);
    // Enabling again is harmless; AWS: "Once you enable an IPv6 GUA address to be a primary IPv6, you cannot disable it."
    await modify(true);
    await rejectsWith(modify(false), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, EnablePrimaryIpv6: true, Description: { Value: 'x' } })), 'InvalidParameterCombination');
  });

  it('refuses it in a subnet without an IPv6 block', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.61.1.0/24' }));
    const id = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: Subnet!.SubnetId! }))).NetworkInterface!.NetworkInterfaceId!;
    await rejectsWith(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, EnablePrimaryIpv6: true })), 'InvalidParameterValue');
  });
});

describe('DescribeVpcPeeringConnections Ipv6CidrBlockSet (AWS: VpcPeeringConnectionVpcInfo)', () => {
  it('lists each VPC\'s IPv6 blocks once the connection is active, and none for a VPC without one', async () => {
    const a = await dualStackVpc('10.62.0.0/16');
    const b = await dualStackVpc('10.63.0.0/16');
    const { Vpc: plain } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.64.0.0/16' }));
    const made = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a.vpcId, PeerVpcId: b.vpcId }))).VpcPeeringConnection!;
    assert.equal(made.RequesterVpcInfo?.Ipv6CidrBlockSet, undefined);
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: made.VpcPeeringConnectionId! }));
    const pcx = (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [made.VpcPeeringConnectionId!] }))).VpcPeeringConnections![0]!;
    assert.equal(pcx.Status?.Code, 'active');
    assert.deepEqual(pcx.RequesterVpcInfo?.Ipv6CidrBlockSet, [{ Ipv6CidrBlock: a.block }]);
    assert.deepEqual(pcx.AccepterVpcInfo?.Ipv6CidrBlockSet, [{ Ipv6CidrBlock: b.block }]);

    const mixed = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a.vpcId, PeerVpcId: plain!.VpcId! }))).VpcPeeringConnection!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: mixed.VpcPeeringConnectionId! }));
    const m = (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [mixed.VpcPeeringConnectionId!] }))).VpcPeeringConnections![0]!;
    assert.deepEqual(m.RequesterVpcInfo?.Ipv6CidrBlockSet, [{ Ipv6CidrBlock: a.block }]);
    assert.deepEqual(m.AccepterVpcInfo?.Ipv6CidrBlockSet ?? [], []);
  });
});
