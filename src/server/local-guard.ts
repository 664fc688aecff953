/**
 * @module Defences for a server on the user's own machine: a web page the user has open must not drive it. DNS
 * rebinding (a name the attacker controls, resolved to 127.0.0.1) shows up as a foreign `Host`; a cross-site form
 * post or fetch carries a foreign `Origin`. Both are refused unless the user allowed them.
 */
import { isIP } from 'node:net';

export interface GuardSettings {
  /** The address the server listens on (`127.0.0.1`, `0.0.0.0`, a name). */
  readonly boundHost: string;
  /** Extra names clients may use in `Host` (a Docker service name, a LAN name). */
  readonly allowHosts: readonly string[];
  /** Origins whose pages may call the API (`*`: any). */
  readonly allowOrigins: readonly string[];
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') < 0 ? host.length : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

const WILDCARD_BIND = new Set(['0.0.0.0', '::', '']);

/** Loopback addresses: 127.0.0.0/8 and ::1. */
function isLoopback(ip: string): boolean {
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/**
 * Whether a `Host` header names this server: an IP literal that is loopback or the bound address (any address
 * when bound to all), `localhost` and its subdomains (S3 virtual hosts), AWS's own names (for /etc/hosts setups),
 * the bound name, or a name the user allowed. No Host (HTTP/1.0) passes.
 */
export function hostAllowed(hostHeader: string | undefined, g: GuardSettings): boolean {
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostName(hostHeader);
  if (isIP(name) !== 0) return isLoopback(name) || name === g.boundHost || WILDCARD_BIND.has(g.boundHost);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name.endsWith('.amazonaws.com') || name === 'amazonaws.com') return true;
  if (name === g.boundHost.toLowerCase()) return true;
  return g.allowHosts.some((h) => h.toLowerCase() === name);
}

/**
 * Whether an `Origin` header names a page the user did not allow: not this server itself (same scheme-less
 * host as the `Host` header), not listed. Requests without Origin (SDKs, the CLI, curl) are never foreign.
 */
export function originForeign(origin: string | undefined, hostHeader: string | undefined, g: GuardSettings): boolean {
  if (origin === undefined) return false;
  if (g.allowOrigins.includes('*') || g.allowOrigins.includes(origin)) return false;
  let url: URL;
  try { url = new URL(origin); } catch { return true; }
  return hostHeader === undefined || url.host.toLowerCase() !== hostHeader.toLowerCase();
}
