/**
 * @module ListObjectsV2 and ListObjects: one ordered range scan over the bucket's keys (prefix bounds, a cursor),
 * rolling keys up into CommonPrefixes at the delimiter and re-seeking past each common prefix, so a listing never
 * reads the keys it rolls up.
 */
import { s3Errors } from '../../errors/s3.js';
import { authorize, bucketArn, ownerOf, requireBucket } from './access.js';
import type { S3Context, S3Output } from './context.js';
import type { ListedObject, S3Storage } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/** Sorts after every key that starts with a given string (keys are UTF-8; U+10FFFF is the largest code point). */
export const AFTER_ALL = '\u{10FFFF}';

/**
 * S3 orders keys by their UTF-8 bytes (code point order); JS's `<` compares UTF-16 code units, which disagrees for
 * keys mixing U+E000..U+FFFF with characters past U+FFFF (UTF-16: '😀' < '\uFFFD'; UTF-8: '\uFFFD' < '😀').
 */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

interface Scan {
  readonly contents: ListedObject[];
  readonly prefixes: string[];
  readonly truncated: boolean;
  /** Exclusive cursor to resume from. */
  readonly cursor: string;
  /** The last key or common prefix returned. */
  readonly last: string | undefined;
}

/** Scan up to `maxKeys` keys and common prefixes after `from` (exclusive) or from `prefix` (inclusive). */
export function scanKeys(store: S3Storage, bucket: string, prefix: string, delimiter: string, from: string | undefined, maxKeys: number): Scan {
  const contents: ListedObject[] = [];
  const prefixes: string[] = [];
  const before = prefix === '' ? null : prefix + AFTER_ALL;
  const afterPrefix = from !== undefined && compareUtf8(from, prefix) >= 0;
  let cursor = from !== undefined && afterPrefix ? from : prefix;
  let inclusive = !afterPrefix;
  let last: string | undefined;
  if (maxKeys === 0) return { contents, prefixes, truncated: false, cursor, last };
  for (;;) {
    const limit = Math.min(1000, maxKeys - contents.length - prefixes.length + 1);
    const batch = store.listObjects(bucket, { from: cursor, inclusive, before, limit });
    let reseek = false;
    for (const o of batch) {
      if (contents.length + prefixes.length === maxKeys) return { contents, prefixes, truncated: true, cursor, last };
      const at = delimiter === '' ? -1 : o.key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = o.key.slice(0, at + delimiter.length);
        prefixes.push(common);
        last = common;
        cursor = common + AFTER_ALL;
        inclusive = false;
        reseek = true;
        break;
      }
      contents.push(o);
      last = o.key;
      cursor = o.key;
      inclusive = false;
    }
    if (!reseek && batch.length < limit) return { contents, prefixes, truncated: false, cursor, last };
  }
}

/** AWS: max-keys defaults to 1,000 and never returns more; a negative value is refused. */
export function maxKeysOf(input: Input): number {
  const v = input['MaxKeys'];
  if (v === undefined) return 1000;
  const n = v as number;
  if (n < 0) throw s3Errors.invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'maxKeys', String(n));
  return Math.min(n, 1000);
}

