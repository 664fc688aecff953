/**
 * @module AWS Signature Version 4 checking: rebuild the canonical request and string to sign the way the SDKs do
 * ("Create a canonical request for Signature Version 4", "Authenticating requests: using query parameters"),
 * derive the signing key from the secret, and compare. Used for credentials vpce issued (IAM user keys, STS and
 * `vpce exec` sessions) and, in strict mode, for the account roots' configured secret.
 */
import * as crypto from 'node:crypto';
import { createHmac } from 'node:crypto';
import { hmacHexEquals, hmacKey, type HmacKey } from '../shared/hmac-sha256.js';

/** The parts of an HTTP request a signature covers. */
export interface SignedRequest {
  readonly method: string;
  /** The path exactly as sent (still percent-encoded). */
  readonly rawPath: string;
  /** The query string exactly as sent (no leading `?`). */
  readonly rawQuery: string;
  /** Header values by lower-case name (repeated headers joined with `,`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body's SHA-256 hex when the body was streamed aside instead of held in `body` (S3 uploads). */
  readonly bodySha256?: string;
}

/** A parsed SigV4 authorization, from the header or a presigned URL's query. */
export interface SigV4Auth {
  readonly accessKeyId: string;
  /** `YYYYMMDD`. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `YYYYMMDDTHHMMSSZ`, from X-Amz-Date (or the Date header). */
  readonly amzDate: string;
  readonly presigned: boolean;
  /** X-Amz-Expires of a presigned URL, in seconds. */
  readonly expiresSeconds?: number;
  /** The session token the request carries (`X-Amz-Security-Token`), if any. */
  readonly sessionToken?: string;
}

export type AuthParse = { readonly kind: 'none' } | { readonly kind: 'sigv4'; readonly auth: SigV4Auth } | { readonly kind: 'malformed'; readonly reason: string };

const HEADER = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;

/** Split `AKID/20260101/us-east-1/s3/aws4_request`. */
function scopeOf(credential: string): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!)) return undefined;
  return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
}

/** Epoch ms as SigV4's `YYYYMMDDTHHMMSSZ`. */
export function toAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `Date` header (RFC 7231) as `YYYYMMDDTHHMMSSZ`, for clients that sign it instead of X-Amz-Date. */
function fromHttpDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : toAmzDate(ms);
}

/** Read the SigV4 authorization of a request: none, well formed, or malformed (with why, for the error message). */
export function parseAuth(req: SignedRequest): AuthParse {
  const header = req.headers['authorization'];
  if (header !== undefined && header.startsWith('AWS4-HMAC-SHA256')) {
    const m = HEADER.exec(header);
    if (!m) return { kind: 'malformed', reason: "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters." };
    const scope = scopeOf(m[1]!);
    if (!scope) return { kind: 'malformed', reason: `Credential '${m[1]}' is not of the form <key>/<date>/<region>/<service>/aws4_request.` };
    const amzDate = req.headers['x-amz-date'] ?? fromHttpDate(req.headers['date']);
    if (amzDate === undefined || !AMZ_DATE.test(amzDate)) return { kind: 'malformed', reason: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
    const token = req.headers['x-amz-security-token'];
    // Written out rather than spread: a spread with a conditional member built this object in V8's slow path,
    // several microseconds of every signed request.
    const { accessKeyId, date, region, service } = scope;
    const signedHeaders = m[2]!.split(';');
    const auth: SigV4Auth = token !== undefined
      ? { accessKeyId, date, region, service, signedHeaders, signature: m[3]!, amzDate, presigned: false, sessionToken: token }
      : { accessKeyId, date, region, service, signedHeaders, signature: m[3]!, amzDate, presigned: false };
    return { kind: 'sigv4', auth };
  }
  if (!/(^|&)X-Amz-Credential=/i.test(req.rawQuery)) return { kind: 'none' };
  const q = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(req.rawQuery)) q.set(k, v);
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return { kind: 'malformed', reason: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"' };
  const scope = scopeOf(q.get('X-Amz-Credential') ?? '');
  const signature = q.get('X-Amz-Signature') ?? '';
  const amzDate = q.get('X-Amz-Date') ?? '';
  const signedHeaders = q.get('X-Amz-SignedHeaders') ?? '';
  if (!scope || !/^[0-9a-f]{64}$/.test(signature) || !AMZ_DATE.test(amzDate) || signedHeaders === '') {
    return { kind: 'malformed', reason: 'Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.' };
  }
  const expires = q.get('X-Amz-Expires');
  const token = q.get('X-Amz-Security-Token');
  return {
    kind: 'sigv4',
    auth: {
      ...scope, signedHeaders: signedHeaders.split(';'), signature, amzDate, presigned: true,
      ...(expires !== undefined ? { expiresSeconds: Number(expires) } : {}), ...(token !== undefined ? { sessionToken: token } : {}),
    },
  };
}

/** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else `%XX` upper-case. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

/**
 * The canonical URI. S3 signs the path as sent (each segment encoded once, never normalized); every other service
 * signs the normalized path with each segment encoded again (the SDKs' double encoding).
 */
function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  // The Query APIs all post to `/`, which every rule below leaves as it is.
  if (path === '/') return path;
  if (service === 's3') return path.split('/').map((seg) => uriEncode(safeDecode(seg))).join('/');
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { segments.pop(); continue; }
    segments.push(uriEncode(uriEncode(safeDecode(seg))));
  }
  const joined = `/${segments.join('/')}`;
  return path.endsWith('/') && joined !== '/' ? `${joined}/` : joined;
}

