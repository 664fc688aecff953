/**
 * @module Decoding large JSON bodies off the event loop: a DynamoDB request of up to 16 MB (BatchWriteItem of 25
 * items of 400 KB) costs tens of milliseconds of UTF-8 decoding and `JSON.parse`, during which the server's only
 * thread could answer nothing. Bodies of at least OFF_THREAD_BYTES are decoded by one worker thread (started on
 * first use, not keeping the process alive) and come back as the same value `JSON.parse` would give (structured
 * clone keeps own `__proto__` members, as `JSON.parse` makes them); receiving that value costs the thread a fraction
 * of decoding it, and its long strings come one per turn (PIECE_CHARS). A body the worker cannot decode (malformed
 * JSON) resolves `undefined`, and the caller decodes it itself to report the error exactly as for a small body.
 */
import { lazyWorker } from '../shared/lazy-worker.js';

/** Bodies at least this large are decoded off the thread; smaller ones cost less than the round trip saves. */
export const OFF_THREAD_BYTES = 1024 * 1024;

/**
 * Strings at least this long (UTF-16 units) come back one per message after the rest of the value. Receiving a
 * value makes its strings anew in fresh memory, and first touching memory is slow on this kind of machine: the 25
 * items of 400 KB of a BatchWriteItem cost ~40 ms in one message, ~1.6 ms each in their own.
 */
export const PIECE_CHARS = 64 * 1024;

/**
 * The worker: decode each body sent (UTF-8, as Buffer#toString). It answers the value with its long strings left
 * out (null in their place) and where they go, then each string in its own message once the previous one is
 * acknowledged, so each arrives in a turn of its own; or it answers that the body is not JSON.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const PIECE_CHARS = ${PIECE_CHARS};
const waiting = new Map();
function takeLong(value, path, out) {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v === 'string' && v.length >= PIECE_CHARS) {
      out.push({ path: [...path, key], text: v });
      Object.defineProperty(value, key, { value: null, writable: true, enumerable: true, configurable: true });
    }
    else if (typeof v === 'object' && v !== null) takeLong(v, [...path, key], out);
  }
}
parentPort.on('message', (m) => {
  if (m.ack !== undefined) {
    const left = waiting.get(m.ack);
    const piece = left && left.shift();
    if (left && left.length === 0) waiting.delete(m.ack);
    if (piece) parentPort.postMessage({ id: m.ack, piece: piece.text });
    return;
  }
  const { id, bytes } = m;
  let value;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    parentPort.postMessage({ id, ok: false });
    return;
  }
  const long = [];
  // Nesting too deep to walk (a hostile body): the caller decodes it and reports what is wrong with it.
  try { takeLong(value, [], long); } catch { parentPort.postMessage({ id, ok: false }); return; }
  if (long.length > 0) waiting.set(id, long);
  parentPort.postMessage({ id, ok: true, value, paths: long.map((l) => l.path) });
});
`;

interface Answer { readonly id: number; readonly ok?: boolean; readonly value?: unknown; readonly paths?: readonly (readonly string[])[]; readonly piece?: string }

interface Pending {
  resolve(value: { ok: boolean; value?: unknown }): void;
  /** The value received so far, and where each string still to come goes. */
  value?: unknown;
  paths?: readonly (readonly string[])[];
  next?: number;
}

let nextId = 0;
const pending = new Map<number, Pending>();

/** Put a string received on its own back where it was (defined, not assigned: a key may be `__proto__`). */
function putBack(root: unknown, path: readonly string[], text: string): void {
  let at = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  Object.defineProperty(at, path[path.length - 1]!, { value: text, writable: true, enumerable: true, configurable: true });
}

/** Whatever is in flight when the worker fails is decoded by the caller instead. */
const decoder = lazyWorker<Answer>(WORKER, () => undefined, (m, w) => {
  const p = pending.get(m.id);
  if (p === undefined) return;
  const settle = (answer: { ok: boolean; value?: unknown }): void => {
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    p.resolve(answer);
  };
  if (m.piece !== undefined) {
    putBack(p.value, p.paths![p.next!]!, m.piece);
    p.next! += 1;
  } else if (m.ok === true && m.paths !== undefined && m.paths.length > 0) {
    p.value = m.value;
    p.paths = m.paths;
    p.next = 0;
  } else {
    settle(m.ok === true ? { ok: true, value: m.value } : { ok: false });
    return;
  }
  // Ask for the next long string, or answer once the last one is back in place.
  if (p.next! < p.paths!.length) w.postMessage({ ack: m.id });
  else settle({ ok: true, value: p.value });
}, () => {
  for (const p of pending.values()) p.resolve({ ok: false });
  pending.clear();
});

/**
 * The body decoded as JSON off the event loop: `{ value }`, or undefined when it is not valid JSON (or the worker
 * failed): the caller then decodes it on the thread, which reports the error as usual.
 */
export function decodeJsonOffThread(body: Buffer): Promise<{ readonly value: unknown } | undefined> {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, { resolve: (m) => resolve(m.ok ? { value: m.value } : undefined) });
    try {
      // Shared memory, which the worker reads in place: posting the Buffer itself would have the structured clone
      // copy it. A large body is received into shared memory already (http.ts readBuffered); any other is copied
      // there once (the body stays the request's, for logs and checks; the worker only reads it).
      let bytes: Uint8Array;
      if (body.buffer instanceof SharedArrayBuffer) bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);
      else { bytes = new Uint8Array(new SharedArrayBuffer(body.length)); bytes.set(body); }
      const w = decoder();
      w.ref();
      w.postMessage({ id, bytes });
    } catch {
      pending.delete(id);
      resolve(undefined);
    }
  });
}
