/** @module The prefix trie against a slow linear oracle on random prefixes and addresses (deterministic seeds). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cidrHas, maskOf, parseCidr, parseIp, type Cidr, type IpFamily } from './cidr.js';
import { PrefixTrie } from './prefix-trie.js';

interface Entry { readonly cidr: Cidr; readonly value: number }

/** The oracle: scan every entry, keep those containing the address, pick the longest prefix. */
function oracle(entries: readonly Entry[], family: IpFamily, address: bigint): { prefix: number; values: number[] } | undefined {
  let best = -1;
  for (const e of entries) if (cidrHas(e.cidr, family, address) && e.cidr.prefix > best) best = e.cidr.prefix;
  if (best < 0) return undefined;
  const values = entries.filter((e) => e.cidr.prefix === best && cidrHas(e.cidr, family, address)).map((e) => e.value);
  return { prefix: best, values };
}

function arbCidr(family: IpFamily): fc.Arbitrary<Cidr> {
  const bits = family === 4 ? 32 : 128;
  // Few distinct high bits so prefixes overlap and share paths often.
  return fc.tuple(fc.bigInt({ min: 0n, max: 15n }), fc.bigInt({ min: 0n, max: (1n << BigInt(bits - 4)) - 1n }), fc.integer({ min: 0, max: bits }))
    .map(([hi, lo, prefix]) => {
      const addr = (hi << BigInt(bits - 4)) | lo;
      return { family, network: addr & maskOf(family, prefix), prefix };
    });
}

function arbAddress(family: IpFamily): fc.Arbitrary<bigint> {
  const bits = family === 4 ? 32 : 128;
  return fc.tuple(fc.bigInt({ min: 0n, max: 15n }), fc.bigInt({ min: 0n, max: (1n << BigInt(bits - 4)) - 1n }))
    .map(([hi, lo]) => (hi << BigInt(bits - 4)) | lo);
}

function check(family: IpFamily, seed: number): void {
  fc.assert(
    fc.property(fc.array(arbCidr(family), { maxLength: 60 }), fc.array(arbAddress(family), { minLength: 1, maxLength: 30 }), (cidrs, addresses) => {
      const entries = cidrs.map((cidr, value) => ({ cidr, value }));
      const trie = new PrefixTrie<number>();
      for (const e of entries) trie.insert(e.cidr, e.value);
      // Also probe the networks themselves and their last addresses: the edges of each block.
      const probes = [...addresses, ...cidrs.map((c) => c.network), ...cidrs.map((c) => c.network | ~maskOf(family, c.prefix) & maskOf(family, family === 4 ? 32 : 128))];
      for (const a of probes) {
        const want = oracle(entries, family, a);
        const got = trie.lookup(family, a);
        assert.equal(got?.prefix, want?.prefix);
        assert.deepEqual(got ? [...got.values] : undefined, want?.values);
        const all = trie.matches(family, a).map((m) => m.prefix);
        const allWant = [...new Set(entries.filter((e) => cidrHas(e.cidr, family, a)).map((e) => e.cidr.prefix))].sort((x, y) => y - x);
        assert.deepEqual(all, allWant);
      }
    }),
    { numRuns: 300, seed },
  );
}

describe('prefix trie', () => {
  it('matches the linear oracle on random IPv4 routes', () => check(4, 424242));
  it('matches the linear oracle on random IPv6 routes', () => check(6, 171717));

  it('keeps values of one prefix in the given order (tie-breaks decided at insertion)', () => {
    const trie = new PrefixTrie<{ rank: number; name: string }>((a, b) => a.rank - b.rank);
    const c = parseCidr('10.0.0.0/16')!;
    trie.insert(c, { rank: 3, name: 'propagated' });
    trie.insert(c, { rank: 1, name: 'static' });
    trie.insert(c, { rank: 2, name: 'prefix-list' });
    trie.insert(parseCidr('0.0.0.0/0')!, { rank: 1, name: 'default' });
    const ip = parseIp('10.0.3.4')!;
    assert.deepEqual(trie.lookup(4, ip.value)?.values.map((v) => v.name), ['static', 'prefix-list', 'propagated']);
    assert.deepEqual(trie.matches(4, ip.value).map((m) => m.prefix), [16, 0]);
    assert.equal(trie.lookup(4, parseIp('11.0.0.1')!.value)?.prefix, 0);
    assert.equal(trie.size, 4);
  });

  it('answers IPv4 as unsigned 32-bit numbers, including the top half of the space', () => {
    const trie = new PrefixTrie<string>();
    trie.insert(parseCidr('200.1.0.0/16')!, 'a');
    trie.insert(parseCidr('255.255.255.255/32')!, 'b');
    assert.equal(trie.lookupV4(Number(parseIp('200.1.9.9')!.value))?.values[0], 'a');
    assert.equal(trie.lookupV4(0xffffffff)?.values[0], 'b');
    assert.equal(trie.lookupV4(Number(parseIp('200.2.0.1')!.value)), undefined);
  });

  it('keeps the families apart', () => {
    const trie = new PrefixTrie<string>();
    trie.insert(parseCidr('::/0')!, 'v6');
    assert.equal(trie.lookup(4, 1n), undefined);
    assert.equal(trie.lookup(6, 1n)?.values[0], 'v6');
  });
});
