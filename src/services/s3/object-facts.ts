/**
 * @module What PutObject, CopyObject (REPLACE) and CreateMultipartUpload take from a request besides the bytes:
 * the stored representation headers, the user metadata, and the integrity checks on a body.
 */
import { s3Errors } from '../../errors/s3.js';
import { CHECKSUM_ALGORITHMS, CHECKSUM_HEADER, CHECKSUM_MEMBER, isChecksumAlgorithm } from './checksums.js';
import { bodyChecksum, bodyMd5, type UploadBody } from './upload-body.js';

type Input = Readonly<Record<string, unknown>>;

/** Representation headers S3 stores and returns, by member name. */
export const STORED_HEADERS = ['ContentType', 'ContentEncoding', 'ContentDisposition', 'ContentLanguage', 'CacheControl', 'Expires'] as const;

/** The stored headers of a request (AWS: Content-Type defaults to binary/octet-stream). */
export function storedHeaders(input: Input): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of STORED_HEADERS) {
    const v = input[h];
    if (typeof v === 'string' && v !== '') out[h] = v;
    else if (v instanceof Date) out[h] = v.toUTCString();
  }
  out['ContentType'] ??= 'binary/octet-stream';
  return out;
}

export function userMetadata(input: Input): Record<string, string> {
  const m = input['Metadata'];
  return m && typeof m === 'object' ? { ...(m as Record<string, string>) } : {};
}

/** AWS: object key names are at most 1,024 bytes of UTF-8. */
export function checkKey(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > 1024) throw s3Errors.keyTooLong(size);
}

/**
 * Verify Content-MD5 (InvalidDigest when not 16 bytes of base64, BadDigest on mismatch) and every flexible
 * checksum sent (BadDigest on mismatch); compute the one named by x-amz-sdk-checksum-algorithm when only the
 * algorithm was sent. Returns the checksums to store.
 */
export function verifyBody(input: Input, body: UploadBody): Record<string, string> {
  const md5Header = input['ContentMD5'];
  if (typeof md5Header === 'string') {
    const raw = Buffer.from(md5Header, 'base64');
    if (raw.length !== 16 || raw.toString('base64') !== md5Header.trim()) throw s3Errors.invalidDigest(md5Header);
    const actual = bodyMd5(body);
    if (!actual.equals(raw)) throw s3Errors.badDigestMd5(md5Header, actual.toString('base64'));
  }
  const out: Record<string, string> = {};
  for (const alg of CHECKSUM_ALGORITHMS) {
    const sent = input[CHECKSUM_MEMBER[alg]];
    if (typeof sent !== 'string') continue;
    const actual = bodyChecksum(alg, body);
    if (actual !== sent.trim()) throw s3Errors.badDigestChecksum(alg);
    out[alg] = actual;
  }
  const named = input['ChecksumAlgorithm'];
  if (typeof named === 'string' && isChecksumAlgorithm(named.toUpperCase()) && out[named.toUpperCase()] === undefined) {
    const alg = named.toUpperCase() as (typeof CHECKSUM_ALGORITHMS)[number];
    out[alg] = bodyChecksum(alg, body);
  }
  return out;
}

/**
 * The integrity members `verifyBody` reads, taken from the request headers (after aws-chunked trailers were merged):
 * for operations whose input shape has no member for them (DeleteObjects).
 */
export function integrityInput(headers: Readonly<Record<string, string>>): Input {
  const out: Record<string, string> = {};
  const md5Header = headers['content-md5'];
  if (md5Header !== undefined) out['ContentMD5'] = md5Header;
  for (const alg of CHECKSUM_ALGORITHMS) {
    const v = headers[CHECKSUM_HEADER[alg]];
    if (v !== undefined) out[CHECKSUM_MEMBER[alg]] = v;
  }
  const named = headers['x-amz-sdk-checksum-algorithm'];
  if (named !== undefined) out['ChecksumAlgorithm'] = named;
  return out;
}

/** Output members for stored checksums (`ChecksumCRC32`...). */
export function checksumMembers(checksums: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const alg of CHECKSUM_ALGORITHMS) {
    const v = checksums[alg];
    if (v !== undefined) out[CHECKSUM_MEMBER[alg]] = v;
  }
  return out;
}
