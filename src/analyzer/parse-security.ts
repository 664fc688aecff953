/** @module Readers of describe-security-groups, describe-security-group-rules and describe-network-acls. */
import { CATCH_ALL_RULE, validateAclEntry } from '../model/network-acl.js';
import type { NetworkAclEntry, RulePeer, SecurityGroupRule } from '../model/resources.js';
import { normalizePorts, normalizeSgProtocol } from '../model/security-group-rules.js';
import { canonicalCidr } from './parse-network.js';
import { derivedId, type ParseContext } from './parse-context.js';
import { bool, num, obj, objs, str, tagsOf, type Json } from './wire.js';

function peerKey(p: RulePeer): string {
  return p.type === 'group' ? `group:${p.groupId}` : p.type === 'prefixList' ? `pl:${p.prefixListId}` : `${p.type}:${p.cidr}`;
}

/** What makes a rule itself (group, direction, protocol, ports, peer): the key rule ids are matched by. */
export function ruleKey(groupId: string, egress: boolean, protocol: string, from: number, to: number, peer: RulePeer): string {
  return `${groupId}|${egress ? 'egress' : 'ingress'}|${protocol}|${from}|${to}|${peerKey(peer)}`;
}

/** describe-security-group-rules: only the rule ids are taken (the rules themselves come with their groups). */
export function readSecurityGroupRules(ctx: ParseContext, body: Json): void {
  for (const r of objs(body['SecurityGroupRules'])) {
    const id = str(r['SecurityGroupRuleId']);
    const groupId = str(r['GroupId']);
    if (id === undefined || groupId === undefined) continue;
    let protocol: string;
    let ports: { fromPort: number; toPort: number };
    try {
      protocol = normalizeSgProtocol(str(r['IpProtocol']));
      ports = normalizePorts(protocol, num(r['FromPort']), num(r['ToPort']));
    } catch { continue; }
    const ref = obj(r['ReferencedGroupInfo']);
    const v4 = canonicalCidr(str(r['CidrIpv4']), 4);
    const v6 = canonicalCidr(str(r['CidrIpv6']), 6);
    const pl = str(r['PrefixListId']);
    const refId = str(ref?.['GroupId']);
    const peer: RulePeer | undefined = v4 !== undefined ? { type: 'cidr', cidr: v4 } : v6 !== undefined ? { type: 'ipv6Cidr', cidr: v6 }
      : pl !== undefined ? { type: 'prefixList', prefixListId: pl }
      : refId !== undefined ? { type: 'group', groupId: refId, ownerId: str(ref?.['UserId']) ?? ctx.account } : undefined;
    if (!peer) continue;
    ctx.sgRuleIds.set(ruleKey(groupId, bool(r['IsEgress']) ?? false, protocol, ports.fromPort, ports.toPort, peer), id);
  }
}

function permissionRules(ctx: ParseContext, groupId: string, perm: Json, egress: boolean): SecurityGroupRule[] {
  let protocol: string;
  let ports: { fromPort: number; toPort: number };
  try {
    protocol = normalizeSgProtocol(str(perm['IpProtocol']));
    ports = normalizePorts(protocol, num(perm['FromPort']), num(perm['ToPort']));
  } catch (e) {
    ctx.findings.add('warning', 'invalid-value', `a rule of ${groupId} was left out: ${(e as Error).message}`, { file: ctx.file, resourceId: groupId });
    return [];
  }
  const peers: { peer: RulePeer; description?: string }[] = [];
  const desc = (o: Json): { description?: string } => { const d = str(o['Description']); return d !== undefined ? { description: d } : {}; };
  for (const r of objs(perm['IpRanges'])) { const c = canonicalCidr(str(r['CidrIp']), 4); if (c) peers.push({ peer: { type: 'cidr', cidr: c }, ...desc(r) }); }
  for (const r of objs(perm['Ipv6Ranges'])) { const c = canonicalCidr(str(r['CidrIpv6']), 6); if (c) peers.push({ peer: { type: 'ipv6Cidr', cidr: c }, ...desc(r) }); }
  for (const r of objs(perm['PrefixListIds'])) { const p = str(r['PrefixListId']); if (p) peers.push({ peer: { type: 'prefixList', prefixListId: p }, ...desc(r) }); }
  for (const r of objs(perm['UserIdGroupPairs'])) {
    const g = str(r['GroupId']);
    if (g) peers.push({ peer: { type: 'group', groupId: g, ownerId: str(r['UserId']) ?? ctx.account }, ...desc(r) });
  }
  return peers.map(({ peer, description }) => {
    const key = ruleKey(groupId, egress, protocol, ports.fromPort, ports.toPort, peer);
    return {
      ruleId: ctx.sgRuleIds.get(key) ?? derivedId('sgr', key),
      egress, protocol, fromPort: ports.fromPort, toPort: ports.toPort, peer,
      ...(description !== undefined ? { description } : {}),
    };
  });
}

