/** @module Object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject. */
import { createHash } from 'node:crypto';
import { s3Errors } from '../../errors/s3.js';
import { allowed, authorize, objectArn, requireBucket } from './access.js';
import { CHECKSUM_ALGORITHMS, digester, type ChecksumAlgorithm } from './checksums.js';
import type { S3Context, S3Output } from './context.js';
import { checkKey, checksumMembers, integrityInput, storedHeaders, userMetadata, verifyBody } from './object-facts.js';
import { DEFAULT_OBJECT_ENCRYPTION, objectWriteSettings } from './object-write-checks.js';
import { checkSourceConditions, parseCopySource, sourceObject } from './copy-source.js';
import { deleteCondition, deleteRefusal, refuseWriteOffset } from './delete-conditions.js';
import { partRange, requestedPart } from './part-number.js';
import type { S3Storage, StoredObject } from './storage.js';
import { isVersionId, versionIdOf } from './versioning.js';
import { etagMatches, writeCheck } from './write-conditions.js';
import { existingTagKeys, type Tag } from './condition-keys.js';
import { tagCountOf } from './tagging.js';
import { withoutAclAndTags, writeExtras, writeRequest } from './write-extras.js';
import { bodyEtag, bodySize, storable, uploadBodyOf } from './upload-body.js';
import { Slices } from '../../shared/slices.js';

type Input = Readonly<Record<string, unknown>>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function PutObject(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']));
  const key = str(input['Key']);
  const request = writeRequest(ctx, input, true);
  authorize(ctx, 's3:PutObject', objectArn(b.name, key), b, request.keys);
  checkKey(key);
  refuseWriteOffset(input);
  const aclAndTags = writeExtras(ctx, b, input, request.tags);
  const sse = objectWriteSettings(ctx, b.name, key, input);
  const check = writeCheck(input, key);
  const body = uploadBodyOf(input);
  const checksums = verifyBody(input, body);
  const etag = bodyEtag(body);
  const stored = ctx.store.putObject({
    bucket: b.name, key, size: bodySize(body), etag, lastModified: ctx.now(),
    extra: { headers: { ...storedHeaders(input), ...sse }, metadata: userMetadata(input), checksums, ...aclAndTags },
  }, storable(body), check);
  return {
    ETag: etag, ...sse, ...checksumMembers(checksums), ...(Object.keys(checksums).length > 0 ? { ChecksumType: 'FULL_OBJECT' } : {}),
    // AWS (PutObject response examples): a versioning-enabled bucket answers the new version's id; a suspended one
    // writes the null version and answers no x-amz-version-id.
    ...(b.versioning === 'Enabled' ? { VersionId: stored.versionId } : {}),
  };
}

/** A parsed `Range: bytes=...` header: [start, end) within the object, or undefined to serve it whole. */
function parseRange(header: string, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim().split(',')[0]!.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  // AWS: a range that starts at or past the end of the object is not satisfiable (416 InvalidRange).
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw s3Errors.invalidRange(header, size);
  return { start, end: last + 1 };
}

/**
 * AWS (RFC 7232 as S3 applies it): If-Match false -> 412; else If-Unmodified-Since false (without If-Match) -> 412;
 * If-None-Match matching -> 304; else If-Modified-Since not modified (without If-None-Match) -> 304.
 */
function preconditions(input: Input, o: StoredObject): number | undefined {
  const seconds = Math.floor(o.lastModified / 1000) * 1000;
  const ifMatch = input['IfMatch'];
  const ifUnmodified = input['IfUnmodifiedSince'];
  if (typeof ifMatch === 'string') {
    if (!etagMatches(ifMatch, o.etag)) throw s3Errors.preconditionFailed('If-Match');
  } else if (ifUnmodified instanceof Date && seconds > ifUnmodified.getTime()) {
    throw s3Errors.preconditionFailed('If-Unmodified-Since');
  }
  const ifNone = input['IfNoneMatch'];
  const ifModified = input['IfModifiedSince'];
  if (typeof ifNone === 'string') {
    if (etagMatches(ifNone, o.etag)) return 304;
  } else if (ifModified instanceof Date && seconds <= ifModified.getTime()) {
    return 304;
  }
  return undefined;
}

