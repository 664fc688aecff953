/**
 * @module VPC-level operations Terraform and SDK code call: account attributes, default subnets, VGW route
 * propagation, detached VGW attachments, zones, subnet attributes, tenancy, VPC attributes, CIDR quota, peering options.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand, AssociateVpcCidrBlockCommand, AttachVpnGatewayCommand, CreateDefaultSubnetCommand,
  CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcPeeringConnectionCommand, CreateVpnGatewayCommand,
  DeleteInternetGatewayCommand, DeleteSubnetCommand, DeleteVpcCommand, DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand, DescribeInternetGatewaysCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand,
  DescribeVpcAttributeCommand, DescribeVpcPeeringConnectionsCommand, DescribeVpcsCommand, DescribeVpnGatewaysCommand,
  DetachInternetGatewayCommand, DetachVpnGatewayCommand, DisableVgwRoutePropagationCommand, EnableVgwRoutePropagationCommand,
  ModifySubnetAttributeCommand, ModifyVpcAttributeCommand, ModifyVpcPeeringConnectionOptionsCommand, ModifyVpcTenancyCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('333344445555'); });
after(async () => { await h.close(); });

const newVpc = async (cidr: string, client = ec2): Promise<string> => (await client.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
const newSubnet = async (vpcId: string, cidr: string): Promise<string> => (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet!.SubnetId!;
const subnet = async (id: string) => (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets![0]!;

/** Remove an account's default VPC the way a user must: subnets, then the internet gateway, then the VPC. */
async function deleteDefaultVpc(client: EC2Client): Promise<string> {
  const vpc = (await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
  for (const s of (await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))).Subnets!) {
    await client.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId! }));
  }
  for (const g of (await client.send(new DescribeInternetGatewaysCommand({}))).InternetGateways!) {
    await client.send(new DetachInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId!, VpcId: vpc.VpcId! }));
    await client.send(new DeleteInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId! }));
  }
  await client.send(new DeleteVpcCommand({ VpcId: vpc.VpcId! }));
  return vpc.VpcId!;
}

describe('DescribeAccountAttributes', () => {
  it('reports VPC as the platform, the default VPC and the default quotas', async () => {
    const out = await ec2.send(new DescribeAccountAttributesCommand({}));
    const attrs = Object.fromEntries(out.AccountAttributes!.map((a) => [a.AttributeName, a.AttributeValues!.map((v) => v.AttributeValue)]));
    const def = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId;
    assert.deepEqual(attrs['supported-platforms'], ['VPC']);
    assert.deepEqual(attrs['default-vpc'], [def]);
    assert.deepEqual(attrs['vpc-max-security-groups-per-interface'], ['5']);
    assert.deepEqual(attrs['max-elastic-ips'], ['5']);
    assert.deepEqual(attrs['vpc-max-elastic-ips'], ['5']);
    assert.ok(attrs['max-instances']);
  });

  it('answers only the named attributes (AttributeNames)', async () => {
    const out = await ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc'] }));
    assert.deepEqual(out.AccountAttributes?.map((a) => a.AttributeName), ['default-vpc']);
  });
});

