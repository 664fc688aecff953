/**
 * @module S3 upload bodies (PutObject, UploadPart) received as a stream: each piece is aws-chunked-decoded when the
 * payload is streamed, hashed (MD5, SHA-256 and the checksums the request names) and appended to a staged file in
 * the object store's folder, so an upload is never held whole in memory. The S3 endpoint then checks the digests
 * (Content-MD5, x-amz-content-sha256, x-amz-checksum-*) and the handler moves the staged file into place; a
 * request that fails or is aborted discards it.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ContentStage } from '../persistence/object-store-content.js';
import { detectOperation, resolveAddress } from '../protocol/rest-xml/s3-addressing.js';
import { CHECKSUM_ALGORITHMS, CHECKSUM_HEADER, digester, isChecksumAlgorithm, type ChecksumAlgorithm } from '../services/s3/checksums.js';
import { S3_HANDLERS } from '../services/s3/index.js';
import type { StagedBody } from '../services/s3/upload-body.js';
import { ChunkChain, type ChunkMismatch, type ChunkSigning } from './chunk-signatures.js';

/** What was received, ready for the S3 endpoint. */
export interface StagedUpload {
  readonly body: StagedBody;
  /** SHA-256 hex of the decoded bytes (x-amz-content-sha256 when it is a digest). */
  readonly sha256: string;
  /** SHA-256 hex of the bytes as sent (a SigV4 payload hash, when no x-amz-content-sha256 declares one). */
  readonly rawSha256: string;
  /** Bytes as sent (the request log's inBytes). */
  readonly rawLength: number;
  /** aws-chunked framing that does not parse (S3: IncompleteBody). */
  readonly framingError: boolean;
  /** Trailer headers of an aws-chunked body (lower-case names). */
  readonly trailers: Readonly<Record<string, string>>;
  /** The first chunk (or trailer) whose signature the key does not give, for a body signed chunk by chunk. */
  readonly chunkMismatch?: ChunkMismatch;
  discard(): void;
}

/** Thrown when the decoded body passes the limit while it arrives (the caller answers EntityTooLarge). */
export class UploadTooLarge extends Error {
  constructor(readonly size: number, readonly limit: number) { super('upload too large'); }
}

/** The S3 operations whose bodies are streamed to disk; every other S3 body is small and buffered. */
const STREAMED = new Set(['PutObject', 'UploadPart']);

/** Whether an S3 request is an upload whose body is streamed (PutObject, UploadPart), by its method, path and query. */
export function isStreamedUpload(method: string, path: string, rawQuery: string, headers: Readonly<Record<string, string>>): boolean {
  if (method !== 'PUT') return false;
  try {
    const query = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(rawQuery)) if (k !== 'x-id') query.set(k, v);
    const addr = resolveAddress(headers['host'] ?? '', path);
    if (addr.key === undefined) return false;
    const d = detectOperation(method, addr, query, headers, (op) => S3_HANDLERS[op] !== undefined);
    return d.kind === 'operation' && STREAMED.has(d.operation);
  } catch {
    return false;
  }
}

/** The checksum algorithms a request names (headers, the SDK's algorithm header, the trailer it announces). */
export function namedAlgorithms(headers: Readonly<Record<string, string>>): ChecksumAlgorithm[] {
  const out = new Set<ChecksumAlgorithm>();
  for (const alg of CHECKSUM_ALGORITHMS) if (headers[CHECKSUM_HEADER[alg]] !== undefined) out.add(alg);
  const sdk = (headers['x-amz-sdk-checksum-algorithm'] ?? '').toUpperCase();
  if (isChecksumAlgorithm(sdk)) out.add(sdk);
  for (const t of (headers['x-amz-trailer'] ?? '').split(',')) {
    const alg = t.trim().toLowerCase().replace(/^x-amz-checksum-/, '').toUpperCase();
    if (isChecksumAlgorithm(alg)) out.add(alg);
  }
  return [...out];
}

