/**
 * @module The state journal folded a slice per turn while commits go on: no turn folds more than a slice, the state
 * (records replayed with the journal) is right after every slice, and a slice the database refuses is retried.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteStore } from './sqlite-store.js';
import type { StoredChange, StoredRecord } from './state-store.js';

const P = '123456789012/us-east-1';
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What a reader of the files sees: `records` with the journal replayed in order, as `id=body` lines. */
function onDisk(dir: string): { state: string[]; journal: number } {
  const db = new Database(join(dir, 'state.db'), { readonly: true });
  try {
    const state = new Map<string, string>();
    for (const r of db.prepare('SELECT id, body FROM records').all() as StoredRecord[]) state.set(r.id, r.body);
    const journal = db.prepare('SELECT id, body FROM changes ORDER BY seq').all() as StoredChange[];
    for (const c of journal) {
      if (c.body === null) state.delete(c.id);
      else state.set(c.id, c.body);
    }
    return { state: [...state].map(([k, v]) => `${k}=${v}`).sort(), journal: journal.length };
  } finally { db.close(); }
}

const lines = (m: Map<string, string>): string[] => [...m].map(([k, v]) => `${k}=${v}`).sort();

describe('sqlite store: folding the journal while the server runs', () => {
  it('folds a slice per turn once the journal reaches its threshold, the state right after every slice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-fold-'));
    const s = sqliteStore(dir, { foldFrom: 40, sliceRows: 7 });
    try {
      const expected = new Map<string, string>();
      // 40 one-row commits: versions of 12 records, some deleted and re-created on the way.
      for (let i = 0; i < 40; i++) {
        const id = `vpc-${i % 12}`;
        const body = i % 9 === 8 ? null : `{"v":${i}}`;
        s.commit([{ partition: P, id, body }]);
        if (body === null) expected.delete(id);
        else expected.set(id, body);
      }
      // The commit that reached the threshold folded nothing itself.
      assert.equal(onDisk(dir).journal, 40);
      let journal = 40;
      let turns = 0;
      while (journal > 0) {
        await turn();
        const now = onDisk(dir);
        assert.ok(journal - now.journal <= 7, `one turn folded ${journal - now.journal} rows`);
        assert.deepEqual(now.state, lines(expected), `state after turn ${turns}`);
        journal = now.journal;
        // Commits go on between slices; they join the journal behind the rows being folded.
        if (turns === 2) {
          s.commit([{ partition: P, id: 'vpc-3', body: '{"v":"late"}' }, { partition: P, id: 'vpc-new', body: '{"v":"new"}' }]);
          expected.set('vpc-3', '{"v":"late"}').set('vpc-new', '{"v":"new"}');
          journal += 2;
        }
        assert.ok(++turns < 50, 'the journal is folded in a bounded number of turns');
      }
      assert.deepEqual(onDisk(dir).state, lines(expected));
      assert.deepEqual(lines(new Map([...s.load()].map((r) => [r.id, r.body]))), lines(expected));
    } finally {
      s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closing mid-fold folds the rest at once and stops the slices', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-fold-'));
    try {
      const s = sqliteStore(dir, { foldFrom: 20, sliceRows: 3 });
      for (let i = 0; i < 30; i++) s.commit([{ partition: P, id: `sg-${i}`, body: `{"v":${i}}` }]);
      await turn();
      await turn();
      const mid = onDisk(dir).journal;
      assert.ok(mid > 0 && mid < 30, `part of the journal folded (${mid} rows left)`);
      s.close();
      // Turns after close find the store closed and do nothing (no error, no write).
      await turn();
      await turn();
      assert.equal(onDisk(dir).journal, 0);
      const again = sqliteStore(dir);
      assert.equal([...again.load()].length, 30);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a slice the database refuses (another writer holds it) is retried a second later, reported once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-fold-'));
    const s = sqliteStore(dir, { foldFrom: 10, sliceRows: 4 });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.join(' ')); };
    const holder = new Database(join(dir, 'state.db'));
    try {
      // The commits first (the held database would refuse them too), then the lock, before any slice's turn.
      for (let i = 0; i < 10; i++) s.commit([{ partition: P, id: `rtb-${i}`, body: '{}' }]);
      holder.exec('BEGIN IMMEDIATE');
      await turn();
      await turn();
      assert.equal(onDisk(dir).journal, 10, 'nothing folded while the database is held');
      assert.equal(errors.filter((e) => e.includes('cannot fold the state journal now')).length, 1);
      holder.exec('COMMIT');
      await new Promise((resolve) => setTimeout(resolve, 1300));
      for (let i = 0; i < 5 && onDisk(dir).journal > 0; i++) await turn();
      assert.equal(onDisk(dir).journal, 0, 'folded once the database is free');
      assert.ok(errors.some((e) => e.includes('folds again')));
      assert.equal(errors.filter((e) => e.includes('cannot fold the state journal now')).length, 1, 'reported once');
    } finally {
      console.error = original;
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
