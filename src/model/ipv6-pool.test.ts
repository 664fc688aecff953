/** @module The Amazon IPv6 pools: one /32 per Region, disjoint, and /56s that never repeat across accounts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cidrOverlaps, parseCidr } from '../shared/cidr.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { ipv6Pool } from './ipv6-pool.js';
import { REGIONS } from './regions.js';
import { createVpc } from './vpc.js';
import { addAmazonIpv6Block } from './vpc-ipv6.js';
import { World } from './world.js';

describe('Amazon-provided IPv6 pools', () => {
  it('gives every Region its own /32 of 2600:1f00::/24, disjoint from the others (unlisted Regions included)', () => {
    const pools = [...REGIONS.map((r) => r.name), 'me-south-1', 'af-south-1'].map(ipv6Pool);
    const outer = parseCidr('2600:1f00::/24')!;
    for (const [i, a] of pools.entries()) {
      assert.equal(a.prefix, 32);
      assert.ok(cidrOverlaps(outer, a));
      for (const b of pools.slice(i + 1)) assert.ok(!cidrOverlaps(a, b));
    }
  });

  it('hands out distinct /56s inside the Region pool across accounts, and the same state gives the same blocks', () => {
    const blocks = (): string[] => {
      const world = new World(memoryStore(), seededIdGen(3), fixedClock());
      return world.transact((tx) => {
        const out: string[] = [];
        for (const account of ['111111111111', '222222222222']) {
          const p = tx.in(account, 'eu-west-1');
          const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16', amazonIpv6: true });
          out.push(vpc.ipv6Associations[0]!.cidrBlock, addAmazonIpv6Block(tx, p, vpc.id).association.cidrBlock);
        }
        return out;
      });
    };
    const first = blocks();
    assert.equal(new Set(first).size, 4);
    for (const b of first) assert.ok(cidrOverlaps(ipv6Pool('eu-west-1'), parseCidr(b)!) && b.endsWith('/56'));
    assert.deepEqual(blocks(), first);
  });
});
