/**
 * @module Owner-only permissions for state files. `state.db` holds secret access keys in clear (SigV4 verification
 * needs the secret itself: it is an HMAC key, so a hash cannot verify a signature) and every store holds the
 * user's data, so databases and their WAL files are 0600 and their folders 0700 whatever the umask.
 */
import { chmodSync, existsSync } from 'node:fs';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * Make a SQLite database and its companions owner-only. Called right after opening: SQLite creates the `-wal`
 * and `-shm` files later with the database file's own permissions, so they follow.
 */
export function makePrivate(dbPath: string): void {
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) {
    if (existsSync(f)) chmodSync(f, PRIVATE_FILE);
  }
}