/** Longest chunk header or trailer section accepted (a chunk header is `<hex>;chunk-signature=<64 hex>`). */
const MAX_FRAMING_LINE = 4096;
const MAX_TRAILERS = 16 * 1024;

/**
 * An incremental aws-chunked decoder: `push` pieces as they arrive, get data slices back; `end` says whether the
 * framing was complete. Framing errors are remembered (the rest of the body is still read and dropped).
 */
class ChunkDecoder {
  private state: 'header' | 'data' | 'crlf' | 'trailers' = 'header';
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private crlfSeen = 0;
  private trailerBytes: Buffer[] = [];
  private trailerLength = 0;
  /** The current chunk's signature and running hash, when chunks are checked as they arrive. */
  private signature: string | undefined;
  private hash: Hash | undefined;
  failed = false;

  /** `onChunk`: each chunk's SHA-256 (hex) and the signature its header carried, at the chunk's end. */
  constructor(private readonly onChunk?: (sha256Hex: string, signature: string | undefined) => void) {}

  push(piece: Buffer, out: (data: Buffer) => void): void {
    let pos = 0;
    while (pos < piece.length && !this.failed) {
      switch (this.state) {
        case 'header': {
          const eol = piece.indexOf(0x0a, pos);
          const end = eol < 0 ? piece.length : eol + 1;
          this.line.push(piece.subarray(pos, end));
          this.lineLength += end - pos;
          pos = end;
          if (this.lineLength > MAX_FRAMING_LINE) { this.failed = true; break; }
          if (eol < 0) break;
          const text = Buffer.concat(this.line).toString('latin1');
          this.line = [];
          this.lineLength = 0;
          if (!text.endsWith('\r\n')) { this.failed = true; break; }
          const header = text.slice(0, -2);
          const semi = header.indexOf(';');
          const sizeText = (semi < 0 ? header : header.slice(0, semi)).trim();
          if (!/^[0-9a-fA-F]{1,15}$/.test(sizeText)) { this.failed = true; break; }
          this.remaining = parseInt(sizeText, 16);
          this.state = this.remaining === 0 ? 'trailers' : 'data';
          if (this.onChunk) {
            this.signature = semi < 0 ? undefined : /^chunk-signature=([0-9a-fA-F]*)$/.exec(header.slice(semi + 1).trim())?.[1];
            this.hash = createHash('sha256');
            if (this.remaining === 0) this.onChunk(this.hash.digest('hex'), this.signature);
          }
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, piece.length - pos);
          out(piece.subarray(pos, pos + n));
          this.hash?.update(piece.subarray(pos, pos + n));
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = 'crlf';
            this.crlfSeen = 0;
            if (this.onChunk && this.hash) this.onChunk(this.hash.digest('hex'), this.signature);
          }
          break;
        }
        case 'crlf': {
          const want = this.crlfSeen === 0 ? 0x0d : 0x0a;
          if (piece[pos] !== want) { this.failed = true; break; }
          pos++;
          if (++this.crlfSeen === 2) this.state = 'header';
          break;
        }
        case 'trailers': {
          const rest = piece.subarray(pos);
          this.trailerLength += rest.length;
          if (this.trailerLength > MAX_TRAILERS) { this.failed = true; break; }
          this.trailerBytes.push(rest);
          pos = piece.length;
          break;
        }
      }
    }
  }

  /** Trailers, or undefined when the body ended before its final chunk. */
  end(): Record<string, string> | undefined {
    if (this.failed || this.state !== 'trailers') return undefined;
    const out: Record<string, string> = {};
    for (const line of Buffer.concat(this.trailerBytes).toString('latin1').split('\r\n')) {
      if (line === '') continue;
      const colon = line.indexOf(':');
      if (colon < 0) return undefined;
      out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return out;
  }
}

/**
 * Receive an upload body into `stage`. `limit` bounds the decoded size (UploadTooLarge as soon as it is passed);
 * `algorithms` are the checksums computed on the way (others are computed from the staged bytes if asked for).
 * On any failure the stage is discarded.
 */
