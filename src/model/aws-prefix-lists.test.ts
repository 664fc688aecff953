/** @module The AWS-managed prefix list data: stable IDs, names, and ranges disjoint across Regions and from the public pools. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cidrOverlaps, parseCidr } from '../shared/cidr.js';
import { allAwsPrefixLists, awsPrefixListContaining, awsPrefixListFor } from './aws-prefix-lists.js';
import { publicPool } from './public-ip.js';
import { REGIONS } from './regions.js';

describe('AWS-managed prefix lists', () => {
  it('has an S3 and a DynamoDB list in every Region with unique pl- IDs and com.amazonaws names', () => {
    const all = allAwsPrefixLists();
    assert.equal(all.length, REGIONS.length * 2);
    assert.equal(new Set(all.map((pl) => pl.id)).size, all.length);
    for (const pl of all) {
      assert.match(pl.id, /^pl-[0-9a-f]{8}$/);
      assert.equal(pl.name, `com.amazonaws.${pl.region}.${pl.service}`);
    }
    assert.equal(awsPrefixListFor('us-east-1', 's3')?.id, 'pl-63a5400a');
    assert.ok(awsPrefixListFor('us-east-1', 's3')?.cidrs.includes('54.231.0.0/16'));
  });

  it('keeps ranges disjoint across lists and clear of every Region public IPv4 pool', () => {
    const blocks = allAwsPrefixLists().flatMap((pl) => pl.cidrs.map((c) => ({ pl: pl.id, c: parseCidr(c)! })));
    for (const b of blocks) assert.ok(b.c.prefix >= 15 && b.c.prefix <= 22, `${b.pl} block size`);
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) assert.ok(!cidrOverlaps(blocks[i]!.c, blocks[j]!.c), `${blocks[i]!.pl} and ${blocks[j]!.pl} overlap`);
    }
    const pools = [...REGIONS.map((r) => r.name), 'me-south-1', 'af-south-1'].flatMap((r) => publicPool(r));
    for (const b of blocks) for (const p of pools) assert.ok(!cidrOverlaps(b.c, p), `${b.pl} overlaps a public pool`);
    // Fallback pools of unknown Regions are /12s of 52.0.0.0/8: the lists stay out of it entirely.
    for (const b of blocks) assert.ok(!cidrOverlaps(b.c, parseCidr('52.0.0.0/8')!));
  });

  it('resolves an address back to its list (the data plane lookup)', () => {
    assert.equal(awsPrefixListContaining('54.231.10.20')?.name, 'com.amazonaws.us-east-1.s3');
    assert.equal(awsPrefixListContaining('10.0.0.1'), undefined);
  });
});
