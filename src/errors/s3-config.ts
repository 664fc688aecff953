/**
 * @module S3 errors of the bucket configurations (CORS, public access block, encryption, lifecycle, website,
 * logging, replication, object lock) and of CORS preflight, with S3's codes, statuses and messages (Amazon S3 API
 * Reference, "Error responses" and each operation's page). Kept apart from `s3.ts` so each family owns its list.
 */
import { S3Error } from './s3.js';

/** The codes only these operations emit (each appears in a test). */
export const S3_CONFIG_ERROR_CODES = [
  'AccessForbidden', 'BadRequest', 'CrossLocationLoggingProhibited', 'InvalidBucketState', 'InvalidTargetBucketForLogging',
  'NoSuchCORSConfiguration', 'NoSuchLifecycleConfiguration', 'NoSuchPublicAccessBlockConfiguration', 'NoSuchWebsiteConfiguration',
  'ObjectLockConfigurationNotFoundError', 'ReplicationConfigurationNotFoundError',
] as const;
export type S3ConfigErrorCode = (typeof S3_CONFIG_ERROR_CODES)[number];

const e = (code: S3ConfigErrorCode, message: string, status: number, extra: Record<string, string> = {}) =>
  new S3Error(code, message, status, extra);

/** AWS's text when no CORS rule matches a preflight or the bucket has none (its spelling kept: "evalution"). */
const CORS_NOT_ALLOWED = 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.';

export const s3ConfigErrors = {
  noSuchCors: (bucket: string) => e('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: bucket }),
  noSuchPublicAccessBlock: (bucket: string) =>
    e('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket }),
  noSuchLifecycle: (bucket: string) => e('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: bucket }),
  noSuchWebsite: (bucket: string) =>
    e('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', 404, { BucketName: bucket }),
  noReplication: (bucket: string) =>
    e('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404, { BucketName: bucket }),
  noObjectLock: (bucket: string) =>
    e('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404, { BucketName: bucket }),
  invalidBucketState: (message: string) => e('InvalidBucketState', message, 409),
  invalidTargetBucket: (message: string, target: string) => e('InvalidTargetBucketForLogging', message, 400, { TargetBucket: target }),
  crossLocationLogging: (bucketRegion: string, targetRegion: string) =>
    e('CrossLocationLoggingProhibited', 'Cross-location logging not allowed. Buckets in one geographic location cannot log information to a bucket in another location.', 403,
      { SourceBucketLocation: bucketRegion, TargetBucketLocation: targetRegion }),
  /** A preflight without Origin or Access-Control-Request-Method. */
  preflightBadRequest: (message: string) => e('BadRequest', message, 400),
  /** A preflight S3 refuses (no CORS configuration, no matching rule, no such bucket). */
  corsForbidden: (message: string, method: string, resourceType: 'BUCKET' | 'OBJECT') =>
    e('AccessForbidden', message, 403, { Method: method, ResourceType: resourceType }),
  CORS_NOT_ALLOWED,
} as const;
