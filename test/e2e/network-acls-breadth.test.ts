/**
 * @module Network ACLs as Terraform and SDK code use them: aws_default_network_acl (entries replaced, the
 * catch-all kept), aws_network_acl with aws_network_acl_rule, RuleAction case, rule-number errors, tags, paging.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateNetworkAclCommand, CreateNetworkAclEntryCommand, CreateSubnetCommand, CreateTagsCommand, DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand, DescribeNetworkAclsCommand, ReplaceNetworkAclAssociationCommand, ReplaceNetworkAclEntryCommand,
  type CreateNetworkAclEntryCommandInput, type EC2Client, type NetworkAcl, type RuleAction,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

const ACCOUNT = '333344445555';
let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.70.0.0/16', '10.70.1.0/24'));
});
after(async () => { await h.close(); });

async function getAcl(id: string): Promise<NetworkAcl> {
  return (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] }))).NetworkAcls![0]!;
}

async function defaultAcl(vpc = vpcId): Promise<NetworkAcl> {
  const r = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'default', Values: ['true'] }] }));
  assert.equal(r.NetworkAcls?.length, 1);
  return r.NetworkAcls![0]!;
}

const entry = (aclId: string, over: Partial<CreateNetworkAclEntryCommandInput> = {}): CreateNetworkAclEntryCommandInput => ({
  NetworkAclId: aclId, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 }, ...over,
});

const summary = (acl: NetworkAcl): [boolean | undefined, number | undefined, string | undefined, string | undefined][] =>
  acl.Entries!.map((e) => [e.Egress, e.RuleNumber, e.Protocol, e.RuleAction]);

describe('aws_default_network_acl: the default entries are replaced, the catch-all stays', () => {
  it('deletes and recreates rule 100 in both directions, keeping 32767', async () => {
    const { vpcId: vpc } = await vpcWithSubnet(ec2, '10.71.0.0/16', '10.71.1.0/24');
    const acl = await defaultAcl(vpc);
    const id = acl.NetworkAclId!;
    // Terraform revokes every entry but the catch-all (32767, and 32768 for IPv6).
    for (const e of acl.Entries!) {
      if (e.RuleNumber === 32767) continue;
      await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: e.RuleNumber!, Egress: e.Egress! }));
    }
    assert.deepEqual(summary(await getAcl(id)), [[true, 32767, '-1', 'deny'], [false, 32767, '-1', 'deny']]);
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 100, Protocol: '-1', PortRange: { From: 0, To: 0 }, CidrBlock: '10.71.0.0/16' })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 100, Egress: true, Protocol: '-1', PortRange: { From: 0, To: 0 } })));
    const now = await getAcl(id);
    assert.deepEqual(summary(now), [[true, 100, '-1', 'allow'], [true, 32767, '-1', 'deny'], [false, 100, '-1', 'allow'], [false, 32767, '-1', 'deny']]);
    // AWS: for protocol -1 "traffic on all ports is allowed, regardless of any ports ... that you specify".
    assert.deepEqual(now.Entries![2], { Egress: false, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', CidrBlock: '10.71.0.0/16' });
    assert.equal(now.IsDefault, true);
  });

  it('replaces the default rule 100 in place', async () => {
    const acl = await defaultAcl();
    await ec2.send(new ReplaceNetworkAclEntryCommand(entry(acl.NetworkAclId!, { RuleNumber: 100, Egress: true, RuleAction: 'deny', Protocol: '17', PortRange: { From: 53, To: 53 } })));
    const e = (await getAcl(acl.NetworkAclId!)).Entries!.find((x) => x.Egress && x.RuleNumber === 100);
    assert.deepEqual(e, { Egress: true, RuleNumber: 100, Protocol: '17', RuleAction: 'deny', CidrBlock: '0.0.0.0/0', PortRange: { From: 53, To: 53 } });
  });

  it('refuses to delete or replace the catch-all 32767 with AWS\'s rule-number error, changing nothing', async () => {
    const acl = await defaultAcl();
    const id = acl.NetworkAclId!;
    const err = await rejectsWith(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 32767, Egress: false })), 'InvalidParameterValue');
    assert.equal(err.message, 'Value (32767) for parameter ruleNumber is invalid. Rulenumber must be in range 1..32766');
    const v6 = await rejectsWith(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 32768, Egress: true })), 'InvalidParameterValue');
    assert.equal(v6.message, 'Value (32768) for parameter ruleNumber is invalid. Rulenumber must be in range 1..32766');
    await rejectsWith(ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 32767, RuleAction: 'allow' }))), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 0 }))), 'InvalidParameterValue');
    const after = await getAcl(id);
    assert.equal(after.Entries!.filter((e) => e.RuleNumber === 32767 && e.RuleAction === 'deny').length, 2);
  });
});

describe('RuleAction is accepted in any case (AWS: allow | deny) and described in lower case', () => {
  it('accepts ALLOW, Deny and allow', async () => {
    const id = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 10, RuleAction: 'ALLOW' as RuleAction })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 20, RuleAction: 'Deny' as RuleAction })));
    await ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 10, RuleAction: 'DENY' as RuleAction })));
    const acl = await getAcl(id);
    assert.deepEqual(acl.Entries!.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction]), [[10, 'deny'], [20, 'deny'], [32767, 'deny']]);
    const byAction = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'network-acl-id', Values: [id] }, { Name: 'entry.rule-action', Values: ['deny'] }] }));
    assert.equal(byAction.NetworkAcls?.length, 1);
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 30, RuleAction: 'permit' as RuleAction }))), 'InvalidParameterValue');
  });
});

describe('aws_network_acl and aws_network_acl_rule', () => {
  it('creates an ACL with entries, finds a rule by its three-part key, moves a subnet and back, then deletes', async () => {
    const created = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'Name', Value: 'app' }] }] }));
    const id = created.NetworkAcl!.NetworkAclId!;
    assert.deepEqual(created.NetworkAcl!.Tags, [{ Key: 'Name', Value: 'app' }]);
    // Terraform sends names it maps to numbers, and ICMP with type and code.
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 100, Protocol: 'tcp', PortRange: { From: 80, To: 80 } })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 110, Protocol: '1', PortRange: { From: 0, To: 0 }, IcmpTypeCode: { Type: -1, Code: -1 } })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 100, Egress: true, Protocol: '-1', PortRange: { From: 0, To: 0 } })));
    const byKey = await ec2.send(new DescribeNetworkAclsCommand({
      NetworkAclIds: [id], Filters: [{ Name: 'entry.rule-number', Values: ['110'] }, { Name: 'entry.egress', Values: ['false'] }],
    }));
    const icmp = byKey.NetworkAcls![0]!.Entries!.find((e) => e.RuleNumber === 110 && !e.Egress);
    assert.deepEqual(icmp, { RuleNumber: 110, Protocol: '1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', IcmpTypeCode: { Type: -1, Code: -1 } });
    assert.equal(byKey.NetworkAcls![0]!.Entries!.find((e) => e.RuleNumber === 100 && !e.Egress)?.Protocol, '6');

    // Subnet association: from the default ACL to this one, and back before delete (as Terraform does).
    const dflt = await defaultAcl();
    const assoc = dflt.Associations!.find((a) => a.SubnetId === subnetId)!;
    const moved = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc.NetworkAclAssociationId!, NetworkAclId: id }));
    assert.deepEqual((await getAcl(id)).Associations, [{ NetworkAclAssociationId: moved.NewAssociationId, NetworkAclId: id, SubnetId: subnetId }]);
    await rejectsWith(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: id })), 'DependencyViolation');
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: moved.NewAssociationId!, NetworkAclId: dflt.NetworkAclId! }));
    await ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: id }));
    await rejectsWith(ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] })), 'InvalidNetworkAclID.NotFound');
  });

  it('answers the entry errors as AWS', async () => {
    const id = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id)));
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id))), 'NetworkAclEntryAlreadyExists');
    await rejectsWith(ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 101 }))), 'InvalidNetworkAclEntry.NotFound');
    await rejectsWith(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 101, Egress: false })), 'InvalidNetworkAclEntry.NotFound');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 120, CidrBlock: '10.0.0.0/33' }))), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 120, Protocol: 'bogus' }))), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 120, PortRange: undefined }))), 'MissingParameter');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry('acl-0123456789abcdef0'))), 'InvalidNetworkAclID.NotFound');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry('nope'))), 'InvalidNetworkAclId.Malformed');
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand({ ...entry(id, { RuleNumber: 130 }), DryRun: true })), 'DryRunOperation', 412);
    assert.deepEqual((await getAcl(id)).Entries!.filter((e) => !e.Egress).map((e) => e.RuleNumber), [100, 32767]);
  });
});

describe('DescribeNetworkAcls output and paging', () => {
  it('lists an empty tag set as [] (AWS describe-network-acls shows "Tags": []) and tags when present', async () => {
    const id = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    assert.deepEqual((await getAcl(id)).Tags, []);
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.deepEqual((await getAcl(id)).Tags, [{ Key: 'k', Value: 'v' }]);
    const byTag = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'tag:k', Values: ['v'] }] }));
    assert.deepEqual(byTag.NetworkAcls!.map((a) => a.NetworkAclId), [id]);
  });

  it('pages with MaxResults 5..1000 and refuses other values', async () => {
    for (let i = 0; i < 3; i++) {
      const s = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.70.${10 + i}.0/24` }));
      assert.ok(s.Subnet?.SubnetId);
      await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 5, NextToken: token }));
      assert.ok(page.NetworkAcls!.length <= 5);
      seen.push(...page.NetworkAcls!.map((a) => a.NetworkAclId!));
      token = page.NextToken;
    } while (token);
    const all = (await ec2.send(new DescribeNetworkAclsCommand({}))).NetworkAcls!.map((a) => a.NetworkAclId!);
    assert.deepEqual(seen, all);
    assert.ok(all.length > 5);
    await rejectsWith(ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 3 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 1001 })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'entry.bogus', Values: ['x'] }] })), 'InvalidParameterValue');
  });
});
