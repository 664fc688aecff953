import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { walCheckpointer } from './wal-checkpointer.js';

const MiB = 1024 * 1024;

function open(dir: string): { db: Database.Database; file: string; wal: () => number } {
  const file = join(dir, 'items.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS items (k TEXT PRIMARY KEY, v TEXT)');
  return { db, file, wal: () => { try { return statSync(`${file}-wal`).size; } catch { return 0; } } };
}

describe('WAL checkpoints off the thread', () => {
  const dirs: string[] = [];
  const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'vpce-wal-')); dirs.push(d); return d; };
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('the worker copies the WAL into the database; the next commit starts it over and truncates it', async () => {
    const { db, file, wal } = open(tmp());
    const c = walCheckpointer(db, file, { softBytes: 4 * MiB });
    const put = db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?)');
    const value = 'v'.repeat(400 * 1024);
    for (let i = 0; i < 20; i++) put.run(`k${i}`, value);
    const grown = wal();
    assert.ok(grown > 8 * MiB, `the WAL holds the writes (${grown})`);
    c.check();
    await c.idle();
    // SQLite's own automatic checkpoint is off: without the worker's, this commit would append to an 8 MB WAL.
    put.run('small', 'x');
    assert.ok(wal() < MiB, `the WAL restarted and was truncated (${wal()} bytes)`);
    assert.equal((db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n, 21);
    c.close();
    db.close();
  });

  it('every write survives a reopen after background checkpoints (the commit was in the WAL before it returned)', async () => {
    const dir = tmp();
    const { db, file } = open(dir);
    const c = walCheckpointer(db, file, { softBytes: MiB });
    const put = db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?)');
    for (let i = 0; i < 200; i++) {
      put.run(`k${i}`, String(i).repeat(20_000));
      if (i % 10 === 0) c.check();
      if (i % 50 === 0) await c.idle();
    }
    await c.idle();
    c.close();
    db.close();
    const again = open(dir);
    const rows = again.db.prepare('SELECT k, v FROM items').all() as { k: string; v: string }[];
    assert.equal(rows.length, 200);
    for (const r of rows) assert.equal(r.v, r.k.slice(1).repeat(20_000));
    again.db.close();
  });

  it('without the worker the WAL is still bounded: at the cap it is checkpointed and truncated on the thread', () => {
    const { db, file, wal } = open(tmp());
    const c = walCheckpointer(db, file, { hardBytes: 4 * MiB, background: false });
    const put = db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?)');
    const value = 'v'.repeat(400 * 1024);
    let largest = 0;
    for (let i = 0; i < 60; i++) {
      put.run(`k${i % 7}`, value);
      largest = Math.max(largest, wal());
      c.check();
    }
    // The cap plus one write (~400 KB of pages and their frame headers) at most.
    assert.ok(largest < 5 * MiB, `largest WAL ${largest} bytes`);
    assert.ok(wal() < 4 * MiB);
    c.close();
    db.close();
  });

  it('a checkpoint at the cap that fails does not throw (it runs from a timer, where a throw would end the process)', () => {
    const { db, file } = open(tmp());
    const c = walCheckpointer(db, file, { hardBytes: MiB, background: false });
    const put = db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?)');
    for (let i = 0; i < 5; i++) put.run(`k${i}`, 'v'.repeat(400 * 1024));
    // A connection that cannot checkpoint (an injected failure: on a full disk SQLite answers SQLITE_FULL).
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: Database.PragmaOptions) => {
      if (source.startsWith('wal_checkpoint')) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return pragma(source, options);
    }) as typeof db.pragma;
    const said: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => { said.push(a.join(' ')); };
    try {
      assert.doesNotThrow(() => c.check());
      assert.doesNotThrow(() => c.check());
    } finally {
      console.error = error;
      c.close();
      db.close();
    }
    assert.equal(said.length, 1, 'said once');
    assert.match(said[0]!, /cannot checkpoint .*items\.db: database or disk is full/);
  });

  it('closing while the worker checkpoints waits for it, so the store\'s close removes the WAL', () => {
    const { db, file, wal } = open(tmp());
    const c = walCheckpointer(db, file, { softBytes: MiB });
    const put = db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?)');
    for (let i = 0; i < 100; i++) put.run(`k${i}`, String(i % 10).repeat(400 * 1024));
    assert.ok(wal() > 32 * MiB);
    c.check();
    // Closed while the worker copies (it has had a few milliseconds to open its connection and begin): the wait
    // makes this close the last connection's, which checkpoints and deletes the WAL.
    const until = performance.now() + 8;
    while (performance.now() < until) { /* the worker runs on its own thread meanwhile */ }
    c.close();
    db.close();
    assert.equal(wal(), 0, 'no WAL left beside the database');
  });
});
