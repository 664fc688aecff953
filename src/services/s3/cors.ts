/**
 * @module Bucket CORS: GetBucketCors, PutBucketCors, DeleteBucketCors (action s3:PutBucketCORS / s3:GetBucketCORS),
 * and the CORS side of the S3 endpoint: preflight `OPTIONS` answers and the headers of actual cross-origin requests.
 */
import { s3ConfigErrors } from '../../errors/s3-config.js';
import { configBucket, configPayload, readConfig, writeConfig } from './config-access.js';
import type { S3Context, S3Output } from './context.js';
import { actualRequestHeaders, preflightFacts, preflightHeaders, validateCorsRules, type CorsRule } from './cors-rules.js';
import type { S3Storage } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

export function PutBucketCors(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketCORS');
  const rules = validateCorsRules(configPayload(ctx, input, 'CORSConfiguration'));
  writeConfig(ctx, b.name, 'cors', rules);
  return {};
}

export function GetBucketCors(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketCORS');
  const rules = readConfig<CorsRule[]>(ctx, b.name, 'cors');
  if (rules === undefined) throw s3ConfigErrors.noSuchCors(b.name);
  return { CORSRules: rules };
}

export function DeleteBucketCors(ctx: S3Context, input: Input): S3Output {
  // AWS (Service Authorization Reference): DeleteBucketCors is authorized as s3:PutBucketCORS.
  const b = configBucket(ctx, input, 's3:PutBucketCORS');
  writeConfig(ctx, b.name, 'cors', null);
  return { $status: 204 };
}

function rulesOf(store: S3Storage, bucket: string): CorsRule[] | undefined {
  const text = store.getBucketConfig(bucket, 'cors');
  return text === undefined ? undefined : JSON.parse(text) as CorsRule[];
}

/**
 * A preflight request (`OPTIONS /bucket[/key]`). AWS: browsers send it unsigned, so it is answered before any
 * authentication or authorization, from the bucket's CORS rules alone.
 */
export function answerPreflight(store: S3Storage, bucket: string | undefined, key: string | undefined, headers: Readonly<Record<string, string>>): Record<string, string> {
  const resourceType = key === undefined ? 'BUCKET' : 'OBJECT';
  const req = {
    ...(headers['origin'] !== undefined ? { origin: headers['origin'] } : {}),
    ...(headers['access-control-request-method'] !== undefined ? { method: headers['access-control-request-method'] } : {}),
    ...(headers['access-control-request-headers'] !== undefined ? { requestHeaders: headers['access-control-request-headers'] } : {}),
  };
  if (bucket === undefined || store.getBucket(bucket) === undefined) {
    // Origin and method are checked first; then a bucket that does not exist is refused (403, no existence leak).
    const { method } = preflightFacts(req);
    throw s3ConfigErrors.corsForbidden('CORSResponse: Bucket not found', method, resourceType);
  }
  return preflightHeaders(rulesOf(store, bucket), req, resourceType);
}

/** The CORS headers for an actual request to `bucket` carrying `Origin` (none without a configuration). */
export function corsHeadersFor(store: S3Storage, bucket: string | undefined, method: string, origin: string | undefined): Record<string, string> {
  if (bucket === undefined || origin === undefined || store.getBucket(bucket) === undefined) return {};
  return actualRequestHeaders(rulesOf(store, bucket), origin, method);
}
