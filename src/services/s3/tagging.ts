/**
 * @module Bucket and object tagging: Get/Put/DeleteBucketTagging, Get/Put/DeleteObjectTagging, the tag rules S3
 * applies, and the `x-amz-tagging` header of object writes.
 */
import { s3Errors } from '../../errors/s3.js';
import { authorize, bucketArn, objectArn, requireBucket } from './access.js';
import { existingTagKeys, requestTagKeys, type Tag } from './condition-keys.js';
import { versionIdOf } from './versioning.js';
import type { S3Context, S3Output } from './context.js';
import type { StoredBucket, StoredObject } from './storage.js';
import { verifyConfigBody } from './write-extras.js';

type Input = Readonly<Record<string, unknown>>;

/** AWS (object tagging, bucket tagging): at most 10 tags per object and 50 per bucket. */
const MAX_OBJECT_TAGS = 10;
const MAX_BUCKET_TAGS = 50;

/** AWS tag character set: letters, digits, spaces and `_ . : / = + - @` (Unicode letters and digits included). */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * AWS: a key is 1-128 characters, a value 0-256, both from the tag character set ("The TagKey you have provided
 * is invalid" / "The TagValue you have provided is invalid"); keys are unique ("Cannot provide multiple Tags with
 * the same key"); the `aws:` prefix is reserved ("Your TagKey cannot be prefixed with aws:").
 */
export function validateTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const keyLength = [...t.Key].length;
    if (keyLength < 1 || keyLength > 128 || !TAG_CHARS.test(t.Key)) throw s3Errors.invalidTag('The TagKey you have provided is invalid', { TagKey: t.Key });
    if ([...t.Value].length > 256 || !TAG_CHARS.test(t.Value)) throw s3Errors.invalidTag('The TagValue you have provided is invalid', { TagKey: t.Key, TagValue: t.Value });
    if (t.Key.toLowerCase().startsWith('aws:')) throw s3Errors.invalidTag('Your TagKey cannot be prefixed with aws:', { TagKey: t.Key });
    if (seen.has(t.Key)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key', { TagKey: t.Key });
    seen.add(t.Key);
  }
}

/** AWS: more than 10 object tags is 400 BadRequest "Object tags cannot be greater than 10". */
export function validateObjectTags(tags: readonly Tag[]): void {
  if (tags.length > MAX_OBJECT_TAGS) throw s3Errors.badRequest(`Object tags cannot be greater than ${MAX_OBJECT_TAGS}`);
  validateTags(tags);
}

/** A Tagging body's tags. AWS: a Tag without Key or Value does not validate (MalformedXML). */
function tagsOfBody(body: unknown): Tag[] {
  const set = (body as { TagSet?: readonly { Key?: unknown; Value?: unknown }[] } | undefined)?.TagSet;
  if (set === undefined) throw s3Errors.malformedXml();
  return set.map((t) => {
    if (typeof t.Key !== 'string' || typeof t.Value !== 'string') throw s3Errors.malformedXml();
    return { Key: t.Key, Value: t.Value };
  });
}

/**
 * The `x-amz-tagging` header (URL query form `k1=v1&k2=v2`), validated. AWS: a header that is not URL-encoded
 * query parameters, or repeats a key, is 400 InvalidArgument naming the header.
 */
export function tagsOfHeader(value: string): Tag[] {
  const bad = () => s3Errors.invalidArgument('The header \'x-amz-tagging\' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.', 'x-amz-tagging', value);
  const tags: Tag[] = [];
  if (value === '') return tags;
  const seen = new Set<string>();
  for (const pair of value.split('&')) {
    const eq = pair.indexOf('=');
    let k: string;
    let v: string;
    try {
      k = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      v = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      throw bad();
    }
    if (seen.has(k)) throw bad();
    seen.add(k);
    tags.push({ Key: k, Value: v });
  }
  validateObjectTags(tags);
  return tags;
}

/** The x-amz-tagging-count an object read answers (absent when the object has no tags). */
export function tagCountOf(o: StoredObject): number | undefined {
  const n = o.extra.tags?.length ?? 0;
  return n > 0 ? n : undefined;
}

// --- bucket tagging -------------------------------------------------------------------------------------------

const KIND = 'tagging';

function bucketTags(ctx: S3Context, b: StoredBucket): Tag[] | undefined {
  const text = ctx.store.getBucketConfig(b.name, KIND);
  return text === undefined ? undefined : (JSON.parse(text) as Tag[]);
}

