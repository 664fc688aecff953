/** @module Unit tests of IAM's tag rules ("Rules for tagging in IAM and AWS STS"). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../errors/aws-error.js';
import { creationTags, withoutTags, withTags } from './iam-tags.js';

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { if (isAwsError(e)) return e.code; throw e; }
  return 'none';
}

describe('IAM tags', () => {
  it('user and role keys compare without case (the newer spelling stays); policy and instance profile keys with case', () => {
    assert.deepEqual(withTags([{ key: 'Env', value: 'a' }], [{ key: 'env', value: 'b' }], 'TagsPerRole'), [{ key: 'env', value: 'b' }]);
    assert.deepEqual(withTags([{ key: 'Env', value: 'a' }], [{ key: 'env', value: 'b' }], 'TagsPerPolicy'), [{ key: 'Env', value: 'a' }, { key: 'env', value: 'b' }]);
    assert.deepEqual(withoutTags([{ key: 'Env', value: 'a' }], ['ENV'], 'TagsPerUser'), []);
    assert.deepEqual(withoutTags([{ key: 'Env', value: 'a' }], ['ENV'], 'TagsPerInstanceProfile'), [{ key: 'Env', value: 'a' }]);
  });

  it('50 tags at most, counted after replacement', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' }));
    assert.equal(withTags(fifty, [{ key: 'K3', value: 'x' }], 'TagsPerUser').length, 50);
    assert.equal(code(() => withTags(fifty, [{ key: 'new', value: 'x' }], 'TagsPerUser')), 'LimitExceeded');
    assert.equal(code(() => creationTags([...fifty, { key: 'new', value: '' }], 'TagsPerRole')), 'LimitExceeded');
  });

  it('keys and values against the Tag shape, the aws: prefix and duplicates', () => {
    assert.equal(code(() => creationTags([{ key: '', value: 'v' }], 'TagsPerRole')), 'ValidationError');
    assert.equal(code(() => creationTags([{ key: 'a!', value: 'v' }], 'TagsPerRole')), 'ValidationError');
    assert.equal(code(() => creationTags([{ key: 'a', value: 'v'.repeat(257) }], 'TagsPerRole')), 'ValidationError');
    assert.equal(code(() => creationTags([{ key: 'Aws:x', value: 'v' }], 'TagsPerRole')), 'InvalidInput');
    assert.equal(code(() => creationTags([{ key: 'a', value: 'b' }, { key: 'A', value: 'c' }], 'TagsPerUser')), 'InvalidInput');
    assert.equal(code(() => creationTags([{ key: 'a', value: 'b' }, { key: 'A', value: 'c' }], 'TagsPerPolicy')), 'none');
    assert.equal(code(() => creationTags([{ key: 'ünïcode key: ok/=+-@_.', value: '' }], 'TagsPerPolicy')), 'none');
  });
});
