/** @module The packet header the evaluators see: protocol number, destination ports (or ICMP type/code), and the remote address. */
import { formatIp, parseIp, type IpFamily } from '../shared/cidr.js';

/** An address parsed once per trace. */
export interface Address {
  readonly family: IpFamily;
  readonly value: bigint;
  readonly text: string;
}

export function address(text: string): Address | undefined {
  const ip = parseIp(text);
  // IPv6 text is kept canonical (RFC 5952), so lookups by address match however the address was written.
  return ip ? { family: ip.family, value: ip.value, text: ip.family === 6 ? formatIp(6, ip.value) : text } : undefined;
}

/** A port interval (inclusive). A single port is `{from: p, to: p}`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * What a rule is matched against. `remote` is the far end from the evaluating resource's point of view: the
 * destination for egress/outbound rules, the source for ingress/inbound rules.
 */
export interface PacketView {
  /** IP protocol number (6 tcp, 17 udp, 1 icmp). */
  readonly protocol: number;
  /** Destination ports (TCP/UDP); ignored for other protocols. */
  readonly ports: PortRange;
  readonly icmp?: { readonly type: number; readonly code: number };
  readonly remote: Address;
}

/** AWS ("Network ACLs", "Ephemeral ports"): allow 1024-65535 to cover the ports clients and NAT gateways use. */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

export function portText(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}
