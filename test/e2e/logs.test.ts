/** @module `vpce logs` as a child process: usage errors, and `--follow` printing lines appended after it started. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runVpce } from './process.js';

describe('vpce logs', () => {
  it('refuses an unknown log and a missing state directory, saying what to do (exit 2)', async () => {
    let r = await runVpce(['logs', 'vpc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /use 'flow' or 'api'/);
    r = await runVpce(['logs', 'api', '--state', '/nonexistent/vpce-state']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pass the --state that vpce serve uses/);
  });

  it('--follow prints flow records appended while it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-follow-'));
    try {
      mkdirSync(join(dir, 'logs', 'flow'), { recursive: true });
      const file = join(dir, 'logs', 'flow', 'vpc-0123456789abcdef0.log');
      writeFileSync(file, '2 111111111111 eni-1 10.0.0.5 52.0.0.1 50000 443 6 3 300 1 1 ACCEPT OK\n');
      const child = spawn(process.execPath, [CLI, 'logs', 'flow', '--state', dir, '--follow'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let waiting: (() => void) | undefined;
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); waiting?.(); });
      const seen = (text: string) => new Promise<void>((resolve) => {
        waiting = () => { if (out.includes(text)) resolve(); };
        waiting();
      });
      await seen('10.0.0.5');
      appendFileSync(file, '2 111111111111 eni-1 10.0.0.5 52.0.0.1 50001 443 6 1 60 2 2 REJECT OK\n');
      await seen('REJECT OK');
      child.kill();
      assert.equal(out.trim().split('\n').length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
