/**
 * @module Multipart checksum types (AWS User Guide, "Checking object integrity": full object and composite checksums).
 * CreateMultipartUpload names an algorithm (x-amz-checksum-algorithm) and a type (x-amz-checksum-type): COMPOSITE
 * (the checksum of the concatenated part checksums, printed `base64-N`) or FULL_OBJECT (the checksum of the whole
 * object's bytes, which S3 derives from the part CRCs; only the CRC family linearises, so SHA-1/SHA-256 refuse it,
 * and CRC64NVME has no composite form). CompleteMultipartUpload builds the object's checksum from the parts and
 * verifies what the request states about it.
 */
import { s3Errors } from '../../errors/s3.js';
import { CHECKSUM_ALGORITHMS, CHECKSUM_MEMBER, compositeChecksum, isChecksumAlgorithm, type ChecksumAlgorithm } from './checksums.js';
import { combineAll, CRC32C_SPEC, CRC32_SPEC, CRC64NVME_SPEC, type CrcSpec } from './crc-combine.js';
import type { StoredPart, StoredUpload } from './storage.js';
import { bodyChecksum, type UploadBody } from './upload-body.js';

type Input = Readonly<Record<string, unknown>>;

export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

const CRC_SPECS: Partial<Record<ChecksumAlgorithm, CrcSpec>> = { CRC32: CRC32_SPEC, CRC32C: CRC32C_SPEC, CRC64NVME: CRC64NVME_SPEC };

/** The algorithm and type an upload is created with (both absent: no checksum). */
export interface UploadChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: ChecksumType;
}

