/** @module The storage port the S3 handlers use; `persistence/object-store.ts` implements it (type-only import upward: a port belongs to its user). */
import type { Readable } from 'node:stream';
import type { StoredAcl } from './acl-model.js';

export interface StoredBucket {
  readonly name: string;
  /** The owner account id. */
  readonly owner: string;
  readonly region: string;
  /** Epoch milliseconds. */
  readonly created: number;
  /** The bucket policy as JSON text. */
  readonly policy: string | null;
  /** The versioning state; absent while the bucket was never versioned (then every object is the null version). */
  readonly versioning?: VersioningStatus;
}

/** A bucket's versioning state once set (AWS: a bucket can be suspended but never return to unversioned). */
export type VersioningStatus = 'Enabled' | 'Suspended';

/** Object facts beyond size and ETag, stored as one JSON column. */
export interface StoredObjectExtra {
  /** ContentType, ContentEncoding, CacheControl... by output member name. */
  readonly headers: Readonly<Record<string, string>>;
  /** `x-amz-meta-*` without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Base64 checksums by algorithm (`CRC32`, `CRC32C`, `SHA1`, `SHA256`). */
  readonly checksums: Readonly<Record<string, string>>;
  /** Number of parts for an object made by CompleteMultipartUpload. */
  readonly partsCount?: number;
  /** `FULL_OBJECT` or `COMPOSITE` for multipart checksums. */
  readonly checksumType?: string;
  /** The object's ACL (absent under BucketOwnerEnforced, where it is computed: the bucket owner's FULL_CONTROL). */
  readonly acl?: StoredAcl;
  /** The object's tags, in the order given (absent: none). */
  readonly tags?: readonly { readonly Key: string; readonly Value: string }[];
  /** A multipart object's parts in order: number, size, checksums (GetObject partNumber, GetObjectAttributes). */
  readonly parts?: readonly StoredPartFacts[];
  /** The upload that made the object and its parts list (`n:etag,...`): a repeated CompleteMultipartUpload answers the same. */
  readonly completedFrom?: { readonly uploadId: string; readonly parts: string };
}

/** What an object remembers of one of its parts. */
export interface StoredPartFacts {
  readonly partNumber: number;
  readonly size: number;
  readonly checksums: Readonly<Record<string, string>>;
}

/** One object as a listing shows it. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** Quoted, as S3 prints it. */
  readonly etag: string;
  /** Epoch milliseconds. */
  readonly lastModified: number;
}

export interface NewObject extends ListedObject {
  readonly bucket: string;
  readonly extra: StoredObjectExtra;
}

export interface StoredObject extends NewObject {
  /** Where the content lives (a file name under `s3/objects/`, or a memory key). */
  readonly ref: string;
  /** The version id; `null` for the null version (every object of a never-versioned bucket, writes while suspended). */
  readonly versionId: string;
}

/** A delete marker: a version without content that makes its key answer 404 while it is the latest. */
export interface StoredDeleteMarker {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** Epoch milliseconds. */
  readonly lastModified: number;
}

/** One version of a key: an object, or a delete marker. */
export type StoredVersion = (StoredObject & { readonly deleteMarker: false }) | (StoredDeleteMarker & { readonly deleteMarker: true });

/** One version as ListObjectVersions shows it (newest first within a key). */
export type ListedVersion =
  | (ListedObject & { readonly deleteMarker: false; readonly versionId: string; readonly isLatest: boolean })
  | { readonly deleteMarker: true; readonly key: string; readonly versionId: string; readonly lastModified: number; readonly isLatest: boolean };

/**
 * A scan over a bucket's versions, ordered by key (UTF-8) then newest first: versions of `from` older than the
 * version `afterVersion` names (`undefined`: none of `from`'s versions when exclusive, all when inclusive), then
 * keys after `from`, below `before`.
 */
export interface VersionRange {
  readonly from: string;
  readonly inclusive: boolean;
  readonly afterVersion?: string;
  readonly before: string | null;
  readonly limit: number;
}

/** What DeleteObject without a version id did: removed the null object, or added a delete marker. */
export interface DeleteOutcome {
  /** An object was removed (unversioned bucket, or the null version a suspended bucket's marker replaced). */
  readonly removed: boolean;
  /** The version id of the delete marker added (versioned buckets). */
  readonly deleteMarker?: string;
}

export interface StoredUpload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  /** Epoch milliseconds. */
  readonly initiated: number;
  readonly owner: string;
  readonly initiator: string;
  readonly extra: StoredObjectExtra;
  readonly checksumAlgorithm?: string;
}

export interface NewPart {
  readonly uploadId: string;
  readonly partNumber: number;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: number;
  readonly checksums: Readonly<Record<string, string>>;
}

/** The parts of an upload joined ahead of its completion (`joinParts`): content no object refers to yet. */
export interface JoinedContent {
  readonly joined: string;
}

export interface StoredPart extends NewPart {
  readonly ref: string;
}

/** A range scan over one bucket's keys in S3 order (UTF-8 binary). */
export interface KeyRange {
  /** Lower bound, exclusive unless `inclusive`. */
  readonly from: string;
  readonly inclusive: boolean;
  /** Upper bound, exclusive (`null`: none). */
  readonly before: string | null;
  readonly limit: number;
}

