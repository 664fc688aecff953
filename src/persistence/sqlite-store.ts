/**
 * @module A durable StateStore on SQLite (better-sqlite3) in WAL mode, locked to one process (`state.lock`).
 * Each operation's changes are one SQLite transaction. With WAL and synchronous=NORMAL a committed
 * transaction is in the WAL file (the OS page cache) before `commit` returns, so killing this process at
 * any moment loses nothing acknowledged; only an OS crash or power loss could drop the newest commits.
 *
 * Commits append to a journal (`changes`, rowid order) instead of updating `records` in place. Record ids are
 * random, so the rows of one operation (an endpoint and its five route tables) sit on as many different b-tree
 * leaves of `records`: an in-place commit wrote ~8 WAL frames (two `pwrite`s each), ~250 µs on a loaded state.
 * Appended rows share the journal's last leaf: one or two frames. The journal is folded into `records` (newest
 * version of each record wins) when the store opens or closes, and while the server runs once it reaches
 * FOLD_FROM rows: then its oldest rows are folded SLICE_ROWS at a time, one slice per turn of the event loop, each
 * slice one transaction. Folding 50,000 rows at once held the thread for ~0.5 s. `records` replayed with the
 * journal in order is the state at every moment, so a state killed between slices opens as it was.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makePrivate } from './private-files.js';
import type { StateStore, StoredChange, StoredRecord } from './state-store.js';
import { closeQuietly, spaceReserve } from './storage-faults.js';
import { workInTurns } from '../shared/slices.js';
import { walCheckpointer } from './wal-checkpointer.js';

/** The file whose lock says a process serves this state directory (see sqliteStore). */
export const STATE_LOCK = 'state.lock';

/** Journal rows at which folding into `records` starts, a slice at a time (the whole journal is then folded). */
const FOLD_FROM = 20_000;
/** Journal rows folded per slice: ~10 µs each on a 2-core machine, so a slice holds the thread ~10 ms. */
const SLICE_ROWS = 1_000;
/** After a slice the disk refused (full), the next is tried this much later. */
const FOLD_RETRY_MS = 1_000;

/** How a store folds its journal while it runs (tests make it fold small journals). */
export interface FoldTuning {
  readonly foldFrom: number;
  readonly sliceRows: number;
}
/**
 * A commit of at least this many changes (`vpce import`) goes straight into `records`: journaling it would write
 * every body twice (the journal, then the fold) for no gain, since its rows are spread over `records` anyway.
 */
const DIRECT_AT = 5_000;
// Smaller commits are one INSERT of 3 values per change: 5,000 changes stay under SQLite's 32,766 bound values.

