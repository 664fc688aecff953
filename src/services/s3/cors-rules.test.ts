/** @module Unit tests of CORS rule validation and matching (S3 API reference, PutBucketCors and "OPTIONS object"). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from '../../errors/s3.js';
import { actualRequestHeaders, matchingRule, preflightHeaders, validateCorsRules, wildcardMatch, type CorsRule } from './cors-rules.js';

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof S3Error) return e.code;
    throw e;
  }
  return 'none';
};

describe('CORS rules', () => {
  it('wildcardMatch: one `*` matches any run, including an empty one', () => {
    assert.equal(wildcardMatch('https://*.example.com', 'https://a.b.example.com'), true);
    assert.equal(wildcardMatch('https://*.example.com', 'https://example.com'), false);
    assert.equal(wildcardMatch('*', ''), true);
    assert.equal(wildcardMatch('x-amz-*', 'x-amz-'), true);
    assert.equal(wildcardMatch('abc', 'abcd'), false);
  });

  it('validateCorsRules keeps what was sent and refuses what S3 refuses', () => {
    const rules = validateCorsRules({ CORSRules: [{ ID: 'r', AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 0 }] });
    assert.deepEqual(rules, [{ ID: 'r', AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 0 }]);
    assert.equal(codeOf(() => validateCorsRules({})), 'MalformedXML');
    assert.equal(codeOf(() => validateCorsRules({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['OPTIONS'] }] })), 'InvalidRequest');
    assert.equal(codeOf(() => validateCorsRules({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: -1 }] })), 'MalformedXML');
  });

  it('the first matching rule wins; requested headers compare case-insensitively', () => {
    const rules: CorsRule[] = [
      { ID: 'a', AllowedOrigins: ['https://a.test'], AllowedMethods: ['GET'], AllowedHeaders: ['X-Custom'] },
      { ID: 'b', AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
    ];
    assert.equal(matchingRule(rules, 'https://a.test', 'GET', ['x-custom'])?.ID, 'a');
    assert.equal(matchingRule(rules, 'https://a.test', 'GET', ['x-other']), undefined);
    assert.equal(matchingRule(rules, 'https://b.test', 'GET')?.ID, 'b');
    assert.equal(matchingRule(rules, 'https://b.test', 'PUT'), undefined);
  });

  it('preflightHeaders: 400 without Origin or method, 403 without rules or a match', () => {
    const rules: CorsRule[] = [{ AllowedOrigins: ['https://a.test'], AllowedMethods: ['GET'] }];
    assert.equal(codeOf(() => preflightHeaders(rules, { method: 'GET' }, 'OBJECT')), 'BadRequest');
    assert.equal(codeOf(() => preflightHeaders(rules, { origin: 'https://a.test' }, 'OBJECT')), 'BadRequest');
    assert.equal(codeOf(() => preflightHeaders(undefined, { origin: 'https://a.test', method: 'GET' }, 'OBJECT')), 'AccessForbidden');
    assert.equal(codeOf(() => preflightHeaders(rules, { origin: 'https://b.test', method: 'GET' }, 'BUCKET')), 'AccessForbidden');
    assert.equal(preflightHeaders(rules, { origin: 'https://a.test', method: 'GET' }, 'OBJECT')['access-control-allow-origin'], 'https://a.test');
  });

  it('actualRequestHeaders: nothing without rules, Vary alone without a match', () => {
    assert.deepEqual(actualRequestHeaders(undefined, 'https://a.test', 'GET'), {});
    assert.deepEqual(Object.keys(actualRequestHeaders([{ AllowedOrigins: ['https://a.test'], AllowedMethods: ['PUT'] }], 'https://a.test', 'GET')), ['vary']);
  });
});
