/** @module Numeric condition operators: NumericEquals, NumericLessThan, ... compared as decimal numbers. */
import type { CompareMode } from './operator.js';
import { compareByMode, describeValues, type CompiledValues } from './values.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parse an integer or decimal; undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

/** Compile numeric values; an error names the first value that is not a number. */
export function compileNumericValues(values: readonly string[], mode: CompareMode): CompiledValues | { error: string } {
  const nums: number[] = [];
  for (const v of values) {
    const n = parseNumber(v);
    if (n === undefined) return { error: `${JSON.stringify(v)} is not a number` };
    nums.push(n);
  }
  return {
    describe: describeValues(values),
    test: (v) => {
      const n = parseNumber(v);
      // A request value that is not a number matches nothing.
      return n !== undefined && nums.some((p) => compareByMode(mode, n, p));
    },
  };
}
