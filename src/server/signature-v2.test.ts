/** @module SigV2 string to sign and signature against AWS's published example, and its canonicalization rules. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthV2, signV2, stringToSignV2, verifySignatureV2 } from './signature-v2.js';
import type { SignedRequest } from './signature.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const req = (r: Partial<SignedRequest> & { headers: Record<string, string> }): SignedRequest => ({ method: 'GET', rawPath: '/', rawQuery: '', body: Buffer.alloc(0), ...r });

describe('S3 Signature Version 2', () => {
  it("AWS's example (Signing and authenticating REST requests, v2): GET /photos/puppy.jpg gives qgk2+6Sv9/oM7G3qLEjTH1a1l1g=", () => {
    // The bucket is named by the Host (virtual-hosted style) and signed as the resource's first segment.
    const r = req({ rawPath: '/photos/puppy.jpg', headers: { host: 'awsexamplebucket1.s3.us-west-1.amazonaws.com', date: 'Tue, 27 Mar 2007 19:36:42 +0000', authorization: 'AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=' } });
    const parsed = parseAuthV2(r);
    assert.equal(parsed.kind, 'sigv2');
    if (parsed.kind !== 'sigv2') return;
    assert.equal(stringToSignV2(r, parsed.auth), 'GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg');
    assert.equal(signV2(SECRET, stringToSignV2(r, parsed.auth)), 'qgk2+6Sv9/oM7G3qLEjTH1a1l1g=');
    assert.equal(verifySignatureV2(r, parsed.auth, SECRET).ok, true);
    assert.equal(verifySignatureV2(r, parsed.auth, `${SECRET}x`).ok, false);
  });

  it('signs x-amz-* headers sorted and unfolded, an empty Date line with x-amz-date, and only sub-resources of the query', () => {
    const r = req({
      method: 'PUT', rawPath: '/b/k%20x', rawQuery: 'uploadId=abc&partNumber=2&foo=bar',
      headers: { host: '127.0.0.1:4566', 'content-md5': 'MD5', 'content-type': 'text/plain', date: 'ignored', 'x-amz-date': 'Tue, 27 Mar 2007 21:15:45 +0000', 'x-amz-meta-b': ' two  words ', 'x-amz-meta-a': '1,2' },
    });
    assert.equal(stringToSignV2(r, { accessKeyId: 'k', signature: '', presigned: false }),
      'PUT\nMD5\ntext/plain\n\nx-amz-date:Tue, 27 Mar 2007 21:15:45 +0000\nx-amz-meta-a:1,2\nx-amz-meta-b:two words\n/b/k%20x?partNumber=2&uploadId=abc');
  });

  it('a presigned URL signs its Expires in the Date position; missing Signature or Expires is malformed', () => {
    const r = req({ rawPath: '/b/k', rawQuery: 'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=x', headers: { host: '127.0.0.1' } });
    const parsed = parseAuthV2(r);
    assert.equal(parsed.kind, 'sigv2');
    if (parsed.kind === 'sigv2') assert.equal(stringToSignV2(r, parsed.auth), 'GET\n\n\n1175139620\n/b/k');
    assert.equal(parseAuthV2(req({ rawQuery: 'AWSAccessKeyId=A&Expires=1', headers: {} })).kind, 'malformed');
    assert.equal(parseAuthV2(req({ headers: { authorization: 'AWS nocolon' } })).kind, 'malformed');
  });
});
