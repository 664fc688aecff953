/** @module Bucket policies: PutBucketPolicy (validated by the IAM engine), GetBucketPolicy, DeleteBucketPolicy. */
import { s3Errors } from '../../errors/s3.js';
import { validatePolicy } from '../../iam/index.js';
import { authorize, bucketArn, isOwnerRoot, requireBucket } from './access.js';
import { commonKeys } from './condition-keys.js';
import type { S3Context, S3Output } from './context.js';
import { refusePublicPolicy } from './public-access-block.js';
import type { StoredBucket } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/**
 * AWS: the root user of the bucket owner's account may always Get/Put/DeleteBucketPolicy, even when the bucket
 * policy denies it; only VPC endpoint policies and Organizations policies can block it. So the owner's root is
 * asked without the bucket policy (the endpoint policy still applies). Other identities need the permission and
 * must belong to the owner's account (else 405 MethodNotAllowed).
 */
function authorizePolicyAction(ctx: S3Context, action: string, b: StoredBucket): void {
  if (isOwnerRoot(ctx, b)) {
    if (!ctx.call.authorize({ action, resource: bucketArn(b.name), resourceAccount: b.owner, context: commonKeys(ctx, b.owner) }).allowed) throw s3Errors.accessDenied();
    return;
  }
  authorize(ctx, action, bucketArn(b.name), b);
  if (ctx.call.caller.account !== b.owner) throw s3Errors.methodNotAllowed(ctx.method, 'BUCKET');
}

export function PutBucketPolicy(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorizePolicyAction(ctx, 's3:PutBucketPolicy', b);
  const text = typeof input['Policy'] === 'string' ? input['Policy'] : '';
  const result = validatePolicy(text, 'resource');
  if (!result.ok) {
    const first = result.errors[0];
    throw s3Errors.malformedPolicy(first?.message ?? 'Policies must be valid JSON and the first byte must be \'{\'');
  }
  refusePublicPolicy(ctx, b.name, text);
  ctx.store.setBucketPolicy(b.name, text);
  return { $status: 204 };
}

export function GetBucketPolicy(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorizePolicyAction(ctx, 's3:GetBucketPolicy', b);
  if (b.policy === null) throw s3Errors.noSuchBucketPolicy(b.name);
  return { Policy: b.policy };
}

export function DeleteBucketPolicy(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorizePolicyAction(ctx, 's3:DeleteBucketPolicy', b);
  ctx.store.setBucketPolicy(b.name, null);
  return { $status: 204 };
}