describe('CreateDefaultSubnet (AWS: "Create a default subnet")', () => {
  it('makes a /20 in the default VPC\'s first free block, DefaultForAz and MapPublicIpOnLaunch', async () => {
    const client = h.ec2('333344446666');
    const def = (await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!;
    const subnets = (await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [def.VpcId!] }] }))).Subnets!;
    const gone = subnets.find((s) => s.CidrBlock === '172.31.16.0/20')!;
    await rejectsWith(client.send(new CreateDefaultSubnetCommand({ AvailabilityZone: gone.AvailabilityZone! })), 'DefaultSubnetAlreadyExistsInAvailabilityZone');
    await client.send(new DeleteSubnetCommand({ SubnetId: gone.SubnetId! }));
    const { Subnet } = await client.send(new CreateDefaultSubnetCommand({ AvailabilityZoneId: gone.AvailabilityZoneId! }));
    assert.equal(Subnet!.CidrBlock, '172.31.16.0/20');
    assert.equal(Subnet!.AvailabilityZone, gone.AvailabilityZone);
    assert.equal(Subnet!.DefaultForAz, true);
    assert.equal(Subnet!.MapPublicIpOnLaunch, true);
    assert.equal(Subnet!.VpcId, def.VpcId);
  });

  it('answers InsufficientFreeAddressesInSubnet when no /20 of the default VPC is free', async () => {
    const client = h.ec2('333344449999');
    const def = (await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
    const subnets = (await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [def.VpcId!] }] }))).Subnets!;
    const gone = subnets[0]!;
    await client.send(new DeleteSubnetCommand({ SubnetId: gone.SubnetId! }));
    const used = new Set(subnets.slice(1).map((s) => s.CidrBlock));
    for (let i = 0; i < 16; i++) {
      const cidr = `172.31.${i * 16}.0/20`;
      if (!used.has(cidr)) await client.send(new CreateSubnetCommand({ VpcId: def.VpcId!, CidrBlock: cidr }));
    }
    await rejectsWith(client.send(new CreateDefaultSubnetCommand({ AvailabilityZone: gone.AvailabilityZone! })), 'InsufficientFreeAddressesInSubnet');
  });

  it('refuses a missing, doubled or unknown zone and an IPv6-only subnet', async () => {
    const zone = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones![0]!;
    await rejectsWith(ec2.send(new CreateDefaultSubnetCommand({})), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateDefaultSubnetCommand({ AvailabilityZone: zone.ZoneName!, AvailabilityZoneId: zone.ZoneId! })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateDefaultSubnetCommand({ AvailabilityZone: 'us-east-1z' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateDefaultSubnetCommand({ AvailabilityZone: zone.ZoneName!, Ipv6Native: true })), 'InvalidParameterValue');
  });

  it('fails with DefaultVpcDoesNotExist once the default VPC is gone, and default-vpc reads none', async () => {
    const client = h.ec2('333344447777');
    await deleteDefaultVpc(client);
    const zone = (await client.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones![0]!;
    await rejectsWith(client.send(new CreateDefaultSubnetCommand({ AvailabilityZone: zone.ZoneName! })), 'DefaultVpcDoesNotExist');
    const out = await client.send(new DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc'] }));
    assert.deepEqual(out.AccountAttributes![0]!.AttributeValues, [{ AttributeValue: 'none' }]);
  });
});

describe('VGW route propagation and detached attachments', () => {
  it('records the propagating gateway (PropagatingVgws) only while it is attached to the table\'s VPC', async () => {
    const vpcId = await newVpc('10.60.0.0/16');
    const rtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
    await rejectsWith(ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: vgw, RouteTableId: rtb })), 'Gateway.NotAttached');
    await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
    await ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: vgw, RouteTableId: rtb }));
    await ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: vgw, RouteTableId: rtb }));
    const read = async () => (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb] }))).RouteTables![0]!.PropagatingVgws;
    assert.deepEqual(await read(), [{ GatewayId: vgw }]);
    await ec2.send(new DisableVgwRoutePropagationCommand({ GatewayId: vgw, RouteTableId: rtb }));
    assert.deepEqual(await read(), []);
    await ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: vgw, RouteTableId: rtb }));
    await ec2.send(new DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
    assert.deepEqual(await read(), [], 'a detached gateway no longer propagates');
    await rejectsWith(ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: 'vgw-0123456789abcdef0', RouteTableId: rtb })), 'InvalidVpnGatewayID.NotFound');
    await rejectsWith(ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: vgw, RouteTableId: 'rtb-0123456789abcdef0' })), 'InvalidRouteTableID.NotFound');
    await rejectsWith(ec2.send(new DisableVgwRoutePropagationCommand({ GatewayId: 'vgw-0123456789abcdef0', RouteTableId: rtb })), 'InvalidVpnGatewayID.NotFound');
  });

  it('lists a detached gateway\'s attachment as detached (attachment.state filter) until it is attached again', async () => {
    const vpcId = await newVpc('10.61.0.0/16');
    const other = await newVpc('10.62.0.0/16');
    const vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
    const read = async () => (await ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: [vgw] }))).VpnGateways![0]!.VpcAttachments;
    assert.deepEqual(await read(), []);
    await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
    await ec2.send(new DetachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: vpcId }));
    assert.deepEqual(await read(), [{ VpcId: vpcId, State: 'detached' }]);
    const detached = await ec2.send(new DescribeVpnGatewaysCommand({ Filters: [{ Name: 'attachment.state', Values: ['detached'] }, { Name: 'attachment.vpc-id', Values: [vpcId] }] }));
    assert.deepEqual(detached.VpnGateways?.map((g) => g.VpnGatewayId), [vgw]);
    await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: vgw, VpcId: other }));
    assert.deepEqual(await read(), [{ VpcId: other, State: 'attached' }]);
  });
});

