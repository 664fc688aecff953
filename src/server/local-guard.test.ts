/** @module Host and Origin checks against DNS rebinding and cross-site requests. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostAllowed, originForeign, type GuardSettings } from './local-guard.js';

const local: GuardSettings = { boundHost: '127.0.0.1', allowHosts: ['vpce'], allowOrigins: ['http://localhost:3000'] };

describe('Host check (DNS rebinding)', () => {
  it('accepts loopback addresses, localhost names, AWS names, allowed names and a missing Host', () => {
    for (const h of ['127.0.0.1:4566', '127.0.0.2', '[::1]:4566', 'localhost:4566', 'bucket.s3.us-east-1.localhost', 's3.amazonaws.com', 'b.s3.eu-west-1.amazonaws.com', 'vpce:4566', undefined]) {
      assert.ok(hostAllowed(h, local), String(h));
    }
  });
  it('refuses other names and addresses', () => {
    for (const h of ['evil.example:4566', 'localhost.evil.example', '10.0.0.5:4566', 'amazonaws.com.evil.example']) assert.ok(!hostAllowed(h, local), h);
  });
  it('accepts any address when bound to all interfaces, but still no foreign names', () => {
    const all = { ...local, boundHost: '0.0.0.0' };
    assert.ok(hostAllowed('10.0.0.5:4566', all));
    assert.ok(!hostAllowed('evil.example', all));
  });
});

describe('Origin check (cross-site requests)', () => {
  it('passes requests without Origin, same-origin pages and allowed origins', () => {
    assert.ok(!originForeign(undefined, '127.0.0.1:4566', local));
    assert.ok(!originForeign('http://127.0.0.1:4566', '127.0.0.1:4566', local));
    assert.ok(!originForeign('http://localhost:3000', '127.0.0.1:4566', local));
    assert.ok(!originForeign('https://anything', '127.0.0.1:4566', { ...local, allowOrigins: ['*'] }));
  });
  it('flags other origins, opaque ones (null) and malformed ones', () => {
    assert.ok(originForeign('http://evil.example', '127.0.0.1:4566', local));
    assert.ok(originForeign('null', '127.0.0.1:4566', local));
    assert.ok(originForeign('http://127.0.0.1:9999', '127.0.0.1:4566', local));
  });
});
