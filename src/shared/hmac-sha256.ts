/**
 * @module HMAC-SHA256 (RFC 2104 over FIPS 180-4) for one key used many times, in plain JavaScript. Every signed
 * request ends in one HMAC of a ~130-byte string to sign with a signing key a client reuses all day. Node's
 * `createHmac` builds a stream object, re-keys OpenSSL and crosses into C++ three times per call; measured inside a
 * running server that costs several microseconds more than its figure in a loop. Here the key's inner and outer
 * pad blocks are compressed once (`hmacKey`), so a call is three or four compressions of 64-byte blocks and a hex
 * comparison, with no allocation. Messages with characters above U+007F (or too long for the scratch space) take
 * Node's own HMAC, so the UTF-8 encoding is never ours; `hmac-sha256.test.ts` checks both paths against
 * `node:crypto`.
 */
import { createHmac } from 'node:crypto';

/** The 64 round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Scratch space, reused by every call (the thread runs one call at a time). */
const W = new Int32Array(64);
const STATE = new Int32Array(8);
/** Room for a message of MAX_FAST bytes with its padding; longer messages take Node's HMAC. */
const MAX_FAST = 1024 - 72;
const BLOCKS = new Uint8Array(1024);
const HEX = '0123456789abcdef';

/** Fold the 64-byte block at `off` of `m` into the state `h`. */
function compress(h: Int32Array, m: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + k) | 0;
}

/**
 * Hash `length` bytes already in BLOCKS after one compressed 64-byte block (the key pad), into `h`: pads the
 * message in place (0x80, zeros, the bit length of pad + message) and compresses each block.
 */
function finish(h: Int32Array, length: number): void {
  let n = length;
  BLOCKS[n++] = 0x80;
  while (n % 64 !== 56) BLOCKS[n++] = 0;
  const bits = (64 + length) * 8;
  BLOCKS[n++] = 0; BLOCKS[n++] = 0; BLOCKS[n++] = 0; BLOCKS[n++] = 0;
  BLOCKS[n++] = bits >>> 24; BLOCKS[n++] = (bits >>> 16) & 255; BLOCKS[n++] = (bits >>> 8) & 255; BLOCKS[n++] = bits & 255;
  for (let off = 0; off < n; off += 64) compress(h, BLOCKS, off);
}

/** A key prepared for many HMACs: the state after its inner and outer pad blocks. */
export interface HmacKey {
  readonly key: Buffer;
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

/** Prepare `key` (at most 64 bytes, as SigV4's 32-byte signing keys are). */
export function hmacKey(key: Buffer): HmacKey {
  if (key.length > 64) throw new RangeError('hmacKey: keys longer than one block are hashed first; not needed here');
  const ipad = new Uint8Array(64);
  const opad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    const byte = key[i] ?? 0;
    ipad[i] = byte ^ 0x36;
    opad[i] = byte ^ 0x5c;
  }
  const inner = Int32Array.from(IV);
  const outer = Int32Array.from(IV);
  compress(inner, ipad, 0);
  compress(outer, opad, 0);
  return { key, inner, outer };
}

/** Whether `message` is short and all ASCII (one byte per character), so this module hashes it itself. */
function fastPathFits(message: string): boolean {
  if (message.length > MAX_FAST) return false;
  for (let i = 0; i < message.length; i++) if (message.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The HMAC of an ASCII `message`, left in STATE. */
function hmacInto(k: HmacKey, message: string): void {
  STATE.set(k.inner);
  const length = message.length;
  for (let i = 0; i < length; i++) BLOCKS[i] = message.charCodeAt(i);
  finish(STATE, length);
  for (let i = 0; i < 8; i++) {
    const w = STATE[i]!;
    BLOCKS[i * 4] = w >>> 24; BLOCKS[i * 4 + 1] = (w >>> 16) & 255; BLOCKS[i * 4 + 2] = (w >>> 8) & 255; BLOCKS[i * 4 + 3] = w & 255;
  }
  STATE.set(k.outer);
  finish(STATE, 32);
}

/**
 * Whether `hex` is the HMAC-SHA256 of `message` under `k`, in lower-case hex, compared in time that does not
 * depend on where they differ (every character is examined).
 */
export function hmacHexEquals(k: HmacKey, message: string, hex: string): boolean {
  if (hex.length !== 64) return false;
  if (!fastPathFits(message)) return constantTimeEquals(createHmac('sha256', k.key).update(message).digest('hex'), hex);
  hmacInto(k, message);
  let diff = 0;
  for (let i = 0; i < 8; i++) {
    const w = STATE[i]!;
    for (let j = 0; j < 4; j++) {
      const byte = (w >>> (24 - 8 * j)) & 255;
      const p = (i * 4 + j) * 2;
      diff |= (hex.charCodeAt(p) ^ HEX.charCodeAt(byte >>> 4)) | (hex.charCodeAt(p + 1) ^ HEX.charCodeAt(byte & 15));
    }
  }
  return diff === 0;
}

/** String equality that examines every character of equal-length strings. */
function constantTimeEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
