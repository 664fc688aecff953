/**
 * @module What an object write (PutObject, CopyObject, CreateMultipartUpload) says about ACL and tags: the
 * condition keys it supplies before authorization, then the ACL and tags stored with the new object.
 */
import type { StoredAcl } from './acl-model.js';
import { creationKeys, objectWriteKeys, type ConditionKeys, type Tag } from './condition-keys.js';
import type { S3Context } from './context.js';
import { integrityInput, verifyBody } from './object-facts.js';
import { objectWriteAcl } from './ownership.js';
import type { StoredBucket, StoredObjectExtra } from './storage.js';
import { tagsOfHeader } from './tagging.js';

type Input = Readonly<Record<string, unknown>>;

export interface WriteRequest {
  /** The tags the x-amz-tagging header gives (undefined: no header). */
  readonly tags: readonly Tag[] | undefined;
  /** The condition keys for s3:PutObject. */
  readonly keys: ConditionKeys;
}

/**
 * Read the write's tags (validated: InvalidTag, BadRequest, InvalidArgument) and its condition keys; `creates`:
 * whether the request itself makes the object (PutObject, CopyObject) or starts a multipart upload.
 */
export function writeRequest(ctx: S3Context, input: Input, creates: boolean): WriteRequest {
  const header = input['Tagging'];
  const tags = typeof header === 'string' ? tagsOfHeader(header) : undefined;
  return { tags, keys: { ...objectWriteKeys(ctx, input, tags), ...creationKeys(ctx, creates) } };
}

/** The ACL and tags to store with the new object, after authorization (the ACL is checked against Object Ownership). */
export function writeExtras(ctx: S3Context, b: StoredBucket, input: Input, tags: readonly Tag[] | undefined): { acl?: StoredAcl; tags?: readonly Tag[] } {
  const { acl } = objectWriteAcl(ctx, b, input);
  return { ...(acl !== undefined ? { acl } : {}), ...(tags !== undefined && tags.length > 0 ? { tags } : {}) };
}

/**
 * AWS: a configuration body (tagging, ACL, ownership controls) is checked against its Content-MD5 and any flexible
 * checksum sent (InvalidDigest, BadDigest), as object bodies are.
 */
export function verifyConfigBody(ctx: S3Context): void {
  verifyBody(integrityInput(ctx.headers), ctx.body);
}

/** Drop a copied object's ACL and tags (a copy gets its own ACL, and its tags by the tagging directive). */
export function withoutAclAndTags(extra: StoredObjectExtra): StoredObjectExtra {
  const { acl: _acl, tags: _tags, ...rest } = extra;
  return rest;
}