/** CreateMultipartUpload's x-amz-checksum-algorithm and x-amz-checksum-type, validated as AWS does. */
export function uploadChecksumOf(input: Input): UploadChecksum | undefined {
  const rawAlg = input['ChecksumAlgorithm'];
  const rawType = input['ChecksumType'];
  if (rawType !== undefined && rawType !== 'COMPOSITE' && rawType !== 'FULL_OBJECT') {
    throw s3Errors.invalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  if (rawAlg === undefined) {
    if (rawType !== undefined) throw s3Errors.invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const algorithm = String(rawAlg).toUpperCase();
  if (!isChecksumAlgorithm(algorithm)) {
    throw s3Errors.invalidRequest(`Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`);
  }
  // AWS: CRC64NVME is full-object only; the other algorithms default to COMPOSITE.
  const type: ChecksumType = rawType ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type === 'FULL_OBJECT' && CRC_SPECS[algorithm] === undefined) {
    throw s3Errors.invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw s3Errors.invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  }
  return { algorithm, type };
}

/** The checksum an upload was created with (its type kept in the upload's extra). */
export function uploadChecksum(upload: StoredUpload): UploadChecksum | undefined {
  const alg = upload.checksumAlgorithm;
  if (alg === undefined || !isChecksumAlgorithm(alg)) return undefined;
  const type = upload.extra.checksumType === 'FULL_OBJECT' ? 'FULL_OBJECT' : 'COMPOSITE';
  return { algorithm: alg, type };
}

/**
 * AWS (UploadPart): a part of a COMPOSITE upload must carry the upload's algorithm ("Checksum Type mismatch
 * occurred, expected checksum Type: sha256, actual checksum Type: null", 400 InvalidRequest); a FULL_OBJECT upload's
 * parts need none. `sent` are the checksums the part request carried (verified).
 */
export function checkPartChecksum(upload: StoredUpload, sent: Readonly<Record<string, string>>): void {
  const c = uploadChecksum(upload);
  if (c === undefined || c.type !== 'COMPOSITE' || sent[c.algorithm] !== undefined) return;
  const actual = CHECKSUM_ALGORITHMS.find((a) => sent[a] !== undefined);
  throw s3Errors.invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${c.algorithm.toLowerCase()}, actual checksum Type: ${actual?.toLowerCase() ?? 'null'}`);
}

/** A part's checksums plus the upload's own algorithm, computed when the part did not send it (UploadPartCopy, FULL_OBJECT). */
export function partChecksums(upload: StoredUpload, body: UploadBody, sent: Readonly<Record<string, string>>): Record<string, string> {
  const c = uploadChecksum(upload);
  if (c === undefined || sent[c.algorithm] !== undefined) return { ...sent };
  return { ...sent, [c.algorithm]: bodyChecksum(c.algorithm, body) };
}

interface CompletedPartIn { readonly PartNumber?: number; readonly [member: string]: unknown }

/**
 * The object's checksum and type from its parts, after checking the request: each part checksum the request names
 * must equal the stored one (InvalidPart); a COMPOSITE upload's request must name every part's checksum
 * (InvalidRequest); x-amz-checksum-type must match the upload's (InvalidRequest); a whole-object x-amz-checksum-*
 * must equal the computed one (BadDigest); x-amz-mp-object-size must equal the object's size (InvalidRequest).
 */
export function completeChecksum(
  upload: StoredUpload, requested: readonly CompletedPartIn[], chosen: readonly StoredPart[], input: Input,
): { checksums: Record<string, string>; type?: ChecksumType } {
  const size = chosen.reduce((s, p) => s + p.size, 0);
  const mpSize = input['MpuObjectSize'];
  if (mpSize !== undefined && Number(mpSize) !== size) {
    throw s3Errors.invalidRequest(`The provided 'x-amz-mp-object-size' header value ${String(mpSize)} does not match what was computed: ${size}`);
  }
  const c = uploadChecksum(upload);
  requested.forEach((r, i) => {
    const part = chosen[i]!;
    for (const alg of CHECKSUM_ALGORITHMS) {
      const sent = r[CHECKSUM_MEMBER[alg]];
      if (typeof sent === 'string' && part.checksums[alg] !== undefined && sent !== part.checksums[alg]) {
        throw s3Errors.invalidPart(upload.uploadId, part.partNumber, typeof r['ETag'] === 'string' ? r['ETag'] : '');
      }
    }
    if (c?.type === 'COMPOSITE' && typeof r[CHECKSUM_MEMBER[c.algorithm]] !== 'string') {
      throw s3Errors.invalidRequest(`The upload was created using a ${c.algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`);
    }
  });
  const statedType = input['ChecksumType'];
  if (statedType !== undefined && statedType !== (c?.type ?? 'COMPOSITE')) {
    throw s3Errors.invalidRequest(`The upload was created using the ${c?.type ?? 'null'} checksum mode. The complete request must use the same checksum mode.`);
  }
  if (c === undefined) {
    for (const alg of CHECKSUM_ALGORITHMS) {
      if (typeof input[CHECKSUM_MEMBER[alg]] === 'string') {
        throw s3Errors.invalidRequest(`The upload was created using a null checksum. The complete request must use the same checksum algorithm.`);
      }
    }
    return { checksums: {} };
  }
  const { algorithm, type } = c;
  for (const alg of CHECKSUM_ALGORITHMS) {
    if (alg !== algorithm && typeof input[CHECKSUM_MEMBER[alg]] === 'string') {
      throw s3Errors.invalidRequest(`The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must use the same checksum algorithm.`);
    }
  }
  const partValues = chosen.map((p) => p.checksums[algorithm] ?? '');
  let value: string;
  if (type === 'COMPOSITE') {
    value = compositeChecksum(algorithm, partValues);
  } else {
    const spec = CRC_SPECS[algorithm]!;
    const crc = combineAll(spec, chosen.map((p, i) => ({ crc: bytesToBigInt(Buffer.from(partValues[i]!, 'base64')), length: p.size })));
    value = bigIntToBytes(crc, spec.width / 8).toString('base64');
  }
  const stated = input[CHECKSUM_MEMBER[algorithm]];
  if (typeof stated === 'string' && stated.trim() !== value) throw s3Errors.badDigestChecksum(algorithm.toLowerCase());
  return { checksums: { [algorithm]: value }, type };
}

function bytesToBigInt(b: Buffer): bigint {
  let n = 0n;
  for (const byte of b) n = (n << 8n) | BigInt(byte);
  return n;
}

function bigIntToBytes(n: bigint, size: number): Buffer {
  const b = Buffer.alloc(size);
  let v = n;
  for (let i = size - 1; i >= 0; i--) { b[i] = Number(v & 0xffn); v >>= 8n; }
  return b;
}
