/**
 * @module AWS Signature Version 2 for S3, which older S3 clients still send (boto's and botocore's `s3` signature
 * version, s3cmd, many SDKs' "v2" option): `Authorization: AWS <key>:<base64 HMAC-SHA1>` and presigned URLs
 * with `AWSAccessKeyId`, `Signature` and `Expires`. AWS ("Signing and authenticating REST requests (AWS
 * signature version 2)"): the string to sign is the verb, Content-MD5, Content-Type, Date (empty when
 * x-amz-date is sent; the Expires value for a presigned URL), the canonicalized x-amz-* headers and the
 * canonicalized resource (`/bucket/key` plus the sub-resources and response overrides in the query).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { resolveAddress } from '../protocol/rest-xml/s3-addressing.js';
import type { SignedRequest } from './signature.js';

/** A parsed SigV2 authorization. */
export interface SigV2Auth {
  readonly accessKeyId: string;
  /** Base64 HMAC-SHA1 as sent. */
  readonly signature: string;
  readonly presigned: boolean;
  /** A presigned URL's `Expires` (epoch seconds, as sent). */
  readonly expires?: string;
  /** The session token (`x-amz-security-token` header or query parameter). */
  readonly sessionToken?: string;
}

export type SigV2Parse = { readonly kind: 'none' } | { readonly kind: 'sigv2'; readonly auth: SigV2Auth } | { readonly kind: 'malformed'; readonly reason: string };

const HEADER = /^AWS ([^:\s]+):(\S+)$/;

/** Query parameters (decoded) of a raw query string; later duplicates win. */
function queryMap(rawQuery: string): Map<string, string> {
  const q = new Map<string, string>();
  if (rawQuery !== '') for (const [k, v] of new URLSearchParams(rawQuery)) q.set(k, v);
  return q;
}

/** Whether a request carries SigV2 credentials (cheap: no parsing), for the identity step. */
export function looksLikeV2(authorization: string | undefined, rawQuery: string): boolean {
  return authorization !== undefined ? authorization.startsWith('AWS ') : /(^|&)AWSAccessKeyId=/.test(rawQuery);
}

/** Read a request's SigV2 authorization: none, well formed, or malformed. */
export function parseAuthV2(req: SignedRequest): SigV2Parse {
  const header = req.headers['authorization'];
  if (header !== undefined) {
    if (!header.startsWith('AWS ')) return { kind: 'none' };
    const m = HEADER.exec(header.trim());
    if (!m) return { kind: 'malformed', reason: 'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature' };
    const token = req.headers['x-amz-security-token'];
    return { kind: 'sigv2', auth: { accessKeyId: m[1]!, signature: m[2]!, presigned: false, ...(token !== undefined ? { sessionToken: token } : {}) } };
  }
  if (!/(^|&)AWSAccessKeyId=/.test(req.rawQuery)) return { kind: 'none' };
  const q = queryMap(req.rawQuery);
  const signature = q.get('Signature');
  const expires = q.get('Expires');
  if (signature === undefined || expires === undefined) {
    return { kind: 'malformed', reason: 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters' };
  }
  const token = q.get('x-amz-security-token') ?? req.headers['x-amz-security-token'];
  return { kind: 'sigv2', auth: { accessKeyId: q.get('AWSAccessKeyId')!, signature, presigned: true, expires, ...(token !== undefined ? { sessionToken: token } : {}) } };
}

/** Query parameters that are part of the canonicalized resource (sub-resources and response overrides). */
const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle',
  'location', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber', 'policy', 'policyStatus',
  'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'select-type', 'tagging', 'torrent',
  'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website', 'attributes',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding', 'response-content-language',
  'response-content-type', 'response-expires',
]);

/**
 * `/bucket/key?sub&sub=value` as SigV2 signs it: the path as sent, the bucket prefixed when the Host named it. A
 * request for a bucket alone signs `/bucket/` (AWS's rule, what botocore signs for a path-style `/bucket`);
 * `bucketSlash: false` gives `/bucket` as sent, which some clients sign instead.
 */
function canonicalResource(req: SignedRequest, bucketSlash = true): string {
  const hostBucket = resolveAddress(req.headers['host'] ?? '', '/').bucket;
  const path = req.rawPath === '' ? '/' : req.rawPath;
  let base = hostBucket !== undefined ? `/${hostBucket}${path}` : path;
  if (bucketSlash && /^\/[^/]+$/.test(base)) base = `${base}/`;
  const subs: [string, string | undefined][] = [];
  if (req.rawQuery !== '') {
    for (const part of req.rawQuery.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = decode(eq < 0 ? part : part.slice(0, eq));
      if (SUBRESOURCES.has(k)) subs.push([k, eq < 0 ? undefined : decode(part.slice(eq + 1))]);
    }
  }
  subs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return subs.length === 0 ? base : `${base}?${subs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&')}`;
}

function decode(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

/** The x-amz-* headers, lower-case, sorted, values unfolded and trimmed, one `name:value\n` each. */
function canonicalAmzHeaders(req: SignedRequest): string {
  const names = Object.keys(req.headers).filter((n) => n.startsWith('x-amz-')).sort();
  return names.map((n) => `${n}:${req.headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
}

/** The SigV2 string to sign of a request. */
export function stringToSignV2(req: SignedRequest, auth: SigV2Auth, bucketSlash = true): string {
  const h = req.headers;
  // AWS: with x-amz-date the Date line is empty; a presigned URL signs its Expires in the Date position.
  const date = auth.presigned ? auth.expires ?? '' : h['x-amz-date'] !== undefined ? '' : h['date'] ?? '';
  return `${req.method}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${date}\n${canonicalAmzHeaders(req)}${canonicalResource(req, bucketSlash)}`;
}

/** Base64 HMAC-SHA1 of a string to sign. */
export function signV2(secret: string, toSign: string): string {
  return createHmac('sha1', secret).update(toSign, 'utf8').digest('base64');
}

/** Whether the request carries the SigV2 signature `secret` gives. */
export function verifySignatureV2(req: SignedRequest, auth: SigV2Auth, secret: string): { readonly ok: boolean; readonly stringToSign: string } {
  const given = Buffer.from(auth.signature, 'base64');
  const matches = (toSign: string): boolean => {
    const expected = Buffer.from(signV2(secret, toSign), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const toSign = stringToSignV2(req, auth);
  if (matches(toSign)) return { ok: true, stringToSign: toSign };
  const bare = stringToSignV2(req, auth, false);
  return { ok: bare !== toSign && matches(bare), stringToSign: toSign };
}

/** Epoch ms of a SigV2 header request's time: x-amz-date, else Date (RFC 7231); undefined when neither parses. */
export function requestTimeV2(req: SignedRequest): number | undefined {
  const v = req.headers['x-amz-date'] ?? req.headers['date'];
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
