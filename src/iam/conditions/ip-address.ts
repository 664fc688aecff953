/** @module IP address condition operators: IpAddress and NotIpAddress over IPv4 and IPv6 CIDR blocks. */
import { parseCidr, parseIp, cidrHas, type Cidr } from '../../shared/cidr.js';
import { describeValues, type CompiledValues } from './values.js';

/** Dotted IPv4 to an unsigned 32-bit number; undefined when malformed. */
export function parseIpv4Number(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + part;
}

interface V4Block { readonly network: number; readonly mask: number }

/** A parsed policy value: IPv4 blocks as 32-bit numbers, IPv6 blocks as bigints. */
export type IpBlock = { readonly family: 4; readonly v4: V4Block } | { readonly family: 6; readonly v6: Cidr };

/** Parse `a.b.c.d[/n]` or `x::y[/n]`. AWS: "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32". */
export function parseIpBlock(text: string): IpBlock | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addr = slash < 0 ? t : t.slice(0, slash);
  const prefixText = slash < 0 ? undefined : t.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  if (!addr.includes(':')) {
    const ip = parseIpv4Number(addr);
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (ip === undefined || prefix > 32) return undefined;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { family: 4, v4: { network: (ip & mask) >>> 0, mask } };
  }
  const cidr = parseCidr(prefixText === undefined ? `${addr}/128` : `${addr}/${prefixText}`);
  return cidr && cidr.family === 6 ? { family: 6, v6: cidr } : undefined;
}

/** Whether an address (text) lies in the block. */
export function blockHas(block: IpBlock, address: string): boolean {
  if (block.family === 4) {
    const ip = parseIpv4Number(address);
    return ip !== undefined && ((ip & block.v4.mask) >>> 0) === block.v4.network;
  }
  const ip = parseIp(address);
  return ip !== undefined && cidrHas(block.v6, ip.family, ip.value);
}

/** Compile IP values; each must be an address or CIDR block. */
export function compileIpValues(values: readonly string[]): CompiledValues | { error: string } {
  const v4: V4Block[] = [];
  const v6: Cidr[] = [];
  for (const v of values) {
    const block = parseIpBlock(v);
    if (!block) return { error: `${JSON.stringify(v)} is not an IP address or CIDR block` };
    if (block.family === 4) v4.push(block.v4); else v6.push(block.v6);
  }
  return {
    describe: describeValues(values),
    test: (v) => {
      if (!v.includes(':')) {
        const ip = parseIpv4Number(v);
        if (ip === undefined) return false;
        for (const b of v4) if (((ip & b.mask) >>> 0) === b.network) return true;
        return false;
      }
      const ip = parseIp(v.trim());
      return ip !== undefined && v6.some((c) => cidrHas(c, ip.family, ip.value));
    },
  };
}
