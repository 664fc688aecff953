/**
 * @module Security group rules as Terraform and SDK code use them: ModifySecurityGroupRules, rule descriptions,
 * tags on `sgr-` rules, the default group, DescribeSecurityGroups / DescribeSecurityGroupRules filters and paging.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand, AuthorizeSecurityGroupEgressCommand, CreateManagedPrefixListCommand, AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand, CreateTagsCommand, CreateVpcPeeringConnectionCommand, DeleteTagsCommand,
  DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeTagsCommand, DescribeVpcsCommand,
  ModifySecurityGroupRulesCommand, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand, UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type EC2Client, type IpPermission, type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { createVpcId } from './fixtures.js';

const ACCOUNT = '222233334444';
/** AWS-managed S3 prefix list of us-east-1 (a gateway endpoint's destination in security group rules). */
const S3_PL = 'pl-63a5400a';
let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let defaultVpcId: string;
let counter = 0;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  vpcId = await createVpcId(ec2, '10.40.0.0/16');
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  defaultVpcId = vpcs.Vpcs![0]!.VpcId!;
});
after(async () => { await h.close(); });

async function newGroup(vpc = vpcId, name = `g${++counter}`): Promise<string> {
  return (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'breadth', VpcId: vpc }))).GroupId!;
}

async function group(groupId: string) {
  return (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0]!;
}

async function rule(ruleId: string): Promise<SecurityGroupRule> {
  return (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ruleId] }))).SecurityGroupRules![0]!;
}

async function ingress(groupId: string, perm: IpPermission, tags?: Record<string, string>): Promise<SecurityGroupRule[]> {
  const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: groupId, IpPermissions: [perm],
    ...(tags ? { TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }] } : {}),
  }));
  assert.equal(r.Return, true);
  return r.SecurityGroupRules!;
}

const tcp = (port: number, cidr: string, Description?: string): IpPermission => ({
  IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr, ...(Description !== undefined ? { Description } : {}) }],
});

