/** @module Tag operations (CreateTags, DeleteTags, DescribeTags) through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateManagedPrefixListCommand, CreateNetworkInterfaceCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand,
  DeleteTagsCommand, DescribeSecurityGroupsCommand, DescribeTagsCommand, DescribeVpcsCommand, RunInstancesCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('111111111111');
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.50.0.0/16', '10.50.1.0/24'));
});
after(async () => { await h.close(); });

const tagsOf = async (id: string): Promise<Record<string, string>> => {
  const d = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
  return Object.fromEntries(d.Tags!.map((t) => [t.Key!, t.Value!]));
};

describe('CreateTags', () => {
  it('adds and overwrites tags on several resources of different kinds at once', async () => {
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId, subnetId], Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'Name', Value: 'x' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'empty' }] }));
    assert.deepEqual(await tagsOf(vpcId), { env: 'prod', Name: 'x', empty: '' });
    assert.deepEqual(await tagsOf(subnetId), { env: 'dev', Name: 'x' });
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!;
    assert.equal(vpc.Tags!.find((t) => t.Key === 'env')!.Value, 'prod');
  });

  it('tags ENIs, instances, security groups and prefix lists', async () => {
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
    const inst = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId }))).Instances![0]!.InstanceId!;
    const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).SecurityGroups![0]!.GroupId!;
    const pl = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'p', MaxEntries: 1, AddressFamily: 'IPv4' }))).PrefixList!.PrefixListId!;
    await ec2.send(new CreateTagsCommand({ Resources: [eni, inst, sg, pl], Tags: [{ Key: 'kind-test', Value: 'yes' }] }));
    const d = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['kind-test'] }] }));
    assert.deepEqual(
      d.Tags!.map((t) => [t.ResourceId, t.ResourceType]).sort(),
      [[eni, 'network-interface'], [inst, 'instance'], [sg, 'security-group'], [pl, 'prefix-list']].sort(),
    );
  });

  it('rejects malformed IDs (InvalidID), missing resources (the kind NotFound) and changes nothing on error', async () => {
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['garbage'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidID');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['partition-info'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidID');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [vpcId, 'vpc-0123456789abcdef0'], Tags: [{ Key: 'atomic', Value: 'b' }] })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['subnet-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidSubnetID.NotFound');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidInstanceID.NotFound');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['ami-12345678'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidAMIID.NotFound');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['vpce-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidVpcEndpointId.NotFound');
    assert.equal((await tagsOf(vpcId))['atomic'], undefined);
  });

  it('enforces tag rules: aws: prefix reserved, key length, 50 tags per resource (TagLimitExceeded)', async () => {
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'aws:x', Value: 'b' }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'k'.repeat(129), Value: 'b' }] })), 'InvalidTagKey.Malformed');
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const target = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.2.0/24' }))).Subnet!.SubnetId!;
    await ec2.send(new CreateTagsCommand({ Resources: [target], Tags: many }));
    await ec2.send(new CreateTagsCommand({ Resources: [target], Tags: [{ Key: 'k0', Value: 'replaced' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [target], Tags: [{ Key: 'fiftieth', Value: 'v' }] }));
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [target], Tags: [{ Key: 'fifty-first', Value: 'v' }] })), 'TagLimitExceeded');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [target], Tags: [] })), 'MissingParameter');
  });

  it('DryRun tags nothing', async () => {
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'dry', Value: '1' }], DryRun: true })), 'DryRunOperation', 412);
    assert.equal((await tagsOf(vpcId))['dry'], undefined);
  });
});

describe('DeleteTags', () => {
  it('deletes by key, by key+value only when the value matches, and everything when no tags are given', async () => {
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.3.0/24' }))).Subnet!.SubnetId!;
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }, { Key: 'd', Value: '' }] }));
    await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'a' }] }));
    assert.deepEqual(await tagsOf(id), { b: '2', c: '3', d: '' });
    // AWS: with a value, the tag is deleted only if its value matches.
    await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'b', Value: 'wrong' }, { Key: 'c', Value: '3' }] }));
    assert.deepEqual(await tagsOf(id), { b: '2', d: '' });
    await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'absent' }] }));
    // AWS: no Tag parameter deletes every user tag.
    await ec2.send(new DeleteTagsCommand({ Resources: [id] }));
    assert.deepEqual(await tagsOf(id), {});
    await rejectsWith(ec2.send(new DeleteTagsCommand({ Resources: ['subnet-0123456789abcdef0'], Tags: [{ Key: 'a' }] })), 'InvalidSubnetID.NotFound');
    await rejectsWith(ec2.send(new DeleteTagsCommand({ Resources: ['nonsense'] })), 'InvalidID');
  });
});

describe('DescribeTags', () => {
  it('filters by key, value, resource-id, resource-type (EC2 type names) and pages', async () => {
    const v = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.51.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'team', Value: 'red' }] }] }))).Vpc!.VpcId!;
    const s = (await ec2.send(new CreateSubnetCommand({ VpcId: v, CidrBlock: '10.51.1.0/24', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'team', Value: 'blue' }] }] }))).Subnet!.SubnetId!;
    const byKey = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['team'] }] }));
    assert.deepEqual(byKey.Tags!.map((t) => [t.ResourceId, t.ResourceType, t.Key, t.Value]).sort(), [[s, 'subnet', 'team', 'blue'], [v, 'vpc', 'team', 'red']].sort());
    const byValue = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['team'] }, { Name: 'value', Values: ['bl*'] }] }));
    assert.deepEqual(byValue.Tags!.map((t) => t.ResourceId), [s]);
    const byType = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['vpc'] }, { Name: 'key', Values: ['team'] }] }));
    assert.deepEqual(byType.Tags!.map((t) => t.ResourceId), [v]);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await ec2.send(new CreateSubnetCommand({ VpcId: v, CidrBlock: `10.51.${10 + i}.0/24`, TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'paged', Value: `${i}` }] }] }))).Subnet!.SubnetId!);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['paged'] }], MaxResults: 5, NextToken: token }));
      assert.ok(page.Tags!.length <= 5);
      seen.push(...page.Tags!.map((t) => t.ResourceId!));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen.sort(), ids.sort());
    await rejectsWith(ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })), 'InvalidParameterValue');
  });

  it('never lists internal records and another account sees none of these tags', async () => {
    const all = await ec2.send(new DescribeTagsCommand({}));
    assert.ok(all.Tags!.every((t) => t.ResourceType !== undefined && !t.ResourceId!.startsWith('client-token') && t.ResourceId !== 'partition-info'));
    const other = await h.ec2('222222222222').send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [vpcId] }] }));
    assert.equal(other.Tags!.length, 0);
    await rejectsWith(h.ec2('222222222222').send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidVpcID.NotFound');
  });
});
