/**
 * @module The server survives clients and handlers that misbehave: bodies streamed to clients that hang up leave
 * no open files; a handler answer Node refuses to write is a 500, not a crash.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';

let h: Harness;
let dir = '';
const AUTH = 'AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';

const openFiles = (): number => readdirSync('/proc/self/fd').length;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-robust-'));
  h = await startHarness(sqliteStore(dir), dir);
  const s3 = h.s3('123456789012');
  await s3.send(new CreateBucketCommand({ Bucket: 'big' }));
  await s3.send(new PutObjectCommand({ Bucket: 'big', Key: 'blob', Body: Buffer.alloc(4 * 1024 * 1024, 1) }));
});
after(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('server robustness', () => {
  it('closes the object file when a client hangs up in the middle of a streamed GetObject', async () => {
    const base = openFiles();
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const { port } = new URL(h.url);
        const req = request({ host: '127.0.0.1', port, path: '/big/blob', headers: { authorization: AUTH }, agent: false }, (res) => {
          res.once('data', () => { req.destroy(); resolve(); });
        });
        req.on('error', () => resolve());
        req.end();
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(openFiles() <= base + 3, `open files grew from ${base} to ${openFiles()}`);
  });
});
