/** @module IPv6 in the control plane through @aws-sdk/client-ec2: VPC /56s, subnet /64s, interface addresses, egress-only gateways, IPv6 routes, default rules. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssignIpv6AddressesCommand, AssociateSubnetCidrBlockCommand, AssociateVpcCidrBlockCommand, CreateEgressOnlyInternetGatewayCommand,
  CreateNatGatewayCommand, CreateNetworkAclCommand, CreateNetworkInterfaceCommand, CreateRouteCommand, CreateRouteTableCommand,
  CreateSecurityGroupCommand, CreateSubnetCommand, DeleteNetworkAclEntryCommand, CreateVpcCommand, CreateVpcEndpointCommand, DeleteEgressOnlyInternetGatewayCommand,
  DeleteNetworkInterfaceCommand, DeleteRouteCommand, DeleteVpcCommand, DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInstancesCommand, DescribeNetworkAclsCommand, DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, DisassociateSubnetCidrBlockCommand,
  DisassociateVpcCidrBlockCommand, ModifySubnetAttributeCommand, ModifyVpcEndpointCommand, ReplaceRouteCommand, RunInstancesCommand,
  UnassignIpv6AddressesCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { cidrHas, formatCidr, parseCidr, parseIp } from '../../src/shared/cidr.js';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('222222222222'); });
after(async () => { await h.close(); });

/** The n-th /64 of a VPC's /56. */
function nth(vpcBlock: string, n: number): string {
  return formatCidr({ family: 6, network: parseCidr(vpcBlock)!.network + (BigInt(n) << 64n), prefix: 64 });
}

function inBlock(block: string, ip: string): boolean {
  return cidrHas(parseCidr(block)!, 6, parseIp(ip)!.value);
}

async function dualStackVpc(cidr: string): Promise<{ vpcId: string; block: string; associationId: string }> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: true }));
  const a = Vpc!.Ipv6CidrBlockAssociationSet![0]!;
  return { vpcId: Vpc!.VpcId!, block: a.Ipv6CidrBlock!, associationId: a.AssociationId! };
}

