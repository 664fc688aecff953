/**
 * @module Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
 * ListParts, ListMultipartUploads.
 */
import { s3Errors } from '../../errors/s3.js';
import { authorize, bucketArn, objectArn, ownerOf, requireBucket } from './access.js';
import { creationKeys, type ConditionKeys } from './condition-keys.js';
import { writeExtras, writeRequest } from './write-extras.js';
import { multipartEtag } from './checksums.js';
import type { S3Context, S3Output } from './context.js';
import { checkKey, checksumMembers, storedHeaders, userMetadata, verifyBody } from './object-facts.js';
import { objectWriteSettings } from './object-write-checks.js';
import type { NewObject, StoredBucket, StoredPart, StoredUpload } from './storage.js';
import { repeatedCompletion } from './complete-repeat.js';
import { checkPartChecksum, completeChecksum, partChecksums, uploadChecksum, uploadChecksumOf } from './multipart-checksums.js';
import { writeCheck } from './write-conditions.js';
import { bodyEtag, bodySize, storable, uploadBodyOf } from './upload-body.js';

type Input = Readonly<Record<string, unknown>>;

/** AWS: every part but the last must be at least 5 MiB. */
const MIN_PART_SIZE = 5 * 1024 * 1024;
/** AWS: part numbers run from 1 to 10,000. */
const MAX_PART_NUMBER = 10_000;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The bucket, key and upload a request names, once `action` is allowed on the object: the upload must belong to
 * that bucket and key (else NoSuchUpload). AWS: the permission is checked before the upload is looked up.
 */
export function requestedUpload(ctx: S3Context, input: Input, action: string, keys?: ConditionKeys): { b: StoredBucket; key: string; uploadId: string; upload: StoredUpload } {
  const b = requireBucket(ctx, str(input['Bucket']));
  const key = str(input['Key']);
  authorize(ctx, action, objectArn(b.name, key), b, keys);
  const uploadId = str(input['UploadId']);
  const upload = ctx.store.getUpload(uploadId);
  if (!upload || upload.bucket !== b.name || upload.key !== key) throw s3Errors.noSuchUpload(uploadId);
  return { b, key, uploadId, upload };
}

export function CreateMultipartUpload(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']));
  const key = str(input['Key']);
  const request = writeRequest(ctx, input, false);
  authorize(ctx, 's3:PutObject', objectArn(b.name, key), b, request.keys);
  checkKey(key);
  const aclAndTags = writeExtras(ctx, b, input, request.tags);
  const sse = objectWriteSettings(ctx, b.name, key, input);
  const sum = uploadChecksumOf(input);
  const uploadId = ctx.newId();
  const upload: StoredUpload = {
    uploadId, bucket: b.name, key, initiated: ctx.now(), owner: b.owner, initiator: ctx.call.caller.principalArn,
    extra: { headers: { ...storedHeaders(input), ...sse }, metadata: userMetadata(input), checksums: {}, ...aclAndTags, ...(sum ? { checksumType: sum.type } : {}) },
    ...(sum ? { checksumAlgorithm: sum.algorithm } : {}),
  };
  ctx.store.insertUpload(upload);
  const out: S3Output = { Bucket: b.name, Key: key, UploadId: uploadId, ...sse };
  if (sum) {
    out['ChecksumAlgorithm'] = sum.algorithm;
    out['ChecksumType'] = sum.type;
  }
  return out;
}

export function UploadPart(ctx: S3Context, input: Input): S3Output {
  // A malformed part number is refused before anything is looked up or authorized, as request syntax is.
  const partNumber = input['PartNumber'] as number;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(partNumber));
  }
  const { uploadId, upload } = requestedUpload(ctx, input, 's3:PutObject', creationKeys(ctx, false));
  const body = uploadBodyOf(input);
  // AWS: a part of an upload created with a checksum algorithm carries that algorithm's checksum.
  const sent = verifyBody(input, body);
  checkPartChecksum(upload, sent);
  const checksums = partChecksums(upload, body, sent);
  const etag = bodyEtag(body);
  ctx.store.putPart({ uploadId, partNumber, size: bodySize(body), etag, lastModified: ctx.now(), checksums }, storable(body));
  return { ETag: etag, ...checksumMembers(checksums) };
}

interface CompletedPartIn { readonly PartNumber?: number; readonly ETag?: string; readonly [member: string]: unknown }

/** What a CompleteMultipartUpload commits, once checked: the parts chosen and the object they make. */
interface Completion {
  readonly uploadId: string;
  readonly chosen: readonly StoredPart[];
  readonly object: NewObject;
  readonly check: ReturnType<typeof writeCheck>;
  readonly done: (versionId: string | undefined) => S3Output;
}

