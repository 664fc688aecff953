/**
 * @module CRC-64/NVME (the CRC S3 calls CRC64NVME): reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final
 * XOR all ones, digest printed as 8 big-endian bytes. Table-driven over two 32-bit halves (no BigInt per byte).
 */

/** The reflected polynomial, as BigInt (for the combination math) and as two 32-bit halves (for the table). */
export const CRC64NVME_POLY = 0x9a6c9329ac4bc9b5n;
const POLY_HI = 0x9a6c9329;
const POLY_LO = 0xac4bc9b5;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) { hi = (hi ^ POLY_HI) >>> 0; lo = (lo ^ POLY_LO) >>> 0; }
  }
  TABLE_HI[i] = hi;
  TABLE_LO[i] = lo;
}

/** The CRC-64/NVME register after `data`, continuing from `seed` (a previous result; 0n to start). */
export function crc64nvme(data: Uint8Array, seed = 0n): bigint {
  const start = ~seed & 0xffffffffffffffffn;
  let hi = Number(start >> 32n) >>> 0;
  let lo = Number(start & 0xffffffffn) >>> 0;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]!) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
  }
  return (BigInt((~hi) >>> 0) << 32n) | BigInt((~lo) >>> 0);
}

/** The 8 big-endian bytes S3 base64-encodes. */
export function crc64Bytes(crc: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(crc, 0);
  return b;
}
