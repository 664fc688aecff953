// Build the web console: src/console/app/main.tsx (Preact, TSX) bundled by esbuild into dist/console/app.js and
// dist/console/app.css, minified, every dependency inside (the console fetches nothing from the internet).
// Run by `npm run build` after tsc; `vpce serve` serves the two files at /_vpce/console/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
// esbuild strips types without checking them: check the app first (its own tsconfig: DOM, JSX for Preact).
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src/console/app/tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
await build({
  entryPoints: { app: join(root, 'src/console/app/main.tsx') },
  outdir: join(root, 'dist/console'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
});
// The layout engine for the topology diagram: elkjs's prebuilt, minified worker script, a separate file the page
// loads into a Web Worker only when it first draws a diagram (so the main bundle stays small).
mkdirSync(join(root, 'dist/console'), { recursive: true });
copyFileSync(join(root, 'node_modules/elkjs/lib/elk-worker.min.js'), join(root, 'dist/console/elk-worker.js'));
if (process.argv.includes('--verbose')) console.log(`console built in ${Date.now() - started} ms`);
