/**
 * @module An upload's body as PutObject and UploadPart see it: bytes in memory, or content the server staged on
 * disk while it arrived, with the digests it computed on the way (the bytes are never read whole into memory).
 */
import { checksum, md5, type ChecksumAlgorithm } from './checksums.js';
import type { Content, StagedContent } from './storage.js';

export interface StagedBody {
  readonly kind: 'staged';
  readonly content: StagedContent;
  readonly size: number;
  /** The MD5 of the bytes (the ETag, Content-MD5). */
  readonly md5: Buffer;
  /** The base64 checksum under an algorithm: computed while receiving, or by reading the staged bytes. */
  checksum(algorithm: ChecksumAlgorithm): string;
}

export type UploadBody = Buffer | StagedBody;

function isStaged(v: unknown): v is StagedBody {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'staged';
}

/** The input's Body member (absent: empty). */
export function uploadBodyOf(input: Readonly<Record<string, unknown>>): UploadBody {
  const b = input['Body'];
  if (Buffer.isBuffer(b) || isStaged(b)) return b;
  return Buffer.alloc(0);
}

export function bodySize(b: UploadBody): number {
  return Buffer.isBuffer(b) ? b.length : b.size;
}

export function bodyMd5(b: UploadBody): Buffer {
  return Buffer.isBuffer(b) ? md5(b) : b.md5;
}

export function bodyChecksum(algorithm: ChecksumAlgorithm, b: UploadBody): string {
  return Buffer.isBuffer(b) ? checksum(algorithm, b) : b.checksum(algorithm);
}

/** AWS: a single-part object's ETag is the quoted MD5 hex of its content. */
export function bodyEtag(b: UploadBody): string {
  return `"${bodyMd5(b).toString('hex')}"`;
}

/** What the store takes for this body. */
export function storable(b: UploadBody): Content {
  return Buffer.isBuffer(b) ? b : b.content;
}