/** Check a completion against the stored upload: its answer when it repeats a finished one, else what to commit. */
function planCompletion(ctx: S3Context, input: Input): { readonly repeat: S3Output } | Completion {
  const requested = (input['MultipartUpload'] as { Parts?: readonly CompletedPartIn[] } | undefined)?.Parts ?? [];
  // AWS: completing an upload again with the same parts, once it succeeded, answers the same result.
  const repeat = repeatedCompletion(ctx, input, requested);
  if (repeat !== undefined) return { repeat };
  const { b, key, uploadId, upload } = requestedUpload(ctx, input, 's3:PutObject', creationKeys(ctx, true));
  const check = writeCheck(input, key);
  if (requested.length === 0) throw s3Errors.malformedXml();
  const stored = new Map<number, StoredPart>();
  for (const p of ctx.store.listParts(uploadId, 0, MAX_PART_NUMBER)) stored.set(p.partNumber, p);
  const chosen: StoredPart[] = [];
  let previous = 0;
  for (const r of requested) {
    const n = r.PartNumber ?? 0;
    // AWS: parts must be listed in ascending part-number order.
    if (n <= previous) throw s3Errors.invalidPartOrder(uploadId);
    previous = n;
    const part = stored.get(n);
    const etag = (r.ETag ?? '').replace(/"/g, '');
    if (!part || part.etag.replace(/"/g, '') !== etag) throw s3Errors.invalidPart(uploadId, n, r.ETag ?? '');
    chosen.push(part);
  }
  chosen.forEach((p, i) => {
    if (i < chosen.length - 1 && p.size < MIN_PART_SIZE) throw s3Errors.entityTooSmall(p.size);
  });
  const etag = multipartEtag(chosen.map((p) => p.etag));
  const { checksums, type } = completeChecksum(upload, requested, chosen, input);
  const size = chosen.reduce((s, p) => s + p.size, 0);
  const { checksumType: _created, ...uploadExtra } = upload.extra;
  const object: NewObject = {
    bucket: b.name, key, size, etag, lastModified: ctx.now(),
    extra: {
      ...uploadExtra, checksums, partsCount: chosen.length, ...(type !== undefined ? { checksumType: type } : {}),
      parts: chosen.map((p) => ({ partNumber: p.partNumber, size: p.size, checksums: p.checksums })),
      completedFrom: { uploadId, parts: partsSignature(requested) },
    },
  };
  return { uploadId, chosen, object, check, done: (versionId) => completionResult(b, key, etag, checksums, type, versionId) };
}

/** The same parts (number and stored content) in the same order. */
const sameParts = (a: readonly StoredPart[], b: readonly StoredPart[]): boolean =>
  a.length === b.length && a.every((p, i) => p.partNumber === b[i]!.partNumber && p.ref === b[i]!.ref);

/** Joins smaller than this are made in the commit itself; larger ones first, off the thread's critical path. */
const JOIN_AHEAD_BYTES = 8 * 1024 * 1024;

export async function CompleteMultipartUpload(ctx: S3Context, input: Input): Promise<S3Output> {
  const first = planCompletion(ctx, input);
  if ('repeat' in first) return first.repeat;
  if (first.object.size < JOIN_AHEAD_BYTES) {
    return first.done(ctx.store.completeUpload(first.uploadId, first.chosen, first.object, first.check).versionId);
  }
  // The parts' bytes are joined with asynchronous file I/O (other requests are served meanwhile), then the upload is
  // checked again and committed in one step: an upload aborted, completed or given a new part while the bytes were
  // joined is judged as AWS would judge this request now, and the joined bytes are dropped unless committed.
  // `asNow` is that judgement: an answer at once when the request repeats a finished completion or the parts it
  // names changed (committed as they are now, joined in the commit), else the same completion, still to commit.
  const asNow = (): { readonly answer: S3Output } | { readonly same: Completion } => {
    const now = planCompletion(ctx, input);
    if ('repeat' in now) return { answer: now.repeat };
    if (!sameParts(now.chosen, first.chosen)) return { answer: now.done(ctx.store.completeUpload(now.uploadId, now.chosen, now.object, now.check).versionId) };
    return { same: now };
  };
  let joined;
  try {
    joined = await ctx.store.joinParts(first.chosen);
  } catch (e) {
    // A part removed meanwhile (the upload aborted, or the part uploaded again) fails the join: the request is
    // then judged on the upload as it is now (NoSuchUpload, InvalidPart...); only an unexplained failure is one.
    const now = asNow();
    if ('answer' in now) return now.answer;
    throw e;
  }
  let committed = false;
  try {
    const now = asNow();
    if ('answer' in now) return now.answer;
    const done = ctx.store.completeUpload(now.same.uploadId, now.same.chosen, now.same.object, now.same.check, joined);
    committed = true;
    return now.same.done(done.versionId);
  } finally {
    if (!committed) ctx.store.discardJoined(joined);
  }
}

/** The parts list of a CompleteMultipartUpload request as `n:etag,...` (ETags unquoted). */
export function partsSignature(parts: readonly CompletedPartIn[]): string {
  return parts.map((p) => `${p.PartNumber ?? 0}:${(p.ETag ?? '').replace(/"/g, '')}`).join(',');
}

/** CompleteMultipartUpload's answer. */
export function completionResult(b: StoredBucket, key: string, etag: string, checksums: Readonly<Record<string, string>>, type: string | undefined, versionId: string | undefined): S3Output {
  return {
    Location: `http://${b.name}.s3.${b.region}.amazonaws.com/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
    Bucket: b.name, Key: key, ETag: etag, ...checksumMembers(checksums), ...(type !== undefined ? { ChecksumType: type } : {}),
    // AWS: a versioning-enabled bucket answers the new version's id (x-amz-version-id); suspended, none.
    ...(b.versioning === 'Enabled' && versionId !== undefined ? { VersionId: versionId } : {}),
  };
}

export function AbortMultipartUpload(ctx: S3Context, input: Input): S3Output {
  const { uploadId } = requestedUpload(ctx, input, 's3:AbortMultipartUpload');
  ctx.store.deleteUpload(uploadId);
  return { $status: 204 };
}

/**
 * AWS: max-parts and max-uploads default to 1,000 and never return more; a negative value is refused (InvalidArgument),
 * and 0 asks for an empty page, as max-keys does for listings.
 */
function pageSizeOf(input: Input, member: 'MaxParts' | 'MaxUploads'): number {
  const v = input[member];
  if (v === undefined) return 1000;
  const n = v as number;
  const name = member === 'MaxParts' ? 'max-parts' : 'max-uploads';
  if (n < 0) throw s3Errors.invalidArgument(`Argument ${name} must be an integer between 0 and 2147483647`, name, String(n));
  return Math.min(n, 1000);
}

/** AWS: part-number-marker is an integer (the model types it so; the parser hands a number). */
function partNumberMarkerOf(input: Input): number {
  const v = input['PartNumberMarker'];
  if (v === undefined) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0) throw s3Errors.invalidArgument('Argument part-number-marker must be an integer between 0 and 2147483647', 'part-number-marker', String(v));
  return n;
}

export function ListParts(ctx: S3Context, input: Input): S3Output {
  const { b, key, uploadId, upload } = requestedUpload(ctx, input, 's3:ListMultipartUploadParts');
  const max = pageSizeOf(input, 'MaxParts');
  const marker = partNumberMarkerOf(input);
  const parts = max === 0 ? [] : ctx.store.listParts(uploadId, marker, max + 1);
  const truncated = parts.length > max;
  const shown = parts.slice(0, max);
  const out: S3Output = {
    Bucket: b.name, Key: key, UploadId: uploadId, PartNumberMarker: String(marker), MaxParts: max, IsTruncated: truncated,
    Initiator: { ID: upload.initiator, DisplayName: ctx.call.caller.account }, Owner: ownerOf(upload.owner), StorageClass: 'STANDARD',
    Parts: shown.map((p) => ({ PartNumber: p.partNumber, LastModified: new Date(p.lastModified), ETag: p.etag, Size: p.size, ...checksumMembers(p.checksums) })),
  };
  const lastPart = shown[shown.length - 1];
  if (truncated && lastPart !== undefined) out['NextPartNumberMarker'] = String(lastPart.partNumber);
  if (upload.checksumAlgorithm !== undefined) out['ChecksumAlgorithm'] = upload.checksumAlgorithm;
  const sum = uploadChecksum(upload);
  if (sum) out['ChecksumType'] = sum.type;
  return out;
}

export function ListMultipartUploads(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, str(input['Bucket']));
  authorize(ctx, 's3:ListBucketMultipartUploads', bucketArn(b.name), b);
  const prefix = str(input['Prefix']);
  const keyMarker = str(input['KeyMarker']);
  const uploadIdMarker = str(input['UploadIdMarker']);
  const max = pageSizeOf(input, 'MaxUploads');
  // AWS: without upload-id-marker, key-marker is exclusive (uploads of later keys only).
  const uploads = max === 0 ? [] : uploadIdMarker === '' && keyMarker !== ''
    ? ctx.store.listUploads(b.name, prefix, keyMarker + '\u0000', '', max + 1)
    : ctx.store.listUploads(b.name, prefix, keyMarker, uploadIdMarker, max + 1);
  const truncated = uploads.length > max;
  const shown = uploads.slice(0, max);
  const out: S3Output = {
    Bucket: b.name, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker, MaxUploads: max, IsTruncated: truncated, Prefix: prefix,
    Uploads: shown.map((u) => ({
      UploadId: u.uploadId, Key: u.key, Initiated: new Date(u.initiated), StorageClass: 'STANDARD',
      Owner: ownerOf(u.owner), Initiator: { ID: u.initiator, DisplayName: u.owner },
      ...(u.checksumAlgorithm !== undefined ? { ChecksumAlgorithm: u.checksumAlgorithm } : {}),
      ...(uploadChecksum(u) !== undefined ? { ChecksumType: uploadChecksum(u)!.type } : {}),
    })),
  };
  const lastShown = shown[shown.length - 1];
  if (truncated && lastShown !== undefined) {
    out['NextKeyMarker'] = lastShown.key;
    out['NextUploadIdMarker'] = lastShown.uploadId;
  }
  return out;
}
