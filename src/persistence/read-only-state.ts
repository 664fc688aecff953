/**
 * @module A state directory opened read-only (for `vpce lint --state`): the records as they stand (the journal
 * replayed in memory, nothing folded or written) and the S3 buckets with their policies. A state a running server
 * holds is locked; opening it fails with a message that says to ask the server instead.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STATE_LOCK } from './sqlite-store.js';
import type { StateStore, StoredRecord } from './state-store.js';

export interface ReadOnlyBucket {
  readonly name: string;
  readonly owner: string;
  readonly region: string;
  readonly policy: string | null;
}

export interface ReadOnlyState {
  /** A store that loads the records and refuses every commit. */
  readonly store: StateStore;
  readonly buckets: readonly ReadOnlyBucket[];
}

function open(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
  } catch (e) {
    throw new Error(`cannot open ${path}: ${(e as Error).message}`);
  }
}

function busy(e: unknown, dir: string): never {
  if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${dir} is in use by a running vpce server; lint it through the server with --endpoint-url`);
  throw e;
}

export function openReadOnlyState(directory: string): ReadOnlyState {
  const dir = resolve(directory);
  const statePath = join(dir, 'state.db');
  if (!existsSync(statePath)) throw new Error(`${dir} holds no vpce state (no state.db)`);
  // A server holds the state's lock file exclusively (sqlite-store.ts): reading it then fails with SQLITE_BUSY.
  const lockPath = join(dir, STATE_LOCK);
  if (existsSync(lockPath)) {
    const lock = open(lockPath);
    try { lock.prepare('SELECT count(*) FROM sqlite_master').get(); } catch (e) { busy(e, dir); } finally { lock.close(); }
  }
  const db = open(statePath);
  const records = new Map<string, StoredRecord>();
  try {
    for (const r of db.prepare('SELECT partition, id, body FROM records').iterate() as IterableIterator<StoredRecord>) records.set(`${r.partition}\u0000${r.id}`, r);
    // The journal not yet folded: replayed in order, newest wins, a null body deletes.
    for (const c of db.prepare('SELECT partition, id, body FROM changes ORDER BY seq').iterate() as IterableIterator<{ partition: string; id: string; body: string | null }>) {
      const key = `${c.partition}\u0000${c.id}`;
      if (c.body === null) records.delete(key);
      else records.set(key, { partition: c.partition, id: c.id, body: c.body });
    }
  } catch (e) {
    busy(e, dir);
  } finally {
    db.close();
  }
  const buckets: ReadOnlyBucket[] = [];
  const s3Path = join(dir, 's3', 's3.db');
  if (existsSync(s3Path)) {
    const s3 = open(s3Path);
    try {
      buckets.push(...(s3.prepare('SELECT name, owner, region, policy FROM buckets ORDER BY name').all() as ReadOnlyBucket[]));
    } catch (e) {
      busy(e, dir);
    } finally {
      s3.close();
    }
  }
  const store: StateStore = {
    location: `${dir} (read-only)`,
    load: () => records.values(),
    commit: () => { throw new Error(`${dir} was opened read-only`); },
    close: () => {},
  };
  return { store, buckets };
}
