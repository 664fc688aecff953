/** @module Unit tests for the ClientToken helper and the public IPv4 pool. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './world.js';
import { memoryStore } from '../persistence/memory-store.js';
import { seededIdGen } from '../shared/ids.js';
import { fixedClock } from '../shared/clock.js';
import { fingerprintOf, idempotent, stableJson } from './client-token.js';
import { allocatePublicIp, publicPool } from './public-ip.js';
import { cidrHas, parseIp } from '../shared/cidr.js';

describe('stableJson / fingerprintOf', () => {
  it('ignores key order, undefined members, ClientToken and DryRun', () => {
    assert.equal(stableJson({ b: 1, a: [{ y: 2, x: undefined, z: 'q' }] }), '{"a":[{"y":2,"z":"q"}],"b":1}');
    assert.equal(fingerprintOf({ SubnetId: 's', ClientToken: 't1', DryRun: false }), fingerprintOf({ DryRun: true, ClientToken: 't2', SubnetId: 's' }));
    assert.notEqual(fingerprintOf({ SubnetId: 's' }), fingerprintOf({ SubnetId: 't' }));
  });
});

describe('idempotent', () => {
  const world = (): World => new World(memoryStore(), seededIdGen(3), fixedClock());
  const make = (w: World, token: string | undefined, param: string, made: string[]): string => w.transact((tx) => {
    const p = tx.in('1', 'us-east-1');
    return idempotent(p, { operation: 'Op', token, input: { Param: param } }, (id) => (made.includes(id) ? id : undefined), () => {
      const id = `r-${made.length}`;
      made.push(id);
      return { resultId: id, result: id };
    }).result;
  });

  it('replays the same token and parameters, fails on different parameters, and always creates without a token', () => {
    const w = world();
    const made: string[] = [];
    assert.equal(make(w, 'tok', 'fp', made), 'r-0');
    assert.equal(make(w, 'tok', 'fp', made), 'r-0');
    assert.throws(() => make(w, 'tok', 'other', made), (e: Error & { code?: string }) => e.message.includes('tok'));
    assert.equal(make(w, undefined, 'fp', made), 'r-1');
    assert.equal(make(w, undefined, 'fp', made), 'r-2');
  });

  it('uses a token afresh when what it produced is gone, and never records a token for a failed creation', () => {
    const w = world();
    const made: string[] = [];
    make(w, 'tok', 'fp', made);
    made.length = 0;
    assert.equal(make(w, 'tok', 'fp', made), 'r-0');
    assert.throws(() => w.transact((tx) => idempotent(tx.in('1', 'us-east-1'), { operation: 'Op', token: 'fail', input: { Param: 'a' } }, () => undefined, () => { throw new Error('boom'); })));
    assert.equal(make(w, 'fail', 'b', made), 'r-1');
  });
});

describe('allocatePublicIp', () => {
  it('draws distinct addresses from the Region pool, never .0 or .255', () => {
    const w = new World(memoryStore(), seededIdGen(5), fixedClock());
    const p = w.partition('1/us-east-1');
    const taken = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const ip = allocatePublicIp(p, w.ids, 'us-east-1', taken);
      assert.ok(!taken.has(ip));
      taken.add(ip);
      const v = parseIp(ip)!;
      assert.ok(publicPool('us-east-1').some((c) => cidrHas(c, 4, v.value)), `${ip} in the pool`);
      assert.ok(!ip.endsWith('.0') && !ip.endsWith('.255'));
    }
    assert.equal(publicPool('xx-nowhere-9').length, 1);
  });

  it('gives up with InsufficientAddressCapacity when every draw is taken', () => {
    const w = new World(memoryStore(), seededIdGen(5), fixedClock());
    const stuck = { ...w.ids, hex: (n: number) => '1'.repeat(n) };
    const first = allocatePublicIp(w.partition('1/us-east-1'), stuck, 'us-east-1');
    assert.throws(() => allocatePublicIp(w.partition('1/us-east-1'), stuck, 'us-east-1', new Set([first])), (e: Error & { code?: string }) => e.code === 'InsufficientAddressCapacity' || e.message.includes('Insufficient capacity'));
  });
});
