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
  // Describe calls format the same creation times over and over; a small cache saves most Date work.
  let text = ISO_CACHE.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (ISO_CACHE.size >= 4096) ISO_CACHE.clear();
    ISO_CACHE.set(ms, text);
  }
  return text;
}

const ISO_CACHE = new Map<number, string>();
