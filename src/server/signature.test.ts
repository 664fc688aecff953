/** @module SigV4 checking against the AWS SDK's own signer as the oracle: what it signs we accept, any change we refuse. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { parseAuth, verifySignature, type SignedRequest } from './signature.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2026-12-05T10:00:00Z');

interface Case { readonly service: string; readonly method: string; readonly path: string; readonly query?: Record<string, string>; readonly body?: string; readonly headers?: Record<string, string> }

/** Sign with the SDK's signer, then turn its request into what our server sees (raw path and query as sent). */
async function signed(c: Case, opts: { presign?: boolean; token?: string } = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: c.service, region: 'eu-west-1', sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: SECRET, ...(opts.token ? { sessionToken: opts.token } : {}) },
    uriEscapePath: c.service !== 's3', applyChecksum: c.service === 's3',
  });
  const body = c.body ?? '';
  // What goes on the wire: S3 keys percent-encoded once by the client (and signed so); other paths as they are.
  const rawPath = c.service === 's3' ? c.path.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)).join('/') : c.path;
  // The S3 presigner signs UNSIGNED-PAYLOAD through this header, which then is not sent.
  const presignHeader: Record<string, string> = opts.presign ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {};
  const request = {
    method: c.method, protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: rawPath, query: c.query ?? {},
    headers: { host: '127.0.0.1:4566', ...(c.headers ?? {}), ...presignHeader }, body,
  };
  const out = opts.presign
    ? await signer.presign(request, { signingDate: NOW, expiresIn: 300 })
    : await signer.sign(request, { signingDate: NOW });
  const rawQuery = Object.entries(out.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x ?? ''))}`)).join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) headers[k.toLowerCase()] = String(v);
  if (opts.presign) delete headers['x-amz-content-sha256'];
  return { method: c.method, rawPath, rawQuery, headers, body: Buffer.from(body) };
}

const CASES: readonly Case[] = [
  { service: 'ec2', method: 'POST', path: '/', body: 'Action=DescribeVpcs&Version=2016-11-15', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } },
  { service: 'dynamodb', method: 'POST', path: '/', body: '{"TableName":"t"}', headers: { 'x-amz-target': 'DynamoDB_20120810.DescribeTable', 'content-type': 'application/x-amz-json-1.0' } },
  { service: 's3', method: 'PUT', path: '/bucket/dir/a b+c~d*é', body: 'hello', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-meta-note': '  two   spaces ' } },
  { service: 's3', method: 'GET', path: '/bucket', query: { 'list-type': '2', prefix: 'a/b c', 'continuation-token': 'x+y=', delimiter: '/' }, headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
  { service: 'iam', method: 'POST', path: '/', body: 'Action=ListUsers&Version=2010-05-08' },
];

describe('SigV4 checking (the SDK signer as oracle)', () => {
  for (const c of CASES) {
    it(`accepts what the SDK signs for ${c.service} ${c.method} ${c.path}, and refuses it with another secret or body`, async () => {
      const req = await signed(c);
      const parsed = parseAuth(req);
      assert.equal(parsed.kind, 'sigv4');
      if (parsed.kind !== 'sigv4') return;
      assert.equal(parsed.auth.region, 'eu-west-1');
      assert.ok(verifySignature(req, parsed.auth, SECRET).ok, verifySignature(req, parsed.auth, SECRET).stringToSign);
      assert.ok(!verifySignature(req, parsed.auth, `${SECRET}x`).ok);
      if (c.service !== 's3') assert.ok(!verifySignature({ ...req, body: Buffer.from(`${c.body ?? ''} `) }, parsed.auth, SECRET).ok);
      assert.ok(!verifySignature({ ...req, method: c.method === 'GET' ? 'DELETE' : 'GET' }, parsed.auth, SECRET).ok);
    });
  }

  it('accepts a presigned S3 URL, with its session token, and refuses a changed query', async () => {
    const req = await signed({ service: 's3', method: 'GET', path: '/bucket/key.txt', query: { versionId: 'v1' } }, { presign: true, token: 'tok/en+=' });
    const parsed = parseAuth(req);
    assert.equal(parsed.kind, 'sigv4');
    if (parsed.kind !== 'sigv4') return;
    assert.equal(parsed.auth.presigned, true);
    assert.equal(parsed.auth.expiresSeconds, 300);
    assert.equal(parsed.auth.sessionToken, 'tok/en+=');
    assert.ok(verifySignature(req, parsed.auth, SECRET).ok);
    assert.ok(!verifySignature({ ...req, rawQuery: req.rawQuery.replace('versionId=v1', 'versionId=v2') }, parsed.auth, SECRET).ok);
  });

  it('reports malformed authorization headers and passes unsigned requests', () => {
    const base = { method: 'GET', rawPath: '/', rawQuery: '', body: Buffer.alloc(0) };
    assert.equal(parseAuth({ ...base, headers: {} }).kind, 'none');
    assert.equal(parseAuth({ ...base, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request' } }).kind, 'malformed');
    assert.equal(parseAuth({ ...base, headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`, 'x-amz-date': '20260101T000000Z' } }).kind, 'malformed');
    assert.equal(parseAuth({ ...base, headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` } }).kind, 'malformed');
    assert.equal(parseAuth({ ...base, headers: {}, rawQuery: 'X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request' }).kind, 'malformed');
  });
});
