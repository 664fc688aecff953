/** @module Prices the cost estimates use, as data with their date and source. */

/** One price with where it comes from. */
export interface Price {
  readonly usdPerGb: number;
  readonly region: string;
  /** When the figure was read from the source. */
  readonly asOf: string;
  readonly source: string;
}

/**
 * NAT gateway data processing per GB. AWS (Amazon VPC pricing, "NAT Gateway pricing"): $0.045 per GB processed
 * in US East (N. Virginia). Other Regions differ; until their figures are added here, estimates use this one and
 * say so. Gateway endpoints (S3, DynamoDB) have no hourly or data processing charge.
 */
export const NAT_PROCESSING: readonly Price[] = [
  { usdPerGb: 0.045, region: 'us-east-1', asOf: '2026-12-05', source: 'https://aws.amazon.com/vpc/pricing/' },
];

/** The NAT processing price for a Region (falling back to us-east-1's, with its region named). */
export function natProcessingPrice(region: string): Price {
  return NAT_PROCESSING.find((p) => p.region === region) ?? NAT_PROCESSING[0]!;
}
