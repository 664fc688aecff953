/**
 * @module Conditional deletes and the directory-bucket-only request headers of general purpose buckets.
 *
 * AWS (User Guide, "How to perform conditional deletes"): DeleteObject's If-Match (an ETag, or `*` for "exists")
 * deletes only the current object it matches: a different ETag is 412 PreconditionFailed, no object at the key 404
 * NoSuchKey, and the caller needs s3:GetObject besides s3:DeleteObject. DeleteObjects takes the same condition per
 * key as the ETag element and reports a failed one among its errors. x-amz-if-match-last-modified-time and
 * x-amz-if-match-size (and ObjectIdentifier's LastModifiedTime / Size), and PutObject's x-amz-write-offset-bytes,
 * work in directory buckets only; a general purpose bucket answers 501 NotImplemented naming the header.
 */
import { s3Errors } from '../../errors/s3.js';
import type { S3Error } from '../../errors/s3.js';
import type { StoredObject } from './storage.js';
import { etagMatches } from './write-conditions.js';

type Input = Readonly<Record<string, unknown>>;

/** Refuse DeleteObject's directory-bucket-only conditions; answer its If-Match (undefined: none). */
export function deleteCondition(input: Input): string | undefined {
  if (input['IfMatchLastModifiedTime'] !== undefined) throw s3Errors.notImplemented('x-amz-if-match-last-modified-time');
  if (input['IfMatchSize'] !== undefined) throw s3Errors.notImplemented('x-amz-if-match-size');
  const ifMatch = input['IfMatch'];
  return typeof ifMatch === 'string' ? ifMatch : undefined;
}

/** The refusal of an If-Match delete of `current` (undefined: proceed). */
export function deleteRefusal(ifMatch: string, key: string, current: StoredObject | undefined): S3Error | undefined {
  if (current === undefined) return s3Errors.noSuchKey(key);
  if (!etagMatches(ifMatch, current.etag)) return s3Errors.preconditionFailed('If-Match');
  return undefined;
}

/** PutObject's x-amz-write-offset-bytes (appends) exists in directory buckets only. */
export function refuseWriteOffset(input: Input): void {
  if (input['WriteOffsetBytes'] !== undefined) throw s3Errors.notImplemented('x-amz-write-offset-bytes');
}
