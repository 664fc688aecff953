/**
 * @module Instances as Terraform's aws_instance and SDK code use them, through @aws-sdk/client-ec2: the launch
 * request the provider sends, the reads it makes after, state transitions, attributes, volumes, credits, metadata
 * options, and every refusal with AWS's error code.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSecurityGroupCommand, CreateTagsCommand, DescribeImagesCommand, DescribeInstanceAttributeCommand, DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand, DescribeInstanceStatusCommand, DescribeInstanceTypesCommand, DescribeKeyPairsCommand, DescribeSubnetsCommand, DescribeVolumesCommand,
  GetInstanceMetadataDefaultsCommand, ModifyInstanceAttributeCommand, ModifyInstanceCreditSpecificationCommand, ModifyInstanceMetadataOptionsCommand,
  MonitorInstancesCommand, RunInstancesCommand, StartInstancesCommand, StopInstancesCommand, TerminateInstancesCommand, UnmonitorInstancesCommand,
  type EC2Client, type Instance, type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { CreateInstanceProfileCommand } from '@aws-sdk/client-iam';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let sgId: string;
let al2023: string;
let arm: string;

const OWN_AMI = 'ami-0abcdef1234567890';

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('333333333333');
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.50.0.0/16', '10.50.1.0/24', 'us-east-1a'));
  sgId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web' }))).GroupId!;
  await h.iam('333333333333').send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
  const byName = async (name: string): Promise<string> => (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: [name] }] }))).Images![0]!.ImageId!;
  al2023 = await byName('al2023-ami-2023.7.20250414.0-kernel-6.1-x86_64');
  arm = await byName('al2023-ami-2023.7.20250414.0-kernel-6.1-arm64');
});
after(async () => { await h.close(); });

const run = async (extra: Partial<RunInstancesCommandInput> = {}): Promise<Instance> =>
  (await ec2.send(new RunInstancesCommand({ ImageId: OWN_AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId, InstanceType: 't3.micro', ...extra }))).Instances![0]!;
const describeOne = async (id: string): Promise<Instance> => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!;
const attribute = (InstanceId: string, Attribute: NonNullable<ConstructorParameters<typeof DescribeInstanceAttributeCommand>[0]>['Attribute']) =>
  ec2.send(new DescribeInstanceAttributeCommand({ InstanceId, Attribute }));
const userData = Buffer.from('#!/bin/bash\necho hello\n').toString('base64');

describe('the aws_instance launch request', () => {
  it('launches what the provider sends (empty Placement zone and group, flags false, NIC with a public IP, profile, user data, tags)', async () => {
    const r = await ec2.send(new RunInstancesCommand({
      ImageId: al2023, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ClientToken: 'terraform-20250101000000000000000001',
      Placement: { AvailabilityZone: '', GroupName: '' }, DisableApiStop: false, DisableApiTermination: false, EbsOptimized: false,
      Monitoring: { Enabled: false }, IamInstanceProfile: { Name: 'web-profile' }, UserData: userData,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [sgId], AssociatePublicIpAddress: true }],
      MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2, InstanceMetadataTags: 'disabled' },
      CreditSpecification: { CpuCredits: 'standard' },
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3', DeleteOnTermination: true, Encrypted: true } }],
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }, { ResourceType: 'volume', Tags: [{ Key: 'disk', Value: 'root' }] }],
    }));
    const inst = r.Instances![0]!;
    assert.deepEqual(inst.State, { Code: 0, Name: 'pending' });
    const id = inst.InstanceId!;
    const d = await describeOne(id);
    assert.equal(d.State!.Name, 'running', 'running on the first poll: the provider\'s waiter finishes at once');
    assert.equal(d.Placement!.AvailabilityZone, 'us-east-1a');
    assert.equal(d.ImageId, al2023);
    assert.match(d.PublicIpAddress!, /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(d.SecurityGroups!.map((g) => g.GroupId), [sgId]);
    assert.match(d.IamInstanceProfile!.Arn!, /:instance-profile\/web-profile$/);
    assert.deepEqual(d.Tags, [{ Key: 'Name', Value: 'web' }]);
    assert.equal(d.Monitoring!.State, 'disabled');
    assert.equal(d.EbsOptimized, false);
    assert.equal(d.RootDeviceName, '/dev/xvda');
    assert.equal(d.Architecture, 'x86_64');
    assert.deepEqual(d.MetadataOptions, { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' });
    assert.deepEqual(d.CpuOptions, { CoreCount: 1, ThreadsPerCore: 2 });
    assert.equal(d.SourceDestCheck, true);
    const bdm = d.BlockDeviceMappings!;
    assert.equal(bdm.length, 1);
    assert.equal(bdm[0]!.DeviceName, '/dev/xvda');
    assert.equal(bdm[0]!.Ebs!.Status, 'attached');
    assert.equal(bdm[0]!.Ebs!.DeleteOnTermination, true);
    const volumeId = bdm[0]!.Ebs!.VolumeId!;
    assert.match(volumeId, /^vol-[0-9a-f]{17}$/);

    // The reads the provider makes after launch.
    assert.equal((await attribute(id, 'userData')).UserData!.Value, userData);
    assert.equal((await attribute(id, 'disableApiTermination')).DisableApiTermination!.Value, false);
    assert.equal((await attribute(id, 'disableApiStop')).DisableApiStop!.Value, false);
    assert.equal((await attribute(id, 'instanceInitiatedShutdownBehavior')).InstanceInitiatedShutdownBehavior!.Value, 'stop');
    const vols = (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes!;
    assert.equal(vols[0]!.Size, 20);
    assert.equal(vols[0]!.VolumeType, 'gp3');
    assert.equal(vols[0]!.Iops, 3000);
    assert.equal(vols[0]!.Throughput, 125);
    assert.equal(vols[0]!.Encrypted, true);
    assert.match(vols[0]!.KmsKeyId!, /^arn:aws:kms:us-east-1:333333333333:key\//);
    assert.equal(vols[0]!.State, 'in-use');
    assert.deepEqual(vols[0]!.Tags, [{ Key: 'disk', Value: 'root' }]);
    assert.equal(vols[0]!.Attachments![0]!.InstanceId, id);
    assert.equal(vols[0]!.Attachments![0]!.Device, '/dev/xvda');
    const type = (await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro'] }))).InstanceTypes![0]!;
    assert.equal(type.BurstablePerformanceSupported, true);
    const credits = (await ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [id] }))).InstanceCreditSpecifications!;
    assert.deepEqual(credits, [{ InstanceId: id, CpuCredits: 'standard' }]);

    // Root volume tags from root_block_device: CreateTags on the volume.
    await ec2.send(new CreateTagsCommand({ Resources: [volumeId], Tags: [{ Key: 'extra', Value: '1' }] }));
    assert.equal((await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:extra', Values: ['1'] }] }))).Volumes!.length, 1);

    // Destroy: TerminateInstances, then the provider waits for `terminated`; the root volume goes with it.
    const t = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.equal(t.TerminatingInstances![0]!.CurrentState!.Name, 'shutting-down');
    assert.equal((await describeOne(id)).State!.Name, 'terminated');
    await rejectsWith(ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })), 'InvalidVolume.NotFound');
  });

  it('gives every instance an 8 GiB root volume from the image by default (gp2 for an image it does not know) and lists it by attachment.instance-id', async () => {
    const inst = await run();
    const vols = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [inst.InstanceId!] }] }))).Volumes!;
    assert.equal(vols.length, 1);
    assert.equal(vols[0]!.Size, 8);
    assert.equal(vols[0]!.VolumeType, 'gp2');
    assert.equal(vols[0]!.Iops, 100);
    assert.equal(vols[0]!.Encrypted, false);
    assert.equal(vols[0]!.AvailabilityZone, 'us-east-1a');
    assert.equal(vols[0]!.Attachments![0]!.DeleteOnTermination, true);
    // AWS: AL2023 images (ImdsSupport v2.0) launch requiring tokens with a hop limit of 2; others optional with 1.
    assert.equal(inst.MetadataOptions!.HttpTokens, 'optional');
    assert.equal(inst.MetadataOptions!.HttpPutResponseHopLimit, 1);
    const al = await run({ ImageId: al2023 });
    assert.equal(al.MetadataOptions!.HttpTokens, 'required');
    assert.equal(al.MetadataOptions!.HttpPutResponseHopLimit, 2);
  });

  it('keeps a root volume with DeleteOnTermination false as available after termination, and makes extra EBS volumes', async () => {
    const inst = await run({ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: false } }, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 10, VolumeType: 'io1', Iops: 500 } }] });
    const devices = inst.BlockDeviceMappings!.map((b) => b.DeviceName);
    assert.deepEqual(devices, ['/dev/xvda', '/dev/sdf']);
    const [root, data] = inst.BlockDeviceMappings!.map((b) => b.Ebs!.VolumeId!);
    assert.equal((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [data!] }))).Volumes![0]!.Iops, 500);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    const left = (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [root!] }))).Volumes![0]!;
    assert.equal(left.State, 'available');
    assert.deepEqual(left.Attachments, []);
    await rejectsWith(ec2.send(new DescribeVolumesCommand({ VolumeIds: [data!] })), 'InvalidVolume.NotFound');
    await rejectsWith(ec2.send(new DescribeVolumesCommand({ VolumeIds: ['volume-1'] })), 'InvalidVolumeID.Malformed');
    for (let i = 0; i < 3; i++) await run();
    const page = await ec2.send(new DescribeVolumesCommand({ MaxResults: 5 }));
    assert.equal(page.Volumes!.length, 5);
    assert.ok(page.NextToken);
    const rest = await ec2.send(new DescribeVolumesCommand({ MaxResults: 1000, NextToken: page.NextToken }));
    assert.ok(rest.Volumes!.every((v) => !page.Volumes!.some((p) => p.VolumeId === v.VolumeId)));
    await rejectsWith(ec2.send(new DescribeVolumesCommand({ VolumeIds: [root!], MaxResults: 5 })), 'InvalidParameterCombination');
  });

  it('defaults CPU credits by family: unlimited for t3, standard for t2, none listed for m5', async () => {
    const t3 = await run();
    const t2 = await run({ InstanceType: 't2.micro' });
    const m5 = await run({ InstanceType: 'm5.large' });
    const listed = (await ec2.send(new DescribeInstanceCreditSpecificationsCommand({}))).InstanceCreditSpecifications!.map((c) => c.InstanceId);
    assert.ok(listed.includes(t3.InstanceId));
    assert.ok(!listed.includes(t2.InstanceId) && !listed.includes(m5.InstanceId), 'AWS: without ids, only unlimited instances are listed');
    const named = (await ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [t2.InstanceId!] }))).InstanceCreditSpecifications!;
    assert.equal(named[0]!.CpuCredits, 'standard');
  });
});

describe('RunInstances refusals (AWS error codes)', () => {
  const cases: [string, Partial<RunInstancesCommandInput>, string][] = [
    ['a key pair vpce does not hold', { KeyName: 'my-key' }, 'InvalidKeyPair.NotFound'],
    ['user data that is not base64', { UserData: 'not base64!' }, 'InvalidParameterValue'],
    ['user data over 16 KB', { UserData: Buffer.alloc(16385, 1).toString('base64') }, 'InvalidParameterValue'],
    ['an arm64 image on an x86_64 type', { ImageId: 'ARM' }, 'InvalidParameterValue'],
    ['credits on a non-burstable type', { InstanceType: 'm5.large', CreditSpecification: { CpuCredits: 'unlimited' } }, 'InstanceCreditSpecification.NotSupported'],
    ['an unknown credit option', { CreditSpecification: { CpuCredits: 'turbo' } }, 'InvalidParameterValue'],
    ['EBS optimization on t2', { InstanceType: 't2.micro', EbsOptimized: true }, 'InvalidParameterCombination'],
    ['a hop limit above 64', { MetadataOptions: { HttpPutResponseHopLimit: 65 } }, 'InvalidParameterValue'],
    ['a root volume smaller than its snapshot', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 4 } }] }, 'InvalidBlockDeviceMapping'],
    ['another snapshot for the root device', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0123456789abcdef0' } }] }, 'InvalidBlockDeviceMapping'],
    ['a device mapped twice', { BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: 1 } }, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 1 } }] }, 'InvalidBlockDeviceMapping'],
    ['a snapshot vpce does not hold', { BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { SnapshotId: 'snap-0123456789abcdef0' } }] }, 'InvalidSnapshot.NotFound'],
    ['an extra volume without size or snapshot', { BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeType: 'gp3' } }] }, 'MissingParameter'],
    ['io1 without iops', { BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: 10, VolumeType: 'io1' } }] }, 'MissingParameter'],
    ['iops on gp2', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp2', Iops: 300 } }] }, 'InvalidParameterCombination'],
    ['throughput on gp2', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp2', Throughput: 200 } }] }, 'InvalidParameterCombination'],
    ['gp3 iops out of range', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3', Iops: 100 } }] }, 'InvalidParameterValue'],
    ['a volume too large', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20000 } }] }, 'InvalidParameterValue'],
    ['a KMS key without Encrypted', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { KmsKeyId: 'alias/mine' } }] }, 'InvalidParameterDependency'],
    ['an Outpost volume', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { OutpostArn: 'arn:aws:outposts:us-east-1:333333333333:outpost/op-1' } }] }, 'InvalidParameterCombination'],
    ['hibernation with an unencrypted root', { HibernationOptions: { Configured: true } }, 'UnsupportedHibernationConfiguration'],
    ['enclaves on a burstable type', { EnclaveOptions: { Enabled: true } }, 'UnsupportedOperation'],
    ['CPU options beyond the type', { CpuOptions: { CoreCount: 4, ThreadsPerCore: 2 } }, 'InvalidParameterValue'],
    ['host tenancy', { Placement: { Tenancy: 'host' } }, 'InvalidParameterCombination'],
    ['a zone id other than the subnet\'s', { Placement: { AvailabilityZoneId: 'use1-az99' } }, 'InvalidParameterValue'],
    ['a launch template id', { LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0' } }, 'InvalidLaunchTemplateId.NotFound'],
    ['a launch template name', { LaunchTemplate: { LaunchTemplateName: 'web' } }, 'InvalidLaunchTemplateName.NotFoundException'],
    ['both launch template id and name', { LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', LaunchTemplateName: 'web' } }, 'InvalidParameterCombination'],
    ['a launch template naming neither', { LaunchTemplate: { Version: '1' } }, 'MissingParameter'],
    ['a kernel id', { KernelId: 'aki-12345678' }, 'InvalidAMIID.NotFound'],
    ['a placement group', { Placement: { GroupName: 'cluster-1' } }, 'InvalidPlacementGroup.Unknown'],
    ['a dedicated host', { Placement: { HostId: 'h-0123456789abcdef0' } }, 'InvalidHostID.NotFound'],
    ['a host resource group', { Placement: { HostResourceGroupArn: 'arn:aws:resource-groups:us-east-1:333333333333:group/g' } }, 'InvalidParameterValue'],
    ['an affinity', { Placement: { Affinity: 'host' } }, 'InvalidParameterCombination'],
    ['a partition number', { Placement: { PartitionNumber: 1 } }, 'InvalidParameterCombination'],
    ['a capacity reservation', { CapacityReservationSpecification: { CapacityReservationTarget: { CapacityReservationId: 'cr-0123456789abcdef0' } } }, 'InvalidCapacityReservationId.NotFound'],
    ['capacity-reservations-only', { CapacityReservationSpecification: { CapacityReservationPreference: 'capacity-reservations-only' } }, 'InsufficientInstanceCapacity'],
    ['a spot launch', { InstanceMarketOptions: { MarketType: 'spot' } }, 'UnsupportedOperation'],
    ['Elastic Graphics', { ElasticGpuSpecification: [{ Type: 'eg1.medium' }] }, 'UnsupportedOperation'],
    ['a license configuration', { LicenseSpecifications: [{ LicenseConfigurationArn: 'arn:aws:license-manager:us-east-1:333333333333:license-configuration:lic-1' }] }, 'InvalidParameterValue'],
    ['an operator', { Operator: { Principal: 'eks.amazonaws.com' } }, 'InvalidParameterValue'],
    ['IPv6 addresses in a subnet without an IPv6 block', { Ipv6AddressCount: 1 }, 'InvalidParameterValue'],
    ['a taggable type RunInstances does not tag', { TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }, 'InvalidParameterValue'],
    ['spot request tags without a spot launch', { TagSpecifications: [{ ResourceType: 'spot-instances-request', Tags: [{ Key: 'a', Value: 'b' }] }] }, 'InvalidParameterCombination'],
    ['an EFA interface', { SubnetId: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: 'SUBNET', InterfaceType: 'efa' }] }, 'UnsupportedOperation'],
    ['explicit secondary private addresses', { SubnetId: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: 'SUBNET', PrivateIpAddresses: [{ PrivateIpAddress: '10.50.1.50', Primary: false }] }] }, 'InvalidParameterCombination'],
    ['a second network card', { SubnetId: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: 'SUBNET', NetworkCardIndex: 1 }] }, 'InvalidParameterValue'],
  ];
  for (const [what, extra, code] of cases) {
    it(`refuses ${what} with ${code}`, async () => {
      const input: Partial<RunInstancesCommandInput> = { ...extra };
      if (input.ImageId === 'ARM') input.ImageId = arm;
      for (const n of input.NetworkInterfaces ?? []) if (n.SubnetId === 'SUBNET') n.SubnetId = subnetId;
      const before = (await ec2.send(new DescribeInstancesCommand({}))).Reservations!.length;
      await rejectsWith(run(input), code);
      assert.equal((await ec2.send(new DescribeInstancesCommand({}))).Reservations!.length, before, 'nothing launched');
    });
  }

  it('treats Placement.AvailabilityZone="" as unset (it failed before as an invalid zone) and accepts a matching zone id', async () => {
    const zoneId = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailabilityZoneId!;
    const inst = await run({ Placement: { AvailabilityZone: '', GroupName: '', Tenancy: 'default', AvailabilityZoneId: zoneId } });
    assert.equal(inst.Placement!.AvailabilityZoneId, zoneId);
    assert.equal(inst.Placement!.AvailabilityZone, 'us-east-1a');
    const ok = await run({ ImageId: arm, InstanceType: 't4g.micro', PrivateDnsNameOptions: { HostnameType: 'resource-name', EnableResourceNameDnsARecord: true }, MaintenanceOptions: { AutoRecovery: 'disabled' }, Monitoring: { Enabled: true } });
    assert.equal(ok.Architecture, 'arm64');
    assert.equal(ok.PrivateDnsName, `${ok.InstanceId}.ec2.internal`);
    assert.deepEqual(ok.PrivateDnsNameOptions, { HostnameType: 'resource-name', EnableResourceNameDnsARecord: true, EnableResourceNameDnsAAAARecord: false });
    assert.equal(ok.MaintenanceOptions!.AutoRecovery, 'disabled');
    assert.equal(ok.Monitoring!.State, 'enabled');
    assert.equal(ok.BootMode, 'uefi');
    const found = async (name: string, value: string): Promise<string[]> =>
      (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: name, Values: [value] }] }))).Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!));
    assert.ok((await found('architecture', 'arm64')).includes(ok.InstanceId!));
    assert.ok(!(await found('architecture', 'x86_64')).includes(ok.InstanceId!));
    assert.ok((await found('private-dns-name-options.hostname-type', 'resource-name')).includes(ok.InstanceId!));
    assert.ok((await found('monitoring-state', 'enabled')).includes(ok.InstanceId!));
    assert.ok((await found('block-device-mapping.device-name', '/dev/xvda')).includes(ok.InstanceId!));
    assert.deepEqual(await found('placement-group-name', 'any'), [], 'a filter for a feature vpce lacks matches nothing');
    const zoneVolumes = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'availability-zone-id', Values: [zoneId] }, { Name: 'attachment.instance-id', Values: [ok.InstanceId!] }] }))).Volumes!;
    assert.equal(zoneVolumes.length, 1);
  });
});

describe('authorization of the image', () => {
  it('answers ec2:Owner amazon for catalogue images and the account for its own (AWS: ec2:Owner condition key)', async () => {
    const user = await iamUserWith(h, '333333333333', 'launcher', [
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*::image/*', Condition: { StringEquals: { 'ec2:Owner': 'amazon' } } },
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:333333333333:*' },
    ]);
    const asUser = h.ec2(user);
    const ok = await asUser.send(new RunInstancesCommand({ ImageId: al2023, MinCount: 1, MaxCount: 1, SubnetId: subnetId, InstanceType: 't3.micro' }));
    assert.equal(ok.Instances!.length, 1);
    await rejectsWith(asUser.send(new RunInstancesCommand({ ImageId: OWN_AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId, InstanceType: 't3.micro' })), 'UnauthorizedOperation', 403);
  });
});

describe('stop, start and terminate', () => {
  it('stops (stopping, then stopped) and starts (pending, then running) with previous states; a public IP is released at stop and renewed at start', async () => {
    const inst = await run({ SubnetId: undefined, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: true }] });
    const id = inst.InstanceId!;
    const stop = (await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }))).StoppingInstances![0]!;
    assert.deepEqual([stop.PreviousState, stop.CurrentState], [{ Code: 16, Name: 'running' }, { Code: 64, Name: 'stopping' }]);
    const stopped = await describeOne(id);
    assert.equal(stopped.State!.Name, 'stopped');
    assert.equal(stopped.PublicIpAddress, undefined);
    assert.match(stopped.StateTransitionReason!, /^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    const again = (await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }))).StoppingInstances![0]!;
    assert.equal(again.CurrentState!.Name, 'stopped');
    const start = (await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }))).StartingInstances![0]!;
    assert.deepEqual([start.PreviousState, start.CurrentState], [{ Code: 80, Name: 'stopped' }, { Code: 0, Name: 'pending' }]);
    const running = await describeOne(id);
    assert.equal(running.State!.Name, 'running');
    assert.ok(running.PublicIpAddress);
  });

  it('refuses to stop or start a terminated instance (IncorrectInstanceState) and an unknown id (InvalidInstanceID.NotFound)', async () => {
    const inst = await run();
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    await rejectsWith(ec2.send(new StopInstancesCommand({ InstanceIds: [inst.InstanceId!] })), 'IncorrectInstanceState');
    await rejectsWith(ec2.send(new StartInstancesCommand({ InstanceIds: [inst.InstanceId!] })), 'IncorrectInstanceState');
    await rejectsWith(ec2.send(new StopInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })), 'InvalidInstanceID.NotFound');
  });

  it('honours stop and termination protection (OperationNotPermitted) until the attribute is cleared', async () => {
    const inst = await run({ DisableApiTermination: true, DisableApiStop: true });
    const id = inst.InstanceId!;
    await rejectsWith(ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })), 'OperationNotPermitted');
    await rejectsWith(ec2.send(new StopInstancesCommand({ InstanceIds: [id] })), 'OperationNotPermitted');
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiStop: { Value: false } }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: false } }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.equal((await describeOne(id)).State!.Name, 'terminated');
  });

  it('refuses hibernation of an instance launched without it (UnsupportedHibernationConfiguration)', async () => {
    const inst = await run();
    await rejectsWith(ec2.send(new StopInstancesCommand({ InstanceIds: [inst.InstanceId!], Hibernate: true })), 'UnsupportedHibernationConfiguration');
  });
});

describe('instance attributes', () => {
  it('changes the instance type and user data only while stopped (IncorrectInstanceState otherwise)', async () => {
    const inst = await run({ UserData: userData });
    const id = inst.InstanceId!;
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't3.small' } })), 'IncorrectInstanceState');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, UserData: { Value: new TextEncoder().encode('x') } })), 'IncorrectInstanceState');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, EbsOptimized: { Value: true } })), 'IncorrectInstanceState');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't3.small' } }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, UserData: { Value: new TextEncoder().encode('echo new') } }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, EbsOptimized: { Value: true } }));
    assert.equal((await attribute(id, 'instanceType')).InstanceType!.Value, 't3.small');
    assert.equal((await attribute(id, 'userData')).UserData!.Value, Buffer.from('echo new').toString('base64'));
    assert.equal((await attribute(id, 'ebsOptimized')).EbsOptimized!.Value, true);
    // AWS: the architecture of the new type must match the image's.
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't4g.small' } })), 'InvalidParameterValue');
  });

  it('changes shutdown behaviour, source/dest check, security groups and root DeleteOnTermination while running', async () => {
    const inst = await run();
    const id = inst.InstanceId!;
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceInitiatedShutdownBehavior: { Value: 'terminate' } }));
    assert.equal((await attribute(id, 'instanceInitiatedShutdownBehavior')).InstanceInitiatedShutdownBehavior!.Value, 'terminate');
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, SourceDestCheck: { Value: false } }));
    assert.equal((await attribute(id, 'sourceDestCheck')).SourceDestCheck!.Value, false);
    assert.equal((await describeOne(id)).SourceDestCheck, false);
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: [sgId] }));
    assert.deepEqual((await attribute(id, 'groupSet')).Groups!.map((g) => g.GroupId), [sgId]);
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination', Value: 'true' }));
    assert.equal((await attribute(id, 'disableApiTermination')).DisableApiTermination!.Value, true);
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: false } }] }));
    assert.equal((await attribute(id, 'blockDeviceMapping')).BlockDeviceMappings![0]!.Ebs!.DeleteOnTermination, false);
    assert.equal((await attribute(id, 'rootDeviceName')).RootDeviceName!.Value, '/dev/xvda');
    assert.equal((await attribute(id, 'enaSupport')).EnaSupport!.Value, true);
  });

  it('refuses two attributes at once, none, unmodifiable ones, bad values and terminated instances', async () => {
    const inst = await run();
    const id = inst.InstanceId!;
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, SourceDestCheck: { Value: false }, DisableApiStop: { Value: true } })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id })), 'MissingParameter');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Kernel: { Value: 'aki-12345678' } })), 'UnsupportedOperation');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: 'rootDeviceName', Value: '/dev/sda1' })), 'UnsupportedOperation');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: 'sourceDestCheck', Value: 'maybe' })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceInitiatedShutdownBehavior: { Value: 'hibernate' } })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Groups: ['sg-0123456789abcdef0'] })), 'InvalidGroup.NotFound');
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, BlockDeviceMappings: [{ DeviceName: '/dev/sdz', Ebs: { DeleteOnTermination: true } }] })), 'InvalidParameterValue');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await rejectsWith(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiStop: { Value: true } })), 'IncorrectInstanceState');
    await rejectsWith(attribute('i-0123456789abcdef0', 'instanceType'), 'InvalidInstanceID.NotFound');
  });
});

describe('metadata options, credits, status, key pairs', () => {
  it('modifies metadata options (pending in the response, applied after) and refuses an empty change or a bad hop limit', async () => {
    const inst = await run();
    const id = inst.InstanceId!;
    const r = await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'required', HttpPutResponseHopLimit: 3 }));
    assert.equal(r.InstanceMetadataOptions!.State, 'pending');
    assert.equal(r.InstanceMetadataOptions!.HttpTokens, 'required');
    const d = await describeOne(id);
    assert.equal(d.MetadataOptions!.State, 'applied');
    assert.equal(d.MetadataOptions!.HttpPutResponseHopLimit, 3);
    await rejectsWith(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpPutResponseHopLimit: 0 })), 'InvalidParameterValue');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await rejectsWith(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'optional' })), 'IncorrectInstanceState');
    const defaults = await ec2.send(new GetInstanceMetadataDefaultsCommand({}));
    assert.deepEqual(defaults.AccountLevel, {});
  });

  it('modifies credit specifications per instance, listing failures with AWS\'s per-instance codes', async () => {
    const t3 = await run();
    const m5 = await run({ InstanceType: 'm5.large' });
    const gone = await run();
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [gone.InstanceId!] }));
    const r = await ec2.send(new ModifyInstanceCreditSpecificationCommand({
      InstanceCreditSpecifications: [
        { InstanceId: t3.InstanceId!, CpuCredits: 'standard' }, { InstanceId: m5.InstanceId!, CpuCredits: 'standard' },
        { InstanceId: 'i-0123456789abcdef0', CpuCredits: 'standard' }, { InstanceId: gone.InstanceId!, CpuCredits: 'standard' },
        { InstanceId: 'bogus', CpuCredits: 'standard' },
      ],
    }));
    assert.deepEqual(r.SuccessfulInstanceCreditSpecifications, [{ InstanceId: t3.InstanceId }]);
    assert.deepEqual(r.UnsuccessfulInstanceCreditSpecifications!.map((u) => [u.InstanceId, u.Error!.Code]), [
      [m5.InstanceId, 'InstanceCreditSpecification.NotSupported'], ['i-0123456789abcdef0', 'InvalidInstanceID.NotFound'],
      [gone.InstanceId, 'IncorrectInstanceState'], ['bogus', 'InvalidInstanceID.Malformed'],
    ]);
    const now = (await ec2.send(new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: [t3.InstanceId!] }))).InstanceCreditSpecifications![0]!;
    assert.equal(now.CpuCredits, 'standard');
    await rejectsWith(ec2.send(new ModifyInstanceCreditSpecificationCommand({ InstanceCreditSpecifications: [{ InstanceId: t3.InstanceId!, CpuCredits: 'boost' }] })), 'InvalidParameterValue');
  });

  it('describes instance status (running only, unless IncludeAllInstances)', async () => {
    const up = await run();
    const down = await run();
    await ec2.send(new StopInstancesCommand({ InstanceIds: [down.InstanceId!] }));
    const r = (await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [up.InstanceId!, down.InstanceId!] }))).InstanceStatuses!;
    assert.deepEqual(r.map((s) => s.InstanceId), [up.InstanceId]);
    assert.equal(r[0]!.InstanceStatus!.Status, 'ok');
    assert.equal(r[0]!.SystemStatus!.Status, 'ok');
    const all = (await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [down.InstanceId!], IncludeAllInstances: true }))).InstanceStatuses!;
    assert.equal(all[0]!.InstanceState!.Name, 'stopped');
    assert.equal(all[0]!.InstanceStatus!.Status, 'not-applicable');
    const filtered = (await ec2.send(new DescribeInstanceStatusCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }))).InstanceStatuses!;
    assert.ok(filtered.every((s) => s.InstanceState!.Name === 'running') && filtered.some((s) => s.InstanceId === up.InstanceId));
    await rejectsWith(ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ['i-0123456789abcdef0'] })), 'InvalidInstanceID.NotFound');
  });

  it('answers DescribeKeyPairs empty and refuses a named key pair with InvalidKeyPair.NotFound', async () => {
    assert.deepEqual((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs, []);
    await rejectsWith(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['deployer'] })), 'InvalidKeyPair.NotFound');
    await rejectsWith(ec2.send(new DescribeKeyPairsCommand({ KeyPairIds: ['key-0123456789abcdef0'] })), 'InvalidKeyPair.NotFound');
  });
});

// AWS (MonitorInstances / UnmonitorInstances): detailed monitoring is switched per instance; Terraform's
// `monitoring = true` calls MonitorInstances after launch.
describe('MonitorInstances / UnmonitorInstances', () => {
  it('turns detailed monitoring on and off (pending/disabling, then enabled/disabled), and refuses terminated or unknown instances', async () => {
    const inst = await run();
    assert.equal(inst.Monitoring?.State, 'disabled');
    const on = await ec2.send(new MonitorInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    assert.deepEqual(on.InstanceMonitorings?.map((m) => [m.InstanceId, m.Monitoring?.State]), [[inst.InstanceId, 'pending']]);
    assert.equal((await describeOne(inst.InstanceId!)).Monitoring?.State, 'enabled');
    const byFilter = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'monitoring-state', Values: ['enabled'] }] }));
    assert.ok(byFilter.Reservations!.flatMap((r) => r.Instances!).some((i) => i.InstanceId === inst.InstanceId));
    const off = await ec2.send(new UnmonitorInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    assert.equal(off.InstanceMonitorings?.[0]?.Monitoring?.State, 'disabling');
    assert.equal((await describeOne(inst.InstanceId!)).Monitoring?.State, 'disabled');
    await rejectsWith(ec2.send(new MonitorInstancesCommand({ InstanceIds: [inst.InstanceId!, 'i-0123456789abcdef0'] })), 'InvalidInstanceID.NotFound');
    assert.equal((await describeOne(inst.InstanceId!)).Monitoring?.State, 'disabled', 'a refused call changes nothing');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    await rejectsWith(ec2.send(new MonitorInstancesCommand({ InstanceIds: [inst.InstanceId!] })), 'IncorrectInstanceState');
  });
});
