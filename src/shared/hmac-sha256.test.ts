/** @module HMAC-SHA256 in JavaScript against `node:crypto` as the oracle: every length around block edges, any key. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { hmacHexEquals, hmacKey, type HmacKey } from './hmac-sha256.js';

const oracle = (key: Buffer, message: string): string => createHmac('sha256', key).update(message).digest('hex');

/** Accepts node:crypto's HMAC of `message` and refuses it with its last digit changed (a check that could not fail otherwise). */
function agrees(k: HmacKey, key: Buffer, message: string): boolean {
  const right = oracle(key, message);
  const wrong = right.slice(0, 63) + (right[63] === '0' ? '1' : '0');
  return hmacHexEquals(k, message, right) && !hmacHexEquals(k, message, wrong);
}

/** A deterministic ASCII string of `n` characters (printable and control characters alike). */
const ascii = (n: number, seed: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode((seed * 31 + i * 7) % 128);
  return s;
};

describe('HMAC-SHA256 (RFC 2104, FIPS 180-4)', () => {
  it('matches node:crypto for every message length from 0 to 1,100 bytes (block and padding edges, and past the fast path)', () => {
    const key = randomBytes(32);
    const k = hmacKey(key);
    for (let n = 0; n <= 1100; n++) {
      const m = ascii(n, n);
      assert.ok(agrees(k, key, m), `length ${n}`);
    }
  });

  it('matches node:crypto for keys of 0 to 64 bytes', () => {
    for (let n = 0; n <= 64; n++) {
      const key = randomBytes(n);
      const m = `AWS4-HMAC-SHA256\n20261205T100000Z\n20261205/us-east-1/ec2/aws4_request\n${'ab'.repeat(32)}`;
      assert.ok(agrees(hmacKey(key), key, m), `key length ${n}`);
    }
  });

  it('matches the RFC 4231 test case 2 ("what do ya want for nothing?")', () => {
    assert.ok(hmacHexEquals(hmacKey(Buffer.from('Jefe')), 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
  });

  it('hashes characters above U+007F as UTF-8, as node:crypto does', () => {
    const key = randomBytes(32);
    for (const m of ['café', 'ключ/20261205/eu-west-1', '\u{1F600}', 'a\u0080b', 'x'.repeat(60) + 'é']) assert.ok(agrees(hmacKey(key), key, m), m);
  });

  it('hmacHexEquals accepts exactly the right lower-case hex and refuses any other', () => {
    const key = randomBytes(32);
    const k = hmacKey(key);
    for (const m of ['', 'short', ascii(300, 5), 'naïve']) {
      const right = oracle(key, m);
      assert.equal(hmacHexEquals(k, m, right), true);
      for (const i of [0, 31, 63]) {
        const wrong = right.slice(0, i) + (right[i] === '0' ? '1' : '0') + right.slice(i + 1);
        assert.equal(hmacHexEquals(k, m, wrong), false, `digit ${i} changed`);
      }
      assert.equal(hmacHexEquals(k, m, right.toUpperCase()), /[a-f]/.test(right) ? false : true);
      assert.equal(hmacHexEquals(k, m, right.slice(1)), false);
      assert.equal(hmacHexEquals(k, m, `${right}0`), false);
    }
  });

  it('one key serves many messages in turn (no state leaks between calls)', () => {
    const key = randomBytes(32);
    const k = hmacKey(key);
    const other = hmacKey(randomBytes(32));
    for (let i = 0; i < 200; i++) {
      const m = ascii(i * 5, i);
      hmacHexEquals(other, ascii(900, i), '0'.repeat(64));
      assert.ok(agrees(k, key, m));
    }
  });

  it('refuses keys longer than one block rather than hashing them wrongly', () => {
    assert.throws(() => hmacKey(Buffer.alloc(65)), RangeError);
  });
});
