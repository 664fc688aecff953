/** @module The Null condition operator: "true" means the key is absent, "false" that it is present. */
import { describeValues } from './values.js';

/** The presence each value asks for: true = key must be absent. */
export function compileNullValues(values: readonly string[]): { describe: string; expectAbsent: readonly boolean[] } | { error: string } {
  const expectAbsent: boolean[] = [];
  for (const v of values) {
    const lower = v.toLowerCase();
    if (lower !== 'true' && lower !== 'false') return { error: `Null takes true or false, not ${JSON.stringify(v)}` };
    expectAbsent.push(lower === 'true');
  }
  return { describe: describeValues(values), expectAbsent };
}
