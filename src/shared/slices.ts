/**
 * @module Long work in bounded slices: a request whose work can take long on the server's only thread (1,000
 * S3 deletes, 25 large DynamoDB items) does it in slices of at most SLICE_MS and lets the event loop run between
 * them, so a health check or a small request that arrived meanwhile is answered in milliseconds instead of waiting
 * for the whole request. Only work whose AWS semantics are per element (each key, each item) is sliced; what AWS
 * makes atomic stays in one synchronous step.
 */

/** Milliseconds of work a slice runs before the thread is offered to other requests. */
export const SLICE_MS = 10;

let budget = SLICE_MS;

/**
 * Set the slice length of work started from now on (tests set 0: every element its own slice, so what other
 * requests see between slices is observable whatever the machine's speed). Returns the previous length.
 */
export function setSliceMs(ms: number): number {
  const previous = budget;
  budget = ms;
  return previous;
}

/** Work waiting for its turn, first come first served. */
const waiting: (() => void)[] = [];
let pumping = false;

/** Resume one waiting piece of work per turn of the event loop, after that turn's I/O (health checks) ran. */
function pump(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(pump);
  else pumping = false;
}

/**
 * Resolves on a later turn of the event loop, once pending I/O (requests that arrived meanwhile) has run. The
 * waits of all requests share one queue and one is resumed per turn: sixteen long requests in flight add one
 * slice, not sixteen, to the time a health check waits.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

let servedThisTurn = false;
const newTurn = (): void => { servedThisTurn = false; };

/**
 * Whether a request must wait its turn (`nextTurn`) before it is served: the first of a turn of the event loop with
 * nothing waiting runs at once (a lone client never waits); the others queue, so a turn serves one request or one
 * slice besides its I/O, and a health check arriving behind sixteen busy clients waits one of them, not sixteen.
 */
export function mustWaitTurn(): boolean {
  if (servedThisTurn || waiting.length > 0) return true;
  servedThisTurn = true;
  setImmediate(newTurn);
  return false;
}

/** The clock of one request's slices: `due()` once the current slice has run SLICE_MS; `yield()` starts the next. */
export class Slices {
  private started = performance.now();
  /** How many times the work gave the thread away (tests observe that a long request did). */
  yields = 0;

  constructor(private readonly budgetMs: number = budget) {}

  due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  async yield(): Promise<void> {
    await nextTurn();
    this.yields++;
    this.started = performance.now();
  }
}

/** Background work that `workInTurns` runs a slice at a time. */
export interface TurnWork {
  /** Whether there is work left. */
  pending(): boolean;
  /** Do one bounded slice of it (one transaction); throws when it cannot be done now (a full disk). */
  slice(): void;
  /** What to report the first time a slice fails (once until one succeeds again). */
  refused(e: Error): string;
  /** What to report when a slice succeeds after failures. */
  readonly resumed: string;
}

/**
 * Run background work (folding a journal, purging a deleted table) a slice per turn of the event loop, each slice
 * taking its turn like a request's (`nextTurn`), while `pending()` says there is more. A slice that fails is tried
 * again `retryMs` later. `kick()` starts the work unless it runs already; `stop()` ends it for good (a store that
 * closes), before its next slice.
 */
export function workInTurns(work: TurnWork, retryMs = 1000): { kick(): void; stop(): void } {
  let running = false;
  let stopped = false;
  let refused = false;
  const run = async (): Promise<void> => {
    running = true;
    try {
      while (!stopped && work.pending()) {
        await nextTurn();
        if (stopped) return;
        try {
          work.slice();
          if (refused) console.error(work.resumed);
          refused = false;
        } catch (e) {
          if (!refused) console.error(work.refused(e as Error));
          refused = true;
          await new Promise<void>((resolve) => { setTimeout(resolve, retryMs).unref(); });
        }
      }
    } finally {
      running = false;
    }
  };
  return {
    kick: () => { if (!running && !stopped) void run(); },
    stop: () => { stopped = true; },
  };
}
