/**
 * @module The web console's files at /_vpce/console/: a generated index.html and the two bundles esbuild built
 * (`scripts/build-console.mjs` -> dist/console/app.js, app.css). The console is a page of this same origin that
 * calls the EC2 Query API like any other client, so it passes the Host/Origin guard with nothing special.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawResponse } from './raw-http.js';

export const CONSOLE_PREFIX = '/_vpce/console';

interface Asset { readonly body: Buffer; readonly type: string; readonly etag: string }

const TYPES: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  // The layout engine (elkjs's worker script), fetched by the page only when it first draws a diagram.
  'elk-worker.js': 'text/javascript; charset=utf-8',
};

/**
 * Where the bundles are: dist/console next to dist/src (the tsc build), or a `console` folder beside a bundled
 * server file.
 */
function assetDir(): string | undefined {
  for (const rel of ['../../console/', './console/', '../console/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}app.js`)) return dir;
  }
  return undefined;
}

let cached: ReadonlyMap<string, Asset> | undefined;

/** The bundles, read once (they change only with a rebuild, which restarts the server). */
function assets(): ReadonlyMap<string, Asset> {
  if (cached !== undefined) return cached;
  const dir = assetDir();
  const out = new Map<string, Asset>();
  if (dir !== undefined) {
    for (const [name, type] of Object.entries(TYPES)) {
      if (!existsSync(dir + name)) continue;
      const body = readFileSync(dir + name);
      out.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
    }
  }
  cached = out;
  return out;
}

// The page may load only its own files and call only its own origin: nothing from the internet, no inline script.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; worker-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function indexHtml(a: ReadonlyMap<string, Asset>, defaultAccount: string): string {
  const v = (name: string): string => encodeURIComponent(a.get(name)?.etag.slice(1, 13) ?? '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="vpce-default-account" content="${escapeAttr(defaultAccount)}">
<meta name="vpce-elk-worker" content="elk-worker.js?v=${v('elk-worker.js')}">
<title>vpce console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="app.css?v=${v('app.css')}">
<script type="module" src="app.js?v=${v('app.js')}"></script>
</head>
<body>
<div id="app"><p class="boot">Loading the vpce console…</p></div>
<noscript>The vpce console needs JavaScript.</noscript>
</body>
</html>
`;
}

function text(status: number, message: string, extra: Record<string, string> = {}): RawResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra }, body: `${message}\n` };
}

/** Whether a request path belongs to the console. */
export function isConsolePath(path: string): boolean {
  return path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`);
}

/**
 * Answer a console request. index.html is never cached (it names the bundles by content hash); a bundle asked
 * for with `?v=` is immutable, without it revalidated by ETag.
 */
export function handleConsole(method: string, path: string, query: string, headers: Readonly<Record<string, string>>, defaultAccount: string): RawResponse {
  if (method !== 'GET' && method !== 'HEAD') return text(405, `${method} is not allowed here.`, { allow: 'GET, HEAD' });
  if (path === CONSOLE_PREFIX) return { status: 308, headers: { location: `${CONSOLE_PREFIX}/`, 'content-length': '0' } };
  const name = path.slice(CONSOLE_PREFIX.length + 1);
  const a = assets();
  const head = method === 'HEAD';
  if (name === '' || name === 'index.html') {
    if (a.size === 0) return text(503, 'The console is not built: run `npm run build` (it bundles src/console/app into dist/console).');
    const body = indexHtml(a, defaultAccount);
    return {
      status: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': CSP,
        'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'content-length': String(Buffer.byteLength(body)),
      },
      ...(head ? {} : { body }),
    };
  }
  const asset = a.get(name);
  if (asset === undefined) return text(404, `No console file '${name}'.`);
  const common = {
    'content-type': asset.type, etag: asset.etag, 'x-content-type-options': 'nosniff',
    'cache-control': /(^|&)v=/.test(query) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const match = headers['if-none-match'];
  if (match !== undefined && match.split(',').some((t) => t.trim() === asset.etag)) {
    return { status: 304, headers: { ...common, 'content-length': '0' } };
  }
  return { status: 200, headers: { ...common, 'content-length': String(asset.body.length) }, ...(head ? {} : { body: asset.body }) };
}
