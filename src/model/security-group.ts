/** @module Security groups: the default group every VPC gets, create and delete, authorize, revoke and modify rules, rule descriptions and tags. */
import { ec2Errors } from '../errors/ec2.js';
import { awsPrefixListById } from './aws-prefix-lists.js';
import { checkIdShape, mustGet } from './lookup.js';
import type { RulePeer, SecurityGroup, SecurityGroupRule } from './resources.js';
import {
  checkDuplicates, checkRuleDescription, expandPermissions, ruleKey, ruleText, type GroupResolver, type PermissionInput, type RuleDraft,
} from './security-group-rules.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/**
 * AWS: a default security group allows inbound traffic from members of the same group and all outbound
 * IPv4 traffic ("Default security groups for your VPCs").
 */
export function createDefaultSecurityGroup(tx: Tx, p: PartitionTx, vpcId: string): SecurityGroup {
  const id = tx.ids.next('securityGroup');
  const rules: SecurityGroupRule[] = [
    { ruleId: tx.ids.next('securityGroupRule'), egress: false, protocol: '-1', fromPort: -1, toPort: -1, peer: { type: 'group', groupId: id, ownerId: p.account } },
    { ruleId: tx.ids.next('securityGroupRule'), egress: true, protocol: '-1', fromPort: -1, toPort: -1, peer: { type: 'cidr', cidr: '0.0.0.0/0' } },
  ];
  return p.put({ kind: 'securityGroup', id, ownerId: p.account, tags: [], vpcId, groupName: 'default', description: 'default VPC security group', rules });
}

/** The VPC's default security group. */
export function defaultGroupOf(p: ReadView, vpcId: string): SecurityGroup | undefined {
  for (const g of p.childrenOf(vpcId, 'securityGroup')) if (g.groupName === 'default') return g;
  return undefined;
}

/** AWS: at most 60 inbound and 60 outbound rules per group, counted separately for IPv4 and IPv6 ("Amazon VPC quotas"). */
export const MAX_RULES_PER_DIRECTION = 60;

