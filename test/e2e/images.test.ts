/** @module DescribeImages and DescribeInstanceTypes through @aws-sdk/client-ec2: the built-in catalogues. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeImagesCommand, DescribeInstanceTypesCommand, RunInstancesCommand, type DescribeImagesCommandInput, type EC2Client, type Image, type _InstanceType } from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
let subnetId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('222222222222');
  ({ subnetId } = await vpcWithSubnet(ec2, '10.40.0.0/16', '10.40.1.0/24'));
});
after(async () => { await h.close(); });

const images = async (input: DescribeImagesCommandInput): Promise<Image[]> => (await ec2.send(new DescribeImagesCommand(input))).Images ?? [];

/** What Terraform's `data "aws_ami"` does with `most_recent = true`: the newest by CreationDate. */
const newest = (list: readonly Image[]): Image => [...list].sort((a, b) => b.CreationDate!.localeCompare(a.CreationDate!))[0]!;

describe('DescribeImages catalogue', () => {
  it('answers the aws_ami lookup for Amazon Linux 2023 (owners amazon, name wildcard) with a root mapping', async () => {
    const list = await images({ Owners: ['amazon'], IncludeDeprecated: false, Filters: [{ Name: 'name', Values: ['al2023-ami-*-x86_64'] }] });
    assert.ok(list.length >= 2, 'the current x86_64 builds (standard and minimal)');
    for (const i of list) {
      assert.match(i.Name!, /^al2023-ami-.*-x86_64$/);
      assert.equal(i.OwnerId, '137112412989');
      assert.equal(i.ImageOwnerAlias, 'amazon');
      assert.equal(i.Architecture, 'x86_64');
      assert.equal(i.State, 'available');
      assert.equal(i.Public, true);
      assert.match(i.ImageId!, /^ami-[0-9a-f]{17}$/);
    }
    const top = newest(list);
    assert.match(top.Name!, /^al2023-ami-2023\.7\./);
    assert.equal(top.RootDeviceName, '/dev/xvda');
    assert.equal(top.RootDeviceType, 'ebs');
    assert.equal(top.VirtualizationType, 'hvm');
    assert.equal(top.ImdsSupport, 'v2.0');
    const root = top.BlockDeviceMappings![0]!;
    assert.equal(root.DeviceName, '/dev/xvda');
    assert.match(root.Ebs!.SnapshotId!, /^snap-[0-9a-f]{17}$/);
    assert.equal(root.Ebs!.VolumeSize, 8);
    assert.equal(root.Ebs!.VolumeType, 'gp3');
    assert.equal(root.Ebs!.DeleteOnTermination, true);
  });

  it('leaves deprecated builds out unless IncludeDeprecated (AWS: "Default: No deprecated AMIs are included")', async () => {
    const filter = [{ Name: 'name', Values: ['al2023-ami-2023.6.*'] }];
    assert.equal((await images({ Owners: ['amazon'], Filters: filter })).length, 0);
    const all = await images({ Owners: ['amazon'], IncludeDeprecated: true, Filters: filter });
    assert.equal(all.length, 2);
    assert.ok(all.every((i) => i.DeprecationTime !== undefined && Date.parse(i.DeprecationTime) < Date.now()));
    // AWS: "the deprecated AMI does not appear in DescribeImages API calls unless you specify its ID".
    const named = await images({ ImageIds: [all[0]!.ImageId!] });
    assert.equal(named[0]!.Name, all[0]!.Name);
  });

  it('lists Canonical Ubuntu 22.04 and 24.04 by owner id, with no owner alias and /dev/sda1 roots', async () => {
    const jammy = await images({ Owners: ['099720109477'], Filters: [{ Name: 'name', Values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] });
    assert.equal(jammy.length, 1);
    assert.equal(jammy[0]!.ImageOwnerAlias, undefined);
    assert.equal(jammy[0]!.RootDeviceName, '/dev/sda1');
    const noble = await images({ Filters: [{ Name: 'owner-id', Values: ['099720109477'] }, { Name: 'name', Values: ['*noble-24.04*'] }, { Name: 'architecture', Values: ['arm64'] }] });
    assert.deepEqual(noble.map((i) => i.Name), ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20250415']);
    assert.equal((await images({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['ubuntu*'] }] })).length, 0);
  });

  it('filters owner-alias, virtualization-type, root-device-type, state, image-id and ExecutableUsers all', async () => {
    const al2 = await images({ Filters: [{ Name: 'owner-alias', Values: ['amazon'] }, { Name: 'name', Values: ['amzn2-ami-kernel-5.10-hvm-*-gp2'] }, { Name: 'virtualization-type', Values: ['hvm'] }, { Name: 'root-device-type', Values: ['ebs'] }, { Name: 'state', Values: ['available'] }] });
    assert.deepEqual(al2.map((i) => i.Architecture).sort(), ['arm64', 'x86_64']);
    const one = al2[0]!;
    const byId = await images({ Filters: [{ Name: 'image-id', Values: [one.ImageId!] }] });
    assert.deepEqual(byId.map((i) => i.Name), [one.Name]);
    const publicOnes = await images({ ExecutableUsers: ['all'], Filters: [{ Name: 'name', Values: ['amzn2-*'] }] });
    assert.equal(publicOnes.length, 2);
    assert.equal((await images({ ExecutableUsers: ['self'] })).length, 0);
  });

  it('pages with MaxResults and NextToken', async () => {
    const first = await ec2.send(new DescribeImagesCommand({ MaxResults: 5 }));
    assert.equal(first.Images!.length, 5);
    assert.ok(first.NextToken);
    const second = await ec2.send(new DescribeImagesCommand({ MaxResults: 5, NextToken: first.NextToken }));
    assert.notDeepEqual(second.Images!.map((i) => i.ImageId), first.Images!.map((i) => i.ImageId));
  });

  it('gives catalogue images stable, per-Region ids', async () => {
    const f = [{ Name: 'name', Values: ['al2023-ami-2023.7.20250414.0-kernel-6.1-x86_64'] }];
    const a = (await images({ Filters: f }))[0]!.ImageId;
    const b = (await images({ Filters: f }))[0]!.ImageId;
    const west = (await h.ec2('222222222222', 'eu-west-1').send(new DescribeImagesCommand({ Filters: f }))).Images![0]!.ImageId;
    assert.equal(a, b);
    assert.notEqual(a, west);
  });
});

