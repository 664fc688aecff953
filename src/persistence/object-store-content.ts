/**
 * @module Where S3 object bytes live: one file per object (or part) under `<dir>/s3/objects/<2 hex>/<ref>`,
 * or a Map of Buffers in memory mode. Large reads stream from an already-open descriptor, so an object deleted
 * or replaced mid-read keeps its bytes for that reader. An upload body is staged while it arrives (a file under
 * `<dir>/s3/incoming/`, on the same filesystem, so `write` renames it into place) and never held whole in memory.
 */
import { closeSync, createReadStream, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync, copyFileSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Content, StagedContent } from '../services/s3/storage.js';

/** A body being received: appended piece by piece, then stored by `write` (as its StagedContent) or discarded. */
export interface ContentStage {
  /** Resolves once the piece is written (the caller reads the next piece only then: backpressure). */
  append(chunk: Buffer): Promise<void>;
  finish(): Promise<StagedContent>;
  /** Bytes [start, end) of what was appended (for digests not computed while receiving). */
  read(start: number, end: number): Buffer;
  /** Remove what was staged unless `write` took it; safe to call more than once. */
  discard(): void;
}

export interface ContentStore {
  write(ref: string, content: Content): void;
  stage(): ContentStage;
  read(ref: string, start: number, end: number, size: number): Buffer | Readable;
  /** Write the concatenation of `sources` to `ref`. */
  concat(ref: string, sources: readonly string[]): void;
  /** `concat` with asynchronous I/O; whatever it wrote is removed when it fails. */
  concatAsync(ref: string, sources: readonly string[]): Promise<void>;
  copy(from: string, to: string): void;
  remove(ref: string): void;
}

/** Reads below this many bytes return a Buffer; larger ones a stream. */
const SMALL_READ = 64 * 1024;

/** Bytes copied at a time when parts are joined into an object. */
const COPY_CHUNK = 1024 * 1024;

export function memoryContent(): ContentStore {
  const bytes = new Map<string, Buffer>();
  const get = (ref: string): Buffer => {
    const b = bytes.get(ref);
    if (!b) throw Object.assign(new Error(`object content ${ref} missing`), { code: 'ENOENT' });
    return b;
  };
  const staged = new Map<string, Buffer>();
  let seq = 0;
  return {
    write: (ref, content) => {
      if (Buffer.isBuffer(content)) { bytes.set(ref, content); return; }
      const b = staged.get(content.staged);
      if (!b) throw new Error(`staged content ${content.staged} missing`);
      staged.delete(content.staged);
      bytes.set(ref, b);
    },
    stage: () => {
      // Memory mode keeps objects in memory anyway: the stage is the list of pieces received.
      const id = `stage-${++seq}`;
      let pieces: Buffer[] = [];
      let whole: Buffer | undefined;
      const all = (): Buffer => (whole ??= Buffer.concat(pieces));
      return {
        append: (chunk) => { pieces.push(chunk); whole = undefined; return Promise.resolve(); },
        finish: () => { const b = all(); pieces = [b]; staged.set(id, b); return Promise.resolve({ staged: id, size: b.length }); },
        read: (start, end) => all().subarray(start, end),
        discard: () => { staged.delete(id); pieces = []; whole = undefined; },
      };
    },
    read: (ref, start, end) => {
      const b = get(ref).subarray(start, end);
      return b.length < SMALL_READ ? b : Readable.from([b]);
    },
    concat: (ref, sources) => { bytes.set(ref, Buffer.concat(sources.map(get))); },
    // In memory there is no I/O to wait for: the same join, its failure a rejection.
    concatAsync: async (ref, sources) => { bytes.set(ref, Buffer.concat(sources.map(get))); },
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

/** Files under `incoming` left by a process killed mid-upload: never acknowledged, so removed at start. */
function clearIncoming(incoming: string): void {
  mkdirSync(incoming, { recursive: true });
  for (const name of readdirSync(incoming)) {
    try { unlinkSync(join(incoming, name)); } catch { /* already gone */ }
  }
}

/** Bytes [start, end) of a file, read synchronously. */
function readRange(path: string, start: number, end: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(end - start);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** `root` holds the objects; `incoming` (same filesystem) the bodies being received. */
export function fileContent(root: string, incoming: string): ContentStore {
  clearIncoming(incoming);
  let seq = 0;
  const made = new Set<string>();
  const pathOf = (ref: string): string => {
    const sub = join(root, ref.slice(0, 2));
    if (!made.has(sub)) { mkdirSync(sub, { recursive: true }); made.add(sub); }
    return join(sub, ref);
  };
  const stagedPath = (id: string): string => {
    // Only names this store made are accepted (the id comes back through the services layer).
    if (!/^[0-9a-z-]+$/.test(id)) throw new Error(`bad staged content id ${id}`);
    return join(incoming, id);
  };
  return {
    write: (ref, content) => {
      if (Buffer.isBuffer(content)) orUnlink(pathOf(ref), () => { writeFileSync(pathOf(ref), content); });
      else renameSync(stagedPath(content.staged), pathOf(ref));
    },
    stage: () => {
      const id = `${process.pid.toString(36)}-${Date.now().toString(36)}-${(++seq).toString(36)}`;
      const path = stagedPath(id);
      let handle: Promise<FileHandle> | undefined;
      let size = 0;
      let gone = false;
      const fh = (): Promise<FileHandle> => (handle ??= open(path, 'wx'));
      const close = async (): Promise<void> => { if (handle !== undefined) { const h = await handle; await h.close(); } };
      return {
        append: async (chunk) => {
          const h = await fh();
          let off = 0;
          while (off < chunk.length) off += (await h.write(chunk, off, chunk.length - off)).bytesWritten;
          size += chunk.length;
        },
        finish: async () => {
          await fh();
          await close();
          handle = undefined;
          return { staged: id, size };
        },
        read: (start, end) => readRange(path, start, end),
        discard: () => {
          if (gone) return;
          gone = true;
          const h = handle;
          handle = undefined;
          if (h !== undefined) h.then((x) => x.close()).catch(() => undefined);
          try { unlinkSync(path); } catch { /* moved into place, or never created */ }
        },
      };
    },
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
        // One fixed buffer, whatever the parts' sizes (a part can be 5 GiB).
        const buf = Buffer.allocUnsafe(COPY_CHUNK);
        for (const s of sources) {
          const src = openSync(pathOf(s), 'r');
          try {
            for (;;) {
              const n = readSync(src, buf, 0, buf.length, null);
              if (n === 0) break;
              let off = 0;
              while (off < n) off += writeSync(fd, buf, off, n - off);
            }
          } finally {
            closeSync(src);
          }
        }
      } finally {
        closeSync(fd);
      }
    }),
    concatAsync: async (ref, sources) => {
      const target = pathOf(ref);
      try {
        const out = await open(target, 'w');
        try {
          // One fixed buffer, as `concat`; each read and write is a turn of the event loop for other requests.
          const buf = Buffer.allocUnsafe(COPY_CHUNK);
          for (const s of sources) {
            const src = await open(pathOf(s), 'r');
            try {
              for (;;) {
                const { bytesRead } = await src.read(buf, 0, buf.length, null);
                if (bytesRead === 0) break;
                let off = 0;
                while (off < bytesRead) off += (await out.write(buf, off, bytesRead - off)).bytesWritten;
              }
            } finally {
              await src.close();
            }
          }
        } finally {
          await out.close();
        }
      } catch (e) {
        await unlink(target).catch(() => undefined);
        throw e;
      }
    },
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