/** Response header overrides (`response-content-type`...) a signed GetObject may ask for, with their query names. */
const OVERRIDES = [
  ['ResponseContentType', 'ContentType', 'response-content-type'], ['ResponseContentEncoding', 'ContentEncoding', 'response-content-encoding'],
  ['ResponseContentDisposition', 'ContentDisposition', 'response-content-disposition'],
  ['ResponseContentLanguage', 'ContentLanguage', 'response-content-language'], ['ResponseCacheControl', 'CacheControl', 'response-cache-control'],
] as const;

/**
 * AWS: an override that cannot be written as a header is refused with 400 InvalidArgument naming the parameter
 * ("Header value cannot be represented using ISO-8859-1."); a header value is tab, visible ASCII or Latin-1, the
 * same set Node accepts (a CR, LF or other control character would otherwise make the response unwritable).
 */
function checkOverride(name: string, value: string): void {
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c > 0xff) throw s3Errors.invalidArgument('Header value cannot be represented using ISO-8859-1.', name, value);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) throw s3Errors.invalidArgument('Header value contains invalid characters.', name, value);
  }
}

function readObject(ctx: S3Context, input: Input, withBody: boolean): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']));
  const key = str(input['Key']);
  const versionId = versionIdOf(input);
  const v = ctx.store.getVersion(b.name, key, versionId);
  // AWS: the permission is checked before the key is looked up (a caller without it gets 403, not 404); reading a
  // given version needs s3:GetObjectVersion. The version is read first only for its tags (s3:ExistingObjectTag/<key>).
  authorize(ctx, versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', objectArn(b.name, key), b,
    existingTagKeys(v !== undefined && !v.deleteMarker ? v.extra.tags : undefined));
  for (const [param, , name] of OVERRIDES) if (typeof input[param] === 'string') checkOverride(name, input[param]);
  if (!v) throw versionId === undefined ? s3Errors.noSuchKey(key) : s3Errors.noSuchVersion(key, versionId);
  // AWS: a key whose latest version is a delete marker answers 404 NoSuchKey; a marker asked for by id, 405.
  if (v.deleteMarker) {
    throw versionId === undefined ? s3Errors.noSuchKeyDeleteMarker(key, v.versionId) : s3Errors.deleteMarkerMethod(ctx.method, v.versionId, v.lastModified);
  }
  const partNumber = requestedPart(input);
  const o = v;
  const base: S3Output = {
    ...DEFAULT_OBJECT_ENCRYPTION, ...o.extra.headers, ETag: o.etag, LastModified: new Date(o.lastModified), AcceptRanges: 'bytes',
  };
  if (b.versioning !== undefined || versionId !== undefined) base['VersionId'] = o.versionId;
  if (Object.keys(o.extra.metadata).length > 0) base['Metadata'] = o.extra.metadata;
  const tagCount = tagCountOf(o);
  if (tagCount !== undefined) base['TagCount'] = tagCount;
  const status = preconditions(input, o);
  if (status === 304) return { ETag: o.etag, LastModified: new Date(o.lastModified), $status: 304 };
  for (const [param, member] of OVERRIDES) if (typeof input[param] === 'string') base[member] = input[param];
  const rangeHeader = input['Range'];
  const part = partNumber === undefined ? undefined : partRange(o, partNumber, ctx.headers['x-amz-checksum-mode'] === 'ENABLED');
  const range = part !== undefined ? (o.size > 0 ? part : undefined) : typeof rangeHeader === 'string' ? parseRange(rangeHeader, o.size) : undefined;
  if (part) Object.assign(base, part.members);
  const start = range?.start ?? 0;
  const end = range?.end ?? o.size;
  base['ContentLength'] = end - start;
  if (range) {
    base['ContentRange'] = `bytes ${start}-${end - 1}/${o.size}`;
    base['$status'] = 206;
  } else if (ctx.headers['x-amz-checksum-mode'] === 'ENABLED' && Object.keys(o.extra.checksums).length > 0) {
    // AWS: checksums are returned for whole-object reads only, when the client asks with x-amz-checksum-mode.
    Object.assign(base, checksumMembers(o.extra.checksums));
    base['ChecksumType'] = o.extra.checksumType ?? 'FULL_OBJECT';
  }
  if (o.extra.partsCount !== undefined && input['PartNumber'] !== undefined) base['PartsCount'] = o.extra.partsCount;
  if (withBody) base['Body'] = end > start ? ctx.store.readObject(o, start, end) : Buffer.alloc(0);
  return base;
}

