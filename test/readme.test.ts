/** @module The README's compatibility table lists exactly the operations the server answers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ec2Handlers } from '../src/services/ec2/index.js';
import { elbv2Handlers } from '../src/services/elbv2/index.js';
import { S3_OPERATIONS } from '../src/services/s3/index.js';
import { DYNAMODB_OPERATIONS } from '../src/services/dynamodb/index.js';
import { IAM_OPERATIONS } from '../src/services/iam/index.js';
import { STS_OPERATIONS } from '../src/services/sts/index.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function listed(section: string): string[] {
  const m = new RegExp(`<!-- compatibility:${section}[^>]*-->([\\s\\S]*?)<!-- /compatibility:${section} -->`).exec(README);
  assert.ok(m, `README has no compatibility:${section} section`);
  return m[1]!.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| family') && !l.startsWith('| ---'))
    .flatMap((l) => (l.split('|')[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean)).sort();
}

describe('README', () => {
  it('lists every served EC2 operation, and only those', () => {
    assert.deepEqual(listed('ec2'), Object.keys(ec2Handlers).sort());
  });
  it('lists every served ELBv2 operation, and only those', () => {
    assert.deepEqual(listed('elbv2'), Object.keys(elbv2Handlers).sort());
  });
  for (const [section, ops] of [['s3', S3_OPERATIONS], ['dynamodb', DYNAMODB_OPERATIONS], ['iam', IAM_OPERATIONS], ['sts', STS_OPERATIONS]] as const) {
    it(`lists every served ${section} operation, and only those`, () => {
      assert.deepEqual(listed(section), [...ops].sort());
    });
  }
  it('names npm test as the test command', () => {
    assert.match(README, /npm test/);
  });
});
