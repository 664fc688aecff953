/**
 * @module UploadPartCopy: a part of a multipart upload copied from (a byte range of) an existing object. The part is
 * stored like an uploaded one (MD5 ETag, the upload's checksum) and joins CompleteMultipartUpload the same way.
 */
import { s3Errors } from '../../errors/s3.js';
import { authorize, objectArn } from './access.js';
import { etagOf } from './checksums.js';
import type { S3Context, S3Output } from './context.js';
import { checkSourceConditions, parseCopySource, sourceObject } from './copy-source.js';
import { partChecksums } from './multipart-checksums.js';
import { requestedUpload } from './multipart.js';
import { checksumMembers } from './object-facts.js';
import type { S3Storage, StoredObject } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/** Below the store's streaming threshold (64 KiB), so every read returns a Buffer. */
const READ_CHUNK = 60 * 1024;

const RANGE_FORM = 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

/**
 * `x-amz-copy-source-range: bytes=first-last` as [start, end) within the source. AWS: another form is refused with
 * 400 InvalidArgument; a range past the source's end with 400 InvalidArgument naming the source size; last before
 * first is not satisfiable (416 InvalidRange).
 */
export function copyRange(header: string | undefined, size: number): { start: number; end: number } {
  if (header === undefined) return { start: 0, end: size };
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m) throw s3Errors.invalidArgument(RANGE_FORM, 'x-amz-copy-source-range', header);
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (last < first) throw s3Errors.invalidRange(header, size);
  if (last >= size) throw s3Errors.invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', header);
  return { start: first, end: last + 1 };
}

/** Bytes [start, end) of a stored object as one Buffer, read in chunks small enough to come back as Buffers. */
function readRange(store: S3Storage, o: StoredObject, start: number, end: number): Buffer {
  const chunks: Buffer[] = [];
  for (let at = start; at < end; at += READ_CHUNK) {
    const chunk = store.readObject(o, at, Math.min(end, at + READ_CHUNK));
    if (!Buffer.isBuffer(chunk)) throw new Error('object store streamed a small read');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, end - start);
}

export function UploadPartCopy(ctx: S3Context, input: Input): S3Output {
  const partNumber = input['PartNumber'] as number;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(partNumber));
  }
  // AWS: s3:PutObject on the upload's key (target), s3:GetObject on the source.
  const { uploadId, upload } = requestedUpload(ctx, input, 's3:PutObject');
  const src = parseCopySource(typeof input['CopySource'] === 'string' ? input['CopySource'] : '');
  const sb = ctx.store.getBucket(src.bucket);
  if (!sb) throw s3Errors.noSuchBucket(src.bucket);
  authorize(ctx, src.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', objectArn(sb.name, src.key), sb);
  const source = sourceObject(ctx, sb, src);
  checkSourceConditions(input, source);
  const range = copyRange(typeof input['CopySourceRange'] === 'string' ? input['CopySourceRange'] : undefined, source.size);
  const body = readRange(ctx.store, source, range.start, range.end);
  const etag = etagOf(body);
  const checksums = partChecksums(upload, body, {});
  const now = ctx.now();
  ctx.store.putPart({ uploadId, partNumber, size: body.length, etag, lastModified: now, checksums }, body);
  return { CopyPartResult: { ETag: etag, LastModified: new Date(now), ...checksumMembers(checksums) } };
}
