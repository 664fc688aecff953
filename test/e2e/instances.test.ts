/** @module Instance operations through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateNetworkInterfaceCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand,
  DeleteVpcCommand, DescribeInstancesCommand, DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand,
  DescribeVpcsCommand, RunInstancesCommand, TerminateInstancesCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateInstanceProfileCommand } from '@aws-sdk/client-iam';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('111111111111');
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.30.0.0/16', '10.30.1.0/24', 'us-east-1c'));
});
after(async () => { await h.close(); });

const run = (extra: Record<string, unknown> = {}) => ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, ...extra }));

describe('RunInstances', () => {
  it('launches into the subnet with a primary ENI, the VPC default group, and answers pending (then running)', async () => {
    const r = await run({ SubnetId: subnetId, InstanceType: 't3.micro', TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }, { ResourceType: 'network-interface', Tags: [{ Key: 'nic', Value: 'yes' }] }] });
    assert.match(r.ReservationId!, /^r-[0-9a-f]{17}$/);
    assert.equal(r.OwnerId, '111111111111');
    const inst = r.Instances![0]!;
    assert.match(inst.InstanceId!, /^i-[0-9a-f]{17}$/);
    assert.deepEqual(inst.State, { Code: 0, Name: 'pending' });
    assert.equal(inst.InstanceType, 't3.micro');
    assert.equal(inst.SubnetId, subnetId);
    assert.equal(inst.VpcId, vpcId);
    assert.equal(inst.Placement!.AvailabilityZone, 'us-east-1c');
    assert.equal(inst.PrivateIpAddress, '10.30.1.4');
    assert.equal(inst.PublicIpAddress, undefined);
    assert.equal(inst.KeyName, undefined);
    assert.deepEqual(inst.SecurityGroups!.map((g) => g.GroupName), ['default']);
    assert.deepEqual(inst.Tags, [{ Key: 'Name', Value: 'web' }]);
    const nic = inst.NetworkInterfaces![0]!;
    assert.equal(nic.Attachment!.DeviceIndex, 0);
    assert.equal(nic.Attachment!.DeleteOnTermination, true);
    assert.equal(nic.PrivateIpAddress, '10.30.1.4');
    const eni = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [nic.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
    assert.deepEqual(eni.TagSet, [{ Key: 'nic', Value: 'yes' }]);
    const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    assert.deepEqual(d.Reservations![0]!.Instances![0]!.State, { Code: 16, Name: 'running' });
  });

  it('uses the default VPC default subnet of the first zone when no subnet is given, with a public IP (MapPublicIpOnLaunch)', async () => {
    const r = await run();
    const inst = r.Instances![0]!;
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [inst.SubnetId!] }))).Subnets![0]!;
    assert.equal(subnet.DefaultForAz, true);
    assert.equal(subnet.AvailabilityZone, 'us-east-1a');
    const defaultVpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
    assert.equal(inst.VpcId, defaultVpc.VpcId);
    assert.match(inst.PublicIpAddress!, /^\d+\.\d+\.\d+\.\d+$/);
    assert.ok(!inst.PublicIpAddress!.startsWith('10.') && !inst.PublicIpAddress!.startsWith('172.') && !inst.PublicIpAddress!.startsWith('192.168.'));
    assert.match(inst.PublicDnsName!, /^ec2-.*\.compute-1\.amazonaws\.com$/);
    const placed = await run({ Placement: { AvailabilityZone: 'us-east-1b' } });
    assert.equal(placed.Instances![0]!.Placement!.AvailabilityZone, 'us-east-1b');
  });

  it('gives a public IP when NetworkInterfaces[0].AssociatePublicIpAddress asks, unique across instances', async () => {
    const r = await run({ MinCount: 3, MaxCount: 3, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] });
    assert.equal(r.Instances!.length, 3);
    const ips = r.Instances!.map((i) => i.PublicIpAddress!);
    assert.equal(new Set(ips).size, 3);
    assert.deepEqual(r.Instances!.map((i) => i.AmiLaunchIndex), [0, 1, 2]);
  });

  it('honours SecurityGroupIds (must be in the subnet VPC), PrivateIpAddress and IamInstanceProfile', async () => {
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'app', Description: 'app' }))).GroupId!;
    const iam = h.iam('111111111111');
    const profileId = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-role' }))).InstanceProfile!.InstanceProfileId!;
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'other' }));
    const r = await run({ SubnetId: subnetId, SecurityGroupIds: [sg], PrivateIpAddress: '10.30.1.100', IamInstanceProfile: { Name: 'app-role' } });
    const inst = r.Instances![0]!;
    assert.equal(inst.PrivateIpAddress, '10.30.1.100');
    assert.deepEqual(inst.SecurityGroups, [{ GroupId: sg, GroupName: 'app' }]);
    assert.equal(inst.IamInstanceProfile!.Arn, 'arn:aws:iam::111111111111:instance-profile/app-role');
    assert.equal(inst.IamInstanceProfile!.Id, profileId);
    const byArn = await run({ SubnetId: subnetId, IamInstanceProfile: { Arn: 'arn:aws:iam::111111111111:instance-profile/other' } });
    assert.equal(byArn.Instances![0]!.IamInstanceProfile!.Arn, 'arn:aws:iam::111111111111:instance-profile/other');
    const foreignVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.31.0.0/16' }))).Vpc!.VpcId!;
    const foreign = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [foreignVpc] }] }))).SecurityGroups![0]!.GroupId!;
    await rejectsWith(run({ SubnetId: subnetId, SecurityGroupIds: [foreign] }), 'InvalidParameter');
    await rejectsWith(run({ SubnetId: subnetId, SecurityGroupIds: ['sg-0123456789abcdef0'] }), 'InvalidGroup.NotFound');
    await rejectsWith(run({ SubnetId: subnetId, PrivateIpAddress: '10.30.1.100' }), 'InvalidIPAddress.InUse');
    await rejectsWith(run({ SubnetId: subnetId, PrivateIpAddress: '10.99.0.5' }), 'InvalidParameterValue');
  });

  it('rejects bad input with the EC2 codes', async () => {
    await rejectsWith(run({ ImageId: 'img-1234' }), 'InvalidAMIID.Malformed');
    await rejectsWith(run({ ImageId: 'ami-xyz' }), 'InvalidAMIID.Malformed');
    await rejectsWith(run({ ImageId: undefined }), 'MissingParameter');
    // AWS: MinCount at least 1 and not above MaxCount.
    await rejectsWith(run({ MinCount: 3, MaxCount: 2 }), 'InvalidParameterValue');
    await rejectsWith(run({ MinCount: 0, MaxCount: 2 }), 'InvalidParameterValue');
    await rejectsWith(run({ SubnetId: 'subnet-0123456789abcdef0' }), 'InvalidSubnetID.NotFound');
    // AWS: a private address cannot be given when launching more than one instance.
    await rejectsWith(run({ SubnetId: subnetId, MaxCount: 2, PrivateIpAddress: '10.30.1.200' }), 'InvalidParameterCombination');
    // AWS: with NetworkInterfaces, the subnet and groups belong to the interface specification.
    await rejectsWith(run({ SubnetId: subnetId, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId }] }), 'InvalidParameterCombination');
    await rejectsWith(run({ TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }), 'InvalidParameterValue');
    await rejectsWith(run({ InstanceType: 'not a type' }), 'InvalidParameterValue');
    await rejectsWith(run({ SecurityGroups: ['no-such-group'] }), 'InvalidGroup.NotFound');
    await rejectsWith(run({ IamInstanceProfile: { Arn: 'arn:aws:iam::1:role/x' } }), 'InvalidParameterValue');
    await rejectsWith(run({ IamInstanceProfile: { Arn: 'arn:aws:iam::111111111111:instance-profile/x', Name: 'x' } }), 'InvalidParameterCombination');
    await rejectsWith(run({ NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: 'eni-0123456789abcdef0' }] }), 'InvalidNetworkInterfaceID.NotFound');
    const named = await run({ SecurityGroups: ['default'] });
    assert.deepEqual(named.Instances![0]!.SecurityGroups!.map((g) => g.GroupName), ['default']);
  });

  it('launches between MinCount and MaxCount as addresses allow, else InsufficientFreeAddressesInSubnet', async () => {
    const small = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.200.0/28' }))).Subnet!.SubnetId!;
    const r = await run({ SubnetId: small, MinCount: 2, MaxCount: 20 });
    assert.equal(r.Instances!.length, 11);
    await rejectsWith(run({ SubnetId: small }), 'InsufficientFreeAddressesInSubnet');
  });

  it('says VPCIdNotSpecified without a subnet when there is no default VPC', async () => {
    const lonely = h.ec2('333333333333');
    const def = (await lonely.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!;
    const subnets = (await lonely.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [def.VpcId!] }] }))).Subnets!;
    for (const s of subnets) await lonely.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId }));
    await rejectsWith(lonely.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 })), 'MissingInput');
    // The default VPC's internet gateway is still attached; drop the VPC record directly for this check.
    h.world.transact((tx) => { tx.in('333333333333', 'us-east-1').remove(def.VpcId!); });
    await rejectsWith(lonely.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 })), 'VPCIdNotSpecified');
  });

  it('attaches an existing ENI given by NetworkInterfaceId, which survives termination (DeleteOnTermination false)', async () => {
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const r = await run({ NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: eni.NetworkInterfaceId }] });
    const inst = r.Instances![0]!;
    assert.equal(inst.PrivateIpAddress, eni.PrivateIpAddress);
    assert.equal(inst.NetworkInterfaces![0]!.Attachment!.DeleteOnTermination, false);
    await rejectsWith(run({ NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: eni.NetworkInterfaceId }] }), 'InvalidNetworkInterface.InUse');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    const after = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
    assert.equal(after.Status, 'available');
    assert.equal(after.Attachment, undefined);
  });

  it('is idempotent per ClientToken (AWS: same token returns the same reservation; different parameters mismatch)', async () => {
    const a = await run({ SubnetId: subnetId, ClientToken: 'run-tok-1' });
    const b = await run({ SubnetId: subnetId, ClientToken: 'run-tok-1' });
    assert.equal(a.ReservationId, b.ReservationId);
    assert.deepEqual(a.Instances!.map((i) => i.InstanceId), b.Instances!.map((i) => i.InstanceId));
    assert.equal(b.Instances![0]!.State!.Name, 'running');
    assert.equal(b.Instances![0]!.ClientToken, 'run-tok-1');
    await rejectsWith(run({ SubnetId: subnetId, ClientToken: 'run-tok-1', InstanceType: 'c5.large' }), 'IdempotentParameterMismatch');
    const byToken = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: ['run-tok-1'] }] }));
    assert.equal(byToken.Reservations!.flatMap((x) => x.Instances!).length, 1);
  });

  it('DryRun launches nothing', async () => {
    await rejectsWith(run({ SubnetId: subnetId, DryRun: true, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'dry', Value: '1' }] }] }), 'DryRunOperation', 412);
    const d = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:dry', Values: ['1'] }] }));
    assert.equal(d.Reservations!.length, 0);
  });
});

describe('DescribeInstances', () => {
  it('groups by reservation and filters by id, state, subnet, VPC, addresses, ENI, group, zone and tags', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.5.0/24', AvailabilityZone: 'us-east-1d' }))).Subnet!.SubnetId!;
    const r = await run({ SubnetId: sub, MinCount: 2, MaxCount: 2, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue' }] }] });
    const [a, b] = r.Instances!;
    const all = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'subnet-id', Values: [sub] }] }));
    assert.equal(all.Reservations!.length, 1);
    assert.equal(all.Reservations![0]!.ReservationId, r.ReservationId);
    assert.equal(all.Reservations![0]!.Instances!.length, 2);
    const ids = async (filters: { Name: string; Values: string[] }[]): Promise<string[]> =>
      (await ec2.send(new DescribeInstancesCommand({ Filters: [...filters, { Name: 'subnet-id', Values: [sub] }] }))).Reservations!.flatMap((x) => x.Instances!.map((i) => i.InstanceId!)).sort();
    const both = [a!.InstanceId!, b!.InstanceId!].sort();
    assert.deepEqual(await ids([{ Name: 'instance-id', Values: [a!.InstanceId!] }]), [a!.InstanceId!]);
    assert.deepEqual(await ids([{ Name: 'instance-state-name', Values: ['running'] }]), both);
    assert.deepEqual(await ids([{ Name: 'vpc-id', Values: [vpcId] }]), both);
    assert.deepEqual(await ids([{ Name: 'private-ip-address', Values: [b!.PrivateIpAddress!] }]), [b!.InstanceId!]);
    assert.deepEqual(await ids([{ Name: 'network-interface.network-interface-id', Values: [a!.NetworkInterfaces![0]!.NetworkInterfaceId!] }]), [a!.InstanceId!]);
    assert.deepEqual(await ids([{ Name: 'instance.group-id', Values: [a!.SecurityGroups![0]!.GroupId!] }]), both);
    assert.deepEqual(await ids([{ Name: 'availability-zone', Values: ['us-east-1d'] }]), both);
    assert.deepEqual(await ids([{ Name: 'tag:team', Values: ['blue'] }]), both);
    assert.deepEqual(await ids([{ Name: 'ip-address', Values: ['1.2.3.4'] }]), []);
    const pub = await run({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: sub, AssociatePublicIpAddress: true }] });
    assert.deepEqual(await ids([{ Name: 'ip-address', Values: [pub.Instances![0]!.PublicIpAddress!] }]), [pub.Instances![0]!.InstanceId!]);
    await rejectsWith(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })), 'InvalidInstanceID.NotFound');
    await rejectsWith(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['x-1'] })), 'InvalidInstanceID.Malformed');
    await rejectsWith(ec2.send(new DescribeInstancesCommand({ InstanceIds: [a!.InstanceId!], MaxResults: 5 })), 'InvalidParameterCombination');
  });

  it('pages with MaxResults/NextToken', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.6.0/24' }))).Subnet!.SubnetId!;
    await run({ SubnetId: sub, MinCount: 7, MaxCount: 7 });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'subnet-id', Values: [sub] }], MaxResults: 5, NextToken: token }));
      seen.push(...page.Reservations!.flatMap((x) => x.Instances!.map((i) => i.InstanceId!)));
      token = page.NextToken;
    } while (token);
    assert.equal(new Set(seen).size, 7);
  });
});

describe('TerminateInstances', () => {
  it('answers shutting-down, then the instance is terminated, still visible, and its ENI and address are gone', async () => {
    const sub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.7.0/24' }))).Subnet!.SubnetId!;
    const inst = (await run({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: sub, AssociatePublicIpAddress: true }] })).Instances![0]!;
    const eniId = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    const t = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    assert.deepEqual(t.TerminatingInstances, [{ InstanceId: inst.InstanceId, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } }]);
    const d = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.InstanceId!] }))).Reservations![0]!.Instances![0]!;
    assert.deepEqual(d.State, { Code: 48, Name: 'terminated' });
    assert.equal(d.PublicIpAddress, undefined);
    assert.deepEqual(d.NetworkInterfaces, []);
    assert.equal(d.StateReason!.Code, 'Client.UserInitiatedShutdown');
    await rejectsWith(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] })), 'InvalidNetworkInterfaceID.NotFound');
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [sub] }))).Subnets![0]!;
    assert.equal(subnet.AvailableIpAddressCount, 256 - 5);
    const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    assert.equal(again.TerminatingInstances![0]!.CurrentState!.Name, 'terminated');
    const stateFilter = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['terminated'] }, { Name: 'instance-id', Values: [inst.InstanceId!] }] }));
    assert.equal(stateFilter.Reservations!.length, 1);
    // With the instance gone, the subnet and then the VPC can be deleted.
    await ec2.send(new DeleteSubnetCommand({ SubnetId: sub }));
  });

  it('fails the whole call for one unknown ID (AWS: InvalidInstanceID.NotFound) and terminates nothing', async () => {
    const inst = (await run({ SubnetId: subnetId })).Instances![0]!;
    await rejectsWith(ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!, 'i-0123456789abcdef0'] })), 'InvalidInstanceID.NotFound');
    const d = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.InstanceId!] }))).Reservations![0]!.Instances![0]!;
    assert.equal(d.State!.Name, 'running');
  });

  it('a VPC empties once its instances are terminated', async () => {
    const v = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.32.0.0/16' }))).Vpc!.VpcId!;
    const s = (await ec2.send(new CreateSubnetCommand({ VpcId: v, CidrBlock: '10.32.0.0/24' }))).Subnet!.SubnetId!;
    const inst = (await run({ SubnetId: s })).Instances![0]!;
    await rejectsWith(ec2.send(new DeleteSubnetCommand({ SubnetId: s })), 'DependencyViolation');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: s }));
    await ec2.send(new DeleteVpcCommand({ VpcId: v }));
  });
});