export function GetObject(ctx: S3Context, input: Input): S3Output {
  return readObject(ctx, input, true);
}

export function HeadObject(ctx: S3Context, input: Input): S3Output {
  return readObject(ctx, input, false);
}

export function DeleteObject(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']));
  const key = str(input['Key']);
  // AWS: removing a given version needs s3:DeleteObjectVersion.
  authorize(ctx, input['VersionId'] === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion', objectArn(b.name, key), b);
  const versionId = versionIdOf(input);
  const ifMatch = deleteCondition(input);
  if (ifMatch !== undefined) {
    // AWS: a conditional delete (If-Match) also needs s3:GetObject, and compares with the version it removes.
    authorize(ctx, 's3:GetObject', objectArn(b.name, key), b);
    const target = ctx.store.getVersion(b.name, key, versionId);
    const refusal = deleteRefusal(ifMatch, key, target !== undefined && !target.deleteMarker ? target : undefined);
    if (refusal) throw refusal;
  }
  if (versionId !== undefined) {
    // AWS: a version id removes that version for good (a well-formed id of no version succeeds too, 204);
    // removing a delete marker says so (x-amz-delete-marker: true).
    const removed = ctx.store.deleteVersion(b.name, key, versionId);
    return { $status: 204, VersionId: versionId, ...(removed?.deleteMarker ? { DeleteMarker: true } : {}) };
  }
  // AWS: deleting a key that does not exist succeeds (204); in a versioned bucket it adds a delete marker.
  const outcome = ctx.store.deleteKey(b.name, key, ctx.now());
  return { $status: 204, ...(outcome.deleteMarker !== undefined ? { DeleteMarker: true, VersionId: outcome.deleteMarker } : {}) };
}

interface DeleteRequest {
  readonly Objects?: readonly { readonly Key?: string; readonly VersionId?: string; readonly ETag?: string; readonly LastModifiedTime?: unknown; readonly Size?: unknown }[];
  readonly Quiet?: boolean;
}

export async function DeleteObjects(ctx: S3Context, input: Input): Promise<S3Output> {
  let b = requireBucket(ctx, str(input['Bucket']));
  const del = input['Delete'] as DeleteRequest | undefined;
  const objects = del?.Objects ?? [];
  // AWS: 1 to 1,000 keys per request; anything else does not validate against the schema.
  if (objects.length === 0 || objects.length > 1000) throw s3Errors.malformedXml();
  // AWS: Key is required in every <Object>; one without it does not validate against the schema.
  if (objects.some((o) => typeof o.Key !== 'string')) throw s3Errors.malformedXml();
  // AWS: the body's Content-MD5 and any flexible checksum sent (header or trailer) are verified, whatever the algorithm.
  // DeleteObjects' input shape has no members for them, so they are read from the headers.
  verifyBody(integrityInput(ctx.headers), ctx.body);
  if (objects.some((o) => o.LastModifiedTime !== undefined)) throw s3Errors.notImplemented('LastModifiedTime');
  if (objects.some((o) => o.Size !== undefined)) throw s3Errors.notImplemented('Size');
  const deleted: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  // AWS: DeleteObjects deletes each key on its own (not atomically), so the keys are deleted in bounded slices
  // with other requests served between them; the bucket is read again after each pause (its policy or versioning
  // may have changed meanwhile, as between two DeleteObject calls).
  const slices = new Slices();
  for (const o of objects) {
    const key = o.Key ?? '';
    const versionId = o.VersionId;
    if (slices.due()) {
      await slices.yield();
      const now = ctx.store.getBucket(b.name);
      if (now === undefined) {
        // The bucket was deleted meanwhile (it had become empty): this key's delete failed, retryably.
        errors.push({ Key: key, ...(versionId !== undefined ? { VersionId: versionId } : {}), Code: 'InternalError', Message: 'We encountered an internal error. Please try again.' });
        continue;
      }
      b = now;
    }
    // AWS: each key is authorized on its own (s3:DeleteObject, or s3:DeleteObjectVersion with a version id); a
    // refused key is reported, the others proceed.
    if (!allowed(ctx, versionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion', objectArn(b.name, key), b)) {
      errors.push({ Key: key, ...(versionId !== undefined ? { VersionId: versionId } : {}), Code: 'AccessDenied', Message: 'Access Denied' });
      continue;
    }
    if (o.ETag !== undefined) {
      // AWS: a conditional delete of one key (its ETag element) also needs s3:GetObject; a failed one is reported.
      const current = versionId !== undefined && isVersionId(versionId) ? ctx.store.getVersion(b.name, key, versionId) : ctx.store.getVersion(b.name, key, undefined);
      const refusal = allowed(ctx, 's3:GetObject', objectArn(b.name, key), b)
        ? deleteRefusal(o.ETag, key, current !== undefined && !current.deleteMarker ? current : undefined) : s3Errors.accessDenied();
      if (refusal) {
        errors.push({ Key: key, Code: refusal.code, Message: refusal.message });
        continue;
      }
    }
    if (versionId !== undefined) {
      // AWS: in DeleteObjects an id S3 cannot have issued is reported as NoSuchVersion for that key.
      if (!isVersionId(versionId)) {
        errors.push({ Key: key, VersionId: versionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
        continue;
      }
      const removed = ctx.store.deleteVersion(b.name, key, versionId);
      deleted.push({ Key: key, VersionId: versionId, ...(removed?.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: versionId } : {}) });
      continue;
    }
    const outcome = ctx.store.deleteKey(b.name, key, ctx.now());
    deleted.push({ Key: key, ...(outcome.deleteMarker !== undefined ? { DeleteMarker: true, DeleteMarkerVersionId: outcome.deleteMarker } : {}) });
  }
  const out: S3Output = {};
  if (!del?.Quiet && deleted.length > 0) out['Deleted'] = deleted;
  if (errors.length > 0) out['Errors'] = errors;
  return out;
}

export function CopyObject(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']));
  const key = str(input['Key']);
  const src = parseCopySource(str(input['CopySource']));
  const sb = ctx.store.getBucket(src.bucket);
  if (!sb) throw s3Errors.noSuchBucket(src.bucket);
  // AWS: CopyObject needs s3:GetObject on the source and s3:PutObject on the destination.
  const request = writeRequest(ctx, input, true);
  const sourceNow = ctx.store.getVersion(sb.name, src.key, src.versionId);
  authorize(ctx, src.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', objectArn(sb.name, src.key), sb,
    existingTagKeys(sourceNow !== undefined && !sourceNow.deleteMarker ? sourceNow.extra.tags : undefined));
  authorize(ctx, 's3:PutObject', objectArn(b.name, key), b, request.keys);
  checkKey(key);
  const taggingDirective = str(input['TaggingDirective']) || 'COPY';
  if (taggingDirective !== 'COPY' && taggingDirective !== 'REPLACE') throw s3Errors.invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', taggingDirective);
  const aclAndTags = writeExtras(ctx, b, input, request.tags);
  // AWS: CopyObject's If-None-Match / If-Match apply to the destination key (checked when the copy commits).
  const check = writeCheck(input, key);
  const source = sourceObject(ctx, sb, src);
  const directive = str(input['MetadataDirective']) || 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') throw s3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  // AWS: copying a given version onto its own key is how a previous version is restored, so only a copy of the
  // latest version onto itself is refused.
  if (sb.name === b.name && src.key === key && directive === 'COPY' && src.versionId === undefined) {
    throw s3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  checkSourceConditions(input, source);
  // AWS: a copy gets the ACL its request names (else the default), and the source's tags unless the tagging
  // directive is REPLACE (then the x-amz-tagging header's, or none).
  const copiedTags: readonly Tag[] | undefined = taggingDirective === 'REPLACE' ? aclAndTags.tags : source.extra.tags;
  const own = { ...withoutAclAndTags(source.extra), ...(aclAndTags.acl !== undefined ? { acl: aclAndTags.acl } : {}), ...(copiedTags !== undefined ? { tags: copiedTags } : {}) };
  const base = directive === 'REPLACE'
    ? { ...own, headers: storedHeaders(input), metadata: userMetadata(input) }
    : own;
  // AWS: CopyObject writes the copy in one piece: a multipart source's copy gets the plain MD5 ETag of its bytes,
  // no parts count, and full-object checksums in place of composite ones.
  let etag = source.etag;
  let extra = base;
  if (source.extra.partsCount !== undefined || /-\d+"?$/.test(source.etag)) {
    const algorithms = CHECKSUM_ALGORITHMS.filter((a) => source.extra.checksums[a] !== undefined);
    const whole = digestsOf(ctx.store, source, algorithms);
    etag = whole.etag;
    const { partsCount: _parts, checksumType: _type, parts: _partFacts, completedFrom: _from, ...rest } = base;
    extra = { ...rest, checksums: whole.checksums, ...(algorithms.length > 0 ? { checksumType: 'FULL_OBJECT' } : {}) };
  }
  // AWS: the copy is checked against the target bucket's settings and encrypted as the request or its default says.
  extra = { ...extra, headers: { ...extra.headers, ...objectWriteSettings(ctx, b.name, key, input) } };
  const now = ctx.now();
  const copied = ctx.store.copyObject(source, { bucket: b.name, key, size: source.size, etag, lastModified: now, extra }, check);
  const out: S3Output = { CopyObjectResult: { ETag: copied.etag, LastModified: new Date(now), ...checksumMembers(copied.extra.checksums) } };
  // AWS: x-amz-version-id names the copy's version in a versioned bucket; x-amz-copy-source-version-id the source's.
  if (b.versioning === 'Enabled') out['VersionId'] = copied.versionId;
  if (sb.versioning !== undefined || src.versionId !== undefined) out['CopySourceVersionId'] = source.versionId;
  return out;
}

/** Below the store's streaming threshold (64 KiB), so every read returns a Buffer. */
const DIGEST_CHUNK = 60 * 1024;

/** The MD5 ETag and the full-object checksums of a stored object's bytes, read in chunks. */
function digestsOf(store: S3Storage, o: StoredObject, algorithms: readonly ChecksumAlgorithm[]): { etag: string; checksums: Record<string, string> } {
  const md5 = createHash('md5');
  const others = algorithms.map((a) => [a, digester(a)] as const);
  for (let at = 0; at < o.size; at += DIGEST_CHUNK) {
    const chunk = store.readObject(o, at, Math.min(o.size, at + DIGEST_CHUNK));
    if (!Buffer.isBuffer(chunk)) throw new Error('object store streamed a small read');
    md5.update(chunk);
    for (const [, d] of others) d.update(chunk);
  }
  return { etag: `"${md5.digest('hex')}"`, checksums: Object.fromEntries(others.map(([a, d]) => [a, d.digest().toString('base64')])) };
}
