/** @module VPC, subnet, region and zone operations through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateVpcCidrBlockCommand, CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand, DeleteVpcCommand,
  DescribeAvailabilityZonesCommand, DescribeNetworkAclsCommand, DescribeRegionsCommand, DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcAttributeCommand, DescribeVpcsCommand,
  DisassociateVpcCidrBlockCommand, ModifySubnetAttributeCommand, ModifyVpcAttributeCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('111111111111'); });
after(async () => { await h.close(); });

describe('default VPC (AWS: "Default VPCs")', () => {
  it('exists on first use with a /20 default subnet per zone, an IGW route and DNS hostnames on', async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    assert.equal(vpcs.Vpcs?.length, 1);
    const vpc = vpcs.Vpcs![0]!;
    assert.equal(vpc.CidrBlock, '172.31.0.0/16');
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }));
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    assert.equal(subnets.Subnets?.length, zones.AvailabilityZones?.length);
    for (const s of subnets.Subnets!) {
      assert.equal(s.DefaultForAz, true);
      assert.equal(s.MapPublicIpOnLaunch, true);
      assert.match(s.CidrBlock!, /^172\.31\.\d+\.0\/20$/);
      assert.equal(s.AvailableIpAddressCount, 4096 - 5);
    }
    const rts = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }));
    const routes = rts.RouteTables![0]!.Routes!;
    assert.ok(routes.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.GatewayId?.startsWith('igw-')));
    const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }));
    assert.equal(hostnames.EnableDnsHostnames?.Value, true);
  });
});

describe('VPCs', () => {
  it('creates a VPC with its main route table, default security group and default network ACL', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'one' }] }] }));
    assert.match(Vpc!.VpcId!, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(Vpc!.Tags, [{ Key: 'Name', Value: 'one' }]);
    const vpcId = Vpc!.VpcId!;
    const rts = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
    assert.equal(rts.RouteTables?.length, 1);
    assert.deepEqual(rts.RouteTables![0]!.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId]), [['10.1.0.0/16', 'local']]);
    const sgs = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.deepEqual(sgs.SecurityGroups?.map((g) => g.GroupName), ['default']);
    const acls = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.equal(acls.NetworkAcls?.[0]?.IsDefault, true);
  });

  it('filters by tag, tag-key, cidr and wildcards, and pages with MaxResults/NextToken', async () => {
    for (let i = 0; i < 6; i++) {
      await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${50 + i}.0.0/16`, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'batch', Value: `b${i}` }] }] }));
    }
    const tagged = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:batch', Values: ['b1', 'b3'] }] }));
    assert.equal(tagged.Vpcs?.length, 2);
    const wild = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:batch', Values: ['b*'] }, { Name: 'cidr', Values: ['10.5?.0.0/16'] }] }));
    assert.equal(wild.Vpcs?.length, 6);
    const byKey = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag-key', Values: ['batch'] }] }));
    assert.equal(byKey.Vpcs?.length, 6);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag-key', Values: ['batch'] }], MaxResults: 5, NextToken: token }));
      assert.ok((page.Vpcs?.length ?? 0) <= 5);
      seen.push(...page.Vpcs!.map((v) => v.VpcId!));
      token = page.NextToken;
    } while (token);
    assert.equal(new Set(seen).size, 6);
  });

  it('rejects bad input with the EC2 error codes', async () => {
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })), 'InvalidVpc.Range');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.300/16' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateVpcCommand({})), 'MissingParameter');
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ VpcIds: ['bogus'] })), 'InvalidVpcID.Malformed');
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ MaxResults: 2 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: 'garbage!' })), 'InvalidNextToken');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'a', Value: 'b' }] }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'aws:x', Value: 'b' }] }] })), 'InvalidParameterValue');
  });

  it('answers DryRunOperation (412) after the checks pass, and creates nothing', async () => {
    const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.200.0.0/16', DryRun: true })), 'DryRunOperation', 412);
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8', DryRun: true })), 'InvalidVpc.Range');
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ DryRun: true })), 'DryRunOperation', 412);
    assert.equal((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length, before);
  });

  it('refuses to delete a VPC with subnets (DependencyViolation) and deletes it once empty', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.2.1.0/24' }));
    await rejectsWith(ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId })), 'DependencyViolation');
    await ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId }));
    await ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId }));
    await rejectsWith(ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] })), 'InvalidVpcID.NotFound');
    const leftovers = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [Vpc!.VpcId!] }] }));
    assert.equal(leftovers.SecurityGroups?.length, 0);
  });

  it('keeps DNS attributes (enableDnsSupport true, enableDnsHostnames false by default) and enforces one per call', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16' }));
    const id = Vpc!.VpcId!;
    assert.equal((await ec2.send(new DescribeVpcAttributeCommand({ VpcId: id, Attribute: 'enableDnsSupport' }))).EnableDnsSupport?.Value, true);
    assert.equal((await ec2.send(new DescribeVpcAttributeCommand({ VpcId: id, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames?.Value, false);
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true } }));
    assert.equal((await ec2.send(new DescribeVpcAttributeCommand({ VpcId: id, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames?.Value, true);
    await rejectsWith(ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true }, EnableDnsSupport: { Value: true } })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsSupport: { Value: false } })), 'InvalidParameterValue');
  });

  it('adds and removes secondary CIDR blocks, and the local routes follow', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16' }));
    const id = Vpc!.VpcId!;
    const assoc = await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: id, CidrBlock: '10.5.0.0/16' }));
    await rejectsWith(ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: id, CidrBlock: '10.5.128.0/17' })), 'InvalidVpc.Range');
    let rts = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [id] }] }));
    assert.deepEqual(rts.RouteTables![0]!.Routes!.filter((r) => r.GatewayId === 'local').map((r) => r.DestinationCidrBlock), ['10.4.0.0/16', '10.5.0.0/16']);
    await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.5.1.0/24' }));
    const assocId = assoc.CidrBlockAssociation!.AssociationId!;
    await rejectsWith(ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: assocId })), 'DependencyViolation');
    const primary = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs![0]!.CidrBlockAssociationSet![0]!.AssociationId!;
    await rejectsWith(ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: primary })), 'OperationNotPermitted');
    await rejectsWith(ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: 'vpc-cidr-assoc-00000000000000000' })), 'InvalidVpcCidrBlockAssociationID.NotFound');
    rts = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [id] }] }));
    assert.equal(rts.RouteTables![0]!.Routes!.length, 2);
  });
});

describe('subnets (AWS: "Subnet CIDR blocks")', () => {
  it('checks the CIDR is inside the VPC, /16 to /28, and does not overlap', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.6.0.0/16' }));
    const id = Vpc!.VpcId!;
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.6.0.0/28', AvailabilityZone: 'us-east-1b' }));
    assert.equal(Subnet!.AvailableIpAddressCount, 16 - 5);
    assert.equal(Subnet!.AvailabilityZone, 'us-east-1b');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.6.0.0/24' })), 'InvalidSubnet.Conflict');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.6.1.0/29' })), 'InvalidSubnet.Range');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.7.0.0/24' })), 'InvalidSubnet.Range');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.6.2.0/24', AvailabilityZone: 'us-east-1z' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.6.2.0/24' })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new DeleteSubnetCommand({ SubnetId: 'subnet-0123456789abcdef0' })), 'InvalidSubnetID.NotFound');
  });

  it('places a subnet by zone ID, and zone IDs map to names differently per account', async () => {
    const zonesA = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    const other = h.ec2('222222222222');
    const zonesB = (await other.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    assert.deepEqual(zonesA.map((z) => z.ZoneName), zonesB.map((z) => z.ZoneName));
    assert.deepEqual(new Set(zonesA.map((z) => z.ZoneId)), new Set(zonesB.map((z) => z.ZoneId)));
    assert.notDeepEqual(zonesA.map((z) => z.ZoneId), zonesB.map((z) => z.ZoneId));
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }));
    const target = zonesA[2]!;
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.8.0.0/24', AvailabilityZoneId: target.ZoneId }));
    assert.equal(Subnet!.AvailabilityZone, target.ZoneName);
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId, MapPublicIpOnLaunch: { Value: true } }));
    const s = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [Subnet!.SubnetId!] }));
    assert.equal(s.Subnets![0]!.MapPublicIpOnLaunch, true);
  });
});

describe('accounts and regions are isolated', () => {
  it('a VPC made in one account or region is invisible from another', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const id = Vpc!.VpcId!;
    await rejectsWith(h.ec2('222222222222').send(new DescribeVpcsCommand({ VpcIds: [id] })), 'InvalidVpcID.NotFound');
    await rejectsWith(h.ec2('111111111111', 'eu-west-1').send(new DescribeVpcsCommand({ VpcIds: [id] })), 'InvalidVpcID.NotFound');
    const west = await h.ec2('111111111111', 'eu-west-1').send(new DescribeAvailabilityZonesCommand({}));
    assert.ok(west.AvailabilityZones!.every((z) => z.ZoneName!.startsWith('eu-west-1') && z.ZoneId!.startsWith('euw1-')));
    const regions = await ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1', 'us-east-1'] }));
    assert.deepEqual(regions.Regions!.map((r) => r.RegionName).sort(), ['eu-west-1', 'us-east-1']);
  });
});
