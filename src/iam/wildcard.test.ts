/** @module Unit tests for wildcard matching, templates and ARN patterns. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileArnPattern, splitArn } from './arn.js';
import { parseTemplate, resolveTemplate } from './variables.js';
import { compileGlob } from './wildcard.js';

const none = (): undefined => undefined;

describe('compileGlob', () => {
  it('fast paths agree with the general path', () => {
    const cases: [string, string, boolean][] = [
      ['*', '', true], ['*', 'anything/at:all', true], ['abc', 'abc', true], ['abc', 'abd', false],
      ['ab*', 'abc/d', true], ['ab*', 'a', false], ['*bc', 'xxbc', true], ['*bc', 'bcx', false],
      ['a?c', 'abc', true], ['a?c', 'ac', false], ['a*c*e', 'abcde', true], ['a*c*e', 'abcdf', false],
      ['a.c', 'abc', false], ['(x)', '(x)', true], ['a\\b', 'a\\b', true], ['**', 'x', true],
    ];
    for (const [p, s, want] of cases) assert.equal(compileGlob(p).test(s), want, `${p} vs ${s}`);
  });
  it('ignoreCase', () => {
    assert.equal(compileGlob('S3:Get*', { ignoreCase: true }).test('s3:getobject'), true);
    assert.equal(compileGlob('S3:GetObject', { ignoreCase: true }).test('s3:getobject'), true);
  });
  it('stop characters keep wildcards inside a component', () => {
    assert.equal(compileGlob('a:*:c', { stopChars: ':' }).test('a:b:c'), true);
    assert.equal(compileGlob('a:*:c', { stopChars: ':' }).test('a:b:x:c'), false);
  });
  it('literal parts are not patterns', () => {
    assert.equal(compileGlob([{ wild: 'a' }, { lit: '*' }]).test('a*'), true);
    assert.equal(compileGlob([{ wild: 'a' }, { lit: '*' }]).test('ab'), false);
  });
});

describe('templates', () => {
  it('parses variables, defaults and special characters', () => {
    const t = parseTemplate("x/${aws:username}/${aws:PrincipalTag/team, 'no''ne'}/${*}${?}${$}", true);
    assert.equal(t.hasVariables, true);
    const parts = resolveTemplate(t, (k) => (k === 'aws:username' ? 'alice' : undefined));
    assert.deepEqual(parts, [{ wild: 'x/' }, { lit: 'alice' }, { wild: '/' }, { lit: "no'ne" }, { wild: '/' }, { lit: '*' }, { lit: '?' }, { lit: '$' }]);
  });
  it('an unresolved variable without default resolves to nothing', () => {
    assert.equal(resolveTemplate(parseTemplate('${aws:userid}', true), none), undefined);
  });
  it('malformed variables stay text', () => {
    assert.deepEqual(parseTemplate('${unclosed', true).parts, [{ wild: '${unclosed' }]);
  });
  it('no substitution keeps the text whole', () => {
    assert.deepEqual(parseTemplate('${aws:username}', false).parts, [{ wild: '${aws:username}' }]);
  });
});

describe('ARN patterns', () => {
  it('* in the resource part crosses / and :', () => {
    const m = compileArnPattern('arn:aws:s3:::bucket/*', true);
    assert.equal(m.test(splitArn('arn:aws:s3:::bucket/a/b:c'), none), true);
    assert.equal(m.test(splitArn('arn:aws:s3:::bucket2/a'), none), false);
  });
  it('wildcards in the first five components stay inside them', () => {
    const m = compileArnPattern('arn:aws:ec2:*:111122223333:vpc/*', true);
    assert.equal(m.test(splitArn('arn:aws:ec2:us-east-1:111122223333:vpc/v'), none), true);
    assert.equal(m.test(splitArn('arn:aws:ec2:us-east-1:444455556666:vpc/v'), none), false);
  });
  it('"*" matches non-ARN resources too; ARN patterns do not', () => {
    assert.equal(compileArnPattern('*', true).test(splitArn('*'), none), true);
    assert.equal(compileArnPattern('arn:aws:s3:::*', true).test(splitArn('*'), none), false);
  });
  it('variables in the resource part', () => {
    const m = compileArnPattern('arn:aws:s3:::b/${aws:username}/*', true);
    assert.equal(m.test(splitArn('arn:aws:s3:::b/alice/x'), (k) => (k === 'aws:username' ? 'alice' : undefined)), true);
    assert.equal(m.test(splitArn('arn:aws:s3:::b/alice/x'), none), false);
  });
});
