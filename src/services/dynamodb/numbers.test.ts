/** @module Number parsing, canonical text, exact addition, and the order-preserving key encoding (property-tested against BigInt arithmetic). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addNumbers, canonicalNumber, compareNumbers, encodeNumberKey, parseNumber } from './numbers.js';

/** A random decimal: sign, up to 38 digits, a decimal exponent within DynamoDB's range. */
const decimal = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 38n - 1n }), fc.integer({ min: -90, max: 80 }))
  .map(([neg, digits, exp]) => `${neg ? '-' : ''}${digits}e${exp}`);

/** Exact comparison through BigInt by scaling both sides to a common exponent. */
function oracle(a: string, b: string): number {
  const scale = (s: string) => { const [m, e] = s.split('e'); return { m: BigInt(m!), e: Number(e) }; };
  const x = scale(a);
  const y = scale(b);
  const e = Math.min(x.e, y.e);
  const xm = x.m * 10n ** BigInt(x.e - e);
  const ym = y.m * 10n ** BigInt(y.e - e);
  return xm < ym ? -1 : xm > ym ? 1 : 0;
}

describe('DynamoDB numbers', () => {
  it('canonicalises like DynamoDB', () => {
    assert.equal(canonicalNumber('042.50'), '42.5');
    assert.equal(canonicalNumber('-0'), '0');
    assert.equal(canonicalNumber('1e2'), '100');
    assert.equal(canonicalNumber('1.5E-3'), '0.0015');
    assert.equal(canonicalNumber('+7'), '7');
    assert.throws(() => parseNumber('abc'), /cannot be converted into a number/);
    assert.throws(() => parseNumber('1e126'), /Number overflow/);
    assert.throws(() => parseNumber('1e-131'), /Number underflow/);
    assert.throws(() => parseNumber('1'.repeat(39)), /38 significant digits/);
  });

  it('adds exactly', () => {
    assert.equal(addNumbers('0.1', '0.2'), '0.3');
    assert.equal(addNumbers('1', '1', true), '0');
    assert.equal(addNumbers('-1.5', '100'), '98.5');
    assert.equal(addNumbers('99999999999999999999999999999999999999', '1', true), '99999999999999999999999999999999999998');
  });

  it('encodes keys so byte order is numeric order', () => {
    fc.assert(fc.property(decimal, decimal, (a, b) => {
      const expected = oracle(a, b);
      assert.equal(Math.sign(compareNumbers(a, b)), expected);
      const ea = Buffer.from(encodeNumberKey(parseNumber(a)), 'latin1');
      const eb = Buffer.from(encodeNumberKey(parseNumber(b)), 'latin1');
      assert.equal(Math.sign(Buffer.compare(ea, eb)), expected);
    }), { numRuns: 2000 });
  });

  it('round-trips canonical text', () => {
    fc.assert(fc.property(decimal, (a) => canonicalNumber(canonicalNumber(a)) === canonicalNumber(a) && oracle(a, `${canonicalNumber(a).replace('.', '')}e${-(canonicalNumber(a).split('.')[1]?.length ?? 0)}`) === 0));
  });
});
