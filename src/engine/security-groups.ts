/**
 * @module Security group evaluation. AWS ("Security group rules"): groups are stateful and allow-only; traffic is
 * allowed when any rule of any group on the interface matches, and return traffic of an allowed flow is allowed
 * regardless of rules. So a trace checks egress at the source interface and ingress at the destination only.
 */
import { cidrHas } from '../shared/cidr.js';
import type { CompiledSecurityGroup, CompiledSgRule } from './network-view.js';
import type { PacketView } from './packet.js';

export type SgDirection = 'egress' | 'ingress';

/** Private IPs of a referenced group's members (undefined when the group is unknown here). */
export type GroupMembers = (groupId: string, ownerId: string) => ReadonlySet<string> | undefined;

export type SgDecision =
  | { readonly verdict: 'allow'; readonly direction: SgDirection; readonly groupId: string; readonly rule: CompiledSgRule }
  | {
    readonly verdict: 'deny';
    readonly direction: SgDirection;
    readonly groupIds: readonly string[];
    /** Groups with no rule at all in this direction (Reachability Analyzer: SG_HAS_NO_RULES). */
    readonly groupsWithoutRules: readonly string[];
    readonly code: 'ENI_SG_RULES_MISMATCH' | 'SG_HAS_NO_RULES';
  };

function portsMatch(rule: CompiledSgRule, packet: PacketView): boolean {
  if (rule.protocol === -1) return true;
  if (rule.protocol === 6 || rule.protocol === 17) {
    if (rule.fromPort === -1) return true;
    return packet.ports.from >= rule.fromPort && packet.ports.to <= rule.toPort;
  }
  if (rule.protocol === 1 || rule.protocol === 58) {
    // AWS: for ICMP the "port range" is the ICMP type (from) and code (to); -1 means all.
    const icmp = packet.icmp;
    if (!icmp) return true;
    return (rule.fromPort === -1 || rule.fromPort === icmp.type) && (rule.toPort === -1 || rule.toPort === icmp.code);
  }
  return true;
}

function peerMatches(rule: CompiledSgRule, packet: PacketView, members: GroupMembers): boolean {
  const peer = rule.peer;
  const remote = packet.remote;
  switch (peer.type) {
    case 'cidr': return cidrHas(peer.cidr, remote.family, remote.value);
    case 'prefixList': return peer.cidrs.some((c) => cidrHas(c, remote.family, remote.value));
    // AWS: a rule naming a group matches traffic whose source (or destination) is the private IP of an
    // interface that has that group, in the same VPC or a peered VPC.
    case 'group': return members(peer.groupId, peer.ownerId)?.has(remote.text) ?? false;
  }
}

/** Whether one rule matches the packet. */
export function ruleMatches(rule: CompiledSgRule, packet: PacketView, members: GroupMembers): boolean {
  return (rule.protocol === -1 || rule.protocol === packet.protocol) && portsMatch(rule, packet) && peerMatches(rule, packet, members);
}

/** Evaluate the groups of one interface in one direction; the first matching rule (group order, rule order) decides. */
export function evaluateSecurityGroups(groups: readonly CompiledSecurityGroup[], direction: SgDirection, packet: PacketView, members: GroupMembers): SgDecision {
  const empty: string[] = [];
  for (const g of groups) {
    const rules = direction === 'egress' ? g.egress : g.ingress;
    if (rules.length === 0) empty.push(g.id);
    for (const rule of rules) if (ruleMatches(rule, packet, members)) return { verdict: 'allow', direction, groupId: g.id, rule };
  }
  const groupIds = groups.map((g) => g.id);
  const code = groups.length > 0 && empty.length === groups.length ? 'SG_HAS_NO_RULES' : 'ENI_SG_RULES_MISMATCH';
  return { verdict: 'deny', direction, groupIds, groupsWithoutRules: empty, code };
}
