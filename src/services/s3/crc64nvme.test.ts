/** @module CRC-64/NVME and CRC combination against known vectors and the AWS SDK's own CRC64NVME. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { Crc64Nvme } from '@aws-sdk/checksums/crc';
import { checksum, crc32c } from './checksums.js';
import { combineAll, combineCrc, CRC32C_SPEC, CRC32_SPEC, CRC64NVME_SPEC } from './crc-combine.js';
import { crc64Bytes, crc64nvme } from './crc64nvme.js';

async function sdkCrc64(data: Uint8Array): Promise<string> {
  const h = new Crc64Nvme();
  h.update(data);
  return Buffer.from(await h.digest()).toString('base64');
}

describe('CRC-64/NVME', () => {
  it('matches the catalogued check value and the empty input', () => {
    // The CRC catalogue's check value for CRC-64/NVME over the ASCII digits 1..9.
    assert.equal(crc64nvme(Buffer.from('123456789')), 0xae8b14860a799888n);
    assert.equal(crc64nvme(Buffer.alloc(0)), 0n);
    assert.equal(checksum('CRC64NVME', Buffer.from('123456789')), crc64Bytes(0xae8b14860a799888n).toString('base64'));
  });

  it('agrees with the AWS SDK for random inputs, whole and fed in pieces', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(300), async (data, cut) => {
      const at = Math.min(cut, data.length);
      const whole = crc64nvme(data);
      assert.equal(crc64nvme(data.subarray(at), crc64nvme(data.subarray(0, at))), whole);
      assert.equal(crc64Bytes(whole).toString('base64'), await sdkCrc64(data));
    }), { numRuns: 100 });
  });
});

describe('CRC combination (full-object checksums from part checksums)', () => {
  it('combines CRC32, CRC32C and CRC64NVME of two pieces into the CRC of their concatenation', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
      const ab = Buffer.concat([a, b]);
      assert.equal(combineCrc(CRC32_SPEC, BigInt(crc32(a)), BigInt(crc32(b)), b.length), BigInt(crc32(ab)));
      assert.equal(combineCrc(CRC32C_SPEC, BigInt(crc32c(a)), BigInt(crc32c(b)), b.length), BigInt(crc32c(ab)));
      assert.equal(combineCrc(CRC64NVME_SPEC, crc64nvme(a), crc64nvme(b), b.length), crc64nvme(ab));
    }), { numRuns: 100 });
  });

  it('combines many pieces, including empty ones and a 1 MiB piece', () => {
    const pieces = [Buffer.from('hello '), Buffer.alloc(0), Buffer.alloc(1024 * 1024, 7), Buffer.from('world')];
    const all = Buffer.concat(pieces);
    assert.equal(combineAll(CRC64NVME_SPEC, pieces.map((p) => ({ crc: crc64nvme(p), length: p.length }))), crc64nvme(all));
    assert.equal(combineAll(CRC32_SPEC, pieces.map((p) => ({ crc: BigInt(crc32(p)), length: p.length }))), BigInt(crc32(all)));
    assert.equal(combineAll(CRC32C_SPEC, []), 0n);
  });
});
