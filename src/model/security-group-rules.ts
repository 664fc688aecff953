/**
 * @module Security group rules as pure data: protocol and port normalization, peer CIDRs, expansion of a
 * permission into one rule per peer, duplicate checks, and EC2's grouping by protocol and port range.
 * No I/O and no partition access: the commands in security-group.ts resolve referenced groups first.
 */
import { ec2Errors } from '../errors/ec2.js';
import { formatCidr, parseCidr } from '../shared/cidr.js';
import type { RulePeer, SecurityGroupRule } from './resources.js';
import type { Tags } from './tags.js';

/** A rule before it gets its `sgr-` id. */
export type RuleDraft = Omit<SecurityGroupRule, 'ruleId'>;

/** A peer as the caller names it, before a referenced group is looked up. */
export type PeerInput =
  | { readonly type: 'cidr'; readonly cidr: string | undefined; readonly description?: string | undefined }
  | { readonly type: 'ipv6Cidr'; readonly cidr: string | undefined; readonly description?: string | undefined }
  | {
    readonly type: 'group'; readonly groupId?: string | undefined; readonly groupName?: string | undefined; readonly userId?: string | undefined;
    readonly description?: string | undefined;
    /** `UserIdGroupPair.VpcId`, `VpcPeeringConnectionId`, `PeeringStatus`: checked against the reference, never stored. */
    readonly vpcId?: string | undefined; readonly vpcPeeringConnectionId?: string | undefined; readonly peeringStatus?: string | undefined;
  }
  | { readonly type: 'prefixList'; readonly prefixListId: string | undefined; readonly description?: string | undefined };

/** One IP permission as the caller gives it: a protocol, a port range and its peers. */
export interface PermissionInput {
  readonly protocol: string | undefined;
  readonly fromPort?: number | undefined;
  readonly toPort?: number | undefined;
  readonly peers: readonly PeerInput[];
}

/** Resolves a peer of type `group` to the group it names (throws the EC2 error when it does not exist). */
export type GroupResolver = (peer: Extract<PeerInput, { type: 'group' }>) => RulePeer & { type: 'group' };

/** Protocol numbers EC2 prints by name in security group rules. */
const NAMED_PROTOCOLS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/**
 * The protocol as EC2 stores it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` for all, else the number as text.
 * AWS: "The IP protocol name (tcp, udp, icmp, icmpv6) or number ... Use -1 to specify all protocols".
 */
export function normalizeSgProtocol(text: string | undefined): string {
  if (text === undefined || text === '') throw ec2Errors.missingParameter('ipProtocol');
  const lower = text.toLowerCase();
  if (lower === '-1' || lower === 'all') return '-1';
  if (lower === 'tcp' || lower === 'udp' || lower === 'icmp' || lower === 'icmpv6') return lower;
  if (/^\d{1,3}$/.test(lower)) {
    const n = Number(lower);
    if (n <= 255) return NAMED_PROTOCOLS[String(n)] ?? String(n);
  }
  throw ec2Errors.invalidParameterValue(`Invalid value '${text}' for IP protocol. Unknown protocol.`);
}

/**
 * The port range EC2 stores for a protocol. AWS: TCP/UDP need both ports in 0-65535; ICMP needs a type and
 * code (-1 for all, and an all-types rule must have all codes); ICMPv6 may omit them (all types and codes);
 * `-1` and other protocol numbers allow every port "regardless of any port range you specify" (kept as -1).
 */
export function normalizePorts(protocol: string, fromPort: number | undefined, toPort: number | undefined): { fromPort: number; toPort: number } {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (fromPort === undefined || toPort === undefined) throw ec2Errors.invalidParameterValue(`Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.`);
    for (const port of [fromPort, toPort]) {
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw ec2Errors.custom('InvalidPermission.Malformed', `TCP/UDP port (${port}) out of range`);
    }
    if (fromPort > toPort) throw ec2Errors.invalidParameterValue(`Invalid value 'Invalid TCP/UDP port range ${fromPort}-${toPort}: the from port must not exceed the to port.' for portRange.`);
    return { fromPort, toPort };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (fromPort === undefined && toPort === undefined && protocol === 'icmpv6') return { fromPort: -1, toPort: -1 };
    if (fromPort === undefined || toPort === undefined) throw ec2Errors.invalidParameterValue(`Invalid value 'Must specify both from and to ports with ICMP.' for portRange.`);
    if (!Number.isInteger(fromPort) || fromPort < -1 || fromPort > 255) throw ec2Errors.custom('InvalidPermission.Malformed', `ICMP type (${fromPort}) out of range`);
    if (!Number.isInteger(toPort) || toPort < -1 || toPort > 255) throw ec2Errors.custom('InvalidPermission.Malformed', `ICMP code (${toPort}) out of range`);
    // AWS: "If the start port is -1 (all ICMP types), then the end port must be -1 (all ICMP codes)."
    if (fromPort === -1 && toPort !== -1) throw ec2Errors.invalidParameterValue(`Invalid value 'ICMP code must be -1 when the ICMP type is -1.' for portRange.`);
    return { fromPort, toPort };
  }
  return { fromPort: -1, toPort: -1 };
}

/**
 * A peer CIDR in canonical form. AWS: "Amazon Web Services canonicalizes IPv4 and IPv6 CIDRs" (100.68.0.18/18
 * becomes 100.68.0.0/18); a block that does not parse, or is of the other family, is `InvalidParameterValue`
 * ("CIDR block 10.0.0.0/33 is malformed").
 */