describe('AuthorizeSecurityGroupIngress / Egress output (aws_vpc_security_group_*_rule reads SecurityGroupRules[0])', () => {
  it('answers Return true and one SecurityGroupRule per peer, with the rule tags from TagSpecifications', async () => {
    const g = await newGroup();
    const r = await ec2.send(new AuthorizeSecurityGroupEgressCommand({
      GroupId: g,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PL, Description: 's3' }], IpRanges: [{ CidrIp: '10.9.0.0/16' }] }],
      TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'Name', Value: 'to-s3' }] }],
    }));
    assert.equal(r.Return, true);
    assert.equal(r.SecurityGroupRules?.length, 2);
    const pl = r.SecurityGroupRules!.find((x) => x.PrefixListId === S3_PL)!;
    assert.equal(pl.IsEgress, true);
    assert.equal(pl.Description, 's3');
    assert.deepEqual(pl.Tags, [{ Key: 'Name', Value: 'to-s3' }]);
    assert.deepEqual((await rule(pl.SecurityGroupRuleId!)).Tags, [{ Key: 'Name', Value: 'to-s3' }]);
    // aws_security_group reads the prefix list back from IpPermissionsEgress.
    const egress = (await group(g)).IpPermissionsEgress!.find((p) => p.FromPort === 443)!;
    assert.deepEqual(egress.PrefixListIds, [{ PrefixListId: S3_PL, Description: 's3' }]);
  });

  it('refuses TagSpecifications of another resource type (only security-group-rule is taggable here)', async () => {
    const g = await newGroup();
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: g, IpPermissions: [tcp(22, '10.0.0.0/8')], TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'a', Value: 'b' }] }],
    })), 'InvalidParameterValue');
    assert.deepEqual((await group(g)).IpPermissions, []);
  });

  it('answers InvalidParameterValue "CIDR block … is malformed" for a malformed CIDR (AWS, not InvalidPermission.Malformed)', async () => {
    const g = await newGroup();
    const err = await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [tcp(22, '10.0.0.0/33')] })), 'InvalidParameterValue');
    assert.equal(err.message, 'CIDR block 10.0.0.0/33 is malformed');
    const legacy = await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIp: 'nope' })), 'InvalidParameterValue');
    assert.equal(legacy.message, 'CIDR block nope is malformed');
  });

  it('refuses the older top-level members on the egress calls (AWS: "UnknownParameter: The parameter CidrIp is not recognized")', async () => {
    const g = await newGroup();
    const err = await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' })), 'UnknownParameter');
    assert.equal(err.message, 'The parameter IpProtocol is not recognized');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, CidrIp: '10.0.0.0/8' })), 'UnknownParameter');
    await rejectsWith(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SourceSecurityGroupName: 'x' })), 'UnknownParameter');
    await rejectsWith(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, IpProtocol: '-1', CidrIp: '0.0.0.0/0' })), 'UnknownParameter');
    assert.equal((await group(g)).IpPermissionsEgress?.length, 1);
  });

  it('checks UserIdGroupPair VpcId, VpcPeeringConnectionId and PeeringStatus against the reference, and describes peered pairs with them', async () => {
    const g = await newGroup();
    const src = await newGroup();
    const send = (pair: NonNullable<IpPermission['UserIdGroupPairs']>[number]) =>
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [pair] }] }));
    await rejectsWith(send({ GroupId: src, VpcId: defaultVpcId }), 'InvalidParameterValue');
    // Same VPC: no peering connection, so no peering status.
    await rejectsWith(send({ GroupId: src, PeeringStatus: 'active' }), 'InvalidParameterValue');
    await rejectsWith(send({ GroupId: src, VpcPeeringConnectionId: 'pcx-0123456789abcdef0' }), 'InvalidVpcPeeringConnectionID.NotFound');
    await rejectsWith(send({ GroupId: src, VpcPeeringConnectionId: 'nope' }), 'InvalidVpcPeeringConnectionId.Malformed');
    const added = await send({ GroupId: src, VpcId: vpcId, Description: 'same vpc' });
    assert.equal(added.SecurityGroupRules![0]!.ReferencedGroupInfo?.GroupId, src);

    // A group in a peered VPC may be referenced naming the active peering connection.
    const peerVpc = await createVpcId(ec2, '10.41.0.0/16');
    const pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: peerVpc }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const remote = await newGroup(peerVpc);
    // Not yet accepted: the connection does not join the VPCs.
    await rejectsWith(send({ GroupId: remote, VpcPeeringConnectionId: pcx }), 'InvalidGroup.NotFound');
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
    const other = await createVpcId(ec2, '10.42.0.0/16');
    const pcx2 = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: peerVpc, PeerVpcId: other }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx2 }));
    await rejectsWith(send({ GroupId: remote, VpcPeeringConnectionId: pcx2 }), 'InvalidParameterValue');
    await rejectsWith(send({ GroupId: remote, VpcPeeringConnectionId: pcx, PeeringStatus: 'deleted' }), 'InvalidParameterValue');
    const viaPeering = await send({ GroupId: remote, VpcId: peerVpc, VpcPeeringConnectionId: pcx });
    assert.equal(viaPeering.SecurityGroupRules![0]!.ReferencedGroupInfo?.GroupId, remote);
    // Described, the pair names the peer VPC, the connection and its status ("if applicable").
    const perm = (await group(g)).IpPermissions!.find((p) => p.UserIdGroupPairs!.some((x) => x.GroupId === remote))!;
    const pair = perm.UserIdGroupPairs!.find((x) => x.GroupId === remote)!;
    assert.deepEqual(pair, { UserId: ACCOUNT, GroupId: remote, VpcId: peerVpc, VpcPeeringConnectionId: pcx, PeeringStatus: 'active' });
    const local = perm.UserIdGroupPairs!.find((x) => x.GroupId === src)!;
    assert.deepEqual(local, { UserId: ACCOUNT, GroupId: src, Description: 'same vpc' });
    // Revoking with the pairs as described (as Terraform does for aws_default_security_group) works.
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [perm] }));
    assert.deepEqual((await group(g)).IpPermissions, []);
  });
});

