/**
 * @module Secondary indexes as stored structures: a Query on an index is one range scan of the store's index
 * entries (index partition key, index sort key, then table key), and an index's entries are built from the
 * table's items when the index is created by UpdateTable (AWS: "backfilling") or, for a table stored before
 * indexes were kept, on its first index Query.
 */
import { attributeOf, type Item } from './attribute-value.js';
import type { DynamoContext } from './context.js';
import { indexEntries } from './item-writes.js';
import type { DynamoStore, IndexPosition, SkRange } from './store.js';
import { encodeKey, encodeKeyValue, type IndexDefinition, type IndexInfo, type Table, type TableDefinition } from './table.js';

const CHUNK = 256;
const EMPTY = Buffer.alloc(0);

/** Build the entries of one index from every item of the table (its old entries are dropped first). */
export function backfillIndex(store: DynamoStore, table: Table, index: string): void {
  store.transaction(() => {
    store.dropIndex(table.row.id, index);
    let after: { pk: Uint8Array; sk: Uint8Array } | undefined;
    for (;;) {
      const rows = store.scanItems(table.row.id, after, 1024);
      for (const row of rows) {
        const entry = indexEntries(table, JSON.parse(row.body) as Item)?.find((e) => e.index === index);
        if (entry) store.addIndexEntry(table.row.id, entry, row.pk, row.sk, row.size);
      }
      if (rows.length < 1024) return;
      const last = rows[rows.length - 1]!;
      after = { pk: last.pk, sk: last.sk };
    }
  });
}

/** Mark indexes as backfilled in a definition. */
export function markBackfilled(list: readonly IndexDefinition[] | undefined, names: ReadonlySet<string> | 'all'): IndexDefinition[] | undefined {
  return list?.map((ix) => (names === 'all' || names.has(ix.IndexName) ? { ...ix, Backfilled: true } : ix));
}

/** The table with `ix` backfilled (tables stored before index entries existed are built on first use). */
export function ensureBackfilled(ctx: DynamoContext, table: Table, ix: IndexInfo): void {
  if (ix.definition.Backfilled) return;
  backfillIndex(ctx.store, table, ix.name);
  const d = table.definition;
  const one = new Set([ix.name]);
  const definition: TableDefinition = {
    ...d,
    ...(d.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: markBackfilled(d.GlobalSecondaryIndexes, one)! } : {}),
    ...(d.LocalSecondaryIndexes ? { LocalSecondaryIndexes: markBackfilled(d.LocalSecondaryIndexes, one)! } : {}),
  };
  ctx.store.setDefinition(table.row, JSON.stringify(definition));
}

/** The position of an ExclusiveStartKey in an index (its index sort key, then its table key). */
export function indexPosition(table: Table, ix: IndexInfo, start: Item): IndexPosition {
  const k = encodeKey(table.schema, start);
  const r = ix.schema.range ? attributeOf(start, ix.schema.range.name) : undefined;
  return { isk: r ? encodeKeyValue(r) : EMPTY, pk: k.pk, sk: k.sk };
}

/**
 * Items of one index partition in index order, chunk by chunk (the first chunk sized by `first`, e.g. the
 * request's Limit, so a small page reads little), after `start` when given.
 */
export function* indexPartitionRows(ctx: DynamoContext, table: Table, ix: IndexInfo, ipk: Buffer, range: SkRange, forward: boolean,
  start: IndexPosition | undefined, first: number): Generator<{ readonly item: Item; readonly size: number }> {
  let after = start;
  let n = Math.max(1, Math.min(first, CHUNK));
  for (;;) {
    const rows = ctx.store.queryIndex(table.row.id, ix.name, ipk, range, forward, n, after);
    let item: Item | undefined;
    for (const row of rows) {
      item = JSON.parse(row.body) as Item;
      yield { item, size: row.size };
    }
    if (rows.length < n || !item) return;
    after = indexPosition(table, ix, item);
    n = CHUNK;
  }
}

/** Every item of an index in index order (Scan with IndexName), chunk by chunk, after `start` when given. */
export function* indexScanRows(ctx: DynamoContext, table: Table, ix: IndexInfo, start: Item | undefined): Generator<{ readonly item: Item; readonly size: number }> {
  const positionOf = (item: Item) => ({ ipk: encodeKeyValue(attributeOf(item, ix.schema.hash.name)!), ...indexPosition(table, ix, item) });
  let after = start ? positionOf(start) : undefined;
  for (;;) {
    const rows = ctx.store.scanIndex(table.row.id, ix.name, after, CHUNK);
    let item: Item | undefined;
    for (const row of rows) {
      item = JSON.parse(row.body) as Item;
      yield { item, size: row.size };
    }
    if (rows.length < CHUNK || !item) return;
    after = positionOf(item);
  }
}
