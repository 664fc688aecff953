/**
 * @module Time to Live expiry: a background sweep deletes items whose TTL attribute (a Number, epoch seconds) is
 * in the past (AWS: "Time to Live (TTL)"). Like AWS it is best effort: each tick reads a bounded number of items,
 * resuming where the last tick stopped, so an expired item is gone within a few ticks and, until then, still
 * appears in reads. AWS ignores TTL values more than five years in the past, and so does the sweep. Deletions
 * go through the same path as DeleteItem (indexes updated) and commit in one store transaction per tick.
 *
 * A tick runs on the server's only thread, so it is bounded in time as well as in items: it reads a few items at a
 * time and stops after SLICE_MS. Reading 1,000 items at once of a table of 300 KB items held the thread for over a
 * second, every second, on an idle server. Tables take turns at being swept first, so a large table cannot keep
 * the others from being swept.
 */
import { attributeOf, type Item } from './attribute-value.js';
import { removeItem } from './item-writes.js';
import type { DynamoStore } from './store.js';
import { keyOf, tableOf } from './table.js';
import { SLICE_MS } from '../../shared/slices.js';

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

/** Items read from the store at a time: large items are up to 400 KB each. */
const READ_BATCH = 8;

/** Which table each store's next tick sweeps first (round robin). */
const firsts = new WeakMap<DynamoStore, number>();

/**
 * One sweep tick: read at most `budget` items, for at most `timeMs` (checked after each item), over the tables with
 * TTL enabled; returns how many were deleted.
 */
export function sweepExpiredItems(store: DynamoStore, nowMs: number, budget = 1000, timeMs = SLICE_MS): number {
  let m = cursors.get(store);
  if (!m) { m = new Map(); cursors.set(store, m); }
  const byTable = m;
  const nowS = nowMs / 1000;
  let deleted = 0;
  let left = budget;
  const started = performance.now();
  const timeUp = (): boolean => performance.now() - started >= timeMs;
  // A cheap text test first: most tables never enable TTL.
  const tables = store.allTables().filter((r) => r.definition.includes('"TimeToLive"')).map(tableOf).filter((t) => t.definition.TimeToLive?.Enabled);
  for (const id of byTable.keys()) if (!tables.some((t) => t.row.id === id)) byTable.delete(id);
  if (tables.length === 0) return 0;
  const first = (firsts.get(store) ?? 0) % tables.length;
  firsts.set(store, first + 1);
  /** Sweep `table` from its cursor on; true when the tick must stop (budget or time spent) before the table's end. */
  const sweep = (table: (typeof tables)[number]): boolean => {
    const name = table.definition.TimeToLive!.AttributeName;
    while (left > 0) {
      const asked = Math.min(left, READ_BATCH);
      const rows = store.scanItems(table.row.id, byTable.get(table.row.id), asked);
      for (const row of rows) {
        left--;
        const item = JSON.parse(row.body) as Item;
        if (isExpired(item, name, nowS)) { removeItem(store, table, keyOf(table.schema, item)); deleted++; }
        byTable.set(table.row.id, { pk: row.pk, sk: row.sk });
        if (left <= 0 || timeUp()) return true;
      }
      // At the end of the table the next tick starts again from its beginning.
      if (rows.length < asked) { byTable.delete(table.row.id); return false; }
    }
    return true;
  };
  store.transaction(() => {
    // The first item of a tick is always read, so every tick makes progress.
    for (let n = 0; n < tables.length; n++) if (sweep(tables[(first + n) % tables.length]!)) break;
  });
  return deleted;
}
