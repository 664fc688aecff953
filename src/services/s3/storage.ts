/** @module The storage port the S3 handlers use; `persistence/object-store.ts` implements it (type-only import upward: a port belongs to its user). */
import type { Readable } from 'node:stream';

export interface StoredBucket {
  readonly name: string;
  /** The owner account id. */
  readonly owner: string;
  readonly region: string;
  /** Epoch milliseconds. */
  readonly created: number;
  /** The bucket policy as JSON text. */
  readonly policy: string | null;
}

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
  hasObjects(bucket: string): boolean;
  /** Store content then metadata (replacing any object at the key). */
  putObject(object: NewObject, content: Buffer, check?: WriteCheck): StoredObject;
  getObject(bucket: string, key: string): StoredObject | undefined;
  /** Bytes [start, end) of an object: a Buffer for small reads, a stream for large ones. */
  readObject(object: StoredObject, start: number, end: number): Buffer | Readable;
  deleteObject(bucket: string, key: string): boolean;
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
  putPart(part: NewPart, content: Buffer): StoredPart;
  /** Parts by number, numbers > `after`. */
  listParts(uploadId: string, after: number, limit: number): readonly StoredPart[];
  /** Concatenate the given parts into the object and remove the upload. */
  completeUpload(uploadId: string, parts: readonly StoredPart[], object: NewObject, check?: WriteCheck): StoredObject;
}