describe('ModifySecurityGroupRules (aws_vpc_security_group_ingress_rule update)', () => {
  it('restates a rule in place: same id, new ports, CIDR and description, tags kept', async () => {
    const g = await newGroup();
    const [r] = await ingress(g, tcp(22, '10.0.0.0/8', 'ssh'), { team: 'net' });
    const id = r!.SecurityGroupRuleId!;
    const out = await ec2.send(new ModifySecurityGroupRulesCommand({
      GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 2200, ToPort: 2300, CidrIpv4: '192.168.7.9/24', Description: 'ssh alt' } }],
    }));
    assert.equal(out.Return, true);
    const now = await rule(id);
    assert.deepEqual(
      [now.SecurityGroupRuleId, now.IpProtocol, now.FromPort, now.ToPort, now.CidrIpv4, now.Description, now.Tags],
      // AWS: CIDRs are canonicalized.
      [id, 'tcp', 2200, 2300, '192.168.7.0/24', 'ssh alt', [{ Key: 'team', Value: 'net' }]],
    );
    assert.deepEqual((await group(g)).IpPermissions, [{
      IpProtocol: 'tcp', FromPort: 2200, ToPort: 2300, IpRanges: [{ CidrIp: '192.168.7.0/24', Description: 'ssh alt' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [],
    }]);
  });

  it('drops the description when the restatement omits it, and changes protocol to all (-1)', async () => {
    const g = await newGroup();
    const [r] = await ingress(g, tcp(80, '10.1.0.0/16', 'web'));
    const id = r!.SecurityGroupRuleId!;
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { IpProtocol: '-1', CidrIpv4: '10.1.0.0/16' } }] }));
    const now = await rule(id);
    assert.deepEqual([now.IpProtocol, now.FromPort, now.ToPort, now.Description], ['-1', -1, -1, undefined]);
  });

  it('modifies referenced-group, prefix-list and egress rules', async () => {
    const g = await newGroup();
    const a = await newGroup();
    const b = await newGroup();
    const [ref] = await ingress(g, { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: a }] });
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: ref!.SecurityGroupRuleId!, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, ReferencedGroupId: b } }] }));
    assert.equal((await rule(ref!.SecurityGroupRuleId!)).ReferencedGroupInfo?.GroupId, b);

    const eg = (await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PL }] }] }))).SecurityGroupRules![0]!;
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: eg.SecurityGroupRuleId!, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 80, ToPort: 443, PrefixListId: 'pl-02cd2c6b' } }] }));
    const now = await rule(eg.SecurityGroupRuleId!);
    assert.deepEqual([now.IsEgress, now.FromPort, now.ToPort, now.PrefixListId], [true, 80, 443, 'pl-02cd2c6b']);
    await rejectsWith(ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: eg.SecurityGroupRuleId!, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 80, ToPort: 443, PrefixListId: 'pl-00000000' } }] })), 'InvalidPrefixListID.NotFound');
    await rejectsWith(ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: ref!.SecurityGroupRuleId!, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 1, ToPort: 1, ReferencedGroupId: 'sg-0123456789abcdef0' } }] })), 'InvalidGroup.NotFound');
  });

  it('weighs a restated prefix list against the rule quota and checks its id (AWS: a prefix list counts as its max entries)', async () => {
    const g = await newGroup();
    const big = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: `big${++counter}`, MaxEntries: 60, AddressFamily: 'IPv4' }))).PrefixList!.PrefixListId!;
    const eg = (await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PL }] }] }))).SecurityGroupRules![0]!;
    const restate = (PrefixListId: string) => ec2.send(new ModifySecurityGroupRulesCommand({
      GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: eg.SecurityGroupRuleId!, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListId } }],
    }));
    // 60 entries plus the default 0.0.0.0/0 egress rule is 61 > 60.
    await rejectsWith(restate(big), 'RulesPerSecurityGroupLimitExceeded');
    await rejectsWith(restate('bogus'), 'InvalidPrefixListId.Malformed');
    assert.equal((await rule(eg.SecurityGroupRuleId!)).PrefixListId, S3_PL);
  });

  it('refuses a change of rule type (AWS: "When you modify a rule, you cannot change the rule type")', async () => {
    const g = await newGroup();
    const other = await newGroup();
    const [r] = await ingress(g, tcp(22, '10.0.0.0/8'));
    const id = r!.SecurityGroupRuleId!;
    const err = await rejectsWith(ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, ReferencedGroupId: other } }] })), 'InvalidParameterValue');
    assert.equal(err.message, `Invalid rule type for security group rule '${id}'. You may not specify a referenced group id for an existing IPv4 CIDR rule.`);
    assert.equal((await rule(id)).CidrIpv4, '10.0.0.0/8');
  });

  it('answers every error as AWS, changing nothing', async () => {
    const g = await newGroup();
    const other = await newGroup();
    const [r1] = await ingress(g, tcp(22, '10.0.0.0/8'));
    const [r2] = await ingress(g, tcp(23, '10.0.0.0/8'));
    const [foreign] = await ingress(other, tcp(22, '10.0.0.0/8'));
    const id = r1!.SecurityGroupRuleId!;
    const modify = (SecurityGroupRuleId: string, SecurityGroupRule?: Record<string, unknown>, GroupId = g) =>
      ec2.send(new ModifySecurityGroupRulesCommand({ GroupId, SecurityGroupRules: [{ SecurityGroupRuleId, ...(SecurityGroupRule ? { SecurityGroupRule } : {}) }] }));
    const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' };
    await rejectsWith(modify('sgr-0123456789abcdef0', ssh), 'InvalidSecurityGroupRuleId.NotFound');
    // A rule of another group is not found in this one.
    await rejectsWith(modify(foreign!.SecurityGroupRuleId!, ssh), 'InvalidSecurityGroupRuleId.NotFound');
    await rejectsWith(modify('rule-1', ssh), 'InvalidSecurityGroupRuleId.Malformed');
    // Restating r1 as r2 duplicates r2.
    const dup = await rejectsWith(modify(id, { ...ssh, FromPort: 23, ToPort: 23 }), 'InvalidPermission.Duplicate');
    assert.match(dup.message, /already exists/);
    await rejectsWith(modify(id, { ...ssh, CidrIpv6: '::/0' }), 'InvalidParameterCombination');
    await rejectsWith(modify(id, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }), 'MissingParameter');
    const noProto = await rejectsWith(modify(id, { FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' }), 'InvalidParameterValue');
    assert.match(noProto.message, /must specify protocols explicitly/);
    await rejectsWith(modify(id), 'MissingParameter');
    await rejectsWith(modify(id, { ...ssh, CidrIpv4: '10.0.0.0/40' }), 'InvalidParameterValue');
    await rejectsWith(modify(id, { ...ssh, FromPort: 30, ToPort: 20 }), 'InvalidParameterValue');
    await rejectsWith(modify(id, ssh, 'sg-0123456789abcdef0'), 'InvalidGroup.NotFound');
    await rejectsWith(modify(id, ssh, 'foo'), 'InvalidGroupId.Malformed');
    await rejectsWith(ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { ...ssh, FromPort: 24, ToPort: 24 } }], DryRun: true })), 'DryRunOperation', 412);
    assert.deepEqual([(await rule(id)).FromPort, (await rule(r2!.SecurityGroupRuleId!)).FromPort], [22, 23]);
  });
});

