/**
 * @module GetObjectAttributes: HeadObject and ListParts in one answer, limited to the attributes named in
 * x-amz-object-attributes (ETag, Checksum, ObjectParts, StorageClass, ObjectSize).
 *
 * AWS (API reference, GetObjectAttributes): the caller needs s3:GetObject and s3:GetObjectAttributes (with a
 * versionId: s3:GetObjectVersion and s3:GetObjectVersionAttributes); a missing object is 404 NoSuchKey for a caller
 * who may s3:ListBucket and 403 AccessDenied otherwise; the ETag is printed without quotes; ObjectParts pages with
 * x-amz-part-number-marker / x-amz-max-parts (default and ceiling 1,000), and lists its Part elements only for an
 * object with a checksum.
 */
import { s3Errors } from '../../errors/s3.js';
import { allowed, authorize, bucketArn, objectArn, requireBucket } from './access.js';
import { versionIdOf } from './versioning.js';
import type { S3Context, S3Output } from './context.js';
import { checksumMembers } from './object-facts.js';

type Input = Readonly<Record<string, unknown>>;

const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
type Attribute = (typeof ATTRIBUTES)[number];

/** The attributes asked for. AWS: none (header missing or empty) is 400 InvalidRequest; an unknown name 400 InvalidArgument. */
export function requestedAttributes(input: Input): ReadonlySet<Attribute> {
  const raw = input['ObjectAttributes'];
  const names = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw s3Errors.invalidRequest('The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty');
  const out = new Set<Attribute>();
  for (const n of names) {
    if (!(ATTRIBUTES as readonly string[]).includes(n)) throw s3Errors.invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', n);
    out.add(n as Attribute);
  }
  return out;
}

function intOf(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function GetObjectAttributes(ctx: S3Context, input: Input): S3Output {
  const wanted = requestedAttributes(input);
  const b = requireBucket(ctx, typeof input['Bucket'] === 'string' ? input['Bucket'] : '');
  const key = typeof input['Key'] === 'string' ? input['Key'] : '';
  const versionId = versionIdOf(input);
  const arn = objectArn(b.name, key);
  authorize(ctx, versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', arn, b);
  authorize(ctx, versionId === undefined ? 's3:GetObjectAttributes' : 's3:GetObjectVersionAttributes', arn, b);
  const v = ctx.store.getVersion(b.name, key, versionId);
  if (v !== undefined && v.deleteMarker) {
    throw versionId === undefined ? s3Errors.noSuchKeyDeleteMarker(key, v.versionId) : s3Errors.deleteMarkerMethod(ctx.method, v.versionId, v.lastModified);
  }
  if (!v) {
    if (versionId !== undefined) throw s3Errors.noSuchVersion(key, versionId);
    if (!allowed(ctx, 's3:ListBucket', bucketArn(b.name), b)) throw s3Errors.accessDenied();
    throw s3Errors.noSuchKey(key);
  }
  const o = v;
  const out: S3Output = { LastModified: new Date(o.lastModified) };
  if (b.versioning !== undefined || versionId !== undefined) out['VersionId'] = o.versionId;
  if (wanted.has('ETag')) out['ETag'] = o.etag.replace(/"/g, '');
  if (wanted.has('StorageClass')) out['StorageClass'] = 'STANDARD';
  if (wanted.has('ObjectSize')) out['ObjectSize'] = o.size;
  if (wanted.has('Checksum') && Object.keys(o.extra.checksums).length > 0) {
    // AWS prints a composite checksum here without its `-<parts>` suffix (the parts count is in ObjectParts).
    const plain = Object.fromEntries(Object.entries(o.extra.checksums).map(([k, v]) => [k, v.replace(/-\d+$/, '')]));
    out['Checksum'] = { ...checksumMembers(plain), ChecksumType: o.extra.checksumType ?? 'FULL_OBJECT' };
  }
  const parts = o.extra.parts;
  if (wanted.has('ObjectParts') && parts !== undefined) {
    const marker = intOf(input['PartNumberMarker'], 0);
    const max = Math.min(intOf(input['MaxParts'], 1000), 1000);
    const after = parts.filter((p) => p.partNumber > marker);
    const shown = after.slice(0, max);
    const last = shown[shown.length - 1];
    out['ObjectParts'] = {
      TotalPartsCount: parts.length, PartNumberMarker: marker, MaxParts: max, IsTruncated: after.length > shown.length,
      ...(last !== undefined ? { NextPartNumberMarker: last.partNumber } : {}),
      // AWS (GetObjectAttributesParts): in a general purpose bucket the Part elements are returned only for an object
      // with an additional checksum; each carries its size and the part's checksum.
      ...(Object.keys(o.extra.checksums).length > 0
        ? { Parts: shown.map((p) => ({ PartNumber: p.partNumber, Size: p.size, ...checksumMembers(p.checksums) })) } : {}),
    };
  }
  return out;
}
