/** @module Checksum known vectors and ETag rules. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checksum, crc32c, etagOf, multipartEtag } from './checksums.js';

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
    assert.match(multipartEtag(['"5d41402abc4b2a76b9719d911017c592"', '"5d41402abc4b2a76b9719d911017c592"']), /^"[0-9a-f]{32}-2"$/);
  });
});
