/**
 * @module Public IPv4 addresses: the Region's public pool, shared by auto-assigned instance addresses and Elastic IPs.
 * AWS: a public IPv4 address comes from Amazon's pool for the Region and is unique while it is held
 * ("Public IPv4 addresses", "Elastic IP addresses").
 */
import { createHash } from 'node:crypto';
import { ec2Errors } from '../errors/ec2.js';
import { formatIp, parseCidr, type Cidr } from '../shared/cidr.js';
import type { IdGen } from '../shared/ids.js';
import type { ReadView } from './world.js';

/** Address blocks Amazon publishes for EC2 in these Regions (ip-ranges.json); other Regions get a /12 of 52.0.0.0/8. */
const REGION_POOLS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['3.208.0.0/12', '54.160.0.0/12'],
  'us-east-2': ['3.128.0.0/12', '18.216.0.0/14'],
  'us-west-1': ['13.56.0.0/16', '54.176.0.0/15'],
  'us-west-2': ['34.208.0.0/12', '54.184.0.0/13'],
  'eu-west-1': ['34.240.0.0/13', '54.72.0.0/15'],
  'eu-central-1': ['3.64.0.0/12', '18.184.0.0/15'],
  'ap-northeast-1': ['13.112.0.0/14', '54.64.0.0/15'],
  'ap-southeast-1': ['13.212.0.0/15', '54.169.0.0/16'],
};

/** The public pool of a Region. */
export function publicPool(region: string): readonly Cidr[] {
  const known = REGION_POOLS[region];
  if (known) return known.map((c) => parseCidr(c)!);
  const h = createHash('sha256').update(region).digest();
  return [parseCidr(`52.${(h[0]! & 0xf0)}.0.0/12`)!];
}

/** Every public IPv4 address held in a partition: instances and ENIs, Elastic IPs, NAT gateways. */
export function publicIpsInUse(view: ReadView): Set<string> {
  const used = new Set<string>();
  for (const a of view.list('address')) used.add(a.publicIp);
  for (const e of view.list('networkInterface')) if (e.publicIp !== undefined) used.add(e.publicIp);
  for (const i of view.list('instance')) if (i.publicIp !== undefined && i.state !== 'terminated') used.add(i.publicIp);
  for (const n of view.list('natGateway')) if (n.publicIp !== undefined && n.state !== 'deleted') used.add(n.publicIp);
  return used;
}

const MAX_TRIES = 64;

/**
 * Pick a free public address from the Region's pool. The draw is random (through the injected IdGen) over
 * millions of addresses, so different accounts of a Region practically never meet; within the partition the
 * address is checked against every one in use and against `alsoTaken` (addresses picked earlier in the same call).
 * The network address, broadcast address and `.0`/`.255` hosts are never handed out.
 */
export function allocatePublicIp(view: ReadView, ids: IdGen, region: string, alsoTaken: ReadonlySet<string> = new Set()): string {
  const pool = publicPool(region);
  const used = publicIpsInUse(view);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const draw = BigInt(`0x${ids.hex(12)}`);
    const block = pool[Number(draw % BigInt(pool.length))]!;
    const size = 1n << BigInt(32 - block.prefix);
    const value = block.network + ((draw >> 4n) % size);
    const low = value & 0xffn;
    if (low === 0n || low === 255n) continue;
    const text = formatIp(4, value);
    if (!used.has(text) && !alsoTaken.has(text)) return text;
  }
  throw ec2Errors.custom('InsufficientAddressCapacity', 'Insufficient capacity: no public IPv4 address is available in this Region.');
}
