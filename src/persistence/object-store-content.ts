/**
 * @module Where S3 object bytes live: one file per object (or part) under `<dir>/s3/objects/<2 hex>/<ref>`,
 * or a Map of Buffers in memory mode. Large reads stream from an already-open descriptor, so an object deleted
 * or replaced mid-read keeps its bytes for that reader.
 */
import { closeSync, createReadStream, mkdirSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync, writeSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export interface ContentStore {
  write(ref: string, content: Buffer): void;
  read(ref: string, start: number, end: number, size: number): Buffer | Readable;
  /** Write the concatenation of `sources` to `ref`. */
  concat(ref: string, sources: readonly string[]): void;
  copy(from: string, to: string): void;
  remove(ref: string): void;
}

/** Reads below this many bytes return a Buffer; larger ones a stream. */
const SMALL_READ = 64 * 1024;

export function memoryContent(): ContentStore {
  const bytes = new Map<string, Buffer>();
  const get = (ref: string): Buffer => {
    const b = bytes.get(ref);
    if (!b) throw Object.assign(new Error(`object content ${ref} missing`), { code: 'ENOENT' });
    return b;
  };
  return {
    write: (ref, content) => { bytes.set(ref, content); },
    read: (ref, start, end) => {
      const b = get(ref).subarray(start, end);
      return b.length < SMALL_READ ? b : Readable.from([b]);
    },
    concat: (ref, sources) => { bytes.set(ref, Buffer.concat(sources.map(get))); },
    copy: (from, to) => { bytes.set(to, get(from)); },
    remove: (ref) => { bytes.delete(ref); },
  };
}

/** Run a write of `path`; when it throws, remove whatever part of the file it made, then rethrow. */
function orUnlink(path: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    try { unlinkSync(path); } catch { /* never created */ }
    throw e;
  }
}

export function fileContent(root: string): ContentStore {
  const made = new Set<string>();
  const pathOf = (ref: string): string => {
    const sub = join(root, ref.slice(0, 2));
    if (!made.has(sub)) { mkdirSync(sub, { recursive: true }); made.add(sub); }
    return join(sub, ref);
  };
  return {
    // A write that fails (a full disk) leaves no file behind: the caller never commits a row for it.
    write: (ref, content) => { orUnlink(pathOf(ref), () => { writeFileSync(pathOf(ref), content); }); },
    read: (ref, start, end, size) => {
      const path = pathOf(ref);
      const length = end - start;
      if (length === size && size < SMALL_READ) return readFileSync(path);
      const fd = openSync(path, 'r');
      if (length < SMALL_READ) {
        try {
          const buf = Buffer.allocUnsafe(length);
          let got = 0;
          while (got < length) {
            const n = readSync(fd, buf, got, length - got, start + got);
            if (n === 0) break;
            got += n;
          }
          return buf.subarray(0, got);
        } finally {
          closeSync(fd);
        }
      }
      return createReadStream('', { fd, start, end: end - 1, autoClose: true });
    },
    concat: (ref, sources) => orUnlink(pathOf(ref), () => {
      const fd = openSync(pathOf(ref), 'w');
      try {
        for (const s of sources) {
          const b = readFileSync(pathOf(s));
          let off = 0;
          while (off < b.length) off += writeSync(fd, b, off, b.length - off);
        }
      } finally {
        closeSync(fd);
      }
    }),
    copy: (from, to) => orUnlink(pathOf(to), () => { copyFileSync(pathOf(from), pathOf(to)); }),
    remove: (ref) => {
      try {
        unlinkSync(pathOf(ref));
      } catch {
        // AWS-independent: a missing file is an orphan already gone; nothing to do.
      }
    },
  };
}