describe('DescribeVpcs is-default / isDefault and DescribeAvailabilityZones', () => {
  it('filters the default VPC by both names AWS answers', async () => {
    await newVpc('10.63.0.0/16');
    for (const name of ['is-default', 'isDefault']) {
      const yes = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: name, Values: ['true'] }] }));
      assert.equal(yes.Vpcs?.length, 1);
      assert.equal(yes.Vpcs![0]!.IsDefault, true);
      const no = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: name, Values: ['false'] }] }));
      assert.ok(no.Vpcs!.length >= 1 && no.Vpcs!.every((v) => v.IsDefault === false));
    }
  });

  it('serves AllAvailabilityZones, ZoneNames, ZoneIds and the documented filters', async () => {
    const all = (await ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true }))).AvailabilityZones!;
    assert.equal(all.length, 6);
    const optIn = await ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true, Filters: [{ Name: 'opt-in-status', Values: ['opt-in-not-required'] }] }));
    assert.equal(optIn.AvailabilityZones?.length, 6);
    const local = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-type', Values: ['local-zone'] }] }));
    assert.equal(local.AvailabilityZones?.length, 0);
    const byState = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }, { Name: 'region-name', Values: ['us-east-1'] }, { Name: 'group-name', Values: ['us-east-1'] }] }));
    assert.equal(byState.AvailabilityZones?.length, 6);
    const one = await ec2.send(new DescribeAvailabilityZonesCommand({ ZoneIds: [all[2]!.ZoneId!] }));
    assert.deepEqual(one.AvailabilityZones?.map((z) => z.ZoneName), [all[2]!.ZoneName]);
    const named = await ec2.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1a'], Filters: [{ Name: 'zone-name', Values: ['us-east-1*'] }] }));
    assert.deepEqual(named.AvailabilityZones?.map((z) => z.ZoneName), ['us-east-1a']);
    await rejectsWith(ec2.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1z'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeAvailabilityZonesCommand({ ZoneIds: ['use1-az99'] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'network-border-group', Values: ['x'] }] })), 'InvalidParameterValue');
  });
});

