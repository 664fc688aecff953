/** @module The price VPCE011 quotes, from the one price list `vpce cost` uses (`analyzer/prices.ts`). */
import { DEFAULT_PRICES } from '../analyzer/prices.js';

/** One price with where it comes from. */
export interface Price {
  readonly usdPerGb: number;
  /** The Region whose price it is (us-east-1's stands in for a Region the list lacks, and says so). */
  readonly region: string;
  /** When the figure was compiled. */
  readonly asOf: string;
  readonly source: string;
}

const NAT_SOURCE = 'https://aws.amazon.com/vpc/pricing/';

/** NAT gateway data processing per GB in a Region. Gateway endpoints (S3, DynamoDB) have no charge at all. */
export function natProcessingPrice(region: string): Price {
  const own = DEFAULT_PRICES.regions[region];
  const r = own ? region : 'us-east-1';
  return { usdPerGb: (own ?? DEFAULT_PRICES.regions['us-east-1']!).natGatewayGb, region: r, asOf: DEFAULT_PRICES.date, source: NAT_SOURCE };
}
