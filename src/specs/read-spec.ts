/** @module Read a spec JSON beside this folder's sources (the JSON stays data, read once at start, not imported). */
import { readFileSync } from 'node:fs';

/** Parse `src/specs/<file>` (resolved from `dist/src/specs/` at run time). */
export function readSpec<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../../src/specs/${file}`, import.meta.url), 'utf8')) as T;
}
