#!/usr/bin/env node
/**
 * @module The `vpce` bin (`dist/src/cli/vpce.js`, copied there by scripts/bundle.mjs): runs the bundled CLI
 * (`vpce-main.cjs`) through V8's code cache. Compiling the 1.7 MB bundle was a quarter of start-up; with the cache
 * V8 reuses the code a previous run compiled (the top level and every function start-up ran). The cache is
 * written beside the bundle by `npm run build` (scripts/bundle.mjs starts the server once), else half a second into
 * the first start, and again whenever V8 refuses it (another Node, other flags); a directory we cannot write only
 * means every start compiles, as before.
 */
import { createRequire } from 'node:module';
import { isAscii } from 'node:buffer';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const file = fileURLToPath(new URL('./vpce-main.cjs', import.meta.url));
// The build writes the bundle as ASCII (scripts/bundle.mjs), which reads as Latin-1 several times faster than as
// UTF-8 (the same text); a bundle that is not ASCII after all is decoded as UTF-8.
const bytes = readFileSync(file);
let source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
// The entry's `#!` line (a script may not start with one): commented out, so line numbers stay the bundle's.
if (source.startsWith('#!')) source = `//${source}`;
const { size, mtimeMs } = statSync(file);
// V8 checks its own version and flags; the bundle is named by size and time (V8 compares only the source length).
const cacheFile = join(dirname(file), `.vpce-main.${size}.${Math.trunc(mtimeMs)}.v8cache`);
let cachedData;
try { cachedData = readFileSync(cacheFile); } catch { /* first start: compiled in full, cached below */ }
// The CommonJS wrapper, on the bundle's first line: `import.meta.url` is defined as __vpceModuleUrl at bundling.
const script = new Script(`(function (exports, require, module, __filename, __dirname, __vpceModuleUrl) {${source}\n})`, {
  filename: file,
  ...(cachedData !== undefined ? { cachedData } : {}),
});
const main = script.runInThisContext();
const module = { exports: {} };
main.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
if (cachedData === undefined || script.cachedDataRejected === true) {
  // After start-up has compiled what it runs (a server is listening by then); never keeps the process alive.
  setTimeout(() => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch { /* read-only install: starts compile as before */ }
  }, 500).unref();
}
