/** @module The command line: help, readable errors, exit codes (0 ok, 2 usage or input error). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI } from './process.js';

const run = promisify(execFile);

async function vpce(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args]);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('vpce CLI', () => {
  it('--help lists the commands', async () => {
    const r = await vpce(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /serve/);
    assert.match(r.stdout, /policy/);
  });

  it('serve --help documents every option', async () => {
    const r = await vpce(['serve', '--help']);
    assert.equal(r.code, 0);
    for (const opt of ['--host', '--port', '--state', '--default-account', 'VPCE_PORT']) assert.match(r.stdout, new RegExp(opt));
  });

  it('rejects a bad port and a bad account with exit 2 and a message saying what to do', async () => {
    const port = await vpce(['serve', '--port', 'abc', '--state', 'memory']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a number/);
    const account = await vpce(['serve', '--default-account', '12', '--state', 'memory']);
    assert.equal(account.code, 2);
    assert.match(account.stderr, /12-digit account id/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await vpce(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command/);
  });
});
