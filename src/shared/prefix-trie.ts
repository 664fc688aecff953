/** @module A path-compressed binary trie for longest-prefix match over IPv4 (32-bit numbers) and IPv6 (bigints). */
import { maskOf, type Cidr, type IpFamily } from './cidr.js';

/** One prefix held by the trie and every value inserted under it, in insertion order (or the caller's order). */
export interface PrefixMatch<T> {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly prefix: number;
  readonly values: readonly T[];
}

/** Bit operations on one key representation: numbers for IPv4 (fast), bigints for IPv6. */
interface KeyOps<K> {
  readonly bits: number;
  readonly zero: K;
  bitAt(key: K, index: number): 0 | 1;
  mask(key: K, prefix: number): K;
  /** Length of the common leading bits of two keys, at most `bits`. */
  common(a: K, b: K): number;
}

const V4: KeyOps<number> = {
  bits: 32,
  zero: 0,
  bitAt: (key, i) => ((key >>> (31 - i)) & 1) as 0 | 1,
  mask: (key, prefix) => (prefix === 0 ? 0 : (key & (0xffffffff << (32 - prefix))) >>> 0),
  common: (a, b) => Math.clz32((a ^ b) >>> 0),
};

const V6: KeyOps<bigint> = {
  bits: 128,
  zero: 0n,
  bitAt: (key, i) => Number((key >> BigInt(127 - i)) & 1n) as 0 | 1,
  mask: (key, prefix) => key & maskOf(6, prefix),
  common: (a, b) => {
    const x = a ^ b;
    return x === 0n ? 128 : 128 - x.toString(2).length;
  },
};

interface Node<K, T> {
  key: K;
  len: number;
  values: T[] | undefined;
  zero: Node<K, T> | undefined;
  one: Node<K, T> | undefined;
}

function node<K, T>(key: K, len: number, values: T[] | undefined): Node<K, T> {
  return { key, len, values, zero: undefined, one: undefined };
}

/** The trie of one family. Nodes exist only at inserted prefixes and at branch points. */
class FamilyTrie<K, T> {
  readonly root: Node<K, T>;
  constructor(private readonly ops: KeyOps<K>) {
    this.root = node<K, T>(ops.zero, 0, undefined);
  }

  insert(key: K, len: number, value: T, order: ((a: T, b: T) => number) | undefined): void {
    const ops = this.ops;
    key = ops.mask(key, len);
    let at = this.root;
    for (;;) {
      if (at.len === len) {
        if (!at.values) at.values = [value];
        else {
          at.values.push(value);
          if (order) at.values.sort(order);
        }
        return;
      }
      const bit = ops.bitAt(key, at.len);
      const child = bit === 0 ? at.zero : at.one;
      if (!child) {
        setChild(at, bit, node(key, len, [value]));
        return;
      }
      const c = Math.min(ops.common(child.key, key), child.len, len);
      if (c === child.len) { at = child; continue; }
      if (c === len) {
        const fresh = node<K, T>(key, len, [value]);
        setChild(fresh, ops.bitAt(child.key, len), child);
        setChild(at, bit, fresh);
        return;
      }
      const branch = node<K, T>(ops.mask(key, c), c, undefined);
      setChild(branch, ops.bitAt(key, c), node(key, len, [value]));
      setChild(branch, ops.bitAt(child.key, c), child);
      setChild(at, bit, branch);
      return;
    }
  }

  /** The deepest node holding values whose prefix contains the address. */
  longest(address: K): Node<K, T> | undefined {
    const ops = this.ops;
    let at = this.root;
    let best = at.values ? at : undefined;
    while (at.len < ops.bits) {
      const child = ops.bitAt(address, at.len) === 0 ? at.zero : at.one;
      if (!child || ops.mask(address, child.len) !== child.key) break;
      at = child;
      if (at.values) best = at;
    }
    return best;
  }

  /** Every node holding values whose prefix contains the address, longest first. */
  all(address: K): Node<K, T>[] {
    const ops = this.ops;
    const out: Node<K, T>[] = [];
    let at = this.root;
    if (at.values) out.push(at);
    while (at.len < ops.bits) {
      const child = ops.bitAt(address, at.len) === 0 ? at.zero : at.one;
      if (!child || ops.mask(address, child.len) !== child.key) break;
      at = child;
      if (at.values) out.push(at);
    }
    return out.reverse();
  }
}

function setChild<K, T>(parent: Node<K, T>, bit: 0 | 1, child: Node<K, T>): void {
  if (bit === 0) parent.zero = child;
  else parent.one = child;
}

/**
 * Longest-prefix match over both families. Several values may share one prefix (routes with the same
 * destination from different sources); `order`, when given, keeps them sorted best first so that tie-breaks
 * are decided once, at insertion.
 */
export class PrefixTrie<T> {
  private readonly v4 = new FamilyTrie<number, T>(V4);
  private readonly v6 = new FamilyTrie<bigint, T>(V6);
  private count = 0;

  constructor(private readonly order?: (a: T, b: T) => number) {}

  /** Number of values inserted. */
  get size(): number {
    return this.count;
  }

  insert(cidr: Cidr, value: T): void {
    this.count++;
    if (cidr.family === 4) this.v4.insert(Number(cidr.network), cidr.prefix, value, this.order);
    else this.v6.insert(cidr.network, cidr.prefix, value, this.order);
  }

  /** The longest prefix containing an IPv4 address given as an unsigned 32-bit number. */
  lookupV4(address: number): PrefixMatch<T> | undefined {
    const n = this.v4.longest(address >>> 0);
    return n ? { family: 4, network: BigInt(n.key), prefix: n.len, values: n.values! } : undefined;
  }

  /** The longest prefix containing the address. */
  lookup(family: IpFamily, address: bigint): PrefixMatch<T> | undefined {
    if (family === 4) return this.lookupV4(Number(address));
    const n = this.v6.longest(address);
    return n ? { family: 6, network: n.key, prefix: n.len, values: n.values! } : undefined;
  }

  /** Every prefix containing the address, longest first (for explaining why a broader route lost). */
  matches(family: IpFamily, address: bigint): PrefixMatch<T>[] {
    if (family === 4) {
      return this.v4.all(Number(address)).map((n) => ({ family: 4 as const, network: BigInt(n.key), prefix: n.len, values: n.values! }));
    }
    return this.v6.all(address).map((n) => ({ family: 6 as const, network: n.key, prefix: n.len, values: n.values! }));
  }
}
