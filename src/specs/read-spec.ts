/** @module Read a spec JSON beside this folder's sources (the JSON stays data, read on first use, not imported). */
import { readFileSync } from 'node:fs';

/** Every top-level key the spec files in this folder have (a key a file lacks reads as absent once loaded). */
const KEYS = ['meta', 'operations', 'shapes', 'errors', 'waiters', '_source', 'package', '_v2Rows', 'resourceTypes'] as const;

/**
 * `src/specs/<file>` (resolved from `dist/src/specs/` at run time), parsed on the first read of any of its
 * top-level properties. The files are large (ec2.json alone ~0.5 MB) and a process that never serves a
 * service need not pay for its model at start-up. After the first read the properties are plain data.
 */
export function readSpec<T>(file: string): T {
  const target: Record<string, unknown> = {};
  const load = (): void => {
    const parsed = JSON.parse(readFileSync(new URL(`../../../src/specs/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
    for (const key of KEYS) delete target[key];
    Object.assign(target, parsed);
  };
  for (const key of KEYS) {
    Object.defineProperty(target, key, { configurable: true, enumerable: true, get: () => { load(); return target[key]; } });
  }
  return target as T;
}
