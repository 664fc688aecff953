/** @module What every condition family compiles its policy values into. */
import type { VariableLookup } from '../variables.js';
import type { CompareMode } from './operator.js';

/** Policy values of one condition, compiled: `test` says whether one request value matches any of them. */
export interface CompiledValues {
  readonly describe: string;
  readonly test: (requestValue: string, lookup: VariableLookup) => boolean;
}

/** A family compiler: policy values to a matcher, or the reason they are invalid. */
export type ValueCompiler = (values: readonly string[], mode: CompareMode, substitute: boolean) => CompiledValues | { readonly error: string };

/** Render values for explanations: `"a"` or `["a", "b"]`. */
export function describeValues(values: readonly string[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
}

/** Compare two numbers by a mode. */
export function compareByMode(mode: CompareMode, left: number, right: number): boolean {
  switch (mode) {
    case 'eq': return left === right;
    case 'lt': return left < right;
    case 'le': return left <= right;
    case 'gt': return left > right;
    case 'ge': return left >= right;
    default: return false;
  }
}
