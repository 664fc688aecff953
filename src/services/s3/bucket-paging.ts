/**
 * @module ListBuckets paging: max-buckets (1..10,000; AWS: another value is 400 InvalidArgument) and an opaque
 * continuation token naming the last bucket shown (AWS: a token it did not issue is 400 InvalidArgument). Buckets
 * are listed by name, so the page after a token is the buckets whose names sort after it.
 */
import { s3Errors } from '../../errors/s3.js';

type Input = Readonly<Record<string, unknown>>;

/** AWS: without max-buckets, up to 10,000 buckets are listed. */
const MAX_BUCKETS = 10_000;
const TOKEN_PREFIX = 'vpce-b1:';

export function bucketToken(lastName: string): string {
  return Buffer.from(TOKEN_PREFIX + lastName, 'utf8').toString('base64url');
}

function tokenName(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || !text.startsWith(TOKEN_PREFIX) || bucketToken(text.slice(TOKEN_PREFIX.length)) !== token) {
    throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return text.slice(TOKEN_PREFIX.length);
}

/** The page a ListBuckets request asks for: at most `max` buckets after `after` (by name). */
export function bucketPage(input: Input): { max: number; after?: string } {
  const v = input['MaxBuckets'];
  let max = MAX_BUCKETS;
  if (v !== undefined) {
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_BUCKETS) {
      throw s3Errors.invalidArgument('Argument max-buckets must be an integer between 1 and 10000', 'max-buckets', String(v));
    }
    max = n;
  }
  const token = input['ContinuationToken'];
  return typeof token === 'string' ? { max, after: tokenName(token) } : { max };
}