describe('VPC IPv6 blocks (AWS: "Add IPv6 support for your VPC")', () => {
  it('CreateVpc AmazonProvidedIpv6CidrBlock associates a /56 from the Region pool, with border group and pool', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: true, Ipv6CidrBlockNetworkBorderGroup: 'us-east-1' }));
    const set = Vpc!.Ipv6CidrBlockAssociationSet!;
    assert.equal(set.length, 1);
    assert.match(set[0]!.AssociationId!, /^vpc-cidr-assoc-[0-9a-f]{17}$/);
    assert.match(set[0]!.Ipv6CidrBlock!, /^2600:1f[0-9a-f]{2}:[0-9a-f:]*\/56$/);
    assert.equal(set[0]!.Ipv6CidrBlockState?.State, 'associating');
    assert.equal(set[0]!.NetworkBorderGroup, 'us-east-1');
    const described = await ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }));
    assert.equal(described.Vpcs![0]!.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlockState?.State, 'associated');
    assert.equal(set[0]!.Ipv6Pool, 'Amazon');
    const other = await dualStackVpc('10.1.0.0/16');
    assert.notEqual(other.block, set[0]!.Ipv6CidrBlock, 'blocks do not overlap');
    const found = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'ipv6-cidr-block-association.ipv6-cidr-block', Values: [other.block] }] }));
    assert.deepEqual(found.Vpcs?.map((v) => v.VpcId), [other.vpcId]);
    const byPool = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'ipv6-cidr-block-association.ipv6-pool', Values: ['Amazon'] }, { Name: 'vpc-id', Values: [other.vpcId] }] }));
    assert.equal(byPool.Vpcs?.length, 1);
  });

  it('puts the local IPv6 route in every route table, the ::/0 egress rule in the default group, and the IPv6 rules in the ACLs', async () => {
    const { vpcId, block } = await dualStackVpc('10.2.0.0/16');
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    assert.ok(RouteTable!.Routes!.some((r) => r.DestinationIpv6CidrBlock === block && r.GatewayId === 'local'));
    const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.destination-ipv6-cidr-block', Values: [block] }] }));
    assert.equal(tables.RouteTables?.length, 2);
    const sgs = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
    assert.deepEqual(sgs.SecurityGroups![0]!.IpPermissionsEgress![0]!.Ipv6Ranges, [{ CidrIpv6: '::/0' }]);
    // AWS ("Default security groups"): only the default group gets the ::/0 rule; a new group allows IPv4 out only.
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'app', Description: 'app' }));
    const app = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
    assert.deepEqual(app.SecurityGroups![0]!.IpPermissionsEgress![0]!.Ipv6Ranges, []);
    const acls = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }));
    const v6 = acls.NetworkAcls![0]!.Entries!.filter((e) => e.Ipv6CidrBlock === '::/0').map((e) => [e.RuleNumber, e.Egress, e.RuleAction]);
    assert.deepEqual(v6, [[101, true, 'allow'], [32767, true, 'deny'], [101, false, 'allow'], [32767, false, 'deny']]);
    const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    assert.deepEqual(NetworkAcl!.Entries!.filter((e) => e.Ipv6CidrBlock === '::/0').map((e) => [e.RuleNumber, e.RuleAction]), [[32767, 'deny'], [32767, 'deny']]);
  });

  it('AssociateVpcCidrBlock AmazonProvidedIpv6CidrBlock adds a /56 (associating), up to 5; the IPv6 block disassociates (disassociating)', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16' }));
    const vpcId = Vpc!.VpcId!;
    const r = await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true }));
    assert.equal(r.Ipv6CidrBlockAssociation?.Ipv6CidrBlockState?.State, 'associating');
    assert.equal(r.Ipv6CidrBlockAssociation?.Ipv6Pool, 'Amazon');
    for (let i = 0; i < 4; i++) await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true }));
    // AWS ("Amazon VPC quotas"): IPv6 CIDR blocks per VPC, 5.
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true })), 'CidrLimitExceeded');
    const d = await ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: r.Ipv6CidrBlockAssociation!.AssociationId! }));
    assert.equal(d.Ipv6CidrBlockAssociation?.Ipv6CidrBlockState?.State, 'disassociating');
    assert.equal(d.Ipv6CidrBlockAssociation?.Ipv6CidrBlock, r.Ipv6CidrBlockAssociation!.Ipv6CidrBlock);
    const after = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    assert.equal(after.Vpcs![0]!.Ipv6CidrBlockAssociationSet?.length, 4);
  });

  it('does not add the IPv6 allow rule to a direction of the default ACL whose rules were modified (AWS: "Default network ACL")', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }));
    const vpcId = Vpc!.VpcId!;
    const acls = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    const aclId = acls.NetworkAcls![0]!.NetworkAclId!;
    await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Egress: false }));
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, AmazonProvidedIpv6CidrBlock: true }));
    const after = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] }));
    const v6 = after.NetworkAcls![0]!.Entries!.filter((e) => e.Ipv6CidrBlock === '::/0').map((e) => [e.RuleNumber, e.Egress]);
    assert.deepEqual(v6, [[101, true], [32767, true], [32767, false]]);
  });

  it('refuses BYOIP and IPAM pools (not modelled: the pool does not exist) and bad combinations', async () => {
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', Ipv6Pool: 'ipv6pool-ec2-0123456789abcdef0', Ipv6CidrBlock: '2001:db8::/56' })), 'InvalidIpv6PoolID.NotFound');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', Ipv6IpamPoolId: 'ipam-pool-0123456789abcdef0', Ipv6NetmaskLength: 56 })), 'InvalidIpamPoolId.NotFound');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', Ipv6CidrBlock: '2001:db8::/56' })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', Ipv6NetmaskLength: 56 })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', Ipv6CidrBlockNetworkBorderGroup: 'us-east-1' })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', AmazonProvidedIpv6CidrBlock: true, Ipv6Pool: 'ipv6pool-ec2-0123456789abcdef0' })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', Ipv6Pool: 'ipv6pool-ec2-0123456789abcdef0', Ipv6IpamPoolId: 'ipam-pool-0123456789abcdef0' })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16', AmazonProvidedIpv6CidrBlock: true, Ipv6CidrBlockNetworkBorderGroup: 'us-west-2-lax-1' })), 'InvalidParameterValue');
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16' }));
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: Vpc!.VpcId!, AmazonProvidedIpv6CidrBlock: true, CidrBlock: '10.5.0.0/16' })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: Vpc!.VpcId!, AmazonProvidedIpv6CidrBlock: false })), 'MissingParameter');
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: Vpc!.VpcId!, Ipv6Pool: 'ipv6pool-ec2-0123456789abcdef0', Ipv6CidrBlock: '2001:db8::/56' })), 'InvalidIpv6PoolID.NotFound');
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: 'vpc-0123456789abcdef0', AmazonProvidedIpv6CidrBlock: true })), 'InvalidVpcID.NotFound');
  });

  it('refuses to disassociate a VPC IPv6 block while a subnet uses it (InvalidCidrBlock.InUse)', async () => {
    const { vpcId, block, associationId } = await dualStackVpc('10.6.0.0/16');
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.6.1.0/24', Ipv6CidrBlock: nth(block, 1) }));
    await rejectsWith(ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: associationId })), 'InvalidCidrBlock.InUse');
  });
});

