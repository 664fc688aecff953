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

/** Per spec, x^(8·2^k) mod P for k = 0, 1, ...: the squarings are done once, not per combination. */
const POWERS = new WeakMap<CrcSpec, bigint[]>();

/** x^(8·bytes) mod P: the product of the precomputed powers for the set bits of `bytes`. */
function shiftOperator(spec: CrcSpec, bytes: number): bigint {
  let powers = POWERS.get(spec);
  if (!powers) {
    powers = [1n << BigInt(spec.width - 9)]; // x^8
    POWERS.set(spec, powers);
  }
  let result = 1n << BigInt(spec.width - 1); // x^0
  let n = BigInt(bytes);
  for (let k = 0; n > 0n; k++, n >>= 1n) {
    if (powers[k] === undefined) powers[k] = multiply(spec, powers[k - 1]!, powers[k - 1]!);
    if (n & 1n) result = multiply(spec, result, powers[k]!);
  }
  return result;
}

/** The CRC of A‖B from crc(A), crc(B) and the length of B in bytes. */
export function combineCrc(spec: CrcSpec, crcA: bigint, crcB: bigint, lengthB: number, operator?: bigint): bigint {
  if (lengthB === 0) return crcA ^ crcB;
  return multiply(spec, operator ?? shiftOperator(spec, lengthB), crcA) ^ crcB;
}

/**
 * The CRC of the concatenation of pieces given as (crc, length), in order; the CRC of nothing is 0. Multipart parts
 * mostly share one size, so each distinct length's operator is computed once.
 */
export function combineAll(spec: CrcSpec, pieces: readonly { readonly crc: bigint; readonly length: number }[]): bigint {
  const operators = new Map<number, bigint>();
  let acc = 0n;
  for (const p of pieces) {
    let op = operators.get(p.length);
    if (op === undefined && p.length > 0) { op = shiftOperator(spec, p.length); operators.set(p.length, op); }
    acc = combineCrc(spec, acc, p.crc, p.length, op);
  }
  return acc;
}
