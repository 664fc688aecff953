/** @module Unit tests of the VPC resolver's public side: name parsing, deterministic addresses inside the right prefix list, disjoint public service ranges. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrHas, parseIp, type Cidr } from '../shared/cidr.js';
import { allAwsPrefixLists, awsPrefixListCidrs, awsPrefixListContaining } from '../model/aws-prefix-lists.js';
import { publicPool } from '../model/public-ip.js';
import { REGIONS } from '../model/regions.js';
import { parsePublicServiceName, publicServiceAddress, publicServiceRange } from './dns.js';

function overlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && (cidrHas(a, b.family, b.network) || cidrHas(b, a.family, a.network));
}

describe('dns: public service names', () => {
  it('parses S3 (global, regional, dash-regional, bucket), DynamoDB and label-reversed services', () => {
    assert.deepEqual(parsePublicServiceName('s3.amazonaws.com'), { service: 's3', region: 'us-east-1' });
    assert.deepEqual(parsePublicServiceName('my.bucket.s3.eu-west-1.amazonaws.com'), { service: 's3', region: 'eu-west-1', bucket: 'my.bucket' });
    assert.deepEqual(parsePublicServiceName('b.s3-us-west-2.amazonaws.com'), { service: 's3', region: 'us-west-2', bucket: 'b' });
    assert.deepEqual(parsePublicServiceName('dynamodb.us-east-1.amazonaws.com'), { service: 'dynamodb', region: 'us-east-1' });
    assert.deepEqual(parsePublicServiceName('api.ecr.us-east-1.amazonaws.com'), { service: 'ecr.api', region: 'us-east-1' });
    assert.equal(parsePublicServiceName('x.us-nowhere-9.amazonaws.com'), undefined);
    assert.equal(parsePublicServiceName('vpce-0a-b.sqs.us-east-1.vpce.amazonaws.com'), undefined);
    assert.equal(parsePublicServiceName('example.com'), undefined);
  });

  it('S3 and DynamoDB names resolve deterministically inside that Region\'s AWS-managed list', () => {
    for (const r of REGIONS) {
      for (const service of ['s3', 'dynamodb']) {
        const name = `${service}.${r.name}.amazonaws.com`;
        const a = publicServiceAddress({ service, region: r.name }, name)!;
        assert.equal(a.address, publicServiceAddress({ service, region: r.name }, name)!.address);
        const pl = awsPrefixListContaining(a.address);
        assert.equal(pl?.region, r.name, name);
        assert.equal(pl?.service, service, name);
      }
    }
  });

  it('other services resolve inside a per-Region range disjoint from the prefix lists and every public IPv4 pool', () => {
    const ranges = REGIONS.map((r) => publicServiceRange(r.name)!);
    const lists = allAwsPrefixLists().flatMap((pl) => awsPrefixListCidrs(pl.id));
    const pools = REGIONS.flatMap((r) => publicPool(r.name));
    for (const [i, range] of ranges.entries()) {
      for (const [j, other] of ranges.entries()) if (i !== j) assert.ok(!overlap(range, other));
      for (const c of [...lists, ...pools]) assert.ok(!overlap(range, c), `${REGIONS[i]!.name} range overlaps`);
    }
    const a = publicServiceAddress({ service: 'sqs', region: 'eu-west-1' }, 'sqs.eu-west-1.amazonaws.com')!;
    const ip = parseIp(a.address)!;
    assert.ok(cidrHas(publicServiceRange('eu-west-1')!, ip.family, ip.value));
    assert.equal(awsPrefixListContaining(a.address), undefined);
  });
});