describe('subnet IPv6 blocks (AWS: "IPv6-only subnets", AssociateSubnetCidrBlock)', () => {
  it('creates dual-stack and IPv6-only subnets and describes their IPv6 association and attributes', async () => {
    const { vpcId, block } = await dualStackVpc('10.10.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.10.1.0/24', Ipv6CidrBlock: nth(block, 1) }));
    const a = Subnet!.Ipv6CidrBlockAssociationSet![0]!;
    assert.match(a.AssociationId!, /^subnet-cidr-assoc-[0-9a-f]{17}$/);
    assert.equal(a.Ipv6CidrBlock, nth(block, 1));
    assert.equal(a.Ipv6CidrBlockState?.State, 'associating');
    assert.equal(Subnet!.Ipv6Native, false);
    const described = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [Subnet!.SubnetId!] }));
    assert.equal(described.Subnets![0]!.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlockState?.State, 'associated');
    const { Subnet: native } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, Ipv6Native: true, Ipv6CidrBlock: nth(block, 2) }));
    assert.equal(native!.Ipv6Native, true);
    assert.equal(native!.CidrBlock, undefined);
    assert.equal(native!.AssignIpv6AddressOnCreation, true);
    const onlyV6 = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'ipv6-native', Values: ['true'] }] }));
    assert.deepEqual(onlyV6.Subnets?.map((s) => s.SubnetId), [native!.SubnetId]);
    const byAssoc = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'ipv6-cidr-block-association.association-id', Values: [a.AssociationId!] }] }));
    assert.deepEqual(byAssoc.Subnets?.map((s) => s.SubnetId), [Subnet!.SubnetId]);
  });

  it('checks the /64 as AWS does: malformed or wrong size, outside the VPC block, overlapping another subnet', async () => {
    const { vpcId, block } = await dualStackVpc('10.11.0.0/16');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.11.1.0/24', Ipv6CidrBlock: 'zz::/64' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.11.1.0/24', Ipv6CidrBlock: formatCidr({ ...parseCidr(block)!, prefix: 60 }) })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.11.1.0/24', Ipv6CidrBlock: '2001:db8::/64' })), 'InvalidSubnet.Range');
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.11.1.0/24', Ipv6CidrBlock: nth(block, 3) }));
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.11.2.0/24', Ipv6CidrBlock: nth(block, 3) })), 'InvalidSubnet.Conflict');
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.12.0.0/16' }));
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.12.1.0/24', Ipv6CidrBlock: nth(block, 4) })), 'InvalidSubnet.Range');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, Ipv6Native: true, CidrBlock: '10.11.3.0/24', Ipv6CidrBlock: nth(block, 5) })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, Ipv6Native: true })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.11.3.0/24', Ipv6IpamPoolId: 'ipam-pool-0123456789abcdef0' })), 'InvalidIpamPoolId.NotFound');
  });

  it('associates and disassociates a subnet /64 (one per subnet)', async () => {
    const { vpcId, block } = await dualStackVpc('10.13.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.13.1.0/24' }));
    const subnetId = Subnet!.SubnetId!;
    // AWS: IPv6 attributes need an IPv6 block.
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: true } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, EnableDns64: { Value: true } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, EnableResourceNameDnsAAAARecordOnLaunch: { Value: true } })), 'InvalidParameterValue');
    const r = await ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: nth(block, 7) }));
    assert.equal(r.Ipv6CidrBlockAssociation?.Ipv6CidrBlockState?.State, 'associating');
    await rejectsWith(ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: nth(block, 8) })), 'CidrLimitExceeded');
    await rejectsWith(ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId })), 'MissingParameter');
    await rejectsWith(ec2.send(new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6IpamPoolId: 'ipam-pool-0123456789abcdef0' })), 'InvalidIpamPoolId.NotFound');
    for (const attr of [{ AssignIpv6AddressOnCreation: { Value: true } }, { EnableDns64: { Value: true } }, { EnableResourceNameDnsAAAARecordOnLaunch: { Value: true } }]) {
      await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, ...attr }));
    }
    const on = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!;
    assert.equal(on.AssignIpv6AddressOnCreation, true);
    assert.equal(on.EnableDns64, true);
    assert.equal(on.PrivateDnsNameOptionsOnLaunch?.EnableResourceNameDnsAAAARecord, true);
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, PrivateDnsHostnameTypeOnLaunch: 'resource-name' }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, EnableResourceNameDnsARecordOnLaunch: { Value: true } }));
    const named = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.PrivateDnsNameOptionsOnLaunch;
    assert.deepEqual(named, { HostnameType: 'resource-name', EnableResourceNameDnsARecord: true, EnableResourceNameDnsAAAARecord: true });
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, PrivateDnsHostnameTypeOnLaunch: 'nope' as 'ip-name' })), 'InvalidParameterValue');
    // AWS: the block is in use while the subnet assigns IPv6 addresses on creation.
    await rejectsWith(ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: r.Ipv6CidrBlockAssociation!.AssociationId! })), 'InvalidCidrBlock.InUse');
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: false } }));
    const d = await ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: r.Ipv6CidrBlockAssociation!.AssociationId! }));
    assert.equal(d.Ipv6CidrBlockAssociation?.Ipv6CidrBlockState?.State, 'disassociating');
    const off = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!;
    assert.deepEqual(off.Ipv6CidrBlockAssociationSet, []);
    assert.equal(off.AssignIpv6AddressOnCreation, false);
    await rejectsWith(ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: 'subnet-cidr-assoc-0123456789abcdef0' })), 'InvalidSubnetCidrBlockAssociationID.NotFound');
    await rejectsWith(ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: 'vpc-cidr-assoc-0123456789abcdef0' })), 'InvalidSubnetCidrBlockAssociationId.Malformed');
  });

  it('keeps an IPv6-only subnet IPv6-only: its block stays, it cannot stop assigning IPv6 or map public IPv4, and interfaces there take no private IPv4 address', async () => {
    const { vpcId, block } = await dualStackVpc('10.14.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, Ipv6Native: true, Ipv6CidrBlock: nth(block, 1) }));
    const assoc = Subnet!.Ipv6CidrBlockAssociationSet![0]!.AssociationId!;
    await rejectsWith(ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: assoc })), 'OperationNotPermitted');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId!, AssignIpv6AddressOnCreation: { Value: false } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId!, MapPublicIpOnLaunch: { Value: true } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId!, PrivateDnsHostnameTypeOnLaunch: 'ip-name' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId!, EnableResourceNameDnsARecordOnLaunch: { Value: true } })), 'InvalidParameterValue');
    assert.equal(Subnet!.PrivateDnsNameOptionsOnLaunch?.HostnameType, 'resource-name');
    // IPv6-only interfaces and instances are covered in ipv6-only.test.ts; a private IPv4 address is refused there.
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: Subnet!.SubnetId!, PrivateIpAddress: '10.14.0.10' })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: Subnet!.SubnetId!, PrivateIpAddress: '10.14.0.10' })), 'InvalidParameterCombination');
  });
});

