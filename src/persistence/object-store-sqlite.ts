/**
 * @module The ObjectStore on SQLite (better-sqlite3, WAL, synchronous=NORMAL) with content files, or on
 * `:memory:` with content in Buffers. Order of writes: content first, then the metadata commit, then removal of
 * replaced content, so a killed process never acknowledges a write it could lose nor keeps metadata without
 * content; an orphan file (content written, commit lost) is ignored.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { makePrivate } from './private-files.js';
import { join, resolve } from 'node:path';
import { fileContent, memoryContent, type ContentStore } from './object-store-content.js';
import type { ListedObject, NewObject, ObjectStore, StoredBucket, StoredObject, StoredUpload, WriteCheck } from './object-store.js';
import { openVersions } from './object-store-versions.js';
import { closeQuietly, LostObjectError, spaceReserveAbove, type SpaceReserve } from './storage-faults.js';
import { walCheckpointer, type Checkpointer } from './wal-checkpointer.js';

interface BucketRow { name: string; owner: string; region: string; created: number; policy: string | null; versioning: string | null }
interface ObjectRow { key: string; size: number; etag: string; last_modified: number; extra: string; ref: string; version_id: string }
interface UploadRow { upload_id: string; bucket: string; key: string; initiated: number; body: string }
interface PartRow { part_number: number; size: number; etag: string; last_modified: number; checksums: string; ref: string }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, owner TEXT NOT NULL, region TEXT NOT NULL, created INTEGER NOT NULL, policy TEXT);
CREATE TABLE IF NOT EXISTS bucket_configs (bucket TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (bucket, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects (bucket TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL, extra TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, initiated);
-- Noncurrent versions and delete markers of versioned buckets (objects holds each key's latest version, so a
-- never-versioned bucket keeps one row per key). seq orders one key's versions (newest highest); ref is '' for a marker.
CREATE TABLE IF NOT EXISTS versions (bucket TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, version_id TEXT NOT NULL,
  size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified INTEGER NOT NULL, extra TEXT NOT NULL, ref TEXT NOT NULL,
  marker INTEGER NOT NULL, PRIMARY KEY (bucket, key, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL, checksums TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (upload_id, part_number)) WITHOUT ROWID;
`;

const newRef = (): string => randomBytes(16).toString('hex');

/** Bring a store made before versioning up to the current schema (columns added with their defaults). */
function migrate(db: Database.Database): void {
  const columns = (table: string): Set<string> => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  const objects = columns('objects');
  if (!objects.has('version_id')) db.exec("ALTER TABLE objects ADD COLUMN version_id TEXT NOT NULL DEFAULT 'null'");
  if (!objects.has('seq')) db.exec('ALTER TABLE objects ADD COLUMN seq INTEGER NOT NULL DEFAULT 0');
  if (!objects.has('marker')) db.exec('ALTER TABLE objects ADD COLUMN marker INTEGER NOT NULL DEFAULT 0');
  if (!columns('buckets').has('versioning')) db.exec('ALTER TABLE buckets ADD COLUMN versioning TEXT');
}

