/** @module The presigned URL validity window at its boundaries, with a fixed clock. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from '../errors/s3.js';
import { checkPresigned } from './presigned.js';

const base = {
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': '111111111111/20240301/us-east-1/s3/aws4_request',
  'X-Amz-Date': '20240301T120000Z', 'X-Amz-Expires': '60', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': '00',
};
const query = (over: Record<string, string> = {}): Map<string, string> => new Map(Object.entries({ ...base, ...over }));
const signedAt = Date.UTC(2024, 2, 1, 12, 0, 0);

function refusal(f: () => void): S3Error {
  try { f(); } catch (e) { if (e instanceof S3Error) return e; throw e; }
  assert.fail('expected a refusal');
}

describe('presigned URL validity', () => {
  it('is valid up to and including X-Amz-Date + X-Amz-Expires, and expired a millisecond later', () => {
    checkPresigned(query(), signedAt + 60_000);
    const e = refusal(() => checkPresigned(query(), signedAt + 60_001));
    assert.equal(e.code, 'AccessDenied');
    assert.equal(e.httpStatus, 403);
    assert.deepEqual(e.extra, { 'X-Amz-Expires': '60', Expires: '2024-03-01T12:01:00Z', ServerTime: '2024-03-01T12:01:00Z' });
  });

  it('ignores requests that are not presigned', () => {
    checkPresigned(new Map([['X-Amz-Date', 'garbage']]), 0);
  });

  it('refuses impossible calendar dates and a date beyond the clock skew', () => {
    assert.equal(refusal(() => checkPresigned(query({ 'X-Amz-Date': '20240230T120000Z' }), signedAt)).code, 'AuthorizationQueryParametersError');
    assert.equal(refusal(() => checkPresigned(query(), signedAt - 15 * 60_000 - 1)).message, 'Request is not yet valid');
    checkPresigned(query(), signedAt - 15 * 60_000);
  });

  it('accepts X-Amz-Expires 0 (expired the next millisecond) and 604800', () => {
    checkPresigned(query({ 'X-Amz-Expires': '0' }), signedAt);
    assert.equal(refusal(() => checkPresigned(query({ 'X-Amz-Expires': '0' }), signedAt + 1)).message, 'Request has expired');
    checkPresigned(query({ 'X-Amz-Expires': '604800' }), signedAt + 604_800_000);
  });
});
