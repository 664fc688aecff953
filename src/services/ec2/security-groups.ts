/** @module Security group operations: create, delete, describe, authorize, revoke and modify rules, rule descriptions, describe rules. */
import { ec2Errors } from '../../errors/ec2.js';
import type { RulePeer, SecurityGroup, SecurityGroupRule, VpcPeeringConnection } from '../../model/resources.js';
import {
  allRules, authorizeRules, createSecurityGroup, defaultVpcId, deleteSecurityGroup, groupByName, modifyRules, revokeRules,
  updateRuleDescriptions, type GroupRef, type RuleUpdate,
} from '../../model/security-group.js';
import { checkIdShape } from '../../model/lookup.js';
import { groupPermissions, hasPorts, type PeerInput, type PermissionInput, type RuleDraft } from '../../model/security-group-rules.js';
import type { Tags } from '../../model/tags.js';
import { GLOBAL, type ReadView } from '../../model/world.js';
import type {
  WFilter, WIpPermission, WRevokedSecurityGroupRule, WSecurityGroup, WSecurityGroupRule, WSecurityGroupRuleDescription, WSecurityGroupRuleUpdate, WUserIdGroupPair,
} from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import { compileFilters, type FilterTable } from './filters.js';
import { paginate } from './paging.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

function groupArn(region: string, g: SecurityGroup): string {
  return `arn:aws:ec2:${region}:${g.ownerId}:security-group/${g.id}`;
}

function ruleArn(region: string, g: SecurityGroup, r: SecurityGroupRule): string {
  return `arn:aws:ec2:${region}:${g.ownerId}:security-group-rule/${r.ruleId}`;
}

/** What a described reference adds for a group in another (peered) VPC. */
type PairExtras = (peer: Extract<RulePeer, { type: 'group' }>) => Pick<WUserIdGroupPair, 'VpcId' | 'VpcPeeringConnectionId' | 'PeeringStatus'>;

/** Rules (or drafts) as `IpPermission`s: one per protocol and port range, every peer listed under it. */
export function permissionsToWire(rules: readonly RuleDraft[], extras: PairExtras = () => ({})): WIpPermission[] {
  return groupPermissions(rules).map((g) => {
    const perm: WIpPermission = {
      IpProtocol: g.protocol,
      // AWS: for -1 and protocols without ports the range is omitted.
      ...(hasPorts(g.protocol) ? { FromPort: g.fromPort, ToPort: g.toPort } : {}),
      IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [],
    };
    for (const r of g.rules) {
      const desc = r.description !== undefined ? { Description: r.description } : {};
      const p = r.peer;
      switch (p.type) {
        case 'cidr': perm.IpRanges!.push({ CidrIp: p.cidr, ...desc }); break;
        case 'ipv6Cidr': perm.Ipv6Ranges!.push({ CidrIpv6: p.cidr, ...desc }); break;
        case 'prefixList': perm.PrefixListIds!.push({ PrefixListId: p.prefixListId, ...desc }); break;
        case 'group': perm.UserIdGroupPairs!.push({ UserId: p.ownerId, GroupId: p.groupId, ...extras(p), ...desc }); break;
      }
    }
    return perm;
  });
}

/**
 * AWS ("UserIdGroupPair"): a reference to a group in a peered VPC also names that VPC, the peering connection
 * and its status ("if applicable"); a reference inside the group's own VPC names neither.
 */
function peeredPairExtras(view: ReadView, global: ReadView, g: SecurityGroup): PairExtras {
  return (peer) => {
    const ref = view.get('securityGroup', peer.groupId);
    if (!ref || ref.vpcId === g.vpcId) return {};
    const vpcs = [g.vpcId, ref.vpcId];
    let pcx: VpcPeeringConnection | undefined;
    for (const c of global.list('vpcPeeringConnection')) {
      if (vpcs.includes(c.requester.vpcId) && vpcs.includes(c.accepter.vpcId) && (!pcx || c.status === 'active')) pcx = c;
    }
    return { VpcId: ref.vpcId, ...(pcx ? { VpcPeeringConnectionId: pcx.id, PeeringStatus: pcx.status } : {}) };
  };
}