/** Query parameters decoded, re-encoded, sorted by key then value; a presigned URL's signature excluded. */
function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = safeDecode((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const v = eq < 0 ? '' : safeDecode(part.slice(eq + 1).replace(/\+/g, ' '));
    if (presigned && k === 'X-Amz-Signature') continue;
    pairs.push([uriEncode(k), uriEncode(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

// One-shot digest (Node 20.12+): no Hash object per call, most of a small request's hashing cost.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;
const sha256Hex = oneShot !== undefined
  ? (data: string | Buffer): string => oneShot('sha256', data, 'hex')
  : (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/**
 * The payload hash signed: for S3 the declared `x-amz-content-sha256` (UNSIGNED-PAYLOAD when presigned; the S3
 * endpoint checks a declared digest against the body), for every other service the body's own digest.
 */
function payloadHash(req: SignedRequest, auth: SigV4Auth): string {
  const bodyHash = (): string => req.bodySha256 ?? sha256Hex(req.body);
  if (auth.service !== 's3') return bodyHash();
  return req.headers['x-amz-content-sha256'] ?? (auth.presigned ? 'UNSIGNED-PAYLOAD' : bodyHash());
}

/** A header value with more than single spaces in it (runs, tabs, other white space), which canonical form folds. */
const NEEDS_FOLD = /\s\s|[^\S ]/;

/** The canonical request of SigV4 step 1. */
export function canonicalRequest(req: SignedRequest, auth: SigV4Auth): string {
  // Built by concatenation: this runs on every signed request, and map/join allocate arrays for nothing.
  let headers = '';
  for (const name of auth.signedHeaders) {
    const value = (req.headers[name] ?? '').trim();
    headers += `${name}:${NEEDS_FOLD.test(value) ? value.replace(/\s+/g, ' ') : value}\n`;
  }
  return `${req.method}\n${canonicalUri(req.rawPath, auth.service)}\n${canonicalQuery(req.rawQuery, auth.presigned)}\n${headers}\n${auth.signedHeaders.join(';')}\n${payloadHash(req, auth)}`;
}

export function stringToSign(req: SignedRequest, auth: SigV4Auth): string {
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  return `AWS4-HMAC-SHA256\n${auth.amzDate}\n${scope}\n${sha256Hex(canonicalRequest(req, auth))}`;
}

/** Signing keys by secret and scope: deriving one is four HMACs, and a client signs every request with the same. */
const keyCache = new Map<string, HmacKey>();
const KEY_CACHE_MAX = 1024;

/** The signing key of a secret and scope, prepared for the HMACs made with it (`shared/hmac-sha256.ts`). */
export function signingHmac(secret: string, auth: SigV4Auth): HmacKey {
  const id = `${secret}\0${auth.date}\0${auth.region}\0${auth.service}`;
  const hit = keyCache.get(id);
  if (hit) return hit;
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
  const key = hmacKey(hmac(hmac(hmac(hmac(`AWS4${secret}`, auth.date), auth.region), auth.service), 'aws4_request'));
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(id, key);
  return key;
}

/** Whether the request carries the signature `secret` gives; the string to sign is returned for S3's error document. */
export function verifySignature(req: SignedRequest, auth: SigV4Auth, secret: string): { readonly ok: boolean; readonly stringToSign: string } {
  const sts = stringToSign(req, auth);
  return { ok: hmacHexEquals(signingHmac(secret, auth), sts, auth.signature), stringToSign: sts };
}

/** AWS allows 15 minutes between the request's time and the server's. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** Epoch ms of `YYYYMMDDTHHMMSSZ`. */
export function amzDateMs(amzDate: string): number {
  return Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
}
