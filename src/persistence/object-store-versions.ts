/**
 * @module Versions in the S3 store: the `objects` row of a key is its latest version (an object or a delete marker),
 * older versions and markers live in `versions`, ordered by `seq`. Every function here runs inside the caller's
 * SQLite transaction (or opens one), and names the content refs it dropped so the caller removes those files only
 * after the commit.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { ListedVersion, NewObject, StoredObject, StoredObjectExtra, StoredVersion, VersionRange, VersioningStatus, WriteCheck } from '../services/s3/storage.js';

interface Row {
  key: string; seq: number; version_id: string; size: number; etag: string; last_modified: number; extra: string; ref: string; marker: number;
}
interface ListRow { key: string; seq: number; version_id: string; size: number; etag: string; last_modified: number; marker: number; latest: number }

/** A metadata change and the content refs it dropped (removed by the caller after the commit). */
export interface Change<T> { readonly result: T; readonly dropped: readonly string[] }

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 11 base-36 digits of the sequence number, then 21 random letters and digits: 32 characters, as S3's ids are. */
const ID_PATTERN = /^[0-9a-z]{11}[A-Za-z0-9]{21}$/;

/** A fresh version id carrying its sequence number (so a lookup by id is a primary-key seek). */
export function newVersionId(seq: number): string {
  const r = randomBytes(21);
  let tail = '';
  for (const b of r) tail += ID_CHARS[b % ID_CHARS.length];
  return seq.toString(36).padStart(11, '0') + tail;
}

/** The sequence number a version id carries, or undefined when the id is not one this store mints. */
export function seqOf(versionId: string): number | undefined {
  return ID_PATTERN.test(versionId) ? parseInt(versionId.slice(0, 11), 36) : undefined;
}

const COLS = 'key, seq, version_id, size, etag, last_modified, extra, ref, marker';

export interface Versions {
  commit(o: NewObject, ref: string, check?: WriteCheck): { versionId: string; dropped: string[] };
  deleteKey(bucket: string, key: string, lastModified: number): Change<string>;
  deleteVersion(bucket: string, key: string, versionId: string): Change<StoredVersion | undefined>;
  get(bucket: string, key: string, versionId: string | undefined): StoredVersion | undefined;
  list(bucket: string, range: VersionRange): ListedVersion[];
  updateExtra(bucket: string, key: string, versionId: string | undefined, extra: StoredObjectExtra): StoredObject | undefined;
}

