/** @module Network ACL operations through @aws-sdk/client-ec2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateNetworkAclCommand, CreateNetworkAclEntryCommand, CreateSubnetCommand, CreateVpcCommand, DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand, DescribeNetworkAclsCommand, ReplaceNetworkAclAssociationCommand, ReplaceNetworkAclEntryCommand,
  type CreateNetworkAclEntryCommandInput, type EC2Client,
} from '@aws-sdk/client-ec2';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

const ACCOUNT = '111111111111';
let h: Harness;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  ({ vpcId, subnetId } = await vpcWithSubnet(ec2, '10.30.0.0/16', '10.30.1.0/24'));
});
after(async () => { await h.close(); });

async function newAcl(tag?: string): Promise<string> {
  const r = await ec2.send(new CreateNetworkAclCommand({
    VpcId: vpcId,
    ...(tag ? { TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'Name', Value: tag }] }] } : {}),
  }));
  return r.NetworkAcl!.NetworkAclId!;
}

async function getAcl(id: string) {
  return (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] }))).NetworkAcls![0]!;
}

async function defaultAcl() {
  const r = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }));
  return r.NetworkAcls![0]!;
}

const entry = (aclId: string, over: Partial<CreateNetworkAclEntryCommandInput> = {}): CreateNetworkAclEntryCommandInput => ({
  NetworkAclId: aclId, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 }, ...over,
});

describe('CreateNetworkAcl', () => {
  it('makes a custom ACL that denies everything with the 32767 catch-all (AWS: custom ACLs deny all until you add rules)', async () => {
    const r = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'Name', Value: 'custom' }] }] }));
    const acl = r.NetworkAcl!;
    assert.match(acl.NetworkAclId!, /^acl-[0-9a-f]{17}$/);
    assert.equal(acl.IsDefault, false);
    assert.equal(acl.VpcId, vpcId);
    assert.equal(acl.OwnerId, ACCOUNT);
    assert.deepEqual(acl.Associations, []);
    assert.deepEqual(acl.Tags, [{ Key: 'Name', Value: 'custom' }]);
    assert.deepEqual(acl.Entries, [
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
    ]);
  });

  it('shows the default ACL with rule 100 allow before the catch-all, and the subnet association', async () => {
    const acl = await defaultAcl();
    assert.deepEqual(acl.Entries!.map((e) => [e.Egress, e.RuleNumber, e.RuleAction]), [[true, 100, 'allow'], [true, 32767, 'deny'], [false, 100, 'allow'], [false, 32767, 'deny']]);
    assert.equal(acl.Associations?.length, 1);
    assert.equal(acl.Associations![0]!.SubnetId, subnetId);
    assert.match(acl.Associations![0]!.NetworkAclAssociationId!, /^aclassoc-/);
  });

  it('is idempotent with a ClientToken and rejects reuse with other parameters', async () => {
    const a = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, ClientToken: 'tok-1' }));
    const b = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, ClientToken: 'tok-1' }));
    assert.equal(a.NetworkAcl!.NetworkAclId, b.NetworkAcl!.NetworkAclId);
    assert.equal(b.ClientToken, 'tok-1');
    await rejectsWith(ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, ClientToken: 'tok-1', TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'k', Value: 'v' }] }] })), 'IdempotentParameterMismatch');
  });

  it('needs an existing VPC', async () => {
    await rejectsWith(ec2.send(new CreateNetworkAclCommand({ VpcId: 'vpc-0123456789abcdef0' })), 'InvalidVpcID.NotFound');
    await rejectsWith(ec2.send(new CreateNetworkAclCommand({ VpcId: '' })), 'MissingParameter');
  });
});

describe('CreateNetworkAclEntry', () => {
  it('adds entries with protocol numbers or names, port ranges, ICMP type/code and IPv6 blocks', async () => {
    const id = await newAcl();
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id)));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 110, Protocol: 'udp', PortRange: { From: 53, To: 53 }, CidrBlock: '10.0.0.18/8' })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 120, Protocol: '1', PortRange: undefined, IcmpTypeCode: { Type: 8, Code: -1 }, RuleAction: 'deny' })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 100, Egress: true, Protocol: '-1', PortRange: undefined, CidrBlock: undefined, Ipv6CidrBlock: '::/0' })));
    // AWS: for protocols other than 6, 17 and 1, ports and ICMP fields are ignored.
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 130, Protocol: '50', PortRange: { From: 1, To: 2 } })));
    const acl = await getAcl(id);
    assert.deepEqual(acl.Entries, [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, Ipv6CidrBlock: '::/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 110, Protocol: '17', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.0.0/8', PortRange: { From: 53, To: 53 } },
      { RuleNumber: 120, Protocol: '1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', IcmpTypeCode: { Type: 8, Code: -1 } },
      { RuleNumber: 130, Protocol: '50', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
    ]);
  });

  it('rejects rule numbers outside 1..32766 (AWS: 32767-65535 reserved)', async () => {
    const id = await newAcl();
    for (const n of [0, 32767, 40000]) {
      await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: n }))), 'InvalidParameterValue');
    }
  });

  it('rejects a rule number already used in that direction, but not in the other (NetworkAclEntryAlreadyExists)', async () => {
    const id = await newAcl();
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id)));
    const err = await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id))), 'NetworkAclEntryAlreadyExists');
    assert.equal(err.message, 'The network acl entry identified by 100 already exists.');
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { Egress: true })));
  });

  it('validates protocol, ports, ICMP, CIDRs and action', async () => {
    const id = await newAcl();
    const bad = (over: Partial<CreateNetworkAclEntryCommandInput>) => ec2.send(new CreateNetworkAclEntryCommand(entry(id, over)));
    // AWS: a port range is "Required if specifying protocol 6 (TCP) or 17 (UDP)".
    await rejectsWith(bad({ PortRange: undefined }), 'MissingParameter');
    // AWS: ICMP type and code are "Required if specifying protocol 1 (ICMP) or protocol 58 (ICMPv6) with an IPv6 CIDR block".
    await rejectsWith(bad({ Protocol: '1', PortRange: undefined }), 'MissingParameter');
    await rejectsWith(bad({ Protocol: '58', PortRange: undefined, CidrBlock: undefined, Ipv6CidrBlock: '::/0' }), 'MissingParameter');
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 7, Protocol: '58', PortRange: undefined })));
    await rejectsWith(bad({ PortRange: { From: 0, To: 70000 } }), 'InvalidParameterValue');
    await rejectsWith(bad({ PortRange: { From: 90, To: 80 } }), 'InvalidParameterValue');
    await rejectsWith(bad({ Protocol: '1', PortRange: undefined, IcmpTypeCode: { Type: 300, Code: 0 } }), 'InvalidParameterValue');
    await rejectsWith(bad({ Protocol: 'nope' }), 'InvalidParameterValue');
    await rejectsWith(bad({ Protocol: '256' }), 'InvalidParameterValue');
    await rejectsWith(bad({ RuleAction: 'maybe' as 'allow' }), 'InvalidParameterValue');
    await rejectsWith(bad({ CidrBlock: '10.0.0.0/33' }), 'InvalidParameterValue');
    await rejectsWith(bad({ CidrBlock: undefined }), 'MissingParameter');
    await rejectsWith(bad({ Ipv6CidrBlock: '::/0' }), 'InvalidParameterCombination');
    await rejectsWith(bad({ NetworkAclId: 'acl-0123456789abcdef0' }), 'InvalidNetworkAclID.NotFound');
    await rejectsWith(bad({ NetworkAclId: 'bogus-1' }), 'InvalidNetworkAclId.Malformed');
    assert.equal((await getAcl(id)).Entries?.length, 3);
  });

  it('allows 20 entries per direction and family (AWS: NetworkAclEntryLimitExceeded)', async () => {
    const id = await newAcl();
    for (let i = 1; i <= 20; i++) await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: i * 10 })));
    await rejectsWith(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 999 }))), 'NetworkAclEntryLimitExceeded');
    // Egress and IPv6 have their own counts.
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 999, Egress: true })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 999, CidrBlock: undefined, Ipv6CidrBlock: '::/0' })));
  });
});

describe('ReplaceNetworkAclEntry / DeleteNetworkAclEntry', () => {
  it('replaces and deletes an existing entry', async () => {
    const id = await newAcl();
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id)));
    await ec2.send(new ReplaceNetworkAclEntryCommand({ ...entry(id), RuleAction: 'deny', PortRange: { From: 8000, To: 8080 } }));
    let acl = await getAcl(id);
    assert.deepEqual(acl.Entries!.find((e) => e.RuleNumber === 100), { RuleNumber: 100, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 8000, To: 8080 } });
    await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 100, Egress: false }));
    acl = await getAcl(id);
    assert.deepEqual(acl.Entries!.map((e) => e.RuleNumber), [32767, 32767]);
  });

  it('answers InvalidNetworkAclEntry.NotFound for a missing entry', async () => {
    const id = await newAcl();
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id)));
    await rejectsWith(ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 200 }))), 'InvalidNetworkAclEntry.NotFound');
    await rejectsWith(ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { Egress: true }))), 'InvalidNetworkAclEntry.NotFound');
    await rejectsWith(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 100, Egress: true })), 'InvalidNetworkAclEntry.NotFound');
    await rejectsWith(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 32767, Egress: false })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: 'acl-0123456789abcdef0', RuleNumber: 100, Egress: false })), 'InvalidNetworkAclID.NotFound');
  });
});

describe('ReplaceNetworkAclAssociation', () => {
  it('moves a subnet to another ACL with a new association id, and back', async () => {
    const custom = await newAcl();
    const def = await defaultAcl();
    const oldAssoc = def.Associations!.find((a) => a.SubnetId === subnetId)!.NetworkAclAssociationId!;
    const r = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: oldAssoc, NetworkAclId: custom }));
    assert.match(r.NewAssociationId!, /^aclassoc-/);
    assert.notEqual(r.NewAssociationId, oldAssoc);
    const moved = await getAcl(custom);
    assert.deepEqual(moved.Associations, [{ NetworkAclAssociationId: r.NewAssociationId, NetworkAclId: custom, SubnetId: subnetId }]);
    assert.ok(!(await defaultAcl()).Associations!.some((a) => a.SubnetId === subnetId));
    await rejectsWith(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: oldAssoc, NetworkAclId: def.NetworkAclId })), 'InvalidAssociationID.NotFound');
    // AWS: the operation is idempotent; naming the current ACL again still answers with a new association.
    const again = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: r.NewAssociationId, NetworkAclId: custom }));
    assert.equal((await getAcl(custom)).Associations?.length, 1);
    const back = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: again.NewAssociationId, NetworkAclId: def.NetworkAclId }));
    assert.ok((await defaultAcl()).Associations!.some((a) => a.NetworkAclAssociationId === back.NewAssociationId));
  });

  it('refuses an ACL of another VPC and unknown ids', async () => {
    const other = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.31.0.0/16' }));
    const foreign = (await ec2.send(new CreateNetworkAclCommand({ VpcId: other.Vpc!.VpcId! }))).NetworkAcl!.NetworkAclId!;
    const assoc = (await defaultAcl()).Associations![0]!.NetworkAclAssociationId!;
    await rejectsWith(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: foreign })), 'InvalidParameterValue');
    await rejectsWith(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: 'acl-0123456789abcdef0' })), 'InvalidNetworkAclID.NotFound');
    await rejectsWith(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: 'aclassoc-0123456789abcdef0', NetworkAclId: foreign })), 'InvalidAssociationID.NotFound');
  });
});

describe('DeleteNetworkAcl', () => {
  it('deletes a custom ACL', async () => {
    const id = await newAcl();
    await ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: id }));
    await rejectsWith(ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] })), 'InvalidNetworkAclID.NotFound');
  });

  it('refuses the default ACL and an ACL with associated subnets (DependencyViolation)', async () => {
    await rejectsWith(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: (await defaultAcl()).NetworkAclId })), 'DependencyViolation');
    const id = await newAcl();
    const assoc = (await defaultAcl()).Associations!.find((a) => a.SubnetId === subnetId)!.NetworkAclAssociationId!;
    const moved = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: id }));
    await rejectsWith(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: id })), 'DependencyViolation');
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: moved.NewAssociationId, NetworkAclId: (await defaultAcl()).NetworkAclId }));
    await ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: id }));
  });

  it('answers NotFound and Malformed', async () => {
    await rejectsWith(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: 'acl-0123456789abcdef0' })), 'InvalidNetworkAclID.NotFound');
    await rejectsWith(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: 'subnet-0123456789abcdef0' })), 'InvalidNetworkAclId.Malformed');
  });
});

describe('DescribeNetworkAcls', () => {
  it('filters by association, default, entry fields, ids, owner, vpc and tags, and pages', async () => {
    const v = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
    const s = (await ec2.send(new CreateSubnetCommand({ VpcId: v, CidrBlock: '10.40.1.0/24' }))).Subnet!.SubnetId!;
    const a = (await ec2.send(new CreateNetworkAclCommand({ VpcId: v, TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'tier', Value: 'web' }] }] }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand(entry(a, { RuleNumber: 150, CidrBlock: '192.0.2.0/24', PortRange: { From: 80, To: 81 } })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(a, { RuleNumber: 160, Protocol: 'icmp', PortRange: undefined, IcmpTypeCode: { Type: 3, Code: 4 }, RuleAction: 'deny', Egress: true, CidrBlock: undefined, Ipv6CidrBlock: '2001:db8::/32' })));
    const defAssoc = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [s] }] }))).NetworkAcls!;
    assert.equal(defAssoc.length, 1);
    assert.equal(defAssoc[0]!.IsDefault, true);
    const assocId = defAssoc[0]!.Associations![0]!.NetworkAclAssociationId!;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assocId, NetworkAclId: a }));
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [v] }, ...filters] }))).NetworkAcls ?? []).map((x) => x.NetworkAclId);
    const def = (await ids([{ Name: 'default', Values: ['true'] }]))[0]!;
    assert.deepEqual(await ids([{ Name: 'default', Values: ['false'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'association.subnet-id', Values: [s] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'association.network-acl-id', Values: [a] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'association.association-id', Values: ['aclassoc-*'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.cidr', Values: ['192.0.2.0/24'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.ipv6-cidr', Values: ['2001:db8::/32'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.icmp.type', Values: ['3'] }, { Name: 'entry.icmp.code', Values: ['4'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.port-range.from', Values: ['80'] }, { Name: 'entry.port-range.to', Values: ['81'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.protocol', Values: ['tcp'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.protocol', Values: ['6'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'entry.rule-number', Values: ['100'] }]), [def]);
    assert.deepEqual(await ids([{ Name: 'entry.rule-action', Values: ['deny'] }, { Name: 'entry.egress', Values: ['true'] }]).then((x) => x.sort()), [a, def].sort());
    assert.deepEqual(await ids([{ Name: 'network-acl-id', Values: [a] }, { Name: 'owner-id', Values: [ACCOUNT] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'tag:tier', Values: ['web'] }]), [a]);
    assert.deepEqual(await ids([{ Name: 'tag-key', Values: ['tier'] }]), [a]);
    await rejectsWith(ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'entry.bogus', Values: ['x'] }] })), 'InvalidParameterValue');
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 5, NextToken: token }));
      assert.ok((page.NetworkAcls?.length ?? 0) <= 5);
      seen.push(...page.NetworkAcls!.map((x) => x.NetworkAclId!));
      token = page.NextToken;
    } while (token);
    assert.equal(new Set(seen).size, (await ec2.send(new DescribeNetworkAclsCommand({}))).NetworkAcls!.length);
  });
});
