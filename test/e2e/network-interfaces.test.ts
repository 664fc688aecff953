/** @module Network interface operations through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateNetworkInterfaceCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DeleteNetworkInterfaceCommand,
  DeleteSubnetCommand, DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let defaultGroup: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('111111111111');
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.20.0.0/16', '10.20.1.0/24', 'us-east-1a'));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  defaultGroup = groups.SecurityGroups![0]!.GroupId!;
});
after(async () => { await h.close(); });

describe('CreateNetworkInterface', () => {
  it('makes an available ENI with the lowest free address (AWS: first four addresses reserved) and the default group', async () => {
    const { NetworkInterface: eni, ClientToken } = await ec2.send(new CreateNetworkInterfaceCommand({
      SubnetId: subnetId, Description: 'first', TagSpecifications: [{ ResourceType: 'network-interface', Tags: [{ Key: 'Name', Value: 'n1' }] }],
    }));
    assert.ok(ClientToken, 'the SDK auto-fills the idempotency token and it is echoed');
    assert.match(eni!.NetworkInterfaceId!, /^eni-[0-9a-f]{17}$/);
    assert.equal(eni!.PrivateIpAddress, '10.20.1.4');
    assert.equal(eni!.Status, 'available');
    assert.equal(eni!.InterfaceType, 'interface');
    assert.equal(eni!.RequesterManaged, false);
    assert.equal(eni!.SourceDestCheck, true);
    assert.equal(eni!.VpcId, vpcId);
    assert.equal(eni!.SubnetId, subnetId);
    assert.equal(eni!.AvailabilityZone, 'us-east-1a');
    assert.equal(eni!.OwnerId, '111111111111');
    assert.equal(eni!.Description, 'first');
    assert.match(eni!.MacAddress!, /^02(:[0-9a-f]{2}){5}$/);
    assert.deepEqual(eni!.Groups, [{ GroupId: defaultGroup, GroupName: 'default' }]);
    assert.deepEqual(eni!.PrivateIpAddresses!.map((a) => [a.PrivateIpAddress, a.Primary]), [['10.20.1.4', true]]);
    assert.equal(eni!.PrivateDnsName, 'ip-10-20-1-4.ec2.internal');
    assert.deepEqual(eni!.TagSet, [{ Key: 'Name', Value: 'n1' }]);
    assert.equal(eni!.Attachment, undefined);
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!;
    assert.equal(subnet.AvailableIpAddressCount, 256 - 5 - 1);
  });

  it('takes a chosen address, secondary addresses and security groups (SecurityGroupId.N on the wire)', async () => {
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web' }))).GroupId!;
    const { NetworkInterface: eni } = await ec2.send(new CreateNetworkInterfaceCommand({
      SubnetId: subnetId, PrivateIpAddress: '10.20.1.50', SecondaryPrivateIpAddressCount: 2, Groups: [sg, defaultGroup],
    }));
    assert.equal(eni!.PrivateIpAddress, '10.20.1.50');
    assert.deepEqual(eni!.PrivateIpAddresses!.map((a) => a.Primary), [true, false, false]);
    assert.equal(new Set(eni!.PrivateIpAddresses!.map((a) => a.PrivateIpAddress)).size, 3);
    assert.deepEqual(eni!.Groups!.map((g) => g.GroupName).sort(), ['default', 'web']);
  });

  it('rejects bad input with the EC2 codes', async () => {
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: 'subnet-0123456789abcdef0' })), 'InvalidSubnetID.NotFound');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: ['sg-0123456789abcdef0'] })), 'InvalidGroup.NotFound');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: '10.20.1.50' })), 'InvalidIPAddress.InUse');
    // AWS: the address must fall inside the subnet, and not in its reserved range.
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: '10.20.2.9' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: '10.20.1.2' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }] })), 'InvalidParameterValue');
    const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.21.0.0/16' }))).Vpc!.VpcId!;
    const foreign = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [otherVpc] }] }))).SecurityGroups![0]!.GroupId!;
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: [foreign] })), 'InvalidParameter');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: '' })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, SecondaryPrivateIpAddressCount: -1 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'd'.repeat(256) })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, InterfaceType: 'branch' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: '10.20.1.60', PrivateIpAddresses: [{ PrivateIpAddress: '10.20.1.61', Primary: true }] })), 'InvalidParameterCombination');
    // AWS: a client token is at most 64 ASCII characters.
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ClientToken: 't'.repeat(65) })), 'InvalidParameterValue');
  });

  it('allows at most five security groups per interface (AWS: SecurityGroupsPerInterfaceLimitExceeded)', async () => {
    const groups: string[] = [];
    for (let i = 0; i < 6; i++) groups.push((await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `limit-${i}`, Description: 'x' }))).GroupId!);
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: groups })), 'SecurityGroupsPerInterfaceLimitExceeded');
    const ok = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: groups.slice(0, 5) }));
    assert.equal(ok.NetworkInterface!.Groups!.length, 5);
  });

  it('fails with InsufficientFreeAddressesInSubnet when the subnet is full (a /28 has 11 usable addresses)', async () => {
    const small = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.200.0/28' }))).Subnet!.SubnetId!;
    await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: small, SecondaryPrivateIpAddressCount: 10 }));
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: small })), 'InsufficientFreeAddressesInSubnet');
  });

  it('is idempotent per ClientToken (AWS: same token + same parameters = same ENI; different = IdempotentParameterMismatch)', async () => {
    const a = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'idem', ClientToken: 'tok-eni-1' }));
    const b = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'idem', ClientToken: 'tok-eni-1' }));
    assert.equal(a.NetworkInterface!.NetworkInterfaceId, b.NetworkInterface!.NetworkInterfaceId);
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'other', ClientToken: 'tok-eni-1' })), 'IdempotentParameterMismatch');
    const found = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: ['idem'] }] }));
    assert.equal(found.NetworkInterfaces!.length, 1);
  });

  it('DryRun checks and creates nothing, and does not consume the token', async () => {
    await rejectsWith(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'dry', ClientToken: 'tok-dry', DryRun: true })), 'DryRunOperation', 412);
    const found = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: ['dry'] }] }));
    assert.equal(found.NetworkInterfaces!.length, 0);
    await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'wet', ClientToken: 'tok-dry' }));
  });
});

describe('DescribeNetworkInterfaces', () => {
  it('filters by address, subnet, VPC, group, type, requester-managed, status, description, zone, owner, id and tags', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.30.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
    const { NetworkInterface: eni } = await ec2.send(new CreateNetworkInterfaceCommand({
      SubnetId: sub, PrivateIpAddress: '10.20.30.10', SecondaryPrivateIpAddressCount: 1, Description: 'filter-me',
      TagSpecifications: [{ ResourceType: 'network-interface', Tags: [{ Key: 'role', Value: 'filtered' }] }],
    }));
    const id = eni!.NetworkInterfaceId!;
    const secondary = eni!.PrivateIpAddresses!.find((a) => !a.Primary)!.PrivateIpAddress!;
    const one = async (name: string, values: string[]): Promise<string[]> =>
      (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: name, Values: values }, { Name: 'subnet-id', Values: [sub] }] }))).NetworkInterfaces!.map((e) => e.NetworkInterfaceId!);
    assert.deepEqual(await one('addresses.private-ip-address', [secondary]), [id]);
    assert.deepEqual(await one('private-ip-address', ['10.20.30.10']), [id]);
    assert.deepEqual(await one('private-ip-address', ['10.20.30.99']), []);
    assert.deepEqual(await one('vpc-id', [vpcId]), [id]);
    assert.deepEqual(await one('group-id', [defaultGroup]), [id]);
    assert.deepEqual(await one('interface-type', ['interface']), [id]);
    assert.deepEqual(await one('requester-managed', ['false']), [id]);
    assert.deepEqual(await one('requester-managed', ['true']), []);
    assert.deepEqual(await one('status', ['available']), [id]);
    assert.deepEqual(await one('description', ['filter-*']), [id]);
    assert.deepEqual(await one('availability-zone', ['us-east-1b']), [id]);
    assert.deepEqual(await one('owner-id', ['111111111111']), [id]);
    assert.deepEqual(await one('network-interface-id', [id]), [id]);
    assert.deepEqual(await one('tag:role', ['filtered']), [id]);
    assert.deepEqual(await one('tag-key', ['role']), [id]);
    assert.deepEqual(await one('attachment.instance-id', ['i-0123456789abcdef0']), []);
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })), 'InvalidParameterValue');
  });

  it('shows the attachment and public address of an instance ENI (attachment.instance-id filter)', async () => {
    const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.40.0/24' }))).Subnet!.SubnetId!;
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: pub, AssociatePublicIpAddress: true }] }));
    const instanceId = run.Instances![0]!.InstanceId!;
    const found = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }] }));
    assert.equal(found.NetworkInterfaces!.length, 1);
    const eni = found.NetworkInterfaces![0]!;
    assert.equal(eni.Status, 'in-use');
    assert.equal(eni.Attachment!.InstanceId, instanceId);
    assert.equal(eni.Attachment!.DeviceIndex, 0);
    assert.equal(eni.Attachment!.DeleteOnTermination, true);
    assert.equal(eni.Attachment!.Status, 'attached');
    assert.match(eni.Association!.PublicIp!, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(eni.Association!.IpOwnerId, 'amazon');
    // AWS: an attached interface cannot be deleted.
    await rejectsWith(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId })), 'InvalidNetworkInterface.InUse');
  });

  it('pages with MaxResults/NextToken and refuses IDs together with MaxResults (AWS: InvalidParameterCombination)', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.50.0/24' }))).Subnet!.SubnetId!;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: sub }))).NetworkInterface!.NetworkInterfaceId!);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: [sub] }], MaxResults: 5, NextToken: token }));
      seen.push(...page.NetworkInterfaces!.map((e) => e.NetworkInterfaceId!));
      token = page.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 2);
    assert.deepEqual(seen.sort(), [...ids].sort());
    const byId = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ids[0]!, ids[1]!] }));
    assert.equal(byId.NetworkInterfaces!.length, 2);
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ids[0]!], MaxResults: 5 })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 4 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-0123456789abcdef0'] })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['nope-1'] })), 'InvalidNetworkInterfaceId.Malformed');
  });
});

describe('DeleteNetworkInterface', () => {
  it('deletes an available ENI, frees its addresses, and then the subnet can go', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.60.0/24' }))).Subnet!.SubnetId!;
    const { NetworkInterface: eni } = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: sub }));
    await rejectsWith(ec2.send(new DeleteSubnetCommand({ SubnetId: sub })), 'DependencyViolation');
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni!.NetworkInterfaceId }));
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni!.NetworkInterfaceId!] })), 'InvalidNetworkInterfaceID.NotFound');
    await rejectsWith(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni!.NetworkInterfaceId })), 'InvalidNetworkInterfaceID.NotFound');
    await ec2.send(new DeleteSubnetCommand({ SubnetId: sub }));
  });

  it('refuses a requester-managed ENI (AWS: InvalidParameterValue "Network interface … is currently in use")', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.70.0/24' }))).Subnet!.SubnetId!;
    const { NetworkInterface: eni } = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: sub }));
    const id = eni!.NetworkInterfaceId!;
    // Stand in for a service (an interface endpoint) that owns the ENI.
    h.world.transact((tx) => {
      const p = tx.in('111111111111', 'us-east-1');
      p.put({ ...p.get('networkInterface', id)!, requesterManaged: true, requesterId: 'amazon-vpce', interfaceType: 'vpc_endpoint' as const });
    });
    const seen = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'requester-managed', Values: ['true'] }, { Name: 'subnet-id', Values: [sub] }] }));
    assert.equal(seen.NetworkInterfaces![0]!.RequesterId, 'amazon-vpce');
    assert.equal(seen.NetworkInterfaces![0]!.InterfaceType, 'vpc_endpoint');
    const err = await rejectsWith(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id })), 'InvalidParameterValue');
    assert.match(err.message, /currently in use/);
  });
});
