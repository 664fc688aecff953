/** @module One conformance suite for the DynamoDB item store, run on memory and on disk (including a reopen). */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openItemStore, type ItemStore } from './item-store.js';

const b = (s: string) => Buffer.from(s, 'latin1');

function conformance(name: string, open: () => ItemStore, reopen?: () => ItemStore): void {
  describe(`item store: ${name}`, () => {
    const store = open();
    after(() => store.close());

    it('creates, finds, lists and deletes tables per scope', () => {
      const t = store.createTable('1/us-east-1', 'alpha', '{"d":1}', 1000, null, null);
      store.createTable('1/us-east-1', 'beta', '{}', 1000, null, null);
      store.createTable('2/us-east-1', 'alpha', '{}', 1000, null, null);
      assert.equal(store.getTable('1/us-east-1', 'alpha')?.definition, '{"d":1}');
      assert.deepEqual(store.listTables('1/us-east-1', undefined, 10), ['alpha', 'beta']);
      assert.deepEqual(store.listTables('1/us-east-1', 'alpha', 10), ['beta']);
      const withPolicy = store.setPolicy(t, '{"p":1}', 'r1');
      assert.equal(store.getTable('1/us-east-1', 'alpha')?.policy, '{"p":1}');
      const redefined = store.setDefinition(withPolicy, '{"d":2}');
      assert.equal(store.getTable('1/us-east-1', 'alpha')?.definition, '{"d":2}');
      assert.equal(store.getTable('1/us-east-1', 'alpha')?.policy, '{"p":1}', 'a new definition keeps the policy');
      store.putItem(t.id, b('p'), b('s'), '{}', 2);
      store.deleteTable(redefined);
      assert.equal(store.getTable('1/us-east-1', 'alpha'), undefined);
      const again = store.createTable('1/us-east-1', 'alpha', '{}', 2000, null, null);
      assert.notEqual(again.id, t.id);
      assert.equal(store.getItem(again.id, b('p'), b('s')), undefined, 'a re-created table starts empty');
    });

    it('puts, gets, replaces and deletes items', () => {
      const t = store.createTable('1/us-east-1', 'items', '{}', 1, null, null);
      store.putItem(t.id, b('p'), b('a'), '{"v":1}', 10);
      store.putItem(t.id, b('p'), b('a'), '{"v":2}', 12);
      assert.equal(store.getItem(t.id, b('p'), b('a')), '{"v":2}');
      assert.deepEqual(store.tableStats(t.id), { count: 1, bytes: 12 });
      store.deleteItem(t.id, b('p'), b('a'));
      assert.equal(store.getItem(t.id, b('p'), b('a')), undefined);
    });

    it('range-scans one partition in byte order, both ways, and scans in (pk, sk) order', () => {
      const t = store.createTable('1/us-east-1', 'ranges', '{}', 1, null, null);
      for (const sk of ['b', 'a', 'd', 'c', '\u00ff']) store.putItem(t.id, b('p'), b(sk), JSON.stringify(sk), 1);
      store.putItem(t.id, b('q'), b('a'), '"qa"', 1);
      const q = (range: Parameters<ItemStore['queryItems']>[2], forward = true, limit = 10) =>
        store.queryItems(t.id, b('p'), range, forward, limit).map((r) => JSON.parse(r.body) as string);
      assert.deepEqual(q({}), ['a', 'b', 'c', 'd', '\u00ff']);
      assert.deepEqual(q({}, false, 2), ['\u00ff', 'd']);
      assert.deepEqual(q({ lo: { value: b('b'), inclusive: false }, hi: { value: b('d'), inclusive: true } }), ['c', 'd']);
      assert.deepEqual(q({ lo: { value: b('b'), inclusive: true }, hi: { value: b('c'), inclusive: false } }), ['b']);
      const all = store.scanItems(t.id, undefined, 100).map((r) => JSON.parse(r.body) as string);
      assert.deepEqual(all, ['a', 'b', 'c', 'd', '\u00ff', 'qa']);
      const afterD = store.scanItems(t.id, { pk: b('p'), sk: b('d') }, 100).map((r) => JSON.parse(r.body) as string);
      assert.deepEqual(afterD, ['\u00ff', 'qa']);
    });

    it('commits a transaction as a whole', () => {
      const t = store.createTable('1/us-east-1', 'tx', '{}', 1, null, null);
      assert.throws(() => store.transaction(() => { store.putItem(t.id, b('p'), b('x'), '{}', 1); throw new Error('abort'); }));
      assert.equal(store.getItem(t.id, b('p'), b('x')), undefined);
      store.transaction(() => { store.putItem(t.id, b('p'), b('y'), '{}', 1); });
      assert.equal(store.getItem(t.id, b('p'), b('y')), '{}');
    });

    it('keeps index entries with their items and range-scans an index in (index sort key, table key) order', async () => {
      const t = store.createTable('1/us-east-1', 'indexed', '{}', 1, null, null);
      const put = (pk: string, ipk: string, isk: string) => store.putItem(t.id, b(pk), b(''), JSON.stringify(pk), 1, [{ index: 'ix', pk: b(ipk), sk: b(isk) }]);
      put('c', 'g', '2'); put('a', 'g', '2'); put('b', 'g', '1'); put('d', 'h', '1');
      const bodies = (range: Parameters<ItemStore['queryIndex']>[3], forward = true, after?: Parameters<ItemStore['queryIndex']>[6]) =>
        store.queryIndex(t.id, 'ix', b('g'), range, forward, 10, after).map((r) => JSON.parse(r.body) as string);
      assert.deepEqual(bodies({}), ['b', 'a', 'c']);
      assert.deepEqual(bodies({}, false), ['c', 'a', 'b']);
      assert.deepEqual(bodies({ lo: { value: b('2'), inclusive: true } }), ['a', 'c']);
      assert.deepEqual(bodies({}, true, { isk: b('2'), pk: b('a'), sk: b('') }), ['c']);
      assert.deepEqual(bodies({}, false, { isk: b('2'), pk: b('a'), sk: b('') }), ['b']);
      put('a', 'h', '0');
      assert.deepEqual(bodies({}), ['b', 'c'], 'a rewrite replaces the item\'s entries');
      assert.deepEqual(store.indexStats(t.id, 'ix'), { count: 4, bytes: 4 });
      store.deleteItem(t.id, b('b'), b(''), true);
      assert.deepEqual(bodies({}), ['c']);
      store.dropIndex(t.id, 'ix');
      assert.deepEqual(store.indexStats(t.id, 'ix'), { count: 0, bytes: 0 });
      store.addIndexEntry(t.id, { index: 'ix', pk: b('g'), sk: b('9') }, b('d'), b(''), 1);
      assert.deepEqual(bodies({}), ['d']);
      assert.ok(store.allTables().some((r) => r.id === t.id));
      store.deleteTable(t);
      // A deleted table's rows are purged over the next turns (item-store-purge.test.ts), none of them left after.
      for (let i = 0; i < 20 && store.indexStats(t.id, 'ix').count > 0; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(store.indexStats(t.id, 'ix'), { count: 0, bytes: 0 }, 'a dropped table leaves no entries');
    });

    if (reopen) {
      // Misses are not cached (a client naming random tables would grow the cache for ever), so a table another
      // handle creates after a miss is found.
      it('finds a table created after a lookup missed it', () => {
        assert.equal(store.getTable('7/us-east-1', 'late'), undefined);
        const other = reopen();
        try { other.createTable('7/us-east-1', 'late', '{}', 1, null, null); } finally { other.close(); }
        assert.equal(store.getTable('7/us-east-1', 'late')?.name, 'late');
      });

      it('keeps tables and items across a reopen', () => {
        const t = store.createTable('9/eu-west-1', 'kept', '{"k":1}', 5, '{"p":2}', 'r9');
        store.putItem(t.id, b('p'), b('s'), '{"kept":true}', 3);
        const other = reopen();
        try {
          const row = other.getTable('9/eu-west-1', 'kept');
          assert.equal(row?.policyRevision, 'r9');
          assert.equal(other.getItem(row!.id, b('p'), b('s')), '{"kept":true}');
        } finally { other.close(); }
      });
    }
  });
}

conformance('memory', () => openItemStore(null));
const dir = mkdtempSync(join(tmpdir(), 'vpce-items-'));
conformance('sqlite', () => openItemStore(dir), () => openItemStore(dir));
after(() => rmSync(dir, { recursive: true, force: true }));
