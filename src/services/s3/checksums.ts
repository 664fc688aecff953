/**
 * @module S3 integrity checks: Content-MD5, the flexible checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256; base64 of the
 * big-endian digest) and the ETag rules (quoted MD5 hex; multipart: MD5 of the concatenated binary part MD5s
 * followed by `-<parts>`).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { crc64Bytes, crc64nvme } from './crc64nvme.js';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The header carrying each algorithm's value. */
export const CHECKSUM_HEADER: Readonly<Record<ChecksumAlgorithm, string>> = {
  CRC32: 'x-amz-checksum-crc32', CRC32C: 'x-amz-checksum-crc32c', SHA1: 'x-amz-checksum-sha1', SHA256: 'x-amz-checksum-sha256',
  CRC64NVME: 'x-amz-checksum-crc64nvme',
};

/** The output member carrying each algorithm's value. */
export const CHECKSUM_MEMBER: Readonly<Record<ChecksumAlgorithm, string>> = {
  CRC32: 'ChecksumCRC32', CRC32C: 'ChecksumCRC32C', SHA1: 'ChecksumSHA1', SHA256: 'ChecksumSHA256', CRC64NVME: 'ChecksumCRC64NVME',
};

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78). */
export function crc32c(data: Uint8Array, seed = 0): number {
  let c = ~seed >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function be32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** The raw digest of `data` under an algorithm. */
export function digest(algorithm: ChecksumAlgorithm, data: Uint8Array): Buffer {
  switch (algorithm) {
    case 'CRC32': return be32(crc32(data));
    case 'CRC32C': return be32(crc32c(data));
    case 'SHA1': return createHash('sha1').update(data).digest();
    case 'SHA256': return createHash('sha256').update(data).digest();
    case 'CRC64NVME': return crc64Bytes(crc64nvme(data));
  }
}

/** An incremental digest: feed the bytes in pieces, then read the same digest `digest` gives for the whole. */
export function digester(algorithm: ChecksumAlgorithm): { update(data: Uint8Array): void; digest(): Buffer } {
  if (algorithm === 'SHA1' || algorithm === 'SHA256') {
    const h = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
    return { update: (d) => { h.update(d); }, digest: () => h.digest() };
  }
  if (algorithm === 'CRC64NVME') {
    let c64 = 0n;
    return { update: (d) => { c64 = crc64nvme(d, c64); }, digest: () => crc64Bytes(c64) };
  }
  let c = 0;
  const step = algorithm === 'CRC32' ? crc32 : crc32c;
  return { update: (d) => { c = step(d, c); }, digest: () => be32(c) };
}

/** The base64 checksum S3 prints. */
export function checksum(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  return digest(algorithm, data).toString('base64');
}

export function isChecksumAlgorithm(s: string): s is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(s);
}

export function md5(data: Uint8Array): Buffer {
  return createHash('md5').update(data).digest();
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** AWS: a single-part object's ETag is the quoted MD5 hex of its content. */
export function etagOf(data: Uint8Array): string {
  return `"${md5(data).toString('hex')}"`;
}

/** AWS: a multipart object's ETag is the MD5 of the concatenated binary part MD5s, then `-<number of parts>`. */
export function multipartEtag(partEtags: readonly string[]): string {
  const h = createHash('md5');
  for (const e of partEtags) h.update(Buffer.from(e.replace(/"/g, ''), 'hex'));
  return `"${h.digest('hex')}-${partEtags.length}"`;
}

/** AWS: a composite multipart checksum is the checksum of the concatenated binary part checksums, then `-<parts>`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): string {
  const raw = Buffer.concat(partChecksums.map((c) => Buffer.from(c, 'base64')));
  return `${checksum(algorithm, raw)}-${partChecksums.length}`;
}
