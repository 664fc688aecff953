/**
 * @module The console's files as vpce serve answers them: index.html and the two bundles with their content types
 * and caching headers, revalidation by ETag, 404 for unknown files, GET/HEAD only, and the Host/Origin guard.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './harness.js';

interface Answer { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string }

function call(h: Harness, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, h.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console assets', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('serves index.html uncached, with a policy that loads nothing from elsewhere, naming the bundles by hash', async () => {
    const r = await call(h, 'GET', '/_vpce/console/');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.match(String(r.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    assert.match(r.body, /<script type="module" src="app\.js\?v=[\w-]+"><\/script>/);
    assert.match(r.body, /<link rel="stylesheet" href="app\.css\?v=[\w-]+">/);
    assert.match(r.body, /<meta name="vpce-default-account" content="000000000000">/);
    assert.doesNotMatch(r.body, /https?:\/\//, 'no absolute URL: everything is same-origin');
  });

  it('redirects /_vpce/console to the folder, so relative asset URLs resolve', async () => {
    const r = await call(h, 'GET', '/_vpce/console');
    assert.equal(r.status, 308);
    assert.equal(r.headers['location'], '/_vpce/console/');
  });

  it('serves the bundles with their types: immutable when versioned, revalidated by ETag otherwise', async () => {
    const js = await call(h, 'GET', '/_vpce/console/app.js?v=x');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    assert.ok(js.body.length > 1000);
    assert.doesNotMatch(js.body, /https?:\/\/(?!www\.w3\.org)[a-z]/i, 'the bundle fetches nothing from the internet');
    const css = await call(h, 'GET', '/_vpce/console/app.css');
    assert.equal(css.status, 200);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.headers['cache-control'], 'no-cache');
    assert.match(css.body, /prefers-color-scheme: ?dark/);
    const etag = String(css.headers['etag']);
    const again = await call(h, 'GET', '/_vpce/console/app.css', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    const head = await call(h, 'HEAD', '/_vpce/console/app.css');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(css.body)));
    assert.equal(head.body, '');
  });

  it('answers 404 for unknown files and paths, 405 for other methods', async () => {
    for (const path of ['/_vpce/console/nope.js', '/_vpce/console/app.js/x', '/_vpce/console/APP.JS', '/_vpce/console/index.htm']) {
      const r = await call(h, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
    }
    const post = await call(h, 'POST', '/_vpce/console/app.js');
    assert.equal(post.status, 405);
    assert.equal(post.headers['allow'], 'GET, HEAD');
  });

  it('keeps the Host and Origin guard: a rebound name or a foreign page is refused', async () => {
    const rebound = await call(h, 'GET', '/_vpce/console/', { host: 'attacker.example:80' });
    assert.equal(rebound.status, 403);
    assert.match(rebound.body, /DNS rebinding/);
    const foreign = await call(h, 'GET', '/_vpce/console/app.js', { origin: 'http://attacker.example' });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body, /cross-site request defence/);
  });
});
