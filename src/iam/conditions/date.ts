/** @module Date condition operators: ISO 8601 (W3C profile) or epoch seconds, compared as instants. */
import type { CompareMode } from './operator.js';
import { compareByMode, describeValues, type CompiledValues } from './values.js';

// W3C profile of ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, and date-times with minutes, seconds, fractions and a zone.
const W3C = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const EPOCH = /^\d+(\.\d+)?$/;

/** Milliseconds since the epoch; undefined when the text is neither format. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  // AWS: "You must specify date/time values with one of the W3C implementations of the ISO 8601
  // date formats or in epoch (UNIX) time" (condition operators page, Date operators).
  if (EPOCH.test(t)) return Number(t) * 1000;
  if (!W3C.test(t)) return undefined;
  const ms = Date.parse(t.length === 4 ? `${t}-01-01T00:00:00Z` : t.length === 7 ? `${t}-01T00:00:00Z` : t.length === 10 ? `${t}T00:00:00Z` : t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Compile date values; wildcards are not permitted and every value must parse. */
export function compileDateValues(values: readonly string[], mode: CompareMode): CompiledValues | { error: string } {
  const times: number[] = [];
  for (const v of values) {
    const ms = parseDate(v);
    if (ms === undefined) return { error: `${JSON.stringify(v)} is not an ISO 8601 date or epoch time` };
    times.push(ms);
  }
  return {
    describe: describeValues(values),
    test: (v) => {
      const ms = parseDate(v);
      return ms !== undefined && times.some((p) => compareByMode(mode, ms, p));
    },
  };
}