describe('interface IPv6 addresses (AssignIpv6Addresses, UnassignIpv6Addresses)', () => {
  it('gives interfaces IPv6 addresses from the subnet /64: by count, explicitly, and on creation when the subnet says so', async () => {
    const { vpcId, block } = await dualStackVpc('10.20.0.0/16');
    const sub = nth(block, 1);
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24', Ipv6CidrBlock: sub }));
    const subnetId = Subnet!.SubnetId!;
    const plain = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
    assert.deepEqual(plain.NetworkInterface!.Ipv6Addresses, []);
    const two = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6AddressCount: 2 }));
    assert.equal(two.NetworkInterface!.Ipv6Addresses!.length, 2);
    for (const a of two.NetworkInterface!.Ipv6Addresses!) assert.ok(inBlock(sub, a.Ipv6Address!));
    const wanted = formatCidr({ family: 6, network: parseCidr(sub)!.network + 0x1234n, prefix: 128 }).replace('/128', '');
    const exact = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6Addresses: [{ Ipv6Address: wanted }], EnablePrimaryIpv6: true }));
    assert.deepEqual(exact.NetworkInterface!.Ipv6Addresses, [{ Ipv6Address: wanted, IsPrimaryIpv6: true }]);
    assert.equal(exact.NetworkInterface!.Ipv6Address, wanted);
    const found = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'ipv6-addresses.ipv6-address', Values: [wanted] }] }));
    assert.deepEqual(found.NetworkInterfaces?.map((e) => e.NetworkInterfaceId), [exact.NetworkInterface!.NetworkInterfaceId]);
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: true } }));
    const auto = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
    assert.equal(auto.NetworkInterface!.Ipv6Addresses!.length, 1);
    // AWS (Ipv6AddressCount): "specify 0 to override" the subnet's setting.
    const none = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6AddressCount: 0 }));
    assert.deepEqual(none.NetworkInterface!.Ipv6Addresses, []);

    const eniId = plain.NetworkInterface!.NetworkInterfaceId!;
    const added = await ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6AddressCount: 2 }));
    assert.equal(added.AssignedIpv6Addresses?.length, 2);
    assert.deepEqual(added.AssignedIpv6Prefixes, []);
    const removed = await ec2.send(new UnassignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: [added.AssignedIpv6Addresses![0]!] }));
    assert.deepEqual(removed.UnassignedIpv6Addresses, [added.AssignedIpv6Addresses![0]]);
    const now = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
    assert.deepEqual(now.NetworkInterfaces![0]!.Ipv6Addresses!.map((a) => a.Ipv6Address), [added.AssignedIpv6Addresses![1]]);

    // The subnet's /64 cannot go while an interface holds an address from it.
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: false } }));
    await rejectsWith(ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: Subnet!.Ipv6CidrBlockAssociationSet![0]!.AssociationId! })), 'DependencyViolation');

    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: [wanted] })), 'InvalidIPAddress.InUse');
    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: ['2001:db8::5'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: [sub.replace('/64', '1')] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: [wanted], Ipv6AddressCount: 1 })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId })), 'MissingParameter');
    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6PrefixCount: 1 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new AssignIpv6AddressesCommand({ NetworkInterfaceId: 'eni-0123456789abcdef0', Ipv6AddressCount: 1 })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new UnassignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: [wanted] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6Prefixes: [{ Ipv6Prefix: `${sub.replace('::/64', '::')}/80` }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, EnablePrimaryIpv6: true, Ipv6AddressCount: 0 })), 'InvalidParameterCombination');
    for (const e of [plain, two, exact, auto, none]) await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterface!.NetworkInterfaceId! }));
  });

  it('refuses IPv6 addresses in a subnet without an IPv6 block', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.21.0.0/16' }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.21.1.0/24' }));
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: Subnet!.SubnetId!, Ipv6AddressCount: 1 })), 'InvalidParameterValue');
  });

  it('launches instances with IPv6 addresses (instance level, on the interface, or by the subnet) and describes them', async () => {
    const { vpcId, block } = await dualStackVpc('10.22.0.0/16');
    const sub = nth(block, 1);
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.22.1.0/24', Ipv6CidrBlock: sub }));
    const subnetId = Subnet!.SubnetId!;
    const top = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId, Ipv6AddressCount: 1 }));
    const inst = top.Instances![0]!;
    assert.equal(inst.NetworkInterfaces![0]!.Ipv6Addresses!.length, 1);
    assert.ok(inBlock(sub, inst.Ipv6Address!));
    const onNic = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Ipv6AddressCount: 2 }] }));
    assert.equal(onNic.Instances![0]!.NetworkInterfaces![0]!.Ipv6Addresses!.length, 2);
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: true } }));
    const auto = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId }));
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [auto.Instances![0]!.InstanceId!] }));
    assert.ok(inBlock(sub, described.Reservations![0]!.Instances![0]!.Ipv6Address!));
    const byV6 = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'network-interface.ipv6-addresses.ipv6-address', Values: [inst.Ipv6Address!] }] }));
    assert.deepEqual(byV6.Reservations?.flatMap((r) => r.Instances!.map((i) => i.InstanceId)), [inst.InstanceId]);
    const { NetworkInterface } = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Ipv6AddressCount: 0 }));
    await rejectsWith(ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: NetworkInterface!.NetworkInterfaceId!, Ipv6AddressCount: 1 }] })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, Ipv6AddressCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId }] })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 2, MaxCount: 2, SubnetId: subnetId, Ipv6Addresses: [{ Ipv6Address: inst.Ipv6Address! }] })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId, Ipv6Addresses: [{ Ipv6Address: inst.Ipv6Address! }] })), 'InvalidIPAddress.InUse');
  });
});