export function sqliteStore(directory: string, tuning: FoldTuning = { foldFrom: FOLD_FROM, sliceRows: SLICE_ROWS }): StateStore {
  const dir = resolve(directory);
  mkdirSync(dir, { recursive: true });
  // One process owns a state directory: two servers on one state would each serve (and write) its own copy. The
  // lock is a small database of its own (`state.lock`) held in exclusive locking mode from now until close; the OS
  // drops it when the process dies, so a restart after `kill -9` opens the state at once. state.db itself is opened
  // normally, so a worker thread's connection can checkpoint its WAL (wal-checkpointer.ts). No busy wait: the only
  // other holder is another vpce process, which keeps the lock for its lifetime.
  const lockFile = join(dir, STATE_LOCK);
  const lock = new Database(lockFile, { timeout: 0 });
  makePrivate(lockFile);
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (e) {
    lock.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${dir} is in use by another vpce process (one server per state directory)`);
    throw e;
  }
  const db = new Database(join(dir, 'state.db'), { timeout: 0 });
  makePrivate(join(dir, 'state.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoints off the thread: a checkpoint copies every page the WAL holds and syncs the file, hundreds of
  // milliseconds after a burst of writes. Durability is unchanged: a commit is in the WAL before it is acknowledged.
  const checkpointer = walCheckpointer(db, join(dir, 'state.db'));
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE IF NOT EXISTS records (
    partition TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (partition, id)
  ) WITHOUT ROWID`);
  // A null body is a deletion.
  db.exec('CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY, partition TEXT NOT NULL, id TEXT NOT NULL, body TEXT)');
  const upsert = db.prepare('INSERT OR REPLACE INTO records (partition, id, body) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM records WHERE partition = ? AND id = ?');
  const journal = db.prepare('SELECT partition, id, body FROM changes ORDER BY seq');
  const oldest = db.prepare('SELECT seq, partition, id, body FROM changes ORDER BY seq LIMIT ?');
  const clearTo = db.prepare('DELETE FROM changes WHERE seq <= ?');
  const countChanges = db.prepare('SELECT count(*) FROM changes').pluck();
  const clear = db.prepare('DELETE FROM changes');
  // Applies the newest version of each record among `changes` (in journal order; a null body deletes it). Writing
  // in key order keeps the b-tree cursor on neighbouring pages.
  const apply = (changes: readonly StoredChange[]): void => {
    const newest = new Map<string, StoredChange>();
    for (const c of changes) newest.set(`${c.partition}\u0000${c.id}`, c);
    for (const k of [...newest.keys()].sort()) {
      const c = newest.get(k)!;
      if (c.body === null) remove.run(c.partition, c.id);
      else upsert.run(c.partition, c.id, c.body);
    }
  };
  // The whole journal into `records` and emptied, atomically.
  const fold = db.transaction(() => {
    apply(journal.all() as StoredChange[]);
    clear.run();
  });
  // The journal's oldest rows into `records` and removed, atomically; the rest of the journal stays newer than
  // anything folded, so replaying it over `records` still gives the state. Returns how many rows it folded.
  const foldOldest = db.transaction((rows: number): number => {
    const slice = oldest.all(rows) as (StoredChange & { seq: number })[];
    if (slice.length === 0) return 0;
    apply(slice);
    clearTo.run(slice[slice.length - 1]!.seq);
    return slice.length;
  });
  let journaled = countChanges.get() as number;
  /** Fold the journal; false when that cannot be written now (a full disk): the journal stays and is read as it is. */
  const tryFold = (): boolean => {
    try { fold(); journaled = 0; return true; } catch (e) {
      console.error(`vpce: cannot fold the state journal: ${(e as Error).message} (reading it as it is; folded later)`);
      return false;
    }
  };
  if (journaled > 0) tryFold();
  // One operation's changes as one INSERT of that many rows: a single statement is its own transaction (no BEGIN
  // and COMMIT statements around it), atomic and, once it returns, in the WAL. Statements kept per row count.
  const appendRows = new Map<number, Database.Statement>();
  const appendOf = (rows: number): Database.Statement => {
    let st = appendRows.get(rows);
    if (st === undefined) {
      st = db.prepare(`INSERT INTO changes (partition, id, body) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}`);
      if (appendRows.size < 64) appendRows.set(rows, st);
    }
    return st;
  };
  // One transaction: the journal folded first (so no older journaled version can later overwrite these), then the
  // changes in key order, the last of each record winning. Atomic like any commit: all of it or none.
  const writeDirect = db.transaction((changes: readonly StoredChange[]) => {
    if (journaled > 0) fold();
    apply(changes);
  });
  const writeRows = (changes: readonly StoredChange[]): void => {
    const values: (string | null)[] = new Array<string | null>(changes.length * 3);
    let i = 0;
    for (const c of changes) { values[i++] = c.partition; values[i++] = c.id; values[i++] = c.body; }
    appendOf(changes.length).run(values);
  };
  // Folding while the server runs: the oldest rows a slice per turn (shared/slices.ts), from FOLD_FROM rows until
  // the journal is folded.
  const folder = workInTurns({
    pending: () => journaled > 0,
    slice: () => {
      const folded = foldOldest(tuning.sliceRows);
      // An empty journal (a large commit folded it meanwhile) ends the run.
      journaled = folded === 0 ? 0 : journaled - folded;
    },
    refused: (e) => `vpce: cannot fold the state journal now: ${e.message} (retried every ${FOLD_RETRY_MS / 1000} s; it is read as it is meanwhile)`,
    resumed: 'vpce: the state journal folds again',
  }, FOLD_RETRY_MS);
  const reserve = spaceReserve(dir);
  return {
    location: dir,
    load: () => {
      if (journaled === 0 || tryFold()) return db.prepare('SELECT partition, id, body FROM records').iterate() as IterableIterator<StoredRecord>;
      // The journal replayed over the records in memory: the same state a fold would have written.
      const state = new Map<string, StoredRecord>();
      for (const r of db.prepare('SELECT partition, id, body FROM records').iterate() as IterableIterator<StoredRecord>) state.set(`${r.partition}\u0000${r.id}`, r);
      for (const c of journal.all() as StoredChange[]) {
        const k = `${c.partition}\u0000${c.id}`;
        if (c.body === null) state.delete(k);
        else state.set(k, { partition: c.partition, id: c.id, body: c.body });
      }
      return state.values();
    },
    commit: (changes) => {
      if (changes.length === 0) return;
      const direct = changes.length >= DIRECT_AT;
      const write = direct ? writeDirect : writeRows;
      // A commit that deletes a record (DeleteVpc, DeleteVpcEndpoint...) may use the disk's reserve, so resources can
      // be deleted on a full disk; one that only adds or changes records fails (and the World rolls it back).
      if (changes.some((c) => c.body === null)) reserve.freeing(() => write(changes), () => db.pragma('wal_checkpoint(TRUNCATE)'));
      else write(changes);
      journaled = direct ? 0 : journaled + changes.length;
      // The commit above is already durable; folding starts on a later turn.
      if (journaled >= tuning.foldFrom) folder.kick();
    },
    // Never throws: a fold that fails (a full disk) leaves the journal, which the next open folds.
    close: () => {
      folder.stop();
      try { if (journaled > 0) fold(); } catch (e) { console.error(`vpce: cannot fold the state journal at close: ${(e as Error).message} (it is kept and folded at the next start)`); }
      checkpointer.close();
      closeQuietly(db, join(dir, 'state.db'));
      closeQuietly(lock, lockFile);
    },
  };
}
