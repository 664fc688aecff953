/**
 * @module The DynamoDB ItemStore on SQLite (better-sqlite3): `<dir>/dynamodb/items.db` in WAL mode with
 * synchronous=NORMAL (a write is in the WAL before the call returns, so `kill -9` loses nothing acknowledged),
 * or `:memory:`. Items are `(tbl, pk, sk) -> body` in a WITHOUT ROWID table, so a partition's items are
 * contiguous and sorted by their order-preserving sort key: Query is an index range scan.
 *
 * DeleteTable removes the table's row at once and notes its id in `purges`; its items and index entries are then
 * deleted a slice per turn of the event loop (AWS: a deleted table is DELETING while its data goes). Table ids are
 * never reused (AUTOINCREMENT), and every read names a table that exists, so rows left to purge are never seen.
 * Deleting a 300 MB table in one statement held the thread ~0.7 s, 100,000 small items ~1 s.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { makePrivate } from './private-files.js';
import { join, resolve } from 'node:path';
import type { IndexEntry, IndexRow, ItemRow, ItemStore, SkRange, TableRow } from './item-store.js';
import { Slices, workInTurns } from '../shared/slices.js';
import { closeQuietly, spaceReserve, type SpaceReserve } from './storage-faults.js';
import { walCheckpointer, type Checkpointer } from './wal-checkpointer.js';

interface TableRecord {
  id: number; scope: string; name: string; definition: string; policy: string | null; policy_revision: string | null; created_at: number;
}

export function sqliteItemStore(directory: string | null): ItemStore {
  let location = 'memory';
  let file = ':memory:';
  if (directory !== null) {
    const dir = resolve(directory, 'dynamodb');
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'items.db');
    location = file;
  }
  const db = new Database(file);
  // Memory mode has no disk to fill: deletes run as they are.
  const reserve: SpaceReserve = directory === null ? { freeing: (change) => change() } : spaceReserve(directory);
  const checkpoint = (): unknown => db.pragma('wal_checkpoint(TRUNCATE)');
  let checkpointer: Checkpointer | undefined;
  if (directory !== null) {
    makePrivate(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints off the thread (a 400 KB item is ~100 WAL pages: SQLite's own would stall a commit every few MB).
    checkpointer = walCheckpointer(db, file);
  }
  db.pragma('cache_size = -65536');
  db.exec(`
    CREATE TABLE IF NOT EXISTS tables (
      id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
      policy TEXT, policy_revision TEXT, created_at REAL NOT NULL, UNIQUE (scope, name));
    CREATE TABLE IF NOT EXISTS items (
      tbl INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, body TEXT NOT NULL, size INTEGER NOT NULL,
      PRIMARY KEY (tbl, pk, sk)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS index_entries (
      tbl INTEGER NOT NULL, ix TEXT NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL,
      size INTEGER NOT NULL, PRIMARY KEY (tbl, ix, ipk, isk, pk, sk)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS index_entries_item ON index_entries (tbl, pk, sk);
    CREATE TABLE IF NOT EXISTS purges (tbl INTEGER PRIMARY KEY);`);

  const q = {
    getTable: db.prepare('SELECT * FROM tables WHERE scope = ? AND name = ?'),
    listTables: db.prepare('SELECT name FROM tables WHERE scope = ? AND name > ? ORDER BY name LIMIT ?').pluck(),
    insertTable: db.prepare('INSERT INTO tables (scope, name, definition, policy, policy_revision, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    setPolicy: db.prepare('UPDATE tables SET policy = ?, policy_revision = ? WHERE id = ?'),
    setDefinition: db.prepare('UPDATE tables SET definition = ? WHERE id = ?'),
    deleteTable: db.prepare('DELETE FROM tables WHERE id = ?'),
    // The first rows of a deleted table, in key order (a range of the primary key).
    purgeItems: db.prepare('DELETE FROM items WHERE tbl = ? AND (pk, sk) IN (SELECT pk, sk FROM items WHERE tbl = ? ORDER BY pk, sk LIMIT ?)'),
    purgeEntries: db.prepare(`DELETE FROM index_entries WHERE tbl = ? AND (ix, ipk, isk, pk, sk) IN
      (SELECT ix, ipk, isk, pk, sk FROM index_entries WHERE tbl = ? ORDER BY ix, ipk, isk, pk, sk LIMIT ?)`),
    addPurge: db.prepare('INSERT OR IGNORE INTO purges (tbl) VALUES (?)'),
    nextPurge: db.prepare('SELECT tbl FROM purges ORDER BY tbl LIMIT 1').pluck(),
    donePurge: db.prepare('DELETE FROM purges WHERE tbl = ?'),
    getItem: db.prepare('SELECT body FROM items WHERE tbl = ? AND pk = ? AND sk = ?').pluck(),
    putItem: db.prepare('INSERT OR REPLACE INTO items (tbl, pk, sk, body, size) VALUES (?, ?, ?, ?, ?)'),
    deleteItem: db.prepare('DELETE FROM items WHERE tbl = ? AND pk = ? AND sk = ?'),
    scanFirst: db.prepare('SELECT pk, sk, body, size FROM items WHERE tbl = ? ORDER BY pk, sk LIMIT ?'),
    scanAfter: db.prepare('SELECT pk, sk, body, size FROM items WHERE tbl = ? AND (pk, sk) > (?, ?) ORDER BY pk, sk LIMIT ?'),
    // INDEXED BY: without statistics the planner may pick the primary key's `tbl` prefix, a scan of the whole table's
    // entries on every write.
    deleteEntries: db.prepare('DELETE FROM index_entries INDEXED BY index_entries_item WHERE tbl = ? AND pk = ? AND sk = ?'),
    insertEntry: db.prepare('INSERT OR REPLACE INTO index_entries (tbl, ix, ipk, isk, pk, sk, size) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    dropIndex: db.prepare('DELETE FROM index_entries WHERE tbl = ? AND ix = ?'),
    // Each entry keeps its item's size, so index statistics are one range scan of the entries.
    indexStats: db.prepare('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM index_entries WHERE tbl = ? AND ix = ?'),
    allTables: db.prepare('SELECT * FROM tables ORDER BY id'),
    scanIndexFirst: db.prepare(`SELECT i.body, i.size FROM index_entries e JOIN items i ON i.tbl = e.tbl AND i.pk = e.pk AND i.sk = e.sk
      WHERE e.tbl = ? AND e.ix = ? ORDER BY e.ipk, e.isk, e.pk, e.sk LIMIT ?`).raw(),
    scanIndexAfter: db.prepare(`SELECT i.body, i.size FROM index_entries e JOIN items i ON i.tbl = e.tbl AND i.pk = e.pk AND i.sk = e.sk
      WHERE e.tbl = ? AND e.ix = ? AND (e.ipk, e.isk, e.pk, e.sk) > (?, ?, ?, ?) ORDER BY e.ipk, e.isk, e.pk, e.sk LIMIT ?`).raw(),
    stats: db.prepare('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM items WHERE tbl = ?'),
  };
  // One prepared statement per (lower bound, upper bound, direction) combination, made on first use.
  const rangeStatements = new Map<string, Database.Statement>();
  function rangeStatement(range: SkRange, forward: boolean): Database.Statement {
    const lo = range.lo ? (range.lo.inclusive ? '>=' : '>') : '';
    const hi = range.hi ? (range.hi.inclusive ? '<=' : '<') : '';
    const key = `${lo}|${hi}|${forward ? 'a' : 'd'}`;
    let s = rangeStatements.get(key);
    if (!s) {
      const where = ['tbl = ?', 'pk = ?', ...(lo ? [`sk ${lo} ?`] : []), ...(hi ? [`sk ${hi} ?`] : [])].join(' AND ');
      s = db.prepare(`SELECT pk, sk, body, size FROM items WHERE ${where} ORDER BY sk ${forward ? 'ASC' : 'DESC'} LIMIT ?`);
      rangeStatements.set(key, s);
    }
    return s;
  }

  // Index reads: one statement per (bounds, paging position, direction), joined to the items for their bodies.
  const indexStatements = new Map<string, Database.Statement>();
  function indexStatement(range: SkRange, forward: boolean, after: boolean): Database.Statement {
    const lo = range.lo ? (range.lo.inclusive ? '>=' : '>') : '';
    const hi = range.hi ? (range.hi.inclusive ? '<=' : '<') : '';
    const key = `${lo}|${hi}|${forward ? 'a' : 'd'}|${after ? 'p' : ''}`;
    let s = indexStatements.get(key);
    if (!s) {
      const dir = forward ? 'ASC' : 'DESC';
      const where = ['e.tbl = ?', 'e.ix = ?', 'e.ipk = ?', ...(lo ? [`e.isk ${lo} ?`] : []), ...(hi ? [`e.isk ${hi} ?`] : []),
        ...(after ? [`(e.isk, e.pk, e.sk) ${forward ? '>' : '<'} (?, ?, ?)`] : [])].join(' AND ');
      // Raw rows ([body, size]): no object per row (a GSI page reads hundreds).
      s = db.prepare(`SELECT i.body, i.size FROM index_entries e
        JOIN items i ON i.tbl = e.tbl AND i.pk = e.pk AND i.sk = e.sk
        WHERE ${where} ORDER BY e.isk ${dir}, e.pk ${dir}, e.sk ${dir} LIMIT ?`).raw();
      indexStatements.set(key, s);
    }
    return s;
  }

  // Table rows are cached: the service keys its parsed definitions by row identity. Only tables that exist are
  // kept (misses are not: a client naming random tables would grow the cache without bound), so the cache is as
  // large as the tables table.
  const tableCache = new Map<string, TableRow>();
  const toRow = (r: TableRecord): TableRow => ({
    id: r.id, scope: r.scope, name: r.name, definition: r.definition, policy: r.policy, policyRevision: r.policy_revision, createdAt: r.created_at,
  });
  const cacheKey = (scope: string, name: string) => `${scope}\u0000${name}`;

  const deleteTableTx = db.transaction((id: number) => { q.deleteTable.run(id); q.addPurge.run(id); });

  // One slice of purging deleted tables: batches of their rows, items first, until the slice's time is spent (always
  // one batch). Items may be 400 KB each (freeing one reads its overflow pages), so they go 4 at a time; index entries
  // are small.
  const purgeSlice = db.transaction((): void => {
    const slice = new Slices();
    do {
      const id = q.nextPurge.get() as number | undefined;
      if (id === undefined) return;
      if (q.purgeItems.run(id, id, 4).changes > 0) continue;
      if (q.purgeEntries.run(id, id, 1024).changes > 0) continue;
      q.donePurge.run(id);
    } while (!slice.due());
  });
  const purger = workInTurns({
    pending: () => q.nextPurge.get() !== undefined,
    slice: () => reserve.freeing(() => purgeSlice(), checkpoint),
    refused: (e) => `vpce: cannot purge a deleted DynamoDB table's items now: ${e.message} (retried every second; they are never read meanwhile)`,
    resumed: 'vpce: deleted DynamoDB tables are being purged again',
  });
  // Tables deleted before a restart (or a kill) are purged from the first turns on.
  purger.kick();
  // An item and its index entries change together: a write that fails half-way (a full disk) leaves neither.
  const putItemTx = db.transaction((tableId: number, pk: Uint8Array, sk: Uint8Array, body: string, size: number, entries: readonly IndexEntry[]) => {
    q.putItem.run(tableId, pk, sk, body, size);
    q.deleteEntries.run(tableId, pk, sk);
    for (const e of entries) q.insertEntry.run(tableId, e.index, e.pk, e.sk, pk, sk, size);
  });
  const deleteItemTx = db.transaction((tableId: number, pk: Uint8Array, sk: Uint8Array, indexed: boolean) => {
    q.deleteItem.run(tableId, pk, sk);
    if (indexed) q.deleteEntries.run(tableId, pk, sk);
  });

  return {
    location,
    getTable(scope, name) {
      const key = cacheKey(scope, name);
      const cached = tableCache.get(key);
      if (cached !== undefined) return cached;
      const r = q.getTable.get(scope, name) as TableRecord | undefined;
      if (!r) return undefined;
      const row = toRow(r);
      tableCache.set(key, row);
      return row;
    },
    listTables: (scope, after, limit) => q.listTables.all(scope, after ?? '', limit) as string[],
    createTable(scope, name, definition, createdAt, policy, policyRevision) {
      const info = q.insertTable.run(scope, name, definition, policy, policyRevision, createdAt);
      const row: TableRow = { id: Number(info.lastInsertRowid), scope, name, definition, policy, policyRevision, createdAt };
      tableCache.set(cacheKey(scope, name), row);
      return row;
    },
    setPolicy(table, policy, policyRevision) {
      q.setPolicy.run(policy, policyRevision, table.id);
      const row: TableRow = { ...table, policy, policyRevision };
      tableCache.set(cacheKey(table.scope, table.name), row);
      return row;
    },
    setDefinition(table, definition) {
      q.setDefinition.run(definition, table.id);
      const row: TableRow = { ...table, definition };
      tableCache.set(cacheKey(table.scope, table.name), row);
      return row;
    },
    deleteTable(table) {
      if (db.inTransaction) deleteTableTx(table.id);
      else reserve.freeing(() => deleteTableTx(table.id), checkpoint);
      tableCache.delete(cacheKey(table.scope, table.name));
      purger.kick();
    },
    getItem: (tableId, pk, sk) => q.getItem.get(tableId, pk, sk) as string | undefined,
    putItem(tableId, pk, sk, body, size, entries) {
      if (entries === undefined) q.putItem.run(tableId, pk, sk, body, size);
      else putItemTx(tableId, pk, sk, body, size, entries);
    },
    deleteItem(tableId, pk, sk, indexed = false) {
      // Inside a caller's transaction a failed statement may have rolled the whole transaction back: no retry there.
      if (db.inTransaction) deleteItemTx(tableId, pk, sk, indexed);
      else reserve.freeing(() => deleteItemTx(tableId, pk, sk, indexed), checkpoint);
    },
    queryIndex(tableId, index, ipk, range, forward, limit, after) {
      const args: unknown[] = [tableId, index, ipk];
      if (range.lo) args.push(range.lo.value);
      if (range.hi) args.push(range.hi.value);
      if (after) args.push(after.isk, after.pk, after.sk);
      args.push(limit);
      const rows = indexStatement(range, forward, after !== undefined).all(...args) as [string, number][];
      return rows.map(([body, size]): IndexRow => ({ body, size }));
    },
    scanIndex(tableId, index, after, limit) {
      const rows = (after ? q.scanIndexAfter.all(tableId, index, after.ipk, after.isk, after.pk, after.sk, limit) : q.scanIndexFirst.all(tableId, index, limit)) as [string, number][];
      return rows.map(([body, size]): IndexRow => ({ body, size }));
    },
    addIndexEntry: (tableId, e, pk, sk, size) => { q.insertEntry.run(tableId, e.index, e.pk, e.sk, pk, sk, size); },
    dropIndex: (tableId, index) => { q.dropIndex.run(tableId, index); },
    indexStats: (tableId, index) => q.indexStats.get(tableId, index) as { count: number; bytes: number },
    allTables: () => (q.allTables.all() as TableRecord[]).map(toRow),
    queryItems(tableId, pk, range, forward, limit) {
      const args: unknown[] = [tableId, pk];
      if (range.lo) args.push(range.lo.value);
      if (range.hi) args.push(range.hi.value);
      args.push(limit);
      return rangeStatement(range, forward).all(...args) as ItemRow[];
    },
    scanItems(tableId, after, limit) {
      return (after ? q.scanAfter.all(tableId, after.pk, after.sk, limit) : q.scanFirst.all(tableId, limit)) as ItemRow[];
    },
    tableStats: (tableId) => q.stats.get(tableId) as { count: number; bytes: number },
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => { purger.stop(); checkpointer?.close(); closeQuietly(db, location); },
  };
}
