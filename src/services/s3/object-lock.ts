/**
 * @module Object Lock configuration: GetObjectLockConfiguration, PutObjectLockConfiguration
 * (s3:Get/PutBucketObjectLockConfiguration), CreateBucket's `x-amz-bucket-object-lock-enabled`, and the refusal
 * of object-lock headers on writes. The default retention is stored and returned; retention and legal holds are
 * not enforced on objects (documented in docs/s3.md).
 */
import { S3Error, s3Errors } from '../../errors/s3.js';
import { s3ConfigErrors } from '../../errors/s3-config.js';
import { configBucket, configPayload, readConfig, versioningEnabled, writeConfig } from './config-access.js';
import type { S3Context, S3Output } from './context.js';

type Input = Readonly<Record<string, unknown>>;

interface DefaultRetention { readonly Mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly Days?: number; readonly Years?: number }
interface ObjectLockConfig { readonly ObjectLockEnabled: 'Enabled'; readonly Rule?: { readonly DefaultRetention: DefaultRetention } }

/** AWS: a default retention runs at most 100 years (36,500 days). */
const MAX_DAYS = 36_500;
const MAX_YEARS = 100;

const objectLockOf = (ctx: S3Context, bucket: string): ObjectLockConfig | undefined => readConfig<ObjectLockConfig>(ctx, bucket, 'object-lock');

/**
 * CreateBucket with `x-amz-bucket-object-lock-enabled: true`, before the bucket is made. AWS: the caller also needs
 * s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning on the new bucket.
 */
export function authorizeObjectLockAtCreation(ctx: S3Context, bucket: string): void {
  for (const action of ['s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning']) {
    if (!ctx.call.authorize({ action, resource: `arn:aws:s3:::${bucket}`, resourceAccount: ctx.call.caller.account }).allowed) throw s3Errors.accessDenied();
  }
}

/**
 * CreateBucket with `x-amz-bucket-object-lock-enabled: true`, once the bucket is made: it gets Object Lock, and AWS
 * turns versioning on with it (a locked bucket is always versioned).
 */
export function enableObjectLockAtCreation(ctx: S3Context, bucket: string): void {
  writeConfig(ctx, bucket, 'object-lock', { ObjectLockEnabled: 'Enabled' } satisfies ObjectLockConfig);
  ctx.store.setBucketVersioning(bucket, 'Enabled');
}

function validateRetention(raw: Record<string, unknown>): DefaultRetention {
  const mode = raw['Mode'];
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') throw s3Errors.malformedXml();
  const days = raw['Days'];
  const years = raw['Years'];
  // AWS: exactly one of Days and Years.
  if ((days === undefined) === (years === undefined)) throw s3Errors.malformedXml();
  const n = (days ?? years) as number;
  if (!Number.isInteger(n) || n <= 0) throw s3Errors.invalidArgument('Default retention period must be a positive integer value', 'DefaultRetention', String(n));
  if (n > (days !== undefined ? MAX_DAYS : MAX_YEARS)) throw s3Errors.invalidArgument('Default retention period is too large.', 'DefaultRetention', String(n));
  return days !== undefined ? { Mode: mode, Days: n } : { Mode: mode, Years: n };
}

export function PutObjectLockConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketObjectLockConfiguration');
  const doc = configPayload<Record<string, unknown>>(ctx, input, 'ObjectLockConfiguration');
  if (doc['ObjectLockEnabled'] !== 'Enabled') throw s3Errors.malformedXml();
  const rule = doc['Rule'] as { DefaultRetention?: Record<string, unknown> } | undefined;
  if (rule !== undefined && rule.DefaultRetention === undefined) throw s3Errors.malformedXml();
  const config: ObjectLockConfig = rule?.DefaultRetention !== undefined
    ? { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: validateRetention(rule.DefaultRetention) } }
    : { ObjectLockEnabled: 'Enabled' };
  // AWS: Object Lock can be turned on for an existing bucket only when its versioning is Enabled.
  if (objectLockOf(ctx, b.name) === undefined && !versioningEnabled(ctx, b.name)) {
    throw s3ConfigErrors.invalidBucketState("Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
  }
  writeConfig(ctx, b.name, 'object-lock', config);
  return {};
}

export function GetObjectLockConfiguration(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketObjectLockConfiguration');
  const config = objectLockOf(ctx, b.name);
  if (config === undefined) throw s3ConfigErrors.noObjectLock(b.name);
  return { ObjectLockConfiguration: config };
}

const LOCK_MEMBERS = [
  ['ObjectLockMode', 'x-amz-object-lock-mode'], ['ObjectLockRetainUntilDate', 'x-amz-object-lock-retain-until-date'],
  ['ObjectLockLegalHoldStatus', 'x-amz-object-lock-legal-hold'],
] as const;

/**
 * An object write carrying `x-amz-object-lock-*` headers. AWS: on a bucket without Object Lock it is refused
 * (400 InvalidRequest "Bucket is missing Object Lock Configuration"); on a locked bucket per-object retention
 * would have to be enforced, which is not served, so it is refused as NotImplemented rather than dropped.
 */
export function refuseObjectLockHeaders(ctx: S3Context, bucket: string, input: Input): void {
  const sent = LOCK_MEMBERS.find(([member]) => input[member] !== undefined);
  if (sent === undefined) return;
  if (objectLockOf(ctx, bucket) === undefined) throw s3Errors.invalidRequest('Bucket is missing Object Lock Configuration');
  throw new S3Error('NotImplemented', 'Per-object retention and legal holds are not served by vpce', 501, { Header: sent[1] });
}