export function GetBucketTagging(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:GetBucketTagging', bucketArn(b.name), b);
  const tags = bucketTags(ctx, b);
  // AWS: a bucket without tags answers 404 NoSuchTagSet, not an empty set.
  if (tags === undefined || tags.length === 0) throw s3Errors.noSuchTagSet(b.name);
  return { TagSet: tags };
}

export function PutBucketTagging(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:PutBucketTagging', bucketArn(b.name), b);
  verifyConfigBody(ctx);
  const tags = tagsOfBody(input['Tagging']);
  if (tags.length > MAX_BUCKET_TAGS) throw s3Errors.invalidTag(`Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`);
  validateTags(tags);
  // AWS: the new set replaces the old one; an empty set leaves the bucket without tags.
  ctx.store.setBucketConfig(b.name, KIND, tags.length === 0 ? null : JSON.stringify(tags));
  return { $status: 204 };
}

export function DeleteBucketTagging(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  // AWS: DeleteBucketTagging is authorized as s3:PutBucketTagging.
  authorize(ctx, 's3:PutBucketTagging', bucketArn(b.name), b);
  ctx.store.setBucketConfig(b.name, KIND, null);
  return { $status: 204 };
}

// --- object tagging -------------------------------------------------------------------------------------------

/**
 * The object version a tagging/ACL request names (undefined: the latest). AWS: a malformed id is InvalidArgument,
 * an unknown one NoSuchVersion; a delete marker named by id is 405 MethodNotAllowed, as latest version NoSuchKey.
 */
export function objectFor(ctx: S3Context, b: StoredBucket, key: string, versionId: string | undefined): StoredObject | undefined {
  const v = ctx.store.getVersion(b.name, key, versionId);
  if (v === undefined) {
    if (versionId !== undefined) throw s3Errors.noSuchVersion(key, versionId);
    return undefined;
  }
  if (v.deleteMarker) {
    if (versionId !== undefined) throw s3Errors.deleteMarkerMethod(ctx.method, v.versionId, v.lastModified);
    return undefined;
  }
  return v;
}

function versionHeader(o: StoredObject): S3Output {
  const v = o.versionId;
  return v === undefined ? {} : { VersionId: v };
}

/** Look the object up, authorize with its existing tags (and s3:versionid), then NoSuchKey if absent. */
export function targetObject(ctx: S3Context, input: Input, action: string, versionAction: string, extra: Record<string, string | readonly string[]> = {}): { b: StoredBucket; key: string; o: StoredObject; versionId: string | undefined } {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  const key = String(input['Key'] ?? '');
  const versionId = versionIdOf(input);
  const current = ctx.store.getVersion(b.name, key, versionId);
  authorize(ctx, versionId === undefined ? action : versionAction, objectArn(b.name, key), b, {
    ...existingTagKeys(current !== undefined && !current.deleteMarker ? current.extra.tags : undefined),
    ...(versionId !== undefined ? { 's3:versionid': versionId } : {}), ...extra,
  });
  const o = objectFor(ctx, b, key, versionId);
  if (o === undefined) throw s3Errors.noSuchKey(key);
  return { b, key, o, versionId };
}

export function GetObjectTagging(ctx: S3Context, input: Input): S3Output {
  const { o } = targetObject(ctx, input, 's3:GetObjectTagging', 's3:GetObjectVersionTagging');
  return { ...versionHeader(o), TagSet: o.extra.tags ?? [] };
}

export function PutObjectTagging(ctx: S3Context, input: Input): S3Output {
  const tags = tagsOfBody(input['Tagging']);
  const { b, key, o, versionId } = targetObject(ctx, input, 's3:PutObjectTagging', 's3:PutObjectVersionTagging', requestTagKeys(tags));
  verifyConfigBody(ctx);
  validateObjectTags(tags);
  const { tags: _old, ...rest } = o.extra;
  const updated = ctx.store.updateObjectExtra(b.name, key, versionId, tags.length > 0 ? { ...rest, tags } : rest);
  if (updated === undefined) throw s3Errors.noSuchKey(key);
  return versionHeader(o);
}

export function DeleteObjectTagging(ctx: S3Context, input: Input): S3Output {
  const { b, key, o, versionId } = targetObject(ctx, input, 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging');
  const { tags: _old, ...rest } = o.extra;
  if (ctx.store.updateObjectExtra(b.name, key, versionId, rest) === undefined) throw s3Errors.noSuchKey(key);
  return { ...versionHeader(o), $status: 204 };
}
