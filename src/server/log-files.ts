/**
 * @module The log files `vpce serve` writes under `<state>/logs/` (`server/logs.ts`), as readers find them: each
 * log's rotated generations oldest first, then the current file; and a reader of complete lines from a byte offset.
 * Shared by `vpce logs` (the CLI) and `GET /_vpce/logs` (the console), so both read rotation the same way.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A log file's rotated generations that exist (`<name>.3`, `.2`, `.1`), oldest first, then the file itself. */
function generations(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [join(dir, name)];
  const older = readdirSync(dir)
    .map((f) => ({ f, n: f.startsWith(`${name}.`) ? Number(f.slice(name.length + 1)) : NaN }))
    .filter((g) => Number.isInteger(g.n) && g.n > 0)
    .sort((a, b) => b.n - a.n)
    .map((g) => join(dir, g.f));
  return [...older, join(dir, name)];
}

/** The files a kind of log is read from, rotated generations (see server/logs.ts) before the current file. */
export function logFiles(stateDir: string, kind: 'flow' | 'api', vpc?: string): string[] {
  const root = join(stateDir, 'logs');
  if (kind === 'api') return generations(root, 'api.jsonl');
  const dir = join(root, 'flow');
  if (vpc !== undefined) return generations(dir, `${vpc}.log`);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.log')).sort().flatMap((f) => generations(dir, f));
}

/**
 * Read a file from an offset; returns the complete lines and the offset after them. `maxBytes` bounds what one
 * call reads (the lines that fit whole; the next call goes on from `next`); a line longer than it is skipped.
 */
export function readFrom(file: string, offset: number, maxBytes = Infinity): { lines: string[]; next: number } {
  if (!existsSync(file)) return { lines: [], next: offset };
  const size = statSync(file).size;
  if (size < offset) offset = 0;
  if (size === offset) return { lines: [], next: offset };
  const fd = openSync(file, 'r');
  try {
    // Unzeroed memory is safe here: only the bytes the read filled are looked at.
    const want = Buffer.allocUnsafe(Math.min(size - offset, maxBytes));
    const buf = want.subarray(0, readSync(fd, want, 0, want.length, offset));
    const end = buf.lastIndexOf(0x0a);
    if (end < 0) {
      // No whole line within maxBytes: step over the oversized line rather than stall on it forever.
      return buf.length === want.length && buf.length < size - offset ? { lines: [], next: offset + buf.length } : { lines: [], next: offset };
    }
    return { lines: buf.subarray(0, end).toString('utf8').split('\n'), next: offset + end + 1 };
  } finally {
    closeSync(fd);
  }
}
