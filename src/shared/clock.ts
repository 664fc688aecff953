/** @module The injected clock: model code reads time only through it. */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told, for tests. */
export function fixedClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

/** ISO-8601 with milliseconds and `Z`, as EC2 prints timestamps. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
