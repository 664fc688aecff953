/** @module Security group operations through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupEgressCommand, AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand,
  DescribeVpcsCommand, RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand, type EC2Client, type IpPermission,
} from '@aws-sdk/client-ec2';
import { createInterface } from '../../src/model/network-interface.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

const ACCOUNT = '111111111111';
let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let defaultVpcId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.20.0.0/16', '10.20.1.0/24'));
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  defaultVpcId = vpcs.Vpcs![0]!.VpcId!;
});
after(async () => { await h.close(); });

async function newGroup(name: string, vpc = vpcId): Promise<string> {
  const r = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} group`, VpcId: vpc }));
  return r.GroupId!;
}

async function getGroup(groupId: string) {
  const r = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  return r.SecurityGroups![0]!;
}

const ssh = (cidr = '0.0.0.0/0'): IpPermission => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: cidr }] });

describe('CreateSecurityGroup', () => {
  it('creates a group with no inbound rules and the all-outbound IPv4 rule (AWS: new groups allow all outbound traffic)', async () => {
    const r = await ec2.send(new CreateSecurityGroupCommand({
      GroupName: 'web', Description: 'web servers', VpcId: vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'web' }] }],
    }));
    assert.match(r.GroupId!, /^sg-[0-9a-f]{17}$/);
    assert.equal(r.SecurityGroupArn, `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${r.GroupId}`);
    assert.deepEqual(r.Tags, [{ Key: 'Name', Value: 'web' }]);
    const g = await getGroup(r.GroupId!);
    assert.equal(g.GroupName, 'web');
    assert.equal(g.Description, 'web servers');
    assert.equal(g.OwnerId, ACCOUNT);
    assert.equal(g.VpcId, vpcId);
    assert.deepEqual(g.IpPermissions, []);
    assert.deepEqual(g.IpPermissionsEgress, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
  });

  it('defaults to the default VPC when VpcId is omitted', async () => {
    const r = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'in-default', Description: 'd' }));
    assert.equal((await getGroup(r.GroupId!)).VpcId, defaultVpcId);
  });

  it('rejects the reserved name, duplicates (case-insensitive per VPC), sg- names and bad input', async () => {
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'default', Description: 'x', VpcId: vpcId })), 'InvalidGroup.Reserved');
    await newGroup('dup');
    const err = await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'DUP', Description: 'x', VpcId: vpcId })), 'InvalidGroup.Duplicate');
    assert.match(err.message, /already exists/);
    // AWS: the same name is fine in another VPC.
    await newGroup('dup', defaultVpcId);
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sg-abc', Description: 'x', VpcId: vpcId })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'caf\u00e9', Description: 'x', VpcId: vpcId })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'x'.repeat(256), Description: 'x', VpcId: vpcId })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'nodesc', Description: '', VpcId: vpcId })), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'novpc', Description: 'x', VpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
  });

  it('answers VPCIdNotSpecified without a VpcId when the account has no default VPC', async () => {
    const other = h.ec2('222222222222');
    await other.send(new DescribeVpcsCommand({}));
    h.world.transact((tx) => {
      const p = tx.in('222222222222', 'us-east-1');
      for (const v of [...p.list('vpc')]) p.put({ ...v, isDefault: false });
    });
    await rejectsWith(other.send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x' })), 'VPCIdNotSpecified');
  });

  it('honours DryRun without creating anything', async () => {
    await rejectsWith(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'dry', Description: 'x', VpcId: vpcId, DryRun: true })), 'DryRunOperation', 412);
    const r = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['dry'] }] }));
    assert.equal(r.SecurityGroups?.length, 0);
  });
});

describe('AuthorizeSecurityGroupIngress / Egress', () => {
  it('adds rules with sgr- ids and groups them by protocol and port range as EC2 does', async () => {
    const g = await newGroup('authz');
    const peer = await newGroup('authz-peer');
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: g,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'internal' }, { CidrIp: '192.168.1.0/24' }], Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }] },
        { IpProtocol: '6', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: peer }] },
        { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
      TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'team', Value: 'a' }] }],
    }));
    assert.equal(r.Return, true);
    assert.equal(r.SecurityGroupRules?.length, 5);
    for (const rule of r.SecurityGroupRules!) {
      assert.match(rule.SecurityGroupRuleId!, /^sgr-[0-9a-f]{17}$/);
      assert.equal(rule.GroupId, g);
      assert.equal(rule.IsEgress, false);
      assert.deepEqual(rule.Tags, [{ Key: 'team', Value: 'a' }]);
    }
    const byGroup = r.SecurityGroupRules!.find((x) => x.ReferencedGroupInfo);
    assert.deepEqual(byGroup?.ReferencedGroupInfo, { GroupId: peer, UserId: ACCOUNT });
    assert.equal(byGroup?.IpProtocol, 'tcp');
    const sg = await getGroup(g);
    assert.equal(sg.IpPermissions?.length, 2);
    const https = sg.IpPermissions!.find((p) => p.FromPort === 443)!;
    assert.equal(https.IpProtocol, 'tcp');
    assert.deepEqual(https.IpRanges, [{ CidrIp: '10.0.0.0/8', Description: 'internal' }, { CidrIp: '192.168.1.0/24' }]);
    assert.deepEqual(https.Ipv6Ranges, [{ CidrIpv6: '2001:db8::/32' }]);
    assert.deepEqual(https.UserIdGroupPairs, [{ UserId: ACCOUNT, GroupId: peer }]);
    const icmp = sg.IpPermissions!.find((p) => p.IpProtocol === 'icmp')!;
    assert.deepEqual([icmp.FromPort, icmp.ToPort], [8, -1]);
  });

  it('canonicalizes CIDRs, so the non-canonical form of an existing rule is a duplicate (AWS: CidrIp canonicalization)', async () => {
    const g = await newGroup('canon');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh('100.68.0.18/18')] }));
    const sg = await getGroup(g);
    assert.equal(sg.IpPermissions![0]!.IpRanges![0]!.CidrIp, '100.68.0.0/18');
    const err = await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh('100.68.0.0/18')] })), 'InvalidPermission.Duplicate');
    assert.equal(err.message, 'the specified rule "peer: 100.68.0.0/18, TCP, from port: 22, to port: 22, ALLOW" already exists');
  });

  it('rejects a permission repeated within one call (AWS: "The same permission must not appear multiple times")', async () => {
    const g = await newGroup('repeat');
    const err = await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh(), ssh()] })), 'InvalidParameterValue');
    assert.equal(err.message, 'The same permission must not appear multiple times');
    assert.deepEqual((await getGroup(g)).IpPermissions, []);
  });

  it('validates protocols, ports, ICMP type/code and CIDRs, adding nothing on failure', async () => {
    const g = await newGroup('validate');
    const send = (perm: IpPermission) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [perm] }));
    // AWS: "For tcp, udp, and icmp, you must specify a port range."
    await rejectsWith(send({ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: 'icmp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: 'tcp', FromPort: 0, ToPort: 70000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidPermission.Malformed');
    await rejectsWith(send({ IpProtocol: 'tcp', FromPort: 100, ToPort: 50, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidParameterValue');
    // AWS: "If the start port is -1 (all ICMP types), then the end port must be -1."
    await rejectsWith(send({ IpProtocol: 'icmp', FromPort: -1, ToPort: 3, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: 'icmp', FromPort: 300, ToPort: 0, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidPermission.Malformed');
    await rejectsWith(send({ IpProtocol: 'bogus', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: '256', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.300/8' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, Ipv6Ranges: [{ CidrIpv6: '10.0.0.0/8' }] }), 'InvalidParameterValue');
    await rejectsWith(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2 }), 'MissingParameter');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g })), 'MissingParameter');
    assert.deepEqual((await getGroup(g)).IpPermissions, []);
  });

  it('stores -1/all and other protocol numbers without ports; icmpv6 may omit its range (AWS: IpPermission.IpProtocol)', async () => {
    const g = await newGroup('protocols');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: g,
      IpPermissions: [
        { IpProtocol: '-1', FromPort: 5, ToPort: 6, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
        { IpProtocol: '50', IpRanges: [{ CidrIp: '10.2.0.0/16' }] },
        { IpProtocol: 'icmpv6', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ],
    }));
    const perms = (await getGroup(g)).IpPermissions!;
    const all = perms.find((p) => p.IpProtocol === '-1')!;
    assert.equal(all.FromPort, undefined);
    assert.equal(all.ToPort, undefined);
    assert.ok(perms.some((p) => p.IpProtocol === '50' && p.FromPort === undefined));
    const v6 = perms.find((p) => p.IpProtocol === 'icmpv6')!;
    assert.deepEqual([v6.FromPort, v6.ToPort], [-1, -1]);
    // 'all' is the same rule as '-1'.
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'all', IpRanges: [{ CidrIp: '10.1.0.0/16' }] }] })), 'InvalidPermission.Duplicate');
  });

  it('requires referenced groups to exist in the same VPC, and accepts a group name in that VPC', async () => {
    const g = await newGroup('refs');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] }] })), 'InvalidGroup.NotFound');
    const elsewhere = await newGroup('refs-other', defaultVpcId);
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: elsewhere }] }] })), 'InvalidGroup.NotFound');
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupName: 'refs' }] }] }));
    assert.equal(r.SecurityGroupRules![0]!.ReferencedGroupInfo?.GroupId, g);
  });

  it('requires prefix lists to exist', async () => {
    const g = await newGroup('pl');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }] }] })), 'InvalidPrefixListID.NotFound');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'bogus' }] }] })), 'InvalidPrefixListId.Malformed');
    const plId = 'pl-0a1b2c3d4e5f60718';
    h.world.transact((tx) => {
      tx.in(ACCOUNT, 'us-east-1').put({
        kind: 'managedPrefixList', id: plId, ownerId: ACCOUNT, tags: [], name: 'corp', addressFamily: 'IPv4',
        maxEntries: 5, version: 1, state: 'create-complete', versions: [[{ cidr: '10.9.0.0/16' }]],
      });
    });
    const r = await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: plId, Description: 'corp' }] }] }));
    assert.equal(r.SecurityGroupRules![0]!.PrefixListId, plId);
    assert.equal(r.SecurityGroupRules![0]!.IsEgress, true);
    const sg = await getGroup(g);
    assert.deepEqual(sg.IpPermissionsEgress!.find((p) => p.IpProtocol === 'tcp')!.PrefixListIds, [{ PrefixListId: plId, Description: 'corp' }]);
    const found = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'egress.ip-permission.prefix-list-id', Values: [plId] }] }));
    assert.deepEqual(found.SecurityGroups!.map((x) => x.GroupId), [g]);
  });

  it('accepts the older top-level members, a source group name granting ICMP, TCP and UDP (AWS: SourceSecurityGroupName)', async () => {
    const g = await newGroup('legacy', defaultVpcId);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'legacy', IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, SourceSecurityGroupName: 'default' }));
    const sg = await getGroup(g);
    assert.deepEqual(sg.IpPermissions!.map((p) => p.IpProtocol).sort(), ['icmp', 'tcp', 'tcp', 'udp']);
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, CidrIp: '1.2.3.4/32', IpPermissions: [ssh()] })), 'InvalidParameterCombination');
  });

  it(`enforces the ${60}-rule quota per direction (AWS: RulesPerSecurityGroupLimitExceeded)`, async () => {
    const g = await newGroup('quota');
    const ranges = Array.from({ length: 60 }, (_, i) => ({ CidrIp: `10.${i}.0.0/16` }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: ranges }] }));
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh('10.200.0.0/16')] })), 'RulesPerSecurityGroupLimitExceeded');
    // Egress has its own quota (one rule used by the default all-outbound rule).
    const egress = Array.from({ length: 59 }, (_, i) => ({ CidrIp: `10.${i}.0.0/16` }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: egress }] }));
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [ssh('10.200.0.0/16')] })), 'RulesPerSecurityGroupLimitExceeded');
  });

  it('answers NotFound and Malformed for the target group', async () => {
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-0123456789abcdef0', IpPermissions: [ssh()] })), 'InvalidGroup.NotFound');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'nope-1', IpPermissions: [ssh()] })), 'InvalidGroupId.Malformed');
    await rejectsWith(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'no-such-name', IpPermissions: [ssh()] })), 'InvalidGroup.NotFound');
  });
});

describe('RevokeSecurityGroupIngress / Egress', () => {
  it('revokes by matching properties (description need not match) and by rule id', async () => {
    const g = await newGroup('revoke');
    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'ssh' }, { CidrIp: '172.16.0.0/12' }] }],
    }));
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh('10.0.0.0/8')] }));
    assert.equal(r.Return, true);
    assert.equal(r.RevokedSecurityGroupRules?.length, 1);
    assert.equal(r.RevokedSecurityGroupRules![0]!.CidrIpv4, '10.0.0.0/8');
    const other = added.SecurityGroupRules!.find((x) => x.CidrIpv4 === '172.16.0.0/12')!;
    const byId = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, SecurityGroupRuleIds: [other.SecurityGroupRuleId!] }));
    assert.equal(byId.RevokedSecurityGroupRules![0]!.SecurityGroupRuleId, other.SecurityGroupRuleId);
    assert.deepEqual((await getGroup(g)).IpPermissions, []);
    const eg = await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    assert.equal(eg.RevokedSecurityGroupRules?.length, 1);
    assert.deepEqual((await getGroup(g)).IpPermissionsEgress, []);
  });

  it('fails with InvalidPermission.NotFound in a nondefault VPC and revokes nothing (AWS: RevokeSecurityGroupIngress)', async () => {
    const g = await newGroup('revoke-missing');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh()] }));
    await rejectsWith(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh(), ssh('1.1.1.1/32')] })), 'InvalidPermission.NotFound');
    assert.equal((await getGroup(g)).IpPermissions?.length, 1);
  });

  it('returns the unknown permissions without error in a default VPC (AWS: "no error is returned" for a default VPC)', async () => {
    const g = await newGroup('revoke-default', defaultVpcId);
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [ssh('9.9.9.9/32')] }));
    assert.equal(r.Return, true);
    assert.deepEqual(r.UnknownIpPermissions?.[0]?.IpRanges, [{ CidrIp: '9.9.9.9/32' }]);
    assert.deepEqual(r.RevokedSecurityGroupRules ?? [], []);
  });

  it('checks rule ids and their direction', async () => {
    const g = await newGroup('revoke-ids');
    const { SecurityGroupRules } = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [g] }] }));
    const egressRule = SecurityGroupRules![0]!.SecurityGroupRuleId!;
    await rejectsWith(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, SecurityGroupRuleIds: [egressRule] })), 'InvalidSecurityGroupRuleId.NotFound');
    await rejectsWith(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] })), 'InvalidSecurityGroupRuleId.NotFound');
    await rejectsWith(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: g, SecurityGroupRuleIds: ['rule-1'] })), 'InvalidSecurityGroupRuleId.Malformed');
    await rejectsWith(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SecurityGroupRuleIds: [egressRule], IpPermissions: [ssh()] })), 'InvalidParameterCombination');
    await rejectsWith(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g })), 'MissingParameter');
  });
});

describe('DeleteSecurityGroup', () => {
  it('deletes by id and by name in the default VPC', async () => {
    const g = await newGroup('gone');
    const r = await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g }));
    assert.equal(r.Return, true);
    assert.equal(r.GroupId, g);
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g] })), 'InvalidGroup.NotFound');
    const named = await newGroup('gone-by-name', defaultVpcId);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'gone-by-name' }));
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [named] })), 'InvalidGroup.NotFound');
  });

  it('refuses the default group (AWS: CannotDelete)', async () => {
    const def = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
    await rejectsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupId: def.SecurityGroups![0]!.GroupId })), 'CannotDelete');
  });

  it('refuses a group referenced by another group or attached to a network interface (AWS: DependencyViolation)', async () => {
    const target = await newGroup('referenced');
    const referrer = await newGroup('referrer');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: referrer, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: target }] }] }));
    await rejectsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupId: target })), 'DependencyViolation');
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: referrer, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: target }] }] }));
    // A self-reference does not block deletion.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: target, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: target }] }] }));
    const attached = await newGroup('attached');
    h.world.transact((tx) => { createInterface(tx, tx.in(ACCOUNT, 'us-east-1'), { subnetId, groupIds: [attached] }); });
    await rejectsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupId: attached })), 'DependencyViolation');
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: target }));
  });

  it('answers NotFound for unknown ids and names', async () => {
    await rejectsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupId: 'sg-0123456789abcdef0' })), 'InvalidGroup.NotFound');
    await rejectsWith(ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'never-made' })), 'InvalidGroup.NotFound');
    await rejectsWith(ec2.send(new DeleteSecurityGroupCommand({})), 'MissingParameter');
  });
});

describe('DescribeSecurityGroups', () => {
  it('filters by name, description, vpc, owner, tags and rule fields, and pages', async () => {
    const a = await newGroup('filt-a');
    const b = await newGroup('filt-b');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: a, IpPermissions: [ssh('203.0.113.0/24')] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: b, IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, UserIdGroupPairs: [{ GroupId: a }] }] }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: b, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '2001:db8::/48' }] }] }));
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }))).SecurityGroups ?? []).map((g) => g.GroupId).sort();
    assert.deepEqual(await ids([{ Name: 'group-name', Values: ['filt-*'] }]), [a, b].sort());
    assert.deepEqual(await ids([{ Name: 'description', Values: ['filt-a group'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.cidr', Values: ['203.0.113.0/24'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.from-port', Values: ['53'] }, { Name: 'ip-permission.protocol', Values: ['udp'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.protocol', Values: ['17'] }, { Name: 'group-name', Values: ['filt-*'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.to-port', Values: ['22'] }, { Name: 'group-name', Values: ['filt-*'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.group-id', Values: [a] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.group-name', Values: ['filt-a'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'ip-permission.user-id', Values: [ACCOUNT] }, { Name: 'group-name', Values: ['filt-*'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'egress.ip-permission.ipv6-cidr', Values: ['2001:db8::/48'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'egress.ip-permission.to-port', Values: ['443'] }, { Name: 'egress.ip-permission.from-port', Values: ['443'] }, { Name: 'group-name', Values: ['filt-*'] }]), [b]);
    assert.deepEqual(await ids([{ Name: 'egress.ip-permission.cidr', Values: ['0.0.0.0/0'] }, { Name: 'egress.ip-permission.protocol', Values: ['-1'] }, { Name: 'group-name', Values: ['filt-*'] }]), [a, b].sort());
    assert.deepEqual(await ids([{ Name: 'egress.ip-permission.group-id', Values: [a] }]), []);
    assert.deepEqual(await ids([{ Name: 'egress.ip-permission.group-name', Values: ['filt-a'] }, { Name: 'egress.ip-permission.user-id', Values: [ACCOUNT] }]), []);
    assert.deepEqual(await ids([{ Name: 'ip-permission.ipv6-cidr', Values: ['2001:db8::/48'] }]), []);
    assert.deepEqual(await ids([{ Name: 'ip-permission.prefix-list-id', Values: ['pl-*'] }]), []);
    assert.ok((await ids([{ Name: 'owner-id', Values: [ACCOUNT] }, { Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-id', Values: [a] }])).includes(a));
    await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })), 'InvalidParameterValue');
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: token }));
      assert.ok((page.SecurityGroups?.length ?? 0) <= 5);
      seen.push(...page.SecurityGroups!.map((g) => g.GroupId!));
      token = page.NextToken;
    } while (token);
    const all = await ec2.send(new DescribeSecurityGroupsCommand({}));
    assert.equal(new Set(seen).size, all.SecurityGroups!.length);
  });

  it('looks GroupNames up in the default VPC', async () => {
    const r = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    assert.equal(r.SecurityGroups?.length, 1);
    assert.equal(r.SecurityGroups![0]!.VpcId, defaultVpcId);
    // The default group allows all traffic from itself (AWS: default security groups).
    const self = r.SecurityGroups![0]!.IpPermissions![0]!;
    assert.deepEqual(self.UserIdGroupPairs, [{ UserId: ACCOUNT, GroupId: r.SecurityGroups![0]!.GroupId }]);
    const err = await rejectsWith(ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['filt-a'] })), 'InvalidGroup.NotFound');
    assert.match(err.message, /default VPC/);
  });
});

describe('DescribeSecurityGroupRules', () => {
  it('lists rules by id, group-id, rule id and tag filters, with paging', async () => {
    const g = await newGroup('rules');
    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: ['10.0.0.0/8', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/16'].map((CidrIp) => ({ CidrIp })) }],
      TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'env', Value: 'prod' }] }],
    }));
    const first = added.SecurityGroupRules![0]!;
    const byId = await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [first.SecurityGroupRuleId!] }));
    assert.deepEqual(byId.SecurityGroupRules, [{
      SecurityGroupRuleId: first.SecurityGroupRuleId, GroupId: g, GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp',
      FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8', Tags: [{ Key: 'env', Value: 'prod' }],
      SecurityGroupRuleArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group-rule/${first.SecurityGroupRuleId}`,
    }]);
    const inGroup = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [g] }] }));
    assert.equal(inGroup.SecurityGroupRules?.length, 7);
    const egress = inGroup.SecurityGroupRules!.find((r) => r.IsEgress)!;
    assert.deepEqual([egress.IpProtocol, egress.FromPort, egress.ToPort, egress.CidrIpv4], ['-1', -1, -1, '0.0.0.0/0']);
    const tagged = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'tag:env', Values: ['prod'] }, { Name: 'group-id', Values: [g] }] }));
    assert.equal(tagged.SecurityGroupRules?.length, 6);
    const one = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'security-group-rule-id', Values: [first.SecurityGroupRuleId!] }] }));
    assert.equal(one.SecurityGroupRules?.length, 1);
    const page = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [g] }], MaxResults: 5 }));
    assert.equal(page.SecurityGroupRules?.length, 5);
    const rest = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [g] }], MaxResults: 5, NextToken: page.NextToken }));
    assert.equal(rest.SecurityGroupRules?.length, 2);
    assert.equal(rest.NextToken, undefined);
    await rejectsWith(ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] })), 'InvalidSecurityGroupRuleId.NotFound');
    await rejectsWith(ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ['x-1'] })), 'InvalidSecurityGroupRuleId.Malformed');
  });
});
