/** @module The read-only state reader: records with the unfolded journal replayed (a state left by kill -9), buckets, and a refusal for a held or missing state. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadOnlyState } from './read-only-state.js';
import { sqliteStore } from './sqlite-store.js';

describe('openReadOnlyState', () => {
  it('replays the journal over the records, newest wins and null deletes, without writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-ro-'));
    try {
      // The layout sqlite-store.ts writes, as a killed server leaves it: folded records plus journal rows.
      const db = new Database(join(dir, 'state.db'));
      db.exec('CREATE TABLE records (partition TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (partition, id)) WITHOUT ROWID');
      db.exec('CREATE TABLE changes (seq INTEGER PRIMARY KEY, partition TEXT NOT NULL, id TEXT NOT NULL, body TEXT)');
      db.prepare('INSERT INTO records VALUES (?, ?, ?)').run('a/us-east-1', 'vpc-1', '{"v":1}');
      db.prepare('INSERT INTO records VALUES (?, ?, ?)').run('a/us-east-1', 'vpc-2', '{"v":1}');
      const change = db.prepare('INSERT INTO changes (partition, id, body) VALUES (?, ?, ?)');
      change.run('a/us-east-1', 'vpc-1', '{"v":2}');
      change.run('a/us-east-1', 'vpc-2', null);
      change.run('a/us-east-1', 'vpc-3', '{"v":3}');
      db.close();
      mkdirSync(join(dir, 's3'));
      const s3 = new Database(join(dir, 's3', 's3.db'));
      s3.exec('CREATE TABLE buckets (name TEXT PRIMARY KEY, owner TEXT, region TEXT, created INTEGER, policy TEXT)');
      s3.prepare('INSERT INTO buckets VALUES (?, ?, ?, ?, ?)').run('logs', '111111111111', 'us-east-1', 0, '{"Statement":[]}');
      s3.close();

      const ro = openReadOnlyState(dir);
      assert.deepEqual([...ro.store.load()].map((r) => `${r.id}=${r.body}`).sort(), ['vpc-1={"v":2}', 'vpc-3={"v":3}']);
      assert.deepEqual(ro.buckets, [{ name: 'logs', owner: '111111111111', region: 'us-east-1', policy: '{"Statement":[]}' }]);
      assert.throws(() => ro.store.commit([]), /read-only/);
      // Nothing was folded: the journal is still there for the server that opens the state next.
      const check = new Database(join(dir, 'state.db'), { readonly: true });
      assert.equal((check.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n, 3);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing state and one a server holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-ro-'));
    try {
      assert.throws(() => openReadOnlyState(join(dir, 'none')), /holds no vpce state/);
      const held = sqliteStore(dir);
      try {
        assert.throws(() => openReadOnlyState(dir), /in use by a running vpce server; lint it through the server with --endpoint-url/);
      } finally {
        held.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
