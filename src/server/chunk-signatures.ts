/**
 * @module Per-chunk signatures of SigV4 streaming uploads (`x-amz-content-sha256:
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`). AWS ("Signature calculations for the Authorization header:
 * transferring payload in multiple chunks"): each chunk's signature is the HMAC, with the request's signing key,
 * of `AWS4-HMAC-SHA256-PAYLOAD`, the request time, the scope, the previous signature (the seed signature of the
 * Authorization header for the first chunk), the hash of the empty string and the hash of the chunk's data; the
 * final zero-length chunk is signed the same way. With `-TRAILER`, the trailing headers are signed after it by
 * `AWS4-HMAC-SHA256-TRAILER` over the previous signature and the hash of the trailer lines, sent as
 * `x-amz-trailer-signature`.
 *
 * `ChunkChain` is the pure core (one chunk at a time, so a streaming body can be checked as it arrives);
 * `verifyChunkedBody` applies it to a whole buffered aws-chunked body.
 */
import { createHash } from 'node:crypto';
import { hmacHexEquals, type HmacKey } from '../shared/hmac-sha256.js';

/** What the chain needs from the request's SigV4 authorization. */
export interface ChunkSigning {
  /** The request's signing key, prepared for one HMAC per chunk (`shared/hmac-sha256.ts`). */
  readonly signingKey: HmacKey;
  /** The Authorization header's signature (hex). */
  readonly seedSignature: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
  /** `date/region/service/aws4_request`. */
  readonly scope: string;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** A chunk or trailer whose signature is not the one the key gives. */
export interface ChunkMismatch {
  readonly stringToSign: string;
  readonly signatureProvided: string;
}

/** The chain of signatures of one streaming upload: each check advances it. */
export class ChunkChain {
  private previous: string;

  constructor(private readonly s: ChunkSigning) {
    this.previous = s.seedSignature;
  }

  private check(stringToSign: string, given: string | undefined): ChunkMismatch | undefined {
    if (given === undefined || !hmacHexEquals(this.s.signingKey, stringToSign, given)) return { stringToSign, signatureProvided: given ?? '' };
    this.previous = given;
    return undefined;
  }

  /** Check the next chunk (the final one is empty); undefined when its signature is right. */
  chunk(data: Buffer, signature: string | undefined): ChunkMismatch | undefined {
    return this.chunkDigest(createHash('sha256').update(data).digest('hex'), signature);
  }

  /** The same, for a chunk whose data was hashed as it streamed in (SHA-256, hex). */
  chunkDigest(sha256Hex: string, signature: string | undefined): ChunkMismatch | undefined {
    return this.check(`AWS4-HMAC-SHA256-PAYLOAD\n${this.s.amzDate}\n${this.s.scope}\n${this.previous}\n${EMPTY_SHA256}\n${sha256Hex}`, signature);
  }

  /** Check the trailing headers (`name:value\n` each, as sent, without the signature line). */
  trailer(lines: string, signature: string | undefined): ChunkMismatch | undefined {
    const hash = createHash('sha256').update(lines).digest('hex');
    return this.check(`AWS4-HMAC-SHA256-TRAILER\n${this.s.amzDate}\n${this.s.scope}\n${this.previous}\n${hash}`, signature);
  }
}

const CRLF = Buffer.from('\r\n');

/**
 * Check every chunk signature of a buffered aws-chunked body (and the trailer signature when `trailer`). Framing
 * that does not parse is left to the decoder (`protocol/rest-xml/aws-chunked.ts`, IncompleteBody): undefined.
 */
export function verifyChunkedBody(body: Buffer, signing: ChunkSigning, trailer: boolean): ChunkMismatch | undefined {
  const chain = new ChunkChain(signing);
  let pos = 0;
  for (;;) {
    const eol = body.indexOf(CRLF, pos);
    if (eol < 0) return undefined;
    const header = body.toString('latin1', pos, eol);
    const semi = header.indexOf(';');
    const sizeText = (semi < 0 ? header : header.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return undefined;
    const signature = semi < 0 ? undefined : /^chunk-signature=([0-9a-fA-F]*)$/.exec(header.slice(semi + 1).trim())?.[1];
    const size = parseInt(sizeText, 16);
    pos = eol + 2;
    if (pos + size > body.length) return undefined;
    const bad = chain.chunk(body.subarray(pos, pos + size), signature);
    if (bad) return bad;
    if (size === 0) break;
    pos += size + 2;
  }
  if (!trailer) return undefined;
  // Trailer lines up to the signature line, each `name:value\n` (name lower-cased, value trimmed), are what it signs.
  let lines = '';
  let signature: string | undefined;
  for (const raw of body.toString('latin1', pos).split('\r\n')) {
    if (raw === '') continue;
    const colon = raw.indexOf(':');
    const name = (colon < 0 ? raw : raw.slice(0, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : raw.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') { signature = value; break; }
    lines += `${name}:${value}\n`;
  }
  return chain.trailer(lines, signature);
}