export function securityGroupToWire(g: SecurityGroup, region: string, extras: PairExtras = () => ({})): WSecurityGroup {
  return {
    GroupId: g.id, GroupName: g.groupName, Description: g.description, OwnerId: g.ownerId, VpcId: g.vpcId,
    // AWS: a group without tags has no tagSet element (the SDK reads Tags as undefined).
    SecurityGroupArn: groupArn(region, g), ...(g.tags.length > 0 ? { Tags: wireTags(g.tags) } : {}),
    IpPermissions: permissionsToWire(g.rules.filter((r) => !r.egress), extras),
    IpPermissionsEgress: permissionsToWire(g.rules.filter((r) => r.egress), extras),
  };
}

function peerWire(p: RulePeer): Pick<WSecurityGroupRule, 'CidrIpv4' | 'CidrIpv6' | 'PrefixListId' | 'ReferencedGroupInfo'> {
  switch (p.type) {
    case 'cidr': return { CidrIpv4: p.cidr };
    case 'ipv6Cidr': return { CidrIpv6: p.cidr };
    case 'prefixList': return { PrefixListId: p.prefixListId };
    case 'group': return { ReferencedGroupInfo: { GroupId: p.groupId, UserId: p.ownerId } };
  }
}

export function ruleToWire(g: SecurityGroup, r: SecurityGroupRule, region: string): WSecurityGroupRule {
  return {
    SecurityGroupRuleId: r.ruleId, GroupId: g.id, GroupOwnerId: g.ownerId, IsEgress: r.egress,
    IpProtocol: r.protocol, FromPort: r.fromPort, ToPort: r.toPort, ...peerWire(r.peer),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    Tags: wireTags(r.tags ?? []), SecurityGroupRuleArn: ruleArn(region, g, r),
  };
}

function revokedToWire(g: SecurityGroup, r: SecurityGroupRule): WRevokedSecurityGroupRule {
  const p = r.peer;
  return {
    SecurityGroupRuleId: r.ruleId, GroupId: g.id, IsEgress: r.egress, IpProtocol: r.protocol, FromPort: r.fromPort, ToPort: r.toPort,
    ...(p.type === 'cidr' ? { CidrIpv4: p.cidr } : p.type === 'ipv6Cidr' ? { CidrIpv6: p.cidr } : p.type === 'prefixList' ? { PrefixListId: p.prefixListId } : { ReferencedGroupId: p.groupId }),
    ...(r.description !== undefined ? { Description: r.description } : {}),
  };
}

/** Wire `IpPermission`s to model permission inputs (one peer per range entry). */
function permissionsFromWire(perms: readonly WIpPermission[] | undefined): PermissionInput[] {
  return (perms ?? []).map((perm) => {
    const peers: PeerInput[] = [];
    for (const r of perm.IpRanges ?? []) peers.push({ type: 'cidr', cidr: r.CidrIp, description: r.Description });
    for (const r of perm.Ipv6Ranges ?? []) peers.push({ type: 'ipv6Cidr', cidr: r.CidrIpv6, description: r.Description });
    for (const r of perm.PrefixListIds ?? []) peers.push({ type: 'prefixList', prefixListId: r.PrefixListId, description: r.Description });
    for (const r of perm.UserIdGroupPairs ?? []) {
      peers.push({
        type: 'group', groupId: r.GroupId, groupName: r.GroupName, userId: r.UserId, description: r.Description,
        vpcId: r.VpcId, vpcPeeringConnectionId: r.VpcPeeringConnectionId, peeringStatus: r.PeeringStatus,
      });
    }
    return { protocol: perm.IpProtocol, fromPort: perm.FromPort, toPort: perm.ToPort, peers };
  });
}

interface LegacyInput {
  readonly IpPermissions?: readonly WIpPermission[] | undefined;
  readonly CidrIp?: string | undefined;
  readonly IpProtocol?: string | undefined;
  readonly FromPort?: number | undefined;
  readonly ToPort?: number | undefined;
  readonly SourceSecurityGroupName?: string | undefined;
  readonly SourceSecurityGroupOwnerId?: string | undefined;
}

/**
 * The permissions of a request: `IpPermissions`, or the older top-level members (`CidrIp`, `IpProtocol`,
 * `FromPort`, `ToPort`, `SourceSecurityGroupName`). AWS: a source group given alone "grants full ICMP, UDP, and
 * TCP access", i.e. three rules.
 */
