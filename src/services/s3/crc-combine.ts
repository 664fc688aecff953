/**
 * @module Combining CRCs of consecutive pieces into the CRC of their concatenation, without the bytes: how S3 builds a
 * multipart object's FULL_OBJECT checksum from its parts' checksums. For a reflected CRC whose initial value equals
 * its final XOR (CRC32, CRC32C, CRC64NVME all use all ones), crc(A‖B) = crc(A)·x^(8·|B|) mod P  XOR  crc(B), with
 * polynomials in the reflected bit order (bit W-1 is x^0). The multiplication is carry-less, reduced by P.
 */
import { CRC64NVME_POLY } from './crc64nvme.js';

/** A CRC family by width and reflected polynomial. */
export interface CrcSpec {
  readonly width: number;
  readonly poly: bigint;
}

export const CRC32_SPEC: CrcSpec = { width: 32, poly: 0xedb88320n };
export const CRC32C_SPEC: CrcSpec = { width: 32, poly: 0x82f63b78n };
export const CRC64NVME_SPEC: CrcSpec = { width: 64, poly: CRC64NVME_POLY };

/** a·b mod P (reflected representation). */
function multiply(spec: CrcSpec, a: bigint, b: bigint): bigint {
  const top = 1n << BigInt(spec.width - 1);
  let product = 0n;
  let m = top;
  let bb = b;
  while (m > 0n) {
    if (a & m) product ^= bb;
    m >>= 1n;
    // bb·x: a right shift in the reflected order, reduced when x^(W-1) falls off.
    bb = bb & 1n ? (bb >> 1n) ^ spec.poly : bb >> 1n;
  }
  return product;
}

/** x^(8·bytes) mod P, by square-and-multiply. */
function shiftOperator(spec: CrcSpec, bytes: number): bigint {
  let result = 1n << BigInt(spec.width - 1); // x^0
  let base = 1n << BigInt(spec.width - 9); // x^8
  let n = BigInt(bytes);
  while (n > 0n) {
    if (n & 1n) result = multiply(spec, result, base);
    base = multiply(spec, base, base);
    n >>= 1n;
  }
  return result;
}

/** The CRC of A‖B from crc(A), crc(B) and the length of B in bytes. */
export function combineCrc(spec: CrcSpec, crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (lengthB === 0) return crcA;
  return multiply(spec, shiftOperator(spec, lengthB), crcA) ^ crcB;
}

/** The CRC of the concatenation of pieces given as (crc, length), in order; the CRC of nothing is 0. */
export function combineAll(spec: CrcSpec, pieces: readonly { readonly crc: bigint; readonly length: number }[]): bigint {
  let acc = 0n;
  for (const p of pieces) acc = combineCrc(spec, acc, p.crc, p.length);
  return acc;
}
