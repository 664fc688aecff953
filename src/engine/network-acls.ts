/**
 * @module Network ACL evaluation. AWS ("Network ACLs", "Network ACL rules"): stateless; rules are evaluated in
 * rule-number order and the first rule that matches decides; the final `*` rule (32767) denies whatever no rule
 * matched. Being stateless, return traffic is checked again, in the opposite direction, on the ephemeral ports.
 */
import { cidrHas } from '../shared/cidr.js';
import type { CompiledAcl, CompiledAclEntry } from './network-view.js';
import { portText, type PacketView, type PortRange } from './packet.js';

export type AclDirection = 'inbound' | 'outbound';

/** The implicit last rule, used when no stored entry matches (e.g. an IPv6 packet against IPv4-only entries). */
export const CATCH_ALL_ENTRY: CompiledAclEntry = {
  ruleNumber: 32767, action: 'deny', protocol: -1, cidr: { family: 4, network: 0n, prefix: 0 }, text: '#* deny all (catch-all)',
};

export type AclDecision =
  | {
    readonly verdict: 'allow';
    readonly aclId: string;
    readonly direction: AclDirection;
    /** The rule that decided (for a port range: the last allow rule needed to cover it). */
    readonly entry: CompiledAclEntry;
    /** Every allow rule that covered part of the port range, in evaluation order. */
    readonly entries: readonly CompiledAclEntry[];
  }
  | {
    readonly verdict: 'deny';
    readonly aclId: string;
    readonly direction: AclDirection;
    readonly entry: CompiledAclEntry;
    /** The ports of the packet's range that the deciding rule denied. */
    readonly deniedPorts?: PortRange;
  };

function addressMatches(e: CompiledAclEntry, packet: PacketView): boolean {
  return cidrHas(e.cidr, packet.remote.family, packet.remote.value);
}

function protocolMatches(e: CompiledAclEntry, packet: PacketView): boolean {
  if (e.protocol !== -1 && e.protocol !== packet.protocol) return false;
  if (e.protocol === 1 || e.protocol === 58) {
    const icmp = packet.icmp;
    if (!e.icmp || !icmp) return true;
    return (e.icmp.type === -1 || e.icmp.type === icmp.type) && (e.icmp.code === -1 || e.icmp.code === icmp.code);
  }
  return true;
}

/** The part of `range` an entry's ports cover (all of it for entries without ports or non-port protocols). */
function coveredPorts(e: CompiledAclEntry, packet: PacketView, range: PortRange): PortRange | undefined {
  const hasPorts = packet.protocol === 6 || packet.protocol === 17;
  if (!hasPorts || e.protocol === -1 || !e.portRange) return range;
  const from = Math.max(range.from, e.portRange.from);
  const to = Math.min(range.to, e.portRange.to);
  return from <= to ? { from, to } : undefined;
}

/** Remove `cut` from each interval of `open`. */
function subtract(open: PortRange[], cut: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const r of open) {
    if (cut.to < r.from || cut.from > r.to) { out.push(r); continue; }
    if (r.from < cut.from) out.push({ from: r.from, to: cut.from - 1 });
    if (r.to > cut.to) out.push({ from: cut.to + 1, to: r.to });
  }
  return out;
}

/**
 * Evaluate one direction of an ACL. A packet's port range (the return path's ephemeral range) is allowed only if
 * every port in it is allowed: walking the rules in order, an allow rule settles the ports it covers, and a deny
 * rule covering any still unsettled port decides the whole packet.
 */
export function evaluateAcl(acl: CompiledAcl, direction: AclDirection, packet: PacketView): AclDecision {
  const entries = direction === 'inbound' ? acl.inbound : acl.outbound;
  let open: PortRange[] = [packet.ports];
  const allowing: CompiledAclEntry[] = [];
  for (const e of entries) {
    if (!protocolMatches(e, packet) || !addressMatches(e, packet)) continue;
    for (const r of open) {
      const covered = coveredPorts(e, packet, r);
      if (!covered) continue;
      if (e.action === 'deny') return { verdict: 'deny', aclId: acl.id, direction, entry: e, deniedPorts: covered };
    }
    let coveredAny = false;
    const next: PortRange[] = [];
    for (const r of open) {
      const covered = coveredPorts(e, packet, r);
      if (!covered) { next.push(r); continue; }
      coveredAny = true;
      next.push(...subtract([r], covered));
    }
    if (coveredAny) allowing.push(e);
    open = next;
    if (open.length === 0) return { verdict: 'allow', aclId: acl.id, direction, entry: e, entries: allowing };
  }
  const first = open[0];
  return { verdict: 'deny', aclId: acl.id, direction, entry: CATCH_ALL_ENTRY, ...(first ? { deniedPorts: first } : {}) };
}

/** A short text of an ACL decision's ports for a trace note. */
export function aclPortsText(packet: PacketView): string {
  return packet.protocol === 6 || packet.protocol === 17 ? ` port ${portText(packet.ports)}` : '';
}
