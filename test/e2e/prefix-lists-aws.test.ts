/** @module AWS-managed prefix lists through @aws-sdk/client-ec2: DescribePrefixLists, DescribeManagedPrefixLists, entries, SG rules. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupEgressCommand, CreateManagedPrefixListCommand, CreateSecurityGroupCommand, CreateVpcCommand,
  DescribeManagedPrefixListsCommand, DescribePrefixListsCommand, DescribeSecurityGroupRulesCommand, GetManagedPrefixListEntriesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
const ACCOUNT = '666666666666';
before(async () => { h = await startHarness(); ec2 = h.ec2(ACCOUNT); });
after(async () => { await h.close(); });

describe('DescribePrefixLists (AWS: "Describes available AWS services in a prefix list format")', () => {
  it('lists the Region S3 and DynamoDB lists with their CIDRs, by ID and by filter', async () => {
    const all = await ec2.send(new DescribePrefixListsCommand({}));
    assert.deepEqual(all.PrefixLists!.map((p) => [p.PrefixListId, p.PrefixListName]), [
      ['pl-63a5400a', 'com.amazonaws.us-east-1.s3'], ['pl-02cd2c6b', 'com.amazonaws.us-east-1.dynamodb'],
    ]);
    assert.ok(all.PrefixLists![0]!.Cidrs!.includes('54.231.0.0/16'));
    const byName = await ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['*dynamodb'] }] }));
    assert.deepEqual(byName.PrefixLists!.map((p) => p.PrefixListId), ['pl-02cd2c6b']);
    const byId = await ec2.send(new DescribePrefixListsCommand({ PrefixListIds: ['pl-63a5400a'] }));
    assert.equal(byId.PrefixLists!.length, 1);
    const byIdFilter = await ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-id', Values: ['pl-02cd2c6b'] }] }));
    assert.equal(byIdFilter.PrefixLists![0]!.PrefixListName, 'com.amazonaws.us-east-1.dynamodb');
    const paged = await ec2.send(new DescribePrefixListsCommand({ MaxResults: 1 }));
    assert.equal(paged.PrefixLists!.length, 1);
    assert.ok(paged.NextToken);
    // Another Region has its own IDs and disjoint ranges.
    const west = await h.ec2(ACCOUNT, 'eu-west-1').send(new DescribePrefixListsCommand({}));
    assert.deepEqual(west.PrefixLists!.map((p) => p.PrefixListName), ['com.amazonaws.eu-west-1.s3', 'com.amazonaws.eu-west-1.dynamodb']);
    assert.ok(west.PrefixLists!.every((p) => !['pl-63a5400a', 'pl-02cd2c6b'].includes(p.PrefixListId!)));
    const eastCidrs = new Set(all.PrefixLists!.flatMap((p) => p.Cidrs!));
    assert.ok(west.PrefixLists!.flatMap((p) => p.Cidrs!).every((c) => !eastCidrs.has(c)));
    await rejectsWith(ec2.send(new DescribePrefixListsCommand({ PrefixListIds: [west.PrefixLists![0]!.PrefixListId!] })), 'InvalidPrefixListID.NotFound');
    await rejectsWith(ec2.send(new DescribePrefixListsCommand({ PrefixListIds: ['vpc-1234'] })), 'InvalidPrefixListId.Malformed');
    await rejectsWith(ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: ['x'] }] })), 'InvalidParameterValue');
  });
});

describe('DescribeManagedPrefixLists and GetManagedPrefixListEntries with AWS-managed lists', () => {
  it('shows AWS lists (owner AWS) beside the account lists, and their entries', async () => {
    const mine = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office', MaxEntries: 2, AddressFamily: 'IPv4' }))).PrefixList!.PrefixListId!;
    const all = await ec2.send(new DescribeManagedPrefixListsCommand({}));
    assert.deepEqual(all.PrefixLists!.map((p) => [p.PrefixListId, p.OwnerId]), [['pl-63a5400a', 'AWS'], ['pl-02cd2c6b', 'AWS'], [mine, ACCOUNT]]);
    const s3 = all.PrefixLists![0]!;
    assert.deepEqual([s3.PrefixListName, s3.AddressFamily, s3.State, s3.PrefixListArn], ['com.amazonaws.us-east-1.s3', 'IPv4', 'create-complete', 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a']);
    const aws = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: ['AWS'] }] }));
    assert.equal(aws.PrefixLists!.length, 2);
    const own = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: [ACCOUNT] }] }));
    assert.deepEqual(own.PrefixLists!.map((p) => p.PrefixListId), [mine]);
    const byIds = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-02cd2c6b', mine] }));
    assert.deepEqual(byIds.PrefixLists!.map((p) => p.PrefixListId), ['pl-02cd2c6b', mine]);
    const onlyAws = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-63a5400a'] }));
    assert.deepEqual(onlyAws.PrefixLists!.map((p) => p.PrefixListId), ['pl-63a5400a']);
    const entries = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-63a5400a' }));
    const cidrs = (await ec2.send(new DescribePrefixListsCommand({ PrefixListIds: ['pl-63a5400a'] }))).PrefixLists![0]!.Cidrs!;
    assert.deepEqual(entries.Entries!.map((e) => e.Cidr), cidrs);
    await rejectsWith(ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0123456789abcdef0' })), 'InvalidPrefixListID.NotFound');
  });

  it('accepts the Region AWS lists in security group rules (AWS: "Gateway endpoints": prefix list in outbound rules)', async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'to-s3', Description: 's3' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }] }] }));
    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [sg] }] }));
    assert.ok(rules.SecurityGroupRules!.some((r) => r.PrefixListId === 'pl-63a5400a' && r.IsEgress));
    const westS3 = (await h.ec2(ACCOUNT, 'eu-west-1').send(new DescribePrefixListsCommand({}))).PrefixLists![0]!.PrefixListId!;
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: westS3 }] }] })), 'InvalidPrefixListID.NotFound');
  });
});
