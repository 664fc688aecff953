/**
 * @module Amazon-provided IPv6 blocks: each Region's pool, the /56 handed to a VPC, and the checks on the request.
 * AWS ("IPv6 support for your VPC"): an Amazon-provided IPv6 CIDR block is a /56 from Amazon's pool of the Region
 * (its network border group), globally unique; subnets take /64s of it.
 */
import { createHash } from 'node:crypto';
import { ec2Errors } from '../errors/ec2.js';
import { formatCidr, parseCidr, type Cidr } from '../shared/cidr.js';
import { REGIONS } from './regions.js';
import type { CidrAssociation } from './resources.js';
import type { Tx } from './world.js';

/** A VPC's or subnet's associated IPv6 blocks (not those being disassociated). */
export function associatedIpv6Blocks(r: { readonly ipv6Associations: readonly CidrAssociation[] }): string[] {
  return r.ipv6Associations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock);
}

/** AWS: the size of an Amazon-provided VPC block. */
export const VPC_IPV6_PREFIX = 56;
/** AWS: the size of a subnet's IPv6 block. */
export const SUBNET_IPV6_PREFIX = 64;
/** AWS ("Amazon VPC quotas"): IPv6 CIDR blocks per VPC, default 5. */
export const MAX_VPC_IPV6_CIDRS = 5;

/**
 * The Region's pool: a /32 of 2600:1f00::/24 (the range Amazon announces for EC2), one per Region, disjoint
 * between Regions (listed Regions take 2600:1f10:: onwards in order; others a hashed /32 above them).
 */
export function ipv6Pool(region: string): Cidr {
  const index = REGIONS.findIndex((r) => r.name === region);
  const octet = index >= 0 ? 0x10 + index : 0x40 + (createHash('sha256').update(region).digest()[0]! % 0xc0);
  return parseCidr(`2600:1f${octet.toString(16).padStart(2, '0')}::/32`)!;
}

/** Every IPv6 block held by a VPC in the Region, whatever the account. */
function heldInRegion(tx: Tx, region: string): Set<string> {
  const held = new Set<string>();
  for (const account of tx.accountsIn(region)) {
    for (const v of tx.in(account, region).list('vpc')) for (const a of v.ipv6Associations) held.add(a.cidrBlock);
  }
  return held;
}

/** The lowest free /56 of the Region's pool (deterministic: the same state gives the same block). */
export function allocateVpcIpv6Block(tx: Tx, region: string, alsoTaken: ReadonlySet<string> = new Set()): string {
  const pool = ipv6Pool(region);
  const held = heldInRegion(tx, region);
  const count = 1n << BigInt(VPC_IPV6_PREFIX - pool.prefix);
  const step = 1n << BigInt(128 - VPC_IPV6_PREFIX);
  for (let i = 0n; i < count; i++) {
    const text = formatCidr({ family: 6, network: pool.network + i * step, prefix: VPC_IPV6_PREFIX });
    if (!held.has(text) && !alsoTaken.has(text)) return text;
  }
  throw ec2Errors.custom('InsufficientCidrBlocks', 'There are not enough free IPv6 CIDR blocks in this Region to satisfy the request.');
}

/** The IPv6 members of CreateVpc / AssociateVpcCidrBlock, in model form. */
export interface VpcIpv6Request {
  readonly amazonProvided?: boolean | undefined;
  readonly networkBorderGroup?: string | undefined;
  readonly ipv6Pool?: string | undefined;
  readonly ipv6CidrBlock?: string | undefined;
  readonly ipamPoolId?: string | undefined;
  readonly netmaskLength?: number | undefined;
}

/**
 * Check the IPv6 members of a request and say whether an Amazon-provided block is wanted. BYOIP pools and IPAM
 * pools are not modelled, so a pool named in the request does not exist (AWS's NotFound for that pool).
 */
export function wantsAmazonIpv6(region: string, r: VpcIpv6Request): boolean {
  const amazon = r.amazonProvided === true;
  const byoip = r.ipv6Pool !== undefined || r.ipv6CidrBlock !== undefined;
  const ipam = r.ipamPoolId !== undefined || r.netmaskLength !== undefined;
  if (amazon && (byoip || ipam)) {
    throw ec2Errors.invalidParameterCombination('The parameter amazonProvidedIpv6CidrBlock cannot be used with ipv6Pool, ipv6CidrBlock, ipv6IpamPoolId or ipv6NetmaskLength.');
  }
  if (byoip && ipam) throw ec2Errors.invalidParameterCombination('The parameters ipv6Pool and ipv6CidrBlock cannot be used with ipv6IpamPoolId or ipv6NetmaskLength.');
  if (r.ipamPoolId !== undefined) throw ec2Errors.notFound('InvalidIpamPoolId.NotFound', `The ipam pool ID '${r.ipamPoolId}' does not exist`);
  if (r.netmaskLength !== undefined) throw ec2Errors.missingParameter('ipv6IpamPoolId');
  if (r.ipv6Pool !== undefined) throw ec2Errors.notFound('InvalidIpv6PoolID.NotFound', `The ipv6Pool ID '${r.ipv6Pool}' does not exist`);
  if (r.ipv6CidrBlock !== undefined) throw ec2Errors.missingParameter('ipv6Pool');
  if (r.networkBorderGroup !== undefined) {
    // AWS: the border group of an Amazon-provided block defaults to the Region; Local Zone groups are not modelled here.
    if (!amazon) throw ec2Errors.missingParameter('amazonProvidedIpv6CidrBlock');
    if (r.networkBorderGroup !== region) {
      throw ec2Errors.invalidParameterValue(`Value (${r.networkBorderGroup}) for parameter ipv6CidrBlockNetworkBorderGroup is invalid. The network border group must be ${region}.`);
    }
  }
  return amazon;
}
