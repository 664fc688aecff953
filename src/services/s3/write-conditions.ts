/** @module Conditional writes (If-None-Match / If-Match on PutObject, CopyObject's destination, CompleteMultipartUpload). */
import { s3Errors } from '../../errors/s3.js';
import type { WriteCheck } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/** An `If-Match` list (`"etag"`, bare etag, `*`, comma separated) against a stored quoted ETag. */
export function etagMatches(condition: string, etag: string): boolean {
  return condition.split(',').some((c) => { const t = c.trim(); return t === '*' || t === etag || `"${t}"` === etag; });
}

/**
 * The write's precondition, validated now and evaluated by the store at commit time (after the content is stored,
 * inside the metadata transaction), or undefined when the request has none.
 *
 * AWS (User Guide, "How to prevent object overwrites with conditional writes"; PutObject request headers):
 * If-None-Match expects `*` and fails with 412 PreconditionFailed when the key exists; If-Match fails with 412 when
 * the ETag differs and with 404 NoSuchKey when there is no object at the key. S3 answers 501 NotImplemented ("A header
 * you provided implies functionality that is not implemented") for another If-None-Match value and for both headers
 * together.
 *
 * 409 ConditionalRequestConflict (a concurrent write winning between S3's check and its commit) cannot happen here:
 * the body is fully received before the handler runs, and the check and the commit are one synchronous SQLite
 * transaction in the single process that owns the store, so no other write can come between them.
 */
export function writeCheck(input: Input, key: string): WriteCheck | undefined {
  const ifMatch = input['IfMatch'];
  const ifNone = input['IfNoneMatch'];
  const hasMatch = typeof ifMatch === 'string';
  const hasNone = typeof ifNone === 'string';
  if (hasMatch && hasNone) throw s3Errors.notImplemented('If-Match');
  if (hasNone) {
    if (ifNone.trim() !== '*') throw s3Errors.notImplemented('If-None-Match');
    return (current) => { if (current !== undefined) throw s3Errors.preconditionFailed('If-None-Match'); };
  }
  if (hasMatch) {
    return (current) => {
      if (current === undefined) throw s3Errors.noSuchKey(key);
      if (!etagMatches(ifMatch, current)) throw s3Errors.preconditionFailed('If-Match');
    };
  }
  return undefined;
}