describe('ModifySubnetAttribute (every attribute) and CreateSubnet parameters', () => {
  it('stores resource-name DNS options and returns them in PrivateDnsNameOptionsOnLaunch', async () => {
    const vpcId = await newVpc('10.64.0.0/16');
    const id = await newSubnet(vpcId, '10.64.1.0/24');
    const before = await subnet(id);
    assert.deepEqual(before.PrivateDnsNameOptionsOnLaunch, { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false });
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, PrivateDnsHostnameTypeOnLaunch: 'resource-name' }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableResourceNameDnsARecordOnLaunch: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapPublicIpOnLaunch: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableDns64: { Value: false } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapCustomerOwnedIpOnLaunch: { Value: false } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, DisableLniAtDeviceIndex: { Value: true } }));
    const after = await subnet(id);
    assert.deepEqual(after.PrivateDnsNameOptionsOnLaunch, { HostnameType: 'resource-name', EnableResourceNameDnsARecord: true, EnableResourceNameDnsAAAARecord: false });
    assert.equal(after.MapPublicIpOnLaunch, true);
    assert.equal(after.EnableDns64, false);
    assert.equal(after.MapCustomerOwnedIpOnLaunch, false);
    const filtered = await ec2.send(new DescribeSubnetsCommand({ Filters: [
      { Name: 'private-dns-name-options-on-launch.hostname-type', Values: ['resource-name'] },
      { Name: 'private-dns-name-options-on-launch.enable-resource-name-dns-a-record', Values: ['true'] },
    ] }));
    assert.deepEqual(filtered.Subnets?.map((s) => s.SubnetId), [id]);
  });

  it('refuses the IPv6 attributes in a subnet without an IPv6 block, with AWS\'s wording', async () => {
    const vpcId = await newVpc('10.65.0.0/16');
    const id = await newSubnet(vpcId, '10.65.1.0/24');
    const err = await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, AssignIpv6AddressOnCreation: { Value: true } })), 'InvalidParameterValue');
    assert.equal(err.message, `Invalid value 'true' for assign-ipv6-address-on-creation. Cannot set assign-ipv6-address-on-creation to true unless the subnet (${id}) has an IPv6 CIDR block associated with it.`);
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableDns64: { Value: true } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableResourceNameDnsAAAARecordOnLaunch: { Value: true } })), 'InvalidParameterValue');
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, AssignIpv6AddressOnCreation: { Value: false } }));
  });

  it('turns the IPv6 attributes on in a subnet that has an IPv6 block', async () => {
    const vpcId = await newVpc('10.71.0.0/16');
    const id = await newSubnet(vpcId, '10.71.1.0/24');
    // Stands in for AssociateSubnetCidrBlock (served by the IPv6 work): the subnet gets an associated /64.
    h.world.transact((tx) => {
      const p = tx.in('333344445555', 'us-east-1');
      const s = p.get('subnet', id)!;
      p.put({ ...s, ipv6Associations: [{ associationId: 'subnet-cidr-assoc-0123456789abcdef0', cidrBlock: '2600:1f18:1:100::/64', state: 'associated' }] });
    });
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, AssignIpv6AddressOnCreation: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableDns64: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableResourceNameDnsAAAARecordOnLaunch: { Value: true } }));
    const s = await subnet(id);
    assert.equal(s.AssignIpv6AddressOnCreation, true);
    assert.equal(s.EnableDns64, true);
    assert.equal(s.PrivateDnsNameOptionsOnLaunch?.EnableResourceNameDnsAAAARecord, true);
    const dns64 = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'enable-dns64', Values: ['true'] }] }));
    assert.deepEqual(dns64.Subnets?.map((x) => x.SubnetId), [id]);
  });

  it('refuses Outpost-only attributes, several attributes at once, none, and a bad hostname type', async () => {
    const vpcId = await newVpc('10.66.0.0/16');
    const id = await newSubnet(vpcId, '10.66.1.0/24');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapCustomerOwnedIpOnLaunch: { Value: true }, CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapCustomerOwnedIpOnLaunch: { Value: true } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapCustomerOwnedIpOnLaunch: { Value: false }, CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, EnableLniAtDeviceIndex: 1 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' })), 'MissingParameter');
    const err = await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapPublicIpOnLaunch: { Value: true }, EnableResourceNameDnsARecordOnLaunch: { Value: true } })), 'InvalidParameterCombination');
    assert.match(err.message, /Only one subnet attribute can be modified at a time/);
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id })), 'MissingParameter');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, PrivateDnsHostnameTypeOnLaunch: 'fqdn' as 'ip-name' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: 'subnet-0123456789abcdef0', MapPublicIpOnLaunch: { Value: true } })), 'InvalidSubnetID.NotFound');
    assert.equal((await subnet(id)).MapPublicIpOnLaunch, false, 'a refused request changes nothing');
  });

  it('CreateSubnet refuses Outposts and IPAM pools, which vpce does not have', async () => {
    const vpcId = await newVpc('10.67.0.0/16');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.67.1.0/24', OutpostArn: 'arn:aws:outposts:us-east-1:333344445555:outpost/op-0123456789abcdef0' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', Ipv4NetmaskLength: 24 })), 'InvalidIpamPoolId.NotFound');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.67.1.0/24', Ipv4NetmaskLength: 24 })), 'InvalidParameterCombination');
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.equal(subnets.Subnets?.length, 0);
  });
});

