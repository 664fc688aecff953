/**
 * @module Bucket versioning: GetBucketVersioning, PutBucketVersioning, ListObjectVersions, and the version id
 * parameter rules the object operations share.
 */
import { s3Errors } from '../../errors/s3.js';
import { s3ConfigErrors } from '../../errors/s3-config.js';
import { authorize, bucketArn, ownerOf, requireBucket } from './access.js';
import type { S3Context, S3Output } from './context.js';
import { AFTER_ALL, compareUtf8, encoder, listingContext, maxKeysOf } from './listing.js';
import { integrityInput, verifyBody } from './object-facts.js';
import type { ListedVersion, S3Storage, VersioningStatus } from './storage.js';

type Input = Readonly<Record<string, unknown>>;

/** The ids the store mints (11 base-36 digits of a sequence number, 21 letters and digits), or `null`. */
const VERSION_ID = /^(?:[0-9a-z]{11}[A-Za-z0-9]{21}|null)$/;

/** Whether a string is a version id this endpoint could have issued (`null` included). */
export function isVersionId(value: string): boolean {
  return VERSION_ID.test(value);
}

/**
 * The `versionId` of an object request, validated: undefined when absent. AWS: an empty id is InvalidArgument
 * "Version id cannot be the empty string", an id S3 cannot have issued InvalidArgument "Invalid version id
 * specified" (400); a well-formed id of no version is NoSuchVersion (404), decided by the caller.
 */
export function versionIdOf(input: Input, member = 'VersionId', argument = 'versionId'): string | undefined {
  const v = input[member];
  if (typeof v !== 'string') return undefined;
  if (v === '') throw s3Errors.emptyVersionId(argument);
  if (!isVersionId(v)) throw s3Errors.invalidVersionId(argument, v);
  return v;
}

/** The stored MFA delete setting (only ever `Disabled`: enabling it is refused). */
const MFA_KIND = 'versioning-mfa-delete';

export function GetBucketVersioning(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:GetBucketVersioning', bucketArn(b.name), b);
  // AWS: a bucket never versioned answers an empty VersioningConfiguration; MfaDelete only once it was configured.
  const out: S3Output = {};
  if (b.versioning !== undefined) out['Status'] = b.versioning;
  if (ctx.store.getBucketConfig(b.name, MFA_KIND) !== undefined) out['MFADelete'] = 'Disabled';
  return out;
}

export function PutBucketVersioning(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  authorize(ctx, 's3:PutBucketVersioning', bucketArn(b.name), b);
  verifyBody(integrityInput(ctx.headers), ctx.body);
  // AWS: the configuration document is required; an empty body does not validate against the schema.
  if (input['VersioningConfiguration'] === undefined) throw s3Errors.malformedXml();
  const config = input['VersioningConfiguration'] as { Status?: unknown; MFADelete?: unknown };
  const status = config.Status;
  const mfa = config.MFADelete;
  // AWS: values outside the schema's enumerations do not validate (MalformedXML); a configuration without a
  // Status is IllegalVersioningConfigurationException "The Versioning element must be specified".
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw s3Errors.malformedXml();
  if (mfa !== undefined && mfa !== 'Enabled' && mfa !== 'Disabled') throw s3Errors.malformedXml();
  // AWS: MFA delete needs the root user's MFA device and the x-amz-mfa header; no MFA device exists here, so
  // enabling it is refused as S3 refuses a request without a valid MFA token.
  if (mfa === 'Enabled') throw s3Errors.mfaRequired();
  if (status === undefined) throw s3Errors.illegalVersioningConfiguration();
  // AWS: a bucket with Object Lock stays versioned.
  if (status === 'Suspended' && ctx.store.getBucketConfig(b.name, 'object-lock') !== undefined) {
    throw s3ConfigErrors.invalidBucketState('An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.');
  }
  ctx.store.setBucketVersioning(b.name, status as VersioningStatus);
  if (mfa === 'Disabled') ctx.store.setBucketConfig(b.name, MFA_KIND, '"Disabled"');
  return {};
}

interface VersionScan {
  readonly entries: ListedVersion[];
  readonly prefixes: string[];
  readonly truncated: boolean;
  /** The last version or common prefix returned. */
  readonly last: { key: string; versionId?: string } | undefined;
}

/**
 * Scan up to `maxKeys` versions, delete markers and common prefixes in key order (newest first within a key),
 * after the key marker (and, with a version id marker, after that version of the marker key).
 */