describe('egress-only internet gateways and IPv6 routes', () => {
  it('creates (idempotently, tagged), describes with filters and paging, routes ::/0 to it, and deletes it', async () => {
    const { vpcId } = await dualStackVpc('10.30.0.0/16');
    const made = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({
      VpcId: vpcId, ClientToken: 'eigw-token-1', TagSpecifications: [{ ResourceType: 'egress-only-internet-gateway', Tags: [{ Key: 'Name', Value: 'out' }] }],
    }));
    const g = made.EgressOnlyInternetGateway!;
    assert.match(g.EgressOnlyInternetGatewayId!, /^eigw-[0-9a-f]{17}$/);
    assert.deepEqual(g.Attachments, [{ State: 'attached', VpcId: vpcId }]);
    assert.deepEqual(g.Tags, [{ Key: 'Name', Value: 'out' }]);
    assert.equal(made.ClientToken, 'eigw-token-1');
    const again = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({
      VpcId: vpcId, ClientToken: 'eigw-token-1', TagSpecifications: [{ ResourceType: 'egress-only-internet-gateway', Tags: [{ Key: 'Name', Value: 'out' }] }],
    }));
    assert.equal(again.EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId, g.EgressOnlyInternetGatewayId);
    await rejectsWith(ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId, ClientToken: 'eigw-token-1' })), 'IdempotentParameterMismatch');
    const second = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }));
    const byVpc = await ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }));
    assert.equal(byVpc.EgressOnlyInternetGateways?.length, 2);
    const byTag = await ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['out'] }] }));
    assert.deepEqual(byTag.EgressOnlyInternetGateways?.map((x) => x.EgressOnlyInternetGatewayId), [g.EgressOnlyInternetGatewayId]);
    const page = await ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ MaxResults: 5, Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }));
    assert.equal(page.EgressOnlyInternetGateways?.length, 2);
    await rejectsWith(ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ Filters: [{ Name: 'nope', Values: ['x'] }] })), 'InvalidParameterValue');

    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const rtb = RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: g.EgressOnlyInternetGatewayId! }));
    const rt = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.egress-only-internet-gateway-id', Values: [g.EgressOnlyInternetGatewayId!] }] }));
    const route = rt.RouteTables![0]!.Routes!.find((r) => r.DestinationIpv6CidrBlock === '::/0')!;
    assert.equal(route.EgressOnlyInternetGatewayId, g.EgressOnlyInternetGatewayId);
    assert.equal(route.State, 'active');
    await ec2.send(new ReplaceRouteCommand({ RouteTableId: rtb, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: second.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! }));
    // AWS (CreateRoute EgressOnlyInternetGatewayId: "[IPv6 traffic only]").
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', EgressOnlyInternetGatewayId: g.EgressOnlyInternetGatewayId! })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationIpv6CidrBlock: '2600::/16', EgressOnlyInternetGatewayId: 'eigw-0123456789abcdef0' })), 'InvalidGatewayID.NotFound');
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: g.EgressOnlyInternetGatewayId! })), 'RouteAlreadyExists');

    // AWS (DeleteVpc): gateways must go before the VPC.
    await rejectsWith(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })), 'DependencyViolation');
    const del = await ec2.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: second.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! }));
    assert.equal(del.ReturnCode, true);
    const holed = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb] }));
    assert.equal(holed.RouteTables![0]!.Routes!.find((r) => r.DestinationIpv6CidrBlock === '::/0')?.State, 'blackhole');
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationIpv6CidrBlock: '::/0' }));
    await rejectsWith(ec2.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: second.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! })), 'InvalidGatewayID.NotFound');
    await rejectsWith(ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ EgressOnlyInternetGatewayIds: ['igw-0123456789abcdef0'] })), 'InvalidEgressOnlyInternetGatewayId.Malformed');
    await rejectsWith(ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] })), 'InvalidParameterValue');
  });

  it('refuses a gateway of another VPC and an IPv6 route to a NAT gateway outside 64:ff9b::/96', async () => {
    const one = await dualStackVpc('10.31.0.0/16');
    const two = await dualStackVpc('10.32.0.0/16');
    const { EgressOnlyInternetGateway } = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: two.vpcId }));
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: one.vpcId }));
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: RouteTable!.RouteTableId!, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! })), 'InvalidParameterValue');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: one.vpcId, CidrBlock: '10.31.1.0/24' }));
    const { NatGateway } = await ec2.send(new CreateNatGatewayCommand({ SubnetId: Subnet!.SubnetId!, ConnectivityType: 'private' }));
    await rejectsWith(ec2.send(new CreateRouteCommand({ RouteTableId: RouteTable!.RouteTableId!, DestinationIpv6CidrBlock: '::/0', NatGatewayId: NatGateway!.NatGatewayId! })), 'InvalidParameterValue');
    await ec2.send(new CreateRouteCommand({ RouteTableId: RouteTable!.RouteTableId!, DestinationIpv6CidrBlock: '64:ff9b::/96', NatGatewayId: NatGateway!.NatGatewayId! }));
  });
});

