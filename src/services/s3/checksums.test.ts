/** @module Checksum known vectors and ETag rules. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checksum, crc32c, digest, digester, etagOf, multipartEtag } from './checksums.js';

describe('S3 checksums', () => {
  it('matches known vectors', () => {
    const hello = Buffer.from('hello');
    assert.equal(checksum('CRC32', hello), 'NhCmhg==');
    assert.equal(checksum('CRC32C', hello), 'mnG7TA==');
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(checksum('SHA1', hello), 'qvTGHdzF6KLavt4PO0gs2a6pQ00=');
    assert.equal(checksum('SHA256', hello), 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=');
  });

  it('computes single and multipart ETags', () => {
    assert.equal(etagOf(Buffer.from('hello')), '"5d41402abc4b2a76b9719d911017c592"');
    // AWS: MD5 of the concatenated binary part MD5s, then -<parts>. Expected values computed outside this code
    // (Python: hashlib.md5(bytes.fromhex(md5('hello')) * 2).hexdigest(), and with md5('world') second).
    assert.equal(multipartEtag(['"5d41402abc4b2a76b9719d911017c592"', '"5d41402abc4b2a76b9719d911017c592"']), '"616b22817b80eed9f65c3aa38cd29054-2"');
    assert.equal(multipartEtag(['"5d41402abc4b2a76b9719d911017c592"', '7d793037a0760186574b0282f2f435e7']), '"065947336a2f2a95ba8899f3675c3be6-2"');
  });

  it('digests in pieces exactly as in one go', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    for (const alg of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
      const d = digester(alg);
      d.update(data.subarray(0, 7));
      d.update(data.subarray(7, 20));
      d.update(data.subarray(20));
      assert.deepEqual(d.digest(), digest(alg, data), alg);
    }
  });
});
