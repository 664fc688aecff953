/**
 * @module Time to Live expiry: a background sweep deletes items whose TTL attribute (a Number, epoch seconds) is
 * in the past (AWS: "Time to Live (TTL)"). Like AWS it is best effort: each tick reads a bounded number of items,
 * resuming where the last tick stopped, so an expired item is gone within a few ticks and, until then, still
 * appears in reads. AWS ignores TTL values more than five years in the past, and so does the sweep. Deletions
 * go through the same path as DeleteItem (indexes updated) and commit in one store transaction per tick.
 */
import { attributeOf, type Item } from './attribute-value.js';
import { removeItem } from './item-writes.js';
import type { DynamoStore } from './store.js';
import { keyOf, tableOf } from './table.js';

const FIVE_YEARS_S = 5 * 365 * 86_400;

/** Where each table's sweep resumes (per store, by table id). */
const cursors = new WeakMap<DynamoStore, Map<number, { pk: Uint8Array; sk: Uint8Array }>>();

/** Whether an item is expired at `nowS` (epoch seconds) under attribute `name`. */
export function isExpired(item: Item, name: string, nowS: number): boolean {
  const v = attributeOf(item, name);
  if (v === undefined || !('N' in v)) return false;
  const at = Number(v.N);
  return Number.isFinite(at) && at <= nowS && at >= nowS - FIVE_YEARS_S;
}

/** One sweep tick: read at most `budget` items over the tables with TTL enabled; returns how many were deleted. */
export function sweepExpiredItems(store: DynamoStore, nowMs: number, budget = 1000): number {
  let m = cursors.get(store);
  if (!m) { m = new Map(); cursors.set(store, m); }
  const byTable = m;
  const nowS = nowMs / 1000;
  let deleted = 0;
  let left = budget;
  // A cheap text test first: most tables never enable TTL.
  const tables = store.allTables().filter((r) => r.definition.includes('"TimeToLive"')).map(tableOf).filter((t) => t.definition.TimeToLive?.Enabled);
  for (const id of byTable.keys()) if (!tables.some((t) => t.row.id === id)) byTable.delete(id);
  store.transaction(() => {
    for (const table of tables) {
      if (left <= 0) break;
      const name = table.definition.TimeToLive!.AttributeName;
      const asked = left;
      const rows = store.scanItems(table.row.id, byTable.get(table.row.id), asked);
      left -= rows.length;
      for (const row of rows) {
        const item = JSON.parse(row.body) as Item;
        if (isExpired(item, name, nowS)) { removeItem(store, table, keyOf(table.schema, item)); deleted++; }
      }
      const last = rows[rows.length - 1];
      // At the end of the table the next tick starts again from its beginning.
      if (last && rows.length === asked) byTable.set(table.row.id, { pk: last.pk, sk: last.sk });
      else byTable.delete(table.row.id);
    }
  });
  return deleted;
}