describe('dualstack interface endpoints (IpAddressType, DnsRecordIpType)', () => {
  it('gives each endpoint interface an IPv6 address when dualstack, and drops it when the endpoint goes back to ipv4', async () => {
    const { vpcId, block } = await dualStackVpc('10.40.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.1.0/24', Ipv6CidrBlock: nth(block, 1) }));
    const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: [Subnet!.SubnetId!],
      IpAddressType: 'dualstack', DnsOptions: { DnsRecordIpType: 'dualstack' },
    }));
    assert.equal(VpcEndpoint!.IpAddressType, 'dualstack');
    assert.equal(VpcEndpoint!.DnsOptions?.DnsRecordIpType, 'dualstack');
    const eniId = VpcEndpoint!.NetworkInterfaceIds![0]!;
    const enis = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
    assert.ok(inBlock(nth(block, 1), enis.NetworkInterfaces![0]!.Ipv6Addresses![0]!.Ipv6Address!));
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: VpcEndpoint!.VpcEndpointId!, IpAddressType: 'ipv4', DnsOptions: { DnsRecordIpType: 'ipv4' } }));
    const back = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
    assert.deepEqual(back.NetworkInterfaces![0]!.Ipv6Addresses, []);
    const { Subnet: v4only } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.2.0/24' }));
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: [v4only!.SubnetId!], IpAddressType: 'dualstack',
    })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: [Subnet!.SubnetId!], IpAddressType: 'ipv6',
    })), 'InvalidParameter');
  });
});

