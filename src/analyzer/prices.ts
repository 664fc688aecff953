/**
 * @module The prices `vpce cost` uses, as data: per Region, in USD, with the date they were compiled and the AWS
 * pages they come from. A user with other prices (a discount, a Region not listed) passes `--prices FILE` with
 * the same shape.
 */

/** What one Region charges for the parts of a design `vpce cost` prices. */
export interface RegionPrices {
  /** A NAT gateway, per hour provisioned. */
  readonly natGatewayHour: number;
  /** Data processed by a NAT gateway, per GB, whichever direction. */
  readonly natGatewayGb: number;
  /** An interface (or Gateway Load Balancer) endpoint, per Availability Zone it has a network interface in, per hour. */
  readonly interfaceEndpointAzHour: number;
  /** Data processed by interface endpoints, per GB (the first-petabyte tier of the month). */
  readonly interfaceEndpointGb: number;
  /** Data sent between Availability Zones of a Region, per GB, charged on each side (out of one, into the other). */
  readonly crossAzGbEachWay: number;
}

export interface PriceList {
  /** When these figures were compiled (ISO date). */
  readonly date: string;
  readonly currency: 'USD';
  readonly sources: readonly string[];
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

/** Hours in a month as AWS's pricing examples count them (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

const US: RegionPrices = { natGatewayHour: 0.045, natGatewayGb: 0.045, interfaceEndpointAzHour: 0.01, interfaceEndpointGb: 0.01, crossAzGbEachWay: 0.01 };

/**
 * On-demand list prices. Gateway endpoints (S3, DynamoDB) have no charge at all, hourly or per GB, so they have no
 * line here. Figures change: check the pages in `sources` before relying on them, or pass your own list.
 */
export const DEFAULT_PRICES: PriceList = {
  date: '2026-12-05',
  currency: 'USD',
  sources: [
    'https://aws.amazon.com/vpc/pricing/ (NAT gateway hourly and data processing charges)',
    'https://aws.amazon.com/privatelink/pricing/ (interface endpoint hourly per AZ and data processing charges; gateway endpoints are free)',
    'https://aws.amazon.com/ec2/pricing/on-demand/ (data transfer between Availability Zones in the same Region)',
  ],
  regions: {
    'us-east-1': US,
    'us-east-2': US,
    'us-west-2': US,
    'us-west-1': { ...US, natGatewayHour: 0.048, natGatewayGb: 0.048 },
    'eu-west-1': { ...US, natGatewayHour: 0.048, natGatewayGb: 0.048, interfaceEndpointAzHour: 0.011 },
    'eu-central-1': { ...US, natGatewayHour: 0.052, natGatewayGb: 0.052, interfaceEndpointAzHour: 0.012 },
    'ap-southeast-1': { ...US, natGatewayHour: 0.059, natGatewayGb: 0.059, interfaceEndpointAzHour: 0.013 },
    'ap-northeast-1': { ...US, natGatewayHour: 0.062, natGatewayGb: 0.062, interfaceEndpointAzHour: 0.014 },
  },
};

const FIELDS: readonly (keyof RegionPrices)[] = ['natGatewayHour', 'natGatewayGb', 'interfaceEndpointAzHour', 'interfaceEndpointGb', 'crossAzGbEachWay'];

/** Check a price list read from a user's file; the message says which field is wrong. */
export function parsePriceList(value: unknown): PriceList | { readonly error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'a price list is a JSON object {date, currency, sources, regions}' };
  const o = value as Record<string, unknown>;
  if (typeof o['date'] !== 'string') return { error: 'date must be a string (when the prices were read)' };
  if (o['currency'] !== 'USD') return { error: 'currency must be "USD"' };
  const sources = o['sources'];
  if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) return { error: 'sources must be an array of strings (where the prices come from)' };
  const regions = o['regions'];
  if (typeof regions !== 'object' || regions === null || Array.isArray(regions)) return { error: 'regions must be an object of Region name to prices' };
  const out: Record<string, RegionPrices> = {};
  for (const [name, r] of Object.entries(regions as Record<string, unknown>)) {
    if (typeof r !== 'object' || r === null) return { error: `regions.${name} must be an object` };
    const p = r as Record<string, unknown>;
    for (const f of FIELDS) {
      const v = p[f];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return { error: `regions.${name}.${f} must be a number of dollars, 0 or more` };
    }
    out[name] = p as unknown as RegionPrices;
  }
  return { date: o['date'], currency: 'USD', sources: sources as string[], regions: out };
}