/** The partition's default VPC, or `VPCIdNotSpecified` as EC2 answers when a call relies on one that does not exist. */
export function defaultVpcId(p: ReadView): string {
  for (const v of p.list('vpc')) if (v.isDefault) return v.id;
  throw ec2Errors.custom('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
}

/** A group by name in a VPC (names are case-insensitive). */
export function groupByName(p: ReadView, vpcId: string, name: string): SecurityGroup | undefined {
  const lower = name.toLowerCase();
  for (const g of p.childrenOf(vpcId, 'securityGroup')) if (g.groupName.toLowerCase() === lower) return g;
  return undefined;
}

/** How a call names a group: by ID, or by name in the default VPC. */
export interface GroupRef {
  readonly groupId?: string | undefined;
  readonly groupName?: string | undefined;
}

/**
 * The group a call names. AWS: `GroupName` is "[Default VPC]" only; a group in a nondefault VPC must be named
 * by ID. When both are given the ID wins.
 */
export function resolveGroup(p: ReadView, ref: GroupRef): SecurityGroup {
  if (ref.groupId !== undefined && ref.groupId !== '') return mustGet(p, 'securityGroup', ref.groupId);
  if (ref.groupName !== undefined && ref.groupName !== '') {
    const vpcId = defaultVpcId(p);
    const g = groupByName(p, vpcId, ref.groupName);
    if (!g) throw ec2Errors.notFound('InvalidGroup.NotFound', `The security group '${ref.groupName}' does not exist in default VPC '${vpcId}'`);
    return g;
  }
  throw ec2Errors.missingParameter('groupId');
}

/** AWS: names and descriptions allow a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$* ("CreateSecurityGroup"). */
const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

function checkGroupText(parameter: 'GroupName' | 'GroupDescription', value: string): void {
  if (value.length > 255) throw ec2Errors.invalidParameterValue(`Value (${value}) for parameter ${parameter} is invalid. Length exceeds maximum of 255 characters.`);
  if (!GROUP_TEXT.test(value)) throw ec2Errors.invalidParameterValue(`Value (${value}) for parameter ${parameter} is invalid. Character sets beyond ASCII are not supported.`);
}

export interface CreateGroupArgs {
  readonly groupName: string;
  readonly description: string;
  readonly vpcId?: string | undefined;
  readonly tags?: Tags;
}

/**
 * Create a group. AWS: "When you create a security group, it has no inbound rules" and "an outbound rule that
 * allows all outbound traffic"; names are unique per VPC (case-insensitive), may not start with `sg-`, and
 * `default` is reserved.
 */
export function createSecurityGroup(tx: Tx, p: PartitionTx, args: CreateGroupArgs): SecurityGroup {
  if (args.groupName === '') throw ec2Errors.missingParameter('groupName');
  if (args.description === '') throw ec2Errors.missingParameter('groupDescription');
  checkGroupText('GroupName', args.groupName);
  checkGroupText('GroupDescription', args.description);
  if (args.groupName.toLowerCase().startsWith('sg-')) {
    throw ec2Errors.invalidParameterValue(`Value (${args.groupName}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
  }
  const vpcId = args.vpcId !== undefined && args.vpcId !== '' ? mustGet(p, 'vpc', args.vpcId).id : defaultVpcId(p);
  if (args.groupName.toLowerCase() === 'default') {
    throw ec2Errors.custom('InvalidGroup.Reserved', `The security group 'default' is reserved`);
  }
  if (groupByName(p, vpcId, args.groupName)) {
    throw ec2Errors.custom('InvalidGroup.Duplicate', `The security group '${args.groupName}' already exists for VPC '${vpcId}'`);
  }
  return p.put<SecurityGroup>({
    kind: 'securityGroup', id: tx.ids.next('securityGroup'), ownerId: p.account, tags: args.tags ?? [],
    vpcId, groupName: args.groupName, description: args.description,
    rules: [{ ruleId: tx.ids.next('securityGroupRule'), egress: true, protocol: '-1', fromPort: -1, toPort: -1, peer: { type: 'cidr', cidr: '0.0.0.0/0' } }],
  });
}

/**
 * Delete a group. AWS: the default group cannot be deleted (`CannotDelete`); a group attached to a network
 * interface or referenced by another group's rule fails with `DependencyViolation`.
 */
export function deleteSecurityGroup(p: PartitionTx, ref: GroupRef): SecurityGroup {
  const g = resolveGroup(p, ref);
  if (g.groupName === 'default') {
    throw ec2Errors.custom('CannotDelete', `the specified group: "${g.id}" name: "default" cannot be deleted by a user`);
  }
  const attached = [...p.childrenOf(g.vpcId, 'networkInterface')].some((eni) => eni.groupIds.includes(g.id));
  const referenced = [...p.list('securityGroup')].some((other) => other.id !== g.id && other.rules.some((r) => r.peer.type === 'group' && r.peer.groupId === g.id));
  if (attached || referenced) throw ec2Errors.dependencyViolation(`resource ${g.id} has a dependent object`);
  p.remove(g.id);
  return g;
}

/**
 * Whether a prefix list ID names a list rules may reference: the partition's managed prefix lists, or an
 * AWS-managed list (`com.amazonaws.<region>.s3`, `.dynamodb`) of the partition's Region.
 * AWS ("Gateway endpoints"): the service's prefix list may be used in security group rules.
 */
export function prefixListExists(p: ReadView & { readonly region?: string }, id: string): boolean {
  if (p.get('managedPrefixList', id) !== undefined) return true;
  const aws = awsPrefixListById(id);
  return aws !== undefined && (p.region === undefined || aws.region === p.region);
}

/** Whether an active peering connection joins two VPCs (a rule may then reference a group across it). */
function peered(tx: Tx, a: string, b: string): boolean {
  for (const pcx of tx.global.list('vpcPeeringConnection')) {
    if (pcx.status !== 'active') continue;
    const ids = [pcx.requester.vpcId, pcx.accepter.vpcId];
    if (ids.includes(a) && ids.includes(b)) return true;
  }
  return false;
}

/** Resolve a referenced group: by ID (same account), or by name in the rule's own VPC. */
function groupResolver(tx: Tx, p: PartitionTx, owner: SecurityGroup): GroupResolver {
  return (input) => {
    if (input.userId !== undefined && input.userId !== '' && input.userId !== p.account) {
      // Cross-account references ride on peering connections, which this check does not follow yet.
      throw ec2Errors.notFound('InvalidGroup.NotFound', `The security group '${input.groupId ?? input.groupName ?? ''}' does not exist`);
    }
    let g: SecurityGroup | undefined;
    if (input.groupId !== undefined && input.groupId !== '') {
      checkIdShape('securityGroup', input.groupId);
      g = p.get('securityGroup', input.groupId);
      if (!g) throw ec2Errors.notFound('InvalidGroup.NotFound', `The security group '${input.groupId}' does not exist`);
    } else if (input.groupName !== undefined && input.groupName !== '') {
      g = groupByName(p, owner.vpcId, input.groupName);
      if (!g) throw ec2Errors.notFound('InvalidGroup.NotFound', `The security group '${input.groupName}' does not exist in VPC '${owner.vpcId}'`);
    } else {
      throw ec2Errors.missingParameter('groupId');
    }
    // AWS: a rule may reference a group in the same VPC or in a peered VPC ("Security group rules").
    if (g.vpcId !== owner.vpcId && !peered(tx, g.vpcId, owner.vpcId)) {
      throw ec2Errors.notFound('InvalidGroup.NotFound', `You have specified two resources that belong to different networks.`);
    }
    // AWS: UserIdGroupPair.VpcId is "The ID of the VPC for the referenced security group"; it must be that VPC.
    if (input.vpcId !== undefined && input.vpcId !== '' && input.vpcId !== g.vpcId) {
      throw ec2Errors.invalidParameterValue(`The security group '${g.id}' does not belong to VPC '${input.vpcId}'.`);
    }
    // AWS: VpcPeeringConnectionId is "The ID of the VPC peering connection": an active one joining both VPCs.
    let status: string | undefined;
    if (input.vpcPeeringConnectionId !== undefined && input.vpcPeeringConnectionId !== '') {
      const id = input.vpcPeeringConnectionId;
      checkIdShape('vpcPeeringConnection', id);
      const pcx = tx.global.get('vpcPeeringConnection', id);
      if (!pcx) throw ec2Errors.notFound('InvalidVpcPeeringConnectionID.NotFound', `The vpcPeeringConnection ID '${id}' does not exist`);
      const joined = [pcx.requester.vpcId, pcx.accepter.vpcId];
      if (pcx.status !== 'active' || !joined.includes(g.vpcId) || !joined.includes(owner.vpcId) || g.vpcId === owner.vpcId) {
        throw ec2Errors.invalidParameterValue(`The VPC peering connection '${id}' does not join the VPCs of '${owner.id}' and '${g.id}'.`);
      }
      status = pcx.status;
    } else if (g.vpcId !== owner.vpcId) {
      status = 'active';
    }
    // AWS: PeeringStatus is "The status of a VPC peering connection, if applicable": a described pair sent back
    // as read (Terraform revokes what it read) carries it; it must state the reference as it is.
    if (input.peeringStatus !== undefined && input.peeringStatus !== status) {
      throw ec2Errors.invalidParameterValue(`Value (${input.peeringStatus}) for parameter PeeringStatus is invalid. The reference to '${g.id}' ${status === undefined ? 'crosses no VPC peering connection' : `is over a connection that is ${status}`}.`);
    }
    return { type: 'group', groupId: g.id, ownerId: g.ownerId };
  };
}

/**
 * How much a rule weighs against the quota, per address family. AWS: a rule referencing a group counts once
 * for IPv4 and once for IPv6; one referencing a prefix list counts as the list's maximum entries.
 */
function ruleWeight(p: ReadView, peer: RulePeer): { v4: number; v6: number } {
  switch (peer.type) {
    case 'cidr': return { v4: 1, v6: 0 };
    case 'ipv6Cidr': return { v4: 0, v6: 1 };
    case 'group': return { v4: 1, v6: 1 };
    case 'prefixList': {
      const pl = p.get('managedPrefixList', peer.prefixListId);
      const n = pl?.maxEntries ?? 1;
      return pl?.addressFamily === 'IPv6' ? { v4: 0, v6: n } : { v4: n, v6: 0 };
    }
  }
}

function checkRuleQuota(p: ReadView, rules: readonly RuleDraft[], egress: boolean): void {
  let v4 = 0, v6 = 0;
  for (const r of rules) {
    if (r.egress !== egress) continue;
    const w = ruleWeight(p, r.peer);
    v4 += w.v4; v6 += w.v6;
  }
  if (v4 > MAX_RULES_PER_DIRECTION || v6 > MAX_RULES_PER_DIRECTION) {
    throw ec2Errors.custom('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.');
  }
}

/**
 * Add rules to a group (`AuthorizeSecurityGroupIngress` / `Egress`). Every permission is validated, referenced
 * groups and prefix lists must exist, duplicates and the quota are checked, and only then is the group replaced.
 */
export function authorizeRules(tx: Tx, p: PartitionTx, ref: GroupRef, egress: boolean, permissions: readonly PermissionInput[], tags: Tags = []): { group: SecurityGroup; added: SecurityGroupRule[] } {
  const group = resolveGroup(p, ref);
  if (permissions.length === 0) throw ec2Errors.missingParameter('ipPermissions');
  const drafts = expandPermissions(permissions, egress, groupResolver(tx, p, group), tags);
  for (const d of drafts) {
    if (d.peer.type === 'prefixList') {
      checkIdShape('managedPrefixList', d.peer.prefixListId);
      if (!prefixListExists(p, d.peer.prefixListId)) {
        throw ec2Errors.notFound('InvalidPrefixListID.NotFound', `The prefix list ID '${d.peer.prefixListId}' does not exist`);
      }
    }
  }
  checkDuplicates(group.rules.filter((r) => r.egress === egress), drafts);
  checkRuleQuota(p, [...group.rules, ...drafts], egress);
  const added: SecurityGroupRule[] = drafts.map((d) => ({ ruleId: tx.ids.next('securityGroupRule'), ...d }));
  const next = p.put({ ...group, rules: [...group.rules, ...added] });
  return { group: next, added };
}

export interface RevokeResult {
  readonly group: SecurityGroup;
  readonly revoked: readonly SecurityGroupRule[];
  /** Rules asked for that the group does not have (only in a default VPC; elsewhere they are an error). */
  readonly unknown: readonly RuleDraft[];
}

/**
 * Remove rules by ID or by matching properties. AWS: properties must match a rule exactly (the description
 * need not); in a nondefault VPC an unmatched permission is `InvalidPermission.NotFound` and nothing is revoked,
 * in a default VPC "no error is returned, and the output describes the security group rules that were not
 * revoked". Unknown rule IDs are `InvalidSecurityGroupRuleId.NotFound`.
 */
export function revokeRules(tx: Tx, p: PartitionTx, ref: GroupRef, egress: boolean, args: { permissions?: readonly PermissionInput[] | undefined; ruleIds?: readonly string[] | undefined }): RevokeResult {
  const group = resolveGroup(p, ref);
  const permissions = args.permissions ?? [];
  const ruleIds = args.ruleIds ?? [];
  if (permissions.length > 0 && ruleIds.length > 0) {
    throw ec2Errors.invalidParameterCombination('The parameter SecurityGroupRuleIds cannot be used with the parameter IpPermissions.');
  }
  if (permissions.length === 0 && ruleIds.length === 0) throw ec2Errors.missingParameter('ipPermissions');
  const remove = new Set<string>();
  const unknown: RuleDraft[] = [];
  for (const id of ruleIds) {
    if (!/^sgr-[0-9a-f]+$/.test(id)) throw ec2Errors.malformed('InvalidSecurityGroupRuleId.Malformed', id, 'sgr');
    const rule = group.rules.find((r) => r.ruleId === id && r.egress === egress);
    if (!rule) throw ec2Errors.notFound('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
    remove.add(rule.ruleId);
  }
  const isDefaultVpc = p.get('vpc', group.vpcId)?.isDefault ?? false;
  const resolve = groupResolver(tx, p, group);
  for (const perm of permissions) {
    const drafts = expandPermissions([perm], egress, resolve);
    const missing: RuleDraft[] = [];
    for (const d of drafts) {
      const key = ruleKey(d);
      const rule = group.rules.find((r) => ruleKey(r) === key);
      if (rule) remove.add(rule.ruleId);
      else missing.push(d);
    }
    if (missing.length > 0) {
      if (!isDefaultVpc) {
        throw ec2Errors.custom('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
      }
      unknown.push(...missing);
    }
  }
  const revoked = group.rules.filter((r) => remove.has(r.ruleId));
  const next = revoked.length > 0 ? p.put({ ...group, rules: group.rules.filter((r) => !remove.has(r.ruleId)) }) : group;
  return { group: next, revoked, unknown };
}

/** Every rule of the partition's groups, with its group (for `DescribeSecurityGroupRules`). */
export function* allRules(p: ReadView): IterableIterator<{ readonly group: SecurityGroup; readonly rule: SecurityGroupRule }> {
  for (const group of p.list('securityGroup')) for (const rule of group.rules) yield { group, rule };
}

/** A rule as `ModifySecurityGroupRules` restates it (`SecurityGroupRuleRequest`), before validation. */
export interface RuleRestatement {
  readonly protocol?: string | undefined;
  readonly fromPort?: number | undefined;
  readonly toPort?: number | undefined;
  readonly cidrIpv4?: string | undefined;
  readonly cidrIpv6?: string | undefined;
  readonly prefixListId?: string | undefined;
  readonly referencedGroupId?: string | undefined;
  readonly description?: string | undefined;
}

export interface RuleUpdate {
  readonly ruleId: string;
  readonly rule?: RuleRestatement | undefined;
}

const RULE_ID = /^sgr-[0-9a-f]+$/;

function ruleIdMalformed(id: string): Error {
  return ec2Errors.malformed('InvalidSecurityGroupRuleId.Malformed', id, 'sgr');
}

function ruleIdNotFound(id: string): Error {
  return ec2Errors.notFound('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
}

/** How EC2 names a rule's type in the message refusing a change of type. */
const PEER_NAMES: Readonly<Record<RulePeer['type'], { readonly param: string; readonly existing: string }>> = {
  cidr: { param: 'CidrIpv4', existing: 'IPv4 CIDR' },
  ipv6Cidr: { param: 'CidrIpv6', existing: 'IPv6 CIDR' },
  prefixList: { param: 'a prefix list id', existing: 'prefix list' },
  group: { param: 'a referenced group id', existing: 'referenced group' },
};

/** The one peer a restatement names. AWS ("SecurityGroupRuleRequest"): "You must specify exactly one" of the four. */
function restatedPeer(r: RuleRestatement): PermissionInput['peers'][number] {
  const given: PermissionInput['peers'][number][] = [];
  if (r.cidrIpv4 !== undefined) given.push({ type: 'cidr', cidr: r.cidrIpv4, description: r.description });
  if (r.cidrIpv6 !== undefined) given.push({ type: 'ipv6Cidr', cidr: r.cidrIpv6, description: r.description });
  if (r.prefixListId !== undefined) given.push({ type: 'prefixList', prefixListId: r.prefixListId, description: r.description });
  if (r.referencedGroupId !== undefined) given.push({ type: 'group', groupId: r.referencedGroupId, description: r.description });
  if (given.length > 1) {
    throw ec2Errors.invalidParameterCombination('Only one of CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId may be specified for a security group rule.');
  }
  const peer = given[0];
  if (!peer) throw ec2Errors.missingParameter('CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId');
  return peer;
}

/** A prefix list a rule names must exist (malformed ids first). */
function checkPrefixList(p: PartitionTx, d: RuleDraft): void {
  if (d.peer.type !== 'prefixList') return;
  checkIdShape('managedPrefixList', d.peer.prefixListId);
  if (!prefixListExists(p, d.peer.prefixListId)) {
    throw ec2Errors.notFound('InvalidPrefixListID.NotFound', `The prefix list ID '${d.peer.prefixListId}' does not exist`);
  }
}

/**
 * Restate rules in place (`ModifySecurityGroupRules`). AWS: each named rule is replaced by the request's
 * protocol, ports, peer and description; its id, direction and tags stay; "When you modify a rule, you cannot
 * change the rule type". Every update is checked first; a result equal to another rule of the group is
 * `InvalidPermission.Duplicate`, and nothing changes.
 */
export function modifyRules(tx: Tx, p: PartitionTx, groupId: string, updates: readonly RuleUpdate[]): SecurityGroup {
  const group = resolveGroup(p, { groupId });
  if (updates.length === 0) throw ec2Errors.missingParameter('SecurityGroupRule');
  const resolve = groupResolver(tx, p, group);
  const replaced = new Map<string, SecurityGroupRule>();
  for (const u of updates) {
    if (!RULE_ID.test(u.ruleId)) throw ruleIdMalformed(u.ruleId);
    const current = group.rules.find((r) => r.ruleId === u.ruleId);
    if (!current) throw ruleIdNotFound(u.ruleId);
    if (!u.rule) throw ec2Errors.missingParameter('SecurityGroupRule');
    if (u.rule.protocol === undefined || u.rule.protocol === '') {
      throw ec2Errors.invalidParameterValue(`Invalid value 'null' for protocol. VPC security group rules must specify protocols explicitly.`);
    }
    const peer = restatedPeer(u.rule);
    if (peer.type !== current.peer.type) {
      throw ec2Errors.invalidParameterValue(`Invalid rule type for security group rule '${u.ruleId}'. You may not specify ${PEER_NAMES[peer.type].param} for an existing ${PEER_NAMES[current.peer.type].existing} rule.`);
    }
    const [draft] = expandPermissions([{ protocol: u.rule.protocol, fromPort: u.rule.fromPort, toPort: u.rule.toPort, peers: [peer] }], current.egress, resolve);
    if (!draft) throw ec2Errors.missingParameter('SecurityGroupRule');
    checkPrefixList(p, draft);
    const { tags: _dropped, ...rest } = draft;
    replaced.set(current.ruleId, { ...rest, ruleId: current.ruleId, ...(current.tags !== undefined ? { tags: current.tags } : {}) });
  }
  const rules = group.rules.map((r) => replaced.get(r.ruleId) ?? r);
  const seen = new Map<string, SecurityGroupRule>();
  for (const r of rules) {
    const key = ruleKey(r);
    if (seen.has(key)) throw ec2Errors.custom('InvalidPermission.Duplicate', `the specified rule "${ruleText(r)}" already exists`);
    seen.set(key, r);
  }
  checkRuleQuota(p, rules, false);
  checkRuleQuota(p, rules, true);
  return p.put({ ...group, rules });
}

/** What `UpdateSecurityGroupRuleDescriptions*` names: matching permissions, or rule ids with descriptions. */
export interface DescriptionUpdate {
  readonly permissions?: readonly PermissionInput[] | undefined;
  readonly byId?: readonly { readonly ruleId: string | undefined; readonly description: string | undefined }[] | undefined;
}

/**
 * Replace rule descriptions. AWS ("UpdateSecurityGroupRuleDescriptionsIngress"): rules are named by id or by
 * their exact properties; "You can remove a description for a security group rule by omitting the description
 * parameter in the request"; a permission that matches no rule is `InvalidPermission.NotFound`.
 */
export function updateRuleDescriptions(tx: Tx, p: PartitionTx, ref: GroupRef, egress: boolean, update: DescriptionUpdate): SecurityGroup {
  const group = resolveGroup(p, ref);
  const permissions = update.permissions ?? [];
  const byId = update.byId ?? [];
  if (permissions.length > 0 && byId.length > 0) {
    throw ec2Errors.invalidParameterCombination('The parameter SecurityGroupRuleDescriptions cannot be used with the parameter IpPermissions.');
  }
  if (permissions.length === 0 && byId.length === 0) throw ec2Errors.missingParameter('IpPermissions');
  const descriptions = new Map<string, string | undefined>();
  for (const d of byId) {
    const id = d.ruleId ?? '';
    if (id === '') throw ec2Errors.missingParameter('SecurityGroupRuleId');
    if (!RULE_ID.test(id)) throw ruleIdMalformed(id);
    const rule = group.rules.find((r) => r.ruleId === id && r.egress === egress);
    if (!rule) throw ruleIdNotFound(id);
    checkRuleDescription(d.description);
    descriptions.set(rule.ruleId, d.description);
  }
  if (permissions.length > 0) {
    for (const d of expandPermissions(permissions, egress, groupResolver(tx, p, group))) {
      const key = ruleKey(d);
      const rule = group.rules.find((r) => ruleKey(r) === key);
      if (!rule) throw ec2Errors.custom('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
      descriptions.set(rule.ruleId, d.description);
    }
  }
  const rules = group.rules.map((r) => {
    if (!descriptions.has(r.ruleId)) return r;
    const { description: _old, ...rest } = r;
    const description = descriptions.get(r.ruleId);
    return description !== undefined ? { ...rest, description } : rest;
  });
  return p.put({ ...group, rules });
}

/** The group holding a rule id, if any (rules live inside their group's record). */
export function groupOfRule(p: ReadView, ruleId: string): { readonly group: SecurityGroup; readonly rule: SecurityGroupRule } | undefined {
  for (const group of p.list('securityGroup')) {
    const rule = group.rules.find((r) => r.ruleId === ruleId);
    if (rule) return { group, rule };
  }
  return undefined;
}

/** Replace one rule's tags (CreateTags / DeleteTags on an `sgr-` id); reads the group afresh so several rules of one group compose. */
export function setRuleTags(p: PartitionTx, ruleId: string, tags: Tags): void {
  const found = groupOfRule(p, ruleId);
  if (!found) throw ruleIdNotFound(ruleId);
  p.put({ ...found.group, rules: found.group.rules.map((r) => (r.ruleId === ruleId ? { ...r, tags } : r)) });
}