describe('IPv6 flows explained over HTTP (POST /_vpce/explain)', () => {
  it('traces an instance to [2600:1f18::5]:443/tcp out through the egress-only gateway, and not back in', async () => {
    const { vpcId, block } = await dualStackVpc('10.50.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24', Ipv6CidrBlock: nth(block, 1) }));
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: Subnet!.SubnetId!, Ipv6AddressCount: 1 }));
    const inst = run.Instances![0]!;
    const { EgressOnlyInternetGateway } = await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }));
    const main = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: main.RouteTables![0]!.RouteTableId!, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! }));
    const ask = async (from: string, to: string): Promise<{ trace: { disposition: { kind: string; reason?: string } } }> => {
      const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ from, to, account: '222222222222', region: 'us-east-1' }) });
      assert.equal(res.status, 200);
      return await res.json() as { trace: { disposition: { kind: string; reason?: string } } };
    };
    const out = await ask(inst.InstanceId!, '[2600:1f18::5]:443/tcp');
    assert.equal(out.trace.disposition.kind, 'delivered');
    const back = await ask('internet', `[${inst.Ipv6Address!}]:22/tcp`);
    assert.equal(back.trace.disposition.kind, 'notReachableFromInternet');
    assert.equal(back.trace.disposition.reason, 'egressOnly');
  });
});

