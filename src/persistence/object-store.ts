/**
 * @module S3 storage (buckets, objects, multipart uploads): SQLite metadata and one content file per object under
 * `<dir>/s3/`, or memory. It implements the port the S3 handlers declare (`services/s3/storage.ts`): ports belong
 * to the layer that uses them, adapters here implement them (the one import persistence makes upward, types only).
 */
import type { S3Storage, StoredBucket } from '../services/s3/storage.js';
import type { ContentStage } from './object-store-content.js';
import { openSqliteObjectStore } from './object-store-sqlite.js';

export type { DeleteOutcome, KeyRange, ListedObject, ListedVersion, NewObject, NewPart, StoredBucket, StoredDeleteMarker, StoredObject, StoredObjectExtra, StoredPart, StoredUpload, StoredVersion, VersionRange, VersioningStatus, WriteCheck, StagedContent, Content } from '../services/s3/storage.js';

/** The S3 port plus what the server needs to manage the store. */
export interface ObjectStore extends S3Storage {
  readonly location: string;
  /** Every bucket of every owner, by name (for `vpce lint`). */
  allBuckets(): readonly StoredBucket[];
  /** Begin receiving an upload body aside (see `object-store-content.ts`); `putObject` / `putPart` take it as content. */
  stage(): ContentStage;
  close(): void;
}

/** Open the S3 store in `dir` (`null`: memory only); durable files go under `<dir>/s3/`. */
export function openObjectStore(dir: string | null): ObjectStore {
  return openSqliteObjectStore(dir);
}