describe('UpdateSecurityGroupRuleDescriptionsIngress / Egress (aws_security_group_rule description updates)', () => {
  it('replaces descriptions of rules matched by IpPermissions, and removes them when the peer has none', async () => {
    const g = await newGroup();
    await ingress(g, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'old' }, { CidrIp: '10.1.0.0/16', Description: 'keep' }] });
    const r = await ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g, IpPermissions: [tcp(22, '10.0.0.0/8', 'new')] }));
    assert.equal(r.Return, true);
    assert.deepEqual((await group(g)).IpPermissions![0]!.IpRanges, [{ CidrIp: '10.0.0.0/8', Description: 'new' }, { CidrIp: '10.1.0.0/16', Description: 'keep' }]);
    // AWS: "You can remove a description ... by omitting the description parameter in the request."
    await ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g, IpPermissions: [tcp(22, '10.1.0.0/16')] }));
    assert.deepEqual((await group(g)).IpPermissions![0]!.IpRanges, [{ CidrIp: '10.0.0.0/8', Description: 'new' }, { CidrIp: '10.1.0.0/16' }]);
  });

  it('replaces descriptions by rule id (SecurityGroupRuleDescriptions), egress included', async () => {
    const g = await newGroup();
    const eg = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [g] }] }))).SecurityGroupRules![0]!;
    assert.equal(eg.IsEgress, true);
    await ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand({ GroupId: g, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: eg.SecurityGroupRuleId!, Description: 'all out' }] }));
    assert.equal((await rule(eg.SecurityGroupRuleId!)).Description, 'all out');
    await ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'by match' }] }] }));
    assert.equal((await rule(eg.SecurityGroupRuleId!)).Description, 'by match');
  });

  it('works by GroupName in the default VPC', async () => {
    const name = `dflt${++counter}`;
    const g = await newGroup(defaultVpcId, name);
    await ingress(g, tcp(443, '0.0.0.0/0'));
    await ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupName: name, IpPermissions: [tcp(443, '0.0.0.0/0', 'https')] }));
    assert.equal((await group(g)).IpPermissions![0]!.IpRanges![0]!.Description, 'https');
  });

  it('answers InvalidPermission.NotFound when no rule matches, and the id errors, changing nothing', async () => {
    const g = await newGroup();
    const [r] = await ingress(g, tcp(22, '10.0.0.0/8', 'ssh'));
    const eg = (await group(g)).IpPermissionsEgress!;
    assert.equal(eg.length, 1);
    const err = await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g, IpPermissions: [tcp(22, '10.0.0.0/8', 'x'), tcp(25, '10.0.0.0/8', 'y')] })), 'InvalidPermission.NotFound');
    assert.equal(err.message, 'The specified rule does not exist in this security group.');
    assert.equal((await rule(r!.SecurityGroupRuleId!)).Description, 'ssh');
    // An ingress rule id is not found among the egress rules.
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand({ GroupId: g, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: r!.SecurityGroupRuleId!, Description: 'x' }] })), 'InvalidSecurityGroupRuleId.NotFound');
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: 'bogus', Description: 'x' }] })), 'InvalidSecurityGroupRuleId.Malformed');
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g, SecurityGroupRuleDescriptions: [{ Description: 'x' }] })), 'MissingParameter');
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({
      GroupId: g, IpPermissions: [tcp(22, '10.0.0.0/8')], SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: r!.SecurityGroupRuleId!, Description: 'x' }],
    })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g })), 'MissingParameter');
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: g, IpPermissions: [tcp(22, '10.0.0.0/8', 'x'.repeat(256))] })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: 'sg-0123456789abcdef0', IpPermissions: [tcp(22, '10.0.0.0/8')] })), 'InvalidGroup.NotFound');
    assert.equal((await rule(r!.SecurityGroupRuleId!)).Description, 'ssh');
  });
});

