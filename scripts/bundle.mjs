/**
 * @module `npm run build`'s second step: bundle the CLI (tsc's output stays for tests and tools) into one file,
 * `dist/src/cli/vpce-main.cjs`, run by `dist/src/cli/vpce.js` (scripts/vpce-loader.mjs: the bin `npm start` runs)
 * through V8's code cache. Loading one file instead of ~230 modules, and compiling it only once, is most of vpce's
 * start-up (see docs/performance.md). The bundle sits beside main.js so the paths the code resolves from its own
 * location (`../../../src/specs/*.json`, `../../../package.json`) still point at the same files.
 * better-sqlite3 stays external (a native addon loaded from node_modules).
 */
import { build } from 'esbuild';
import { copyFileSync, chmodSync, readdirSync, rmSync } from 'node:fs';

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
// A new bundle makes every cached compilation stale.
for (const f of readdirSync('dist/src/cli')) if (/^\.vpce-main\..*\.v8cache/.test(f)) rmSync(`dist/src/cli/${f}`, { force: true });
copyFileSync('scripts/vpce-loader.mjs', 'dist/src/cli/vpce.js');
chmodSync('dist/src/cli/vpce.js', 0o755);
