/**
 * @module S3 Object Ownership: Get/Put/DeleteBucketOwnershipControls, the setting in force for a bucket, and the
 * rule that BucketOwnerEnforced refuses ACLs.
 */
import { s3Errors } from '../../errors/s3.js';
import { aclFromHeaders, defaultAcl, OBJECT_CANNED, onlyOwnerFullControl, parseStoredAcl, type StoredAcl } from './acl-model.js';
import { authorize, bucketArn, requireBucket } from './access.js';
import { knownAccounts } from './condition-keys.js';
import { integrityInput, verifyBody } from './object-facts.js';
import type { S3Context, S3Output } from './context.js';
import type { S3Storage, StoredBucket } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

export const OWNERSHIP_VALUES = ['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'] as const;
export type ObjectOwnership = (typeof OWNERSHIP_VALUES)[number];

/** The bucket configuration kind holding `{"ObjectOwnership": ...}`. */
const KIND = 'ownership';

/** The stored setting, if any. */
export function storedOwnership(store: S3Storage, bucket: string): ObjectOwnership | undefined {
  const text = store.getBucketConfig(bucket, KIND);
  return text === undefined ? undefined : (JSON.parse(text) as { ObjectOwnership: ObjectOwnership }).ObjectOwnership;
}

/**
 * The setting in force. AWS: a bucket without ownership controls (created before they existed, or after
 * DeleteBucketOwnershipControls) behaves as ObjectWriter: ACLs apply and the writer owns its objects.
 */
export function ownershipOf(store: S3Storage, bucket: string): ObjectOwnership {
  return storedOwnership(store, bucket) ?? 'ObjectWriter';
}

export function setOwnership(store: S3Storage, bucket: string, value: ObjectOwnership): void {
  store.setBucketConfig(bucket, KIND, JSON.stringify({ ObjectOwnership: value }));
}

/** AWS: an unknown x-amz-object-ownership / ObjectOwnership value is refused. */
export function checkOwnershipValue(value: string): ObjectOwnership {
  const v = OWNERSHIP_VALUES.find((x) => x === value);
  if (v === undefined) throw s3Errors.invalidArgument('Invalid x-amz-object-ownership header', 'x-amz-object-ownership', value);
  return v;
}

/** The bucket's ACL (stored, else the owner's FULL_CONTROL default). */
export function bucketAclOf(store: S3Storage, b: StoredBucket): StoredAcl | undefined {
  const text = store.getBucketConfig(b.name, 'acl');
  return text === undefined ? undefined : parseStoredAcl(text);
}

export function GetBucketOwnershipControls(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:GetBucketOwnershipControls', bucketArn(b.name), b);
  const v = storedOwnership(ctx.store, b.name);
  if (v === undefined) throw s3Errors.ownershipControlsNotFound(b.name);
  return { OwnershipControls: { Rules: [{ ObjectOwnership: v }] } };
}

export function PutBucketOwnershipControls(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  const body = input['OwnershipControls'] as { Rules?: readonly { ObjectOwnership?: string }[] } | undefined;
  const rules = body?.Rules ?? [];
  const requested = rules[0]?.ObjectOwnership;
  authorize(ctx, 's3:PutBucketOwnershipControls', bucketArn(b.name), b, requested !== undefined ? { 's3:x-amz-object-ownership': requested } : {});
  verifyBody(integrityInput(ctx.headers), ctx.body);
  // AWS: exactly one rule with a known ObjectOwnership, else the document does not validate.
  if (rules.length !== 1 || requested === undefined || !(OWNERSHIP_VALUES as readonly string[]).includes(requested)) throw s3Errors.malformedXml();
  const value = requested as ObjectOwnership;
  // AWS: BucketOwnerEnforced needs a bucket ACL that gives full control to the owner alone
  // (InvalidBucketAclWithObjectOwnership otherwise; move the grants to a bucket policy first).
  const acl = bucketAclOf(ctx.store, b);
  if (value === 'BucketOwnerEnforced' && acl !== undefined && !onlyOwnerFullControl(acl, b.owner)) throw s3Errors.invalidBucketAclWithOwnership();
  setOwnership(ctx.store, b.name, value);
  return {};
}

export function DeleteBucketOwnershipControls(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  // AWS: DeleteBucketOwnershipControls is authorized as s3:PutBucketOwnershipControls.
  authorize(ctx, 's3:PutBucketOwnershipControls', bucketArn(b.name), b);
  ctx.store.setBucketConfig(b.name, KIND, null);
  return { $status: 204 };
}

/**
 * The ACL an object write (PutObject, CopyObject, CreateMultipartUpload) asks for, checked against the bucket's
 * Object Ownership, and the account that will own the object. AWS: under BucketOwnerEnforced the bucket owner owns
 * every object and a write may name no ACL or bucket-owner-full-control (or grants equal to it), else 400
 * AccessControlListNotSupported; under BucketOwnerPreferred the bucket owner takes ownership when the writer sends
 * bucket-owner-full-control; under ObjectWriter the writer owns the object.
 * Answers `acl: undefined` when nothing needs storing (BucketOwnerEnforced: the ACL is computed on read).
 */
export function objectWriteAcl(ctx: S3Context, b: StoredBucket, input: Input): { acl: StoredAcl | undefined } {
  const ownership = ownershipOf(ctx.store, b.name);
  const writer = ctx.call.caller.account;
  const canned = typeof input['ACL'] === 'string' ? input['ACL'] : undefined;
  const owner = ownership === 'BucketOwnerEnforced' || (ownership === 'BucketOwnerPreferred' && canned === 'bucket-owner-full-control') ? b.owner : writer;
  const requested = aclFromHeaders(input, OBJECT_CANNED, owner, b.owner, knownAccounts(ctx, b));
  if (ownership === 'BucketOwnerEnforced') {
    if (requested !== undefined && (canned !== undefined ? canned !== 'bucket-owner-full-control' : !onlyOwnerFullControl(requested, b.owner))) {
      throw s3Errors.aclNotSupported();
    }
    return { acl: undefined };
  }
  return { acl: requested ?? defaultAcl(owner) };
}