export function openSqliteObjectStore(dir: string | null): ObjectStore {
  let db: Database.Database;
  let content: ContentStore;
  let location: string;
  // Memory mode has no disk to fill: deletes run as they are.
  let reserve: SpaceReserve = { freeing: (change) => change() };
  let checkpointer: Checkpointer | undefined;
  if (dir === null) {
    db = new Database(':memory:');
    content = memoryContent();
    location = 'memory';
  } else {
    location = resolve(dir, 's3');
    const objectsDir = join(location, 'objects');
    mkdirSync(objectsDir, { recursive: true });
    db = new Database(join(location, 's3.db'));
    makePrivate(join(location, 's3.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints off the thread: DeleteObjects of 1,000 keys alone writes megabytes of WAL.
    checkpointer = walCheckpointer(db, join(location, 's3.db'));
    content = fileContent(objectsDir, join(location, 'incoming'));
    reserve = spaceReserveAbove(location);
  }
  db.exec(SCHEMA);
  migrate(db);
  const checkpoint = (): unknown => db.pragma('wal_checkpoint(TRUNCATE)');

  const q = {
    insertBucket: db.prepare('INSERT OR IGNORE INTO buckets (name, owner, region, created, policy) VALUES (?, ?, ?, ?, ?)'),
    deleteBucket: db.prepare('DELETE FROM buckets WHERE name = ?'),
    setPolicy: db.prepare('UPDATE buckets SET policy = ? WHERE name = ?'),
    allBuckets: db.prepare('SELECT name, owner, region, created, policy, versioning FROM buckets'),
    setVersioning: db.prepare('UPDATE buckets SET versioning = ? WHERE name = ?'),
    allConfigs: db.prepare('SELECT bucket, kind, value FROM bucket_configs'),
    setConfig: db.prepare('INSERT OR REPLACE INTO bucket_configs (bucket, kind, value) VALUES (?, ?, ?)'),
    deleteConfig: db.prepare('DELETE FROM bucket_configs WHERE bucket = ? AND kind = ?'),
    deleteConfigs: db.prepare('DELETE FROM bucket_configs WHERE bucket = ?'),
    anyObject: db.prepare('SELECT 1 FROM objects WHERE bucket = ? UNION ALL SELECT 1 FROM versions WHERE bucket = ? LIMIT 1').pluck(),
    // A delete marker as latest version is no object: getObject, listings and deleteObject skip it.
    getObject: db.prepare('SELECT key, size, etag, last_modified, extra, ref, version_id FROM objects WHERE bucket = ? AND key = ? AND marker = 0'),
    getRef: db.prepare('SELECT ref FROM objects WHERE bucket = ? AND key = ?').pluck(),
    getCurrent: db.prepare('SELECT ref, etag FROM objects WHERE bucket = ? AND key = ? AND marker = 0'),
    upsertObject: db.prepare("INSERT OR REPLACE INTO objects (bucket, key, size, etag, last_modified, extra, ref, version_id, seq, marker) VALUES (?, ?, ?, ?, ?, ?, ?, 'null', ?, 0)"),
    deleteObject: db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ?'),
    rangeGt: db.prepare('SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key > ? AND marker = 0 ORDER BY key LIMIT ?'),
    rangeGe: db.prepare('SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key >= ? AND marker = 0 ORDER BY key LIMIT ?'),
    rangeGtLt: db.prepare('SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key > ? AND key < ? AND marker = 0 ORDER BY key LIMIT ?'),
    rangeGeLt: db.prepare('SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key >= ? AND key < ? AND marker = 0 ORDER BY key LIMIT ?'),
    insertUpload: db.prepare('INSERT INTO uploads (upload_id, bucket, key, initiated, body) VALUES (?, ?, ?, ?, ?)'),
    getUpload: db.prepare('SELECT upload_id, bucket, key, initiated, body FROM uploads WHERE upload_id = ?'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE upload_id = ?'),
    uploadsOfBucket: db.prepare('SELECT upload_id FROM uploads WHERE bucket = ?').pluck(),
    // Uploads are listed by (key, initiated, upload_id); the marker excludes its key's uploads up to and including
    // itself in that same order (upload ids are random, so comparing them alone would skip or repeat). A marker
    // upload that is gone (aborted between pages) excludes nothing of its key. The prefix test counts characters on
    // both sides (`length(?)`), as SQLite's substr does.
    listUploads: db.prepare(`SELECT upload_id, bucket, key, initiated, body FROM uploads
      WHERE bucket = @bucket AND key >= max(@markerKey, @prefix) AND substr(key, 1, length(@prefix)) = @prefix
      AND NOT (key = @markerKey AND (initiated, upload_id) <= (COALESCE((SELECT initiated FROM uploads WHERE upload_id = @markerId AND bucket = @bucket AND key = @markerKey), -1), @markerId))
      ORDER BY key, initiated, upload_id LIMIT @limit`),
    partRefs: db.prepare('SELECT ref FROM parts WHERE upload_id = ?').pluck(),
    deleteParts: db.prepare('DELETE FROM parts WHERE upload_id = ?'),
    getPartRef: db.prepare('SELECT ref FROM parts WHERE upload_id = ? AND part_number = ?').pluck(),
    upsertPart: db.prepare('INSERT OR REPLACE INTO parts (upload_id, part_number, size, etag, last_modified, checksums, ref) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    listParts: db.prepare('SELECT part_number, size, etag, last_modified, checksums, ref FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?'),
  };

  // Buckets are few and read on every request: keep them in memory, written through.
  const buckets = new Map<string, StoredBucket>();
  for (const r of q.allBuckets.all() as BucketRow[]) {
    const { versioning, ...rest } = r;
    buckets.set(r.name, versioning === 'Enabled' || versioning === 'Suspended' ? { ...rest, versioning } : rest);
  }
  // Bucket configurations (CORS, ownership, public access block...) are read on many requests: cached the same way,
  // keyed `bucket\0kind`.
  const configs = new Map<string, string>();
  for (const r of q.allConfigs.all() as { bucket: string; kind: string; value: string }[]) configs.set(`${r.bucket}\0${r.kind}`, r.value);
  const dropBucket = db.transaction((name: string) => {
    q.deleteConfigs.run(name);
    q.deleteBucket.run(name);
  });

  /** Read an object's content; a body file that is gone is a lost object (named for the log), not a crash. */
  const lost = <T>(o: { bucket: string; key: string; ref: string }, read: () => T): T => {
    try {
      return read();
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ENOENT') throw new LostObjectError(o.bucket, o.key, dir === null ? `memory:${o.ref}` : join(location, 'objects', o.ref.slice(0, 2), o.ref));
      throw e;
    }
  };
  const toObject = (bucket: string, r: ObjectRow): StoredObject => ({
    bucket, key: r.key, size: r.size, etag: r.etag, lastModified: r.last_modified, extra: JSON.parse(r.extra) as StoredObject['extra'], ref: r.ref, versionId: r.version_id,
  });
  const versions = openVersions(db, (name) => buckets.get(name)?.versioning);
  const toUpload = (r: UploadRow): StoredUpload => {
    const body = JSON.parse(r.body) as Pick<StoredUpload, 'owner' | 'initiator' | 'extra' | 'checksumAlgorithm'>;
    return { uploadId: r.upload_id, bucket: r.bucket, key: r.key, initiated: r.initiated, ...body };
  };
  const toListed = (r: Omit<ObjectRow, 'extra' | 'ref'>): ListedObject => ({ key: r.key, size: r.size, etag: r.etag, lastModified: r.last_modified });

  /** Commit an object row pointing at `ref` (already written); returns the replaced content ref. */
  // The precondition runs inside the transaction, after the content is stored and before the row is switched, so no
  // other write can come between the check and the commit.
  // A never-versioned bucket keeps today's one row per key; a versioned one goes through `versions.commit`, which
  // keeps the replaced version (or replaces the null version when suspended) and names the content it dropped.
  const commitObject = db.transaction((o: NewObject, ref: string, check?: WriteCheck): { versionId: string; dropped: string[] } => {
    if (buckets.get(o.bucket)?.versioning !== undefined) return versions.commit(o, ref, check);
    const current = q.getCurrent.get(o.bucket, o.key) as { ref: string; etag: string } | undefined;
    if (check) check(current?.etag);
    q.upsertObject.run(o.bucket, o.key, o.size, o.etag, o.lastModified, JSON.stringify(o.extra), ref, o.lastModified * 1024);
    return { versionId: 'null', dropped: current === undefined ? [] : [current.ref] };
  });
  const dropUpload = db.transaction((uploadId: string): string[] => {
    const refs = q.partRefs.all(uploadId) as string[];
    q.deleteParts.run(uploadId);
    q.deleteUpload.run(uploadId);
    return refs;
  });
  const finishUpload = db.transaction((uploadId: string, o: NewObject, ref: string, check?: WriteCheck): { versionId: string; dropped: string[]; parts: string[] } => {
    const done = commitObject(o, ref, check);
    return { ...done, parts: dropUpload(uploadId) };
  });
  /** Run a commit; when it throws (a refused precondition, a failed transaction) the new content file is removed. */
  const orRemove = <T>(ref: string, commit: () => T): T => {
    try {
      return commit();
    } catch (err) {
      content.remove(ref);
      throw err;
    }
  };
  const putObjectRow = (o: NewObject, ref: string, check?: WriteCheck): StoredObject => {
    const { versionId, dropped } = orRemove(ref, () => commitObject(o, ref, check));
    for (const old of dropped) if (old !== ref && old !== '') content.remove(old);
    return { ...o, ref, versionId };
  };
  /** Run a metadata change, then remove the content it dropped (after the commit, so a crash keeps an orphan at most). */
  const thenRemove = <T>(change: () => { result: T; dropped: readonly string[] }): T => {
    const { result, dropped } = reserve.freeing(change, checkpoint);
    for (const ref of dropped) if (ref !== '') content.remove(ref);
    return result;
  };

  return {
    location,
    getBucket: (name) => buckets.get(name),
    insertBucket: (b) => {
      if (q.insertBucket.run(b.name, b.owner, b.region, b.created, b.policy).changes === 0) return false;
      buckets.set(b.name, b);
      return true;
    },
    deleteBucket: (name) => {
      for (const id of q.uploadsOfBucket.all(name) as string[]) for (const ref of reserve.freeing(() => dropUpload(id), checkpoint)) content.remove(ref);
      reserve.freeing(() => dropBucket(name), checkpoint);
      buckets.delete(name);
      for (const k of [...configs.keys()]) if (k.startsWith(`${name}\0`)) configs.delete(k);
    },
    allBuckets: () => [...buckets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    bucketsOf: (owner) => [...buckets.values()].filter((b) => b.owner === owner).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    setBucketPolicy: (name, policy) => {
      q.setPolicy.run(policy, name);
      const b = buckets.get(name);
      if (b) buckets.set(name, { ...b, policy });
    },
    getBucketConfig: (bucket, kind) => configs.get(`${bucket}\0${kind}`),
    setBucketConfig: (bucket, kind, value) => {
      if (value === null) q.deleteConfig.run(bucket, kind);
      else q.setConfig.run(bucket, kind, value);
      if (value === null) configs.delete(`${bucket}\0${kind}`);
      else configs.set(`${bucket}\0${kind}`, value);
    },
    hasObjects: (bucket) => q.anyObject.get(bucket, bucket) !== undefined,
    putObject: (o, bytes, check) => {
      const ref = newRef();
      content.write(ref, bytes);
      return putObjectRow(o, ref, check);
    },
    getObject: (bucket, key) => {
      const r = q.getObject.get(bucket, key) as ObjectRow | undefined;
      return r === undefined ? undefined : toObject(bucket, r);
    },
    readObject: (o, start, end) => lost(o, () => content.read(o.ref, start, end, o.size)),
    deleteObject: (bucket, key) => {
      if (buckets.get(bucket)?.versioning !== undefined) return thenRemove(() => versions.deleteKey(bucket, key, Date.now())) !== undefined;
      const ref = q.getRef.get(bucket, key) as string | undefined;
      if (ref === undefined) return false;
      reserve.freeing(() => q.deleteObject.run(bucket, key), checkpoint);
      content.remove(ref);
      return true;
    },
    deleteKey: (bucket, key, lastModified) => {
      if (buckets.get(bucket)?.versioning !== undefined) {
        const markerId = thenRemove(() => versions.deleteKey(bucket, key, lastModified));
        return { removed: false, deleteMarker: markerId };
      }
      const ref = q.getRef.get(bucket, key) as string | undefined;
      if (ref === undefined) return { removed: false };
      reserve.freeing(() => q.deleteObject.run(bucket, key), checkpoint);
      content.remove(ref);
      return { removed: true };
    },
    setBucketVersioning: (name, status) => {
      q.setVersioning.run(status, name);
      const b = buckets.get(name);
      if (b) buckets.set(name, { ...b, versioning: status });
    },
    getVersion: (bucket, key, versionId) => versions.get(bucket, key, versionId),
    deleteVersion: (bucket, key, versionId) => thenRemove(() => versions.deleteVersion(bucket, key, versionId)),
    listVersions: (bucket, range) => versions.list(bucket, range),
    updateObjectExtra: (bucket, key, versionId, extra) => versions.updateExtra(bucket, key, versionId, extra),
    copyObject: (source, target, check) => {
      const ref = newRef();
      lost(source, () => content.copy(source.ref, ref));
      return putObjectRow(target, ref, check);
    },
    listObjects: (bucket, r) => {
      const rows = (r.before === null
        ? (r.inclusive ? q.rangeGe : q.rangeGt).all(bucket, r.from, r.limit)
        : (r.inclusive ? q.rangeGeLt : q.rangeGtLt).all(bucket, r.from, r.before, r.limit)) as ObjectRow[];
      return rows.map(toListed);
    },
    insertUpload: (u) => {
      const body: Pick<StoredUpload, 'owner' | 'initiator' | 'extra'> & { checksumAlgorithm?: string } = { owner: u.owner, initiator: u.initiator, extra: u.extra };
      if (u.checksumAlgorithm !== undefined) body.checksumAlgorithm = u.checksumAlgorithm;
      q.insertUpload.run(u.uploadId, u.bucket, u.key, u.initiated, JSON.stringify(body));
    },
    getUpload: (id) => {
      const r = q.getUpload.get(id) as UploadRow | undefined;
      return r === undefined ? undefined : toUpload(r);
    },
    deleteUpload: (id) => { for (const ref of reserve.freeing(() => dropUpload(id), checkpoint)) content.remove(ref); },
    // max() compares in SQLite's binary (UTF-8) order, as S3 orders keys; a JS comparison would use UTF-16 order.
    listUploads: (bucket, prefix, fromKey, afterUploadId, limit) =>
      (q.listUploads.all({ bucket, prefix, markerKey: fromKey, markerId: afterUploadId, limit }) as UploadRow[]).map(toUpload),
    putPart: (p, bytes) => {
      const ref = newRef();
      content.write(ref, bytes);
      const old = orRemove(ref, () => db.transaction(() => {
        const prev = q.getPartRef.get(p.uploadId, p.partNumber) as string | undefined;
        q.upsertPart.run(p.uploadId, p.partNumber, p.size, p.etag, p.lastModified, JSON.stringify(p.checksums), ref);
        return prev;
      })());
      if (old !== undefined) content.remove(old);
      return { ...p, ref };
    },
    listParts: (uploadId, after, limit) => (q.listParts.all(uploadId, after, limit) as PartRow[]).map((r) => ({
      uploadId, partNumber: r.part_number, size: r.size, etag: r.etag, lastModified: r.last_modified,
      checksums: JSON.parse(r.checksums) as Record<string, string>, ref: r.ref,
    })),
    completeUpload: (uploadId, parts, o, check, joined) => {
      const ref = joined?.joined ?? newRef();
      if (joined === undefined) content.concat(ref, parts.map((p) => p.ref));
      const { versionId, dropped, parts: partRefs } = orRemove(ref, () => finishUpload(uploadId, o, ref, check));
      for (const old of dropped) if (old !== '') content.remove(old);
      for (const r of partRefs) content.remove(r);
      return { ...o, ref, versionId };
    },
    joinParts: async (parts) => {
      const ref = newRef();
      await content.concatAsync(ref, parts.map((p) => p.ref));
      return { joined: ref };
    },
    discardJoined: (joined) => content.remove(joined.joined),
    stage: () => content.stage(),
    close: () => { checkpointer?.close(); closeQuietly(db, location); },
  };
}
