/**
 * @module What CopyObject and UploadPartCopy read about their source: `x-amz-copy-source` (bucket, key, optional
 * versionId), the source object itself, and the `x-amz-copy-source-if-*` preconditions.
 */
import { s3Errors } from '../../errors/s3.js';
import type { S3Context } from './context.js';
import type { StoredBucket, StoredObject } from './storage.js';
import { versionIdOf } from './versioning.js';
import { etagMatches } from './write-conditions.js';

type Input = Readonly<Record<string, unknown>>;

export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=...]`, the path URL-encoded. */
export function parseCopySource(raw: string): CopySource {
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw s3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', raw);
  }
  const trimmed = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) throw s3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', raw);
  const out: { bucket: string; key: string; versionId?: string } = { bucket: trimmed.slice(0, slash), key: trimmed.slice(slash + 1) };
  if (q >= 0) {
    const params = new URLSearchParams(raw.slice(q + 1));
    const v = params.get('versionId');
    // AWS: an empty versionId is refused (400 InvalidArgument), as it is on GetObject.
    if (v !== null) {
      const id = versionIdOf({ VersionId: v }, 'VersionId', 'x-amz-copy-source');
      if (id !== undefined) out.versionId = id;
    }
  }
  return out;
}

/**
 * The source object, the latest version or the one `versionId` names. AWS: an unknown version is NoSuchVersion
 * (404); a delete marker cannot be copied: named by id it is 400 InvalidRequest, as the latest version 404 NoSuchKey.
 */
export function sourceObject(ctx: S3Context, bucket: StoredBucket, src: CopySource): StoredObject {
  const found = ctx.store.getVersion(bucket.name, src.key, src.versionId);
  if (!found) throw src.versionId === undefined ? s3Errors.noSuchKey(src.key) : s3Errors.noSuchVersion(src.key, src.versionId);
  if (found.deleteMarker) {
    if (src.versionId !== undefined) throw s3Errors.invalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
    throw s3Errors.noSuchKeyDeleteMarker(src.key, found.versionId);
  }
  return found;
}

/**
 * AWS (CopyObject, UploadPartCopy): x-amz-copy-source-if-match false -> 412 (if-unmodified-since is then not
 * consulted: match true + unmodified-since false copies); else if-unmodified-since false -> 412. x-amz-copy-source-
 * if-none-match false (the ETag matches) -> 412 (if-modified-since is then not consulted); else if-modified-since
 * false (not modified since) -> 412. Times compare at whole seconds, as Last-Modified is printed.
 */
export function checkSourceConditions(input: Input, source: StoredObject): void {
  const seconds = Math.floor(source.lastModified / 1000) * 1000;
  const ifMatch = input['CopySourceIfMatch'];
  const ifUnmodified = input['CopySourceIfUnmodifiedSince'];
  if (typeof ifMatch === 'string') {
    if (!etagMatches(ifMatch, source.etag)) throw s3Errors.preconditionFailed('x-amz-copy-source-If-Match');
  } else if (ifUnmodified instanceof Date && seconds > ifUnmodified.getTime()) {
    throw s3Errors.preconditionFailed('x-amz-copy-source-If-Unmodified-Since');
  }
  const ifNone = input['CopySourceIfNoneMatch'];
  const ifModified = input['CopySourceIfModifiedSince'];
  if (typeof ifNone === 'string') {
    if (etagMatches(ifNone, source.etag)) throw s3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
  } else if (ifModified instanceof Date && seconds <= ifModified.getTime()) {
    throw s3Errors.preconditionFailed('x-amz-copy-source-If-Modified-Since');
  }
}
