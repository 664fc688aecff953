/**
 * @module `npm run build`'s second step: bundle the CLI (tsc's output stays for tests and tools) into one ESM file,
 * `dist/src/cli/vpce.js`, that `npm start` and the `vpce` bin run. Loading one file instead of ~230 modules is most
 * of vpce's start-up (see docs/performance.md). The bundle sits beside main.js so the paths the code resolves from
 * its own location (`../../../src/specs/*.json`, `../../../package.json`) still point at the same files.
 * better-sqlite3 stays external (a native addon loaded from node_modules).
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/src/cli/vpce.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  // CommonJS dependencies (commander) call require() for Node's built-ins; an ESM bundle has none of its own.
  banner: { js: "import { createRequire as __vpceRequire } from 'node:module'; const require = __vpceRequire(import.meta.url);" },
  logLevel: 'warning',
});
