/**
 * @module Start-up inspection of a state directory's SQLite files (`state.db`, `s3/s3.db`, `dynamodb/items.db`),
 * before SQLite opens them for writing. It matters because SQLite does not refuse damage on its own: a zero-byte
 * database beside its write-ahead log opens as an empty database and the log (every acknowledged write not yet
 * checkpointed) is deleted, so a server would start empty, silently. The checks read the files' headers (the
 * "SQLite format 3" header: page size, page count; the WAL header: magic, page size), then open each file read-only
 * for `PRAGMA quick_check`. A damaged file is reported by name; `moveAside` renames it (with its -wal and -shm)
 * to `<file>.damaged-<time>` so the server can start without it when the operator asks.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface DamagedFile {
  /** The damaged file (the database, or its write-ahead log). */
  readonly file: string;
  /** What is wrong, for a person. */
  readonly problem: string;
  /** The database the file belongs to (its -wal and -shm move with it). */
  readonly database: string;
}

/** The SQLite databases a state directory may hold. */
export function stateDatabases(stateDir: string): string[] {
  const dir = resolve(stateDir);
  return [join(dir, 'state.db'), join(dir, 's3', 's3.db'), join(dir, 'dynamodb', 'items.db')];
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function head(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(bytes);
    const n = readSync(fd, b, 0, bytes, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const sizeOf = (file: string): number | undefined => (existsSync(file) ? statSync(file).size : undefined);

/** What is wrong with one database and its write-ahead log, judged from their headers alone. */
function headerProblem(db: string): DamagedFile | undefined {
  const wal = `${db}-wal`;
  const dbSize = sizeOf(db);
  const walSize = sizeOf(wal) ?? 0;
  const damaged = (file: string, problem: string): DamagedFile => ({ file, problem, database: db });
  if (dbSize === undefined) {
    return walSize > 0 ? damaged(wal, `a ${walSize}-byte write-ahead log without its database (${db} is missing)`) : undefined;
  }
  if (dbSize === 0) {
    // SQLite would open this as an empty database and delete the log, losing every write it holds.
    return walSize > 0 ? damaged(db, `the database is empty (0 bytes) beside a ${walSize}-byte write-ahead log that holds its writes`) : undefined;
  }
  const h = head(db, 100);
  if (h.length < 100 || !h.subarray(0, 16).equals(SQLITE_MAGIC)) return damaged(db, `not a SQLite database (${dbSize} bytes without the SQLite header)`);
  const rawPage = h.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return damaged(db, `the SQLite header is damaged (page size ${rawPage})`);
  // With a write-ahead log the file's length proves nothing: a checkpoint stopped by a full disk leaves page 1 (and
  // its page count) written and the file not yet extended, and the log still holds every page to finish it.
  if (walSize === 0) {
    if (dbSize % pageSize !== 0) return damaged(db, `truncated: ${dbSize} bytes is not a whole number of ${pageSize}-byte pages`);
    // The header's page count is valid when its change counter matches "version-valid-for" (SQLite file format 1.3.1).
    const pages = h.readUInt32BE(28);
    if (pages > 0 && h.readUInt32BE(24) === h.readUInt32BE(92) && dbSize < pages * pageSize) {
      return damaged(db, `truncated: the header counts ${pages} pages (${pages * pageSize} bytes) but the file holds ${dbSize} bytes`);
    }
  } else {
    if (walSize < 32) return damaged(wal, `the write-ahead log is truncated (${walSize} bytes, shorter than its header)`);
    const w = head(wal, 32);
    const magic = w.readUInt32BE(0);
    if (magic !== 0x377f0682 && magic !== 0x377f0683) return damaged(wal, 'not a SQLite write-ahead log (bad magic number)');
    const walPage = w.readUInt32BE(8);
    if (walPage !== pageSize) return damaged(wal, `the write-ahead log does not belong to this database (its pages are ${walPage} bytes, the database's ${pageSize})`);
  }
  return undefined;
}

/** Open a database read-only and run SQLite's quick_check; a problem it reports, or undefined. */
function checkProblem(db: string): DamagedFile | undefined {
  if ((sizeOf(db) ?? 0) === 0) return undefined;
  let conn: Database.Database | undefined;
  try {
    conn = new Database(db, { readonly: true, fileMustExist: true, timeout: 0 });
    const rows = conn.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
    const bad = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    return bad.length === 0 ? undefined : { file: db, problem: `SQLite finds it corrupt: ${bad.join('; ')}`, database: db };
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    // Busy: another process holds it (the store's open says so). Only SQLite's own verdicts are damage.
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_CANTOPEN') return undefined;
    // An I/O error (a full disk refusing a read-only shared-memory file) says nothing about the file itself.
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      return { file: db, problem: `SQLite cannot read it: ${(e as Error).message}`, database: db };
    }
    return undefined;
  } finally {
    try { conn?.close(); } catch { /* read-only: nothing to write back */ }
  }
}

/** Every damaged database of a state directory (an empty list for a healthy or new one). */
export function inspectState(stateDir: string): DamagedFile[] {
  const out: DamagedFile[] = [];
  for (const db of stateDatabases(stateDir)) {
    const problem = headerProblem(db) ?? checkProblem(db);
    if (problem) out.push(problem);
  }
  return out;
}

/** Rename a damaged database and its -wal and -shm to `<name>.damaged-<time>`; answers the new names. */
export function moveAside(d: DamagedFile, now = new Date()): string[] {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const moved: string[] = [];
  for (const f of [d.database, `${d.database}-wal`, `${d.database}-shm`]) {
    if (!existsSync(f)) continue;
    const to = `${f}.damaged-${stamp}`;
    renameSync(f, to);
    moved.push(to);
  }
  return moved;
}
