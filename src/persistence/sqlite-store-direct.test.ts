/** @module A large commit (an import) goes straight into `records`, after the journal, with the same results as journaling it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteStore } from './sqlite-store.js';
import type { StoredChange } from './state-store.js';

const rows = (changes: Iterable<{ partition: string; id: string; body: string | null }>): string[] => [...changes].map((r) => `${r.partition}|${r.id}|${r.body}`).sort();

describe('sqlite store: a commit of thousands of changes', () => {
  it('wins over older journaled versions, keeps the last of a record within it, and leaves no journal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-direct-'));
    try {
      let s = sqliteStore(dir);
      // Small commits are journaled: one replaced and one deleted by the big commit, one left alone.
      s.commit([{ partition: 'a/us-east-1', id: 'rtb-0', body: '{"v":"old"}' }, { partition: 'a/us-east-1', id: 'vpc-gone', body: '{"v":1}' }]);
      s.commit([{ partition: 'a/us-east-1', id: 'sg-kept', body: '{"v":"kept"}' }]);
      const big: StoredChange[] = [];
      for (let i = 0; i < 6000; i++) big.push({ partition: 'a/us-east-1', id: `rtb-${i}`, body: `{"v":${i}}` });
      big.push({ partition: 'a/us-east-1', id: 'rtb-7', body: '{"v":"last"}' }, { partition: 'a/us-east-1', id: 'vpc-gone', body: null });
      s.commit(big);
      const expected = [
        ...Array.from({ length: 6000 }, (_, i) => ({ partition: 'a/us-east-1', id: `rtb-${i}`, body: i === 7 ? '{"v":"last"}' : `{"v":${i}}` })),
        { partition: 'a/us-east-1', id: 'sg-kept', body: '{"v":"kept"}' },
      ];
      assert.deepEqual(rows(s.load()), rows(expected));
      // A later small commit is journaled again and replayed over the records.
      s.commit([{ partition: 'a/us-east-1', id: 'rtb-1', body: '{"v":"new"}' }]);
      s.close();
      const db = new Database(join(dir, 'state.db'), { readonly: true });
      try {
        assert.equal(db.prepare('SELECT count(*) FROM changes').pluck().get(), 0, 'folded at close');
        assert.deepEqual(rows(db.prepare('SELECT partition, id, body FROM records').all() as StoredChange[]),
          rows(expected.map((r) => (r.id === 'rtb-1' ? { ...r, body: '{"v":"new"}' } : r))));
      } finally { db.close(); }
      s = sqliteStore(dir);
      assert.equal([...s.load()].length, 6001);
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
