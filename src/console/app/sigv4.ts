/**
 * @module SigV4 signing in the page (WebCrypto), for the console's calls when the user gave credentials: needed
 * when vpce runs with `--auth strict`, where unsigned account-id keys are refused. The console calls fixed paths
 * of plain segments (`/`, `/_vpce/logs`), so the canonical URI is the path as is; it signs `host`, `x-amz-date`,
 * the content type when there is a body, and the session token when there is one, as the AWS SDKs do.
 */

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** UTF-8 bytes in an ArrayBuffer of their own (what WebCrypto's key import takes). */
function bytes(text: string): ArrayBuffer {
  const b = encoder.encode(text);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes(text)));
}

async function hmac(key: ArrayBuffer, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, bytes(text));
}

/** `20261205T150000Z` */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(v: string): string {
  return encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The query's parameters encoded and sorted by key, then value. */
function canonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query)].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface UnsignedRequest {
  readonly method: 'GET' | 'POST';
  /** The host the browser will send (the page's `location.host`). */
  readonly host: string;
  readonly path: string;
  /** Without the `?`; '' for none. */
  readonly query: string;
  readonly body: string;
  /** Sent and signed when there is a body. */
  readonly contentType?: string;
}

/**
 * The headers that make `req` a SigV4-signed request for `service` in `region`: `authorization`, `x-amz-date`,
 * the session token if any, and the `content-type` that was signed. The browser sends `Host` itself, from the
 * page's address, which is the `host` signed here.
 */
export async function signRequest(creds: Credentials, region: string, service: string, req: UnsignedRequest, now = new Date()): Promise<Record<string, string>> {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = { host: req.host, 'x-amz-date': date };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  if (creds.sessionToken !== undefined && creds.sessionToken !== '') headers['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [
    req.method, req.path, canonicalQuery(req.query), ...names.map((n) => `${n}:${(headers[n] ?? '').trim()}`), '', names.join(';'), await sha256Hex(req.body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${await sha256Hex(canonical)}`;
  let key = await hmac(bytes(`AWS4${creds.secretAccessKey}`), day);
  for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  const { host: _host, ...send } = headers;
  return { ...send, authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
