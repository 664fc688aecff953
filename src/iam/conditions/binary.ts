/** @module The BinaryEquals condition operator: base-64 values compared byte for byte. */
import { describeValues, type CompiledValues } from './values.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(text: string): string | undefined {
  const t = text.trim();
  if (!BASE64.test(t) || t.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64').toString('hex');
}

/** Compile base-64 policy values; the request value is base-64 too (the context is text). */
export function compileBinaryValues(values: readonly string[]): CompiledValues | { error: string } {
  const wanted = new Set<string>();
  for (const v of values) {
    const bytes = decode(v);
    if (bytes === undefined) return { error: `${JSON.stringify(v)} is not base-64` };
    wanted.add(bytes);
  }
  return {
    describe: describeValues(values),
    test: (v) => { const bytes = decode(v); return bytes !== undefined && wanted.has(bytes); },
  };
}
