/**
 * @module The DynamoDB ItemStore on SQLite (better-sqlite3): `<dir>/dynamodb/items.db` in WAL mode with
 * synchronous=NORMAL (a write is in the WAL before the call returns, so `kill -9` loses nothing acknowledged),
 * or `:memory:`. Items are `(tbl, pk, sk) -> body` in a WITHOUT ROWID table, so a partition's items are
 * contiguous and sorted by their order-preserving sort key: Query is an index range scan.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ItemRow, ItemStore, SkRange, TableRow } from './item-store.js';

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
  if (directory !== null) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 16384');
  }
  db.pragma('cache_size = -65536');
  db.exec(`
    CREATE TABLE IF NOT EXISTS tables (
      id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
      policy TEXT, policy_revision TEXT, created_at REAL NOT NULL, UNIQUE (scope, name));
    CREATE TABLE IF NOT EXISTS items (
      tbl INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, body TEXT NOT NULL, size INTEGER NOT NULL,
      PRIMARY KEY (tbl, pk, sk)) WITHOUT ROWID;`);

  const q = {
    getTable: db.prepare('SELECT * FROM tables WHERE scope = ? AND name = ?'),
    listTables: db.prepare('SELECT name FROM tables WHERE scope = ? AND name > ? ORDER BY name LIMIT ?').pluck(),
    insertTable: db.prepare('INSERT INTO tables (scope, name, definition, policy, policy_revision, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    setPolicy: db.prepare('UPDATE tables SET policy = ?, policy_revision = ? WHERE id = ?'),
    setDefinition: db.prepare('UPDATE tables SET definition = ? WHERE id = ?'),
    deleteTable: db.prepare('DELETE FROM tables WHERE id = ?'),
    deleteItems: db.prepare('DELETE FROM items WHERE tbl = ?'),
    getItem: db.prepare('SELECT body FROM items WHERE tbl = ? AND pk = ? AND sk = ?').pluck(),
    putItem: db.prepare('INSERT OR REPLACE INTO items (tbl, pk, sk, body, size) VALUES (?, ?, ?, ?, ?)'),
    deleteItem: db.prepare('DELETE FROM items WHERE tbl = ? AND pk = ? AND sk = ?'),
    scanFirst: db.prepare('SELECT pk, sk, body, size FROM items WHERE tbl = ? ORDER BY pk, sk LIMIT ?'),
    scanAfter: db.prepare('SELECT pk, sk, body, size FROM items WHERE tbl = ? AND (pk, sk) > (?, ?) ORDER BY pk, sk LIMIT ?'),
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

  // Table rows are cached: the service keys its parsed definitions by row identity. Only tables that exist are
  // kept (misses are not: a client naming random tables would grow the cache without bound), so the cache is as
  // large as the tables table.
  const tableCache = new Map<string, TableRow>();
  const toRow = (r: TableRecord): TableRow => ({
    id: r.id, scope: r.scope, name: r.name, definition: r.definition, policy: r.policy, policyRevision: r.policy_revision, createdAt: r.created_at,
  });
  const cacheKey = (scope: string, name: string) => `${scope}\u0000${name}`;

  const deleteTableTx = db.transaction((id: number) => { q.deleteItems.run(id); q.deleteTable.run(id); });

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
      deleteTableTx(table.id);
      tableCache.delete(cacheKey(table.scope, table.name));
    },
    getItem: (tableId, pk, sk) => q.getItem.get(tableId, pk, sk) as string | undefined,
    putItem: (tableId, pk, sk, body, size) => { q.putItem.run(tableId, pk, sk, body, size); },
    deleteItem: (tableId, pk, sk) => { q.deleteItem.run(tableId, pk, sk); },
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
    close: () => db.close(),
  };
}
