/** @module Bucket operations: CreateBucket, ListBuckets, HeadBucket, DeleteBucket, GetBucketLocation. */
import { s3Errors } from '../../errors/s3.js';
import { regionInfo } from '../../model/regions.js';
import { authorize, bucketArn, ownerOf, requireBucket } from './access.js';
import { isValidBucketName } from './bucket-names.js';
import type { S3Context, S3Output } from './context.js';
import { aclFromHeaders, BUCKET_CANNED, onlyOwnerFullControl } from './acl-model.js';
import { aclKeys, commonKeys } from './condition-keys.js';
import { checkOwnershipValue, setOwnership } from './ownership.js';
import { authorizeObjectLockAtCreation, enableObjectLockAtCreation } from './object-lock.js';

type Input = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function CreateBucket(ctx: S3Context, input: Input): S3Output {
  const name = str(input['Bucket']) ?? '';
  if (!isValidBucketName(name)) throw s3Errors.invalidBucketName(name);
  const config = input['CreateBucketConfiguration'] as { LocationConstraint?: string } | undefined;
  const endpoint = ctx.call.caller.region;
  let constraint = config?.LocationConstraint;
  if (constraint === '') constraint = undefined;
  // AWS: `EU` is the legacy name of eu-west-1; `us-east-1` is never a valid constraint (it is the default).
  const region = constraint === 'EU' ? 'eu-west-1' : constraint ?? 'us-east-1';
  if (constraint !== undefined && (constraint === 'us-east-1' || !regionInfo(region))) throw s3Errors.invalidLocationConstraint(constraint);
  // AWS: a regional endpoint only creates buckets in its own region, and needs the constraint to say so;
  // the us-east-1 (global) endpoint creates in the constraint's region.
  if (endpoint !== 'us-east-1' && region !== endpoint) throw s3Errors.illegalLocationConstraint(constraint);
  const account = ctx.call.caller.account;
  // AWS: CreateBucket's condition keys are its ACL headers, s3:x-amz-object-ownership and s3:LocationConstraint.
  const ownershipHeader = str(input['ObjectOwnership']);
  const keys = {
    ...commonKeys(ctx, account), ...aclKeys(input), ...(ownershipHeader !== undefined ? { 's3:x-amz-object-ownership': ownershipHeader } : {}),
    ...(constraint !== undefined ? { 's3:LocationConstraint': constraint } : {}),
  };
  if (!ctx.call.authorize({ action: 's3:CreateBucket', resource: bucketArn(name), resourceAccount: account, context: keys }).allowed) throw s3Errors.accessDenied();
  // AWS: new buckets get Object Ownership BucketOwnerEnforced (ACLs disabled) unless x-amz-object-ownership says
  // otherwise; a bucket ACL beyond the owner's full control then fails with InvalidBucketAclWithObjectOwnership.
  const ownership = ownershipHeader === undefined ? 'BucketOwnerEnforced' : checkOwnershipValue(ownershipHeader);
  const acl = aclFromHeaders(input, BUCKET_CANNED, account, account, [account]);
  if (ownership === 'BucketOwnerEnforced' && acl !== undefined && !onlyOwnerFullControl(acl, account)) throw s3Errors.invalidBucketAclWithOwnership();
  if (input['ObjectLockEnabledForBucket'] === true) authorizeObjectLockAtCreation(ctx, name);
  const existing = ctx.store.getBucket(name);
  if (existing) {
    if (existing.owner !== account) throw s3Errors.bucketAlreadyExists(name);
    // AWS: re-creating a bucket you own answers 200 in us-east-1 (legacy compatibility), else BucketAlreadyOwnedByYou.
    if (existing.region === 'us-east-1' && region === 'us-east-1') {
      // AWS (CreateBucket): the us-east-1 re-create answers 200 and resets the bucket ACL.
      ctx.store.setBucketConfig(name, 'acl', acl === undefined ? null : JSON.stringify(acl));
      return { Location: `/${name}` };
    }
    throw s3Errors.bucketAlreadyOwnedByYou(name);
  }
  // The bucket's settings are written before the bucket itself, so a crash in between leaves no bucket with weaker
  // settings than asked (leftover configuration of a bucket that was never made is overwritten by the next create).
  setOwnership(ctx.store, name, ownership);
  ctx.store.setBucketConfig(name, 'acl', acl === undefined ? null : JSON.stringify(acl));
  if (!ctx.store.insertBucket({ name, owner: account, region, created: ctx.now(), policy: null })) throw s3Errors.bucketAlreadyExists(name);
  if (input['ObjectLockEnabledForBucket'] === true) enableObjectLockAtCreation(ctx, name);
  return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
}

export function ListBuckets(ctx: S3Context, input: Input): S3Output {
  const account = ctx.call.caller.account;
  if (!ctx.call.authorize({ action: 's3:ListAllMyBuckets', resource: '*', resourceAccount: account, context: commonKeys(ctx, account) }).allowed) throw s3Errors.accessDenied();
  const prefix = str(input['Prefix']);
  const region = str(input['BucketRegion']);
  const buckets = ctx.store.bucketsOf(account)
    .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (region === undefined || b.region === region))
    .map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region }));
  const out: S3Output = { Buckets: buckets, Owner: ownerOf(account) };
  if (prefix !== undefined) out['Prefix'] = prefix;
  return out;
}

export function HeadBucket(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']) ?? '');
  authorize(ctx, 's3:ListBucket', bucketArn(b.name), b);
  return { BucketRegion: b.region, AccessPointAlias: false };
}

export function DeleteBucket(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']) ?? '');
  authorize(ctx, 's3:DeleteBucket', bucketArn(b.name), b);
  if (ctx.store.hasObjects(b.name)) throw s3Errors.bucketNotEmpty(b.name);
  ctx.store.deleteBucket(b.name);
  return { $status: 204 };
}

export function GetBucketLocation(ctx: S3Context, input: Input): S3Output {
  // AWS: GetBucketLocation answers from any regional endpoint (clients use it to find the bucket's region).
  const b = requireBucket(ctx, str(input['Bucket']) ?? '', { anyRegion: true });
  authorize(ctx, 's3:GetBucketLocation', bucketArn(b.name), b);
  // AWS: buckets in us-east-1 have a null LocationConstraint.
  return b.region === 'us-east-1' ? {} : { LocationConstraint: b.region };
}
