/**
 * @module What every bucket-configuration handler does first: find the bucket (NoSuchBucket, region rule), honour
 * `x-amz-expected-bucket-owner`, authorize the action; and the JSON the configuration is stored as, by kind.
 */
import { s3Errors } from '../../errors/s3.js';
import { authorize, bucketArn, requireBucket } from './access.js';
import type { S3Context } from './context.js';
import { integrityInput, verifyBody } from './object-facts.js';
import type { StoredBucket } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/** The kinds of bucket configuration these handlers store (`getBucketConfig(bucket, kind)`), each a JSON document. */
export type ConfigKind =
  | 'cors' | 'public-access-block' | 'encryption' | 'lifecycle' | 'website' | 'logging' | 'replication'
  | 'request-payment' | 'accelerate' | 'notification' | 'object-lock';

/**
 * The bucket a configuration call names, once the caller may perform `action` on it. AWS: a request whose
 * `x-amz-expected-bucket-owner` is not the owner's account is refused with 403 AccessDenied.
 */
export function configBucket(ctx: S3Context, input: Input, action: string): StoredBucket {
  const b = requireBucket(ctx, typeof input['Bucket'] === 'string' ? input['Bucket'] : '');
  authorize(ctx, action, bucketArn(b.name), b);
  const expected = input['ExpectedBucketOwner'];
  if (typeof expected === 'string' && expected !== b.owner) throw s3Errors.accessDenied();
  return b;
}

/** A Put's configuration document: the body's Content-MD5 and flexible checksums verified, the payload present. */
export function configPayload<T>(ctx: S3Context, input: Input, member: string): T {
  verifyBody(integrityInput(ctx.headers), ctx.body);
  const doc = input[member];
  // AWS: a Put without its configuration document does not validate against the schema.
  if (doc === undefined || doc === null || typeof doc !== 'object') throw s3Errors.malformedXml();
  return doc as T;
}

export function readConfig<T>(ctx: S3Context, bucket: string, kind: ConfigKind): T | undefined {
  const text = ctx.store.getBucketConfig(bucket, kind);
  return text === undefined ? undefined : JSON.parse(text) as T;
}

/** Store a configuration (null removes it). */
export function writeConfig(ctx: S3Context, bucket: string, kind: ConfigKind, value: unknown): void {
  ctx.store.setBucketConfig(bucket, kind, value === null ? null : JSON.stringify(value));
}

/** Whether the bucket's versioning is Enabled (the store keeps the state with the bucket; see versioning.ts). */
export function versioningEnabled(ctx: S3Context, bucket: string): boolean {
  return ctx.store.getBucket(bucket)?.versioning === 'Enabled';
}
