/**
 * @module The state folder holds secret access keys and session tokens: `vpce serve` makes it reachable by its own
 * user only (mode 0700), whether it creates the folder or finds it open to others.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveProcess } from './process.js';

describe('state folder permissions', () => {
  it('a new state folder and an existing world-readable one are 0700 once vpce serve runs', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'vpce-perm-'));
    try {
      const open = join(parent, 'open');
      mkdirSync(open);
      chmodSync(open, 0o755);
      for (const dir of [join(parent, 'fresh'), open]) {
        const proc = await serveProcess(dir);
        try {
          assert.equal(statSync(dir).mode & 0o777, 0o700, dir);
        } finally {
          await proc.stop();
        }
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