export function normalizePeerCidr(text: string | undefined, family: 4 | 6): string {
  const c = text === undefined ? undefined : parseCidr(text.trim());
  if (!c || c.family !== family) throw ec2Errors.invalidParameterValue(`CIDR block ${text ?? ''} is malformed`);
  return formatCidr(c);
}

/** AWS: rule descriptions are at most 255 characters. */
export function checkRuleDescription(description: string | undefined): void {
  if (description !== undefined && description.length > 255) {
    throw ec2Errors.invalidParameterValue(`Value (${description}) for parameter description is invalid. Length exceeds 255 characters.`);
  }
}

/** Expand permissions into one rule per peer, each normalized. Throws on the first invalid part. */
export function expandPermissions(permissions: readonly PermissionInput[], egress: boolean, resolveGroup: GroupResolver, tags: Tags = []): RuleDraft[] {
  const out: RuleDraft[] = [];
  for (const perm of permissions) {
    const protocol = normalizeSgProtocol(perm.protocol);
    const { fromPort, toPort } = normalizePorts(protocol, perm.fromPort, perm.toPort);
    if (perm.peers.length === 0) {
      throw ec2Errors.missingParameter(egress ? 'a destination (IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs)' : 'a source (IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs)');
    }
    for (const input of perm.peers) {
      checkRuleDescription(input.description);
      let peer: RulePeer;
      switch (input.type) {
        case 'cidr': peer = { type: 'cidr', cidr: normalizePeerCidr(input.cidr, 4) }; break;
        case 'ipv6Cidr': peer = { type: 'ipv6Cidr', cidr: normalizePeerCidr(input.cidr, 6) }; break;
        case 'prefixList':
          if (input.prefixListId === undefined || input.prefixListId === '') throw ec2Errors.missingParameter('prefixListId');
          peer = { type: 'prefixList', prefixListId: input.prefixListId };
          break;
        case 'group': peer = resolveGroup(input); break;
      }
      out.push({
        egress, protocol, fromPort, toPort, peer,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(tags.length > 0 ? { tags } : {}),
      });
    }
  }
  return out;
}

/** A key equal for rules EC2 considers the same (description and tags play no part). */
export function ruleKey(r: RuleDraft): string {
  const p = r.peer;
  const peer = p.type === 'group' ? `group:${p.groupId}` : p.type === 'prefixList' ? `pl:${p.prefixListId}` : `${p.type}:${p.cidr}`;
  return `${r.egress ? 'out' : 'in'}|${r.protocol}|${r.fromPort}|${r.toPort}|${peer}`;
}

/** Whether two rules are the same rule. */
export function sameRule(a: RuleDraft, b: RuleDraft): boolean {
  return ruleKey(a) === ruleKey(b);
}

/** The peer as EC2 prints it in messages. */
export function peerText(peer: RulePeer): string {
  switch (peer.type) {
    case 'cidr': case 'ipv6Cidr': return peer.cidr;
    case 'group': return peer.groupId;
    case 'prefixList': return peer.prefixListId;
  }
}

/** The rule as EC2 describes it in `InvalidPermission.Duplicate`: `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`. */
export function ruleText(r: RuleDraft): string {
  const proto = r.protocol === '-1' ? 'ALL' : r.protocol.toUpperCase();
  const ports = r.protocol === 'tcp' || r.protocol === 'udp' || r.protocol === 'icmp' || r.protocol === 'icmpv6'
    ? `, from port: ${r.fromPort}, to port: ${r.toPort}` : '';
  return `peer: ${peerText(r.peer)}, ${proto}${ports}, ALLOW`;
}

/**
 * Check new rules against each other and against a group's existing rules.
 * AWS: a repeat inside one request is `InvalidParameterValue` ("The same permission must not appear multiple
 * times"); a rule the group already has is `InvalidPermission.Duplicate`.
 */
export function checkDuplicates(existing: readonly RuleDraft[], drafts: readonly RuleDraft[]): void {
  const seen = new Set<string>();
  for (const d of drafts) {
    const key = ruleKey(d);
    if (seen.has(key)) throw ec2Errors.invalidParameterValue('The same permission must not appear multiple times');
    seen.add(key);
  }
  const have = new Set(existing.map(ruleKey));
  for (const d of drafts) {
    if (have.has(ruleKey(d))) throw ec2Errors.custom('InvalidPermission.Duplicate', `the specified rule "${ruleText(d)}" already exists`);
  }
}

/** Rules grouped the way EC2 prints `IpPermissions`: one entry per protocol and port range, peers in rule order. */
export interface PermissionGroup<R extends RuleDraft = SecurityGroupRule> {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly rules: readonly R[];
}

export function groupPermissions<R extends RuleDraft>(rules: readonly R[]): PermissionGroup<R>[] {
  const groups = new Map<string, { protocol: string; fromPort: number; toPort: number; rules: R[] }>();
  for (const r of rules) {
    const key = `${r.protocol}|${r.fromPort}|${r.toPort}`;
    let g = groups.get(key);
    if (!g) { g = { protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, rules: [] }; groups.set(key, g); }
    g.rules.push(r);
  }
  return [...groups.values()];
}

/** Whether a protocol carries ports (or ICMP type and code) that EC2 prints. */
export function hasPorts(protocol: string): boolean {
  return protocol === 'tcp' || protocol === 'udp' || protocol === 'icmp' || protocol === 'icmpv6';
}
