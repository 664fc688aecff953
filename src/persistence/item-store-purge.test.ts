/**
 * @module A deleted DynamoDB table's rows purged a slice per turn (AWS: DeleteTable leaves the table DELETING while
 * its data goes): the table is gone at once, its rows are never seen again, and a restart mid-purge finishes it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { setSliceMs } from '../shared/slices.js';
import { openItemStore, type ItemStore } from './item-store.js';

const SCOPE = '123456789012/us-east-1';
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A table of `items` items, each with an entry in index `byV`. */
function filled(store: ItemStore, name: string, items: number): number {
  const t = store.createTable(SCOPE, name, '{}', 0, null, null);
  for (let i = 0; i < items; i++) {
    const pk = Buffer.from(`p${i}`);
    store.putItem(t.id, pk, Buffer.alloc(0), `{"v":${i}}`, 10, [{ index: 'byV', pk: Buffer.from(`v${i % 7}`), sk: Buffer.alloc(0) }]);
  }
  return t.id;
}

/** Rows left on disk for table `id`: items, index entries, and whether it is still listed to purge. */
function leftOf(file: string, id: number): { items: number; entries: number; listed: boolean } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      items: db.prepare('SELECT count(*) FROM items WHERE tbl = ?').pluck().get(id) as number,
      entries: db.prepare('SELECT count(*) FROM index_entries WHERE tbl = ?').pluck().get(id) as number,
      listed: db.prepare('SELECT count(*) FROM purges WHERE tbl = ?').pluck().get(id) === 1,
    };
  } finally { db.close(); }
}

describe('item store: DeleteTable purges the rows a slice per turn', () => {
  it('removes the table at once, then its items and index entries over several turns, never touching other tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-purge-'));
    const file = join(dir, 'dynamodb', 'items.db');
    const previous = setSliceMs(0);
    const store = openItemStore(dir);
    try {
      const gone = filled(store, 'gone', 100);
      const kept = filled(store, 'kept', 20);
      const table = store.getTable(SCOPE, 'gone')!;
      store.deleteTable(table);
      assert.equal(store.getTable(SCOPE, 'gone'), undefined, 'gone at once');
      assert.ok(!store.allTables().some((t) => t.id === gone));
      // Same name again: a new id, empty, though the old rows are still being purged.
      const again = store.createTable(SCOPE, 'gone', '{}', 1, null, null);
      assert.notEqual(again.id, gone);
      assert.deepEqual(store.scanItems(again.id, undefined, 1000), []);
      assert.equal(leftOf(file, gone).items, 100, 'nothing purged inside DeleteTable itself');
      let turns = 0;
      let items = 100;
      while (leftOf(file, gone).listed) {
        await turn();
        const now = leftOf(file, gone);
        assert.ok(items - now.items <= 4, `a slice of no time purges one batch (${items - now.items} items)`);
        items = now.items;
        assert.ok(++turns < 100, 'purged in a bounded number of turns');
      }
      assert.ok(turns > 3, `purged over several turns (${turns})`);
      assert.deepEqual(leftOf(file, gone), { items: 0, entries: 0, listed: false });
      assert.equal(store.scanItems(kept, undefined, 1000).length, 20, 'other tables untouched');
      assert.equal(leftOf(file, kept).entries, 20);
    } finally {
      setSliceMs(previous);
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a store closed mid-purge (or killed) finishes the purge after it opens again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-purge-'));
    const file = join(dir, 'dynamodb', 'items.db');
    const previous = setSliceMs(0);
    try {
      let store = openItemStore(dir);
      const gone = filled(store, 'gone', 60);
      store.deleteTable(store.getTable(SCOPE, 'gone')!);
      await turn();
      await turn();
      const mid = leftOf(file, gone);
      assert.ok(mid.listed && mid.items > 0 && mid.items < 60, `part purged (${mid.items} items left)`);
      store.close();
      await turn();
      assert.equal(leftOf(file, gone).items, mid.items, 'nothing purged after close');
      store = openItemStore(dir);
      for (let i = 0; i < 100 && leftOf(file, gone).listed; i++) await turn();
      assert.deepEqual(leftOf(file, gone), { items: 0, entries: 0, listed: false });
      store.close();
    } finally {
      setSliceMs(previous);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