export function scanVersions(store: S3Storage, bucket: string, prefix: string, delimiter: string, keyMarker: string | undefined, versionIdMarker: string | undefined, maxKeys: number): VersionScan {
  const entries: ListedVersion[] = [];
  const prefixes: string[] = [];
  const before = prefix === '' ? null : prefix + AFTER_ALL;
  let from = prefix;
  let inclusive = true;
  let afterVersion: string | undefined;
  if (keyMarker !== undefined && compareUtf8(keyMarker, prefix) >= 0) {
    // A key marker that is a common prefix resumes after everything rolled up into it.
    const rolled = delimiter !== '' && versionIdMarker === undefined && keyMarker.endsWith(delimiter) && keyMarker.indexOf(delimiter, prefix.length) === keyMarker.length - delimiter.length;
    from = rolled ? keyMarker + AFTER_ALL : keyMarker;
    inclusive = false;
    afterVersion = rolled ? undefined : versionIdMarker;
  }
  let last: VersionScan['last'];
  if (maxKeys === 0) return { entries, prefixes, truncated: false, last };
  for (;;) {
    const limit = Math.min(1000, maxKeys - entries.length - prefixes.length + 1);
    const batch = store.listVersions(bucket, { from, inclusive, before, limit, ...(afterVersion !== undefined ? { afterVersion } : {}) });
    let reseek = false;
    for (const v of batch) {
      if (entries.length + prefixes.length === maxKeys) return { entries, prefixes, truncated: true, last };
      const at = delimiter === '' ? -1 : v.key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = v.key.slice(0, at + delimiter.length);
        prefixes.push(common);
        last = { key: common };
        from = common + AFTER_ALL;
        inclusive = false;
        afterVersion = undefined;
        reseek = true;
        break;
      }
      entries.push(v);
      last = { key: v.key, versionId: v.versionId };
      from = v.key;
      inclusive = false;
      afterVersion = v.versionId;
    }
    if (!reseek && batch.length < limit) return { entries, prefixes, truncated: false, last };
  }
}

export function ListObjectVersions(ctx: S3Context, input: Input): S3Output {
  const b = requireBucket(ctx, String(input['Bucket'] ?? ''));
  const prefix = typeof input['Prefix'] === 'string' ? input['Prefix'] : '';
  const delimiter = typeof input['Delimiter'] === 'string' ? input['Delimiter'] : '';
  const maxKeys = maxKeysOf(input);
  authorize(ctx, 's3:ListBucketVersions', bucketArn(b.name), b, listingContext(prefix, delimiter, maxKeys));
  const enc = encoder(input);
  const keyMarker = typeof input['KeyMarker'] === 'string' && input['KeyMarker'] !== '' ? input['KeyMarker'] : undefined;
  const rawVersionMarker = typeof input['VersionIdMarker'] === 'string' && input['VersionIdMarker'] !== '' ? input['VersionIdMarker'] : undefined;
  if (rawVersionMarker !== undefined && keyMarker === undefined) {
    throw s3Errors.invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', rawVersionMarker);
  }
  if (rawVersionMarker !== undefined && !isVersionId(rawVersionMarker)) throw s3Errors.invalidVersionId('version-id-marker', rawVersionMarker);
  const s = scanVersions(ctx.store, b.name, prefix, delimiter, keyMarker, rawVersionMarker, maxKeys);
  const owner = ownerOf(b.owner);
  const versions: Record<string, unknown>[] = [];
  const markers: Record<string, unknown>[] = [];
  // `$seq` keeps the listing order across the two lists in the XML (the serializer interleaves them).
  for (const [$seq, v] of s.entries.entries()) {
    if (v.deleteMarker) {
      markers.push({ $seq, Owner: owner, Key: enc(v.key), VersionId: v.versionId, IsLatest: v.isLatest, LastModified: new Date(v.lastModified) });
    } else {
      versions.push({
        $seq,
        ETag: v.etag, Size: v.size, StorageClass: 'STANDARD', Key: enc(v.key), VersionId: v.versionId, IsLatest: v.isLatest,
        LastModified: new Date(v.lastModified), Owner: owner,
      });
    }
  }
  const out: S3Output = {
    Name: b.name, Prefix: enc(prefix), KeyMarker: enc(keyMarker ?? ''), VersionIdMarker: rawVersionMarker ?? '', MaxKeys: maxKeys, IsTruncated: s.truncated,
  };
  if (versions.length > 0) out['Versions'] = versions;
  if (markers.length > 0) out['DeleteMarkers'] = markers;
  if (s.prefixes.length > 0) out['CommonPrefixes'] = s.prefixes.map((p) => ({ Prefix: enc(p) }));
  if (delimiter !== '') out['Delimiter'] = enc(delimiter);
  if (input['EncodingType'] !== undefined) out['EncodingType'] = 'url';
  if (s.truncated && s.last !== undefined) {
    out['NextKeyMarker'] = enc(s.last.key);
    if (s.last.versionId !== undefined) out['NextVersionIdMarker'] = s.last.versionId;
  }
  return out;
}
