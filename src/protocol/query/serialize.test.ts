/** @module The serializer's memo of frozen values: reused only for the same frozen object, never for a changed one. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2Model } from '../../specs/ec2-model.js';
import { serializeOutput } from '../ec2-query/serialize.js';
import { escapeXml } from './serialize.js';

const vpc = (id: string, cidr: string) => ({ VpcId: id, CidrBlock: cidr, Tags: [{ Key: 'a&b', Value: '<x>' }] });

describe('query serializer', () => {
  it('writes a frozen item once and reuses it, while a new object with other values is written anew', () => {
    const frozen = Object.freeze(vpc('vpc-1', '10.0.0.0/16'));
    const first = serializeOutput(ec2Model, 'DescribeVpcs', 'DescribeVpcsResult', { Vpcs: [frozen] }, 'r1');
    const again = serializeOutput(ec2Model, 'DescribeVpcs', 'DescribeVpcsResult', { Vpcs: [frozen] }, 'r2');
    assert.equal(first.replace('r1', 'r2'), again);
    const changed = Object.freeze(vpc('vpc-1', '10.1.0.0/16'));
    const third = serializeOutput(ec2Model, 'DescribeVpcs', 'DescribeVpcsResult', { Vpcs: [changed] }, 'r2');
    assert.match(third, /<cidrBlock>10\.1\.0\.0\/16<\/cidrBlock>/);
    assert.match(first, /<key>a&amp;b<\/key><value>&lt;x&gt;<\/value>/);
  });

  it('escapes only what element text needs: & < > (quotes pass through, as in policy JSON)', () => {
    assert.equal(escapeXml('{"a":"b & <c>"}'), '{"a":"b &amp; &lt;c&gt;"}');
    assert.equal(escapeXml('plain'), 'plain');
  });
});
