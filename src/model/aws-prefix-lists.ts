/**
 * @module AWS-managed prefix lists (`com.amazonaws.<region>.s3`, `com.amazonaws.<region>.dynamodb`): the
 * address ranges of the gateway-endpoint services, one list per service per Region.
 * AWS ("Gateway endpoints"): "A prefix list ... of a service ... ID pl-xxxxxxxx ... name com.amazonaws.<region>.<service>".
 * The ranges are ILLUSTRATIVE, not Amazon's published ip-ranges.json: they look like real ones (us-east-1's S3 list
 * holds 54.231.0.0/16 as the real one does), are disjoint across Regions and services, and never overlap the public
 * IPv4 pools of ./public-ip.ts, so that an address resolves to exactly one Region and service. Pure data, no I/O.
 */
import { createHash } from 'node:crypto';
import { cidrHas, parseIp, parseCidr, type Cidr } from '../shared/cidr.js';
import { REGIONS } from './regions.js';

/** Services that have gateway endpoints and therefore AWS-managed prefix lists. */
export const GATEWAY_SERVICES = ['s3', 'dynamodb'] as const;
export type GatewayService = (typeof GATEWAY_SERVICES)[number];

export interface AwsPrefixList {
  readonly id: string;
  /** `com.amazonaws.<region>.<service>` */
  readonly name: string;
  readonly region: string;
  readonly service: GatewayService;
  readonly cidrs: readonly string[];
}

/** The owner AWS-managed lists report in DescribeManagedPrefixLists. */
export const AWS_PREFIX_LIST_OWNER = 'AWS';

/** Real IDs for us-east-1 (as widely published); other Regions get a stable hash of region and service. */
const KNOWN_IDS: Readonly<Record<string, string>> = {
  'us-east-1/s3': 'pl-63a5400a',
  'us-east-1/dynamodb': 'pl-02cd2c6b',
};

function idFor(region: string, service: GatewayService): string {
  return KNOWN_IDS[`${region}/${service}`] ?? `pl-${createHash('sha256').update(`aws-prefix-list/${region}/${service}`).digest('hex').slice(0, 8)}`;
}

/**
 * Ranges per Region, by the Region's index in REGIONS (i). Illustrative allocation, region-disjoint by construction:
 * S3 `3.5.(128+8i).0/21`, `16.(20+2i).0.0/15`, `18.34.(32+8i).0/21` (us-east-1 has its own real-looking set);
 * DynamoDB `35.71.(64+4i).0/22`, `15.181.(16i).0/20`.
 */
function cidrsFor(index: number, service: GatewayService): string[] {
  if (service === 's3') {
    if (index === 0) return ['54.231.0.0/16', '3.5.0.0/19', '16.182.0.0/16', '18.34.0.0/19'];
    return [`3.5.${128 + index * 8}.0/21`, `16.${20 + index * 2}.0.0/15`, `18.34.${32 + index * 8}.0/21`];
  }
  return [`35.71.${64 + index * 4}.0/22`, `15.181.${index * 16}.0/20`];
}

interface Catalogue {
  readonly all: readonly AwsPrefixList[];
  readonly byId: ReadonlyMap<string, AwsPrefixList>;
  readonly parsed: ReadonlyMap<string, readonly Cidr[]>;
}
let catalogue: Catalogue | undefined;

/** The lists of every Region, built on first use (hashing ids at module load would cost every start-up). */
function built(): Catalogue {
  if (catalogue) return catalogue;
  const all: readonly AwsPrefixList[] = REGIONS.flatMap((r, i) => GATEWAY_SERVICES.map((service) => ({
    id: idFor(r.name, service), name: `com.amazonaws.${r.name}.${service}`, region: r.name, service, cidrs: cidrsFor(i, service),
  })));
  catalogue = { all, byId: new Map(all.map((pl) => [pl.id, pl])), parsed: new Map(all.map((pl) => [pl.id, pl.cidrs.map((c) => parseCidr(c)!)])) };
  return catalogue;
}

/** Every AWS-managed list of every Region. */
export function allAwsPrefixLists(): readonly AwsPrefixList[] {
  return built().all;
}

/** The AWS-managed lists of a Region (S3 first, then DynamoDB). */
export function awsPrefixListsIn(region: string): readonly AwsPrefixList[] {
  return built().all.filter((pl) => pl.region === region);
}

/** The list of a service in a Region, if the service has one. */
export function awsPrefixListFor(region: string, service: string): AwsPrefixList | undefined {
  return built().all.find((pl) => pl.region === region && pl.service === service);
}

/** An AWS-managed list by ID, in any Region (callers check the Region). */
export function awsPrefixListById(id: string): AwsPrefixList | undefined {
  return built().byId.get(id);
}

/** The parsed CIDRs of an AWS-managed list. */
export function awsPrefixListCidrs(id: string): readonly Cidr[] {
  return built().parsed.get(id) ?? [];
}

/** Which AWS-managed list holds an IPv4 address (the data plane's reverse lookup), if any. */
export function awsPrefixListContaining(ip: string): AwsPrefixList | undefined {
  const a = parseIp(ip);
  if (!a) return undefined;
  for (const pl of built().all) if (awsPrefixListCidrs(pl.id).some((c) => cidrHas(c, a.family, a.value))) return pl;
  return undefined;
}