export async function receiveUpload(
  source: AsyncIterable<Buffer>, headers: Readonly<Record<string, string>>, stage: ContentStage,
  algorithms: readonly ChecksumAlgorithm[], limit: number,
  /** For a body signed chunk by chunk: its key and seed signature (`authenticate.ts chunkSigningOf`). */
  chunkSigning?: { readonly signing: ChunkSigning; readonly trailer: boolean },
): Promise<StagedUpload> {
  const sha = headers['x-amz-content-sha256'] ?? '';
  // AWS: only a streamed payload (x-amz-content-sha256 STREAMING-...) is aws-chunked framing; Content-Encoding
  // aws-chunked on any other payload stores the bytes as sent.
  const chunked = sha.startsWith('STREAMING-');
  // Chunk signatures are checked as the chunks arrive; the first mismatch is kept (the body is still read, then
  // refused before anything is stored).
  const chain = chunkSigning ? new ChunkChain(chunkSigning.signing) : undefined;
  let chunkMismatch: ChunkMismatch | undefined;
  const onChunk = chain ? (hex: string, sig: string | undefined): void => { if (!chunkMismatch) chunkMismatch = chain.chunkDigest(hex, sig); } : undefined;
  const decoder = chunked ? new ChunkDecoder(onChunk) : undefined;
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const raw: Hash | undefined = chunked ? createHash('sha256') : undefined;
  const others = algorithms.map((a) => [a, digester(a)] as const);
  let size = 0;
  let rawLength = 0;
  const pending: Buffer[] = [];
  const take = (data: Buffer): void => {
    size += data.length;
    if (size > limit) throw new UploadTooLarge(size, limit);
    md5.update(data);
    sha256.update(data);
    for (const [, d] of others) d.update(data);
    pending.push(data);
  };
  try {
    for await (const piece of source) {
      rawLength += piece.length;
      raw?.update(piece);
      if (decoder) decoder.push(piece, take);
      else take(piece);
      // The decoded slices of this piece are written before the next piece is read (backpressure on the socket).
      for (const data of pending.splice(0)) await stage.append(data);
    }
    const staged = await stage.finish();
    const trailers = decoder ? decoder.end() : {};
    if (chain && chunkSigning?.trailer && trailers && !chunkMismatch) {
      // The trailing headers before the signature line, `name:value\n` each, are what the trailer signature signs.
      const lines = Object.entries(trailers).filter(([k]) => k !== 'x-amz-trailer-signature').map(([k, v]) => `${k}:${v}\n`).join('');
      chunkMismatch = chain.trailer(lines, trailers['x-amz-trailer-signature']);
    }
    const computed = new Map<ChecksumAlgorithm, string>(others.map(([a, d]) => [a, d.digest().toString('base64')]));
    const sha256Hex = sha256.digest('hex');
    const body: StagedBody = {
      kind: 'staged', content: staged, size, md5: md5.digest(),
      checksum: (alg) => {
        let v = computed.get(alg);
        if (v === undefined) {
          // Not named by the request: read the staged bytes back in pieces.
          const d = digester(alg);
          for (let at = 0; at < size; at += READ_BACK) d.update(stage.read(at, Math.min(size, at + READ_BACK)));
          v = d.digest().toString('base64');
          computed.set(alg, v);
        }
        return v;
      },
    };
    return {
      body, sha256: sha256Hex, rawSha256: raw ? raw.digest('hex') : sha256Hex, rawLength,
      framingError: decoder !== undefined && trailers === undefined, trailers: trailers ?? {},
      ...(chunkMismatch ? { chunkMismatch } : {}),
      discard: () => stage.discard(),
    };
  } catch (e) {
    stage.discard();
    throw e;
  }
}

/** Bytes read back at a time for a checksum not computed while receiving. */
const READ_BACK = 1024 * 1024;
