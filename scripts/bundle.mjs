/**
 * @module `npm run build`'s second step: bundle the CLI (tsc's output stays for tests and tools) into one file,
 * `dist/src/cli/vpce-main.cjs`, run by `dist/src/cli/vpce.js` (scripts/vpce-loader.mjs: the bin `npm start` runs)
 * through V8's code cache. Loading one file instead of ~230 modules, and compiling it only once, is most of vpce's
 * start-up (see docs/performance.md). The bundle sits beside main.js so the paths the code resolves from its own
 * location (`../../../src/specs/*.json`, `../../../package.json`) still point at the same files.
 * better-sqlite3 stays external (a native addon loaded from node_modules).
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/src/cli/vpce-main.cjs',
  bundle: true,
  platform: 'node',
  // A script rather than a module: V8 can cache a script's compiled code (vm.Script), not an ES module's.
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3'],
  // The loader passes the bundle's own URL (the code resolves specs and package.json from it).
  define: { 'import.meta.url': '__vpceModuleUrl' },
  logLevel: 'warning',
});
// An ASCII-only bundle: esbuild escapes non-ASCII characters in code but keeps comments as written. The loader reads
// an ASCII file as Latin-1, 4-6 ms for the 1.7 MB here, where decoding it as UTF-8 took 20-35 ms of every start (one
// non-ASCII character also made V8 hold the whole source as two-byte text). A `\uXXXX` escape means the same as
// the character in a string, template, regular expression or identifier, and is harmless in a comment (only a
// String.raw template would see the escape itself; the bundle has none with such characters).
const bundle = 'dist/src/cli/vpce-main.cjs';
const text = readFileSync(bundle, 'utf8');
const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (ascii !== text) writeFileSync(bundle, ascii);
// A new bundle makes every cached compilation stale.
for (const f of readdirSync('dist/src/cli')) if (/^\.vpce-main\..*\.v8cache/.test(f)) rmSync(`dist/src/cli/${f}`, { force: true });
copyFileSync('scripts/vpce-loader.mjs', 'dist/src/cli/vpce.js');
chmodSync('dist/src/cli/vpce.js', 0o755);

// Warm the code cache: start the server once (memory state, any free port), send it a health check and an EC2 call
// (their code is compiled and cached too), and stop it when the loader has written the cache, so the first real
// start is as quick as the next ones. Best effort: without it the first start writes the cache.
const cached = () => readdirSync('dist/src/cli').some((f) => /^\.vpce-main\..*\.v8cache$/.test(f));
const warm = spawn(process.execPath, ['dist/src/cli/vpce.js', 'serve', '--state', 'memory', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'ignore'] });
let out = '';
let called = false;
warm.stdout.on('data', (d) => {
  out += d;
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  if (url === undefined || called) return;
  called = true;
  const auth = 'AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64);
  fetch(`${url}/_vpce/health`).then(() => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth }, body: 'Action=DescribeVpcs&Version=2016-11-15' })).catch(() => undefined);
});
const deadline = Date.now() + 15_000;
while (!cached() && Date.now() < deadline && warm.exitCode === null) await new Promise((r) => setTimeout(r, 50));
warm.kill('SIGTERM');