describe('Tags on security group rules (CreateTags / DeleteTags / DescribeTags on sgr- ids)', () => {
  it('tags several rules of one group in one call, filters them, and deletes tags', async () => {
    const g = await newGroup();
    const rules = await ingress(g, { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.2.0.0/16' }, { CidrIp: '10.3.0.0/16' }] });
    const ids = rules.map((r) => r.SecurityGroupRuleId!);
    await ec2.send(new CreateTagsCommand({ Resources: ids, Tags: [{ Key: 'tier', Value: 'app' }, { Key: 'Name', Value: 'web' }] }));
    for (const id of ids) assert.deepEqual((await rule(id)).Tags, [{ Key: 'tier', Value: 'app' }, { Key: 'Name', Value: 'web' }]);
    const byTag = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'tag:tier', Values: ['app'] }] }));
    assert.deepEqual(byTag.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId).sort(), [...ids].sort());
    const byKey = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'tag-key', Values: ['tier'] }, { Name: 'security-group-rule-id', Values: [ids[0]!] }] }));
    assert.deepEqual(byKey.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId), [ids[0]]);
    const described = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['security-group-rule'] }, { Name: 'resource-id', Values: [ids[0]!] }] }));
    assert.deepEqual(described.Tags, [
      { ResourceId: ids[0], ResourceType: 'security-group-rule', Key: 'Name', Value: 'web' },
      { ResourceId: ids[0], ResourceType: 'security-group-rule', Key: 'tier', Value: 'app' },
    ]);
    await ec2.send(new DeleteTagsCommand({ Resources: [ids[0]!], Tags: [{ Key: 'tier' }] }));
    assert.deepEqual((await rule(ids[0]!)).Tags, [{ Key: 'Name', Value: 'web' }]);
    assert.deepEqual((await rule(ids[1]!)).Tags, [{ Key: 'tier', Value: 'app' }, { Key: 'Name', Value: 'web' }]);
    // The group's own tags are untouched by its rules' tags.
    assert.equal((await group(g)).Tags, undefined);
    // A rule and its group named in one call each get the tag.
    await ec2.send(new CreateTagsCommand({ Resources: [ids[1]!, g], Tags: [{ Key: 'both', Value: 'yes' }] }));
    assert.deepEqual((await group(g)).Tags, [{ Key: 'both', Value: 'yes' }]);
    assert.deepEqual((await rule(ids[1]!)).Tags, [{ Key: 'tier', Value: 'app' }, { Key: 'Name', Value: 'web' }, { Key: 'both', Value: 'yes' }]);
  });

  it('answers InvalidSecurityGroupRuleId.NotFound for an unknown rule and tags nothing', async () => {
    const g = await newGroup();
    const [r] = await ingress(g, tcp(9000, '10.0.0.0/8'));
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [r!.SecurityGroupRuleId!, 'sgr-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidSecurityGroupRuleId.NotFound');
    await rejectsWith(ec2.send(new DeleteTagsCommand({ Resources: ['sgr-0123456789abcdef0'] })), 'InvalidSecurityGroupRuleId.NotFound');
    assert.deepEqual((await rule(r!.SecurityGroupRuleId!)).Tags, []);
  });
});