/** AWS: with encoding-type=url, S3 URL-encodes keys, prefixes, delimiter and start-after in the response. */
export function encoder(input: Input): (s: string) => string {
  if (input['EncodingType'] === undefined) return (s) => s;
  if (input['EncodingType'] !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', String(input['EncodingType']));
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

export function listingContext(prefix: string, delimiter: string, maxKeys: number): Record<string, string> {
  return { 's3:prefix': prefix, 's3:delimiter': delimiter, 's3:max-keys': String(maxKeys) };
}

function entries(contents: readonly ListedObject[], enc: (s: string) => string, owner: { ID: string; DisplayName: string } | undefined): Record<string, unknown>[] {
  return contents.map((o) => {
    const e: Record<string, unknown> = { Key: enc(o.key), LastModified: new Date(o.lastModified), ETag: o.etag, Size: o.size, StorageClass: 'STANDARD' };
    if (owner) e['Owner'] = owner;
    return e;
  });
}

const encodeToken = (cursor: string): string => Buffer.from(cursor, 'utf8').toString('base64url');

function decodeToken(token: string): string {
  const cursor = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || encodeToken(cursor) !== token) {
    throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return cursor;
}

/** What both listing versions read first: the bucket (authorized for s3:ListBucket), prefix, delimiter, page size. */
function listingOf(ctx: S3Context, input: Input): { b: ReturnType<typeof requireBucket>; prefix: string; delimiter: string; maxKeys: number; enc: ReturnType<typeof encoder> } {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  const prefix = typeof input['Prefix'] === 'string' ? input['Prefix'] : '';
  const delimiter = typeof input['Delimiter'] === 'string' ? input['Delimiter'] : '';
  const maxKeys = maxKeysOf(input);
  authorize(ctx, 's3:ListBucket', bucketArn(b.name), b, listingContext(prefix, delimiter, maxKeys));
  const enc = encoder(input);
  return { b, prefix, delimiter, maxKeys, enc };
}

export function ListObjectsV2(ctx: S3Context, input: Input): S3Output {
  const { b, prefix, delimiter, maxKeys, enc } = listingOf(ctx, input);
  const token = typeof input['ContinuationToken'] === 'string' ? input['ContinuationToken'] : undefined;
  const startAfter = typeof input['StartAfter'] === 'string' ? input['StartAfter'] : undefined;
  const from = token !== undefined ? decodeToken(token) : startAfter !== undefined && startAfter !== '' ? startAfter : undefined;
  const s = scanKeys(ctx.store, b.name, prefix, delimiter, from, maxKeys);
  const out: S3Output = {
    Name: b.name, Prefix: enc(prefix), MaxKeys: maxKeys, KeyCount: s.contents.length + s.prefixes.length, IsTruncated: s.truncated,
  };
  if (s.contents.length > 0) out['Contents'] = entries(s.contents, enc, input['FetchOwner'] === true ? ownerOf(b.owner) : undefined);
  if (s.prefixes.length > 0) out['CommonPrefixes'] = s.prefixes.map((p) => ({ Prefix: enc(p) }));
  if (delimiter !== '') out['Delimiter'] = enc(delimiter);
  if (input['EncodingType'] !== undefined) out['EncodingType'] = 'url';
  if (token !== undefined) out['ContinuationToken'] = token;
  if (startAfter !== undefined) out['StartAfter'] = enc(startAfter);
  if (s.truncated) out['NextContinuationToken'] = encodeToken(s.cursor);
  return out;
}

export function ListObjects(ctx: S3Context, input: Input): S3Output {
  const { b, prefix, delimiter, maxKeys, enc } = listingOf(ctx, input);
  const marker = typeof input['Marker'] === 'string' && input['Marker'] !== '' ? input['Marker'] : undefined;
  // A marker that is itself a common prefix resumes after everything rolled up into it.
  const from = marker !== undefined && delimiter !== '' && marker.endsWith(delimiter) && marker.startsWith(prefix) ? marker + AFTER_ALL : marker;
  const s = scanKeys(ctx.store, b.name, prefix, delimiter, from, maxKeys);
  const out: S3Output = { Name: b.name, Prefix: enc(prefix), Marker: enc(marker ?? ''), MaxKeys: maxKeys, IsTruncated: s.truncated };
  // AWS: ListObjects (v1) always lists owners.
  if (s.contents.length > 0) out['Contents'] = entries(s.contents, enc, ownerOf(b.owner));
  if (s.prefixes.length > 0) out['CommonPrefixes'] = s.prefixes.map((p) => ({ Prefix: enc(p) }));
  if (delimiter !== '') out['Delimiter'] = enc(delimiter);
  if (input['EncodingType'] !== undefined) out['EncodingType'] = 'url';
  // AWS: NextMarker is returned only when a delimiter was given; otherwise clients resume from the last key.
  if (s.truncated && delimiter !== '' && s.last !== undefined) out['NextMarker'] = enc(s.last);
  return out;
}