describe('authorization of the new operations (Service Authorization Reference rows)', () => {
  it('lets an IAM user create an egress-only gateway only where its policy names the VPC, and tags-on-create need ec2:CreateTags', async () => {
    const { vpcId } = await dualStackVpc('10.60.0.0/16');
    const arn = (type: string, id: string): string => `arn:aws:ec2:us-east-1:222222222222:${type}/${id}`;
    const allowed = h.ec2(await iamUserWith(h, '222222222222', 'eigw-maker', [
      { Effect: 'Allow', Action: 'ec2:CreateEgressOnlyInternetGateway', Resource: [arn('vpc', vpcId), 'arn:aws:ec2:us-east-1:222222222222:egress-only-internet-gateway/*'] },
      { Effect: 'Allow', Action: ['ec2:DescribeEgressOnlyInternetGateways', 'ec2:AssignIpv6Addresses'], Resource: '*' },
    ]));
    const made = await allowed.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }));
    assert.match(made.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId!, /^eigw-/);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }));
    await rejectsWith(allowed.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: Vpc!.VpcId! })), 'UnauthorizedOperation', 403);
    await rejectsWith(allowed.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: made.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId! })), 'UnauthorizedOperation', 403);
    await rejectsWith(allowed.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'egress-only-internet-gateway', Tags: [{ Key: 'a', Value: 'b' }] }] })), 'UnauthorizedOperation', 403);
  });
});

describe('endpoint DNS records by DnsRecordIpType (the VPC resolver)', () => {
  it('answers AAAA records for a dualstack endpoint whose records are ipv6, so a named flow goes over IPv6', async () => {
    const { vpcId, block } = await dualStackVpc('10.70.0.0/16');
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.70.1.0/24', Ipv6CidrBlock: nth(block, 1) }));
    const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.s3', SubnetIds: [Subnet!.SubnetId!],
      IpAddressType: 'dualstack', DnsOptions: { DnsRecordIpType: 'ipv6' },
    }));
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: VpcEndpoint!.NetworkInterfaceIds! }))).NetworkInterfaces![0]!;
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: Subnet!.SubnetId!, Ipv6AddressCount: 1 }));
    const name = VpcEndpoint!.DnsEntries![0]!.DnsName!;
    const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ from: run.Instances![0]!.InstanceId!, to: `https://${name}/`, account: '222222222222', region: 'us-east-1' }) });
    const body = await res.json() as { trace: { flow: { destinationIp: string }; disposition: { kind: string } } };
    assert.equal(body.trace.flow.destinationIp, eni.Ipv6Addresses![0]!.Ipv6Address);
    assert.equal(body.trace.disposition.kind, 'delivered');
  });
});
