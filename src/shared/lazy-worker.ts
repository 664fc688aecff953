/**
 * @module One worker thread (source code run with `eval`) started on first use and started anew after it failed or
 * exited. Idle, it never keeps the process alive; its users `ref()` it while they wait for an answer and `unref()`
 * it when nothing is in flight, so whoever awaits one sees it arrive.
 */
import { Worker } from 'node:worker_threads';

/**
 * A getter for the worker. `onMessage` gets each message it sends; `onGone` is called when it fails or exits, after
 * which the next call starts another (what was in flight is the user's to settle).
 */
export function lazyWorker<M>(source: string, workerData: () => unknown, onMessage: (m: M, w: Worker) => void, onGone: () => void): () => Worker {
  let worker: Worker | undefined;
  return () => {
    if (worker !== undefined) return worker;
    const w = new Worker(source, { eval: true, workerData: workerData() });
    w.on('message', (m: M) => onMessage(m, w));
    const gone = (): void => {
      if (worker === w) worker = undefined;
      onGone();
    };
    w.on('error', gone);
    w.on('exit', gone);
    // After the listeners: adding a 'message' listener refs the worker again.
    w.unref();
    worker = w;
    return w;
  };
}