function requestPermissions(input: LegacyInput): PermissionInput[] {
  const legacy = input.CidrIp !== undefined || input.IpProtocol !== undefined || input.FromPort !== undefined
    || input.ToPort !== undefined || input.SourceSecurityGroupName !== undefined || input.SourceSecurityGroupOwnerId !== undefined;
  const perms = permissionsFromWire(input.IpPermissions);
  if (!legacy) return perms;
  if (perms.length > 0) throw ec2Errors.invalidParameterCombination('The parameter IpPermissions cannot be used with the parameters CidrIp, IpProtocol, FromPort, ToPort or SourceSecurityGroupName.');
  if (input.SourceSecurityGroupName !== undefined) {
    if (input.CidrIp !== undefined) throw ec2Errors.invalidParameterCombination('The parameter CidrIp cannot be used with the parameter SourceSecurityGroupName.');
    const peer: PeerInput = { type: 'group', groupName: input.SourceSecurityGroupName, userId: input.SourceSecurityGroupOwnerId };
    if (input.IpProtocol === undefined) {
      return [
        { protocol: 'icmp', fromPort: -1, toPort: -1, peers: [peer] },
        { protocol: 'tcp', fromPort: 0, toPort: 65535, peers: [peer] },
        { protocol: 'udp', fromPort: 0, toPort: 65535, peers: [peer] },
      ];
    }
    return [{ protocol: input.IpProtocol, fromPort: input.FromPort, toPort: input.ToPort, peers: [peer] }];
  }
  return [{ protocol: input.IpProtocol, fromPort: input.FromPort, toPort: input.ToPort, peers: input.CidrIp !== undefined ? [{ type: 'cidr', cidr: input.CidrIp }] : [] }];
}

const LEGACY_MEMBERS = ['SourceSecurityGroupName', 'SourceSecurityGroupOwnerId', 'IpProtocol', 'FromPort', 'ToPort', 'CidrIp'] as const;

/**
 * The egress calls take rules only as `IpPermissions`. AWS: the older top-level members are "Not supported" there
 * and EC2 answers "UnknownParameter: The parameter CidrIp is not recognized".
 */
function egressPermissions(input: LegacyInput): PermissionInput[] {
  for (const member of LEGACY_MEMBERS) {
    if (input[member] !== undefined) throw ec2Errors.custom('UnknownParameter', `The parameter ${member} is not recognized`);
  }
  return permissionsFromWire(input.IpPermissions);
}

function groupRef(input: { GroupId?: string | undefined; GroupName?: string | undefined }): GroupRef {
  return { groupId: input.GroupId, groupName: input.GroupName };
}

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };

/** Values of every rule in one direction, read by a peer field. */
function ruleValues(g: SecurityGroup, egress: boolean, read: (r: SecurityGroupRule) => string | number | undefined): (string | number | undefined)[] {
  return g.rules.filter((r) => r.egress === egress).map(read);
}

/** AWS: DescribeSecurityGroups filters; rule filters match any rule of the group (not necessarily the same one). */
function groupFilters(view: ReadView): FilterTable<SecurityGroup> {
  const nameOf = (id: string): string | undefined => view.get('securityGroup', id)?.groupName;
  const table: Record<string, (g: SecurityGroup) => (string | number | undefined)[] | string> = {
    'description': (g) => g.description,
    'group-id': (g) => g.id,
    'group-name': (g) => g.groupName,
    'owner-id': (g) => g.ownerId,
    'vpc-id': (g) => g.vpcId,
  };
  for (const [prefix, egress] of [['ip-permission.', false], ['egress.ip-permission.', true]] as const) {
    table[`${prefix}cidr`] = (g) => ruleValues(g, egress, (r) => (r.peer.type === 'cidr' ? r.peer.cidr : undefined));
    table[`${prefix}ipv6-cidr`] = (g) => ruleValues(g, egress, (r) => (r.peer.type === 'ipv6Cidr' ? r.peer.cidr : undefined));
    table[`${prefix}from-port`] = (g) => ruleValues(g, egress, (r) => r.fromPort);
    table[`${prefix}to-port`] = (g) => ruleValues(g, egress, (r) => r.toPort);
    // AWS: "tcp | udp | icmp, a protocol number, or -1"; a named protocol also matches its number.
    table[`${prefix}protocol`] = (g) => [...ruleValues(g, egress, (r) => r.protocol), ...ruleValues(g, egress, (r) => PROTOCOL_NUMBERS[r.protocol])];
    table[`${prefix}group-id`] = (g) => ruleValues(g, egress, (r) => (r.peer.type === 'group' ? r.peer.groupId : undefined));
    table[`${prefix}group-name`] = (g) => ruleValues(g, egress, (r) => (r.peer.type === 'group' ? nameOf(r.peer.groupId) : undefined));
    table[`${prefix}user-id`] = (g) => ruleValues(g, egress, (r) => (r.peer.type === 'group' ? r.peer.ownerId : undefined));
    table[`${prefix}prefix-list-id`] = (g) => ruleValues(g, egress, (r) => (r.peer.type === 'prefixList' ? r.peer.prefixListId : undefined));
  }
  return table;
}

