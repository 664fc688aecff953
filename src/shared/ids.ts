/** @module AWS-style resource identifiers and the injected generator that mints them. */
import { randomBytes, randomUUID } from 'node:crypto';

/** Resource-ID prefixes as AWS prints them. */
export const ID_PREFIX = {
  vpc: 'vpc',
  subnet: 'subnet',
  routeTable: 'rtb',
  routeTableAssociation: 'rtbassoc',
  internetGateway: 'igw',
  egressOnlyInternetGateway: 'eigw',
  natGateway: 'nat',
  address: 'eipalloc',
  addressAssociation: 'eipassoc',
  vpnGateway: 'vgw',
  peering: 'pcx',
  securityGroup: 'sg',
  securityGroupRule: 'sgr',
  networkAcl: 'acl',
  networkAclAssociation: 'aclassoc',
  networkInterface: 'eni',
  networkInterfaceAttachment: 'eni-attach',
  instance: 'i',
  prefixList: 'pl',
  vpcCidrAssociation: 'vpc-cidr-assoc',
  vpcIpv6CidrAssociation: 'vpc-cidr-assoc',
  subnetCidrAssociation: 'subnet-cidr-assoc',
  vpcEndpoint: 'vpce',
  vpcEndpointService: 'vpce-svc',
  connectionNotification: 'vpce-nfn',
  reservation: 'r',
  dhcpOptions: 'dopt',
  volume: 'vol',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** Mints identifiers and request ids; injected so that model code stays deterministic under test. */
export interface IdGen {
  /** `<prefix>-<17 hex digits>`, as AWS's long resource IDs. */
  next(kind: IdKind): string;
  /** Lower-case hex of the given length. */
  hex(length: number): string;
  /** A v4-shaped UUID (request ids, client tokens). */
  uuid(): string;
}

/** Random hex from the OS's CSPRNG, drawn 4 KiB at a time (one system call per ~450 ids, not one per id). */
let pool = '';
function randomHex(length: number): string {
  if (pool.length < length) pool = randomBytes(4096).toString('hex');
  const out = pool.slice(0, length);
  pool = pool.slice(length);
  return out;
}

/** Random ids from the OS's CSPRNG, as in production. */
export const randomIdGen: IdGen = {
  next: (kind) => `${ID_PREFIX[kind]}-${randomHex(17)}`,
  hex: (length) => randomHex(length),
  uuid: () => randomUUID(),
};

/** A deterministic generator for tests: the same seed gives the same ids. */
export function seededIdGen(seed = 1): IdGen {
  let state = BigInt(seed) | 1n;
  const step = (): bigint => {
    // xorshift64*: small and good enough for unique-looking test ids.
    state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
    return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += step().toString(16).padStart(16, '0');
    return out.slice(0, length);
  };
  return {
    next: (kind) => `${ID_PREFIX[kind]}-${hex(17)}`,
    hex,
    uuid: () => { const h = hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`; },
  };
}

/** Whether text looks like an ID of the kind (`vpc-` followed by 8 or 17 lower-case hex digits). */
export function isIdOf(kind: IdKind, text: string): boolean {
  const prefix = ID_PREFIX[kind];
  return text.startsWith(`${prefix}-`) && /^[0-9a-f]{8}([0-9a-f]{9})?$/.test(text.slice(prefix.length + 1));
}