describe('DescribeSecurityGroups breadth', () => {
  it('answers InvalidGroupId.Malformed for a malformed id in GroupIds and in the group-id filter', async () => {
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['foo'] })), 'InvalidGroupId.Malformed');
    const err = await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: ['foo'] }] })), 'InvalidGroupId.Malformed');
    assert.equal(err.message, 'Invalid id: "foo" (expecting "sg-...")');
    // A wildcard is a pattern, not an id.
    const all = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: ['sg-*'] }, { Name: 'vpc-id', Values: [vpcId] }] }));
    assert.ok(all.SecurityGroups!.length > 0);
  });

  it('filters by rule fields in both directions, owner, vpc, name and tags', async () => {
    const vpc = await createVpcId(ec2, '10.50.0.0/16');
    const a = await newGroup(vpc, 'filter-a');
    const b = (await ec2.send(new CreateSecurityGroupCommand({
      GroupName: 'filter-b', Description: 'b', VpcId: vpc, TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'env', Value: 'prod' }] }],
    }))).GroupId!;
    await ingress(a, { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: b }] });
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: b, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PL }] }] }));
    const names = async (filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, ...filters] }))).SecurityGroups!.map((g) => g.GroupName).sort();
    assert.deepEqual(await names([{ Name: 'ip-permission.group-id', Values: [b] }]), ['filter-a']);
    assert.deepEqual(await names([{ Name: 'ip-permission.group-name', Values: ['filter-b'] }]), ['filter-a']);
    assert.deepEqual(await names([{ Name: 'ip-permission.user-id', Values: [ACCOUNT] }]), ['default', 'filter-a']);
    assert.deepEqual(await names([{ Name: 'egress.ip-permission.prefix-list-id', Values: [S3_PL] }]), ['filter-b']);
    assert.deepEqual(await names([{ Name: 'egress.ip-permission.to-port', Values: ['443'] }]), ['filter-b']);
    assert.deepEqual(await names([{ Name: 'egress.ip-permission.protocol', Values: ['6'] }]), ['filter-b']);
    assert.deepEqual(await names([{ Name: 'egress.ip-permission.cidr', Values: ['0.0.0.0/0'] }]), ['default', 'filter-a', 'filter-b']);
    assert.deepEqual(await names([{ Name: 'ip-permission.from-port', Values: ['5432'] }]), ['filter-a']);
    assert.deepEqual(await names([{ Name: 'owner-id', Values: [ACCOUNT] }, { Name: 'group-name', Values: ['filter-*'] }]), ['filter-a', 'filter-b']);
    assert.deepEqual(await names([{ Name: 'tag:env', Values: ['prod'] }]), ['filter-b']);
    assert.deepEqual(await names([{ Name: 'tag-key', Values: ['env'] }]), ['filter-b']);
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.bogus', Values: ['x'] }] })), 'InvalidParameterValue');
  });

  it('omits Tags for a group without tags and lists them when present', async () => {
    const g = await newGroup();
    assert.equal((await group(g)).Tags, undefined);
    await ec2.send(new CreateTagsCommand({ Resources: [g], Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.deepEqual((await group(g)).Tags, [{ Key: 'k', Value: 'v' }]);
  });

  it('pages with MaxResults between 5 and 1000 (AWS) and refuses other values', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: token }));
      assert.ok(page.SecurityGroups!.length <= 5);
      seen.push(...page.SecurityGroups!.map((g) => g.GroupId!));
      token = page.NextToken;
    } while (token);
    const all = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!.map((g) => g.GroupId!);
    assert.deepEqual(seen, all);
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1001 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: 'garbage!' })), 'InvalidNextToken');
  });
});

