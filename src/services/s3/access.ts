/**
 * @module Bucket lookup in the order S3 checks: the bucket exists (NoSuchBucket), the request went to its region
 * (AuthorizationHeaderMalformed / PermanentRedirect), then the caller may act (AccessDenied), with S3's action
 * and resource names.
 */
import { createHash } from 'node:crypto';
import { s3Errors } from '../../errors/s3.js';
import type { AccessQuery } from '../call.js';
import { policyWithAcls } from './acl-grants.js';
import { commonKeys } from './condition-keys.js';
import type { S3Context } from './context.js';
import { isPublicPolicy } from './policy-public.js';
import { publicAccessBlockIn } from './public-access-settings.js';
import type { StoredBucket } from './storage.js';

/** Options of a bucket lookup. */
export interface BucketCheck {
  /** Skip the region check (GetBucketLocation answers from any region). */
  readonly anyRegion?: boolean;
}

/** The bucket, or NoSuchBucket; then the region rule. */
export function requireBucket(ctx: S3Context, name: string, check: BucketCheck = {}): StoredBucket {
  const b = ctx.store.getBucket(name);
  if (!b) throw s3Errors.noSuchBucket(name);
  if (!check.anyRegion && ctx.signed && ctx.call.caller.region !== b.region) {
    // AWS: a SigV4 request signed for another region than the bucket's is refused with the region it expects
    // (400 AuthorizationHeaderMalformed, x-amz-bucket-region); the client re-signs for that region.
    throw s3Errors.wrongRegion(ctx.call.caller.region, b.region);
  }
  if (!check.anyRegion && ctx.hostRegion !== undefined && ctx.hostRegion !== b.region) {
    // AWS: a request sent to another region's endpoint is redirected permanently (301 PermanentRedirect).
    throw s3Errors.permanentRedirect(b.name, b.region);
  }
  // AWS: x-amz-expected-bucket-owner naming another account than the bucket's owner is refused (403 AccessDenied).
  const expected = ctx.headers['x-amz-expected-bucket-owner'];
  if (expected !== undefined && expected !== b.owner) throw s3Errors.accessDenied();
  return b;
}

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;

/** Ask the gate; AccessDenied (403, "Access Denied") when refused. */
export function authorize(ctx: S3Context, action: string, resource: string, bucket: StoredBucket, context?: AccessQuery['context']): void {
  if (!allowed(ctx, action, resource, bucket, context)) throw s3Errors.accessDenied();
}

/** The gate's answer without throwing (DeleteObjects reports per key). */
export function allowed(ctx: S3Context, action: string, resource: string, bucket: StoredBucket, context?: AccessQuery['context']): boolean {
  const q: { -readonly [K in keyof AccessQuery]: AccessQuery[K] } = { action, resource, resourceAccount: bucket.owner };
  // AWS: with ACLs enabled (Object Ownership not BucketOwnerEnforced) ACL grants allow alongside the bucket policy;
  // RestrictPublicBuckets makes a public bucket policy grant nothing to anonymous and other-account callers.
  const restricted = bucket.policy !== null && restrictedPublicPolicy(ctx, bucket, bucket.policy);
  const policy = policyWithAcls(ctx, restricted ? { ...bucket, policy: null } : bucket, action, resource);
  if (policy !== null) q.resourcePolicy = policy;
  // AWS: every S3 action carries the request's signature keys and s3:ResourceAccount besides its own keys.
  q.context = { ...commonKeys(ctx, bucket.owner), ...(context ?? {}) };
  return ctx.call.authorize(q).allowed;
}

/**
 * AWS (RestrictPublicBuckets): while the bucket policy is public, only principals of the owner's account (and AWS
 * services) are granted through it; anonymous and cross-account callers are evaluated as if it allowed nothing.
 */
function restrictedPublicPolicy(ctx: S3Context, bucket: StoredBucket, policy: string): boolean {
  if (ctx.call.caller.principalArn !== '*' && ctx.call.caller.account === bucket.owner) return false;
  return publicAccessBlockIn(ctx.store, bucket.name)?.RestrictPublicBuckets === true && isPublicPolicy(policy);
}

/** Whether the caller is the root user of the bucket owner's account. */
export function isOwnerRoot(ctx: S3Context, bucket: StoredBucket): boolean {
  return ctx.call.caller.account === bucket.owner && ctx.call.caller.principalArn === `arn:aws:iam::${bucket.owner}:root`;
}

/** The canonical user id S3 shows for an account (64 hex digits, stable per account). */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`vpce-canonical-user:${account}`).digest('hex');
}

export function ownerOf(account: string): { ID: string; DisplayName: string } {
  return { ID: canonicalId(account), DisplayName: account };
}