export function openVersions(db: Database.Database, versioningOf: (bucket: string) => VersioningStatus | undefined): Versions {
  const q = {
    cur: db.prepare(`SELECT ${COLS} FROM objects WHERE bucket = ? AND key = ?`),
    putCur: db.prepare('INSERT OR REPLACE INTO objects (bucket, key, size, etag, last_modified, extra, ref, version_id, seq, marker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    delCur: db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ?'),
    insOld: db.prepare('INSERT INTO versions (bucket, key, seq, version_id, size, etag, last_modified, extra, ref, marker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    oldNull: db.prepare(`SELECT ${COLS} FROM versions WHERE bucket = ? AND key = ? AND version_id = 'null'`),
    oldBySeq: db.prepare(`SELECT ${COLS} FROM versions WHERE bucket = ? AND key = ? AND seq = ?`),
    delOld: db.prepare('DELETE FROM versions WHERE bucket = ? AND key = ? AND seq = ?'),
    newestOld: db.prepare(`SELECT ${COLS} FROM versions WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1`),
    curExtra: db.prepare('UPDATE objects SET extra = ? WHERE bucket = ? AND key = ? AND seq = ?'),
    oldExtra: db.prepare('UPDATE versions SET extra = ? WHERE bucket = ? AND key = ? AND seq = ?'),
  };
  // Both tables merged in (key, newest first) order; `below` bounds the first key's versions (exclusive).
  const listSql = (bounded: boolean): Database.Statement => {
    const where = `bucket = @bucket AND key >= @from AND (key > @from OR seq < @below)${bounded ? ' AND key < @before' : ''}`;
    return db.prepare(`SELECT key, seq, version_id, size, etag, last_modified, marker, 1 AS latest FROM objects WHERE ${where}
      UNION ALL SELECT key, seq, version_id, size, etag, last_modified, marker, 0 AS latest FROM versions WHERE ${where}
      ORDER BY key, seq DESC LIMIT @limit`);
  };
  const listAll = listSql(false);
  const listBefore = listSql(true);

  // Sequence numbers grow with the write time (milliseconds x 1024, so they survive restarts) and past the key's
  // latest version, so a key's newest version always has its highest seq.
  let last = 0;
  const nextSeq = (lastModified: number, cur: Row | undefined): number => {
    last = Math.max(lastModified * 1024, last + 1, (cur?.seq ?? -1) + 1);
    return last;
  };

  const toVersion = (bucket: string, r: Row): StoredVersion => r.marker === 1
    ? { deleteMarker: true, bucket, key: r.key, versionId: r.version_id, lastModified: r.last_modified }
    : {
      deleteMarker: false, bucket, key: r.key, size: r.size, etag: r.etag, lastModified: r.last_modified,
      extra: JSON.parse(r.extra) as StoredObjectExtra, ref: r.ref, versionId: r.version_id,
    };

  /**
   * Make room for a new latest version. AWS: with versioning enabled the current version becomes noncurrent; while
   * suspended the new version is the null version, so the existing null version (current or not) is removed.
   */
  const retire = (bucket: string, key: string, cur: Row | undefined, mode: VersioningStatus): string[] => {
    const dropped: string[] = [];
    if (mode === 'Suspended') {
      const n = q.oldNull.get(bucket, key) as Row | undefined;
      if (n) { q.delOld.run(bucket, key, n.seq); dropped.push(n.ref); }
    }
    if (cur) {
      if (mode === 'Suspended' && cur.version_id === 'null') dropped.push(cur.ref);
      else q.insOld.run(bucket, key, cur.seq, cur.version_id, cur.size, cur.etag, cur.last_modified, cur.extra, cur.ref, cur.marker);
    }
    return dropped;
  };

  /** A version's row and the table holding it. */
  const find = (bucket: string, key: string, versionId: string | undefined): { row: Row; current: boolean } | undefined => {
    const cur = q.cur.get(bucket, key) as Row | undefined;
    if (versionId === undefined) return cur && { row: cur, current: true };
    if (cur?.version_id === versionId) return { row: cur, current: true };
    let old: Row | undefined;
    if (versionId === 'null') old = q.oldNull.get(bucket, key) as Row | undefined;
    else {
      const seq = seqOf(versionId);
      if (seq !== undefined) old = q.oldBySeq.get(bucket, key, seq) as Row | undefined;
    }
    return old && old.version_id === versionId ? { row: old, current: false } : undefined;
  };

  const modeOf = (bucket: string): VersioningStatus => versioningOf(bucket) ?? 'Suspended';

  const deleteKey = db.transaction((bucket: string, key: string, lastModified: number): Change<string> => {
    const cur = q.cur.get(bucket, key) as Row | undefined;
    const mode = modeOf(bucket);
    const seq = nextSeq(lastModified, cur);
    const dropped = retire(bucket, key, cur, mode);
    const id = mode === 'Enabled' ? newVersionId(seq) : 'null';
    q.putCur.run(bucket, key, 0, '', lastModified, '{}', '', id, seq, 1);
    return { result: id, dropped };
  });

  const deleteVersion = db.transaction((bucket: string, key: string, versionId: string): Change<StoredVersion | undefined> => {
    const found = find(bucket, key, versionId);
    if (!found) return { result: undefined, dropped: [] };
    const { row, current } = found;
    if (current) {
      q.delCur.run(bucket, key);
      // AWS: when the current version is deleted, the next newest becomes current (deleting a marker undeletes).
      const next = q.newestOld.get(bucket, key) as Row | undefined;
      if (next) {
        q.delOld.run(bucket, key, next.seq);
        q.putCur.run(bucket, key, next.size, next.etag, next.last_modified, next.extra, next.ref, next.version_id, next.seq, next.marker);
      }
    } else {
      q.delOld.run(bucket, key, row.seq);
    }
    return { result: toVersion(bucket, row), dropped: [row.ref] };
  });

  return {
    commit: (o, ref, check) => {
      const cur = q.cur.get(o.bucket, o.key) as Row | undefined;
      // AWS: a delete marker as the latest version counts as no object for If-None-Match / If-Match.
      if (check) check(cur && cur.marker === 0 ? cur.etag : undefined);
      const mode = modeOf(o.bucket);
      const seq = nextSeq(o.lastModified, cur);
      const dropped = retire(o.bucket, o.key, cur, mode);
      const versionId = mode === 'Enabled' ? newVersionId(seq) : 'null';
      q.putCur.run(o.bucket, o.key, o.size, o.etag, o.lastModified, JSON.stringify(o.extra), ref, versionId, seq, 0);
      return { versionId, dropped };
    },
    deleteKey: (bucket, key, lastModified) => deleteKey(bucket, key, lastModified),
    deleteVersion: (bucket, key, versionId) => deleteVersion(bucket, key, versionId),
    get: (bucket, key, versionId) => {
      const found = find(bucket, key, versionId);
      return found && toVersion(bucket, found.row);
    },
    list: (bucket, r) => {
      let below = r.inclusive ? Number.MAX_SAFE_INTEGER : -1;
      if (r.afterVersion !== undefined) {
        // A marker version that is gone (deleted between pages) keeps its place: its id carries its seq. A null
        // version that is gone excludes its whole key (no repeats).
        const seq = r.afterVersion === 'null' ? find(bucket, r.from, 'null')?.row.seq : seqOf(r.afterVersion);
        below = seq ?? -1;
      }
      const params = { bucket, from: r.from, below, before: r.before, limit: r.limit };
      const rows = (r.before === null ? listAll.all(params) : listBefore.all(params)) as ListRow[];
      return rows.map((x): ListedVersion => x.marker === 1
        ? { deleteMarker: true, key: x.key, versionId: x.version_id, lastModified: x.last_modified, isLatest: x.latest === 1 }
        : { deleteMarker: false, key: x.key, size: x.size, etag: x.etag, lastModified: x.last_modified, versionId: x.version_id, isLatest: x.latest === 1 });
    },
    updateExtra: (bucket, key, versionId, extra) => {
      const found = find(bucket, key, versionId);
      if (!found || found.row.marker === 1) return undefined;
      const json = JSON.stringify(extra);
      (found.current ? q.curExtra : q.oldExtra).run(json, bucket, key, found.row.seq);
      const { deleteMarker: _marker, ...object } = toVersion(bucket, { ...found.row, extra: json }) as StoredObject & { deleteMarker: false };
      return object;
    },
  };
}