describe('DescribeSecurityGroupRules breadth', () => {
  it('pages every rule exactly once and refuses MaxResults outside 5..1000 and unknown filters', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...page.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId!));
      token = page.NextToken;
    } while (token);
    const all = (await ec2.send(new DescribeSecurityGroupRulesCommand({}))).SecurityGroupRules!.map((r) => r.SecurityGroupRuleId!);
    assert.deepEqual(seen, all);
    assert.equal(new Set(all).size, all.length);
    await rejectsWith(ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 2 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })), 'InvalidParameterValue');
  });

  it('describes a rule without tags with an empty tag list and a referenced group with its owner', async () => {
    const g = await newGroup();
    const src = await newGroup();
    const [r] = await ingress(g, { IpProtocol: 'udp', FromPort: 53, ToPort: 53, UserIdGroupPairs: [{ GroupId: src, Description: 'dns' }] });
    assert.deepEqual(await rule(r!.SecurityGroupRuleId!), {
      SecurityGroupRuleId: r!.SecurityGroupRuleId, GroupId: g, GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'udp', FromPort: 53, ToPort: 53,
      ReferencedGroupInfo: { GroupId: src, UserId: ACCOUNT }, Description: 'dns', Tags: [],
      SecurityGroupRuleArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group-rule/${r!.SecurityGroupRuleId}`,
    });
  });
});

describe('aws_default_security_group: revoke the defaults, re-add the configured rules', () => {
  it('finds the default group by vpc-id and group-name, revokes both default rules and authorizes new ones', async () => {
    const vpc = await createVpcId(ec2, '10.60.0.0/16');
    const found = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'group-name', Values: ['default'] }] }));
    assert.equal(found.SecurityGroups?.length, 1);
    const d = found.SecurityGroups![0]!;
    // Terraform revokes what it reads, as read.
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: d.GroupId!, IpPermissions: d.IpPermissions! }));
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: d.GroupId!, IpPermissions: d.IpPermissionsEgress! }));
    let now = await group(d.GroupId!);
    assert.deepEqual([now.IpPermissions, now.IpPermissionsEgress], [[], []]);
    await ingress(d.GroupId!, { IpProtocol: '-1', FromPort: 0, ToPort: 0, UserIdGroupPairs: [{ GroupId: d.GroupId! }] });
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: d.GroupId!, IpPermissions: [{ IpProtocol: '-1', FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    now = await group(d.GroupId!);
    assert.deepEqual(now.IpPermissions, [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: d.GroupId }] }]);
    assert.deepEqual(now.IpPermissionsEgress, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
    // Re-applying the same rule is a duplicate (Terraform plans clean, so it never does).
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: d.GroupId!, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })), 'InvalidPermission.Duplicate');
  });
});

describe('aws_vpc_security_group_egress_rule lifecycle, call for call', () => {
  it('creates with tags, reads by id, modifies in place, retags, revokes by id, then reads NotFound', async () => {
    const g = await newGroup();
    const created = await ec2.send(new AuthorizeSecurityGroupEgressCommand({
      GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PL, Description: 's3' }] }],
      TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'Name', Value: 'egress-s3' }] }],
    }));
    const id = created.SecurityGroupRules![0]!.SecurityGroupRuleId!;
    assert.match(id, /^sgr-[0-9a-f]{17}$/);
    // Import and refresh read the rule by id.
    const read = await rule(id);
    assert.deepEqual([read.GroupId, read.IsEgress, read.IpProtocol, read.FromPort, read.ToPort, read.PrefixListId, read.Description], [g, true, 'tcp', 443, 443, S3_PL, 's3']);
    await ec2.send(new ModifySecurityGroupRulesCommand({
      GroupId: g, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 80, ToPort: 443, PrefixListId: S3_PL, Description: 's3 web' } }],
    }));
    await ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: 'egress-s3' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: 'egress-s3-web' }] }));
    const now = await rule(id);
    assert.deepEqual([now.FromPort, now.ToPort, now.Description, now.Tags], [80, 443, 's3 web', [{ Key: 'Name', Value: 'egress-s3-web' }]]);
    const revoked = await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SecurityGroupRuleIds: [id] }));
    assert.equal(revoked.Return, true);
    assert.deepEqual(revoked.RevokedSecurityGroupRules?.map((r) => r.SecurityGroupRuleId), [id]);
    await rejectsWith(ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [id] })), 'InvalidSecurityGroupRuleId.NotFound');
    // A second delete finds nothing to revoke (Terraform treats this code as already gone).
    await rejectsWith(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SecurityGroupRuleIds: [id] })), 'InvalidSecurityGroupRuleId.NotFound');
  });
});

describe('aws_security_group with inline rules, call for call', () => {
  it('revokes the default egress as Terraform states it (-1, ports 0), adds inline rules with self, groups and prefix lists, and updates by revoke + authorize', async () => {
    const other = await newGroup();
    const g = (await ec2.send(new CreateSecurityGroupCommand({
      GroupName: `inline${++counter}`, Description: 'Managed by Terraform', VpcId: vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'inline' }] }],
    }))).GroupId!;
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: g, IpPermissions: [{
        IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
        IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'https' }], UserIdGroupPairs: [{ GroupId: g, Description: 'https' }, { GroupId: other, Description: 'https' }],
        PrefixListIds: [{ PrefixListId: S3_PL, Description: 'https' }],
      }],
    }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PL }] }] }));
    let sg = await group(g);
    assert.deepEqual(sg.IpPermissions, [{
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'https' }], Ipv6Ranges: [],
      PrefixListIds: [{ PrefixListId: S3_PL, Description: 'https' }],
      UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: g, Description: 'https' }, { UserId: ACCOUNT, GroupId: other, Description: 'https' }],
    }]);
    assert.deepEqual(sg.IpPermissionsEgress, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: S3_PL }], UserIdGroupPairs: [] }]);
    // A description change is a different rule set to Terraform: revoke the old permission, authorize the new one.
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'https' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'tls' }] }] }));
    sg = await group(g);
    assert.deepEqual(sg.IpPermissions![0]!.IpRanges, [{ CidrIp: '10.0.0.0/8', Description: 'tls' }]);
    assert.equal(sg.IpPermissions![0]!.UserIdGroupPairs!.length, 2);
    assert.deepEqual(sg.Tags, [{ Key: 'Name', Value: 'inline' }]);
  });
});
