/** @module The command line: help, readable errors, exit codes (0 ok, 2 usage or input error). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runVpce } from './process.js';


const vpce = (args: string[]) => runVpce(args);

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
    for (const opt of ['--host', '--port', '--state', '--default-account', 'VPCE_PORT', '--auth', '--root-secret', 'VPCE_ROOT_SECRET', '--allow-host', '--allow-origin']) assert.match(r.stdout, new RegExp(opt));
  });

  it('rejects a bad port and a bad account with exit 2 and a message saying what to do', async () => {
    const port = await vpce(['serve', '--port', 'abc', '--state', 'memory']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a number/);
    const account = await vpce(['serve', '--default-account', '12', '--state', 'memory']);
    assert.equal(account.code, 2);
    assert.match(account.stderr, /12-digit account id/);
    const auth = await vpce(['serve', '--auth', 'lax', '--state', 'memory']);
    assert.equal(auth.code, 2);
    assert.match(auth.stderr, /--auth must be 'open' or 'strict'/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await vpce(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command/);
  });
});