export function readSecurityGroups(ctx: ParseContext, body: Json): void {
  for (const g of objs(body['SecurityGroups'])) {
    const id = str(g['GroupId']);
    const vpcId = str(g['VpcId']);
    if (id === undefined || vpcId === undefined) {
      ctx.findings.add('error', 'missing-member', `security group ${id ?? '(no GroupId)'} has no VpcId (EC2-Classic groups are not modelled); left out`, { file: ctx.file, ...(id !== undefined ? { resourceId: id } : {}) });
      continue;
    }
    const rules = [
      ...objs(g['IpPermissions']).flatMap((p) => permissionRules(ctx, id, p, false)),
      ...objs(g['IpPermissionsEgress']).flatMap((p) => permissionRules(ctx, id, p, true)),
    ];
    ctx.drafts.put(ctx.region, {
      kind: 'securityGroup', id, ownerId: str(g['OwnerId']) ?? ctx.account, tags: tagsOf(g), vpcId,
      groupName: str(g['GroupName']) ?? id, description: str(g['Description']) ?? '', rules,
    }, ctx.file);
  }
}

function aclEntry(ctx: ParseContext, aclId: string, e: Json): NetworkAclEntry | undefined {
  const ruleNumber = num(e['RuleNumber']);
  const egress = bool(e['Egress']) ?? false;
  const protocol = str(e['Protocol']) ?? String(num(e['Protocol']) ?? '');
  const action = str(e['RuleAction']);
  const v4 = str(e['CidrBlock']);
  const v6 = str(e['Ipv6CidrBlock']);
  if (ruleNumber === CATCH_ALL_RULE) {
    // AWS's own catch-all deny: printed, never created through the API (which refuses its number).
    return { ruleNumber, egress, protocol: '-1', action: 'deny', ...(v6 !== undefined ? { ipv6CidrBlock: canonicalCidr(v6, 6) ?? v6 } : { cidrBlock: canonicalCidr(v4, 4) ?? '0.0.0.0/0' }) };
  }
  const pr = obj(e['PortRange']);
  const icmp = obj(e['IcmpTypeCode']);
  const from = num(pr?.['From']), to = num(pr?.['To']);
  const type = num(icmp?.['Type']), code = num(icmp?.['Code']);
  try {
    return validateAclEntry({
      ruleNumber, egress, protocol, action, cidrBlock: v4, ipv6CidrBlock: v6,
      portRange: pr ? { from, to } : undefined, icmp: icmp ? { type, code } : undefined,
    } as Parameters<typeof validateAclEntry>[0]);
  } catch (err) {
    ctx.findings.add('warning', 'invalid-value', `entry ${ruleNumber ?? '?'} (${egress ? 'egress' : 'ingress'}) of ${aclId} was left out: ${(err as Error).message}`, { file: ctx.file, resourceId: aclId });
    return undefined;
  }
}

export function readNetworkAcls(ctx: ParseContext, body: Json): void {
  for (const a of objs(body['NetworkAcls'])) {
    const id = str(a['NetworkAclId']);
    const vpcId = str(a['VpcId']);
    if (id === undefined || vpcId === undefined) { ctx.findings.add('error', 'missing-member', 'a network ACL without NetworkAclId or VpcId is left out', { file: ctx.file }); continue; }
    const entries = objs(a['Entries']).flatMap((e) => { const x = aclEntry(ctx, id, e); return x ? [x] : []; });
    ctx.drafts.put(ctx.region, {
      kind: 'networkAcl', id, ownerId: str(a['OwnerId']) ?? ctx.account, tags: tagsOf(a), vpcId, isDefault: bool(a['IsDefault']) ?? false,
      entries,
      associations: objs(a['Associations']).flatMap((x) => {
        const aid = str(x['NetworkAclAssociationId']);
        const subnetId = str(x['SubnetId']);
        return aid !== undefined && subnetId !== undefined ? [{ associationId: aid, subnetId }] : [];
      }),
    }, ctx.file);
  }
}
