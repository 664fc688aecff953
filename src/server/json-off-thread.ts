/**
 * @module Decoding large JSON bodies off the event loop: a DynamoDB request of up to 16 MB (BatchWriteItem of 25
 * items of 400 KB) costs tens of milliseconds of UTF-8 decoding and `JSON.parse`, during which the server's only
 * thread could answer nothing. Bodies of at least OFF_THREAD_BYTES are decoded by one worker thread (started on
 * first use, not keeping the process alive) and come back as the same value `JSON.parse` would give (structured
 * clone keeps own `__proto__` members, as `JSON.parse` makes them); receiving that value costs the thread a fraction
 * of decoding it. A body the worker cannot decode (malformed JSON) resolves `undefined`, and the caller decodes it
 * itself to report the error exactly as for a small body.
 */
import { Worker } from 'node:worker_threads';

/** Bodies at least this large are decoded off the thread; smaller ones cost less than the round trip saves. */
export const OFF_THREAD_BYTES = 1024 * 1024;

/** The worker: decode each body sent (UTF-8, as Buffer#toString), answer the value or that it could not. */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, bytes }) => {
  let value;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    parentPort.postMessage({ id, ok: false });
    return;
  }
  parentPort.postMessage({ id, ok: true, value });
});
`;

interface Pending { resolve(value: { ok: boolean; value?: unknown }): void }

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

/** The worker, started on first use; a worker that failed or exited is replaced by the next call. */
function decoder(): Worker {
  if (worker !== undefined) return worker;
  const w = new Worker(WORKER, { eval: true });
  w.on('message', (m: { id: number; ok: boolean; value?: unknown }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    p?.resolve(m);
  });
  const gone = (): void => {
    if (worker === w) worker = undefined;
    // Whatever was in flight is decoded by the caller instead.
    for (const p of pending.values()) p.resolve({ ok: false });
    pending.clear();
  };
  w.on('error', gone);
  w.on('exit', gone);
  // After the listeners (adding a 'message' listener refs the worker again): it never keeps the process alive.
  w.unref();
  worker = w;
  return w;
}

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
      decoder().postMessage({ id, bytes });
    } catch {
      pending.delete(id);
      resolve(undefined);
    }
  });
}
