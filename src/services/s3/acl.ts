/** @module ACL operations: GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl (stored and returned; see docs/s3.md on enforcement). */
import { s3Errors } from '../../errors/s3.js';
import {
  aclFromBody, aclFromHeaders, aclOutput, BUCKET_CANNED, defaultAcl, hasAcl, OBJECT_CANNED, onlyOwnerFullControl, type AclInput, type StoredAcl,
} from './acl-model.js';
import { authorize, bucketArn, requireBucket } from './access.js';
import { aclKeys, knownAccounts } from './condition-keys.js';
import type { S3Context, S3Output } from './context.js';
import { bucketAclOf, ownershipOf } from './ownership.js';
import type { StoredBucket } from './storage.js';
import { targetObject } from './tagging.js';
import { verifyConfigBody } from './write-extras.js';

type Input = Readonly<Record<string, unknown>>;

/**
 * The ACL a Put*Acl request sets. AWS: headers and a body together are refused (UnexpectedContent), and a request
 * with neither is missing its security header (MissingSecurityHeader, x-amz-acl).
 */
function requestedAcl(ctx: S3Context, b: StoredBucket, input: Input, canned: readonly string[], owner: string): StoredAcl {
  const acl = input as AclInput;
  const body = acl.AccessControlPolicy;
  const headers = hasAcl({ ...acl, AccessControlPolicy: undefined });
  if (body !== undefined && headers) throw s3Errors.unexpectedContent();
  if (body !== undefined) return aclFromBody(body, owner, knownAccounts(ctx, b));
  const fromHeaders = aclFromHeaders(acl, canned, owner, b.owner, knownAccounts(ctx, b));
  if (fromHeaders === undefined) throw s3Errors.missingSecurityHeader('x-amz-acl');
  return fromHeaders;
}

export function GetBucketAcl(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:GetBucketAcl', bucketArn(b.name), b);
  // AWS: under BucketOwnerEnforced, reading an ACL always shows the bucket owner's FULL_CONTROL.
  const stored = ownershipOf(ctx.store, b.name) === 'BucketOwnerEnforced' ? undefined : bucketAclOf(ctx.store, b);
  return aclOutput(stored ?? defaultAcl(b.owner));
}

export function PutBucketAcl(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:PutBucketAcl', bucketArn(b.name), b, aclKeys(input));
  verifyConfigBody(ctx);
  const acl = requestedAcl(ctx, b, input, BUCKET_CANNED, b.owner);
  // AWS: with ACLs disabled (BucketOwnerEnforced) only an ACL equal to the owner's full control is accepted.
  if (ownershipOf(ctx.store, b.name) === 'BucketOwnerEnforced' && !onlyOwnerFullControl(acl, b.owner)) throw s3Errors.aclNotSupported();
  ctx.store.setBucketConfig(b.name, 'acl', JSON.stringify(acl));
  return {};
}

export function GetObjectAcl(ctx: S3Context, input: Input): S3Output {
  const { b, o } = targetObject(ctx, input, 's3:GetObjectAcl', 's3:GetObjectVersionAcl');
  const stored = ownershipOf(ctx.store, b.name) === 'BucketOwnerEnforced' ? undefined : o.extra.acl;
  return aclOutput(stored ?? defaultAcl(b.owner));
}

export function PutObjectAcl(ctx: S3Context, input: Input): S3Output {
  const { b, key, o, versionId } = targetObject(ctx, input, 's3:PutObjectAcl', 's3:PutObjectVersionAcl', aclKeys(input));
  verifyConfigBody(ctx);
  const enforced = ownershipOf(ctx.store, b.name) === 'BucketOwnerEnforced';
  const owner = enforced ? b.owner : o.extra.acl?.owner ?? b.owner;
  const acl = requestedAcl(ctx, b, input, OBJECT_CANNED, owner);
  if (enforced) {
    // AWS: with ACLs disabled a PutObjectAcl may only restate the bucket owner's full control.
    const canned = typeof input['ACL'] === 'string' ? input['ACL'] : undefined;
    if (canned !== undefined ? canned !== 'bucket-owner-full-control' : !onlyOwnerFullControl(acl, b.owner)) throw s3Errors.aclNotSupported();
    return {};
  }
  if (ctx.store.updateObjectExtra(b.name, key, versionId, { ...o.extra, acl }) === undefined) throw s3Errors.noSuchKey(key);
  return {};
}
