/**
 * @module The S3 condition keys a request supplies to policy evaluation (Service Authorization Reference,
 * "Actions, resources, and condition keys for Amazon S3"): keys every action has (s3:authType,
 * s3:signatureversion, s3:signatureAge, s3:x-amz-content-sha256, s3:ResourceAccount; s3:TlsVersion is absent
 * over plain HTTP), and the per-action families (ACL headers, object writes, request and existing object tags).
 */
import { GRANT_HEADERS } from './acl-model.js';
import type { S3Context } from './context.js';
import type { StoredBucket } from './storage.js';

export type ConditionKeys = Record<string, string | readonly string[]>;

/** `20240101T000000Z` as epoch milliseconds (undefined when malformed). */
function amzDate(text: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/**
 * Keys AWS documents for every S3 action. AWS: s3:authType is REST-HEADER (Authorization header) or
 * REST-QUERY-STRING (presigned URL); s3:signatureversion is AWS4-HMAC-SHA256 (SigV4) or AWS (SigV2);
 * s3:signatureAge is the signature's age in milliseconds; all three are absent for anonymous requests.
 * s3:TlsVersion is absent: vpce serves plain HTTP. s3:DataAccessPointArn and s3:DataAccessPointAccount are absent:
 * no access points.
 */
export function commonKeys(ctx: S3Context, resourceAccount: string): ConditionKeys {
  const keys: ConditionKeys = { 's3:ResourceAccount': resourceAccount };
  const auth = ctx.headers['authorization'];
  const q = ctx.query;
  const sha = ctx.headers['x-amz-content-sha256'];
  if (sha !== undefined) keys['s3:x-amz-content-sha256'] = sha;
  let signedAt: number | undefined;
  if (auth !== undefined && auth !== '') {
    keys['s3:authType'] = 'REST-HEADER';
    keys['s3:signatureversion'] = auth.startsWith('AWS4-HMAC-SHA256') ? 'AWS4-HMAC-SHA256' : 'AWS';
    signedAt = amzDate(ctx.headers['x-amz-date']) ?? dateHeader(ctx.headers['date']);
  } else if (q?.has('X-Amz-Credential') || q?.has('X-Amz-Signature')) {
    keys['s3:authType'] = 'REST-QUERY-STRING';
    keys['s3:signatureversion'] = 'AWS4-HMAC-SHA256';
    signedAt = amzDate(q.get('X-Amz-Date'));
  } else if (q?.has('Signature') && q.has('AWSAccessKeyId')) {
    keys['s3:authType'] = 'REST-QUERY-STRING';
    keys['s3:signatureversion'] = 'AWS';
  }
  if (signedAt !== undefined) keys['s3:signatureAge'] = String(Math.max(0, ctx.now() - signedAt));
  return keys;
}

function dateHeader(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/** s3:x-amz-acl and s3:x-amz-grant-* from a request's ACL headers (parsed input members). */
export function aclKeys(input: Readonly<Record<string, unknown>>): ConditionKeys {
  const keys: ConditionKeys = {};
  if (typeof input['ACL'] === 'string') keys['s3:x-amz-acl'] = input['ACL'];
  for (const [member, header] of GRANT_HEADERS) {
    const v = input[member];
    if (typeof v === 'string') keys[`s3:${header}`] = v;
  }
  return keys;
}

/** Headers whose value is a condition key of the same name on object writes (PutObject, CopyObject, CreateMultipartUpload). */
const WRITE_HEADER_KEYS = [
  'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-storage-class', 'x-amz-website-redirect-location', 'x-amz-copy-source', 'x-amz-metadata-directive',
] as const;

/** Object Lock headers and their condition keys. */
const LOCK_KEYS = [
  ['x-amz-object-lock-mode', 's3:object-lock-mode'], ['x-amz-object-lock-retain-until-date', 's3:object-lock-retain-until-date'],
  ['x-amz-object-lock-legal-hold', 's3:object-lock-legal-hold'],
] as const;

/**
 * Keys of an object write: the ACL headers, SSE / storage class / copy headers, Object Lock headers (with
 * s3:object-lock-remaining-retention-days computed from the retain-until date) and the request's tags.
 */
export function objectWriteKeys(ctx: S3Context, input: Readonly<Record<string, unknown>>, tags: readonly Tag[] | undefined): ConditionKeys {
  const keys: ConditionKeys = { ...aclKeys(input) };
  const h = ctx.headers;
  for (const name of WRITE_HEADER_KEYS) if (h[name] !== undefined) keys[`s3:${name}`] = h[name];
  for (const [header, key] of LOCK_KEYS) if (h[header] !== undefined) keys[key] = h[header];
  const until = h['x-amz-object-lock-retain-until-date'];
  if (until !== undefined && !Number.isNaN(Date.parse(until))) {
    keys['s3:object-lock-remaining-retention-days'] = String(Math.max(0, Math.ceil((Date.parse(until) - ctx.now()) / 86_400_000)));
  }
  if (tags !== undefined) Object.assign(keys, requestTagKeys(tags));
  return keys;
}

/**
 * AWS (enforcing conditional writes): s3:ObjectCreationOperation is true for requests that create the object
 * (PutObject, CopyObject, CompleteMultipartUpload) and false for CreateMultipartUpload and UploadPart, which take no
 * conditional headers; s3:if-match / s3:if-none-match carry those headers when sent.
 */
export function creationKeys(ctx: S3Context, creates: boolean): ConditionKeys {
  const keys: ConditionKeys = { 's3:ObjectCreationOperation': creates ? 'true' : 'false' };
  const h = ctx.headers;
  if (creates && h['if-match'] !== undefined) keys['s3:if-match'] = h['if-match'];
  if (creates && h['if-none-match'] !== undefined) keys['s3:if-none-match'] = h['if-none-match'];
  return keys;
}

export interface Tag { readonly Key: string; readonly Value: string }

/** s3:RequestObjectTag/<key> per tag and s3:RequestObjectTagKeys (multivalued). */
export function requestTagKeys(tags: readonly Tag[]): ConditionKeys {
  const keys: ConditionKeys = { 's3:RequestObjectTagKeys': tags.map((t) => t.Key) };
  for (const t of tags) keys[`s3:RequestObjectTag/${t.Key}`] = t.Value;
  return keys;
}

/** s3:ExistingObjectTag/<key> per tag of the object acted on. */
export function existingTagKeys(tags: readonly Tag[] | undefined): ConditionKeys {
  const keys: ConditionKeys = {};
  for (const t of tags ?? []) keys[`s3:ExistingObjectTag/${t.Key}`] = t.Value;
  return keys;
}

/** Accounts whose canonical ids a grant may name with a display name: the bucket owner and the caller. */
export function knownAccounts(ctx: S3Context, b: StoredBucket): readonly string[] {
  return ctx.call.caller.account === b.owner ? [b.owner] : [b.owner, ctx.call.caller.account];
}
