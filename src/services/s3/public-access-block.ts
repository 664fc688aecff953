/**
 * @module Block Public Access for one bucket: Get/Put/DeletePublicAccessBlock, GetBucketPolicyStatus, and the
 * checks other handlers call: a public bucket policy refused under BlockPublicPolicy, a public canned ACL or
 * grant refused under BlockPublicAcls. The account-level configuration (S3 Control) is not served.
 */
import { S3Error, s3Errors } from '../../errors/s3.js';
import { s3ConfigErrors } from '../../errors/s3-config.js';
import { configBucket, configPayload, writeConfig } from './config-access.js';
import type { S3Context, S3Output } from './context.js';
import { isPublicPolicy } from './policy-public.js';
import { publicAccessBlockIn, type PublicAccessBlock } from './public-access-settings.js';

export type { PublicAccessBlock } from './public-access-settings.js';

type Input = Readonly<Record<string, unknown>>;

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** The bucket's settings (all on for a new bucket), or undefined when its configuration was deleted. */
export function publicAccessBlockOf(ctx: S3Context, bucket: string): PublicAccessBlock | undefined {
  return publicAccessBlockIn(ctx.store, bucket);
}

export function PutPublicAccessBlock(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:PutBucketPublicAccessBlock');
  const doc = configPayload<Record<string, unknown>>(ctx, input, 'PublicAccessBlockConfiguration');
  // AWS: an empty configuration is refused; a setting left out is false.
  if (!SETTINGS.some((s) => typeof doc[s] === 'boolean')) throw s3Errors.invalidRequest('Must specify at least one configuration.');
  const config = Object.fromEntries(SETTINGS.map((s) => [s, doc[s] === true])) as unknown as PublicAccessBlock;
  writeConfig(ctx, b.name, 'public-access-block', config);
  return {};
}

export function GetPublicAccessBlock(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketPublicAccessBlock');
  const config = publicAccessBlockOf(ctx, b.name);
  if (config === undefined) throw s3ConfigErrors.noSuchPublicAccessBlock(b.name);
  return { PublicAccessBlockConfiguration: config };
}

export function DeletePublicAccessBlock(ctx: S3Context, input: Input): S3Output {
  // AWS (Service Authorization Reference): DeletePublicAccessBlock is authorized as s3:PutBucketPublicAccessBlock.
  const b = configBucket(ctx, input, 's3:PutBucketPublicAccessBlock');
  writeConfig(ctx, b.name, 'public-access-block', { deleted: true });
  return { $status: 204 };
}

export function GetBucketPolicyStatus(ctx: S3Context, input: Input): S3Output {
  const b = configBucket(ctx, input, 's3:GetBucketPolicyStatus');
  if (b.policy === null) throw s3Errors.noSuchBucketPolicy(b.name);
  return { PolicyStatus: { IsPublic: isPublicPolicy(b.policy) } };
}

/** AccessDenied naming the setting that refused the call (S3's explicit access-denied message). */
function blockedBy(ctx: S3Context, action: string, resource: string, what: string, setting: string): S3Error {
  return new S3Error('AccessDenied',
    `User: ${ctx.call.caller.principalArn} is not authorized to perform: ${action} on resource: "${resource}" because public ${what} are blocked by the ${setting} block public access setting.`,
    403);
}

/** PutBucketPolicy: a public policy is refused (403 AccessDenied) while BlockPublicPolicy is on. */
export function refusePublicPolicy(ctx: S3Context, bucket: string, policy: string): void {
  if (publicAccessBlockOf(ctx, bucket)?.BlockPublicPolicy !== true) return;
  if (isPublicPolicy(policy)) throw blockedBy(ctx, 's3:PutBucketPolicy', `arn:aws:s3:::${bucket}`, 'policies', 'BlockPublicPolicy');
}

/** AWS: the canned ACLs that grant to AllUsers or AuthenticatedUsers. */
const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];
const GRANT_MEMBERS = ['GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWrite', 'GrantWriteACP'] as const;

/** Whether an ACL request (canned `ACL`, `Grant*` headers, or an AccessControlPolicy body) grants to the public groups. */
export function requestGrantsPublicAcl(input: Input): boolean {
  const canned = input['ACL'];
  if (typeof canned === 'string' && PUBLIC_CANNED_ACLS.has(canned)) return true;
  for (const m of GRANT_MEMBERS) {
    const v = input[m];
    // `x-amz-grant-read: uri="http://acs.amazonaws.com/groups/global/AllUsers", id="..."`.
    if (typeof v === 'string' && PUBLIC_GROUPS.some((g) => v.includes(g))) return true;
  }
  const policy = input['AccessControlPolicy'] as { Grants?: readonly { Grantee?: { URI?: string } }[] } | undefined;
  return (policy?.Grants ?? []).some((g) => g.Grantee?.URI !== undefined && PUBLIC_GROUPS.includes(g.Grantee.URI));
}

/**
 * PutBucketAcl, PutObjectAcl, PutObject, CreateMultipartUpload, CopyObject: a public ACL is refused (403
 * AccessDenied) while BlockPublicAcls is on. `action` and `resource` name the call in the message.
 */
export function refusePublicAcl(ctx: S3Context, bucket: string, input: Input, action: string, resource: string): void {
  if (publicAccessBlockOf(ctx, bucket)?.BlockPublicAcls !== true) return;
  if (requestGrantsPublicAcl(input)) throw blockedBy(ctx, action, resource, 'ACLs', 'BlockPublicAcls');
}

/** Whether public ACLs on the bucket and its objects are to be ignored (IgnorePublicAcls), for the ACL handlers. */
export function ignoresPublicAcls(ctx: S3Context, bucket: string): boolean {
  return publicAccessBlockOf(ctx, bucket)?.IgnorePublicAcls === true;
}
