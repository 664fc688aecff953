/** @module `vpce serve`: run the emulator with persistent state. */
import type { Command } from 'commander';
import { chmodSync, mkdirSync } from 'node:fs';
import { World } from '../model/world.js';
import { memoryStore } from '../persistence/memory-store.js';
import { sqliteStore } from '../persistence/sqlite-store.js';
import { inspectState, moveAside } from '../persistence/state-check.js';
import type { AuthSettings } from '../server/authenticate.js';
import { startServer } from '../server/http.js';
import { systemClock } from '../shared/clock.js';
import { randomIdGen } from '../shared/ids.js';
import { VERSION } from './version.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve EC2, ELBv2, S3, DynamoDB, IAM and STS on one port, with state (and S3 objects, DynamoDB items, logs) kept on disk')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (env VPCE_PORT)', process.env['VPCE_PORT'] ?? '4566')
    .option('--state <dir>', "state directory, or 'memory' to keep nothing", '.vpce')
    .option('--default-account <id>', 'account for requests whose access key is not a 12-digit account id', '000000000000')
    .option('--auth <mode>', "'open': keys vpce issued must sign with their secret, any other key id acts with any secret; 'strict': only issued keys (and account ids signed with --root-secret)", 'open')
    .option('--root-secret <secret>', 'strict mode: the secret 12-digit account-id keys sign with (env VPCE_ROOT_SECRET; unused in open mode)', process.env['VPCE_ROOT_SECRET'])
    .option('--allow-host <names>', 'comma-separated Host names to answer besides its own address, localhost names and AWS names (a Docker service name)', process.env['VPCE_ALLOW_HOSTS'] ?? '')
    .option('--allow-origin <origins>', "comma-separated web page origins allowed to call the API ('*': any); other pages are refused", process.env['VPCE_ALLOW_ORIGINS'] ?? '')
    .option('--reset-damaged-state', 'start even when a state database is damaged: move each damaged file aside (to <file>.damaged-<time>) and start without what it held')
    .option('--log-max-size <MiB>', 'rotate logs/api.jsonl and each flow log when it reaches this size; the 3 previous files are kept (.1 newest)', '64')
    .option('--endpoint-settle-ms <ms>', 'how long a new interface endpoint reads as pending (and a deleted one as deleting)', '0')
    .addHelpText('after', `
Examples:
  vpce serve                          # 127.0.0.1:4566, state in ./.vpce
  vpce serve --port 5000 --state memory
  VPCE_ROOT_SECRET=s3cret vpce serve --auth strict
  aws --endpoint-url http://127.0.0.1:4566 ec2 describe-vpcs`)
    .action(async (opts: { host: string; port: string; state: string; defaultAccount: string; endpointSettleMs: string; auth: string; rootSecret?: string; allowHost: string; allowOrigin: string; resetDamagedState?: boolean; logMaxSize: string }) => {
      if (opts.auth !== 'open' && opts.auth !== 'strict') fail(`--auth must be 'open' or 'strict', not '${opts.auth}'`);
      const auth: AuthSettings = { mode: opts.auth, ...(opts.rootSecret !== undefined ? { rootSecret: opts.rootSecret } : {}) };
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not '${opts.port}'`);
      if (!/^\d{12}$/.test(opts.defaultAccount)) fail(`--default-account must be a 12-digit account id, not '${opts.defaultAccount}'`);
      let store;
      try {
        // The state holds secret keys and session tokens: only this user may enter its folder (files inside keep
        // their modes, but nobody else can reach them).
        if (opts.state !== 'memory') {
          // Every file the server makes from now on (databases, object bodies, logs, rotated logs) is owner-only.
          process.umask(0o077);
          mkdirSync(opts.state, { recursive: true, mode: 0o700 });
          chmodSync(opts.state, 0o700);
          refuseDamagedState(opts.state, opts.resetDamagedState === true);
        }
        store = opts.state === 'memory' ? memoryStore() : sqliteStore(opts.state);
      } catch (e) {
        fail(`cannot open state in '${opts.state}': ${(e as Error).message}. Choose another --state directory or 'memory'.`);
      }
      const world = new World(store, randomIdGen, systemClock);
      const settleMs = Number(opts.endpointSettleMs);
      if (!Number.isInteger(settleMs) || settleMs < 0) fail(`--endpoint-settle-ms must be a whole number of milliseconds, not '${opts.endpointSettleMs}'`);
      world.settings.endpointSettleMs = settleMs;
      const logMiB = Number(opts.logMaxSize);
      if (!Number.isFinite(logMiB) || logMiB <= 0) fail(`--log-max-size must be a positive number of MiB, not '${opts.logMaxSize}'`);
      let running;
      try {
        running = await startServer({ host: opts.host, port, world, defaultAccount: opts.defaultAccount, version: VERSION, dataDir: opts.state === 'memory' ? null : opts.state, auth,
          logRotation: { maxBytes: Math.round(logMiB * 1024 * 1024), keep: 3 },
          guard: { allowHosts: list(opts.allowHost), allowOrigins: list(opts.allowOrigin) } });
      } catch (e) {
        fail(`cannot listen on ${opts.host}:${port}: ${(e as Error).message}. Is another vpce running? Try --port.`);
      }
      console.log(`vpce ${VERSION} listening on ${running.url} (state: ${store.location}, ${world.size} records)`);
      // A stop never crashes: a store that cannot checkpoint (a full disk) keeps its write-ahead log for the next start.
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        void running.close().catch((e: unknown) => { console.error(`vpce: stopping the server: ${(e as Error).message}`); }).then(() => {
          try { store.close(); } catch (e) { console.error(`vpce: closing the state: ${(e as Error).message} (its write-ahead log is kept and replayed at the next start)`); }
          console.log('vpce stopped');
          process.exit(0);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}

const list = (csv: string): string[] => csv.split(',').map((s) => s.trim()).filter((s) => s !== '');

/**
 * Refuse to start on a damaged state database (it would start empty, or lose the writes its log holds), naming the
 * file and the problem; with --reset-damaged-state move the damaged files aside and go on.
 */
function refuseDamagedState(dir: string, reset: boolean): void {
  const damaged = inspectState(dir);
  if (damaged.length === 0) return;
  for (const d of damaged) console.error(`vpce serve: damaged state: ${d.file}: ${d.problem}`);
  if (!reset) {
    fail(`refusing to start on damaged state in '${dir}' (it would start without the data those files hold). Restore the files from a backup, or start with --reset-damaged-state to move them aside and start without them.`);
  }
  for (const d of damaged) console.error(`vpce serve: moved aside: ${moveAside(d).join(', ')}`);
}

function fail(message: string): never {
  console.error(`vpce serve: ${message}`);
  process.exit(2);
}
