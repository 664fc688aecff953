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

/** Resolves on a later turn of the event loop, once pending I/O (requests that arrived meanwhile) has run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