describe('VPC tenancy, Network Address Usage metrics and the CIDR quota', () => {
  it('ModifyVpcTenancy changes dedicated to default and refuses anything else', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.68.0.0/16', InstanceTenancy: 'dedicated' }));
    await rejectsWith(ec2.send(new ModifyVpcTenancyCommand({ VpcId: Vpc!.VpcId!, InstanceTenancy: 'dedicated' as 'default' })), 'InvalidParameterValue');
    const out = await ec2.send(new ModifyVpcTenancyCommand({ VpcId: Vpc!.VpcId!, InstanceTenancy: 'default' }));
    assert.equal(out.ReturnValue, true);
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }))).Vpcs![0]!;
    assert.equal(vpc.InstanceTenancy, 'default');
    await rejectsWith(ec2.send(new ModifyVpcTenancyCommand({ VpcId: 'vpc-0123456789abcdef0', InstanceTenancy: 'default' })), 'InvalidVpcID.NotFound');
  });

  it('stores enableNetworkAddressUsageMetrics and reads it back (Terraform reads it on every refresh)', async () => {
    const vpcId = await newVpc('10.69.0.0/16');
    const read = async () => (await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableNetworkAddressUsageMetrics' }))).EnableNetworkAddressUsageMetrics?.Value;
    assert.equal(await read(), false);
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableNetworkAddressUsageMetrics: { Value: true } }));
    assert.equal(await read(), true);
    await rejectsWith(ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableNetworkAddressUsageMetrics: { Value: false }, EnableDnsSupport: { Value: true } })), 'InvalidParameterCombination');
  });

  it('answers CidrLimitExceeded before looking at the block once a VPC has 5 IPv4 blocks', async () => {
    const vpcId = await newVpc('10.70.0.0/16');
    for (let i = 71; i <= 74; i++) await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: `10.${i}.0.0/16` }));
    const err = await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: 'not-a-cidr' })), 'CidrLimitExceeded');
    assert.equal(err.message, `This network '${vpcId}' has met its maximum number of allowed CIDRs: 5`);
  });
});

describe('ModifyVpcPeeringConnectionOptions', () => {
  it('sets AllowDnsResolutionFromRemoteVpc on an active connection, each side by its owner', async () => {
    const requesterAccount = ec2;
    const accepter = h.ec2('333344448888');
    const a = await newVpc('10.80.0.0/16', requesterAccount);
    const b = await newVpc('10.81.0.0/16', accepter);
    const { VpcPeeringConnection } = await requesterAccount.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerOwnerId: '333344448888' }));
    const id = VpcPeeringConnection!.VpcPeeringConnectionId!;
    const err = await rejectsWith(requesterAccount.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } })), 'OperationNotPermitted');
    assert.equal(err.message, `Peering ${id} is not active. Peering options can be added only to active peerings.`);
    await accepter.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    const out = await requesterAccount.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } }));
    assert.equal(out.RequesterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
    assert.equal(out.AccepterPeeringConnectionOptions, undefined);
    await rejectsWith(requesterAccount.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true } })), 'OperationNotPermitted');
    await rejectsWith(accepter.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: { AllowEgressFromLocalClassicLinkToRemoteVpc: true } })), 'OperationNotPermitted');
    await rejectsWith(accepter.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id })), 'MissingParameter');
    await rejectsWith(accepter.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: 'pcx-0123456789abcdef0', AccepterPeeringConnectionOptions: {} })), 'InvalidVpcPeeringConnectionID.NotFound');
    await accepter.send(new ModifyVpcPeeringConnectionOptionsCommand({ VpcPeeringConnectionId: id, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false } }));
    const seen = (await accepter.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }))).VpcPeeringConnections![0]!;
    assert.equal(seen.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, true);
    assert.equal(seen.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, false);
  });

  it('in one account and Region, the owner sets both sides in one call', async () => {
    const a = await newVpc('10.82.0.0/16');
    const b = await newVpc('10.83.0.0/16');
    const id = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    const out = await ec2.send(new ModifyVpcPeeringConnectionOptionsCommand({
      VpcPeeringConnectionId: id,
      RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true }, AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
    }));
    assert.equal(out.RequesterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
    assert.equal(out.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
  });
});

// AWS: IPAM pools and VPC encryption controls are not modelled here; naming them is refused, never dropped.
describe('CreateVpc / AssociateVpcCidrBlock parameters vpce does not model', () => {
  it('refuses an IPv4 IPAM pool (InvalidIpamPoolId.NotFound), a netmask without a pool and encryption controls', async () => {
    const ec2 = h.ec2('606060606061');
    await rejectsWith(ec2.send(new CreateVpcCommand({ Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', Ipv4NetmaskLength: 24 })), 'InvalidIpamPoolId.NotFound');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16', Ipv4NetmaskLength: 24 })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16', VpcEncryptionControl: { Mode: 'monitor' } })), 'UnsupportedOperation');
    const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16' }))).Vpc!.VpcId!;
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpc, Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' })), 'InvalidIpamPoolId.NotFound');
    assert.equal((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length, before + 1, 'refused calls made nothing');
  });
});
