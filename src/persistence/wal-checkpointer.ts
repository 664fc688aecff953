/**
 * @module Write-ahead-log checkpoints of vpce's SQLite databases (state.db, s3.db, items.db), run on a worker thread.
 *
 * Why: SQLite's automatic checkpoint runs inside the commit that crosses its threshold. It copies every page the
 * WAL holds into the database file and fsyncs it: after a few 400 KB items, that is 300-500 ms on this thread,
 * and no health check or other request is answered meanwhile (issue 13: answer within 50 ms while any single
 * request is served). Here the automatic checkpoint is off. Once the WAL has grown by SOFT_BYTES since the last
 * checkpoint began (looked at every CHECK_MS, never inside a commit), one worker thread opens its own connection and
 * runs a PASSIVE checkpoint, which copies frames beside the main connection's commits without blocking them. Once
 * everything is copied, SQLite itself starts the WAL over at the next commit, and `journal_size_limit = 0` makes
 * that commit truncate the file to what it wrote.
 *
 * A WAL that keeps growing anyway (writes that never pause long enough for a checkpoint to catch up, or a worker
 * that failed) is checkpointed on this thread at HARD_BYTES, as SQLite would have done, so it stays bounded.
 *
 * Durability is unchanged: a commit is in the WAL (the OS page cache) before it is acknowledged, whoever copies it
 * later. A process killed mid-checkpoint leaves a WAL that the next open replays.
 */
import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lazyWorker } from '../shared/lazy-worker.js';

/** Growth of the WAL (bytes) since the last checkpoint began that starts the next one on the worker. */
export const SOFT_BYTES = 16 * 1024 * 1024;
/** A WAL this large is checkpointed (and truncated) on the calling thread. */
export const HARD_BYTES = 256 * 1024 * 1024;
/** How often the WAL's size is looked at (one `stat`): a burst of writes this long adds at most ~20 MB. */
const CHECK_MS = 100;
/** The longest a closing store waits for the worker's checkpoint of it to finish. */
const CLOSE_WAIT_MS = 5000;

/** The worker: checkpoint the database file named, through a connection of its own opened for that checkpoint. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
parentPort.on('message', ({ file, finished }) => {
  let db;
  try {
    // No busy wait: a checkpoint that finds another one running just reports it.
    db = new Database(file, { timeout: 0, fileMustExist: true });
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ file, ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (e) {
    parentPort.postMessage({ file, ok: false, error: String(e && e.message || e) });
  } finally {
    try { if (db) db.close(); } catch {}
    // The connection is closed: a store closing meanwhile may now close the last one (see close()).
    Atomics.store(finished, 0, 1);
    Atomics.notify(finished, 0);
  }
});
`;

export interface Checkpointer {
  /** Look at the WAL now: start a checkpoint on the worker when it has grown enough, or run one here at the cap. */
  check(): void;
  /** Resolves once no checkpoint is running on the worker (for tests and benchmarks). */
  idle(): Promise<void>;
  /**
   * Stop looking, and wait (up to CLOSE_WAIT_MS) for a checkpoint in flight to close its connection, so that the
   * store's own close is the last connection's: SQLite then checkpoints what is left and removes the WAL.
   */
  close(): void;
}

interface Done { readonly file: string; readonly ok: boolean; readonly error?: string }

/** Per database file: called when the worker answers a checkpoint of it. */
const waiting = new Map<string, (d: Done) => void>();

/** The one checkpoint worker of the process. */
const checkpointWorker = lazyWorker<Done>(WORKER, () => ({ sqlite: createRequire(import.meta.url).resolve('better-sqlite3') }), (d, w) => {
  const done = waiting.get(d.file);
  waiting.delete(d.file);
  if (waiting.size === 0) w.unref();
  done?.(d);
}, () => {
  for (const [file, done] of waiting) done({ file, ok: false, error: 'the checkpoint worker stopped' });
  waiting.clear();
});

export interface CheckpointLimits {
  readonly softBytes?: number;
  readonly hardBytes?: number;
  /** False: never on the worker (only the cap), as when the worker cannot start. */
  readonly background?: boolean;
}

/** Take over `db`'s checkpoints (a WAL database at `file`), looking at its WAL every CHECK_MS until closed. */
export function walCheckpointer(db: Database.Database, file: string, limits: CheckpointLimits = {}): Checkpointer {
  const soft = limits.softBytes ?? SOFT_BYTES;
  const hard = limits.hardBytes ?? HARD_BYTES;
  const background = limits.background ?? true;
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 0');
  const wal = `${file}-wal`;
  /** The WAL's size when the last checkpoint began (bytes); a smaller WAL has been started over since. */
  let base = 0;
  let running: Promise<void> | undefined;
  /** Set to 1 by the worker once the checkpoint in flight has closed its connection. */
  let finished: Int32Array | undefined;
  let closed = false;
  /** The last checkpoint at the cap failed (said once until one succeeds). */
  let failedAtCap = false;
  const walSize = (): number => {
    try { return statSync(wal).size; } catch { return 0; }
  };
  const self: Checkpointer = {
    check() {
      if (closed) return;
      const size = walSize();
      if (size < base) base = 0;
      if (size >= hard) {
        // Busy (the worker is copying) is not an error: the next check tries again. Neither is a failure (a full
        // disk): the WAL holds every commit, and this runs from a timer, where a throw would end the process.
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } catch (e) {
          if (!failedAtCap) console.error(`vpce: cannot checkpoint ${file}: ${(e as Error).message} (its write-ahead log is kept; tried again while it stays over ${hard} bytes)`);
          failedAtCap = true;
          return;
        }
        failedAtCap = false;
        base = 0;
        return;
      }
      if (!background || running !== undefined || size - base < soft) return;
      base = size;
      running = new Promise<void>((resolve) => {
        waiting.set(file, (d) => {
          running = undefined;
          resolve();
          // A failed checkpoint is retried once the WAL grows by another SOFT_BYTES, and the cap still holds.
          if (!d.ok && !closed) console.error(`vpce: background checkpoint of ${file} failed: ${d.error} (retried later)`);
        });
      });
      try {
        const w = checkpointWorker();
        w.ref();
        finished = new Int32Array(new SharedArrayBuffer(4));
        w.postMessage({ file, finished });
      } catch (e) {
        waiting.get(file)?.({ file, ok: true });
        waiting.delete(file);
        console.error(`vpce: cannot start the checkpoint worker: ${(e as Error).message} (checkpoints run at the cap instead)`);
      }
    },
    idle: () => running ?? Promise.resolve(),
    close() {
      closed = true;
      clearInterval(timer);
      if (running !== undefined && finished !== undefined) Atomics.wait(finished, 0, 0, CLOSE_WAIT_MS);
    },
  };
  const timer = setInterval(() => self.check(), CHECK_MS);
  timer.unref();
  return self;
}
