/** @module IPv6 beyond dual-stack through @aws-sdk/client-ec2: EnablePrimaryIpv6 on an interface, the peered VPCs' IPv6 blocks. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand, AssignIpv6AddressesCommand, CreateNetworkInterfaceCommand, CreateSubnetCommand, CreateVpcCommand,
  CreateVpcPeeringConnectionCommand, DescribeNetworkInterfacesCommand, DescribeVpcPeeringConnectionsCommand,
  ModifyNetworkInterfaceAttributeCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { formatCidr, parseCidr } from '../../src/shared/cidr.js';
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
