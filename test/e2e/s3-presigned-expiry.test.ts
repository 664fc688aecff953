/**
 * @module Presigned URL validity (SigV4 query authentication): X-Amz-Date + X-Amz-Expires against the server clock,
 * and AWS's errors for malformed query parameters. URLs are presigned by the SDK's own signer with a past signing
 * date, so no test waits.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { startHarness, type Harness } from './harness.js';
import { code, raw } from './s3-raw.js';

const bytes = (d: SourceData): string | Uint8Array => (typeof d === 'string' ? d : d instanceof Uint8Array ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));

/** SHA-256 / HMAC-SHA-256 in the shape the signer wants. */
class Sha256 {
  private readonly h;
  constructor(secret?: SourceData) { this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret)); }
  update(data: SourceData): void { this.h.update(bytes(data)); }
  digest(): Promise<Uint8Array> { return Promise.resolve(this.h.digest()); }
}

const signer = new SignatureV4({ credentials: { accessKeyId: '111111111111', secretAccessKey: 'test' }, region: 'us-east-1', service: 's3', sha256: Sha256 });

async function presignedPath(url: string, path: string, signingDate: Date, expiresIn: number): Promise<string> {
  const u = new URL(url);
  const req = await signer.presign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers: { host: u.host }, query: {} }, { signingDate, expiresIn });
  const qs = new URLSearchParams(req.query as Record<string, string>).toString();
  return `${path}?${qs}`;
}

describe('S3 presigned URL expiry', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'presign' }));
    await s3.send(new PutObjectCommand({ Bucket: 'presign', Key: 'k', Body: 'secret' }));
  });
  after(async () => { await h.close(); });

  it('serves a URL within its validity window', async () => {
    const path = await presignedPath(h.url, '/presign/k', new Date(Date.now() - 60_000), 3600);
    const r = await raw(h.url, 'GET', path, { host: new URL(h.url).host });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'secret');
  });

  // AWS: after X-Amz-Date + X-Amz-Expires, 403 AccessDenied "Request has expired" with X-Amz-Expires, Expires and
  // ServerTime elements.
  it('refuses an expired URL with AccessDenied "Request has expired" naming the times', async () => {
    const signedAt = new Date(Date.now() - 2 * 3600_000);
    const path = await presignedPath(h.url, '/presign/k', signedAt, 3600);
    const r = await raw(h.url, 'GET', path);
    assert.equal(r.status, 403);
    assert.equal(code(r.body), 'AccessDenied');
    assert.match(r.body, /<Message>Request has expired<\/Message>/);
    assert.match(r.body, /<X-Amz-Expires>3600<\/X-Amz-Expires>/);
    const expires = new Date(Math.floor(signedAt.getTime() / 1000) * 1000 + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.match(r.body, new RegExp(`<Expires>${expires}</Expires>`));
    assert.match(r.body, /<ServerTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/ServerTime>/);
    // Refused before the bucket is looked up.
    const gone = await raw(h.url, 'GET', await presignedPath(h.url, '/no-such-bucket-p/k', signedAt, 3600));
    assert.equal(code(gone.body), 'AccessDenied');
  });

  // AWS: X-Amz-Expires is 0..604800 seconds and X-Amz-Date an ISO 8601 basic timestamp; otherwise 400
  // AuthorizationQueryParametersError. All six query parameters are required.
  it('refuses malformed query parameters with AuthorizationQueryParametersError', async () => {
    const good = await presignedPath(h.url, '/presign/k', new Date(), 60);
    const withParam = (name: string, value: string | null): string => {
      const [p, q] = good.split('?') as [string, string];
      const params = new URLSearchParams(q);
      if (value === null) params.delete(name); else params.set(name, value);
      return `${p}?${params.toString()}`;
    };
    for (const [name, value, message] of [
      ['X-Amz-Expires', '604801', /less than a week \(in seconds\) that is 604800/],
      ['X-Amz-Expires', '-1', /must be non-negative/],
      ['X-Amz-Expires', 'soon', /should be a number/],
      ['X-Amz-Expires', null, /requires the X-Amz-Algorithm/],
      ['X-Amz-Date', '2024-01-01T00:00:00Z', /ISO8601 Long Format/],
    ] as const) {
      const r = await raw(h.url, 'GET', withParam(name, value));
      assert.equal(r.status, 400, `${name}=${value}`);
      assert.equal(code(r.body), 'AuthorizationQueryParametersError');
      assert.match(r.body, message);
    }
    const week = await raw(h.url, 'GET', withParam('X-Amz-Expires', '604800'));
    assert.equal(week.status, 200);
  });

  // AWS: a URL dated beyond the allowed clock skew (15 minutes) is not valid yet.
  it('refuses a URL signed in the future', async () => {
    const r = await raw(h.url, 'GET', await presignedPath(h.url, '/presign/k', new Date(Date.now() + 3600_000), 60));
    assert.equal(r.status, 403);
    assert.match(r.body, /Request is not yet valid/);
  });
});
