/** @module decodeForm's own form parser against URLSearchParams (the behaviour it replaces), on random forms. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeForm } from './parse.js';

const reference = (body: string, query: string): Map<string, string> => {
  const out = new Map<string, string>();
  for (const source of [query, body]) if (source) for (const [k, v] of new URLSearchParams(source)) out.set(k, v);
  return out;
};

// Forms built from the characters that matter to the parser, escapes (good, truncated, invalid UTF-8) among them.
const piece = fc.constantFrom('a', 'Z', '1', '.', '=', '&', '+', '%', '%20', '%2B', '%26', '%3D', '%C3%A9', '%E2%82%AC', '%FF', '%C3', '%4', '%zz', '?', ' ', 'é', '€', '\u0001');
const form = fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(''));

describe('decodeForm', () => {
  it('reads every form as URLSearchParams does (body and query string merged, the body winning)', () => {
    fc.assert(fc.property(form, form, (body, query) => {
      assert.deepEqual([...decodeForm(body, query)], [...reference(body, query)]);
    }), { numRuns: 5000, seed: 13 });
  });

  it('reads an EC2 request with lists, encoded values and an empty value', () => {
    const body = 'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=a+b%2Bc&VpcId.1=&DryRun';
    assert.deepEqual([...decodeForm(body)], [...reference(body, '')]);
    assert.equal(decodeForm(body).get('Filter.1.Value.1'), 'a b+c');
    assert.equal(decodeForm(body).get('DryRun'), '');
  });
});