interface FlatRule { readonly group: SecurityGroup; readonly rule: SecurityGroupRule; readonly tags: Tags }

/** AWS: DescribeSecurityGroupRules filters. */
const RULE_FILTERS: FilterTable<FlatRule> = {
  'group-id': (f) => f.group.id,
  'security-group-rule-id': (f) => f.rule.ruleId,
};

function describeRules(view: ReadView, input: { SecurityGroupRuleIds?: string[] | undefined; Filters?: WFilter[] | undefined; MaxResults?: number | undefined; NextToken?: string | undefined }): { items: FlatRule[]; nextToken: string | undefined } {
  // AWS: "This value can be between 5 and 1000."
  checkMaxResults(input.MaxResults, undefined, 'SecurityGroupRuleIds');
  const all: FlatRule[] = [...allRules(view)].map(({ group, rule }) => ({ group, rule, tags: rule.tags ?? [] }));
  let items = all;
  const ids = input.SecurityGroupRuleIds ?? [];
  if (ids.length > 0) {
    items = [];
    for (const id of new Set(ids)) {
      if (!/^sgr-[0-9a-f]+$/.test(id)) throw ec2Errors.malformed('InvalidSecurityGroupRuleId.Malformed', id, 'sgr');
      const found = all.find((f) => f.rule.ruleId === id);
      if (!found) throw ec2Errors.notFound('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
      items.push(found);
    }
  }
  const match = compileFilters(input.Filters, RULE_FILTERS);
  if (match) items = items.filter(match);
  return paginate(items, input.MaxResults, input.NextToken);
}

/**
 * AWS: a `group-id` filter value that cannot be a group id is `InvalidGroupId.Malformed`, as it is in `GroupIds`
 * (values with wildcards are patterns and are not checked).
 */
function checkGroupIdFilter(filters: readonly WFilter[] | undefined): void {
  for (const f of filters ?? []) {
    if (f.Name !== 'group-id') continue;
    for (const v of f.Values ?? []) if (!/[*?]/.test(v)) checkIdShape('securityGroup', v);
  }
}

function ruleUpdates(input: readonly WSecurityGroupRuleUpdate[] | undefined): RuleUpdate[] {
  return (input ?? []).map((u) => {
    const r = u.SecurityGroupRule;
    return {
      ruleId: u.SecurityGroupRuleId,
      rule: r === undefined ? undefined : {
        protocol: r.IpProtocol, fromPort: r.FromPort, toPort: r.ToPort, cidrIpv4: r.CidrIpv4, cidrIpv6: r.CidrIpv6,
        prefixListId: r.PrefixListId, referencedGroupId: r.ReferencedGroupId, description: r.Description,
      },
    };
  });
}

function descriptionsById(input: readonly WSecurityGroupRuleDescription[] | undefined): { ruleId: string | undefined; description: string | undefined }[] {
  return (input ?? []).map((d) => ({ ruleId: d.SecurityGroupRuleId, description: d.Description }));
}

export const securityGroupHandlers: HandlerTable = {
  CreateSecurityGroup(ctx, input) {
    if (input.GroupName === undefined) throw ec2Errors.missingParameter('GroupName');
    if (input.Description === undefined) throw ec2Errors.missingParameter('GroupDescription');
    const tags = tagsFromSpecs(input.TagSpecifications, 'security-group');
    const g = ctx.write((p, tx) => createSecurityGroup(tx, p, { groupName: input.GroupName, description: input.Description, vpcId: input.VpcId, tags }));
    return { GroupId: g.id, SecurityGroupArn: groupArn(ctx.region, g), ...(g.tags.length > 0 ? { Tags: wireTags(g.tags) } : {}) };
  },
  DeleteSecurityGroup(ctx, input) {
    const g = ctx.write((p) => deleteSecurityGroup(p, groupRef(input)));
    return { Return: true, GroupId: g.id };
  },
  DescribeSecurityGroups(ctx, input) {
    // AWS: "This value can be between 5 and 1000."
    checkMaxResults(input.MaxResults, undefined, 'GroupIds');
    checkGroupIdFilter(input.Filters);
    const view = ctx.read();
    const ids = [...(input.GroupIds ?? [])];
    if (input.GroupNames && input.GroupNames.length > 0) {
      // AWS: GroupNames is "[Default VPC]": names are looked up among the default VPC's groups.
      const vpcId = defaultVpcId(view);
      for (const name of input.GroupNames) {
        const g = groupByName(view, vpcId, name);
        if (!g) throw ec2Errors.notFound('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${vpcId}'`);
        ids.push(g.id);
      }
    }
    const page = describe(view, 'securityGroup', { ids, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, groupFilters(view));
    const global = ctx.world.partition(GLOBAL);
    return { SecurityGroups: page.items.map((g) => securityGroupToWire(g, ctx.region, peeredPairExtras(view, global, g))), NextToken: page.nextToken };
  },
  DescribeSecurityGroupRules(ctx, input) {
    const page = describeRules(ctx.read(), input);
    return { SecurityGroupRules: page.items.map((f) => ruleToWire(f.group, f.rule, ctx.region)), NextToken: page.nextToken };
  },
  AuthorizeSecurityGroupIngress(ctx, input) {
    const perms = requestPermissions(input);
    const tags = tagsFromSpecs(input.TagSpecifications, 'security-group-rule');
    const r = ctx.write((p, tx) => authorizeRules(tx, p, groupRef(input), false, perms, tags));
    return { Return: true, SecurityGroupRules: r.added.map((rule) => ruleToWire(r.group, rule, ctx.region)) };
  },
  AuthorizeSecurityGroupEgress(ctx, input) {
    const perms = egressPermissions(input);
    const tags = tagsFromSpecs(input.TagSpecifications, 'security-group-rule');
    const r = ctx.write((p, tx) => authorizeRules(tx, p, { groupId: input.GroupId }, true, perms, tags));
    return { Return: true, SecurityGroupRules: r.added.map((rule) => ruleToWire(r.group, rule, ctx.region)) };
  },
  RevokeSecurityGroupIngress(ctx, input) {
    const perms = requestPermissions(input);
    const r = ctx.write((p, tx) => revokeRules(tx, p, groupRef(input), false, { permissions: perms, ruleIds: input.SecurityGroupRuleIds }));
    return {
      Return: true,
      ...(r.unknown.length > 0 ? { UnknownIpPermissions: permissionsToWire(r.unknown) } : {}),
      RevokedSecurityGroupRules: r.revoked.map((rule) => revokedToWire(r.group, rule)),
    };
  },
  RevokeSecurityGroupEgress(ctx, input) {
    const perms = egressPermissions(input);
    const r = ctx.write((p, tx) => revokeRules(tx, p, { groupId: input.GroupId }, true, { permissions: perms, ruleIds: input.SecurityGroupRuleIds }));
    return {
      Return: true,
      ...(r.unknown.length > 0 ? { UnknownIpPermissions: permissionsToWire(r.unknown) } : {}),
      RevokedSecurityGroupRules: r.revoked.map((rule) => revokedToWire(r.group, rule)),
    };
  },
  ModifySecurityGroupRules(ctx, input) {
    ctx.write((p, tx) => modifyRules(tx, p, input.GroupId, ruleUpdates(input.SecurityGroupRules)));
    return { Return: true };
  },
  UpdateSecurityGroupRuleDescriptionsIngress(ctx, input) {
    const update = { permissions: permissionsFromWire(input.IpPermissions), byId: descriptionsById(input.SecurityGroupRuleDescriptions) };
    ctx.write((p, tx) => updateRuleDescriptions(tx, p, groupRef(input), false, update));
    return { Return: true };
  },
  UpdateSecurityGroupRuleDescriptionsEgress(ctx, input) {
    const update = { permissions: permissionsFromWire(input.IpPermissions), byId: descriptionsById(input.SecurityGroupRuleDescriptions) };
    ctx.write((p, tx) => updateRuleDescriptions(tx, p, groupRef(input), true, update));
    return { Return: true };
  },
};
