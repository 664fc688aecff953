/**
 * @module Storage fault injection for tests (used where a small tmpfs cannot be mounted): wrappers around the
 * real stores that answer every write that grows the state with the error SQLite or the file system gives on a
 * full disk, while reads and deletes go through, as they do on a full disk with vpce's space reserve. Only code in
 * this process can reach the switch; nothing in the API can.
 */
import type { ItemStore } from '../../src/persistence/item-store.js';
import type { ObjectStore } from '../../src/persistence/object-store.js';
import type { StateStore } from '../../src/persistence/state-store.js';

export interface DiskSwitch {
  /** While true, every growing write fails as on a full disk. */
  full: boolean;
  /** Writes refused so far. */
  refused: number;
  /** While true, every call, reads included, fails as on a failing device (SQLITE_IOERR_READ). */
  failing?: boolean;
}

const OBJECT_WRITES = new Set(['insertBucket', 'setBucketPolicy', 'setBucketConfig', 'putObject', 'copyObject', 'insertUpload', 'putPart', 'completeUpload', 'joinParts', 'setBucketVersioning', 'updateObjectExtra']);
const ITEM_WRITES = new Set(['createTable', 'setPolicy', 'setDefinition', 'putItem', 'addIndexEntry']);

/** SQLite's error on a full disk (better-sqlite3 SqliteError code) or the file system's (a body file). */
export function diskFullError(kind: 'sqlite' | 'fs'): Error {
  return kind === 'sqlite'
    ? Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    : Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

function wrap<T extends object>(inner: T, writes: ReadonlySet<string>, sw: DiskSwitch, kind: (method: string) => 'sqlite' | 'fs'): T {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (sw.failing && prop !== 'close') throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_READ' });
        if (sw.full && writes.has(prop)) { sw.refused++; throw diskFullError(kind(prop)); }
        return fn.apply(target, args);
      };
    },
  });
}

export function faultyObjects(inner: ObjectStore, sw: DiskSwitch): ObjectStore {
  // Object bodies are files (ENOSPC); metadata is SQLite (SQLITE_FULL).
  return wrap(inner, OBJECT_WRITES, sw, (m) => (m === 'putObject' || m === 'putPart' || m === 'copyObject' || m === 'completeUpload' || m === 'joinParts' ? 'fs' : 'sqlite'));
}

export function faultyItems(inner: ItemStore, sw: DiskSwitch): ItemStore {
  return wrap(inner, ITEM_WRITES, sw, () => 'sqlite');
}

/** A StateStore whose commits fail on a "full disk" unless they delete a record (which the space reserve allows). */
export function faultyState(inner: StateStore, sw: DiskSwitch): StateStore {
  return {
    location: inner.location,
    load: () => inner.load(),
    commit: (changes) => {
      if (sw.full && !changes.some((c) => c.body === null)) { sw.refused++; throw diskFullError('sqlite'); }
      inner.commit(changes);
    },
    close: () => inner.close(),
  };
}