/**
 * A write's precondition, run at commit time inside the metadata transaction with the ETag of the object the write
 * would replace (undefined: none). It throws to refuse the write; the new content is then removed and nothing changes.
 */
export type WriteCheck = (currentEtag: string | undefined) => void;

/**
 * Content the server received and wrote aside while the request streamed in (an upload body), not yet an object:
 * `putObject` / `putPart` move it into place (no copy); the server removes it when the request ends without that.
 */
export interface StagedContent {
  readonly staged: string;
  readonly size: number;
}

/** What a write stores: bytes in memory, or content staged while the request was received. */
export type Content = Buffer | StagedContent;

export interface S3Storage {
  getBucket(name: string): StoredBucket | undefined;
  /** Insert a bucket; false when the name is taken. */
  insertBucket(bucket: StoredBucket): boolean;
  /** Remove a bucket and its unfinished uploads. */
  deleteBucket(name: string): void;
  /** An account's buckets by name. */
  bucketsOf(owner: string): readonly StoredBucket[];
  setBucketPolicy(name: string, policy: string | null): void;
  /**
   * A bucket's stored configuration of one kind (`cors`, `tagging`, `versioning`...: the handler that owns the kind
   * chooses its name and JSON layout), or undefined when none is stored. Removed with the bucket.
   */
  getBucketConfig(bucket: string, kind: string): string | undefined;
  /** Store (or, with null, remove) a bucket's configuration of one kind. */
  setBucketConfig(bucket: string, kind: string, value: string | null): void;
  /** Any object, noncurrent version or delete marker in the bucket. */
  hasObjects(bucket: string): boolean;
  /** Store content then metadata (replacing any object at the key). */
  putObject(object: NewObject, content: Content, check?: WriteCheck): StoredObject;
  /** The current version of a key, unless it is a delete marker. */
  getObject(bucket: string, key: string): StoredObject | undefined;
  /** Bytes [start, end) of an object: a Buffer for small reads, a stream for large ones. */
  readObject(object: StoredObject, start: number, end: number): Buffer | Readable;
  /** DeleteObject without a version id (see `deleteKey`); true when anything changed. */
  deleteObject(bucket: string, key: string): boolean;
  /**
   * Replace the stored extra (ACL, tags...) of the current object at a key, keeping its content, ETag and
   * LastModified; undefined when no object has the key. `versionId` names a version in a versioned store
   * (ignored by a store without versions).
   */
  updateObjectExtra(bucket: string, key: string, versionId: string | undefined, extra: StoredObjectExtra): StoredObject | undefined;
  /** Copy an object's content to a new object (replacing any object at the target key). */
  copyObject(source: StoredObject, target: NewObject, check?: WriteCheck): StoredObject;
  listObjects(bucket: string, range: KeyRange): readonly ListedObject[];
  insertUpload(upload: StoredUpload): void;
  getUpload(uploadId: string): StoredUpload | undefined;
  /** Remove an upload and its parts. */
  deleteUpload(uploadId: string): void;
  /**
   * A bucket's uploads whose key starts with `prefix`, ordered by key (UTF-8), initiation, upload id; keys >= `fromKey`,
   * and at `fromKey` only the uploads after `afterUploadId` in that order.
   */
  listUploads(bucket: string, prefix: string, fromKey: string, afterUploadId: string, limit: number): readonly StoredUpload[];
  putPart(part: NewPart, content: Content): StoredPart;
  /** Parts by number, numbers > `after`. */
  listParts(uploadId: string, after: number, limit: number): readonly StoredPart[];
  /**
   * Concatenate the given parts into the object and remove the upload; with `joined` (from `joinParts` over the
   * same parts) the bytes are already joined and only the commit is left.
   */
  completeUpload(uploadId: string, parts: readonly StoredPart[], object: NewObject, check?: WriteCheck, joined?: JoinedContent): StoredObject;
  /** Write the parts' bytes, joined, to new content with asynchronous I/O (the thread serves others meanwhile). */
  joinParts(parts: readonly StoredPart[]): Promise<JoinedContent>;
  /** Remove joined content that no completion took. */
  discardJoined(joined: JoinedContent): void;
  /** Set a bucket's versioning state (writes then keep versions, or write null versions when suspended). */
  setBucketVersioning(bucket: string, status: VersioningStatus): void;
  /** A version of a key by id (`null` for the null version), or the latest version (maybe a marker) when undefined. */
  getVersion(bucket: string, key: string, versionId: string | undefined): StoredVersion | undefined;
  /**
   * DeleteObject without a version id, by the bucket's versioning state: never versioned, remove the object;
   * enabled, add a delete marker; suspended, add a null delete marker replacing the null version.
   */
  deleteKey(bucket: string, key: string, lastModified: number): DeleteOutcome;
  /** Remove one version for good (an object or a delete marker); the newest remaining version becomes current. */
  deleteVersion(bucket: string, key: string, versionId: string): StoredVersion | undefined;
  listVersions(bucket: string, range: VersionRange): readonly ListedVersion[];
  /**
   * Replace the stored extra of a version (undefined: the current version) without touching its content;
   * undefined when there is no such object (a delete marker has none).
   */
  updateObjectExtra(bucket: string, key: string, versionId: string | undefined, extra: StoredObjectExtra): StoredObject | undefined;
}
