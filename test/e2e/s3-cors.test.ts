/**
 * @module S3 CORS: Get/Put/DeleteBucketCors through the SDK with S3's validation errors, and the browser side over
 * raw HTTP (fetch): unsigned OPTIONS preflights answered from the rules, and CORS headers on actual requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand, type CORSRule, type S3Client,
} from '@aws-sdk/client-s3';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const RULES: CORSRule[] = [
  { ID: 'uploads', AllowedOrigins: ['https://app.example.com', 'https://*.example.org'], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
  { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] },
];

describe('S3 CORS configuration and preflight', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    // The pages these preflights and requests come from are allowed to call vpce (`--allow-origin`); the bucket's
    // CORS rules then decide, as S3 does.
    h = await startHarness(undefined, null, { guard: { allowOrigins: ['*'] } });
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'web' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    await s3.send(new PutObjectCommand({ Bucket: 'web', Key: 'a.txt', Body: 'hello' }));
  });
  after(async () => { await h.close(); });

  const preflight = (path: string, headers: Record<string, string>) => fetch(`${h.url}${path}`, { method: 'OPTIONS', headers });

  it('GetBucketCors on a bucket without rules is 404 NoSuchCORSConfiguration', async () => {
    await rejectsWith(s3.send(new GetBucketCorsCommand({ Bucket: 'web' })), 'NoSuchCORSConfiguration', 404);
  });

  it('PutBucketCors stores the rules and GetBucketCors returns them', async () => {
    await s3.send(new PutBucketCorsCommand({ Bucket: 'web', CORSConfiguration: { CORSRules: RULES } }));
    const got = await s3.send(new GetBucketCorsCommand({ Bucket: 'web' }));
    assert.deepEqual(got.CORSRules, RULES);
  });

  it('AWS: AllowedMethod is one of GET, PUT, POST, DELETE, HEAD (InvalidRequest)', async () => {
    const e = await rejectsWith(s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] } })), 'InvalidRequest');
    assert.match(e.message, /Unsupported method is PATCH/);
  });

  it('AWS: at most one wildcard per AllowedOrigin and AllowedHeader (InvalidRequest)', async () => {
    const e = await rejectsWith(s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://*.*.com'], AllowedMethods: ['GET'] }] } })), 'InvalidRequest');
    assert.match(e.message, /AllowedOrigin "https:\/\/\*\.\*\.com" can not have more than one wildcard/);
    await rejectsWith(s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['x-*-*'] }] } })), 'InvalidRequest');
  });

  it('AWS: at most 100 rules (MalformedXML), an ID of at most 255 characters (InvalidArgument), and a rule needs an origin', async () => {
    const rule = { AllowedOrigins: ['*'], AllowedMethods: ['GET'] };
    await rejectsWith(s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: Array.from({ length: 101 }, () => rule) } })), 'MalformedXML');
    await rejectsWith(s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: [{ ...rule, ID: 'x'.repeat(256) }] } })), 'InvalidArgument');
    await rejectsWith(s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: [{ AllowedOrigins: [], AllowedMethods: ['GET'] }] } })), 'MalformedXML');
    // Nothing was stored by the refused calls.
    await rejectsWith(s3.send(new GetBucketCorsCommand({ Bucket: 'plain' })), 'NoSuchCORSConfiguration', 404);
  });

  it('a Put body is checked: a wrong Content-MD5 is BadDigest, no document or broken XML is MalformedXML', async () => {
    const doc = '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';
    const badMd5 = await raw(h.url, 'PUT', '/plain?cors', { ...signedFor('111111111111'), 'content-md5': createHash('md5').update('other').digest('base64') }, doc);
    assert.equal(badMd5.status, 400);
    assert.equal(code(badMd5.body), 'BadDigest');
    for (const body of ['', '<CORSConfiguration><CORSRule>']) {
      const r = await raw(h.url, 'PUT', '/plain?cors', signedFor('111111111111'), body);
      assert.equal(r.status, 400);
      assert.equal(code(r.body), 'MalformedXML');
    }
    await rejectsWith(s3.send(new GetBucketCorsCommand({ Bucket: 'plain' })), 'NoSuchCORSConfiguration', 404);
  });

  it('a preflight matching a rule answers 200 with the rule\'s headers, unsigned', async () => {
    const r = await preflight('/web/a.txt', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'Content-Type, X-Amz-Date' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(r.headers.get('access-control-allow-methods'), 'PUT, POST');
    assert.equal(r.headers.get('access-control-allow-headers'), 'content-type, x-amz-date');
    assert.equal(r.headers.get('access-control-expose-headers'), 'ETag');
    assert.equal(r.headers.get('access-control-max-age'), '600');
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(r.headers.get('vary'), 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  });

  it('a virtual-hosted preflight (bucket in the Host header) is answered from the same rules', async () => {
    const port = new URL(h.url).port;
    const r = await raw(h.url, 'OPTIONS', '/a.txt', { host: `web.s3.localhost:${port}`, origin: 'https://app.example.com', 'access-control-request-method': 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example.com');
  });

  it('a wildcard origin pattern matches, and a rule for any origin answers `*`', async () => {
    const sub = await preflight('/web/a.txt', { origin: 'https://cdn.example.org', 'access-control-request-method': 'POST' });
    assert.equal(sub.status, 200);
    assert.equal(sub.headers.get('access-control-allow-origin'), 'https://cdn.example.org');
    const any = await preflight('/web/a.txt', { origin: 'https://elsewhere.test', 'access-control-request-method': 'GET' });
    assert.equal(any.status, 200);
    assert.equal(any.headers.get('access-control-allow-origin'), '*');
    assert.equal(any.headers.get('access-control-allow-credentials'), null);
  });

  it('a preflight no rule allows is 403 AccessForbidden (method, origin or a header not allowed)', async () => {
    for (const headers of [
      { origin: 'https://elsewhere.test', 'access-control-request-method': 'PUT' },
      { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' },
      { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
    ]) {
      const r = await preflight('/web/a.txt', headers);
      assert.equal(r.status, 403);
      const body = await r.text();
      assert.equal(code(body), 'AccessForbidden');
      assert.match(body, /CORSResponse: This CORS request is not allowed/);
      assert.equal(r.headers.get('access-control-allow-origin'), null);
    }
  });

  it('a preflight to a bucket without CORS is 403; without Origin or method 400 BadRequest', async () => {
    const none = await preflight('/plain/a.txt', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' });
    assert.equal(none.status, 403);
    assert.match(await none.text(), /CORS is not enabled for this bucket/);
    const noOrigin = await preflight('/web/a.txt', { 'access-control-request-method': 'GET' });
    assert.equal(noOrigin.status, 400);
    assert.equal(code(await noOrigin.text()), 'BadRequest');
    const noMethod = await preflight('/web/a.txt', { origin: 'https://app.example.com' });
    assert.equal(noMethod.status, 400);
    assert.match(await noMethod.text(), /Access-Control-Request-Method/);
    const missing = await preflight('/no-such-bucket/a.txt', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' });
    assert.equal(missing.status, 403);
  });

  it('an actual request with a matching Origin gets the CORS headers; another origin only Vary', async () => {
    const signed = h.s3('111111111111');
    signed.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['origin'] = 'https://app.example.com';
      return next(args);
    }, { step: 'build', name: 'origin' });
    let seen: Record<string, string> = {};
    signed.middlewareStack.add((next) => async (args) => {
      const out = await next(args);
      seen = (out.response as { headers: Record<string, string> }).headers;
      return out;
    }, { step: 'deserialize', name: 'capture' });
    await signed.send(new PutObjectCommand({ Bucket: 'web', Key: 'b.txt', Body: 'x' }));
    assert.equal(seen['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(seen['access-control-expose-headers'], 'ETag');
    const anon = await fetch(`${h.url}/web/a.txt`, { headers: { origin: 'https://elsewhere.test' } });
    assert.equal(anon.headers.get('vary'), 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  });

  it('DeleteBucketCors removes the rules (204); preflights are then refused', async () => {
    await s3.send(new DeleteBucketCorsCommand({ Bucket: 'web' }));
    await rejectsWith(s3.send(new GetBucketCorsCommand({ Bucket: 'web' })), 'NoSuchCORSConfiguration', 404);
    const r = await preflight('/web/a.txt', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' });
    assert.equal(r.status, 403);
  });
});
