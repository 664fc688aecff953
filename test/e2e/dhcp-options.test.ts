/** @module DHCP option sets through @aws-sdk/client-ec2: the Region's default set, create, describe, associate, delete. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateDhcpOptionsCommand, CreateDhcpOptionsCommand, CreateTagsCommand, CreateVpcCommand, DeleteDhcpOptionsCommand,
  DeleteVpcCommand, DescribeDhcpOptionsCommand, DescribeTagsCommand, DescribeVpcsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { iamUserWith, refusedWith, rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
before(async () => { h = await startHarness(); ec2 = h.ec2('222233334444'); });
after(async () => { await h.close(); });

const options = (id: string) => ec2.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [id] })).then((r) => r.DhcpOptions![0]!);

describe('the default DHCP option set (AWS: "DHCP option set concepts")', () => {
  it('exists in us-east-1 with ec2.internal and AmazonProvidedDNS, and the default VPC uses it', async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const id = vpcs.Vpcs![0]!.DhcpOptionsId!;
    assert.match(id, /^dopt-[0-9a-f]{17}$/);
    const d = await options(id);
    assert.equal(d.OwnerId, '222233334444');
    assert.deepEqual(d.DhcpConfigurations, [
      { Key: 'domain-name', Values: [{ Value: 'ec2.internal' }] },
      { Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] },
    ]);
  });

  it('is named <region>.compute.internal outside us-east-1, and is found by key/value filters as Terraform looks it up', async () => {
    const west = h.ec2('222233334444', 'eu-west-1');
    const found = await west.send(new DescribeDhcpOptionsCommand({ Filters: [
      { Name: 'key', Values: ['domain-name'] }, { Name: 'value', Values: ['eu-west-1.compute.internal'] },
      { Name: 'key', Values: ['domain-name-servers'] }, { Name: 'value', Values: ['AmazonProvidedDNS'] },
      { Name: 'owner-id', Values: ['222233334444'] },
    ] }));
    assert.equal(found.DhcpOptions?.length, 1);
    const vpc = (await west.send(new DescribeVpcsCommand({}))).Vpcs![0]!;
    assert.equal(vpc.DhcpOptionsId, found.DhcpOptions![0]!.DhcpOptionsId);
  });

  it('is given to new VPCs, and DescribeVpcs filters on dhcp-options-id', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
    const def = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!;
    assert.equal(Vpc!.DhcpOptionsId, def.DhcpOptionsId);
    const both = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'dhcp-options-id', Values: [def.DhcpOptionsId!] }] }));
    assert.ok(both.Vpcs!.some((v) => v.VpcId === Vpc!.VpcId));
  });
});

describe('CreateDhcpOptions', () => {
  it('stores every key, splits comma-separated servers, tags the set and lists it', async () => {
    const { DhcpOptions } = await ec2.send(new CreateDhcpOptionsCommand({
      DhcpConfigurations: [
        { Key: 'domain-name', Values: ['corp.example.com'] },
        { Key: 'domain-name-servers', Values: ['10.0.0.2,10.0.0.3'] },
        { Key: 'ntp-servers', Values: ['169.254.169.123', 'fd00:ec2::123'] },
        { Key: 'netbios-name-servers', Values: ['10.0.0.4'] },
        { Key: 'netbios-node-type', Values: ['2'] },
        { Key: 'ipv6-address-preferred-lease-time', Values: ['3600'] },
      ],
      TagSpecifications: [{ ResourceType: 'dhcp-options', Tags: [{ Key: 'Name', Value: 'corp' }] }],
    }));
    assert.match(DhcpOptions!.DhcpOptionsId!, /^dopt-/);
    assert.deepEqual(DhcpOptions!.Tags, [{ Key: 'Name', Value: 'corp' }]);
    const d = await options(DhcpOptions!.DhcpOptionsId!);
    const byKey = Object.fromEntries(d.DhcpConfigurations!.map((c) => [c.Key, c.Values!.map((v) => v.Value)]));
    assert.deepEqual(byKey, {
      'domain-name': ['corp.example.com'], 'domain-name-servers': ['10.0.0.2', '10.0.0.3'],
      'ntp-servers': ['169.254.169.123', 'fd00:ec2::123'], 'netbios-name-servers': ['10.0.0.4'],
      'netbios-node-type': ['2'], 'ipv6-address-preferred-lease-time': ['3600'],
    });
    const tagged = await ec2.send(new DescribeDhcpOptionsCommand({ Filters: [{ Name: 'tag:Name', Values: ['corp'] }] }));
    assert.deepEqual(tagged.DhcpOptions?.map((x) => x.DhcpOptionsId), [DhcpOptions!.DhcpOptionsId]);
    await ec2.send(new CreateTagsCommand({ Resources: [DhcpOptions!.DhcpOptionsId!], Tags: [{ Key: 'team', Value: 'net' }] }));
    const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['dhcp-options'] }] }));
    assert.deepEqual(tags.Tags?.map((t) => t.Key).sort(), ['Name', 'team']);
  });

  it('refuses what AWS refuses (InvalidParameterValue, MissingParameter)', async () => {
    const create = (Key: string, Values: string[]) => ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key, Values }] }));
    await rejectsWith(create('domain-name-servers', ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4', '9.9.9.9']), 'InvalidParameterValue');
    await rejectsWith(create('domain-name-servers', ['dns.example.com']), 'InvalidParameterValue');
    await rejectsWith(create('netbios-node-type', ['3']), 'InvalidParameterValue');
    await rejectsWith(create('netbios-name-servers', ['fd00::1']), 'InvalidParameterValue');
    await rejectsWith(create('ntp-servers', ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5']), 'InvalidParameterValue');
    await rejectsWith(create('ipv6-address-preferred-lease-time', ['139']), 'InvalidParameterValue');
    await rejectsWith(create('domain-name', ['a.example.com', 'b.example.com']), 'InvalidParameterValue');
    await rejectsWith(create('router', ['10.0.0.1']), 'InvalidParameterValue');
    await rejectsWith(create('domain-name', []), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [
      { Key: 'domain-name', Values: ['a.example.com'] }, { Key: 'domain-name', Values: ['b.example.com'] },
    ] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [] })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Values: ['x'] }] })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateDhcpOptionsCommand({
      DhcpConfigurations: [{ Key: 'domain-name', Values: ['x.example.com'] }], TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
    })), 'InvalidParameterValue');
  });
});

describe('AssociateDhcpOptions and DeleteDhcpOptions', () => {
  it('associates a set, `default` for none; an associated set cannot be deleted (DependencyViolation)', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16' }));
    const { DhcpOptions } = await ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['10.41.0.10'] }] }));
    const id = DhcpOptions!.DhcpOptionsId!;
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: id, VpcId: Vpc!.VpcId! }));
    const vpcOf = async () => (await ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] }))).Vpcs![0]!.DhcpOptionsId;
    assert.equal(await vpcOf(), id);
    await rejectsWith(ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: id })), 'DependencyViolation');
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: 'default', VpcId: Vpc!.VpcId! }));
    assert.equal(await vpcOf(), 'default');
    const none = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'dhcp-options-id', Values: ['default'] }] }));
    assert.deepEqual(none.Vpcs?.map((v) => v.VpcId), [Vpc!.VpcId]);
    await ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: id }));
    await rejectsWith(options(id), 'InvalidDhcpOptionID.NotFound');
  });

  it('deleting a VPC releases its set; DryRun checks without deleting', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }));
    const { DhcpOptions } = await ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'domain-name', Values: ['x.example.com'] }] }));
    const id = DhcpOptions!.DhcpOptionsId!;
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: id, VpcId: Vpc!.VpcId! }));
    await ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId! }));
    await rejectsWith(ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: id, DryRun: true })), 'DryRunOperation', 412);
    assert.equal((await options(id)).DhcpOptionsId, id);
    await ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: id }));
  });

  it('answers the NotFound and Malformed codes EC2 uses', async () => {
    const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    await rejectsWith(ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: 'dopt-0123456789abcdef0', VpcId: vpcId })), 'InvalidDhcpOptionID.NotFound');
    await rejectsWith(ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: 'bogus', VpcId: vpcId })), 'InvalidDhcpOptionsId.Malformed');
    await rejectsWith(ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: 'default', VpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: 'dopt-0123456789abcdef0' })), 'InvalidDhcpOptionID.NotFound');
    await rejectsWith(ec2.send(new DescribeDhcpOptionsCommand({ Filters: [{ Name: 'domain-name', Values: ['x'] }] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeDhcpOptionsCommand({ MaxResults: 2 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: ['dopt-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidDhcpOptionID.NotFound');
  });

  it('pages DescribeDhcpOptions with MaxResults and NextToken', async () => {
    for (let i = 0; i < 6; i++) await ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'domain-name', Values: [`p${i}.example.com`] }] }));
    const first = await ec2.send(new DescribeDhcpOptionsCommand({ MaxResults: 5 }));
    assert.equal(first.DhcpOptions?.length, 5);
    assert.ok(first.NextToken);
    const rest = await ec2.send(new DescribeDhcpOptionsCommand({ MaxResults: 5, NextToken: first.NextToken }));
    assert.ok((rest.DhcpOptions?.length ?? 0) >= 1);
  });
});

describe('authorization on dhcp-options ARNs (Service Authorization Reference)', () => {
  it('authorizes Delete, Associate and CreateTags on arn:aws:ec2:<region>:<account>:dhcp-options/<id>', async () => {
    const account = '222233335555';
    const root = h.ec2(account);
    const mk = async () => (await root.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'domain-name', Values: ['authz.example.com'] }] }))).DhcpOptions!.DhcpOptionsId!;
    const guarded = await mk();
    const free = await mk();
    const vpcId = (await root.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const arn = `arn:aws:ec2:us-east-1:${account}:dhcp-options/${guarded}`;
    const user = h.ec2(await iamUserWith(h, account, 'dopt-user', [
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      { Effect: 'Deny', Action: ['ec2:DeleteDhcpOptions', 'ec2:AssociateDhcpOptions', 'ec2:CreateTags'], Resource: arn },
    ]));
    const denied = new RegExp(arn.replace(/[/.]/g, '\\$&'));
    await refusedWith(user.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: guarded })), 'UnauthorizedOperation', denied);
    await refusedWith(user.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: guarded, VpcId: vpcId })), 'UnauthorizedOperation', denied);
    await refusedWith(user.send(new CreateTagsCommand({ Resources: [guarded], Tags: [{ Key: 'a', Value: 'b' }] })), 'UnauthorizedOperation', denied);
    await user.send(new CreateTagsCommand({ Resources: [free], Tags: [{ Key: 'a', Value: 'b' }] }));
    await user.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: free }));
    assert.equal((await root.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [guarded] }))).DhcpOptions?.length, 1, 'the refused delete changed nothing');
  });
});
