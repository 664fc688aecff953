/**
 * @module The validity window of a SigV4 presigned URL (query-string authentication): X-Amz-Date plus X-Amz-Expires
 * seconds. AWS (S3 API reference, "Authenticating Requests: Using Query Parameters"): X-Amz-Expires is 1..604800
 * (seven days); a malformed or missing parameter is 400 AuthorizationQueryParametersError; a URL used after its
 * expiry is 403 AccessDenied "Request has expired" naming X-Amz-Expires, Expires and ServerTime; a URL dated more than
 * 15 minutes ahead of the server is 403 AccessDenied "Request is not yet valid". Signatures themselves are not checked.
 */
import { S3Error, s3Errors } from '../errors/s3.js';

/** AWS: seven days, in seconds. */
const MAX_EXPIRES = 604_800;
/** AWS: the clock skew S3 tolerates, in milliseconds. */
const SKEW = 15 * 60 * 1000;
const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'] as const;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `yyyyMMddTHHmmssZ` as epoch milliseconds, or undefined. */
function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) || iso(ms) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` ? undefined : ms;
}

/** Throw AWS's error when a presigned request (one with X-Amz-Credential in its query) is malformed or not valid at `now`. */
export function checkPresigned(query: ReadonlyMap<string, string>, now: number): void {
  if (!query.has('X-Amz-Credential')) return;
  for (const name of REQUIRED) {
    if (!query.has(name)) {
      throw s3Errors.authorizationQueryParametersError('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
    }
  }
  const rawExpires = query.get('X-Amz-Expires')!;
  if (!/^-?\d+$/.test(rawExpires)) throw s3Errors.authorizationQueryParametersError('X-Amz-Expires should be a number');
  const expires = Number(rawExpires);
  if (expires < 0) throw s3Errors.authorizationQueryParametersError('X-Amz-Expires must be non-negative');
  if (expires > MAX_EXPIRES) throw s3Errors.authorizationQueryParametersError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES}`);
  const signedAt = parseAmzDate(query.get('X-Amz-Date')!);
  if (signedAt === undefined) throw s3Errors.authorizationQueryParametersError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  if (signedAt - now > SKEW) throw new S3Error('AccessDenied', 'Request is not yet valid', 403);
  const expiresAt = signedAt + expires * 1000;
  if (now > expiresAt) throw s3Errors.requestExpired(rawExpires, iso(expiresAt), iso(now));
}