describe('DescribeImages of ids vpce does not know', () => {
  it('describes any well-formed AMI id as the caller\'s own private image, and RunInstances accepts it', async () => {
    for (const id of ['ami-0123abcd', 'ami-0fedcba9876543210']) {
      const [img] = await images({ ImageIds: [id] });
      assert.equal(img!.ImageId, id);
      assert.equal(img!.OwnerId, '222222222222');
      assert.equal(img!.Public, false);
      assert.equal(img!.State, 'available');
      assert.equal(img!.RootDeviceName, '/dev/xvda');
      assert.match(img!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!, /^snap-/);
    }
    const r = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0fedcba9876543210', MinCount: 1, MaxCount: 1, SubnetId: subnetId }));
    assert.equal(r.Instances![0]!.ImageId, 'ami-0fedcba9876543210');
    const own = await images({ Owners: ['self'] });
    assert.deepEqual(own.map((i) => i.ImageId), ['ami-0fedcba9876543210'], 'the account\'s own images are those its instances use');
  });

  it('refuses a malformed AMI id with InvalidAMIID.Malformed', async () => {
    await rejectsWith(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-xyz'] })), 'InvalidAMIID.Malformed');
    await rejectsWith(ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345', MinCount: 1, MaxCount: 1, SubnetId: subnetId })), 'InvalidAMIID.Malformed');
  });

  it('refuses an unknown owner alias and a bad executable user (InvalidUserID.Malformed) and an unknown filter (InvalidParameterValue)', async () => {
    await rejectsWith(ec2.send(new DescribeImagesCommand({ Owners: ['nobody'] })), 'InvalidUserID.Malformed');
    await rejectsWith(ec2.send(new DescribeImagesCommand({ ExecutableUsers: ['someone'] })), 'InvalidUserID.Malformed');
    await rejectsWith(ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })), 'InvalidParameterValue');
  });
});

describe('DescribeInstanceTypes', () => {
  it('describes t3.micro as AWS publishes it (2 vCPU, 1 GiB, burstable, nitro, x86_64)', async () => {
    const [t] = (await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro'] }))).InstanceTypes!;
    assert.equal(t!.InstanceType, 't3.micro');
    assert.equal(t!.VCpuInfo!.DefaultVCpus, 2);
    assert.equal(t!.MemoryInfo!.SizeInMiB, 1024);
    assert.equal(t!.BurstablePerformanceSupported, true);
    assert.equal(t!.Hypervisor, 'nitro');
    assert.deepEqual(t!.ProcessorInfo!.SupportedArchitectures, ['x86_64']);
    assert.equal(t!.NetworkInfo!.NetworkPerformance, 'Up to 5 Gigabit');
    assert.equal(t!.NetworkInfo!.MaximumNetworkInterfaces, 2);
    assert.equal(t!.EbsInfo!.EbsOptimizedSupport, 'default');
    assert.equal(t!.FreeTierEligible, true);
  });

  it('filters by architecture, burstable support and vCPUs, and pages', async () => {
    const arm = (await ec2.send(new DescribeInstanceTypesCommand({ Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }] }))).InstanceTypes!;
    assert.ok(arm.every((t) => t.ProcessorInfo!.SupportedArchitectures!.includes('arm64')));
    assert.ok(['t4g.micro', 'm7g.large', 'c6g.xlarge'].every((n) => arm.some((t) => t.InstanceType === n)));
    assert.ok(!arm.some((t) => t.InstanceType === 't3.micro'));
    const fixed = (await ec2.send(new DescribeInstanceTypesCommand({ Filters: [
      { Name: 'burstable-performance-supported', Values: ['false'] }, { Name: 'vcpu-info.default-vcpus', Values: ['4'] },
      { Name: 'processor-info.manufacturer', Values: ['Intel'] }, { Name: 'instance-type', Values: ['c*'] },
    ] }))).InstanceTypes!;
    assert.deepEqual(fixed.map((t) => t.InstanceType).sort(), ['c5.xlarge', 'c6i.xlarge', 'c7i.xlarge']);
    assert.equal(fixed[0]!.VCpuInfo!.DefaultThreadsPerCore, 2);
    const page = await ec2.send(new DescribeInstanceTypesCommand({ MaxResults: 5 }));
    assert.equal(page.InstanceTypes!.length, 5);
    const next = await ec2.send(new DescribeInstanceTypesCommand({ MaxResults: 5, NextToken: page.NextToken }));
    assert.notEqual(next.InstanceTypes![0]!.InstanceType, page.InstanceTypes![0]!.InstanceType);
  });

  it('refuses a type outside the catalogue (InvalidInstanceType), a name EC2 does not know and MaxResults above 100 (InvalidParameterValue)', async () => {
    const err = await rejectsWith(ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro', 'm8g.large'] })), 'InvalidInstanceType');
    assert.match(err.message, /\[m8g\.large\]/);
    await rejectsWith(ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['x9.huge' as _InstanceType] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeInstanceTypesCommand({ MaxResults: 500 })), 'InvalidParameterValue');
  });
});
