/** @module The multi-wildcard matcher (linear time) agrees with the regex form and does not backtrack. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileGlob } from './wildcard.js';

/** The reference: the regex the matcher replaces for patterns with two or more `*`. */
function reference(pattern: string, input: string, ignoreCase: boolean, stop: string): boolean {
  const any = stop === '' ? '[^]' : `[^${stop}]`;
  let src = '^';
  for (const ch of pattern) src += ch === '*' ? `${any}*` : ch === '?' ? any : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`${src}$`, ignoreCase ? 'iu' : 'u').test(input);
}

describe('compileGlob with several wildcards', () => {
  it('matches as the regex form does (property, small alphabets, stop characters, case)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'A', ':', '/', '\u{1F600}'), { maxLength: 12 }).map((a) => a.join(''));
    const pattern = fc.array(fc.constantFrom('a', 'b', 'B', ':', '*', '*', '?', '\u{1F600}'), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(fc.property(pattern, text, fc.boolean(), fc.constantFrom('', ':'), (p, s, ic, stop) => {
      const opts = { ignoreCase: ic, stopChars: stop };
      assert.equal(compileGlob(p, opts).test(s), reference(p, s, ic, stop), `${p} vs ${s} ${JSON.stringify(opts)}`);
    }), { numRuns: 3000 });
  });

  it('literal parts stay literal between wildcards', () => {
    assert.equal(compileGlob([{ wild: '*a*' }, { lit: '*?' }, { wild: '*' }]).test('xa*?y'), true);
    assert.equal(compileGlob([{ wild: '*a*' }, { lit: '*?' }, { wild: '*' }]).test('xaby'), false);
  });

  // A backtracking regex takes hours on this (a regression hangs the run); the matcher answers at once.
  it('answers a pattern of many wildcards against a long non-matching text (a policy or filter bomb)', { timeout: 20_000 }, () => {
    const bomb = compileGlob(`arn:aws:s3:::b/${'*a'.repeat(12)}*b`);
    assert.equal(bomb.test(`arn:aws:s3:::b/${'a'.repeat(5000)}`), false);
    assert.equal(bomb.test(`arn:aws:s3:::b/${'a'.repeat(5000)}b`), true);
    const arn = compileGlob(`arn:aws:ec2:${'*a'.repeat(10)}*b`, { stopChars: ':' });
    assert.equal(arn.test(`arn:aws:ec2:${'a'.repeat(3000)}`), false);
  });
});
