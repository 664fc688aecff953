/**
 * @module Storage faults: telling a full disk or a failing device (SQLite's SQLITE_FULL / SQLITE_IOERR, Node's
 * ENOSPC / EDQUOT / EIO) from every other error, and a reserve of disk space that lets deletes run on a full disk.
 *
 * Why a reserve: in WAL mode even a DELETE appends its changed pages to the WAL, and a checkpoint may grow the
 * database file, so on a disk with no free byte SQLite refuses deletes too (SQLITE_FULL), and nothing could ever be
 * freed through the API. The state directory keeps a small file of zeros (`space-reserve`); a change that frees
 * space (a delete) that fails for lack of space removes that file and runs once more, and the file is written again
 * once the disk has room for it twice over. Writes that grow the state never consume the reserve.
 */
import { closeSync, existsSync, openSync, statfsSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A full disk (or quota), or a device that failed a read or write. */
export type StorageFaultKind = 'full' | 'io';

/** The storage fault an error reports, or undefined for any other error. */
export function storageFaultOf(e: unknown): StorageFaultKind | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO' || code === 'EROFS' || code === 'SQLITE_READONLY') return 'io';
  return undefined;
}

/** A lost S3 object: its metadata is committed but its body file is gone (deleted or damaged outside vpce). */
export class LostObjectError extends Error {
  readonly code = 'VPCE_LOST_OBJECT';
  constructor(readonly bucket: string, readonly key: string, readonly file: string) {
    super(`the body of s3://${bucket}/${key} is missing (${file}); the object cannot be read until it is written again`);
    this.name = 'LostObjectError';
  }
}

/**
 * Close a database without throwing: a close that cannot checkpoint (a full disk) leaves the WAL beside the
 * database for the next open to replay, which loses nothing; the failure is only reported.
 */
export function closeQuietly(db: { close(): unknown }, location: string): void {
  try { db.close(); } catch (e) { console.error(`vpce: closing ${location}: ${(e as Error).message} (the write-ahead log is kept and replayed at the next start)`); }
}

export interface SpaceReserve {
  /**
   * Run a change that frees space; when it fails for lack of space, give up the reserve and run it once more. Once
   * the reserve is spent, `checkpoint` (the store's `wal_checkpoint(TRUNCATE)`) is tried instead: it copies the WAL
   * into the database, whose pages a delete does not grow, and truncates the WAL, giving its space back.
   */
  freeing<T>(change: () => T, checkpoint?: () => unknown): T;
}

/** The largest reserve; on a small file system 1/32 of its size (a test's tmpfs), never under 256 KiB. */
const RESERVE_MAX = 4 * 1024 * 1024;
const RESERVE_MIN = 256 * 1024;

const reserves = new Map<string, SpaceReserve>();

/** The one reserve of a state directory (every store of that directory shares it). */
export function spaceReserve(stateDir: string): SpaceReserve {
  const dir = resolve(stateDir);
  let r = reserves.get(dir);
  if (r === undefined) { r = openReserve(join(dir, 'space-reserve')); reserves.set(dir, r); }
  return r;
}

/** The reserve of the state directory holding a store's directory (`<state>/s3` -> `<state>`). */
export function spaceReserveAbove(storeDir: string): SpaceReserve {
  return spaceReserve(dirname(resolve(storeDir)));
}

function reserveSize(dir: string): number {
  try {
    const s = statfsSync(dir);
    return Math.max(RESERVE_MIN, Math.min(RESERVE_MAX, Math.floor((s.blocks * s.bsize) / 32)));
  } catch {
    return RESERVE_MAX;
  }
}

function freeBytes(dir: string): number {
  try { const s = statfsSync(dir); return s.bavail * s.bsize; } catch { return 0; }
}

function tryCheckpoint(checkpoint: (() => unknown) | undefined): boolean {
  if (checkpoint === undefined) return false;
  try { checkpoint(); return true; } catch { return false; }
}

function openReserve(file: string): SpaceReserve {
  const dir = dirname(file);
  const size = reserveSize(dir);
  /** Write the reserve file whole, or leave none (a partial file would promise space it does not hold). */
  const fill = (): boolean => {
    try {
      if (existsSync(file) && statSync(file).size >= size) return true;
      const fd = openSync(file, 'w', 0o600);
      try {
        const zeros = Buffer.alloc(64 * 1024);
        for (let at = 0; at < size;) at += writeSync(fd, zeros, 0, Math.min(zeros.length, size - at));
      } finally {
        closeSync(fd);
      }
      return true;
    } catch {
      try { unlinkSync(file); } catch { /* none written */ }
      return false;
    }
  };
  let held = fill();
  const release = (): boolean => {
    if (!held) return false;
    held = false;
    try { unlinkSync(file); } catch { /* already gone */ }
    console.error(`vpce: the disk holding ${dir} is full; released the ${Math.round(size / 1024)} KiB space reserve so deletes can run. Free space (delete objects, items or resources) to resume writes.`);
    return true;
  };
  return {
    freeing: (change, checkpoint) => {
      let result;
      try {
        result = change();
      } catch (e) {
        if (storageFaultOf(e) !== 'full') throw e;
        if (!release() && !tryCheckpoint(checkpoint)) throw e;
        result = change();
      }
      // Rebuild the reserve only with room for it twice over, so the next write does not fail for its sake.
      if (!held && freeBytes(dir) > 2 * size) held = fill();
      return result;
    },
  };
}
