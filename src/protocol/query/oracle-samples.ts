/**
 * @module Test support for the SDK oracle tests of both Query dialects: a fully populated value for any shape
 * of a model, and a normaliser so SDK objects and our parsed objects compare as plain data.
 */
import type { ServiceModel } from '../../specs/service-model.js';

export const FIXED_TIME = '2024-05-01T12:34:56.000Z';

/** A value for every member of a shape, bounded in depth (`maxDepth`); `forSdk` makes timestamps Dates. */
export function sample(model: ServiceModel, name: string, forSdk: boolean, depth: number, seed: string, maxDepth = 5): unknown {
  const shape = model.shapes[name]!;
  switch (shape.type) {
    case 'structure': {
      if (depth > maxDepth) return undefined;
      const out: Record<string, unknown> = {};
      for (const [m, spec] of Object.entries(shape.members)) {
        const v = sample(model, spec.shape, forSdk, depth + 1, `${seed}.${m}`, maxDepth);
        if (v !== undefined) out[m] = v;
      }
      return out;
    }
    case 'list': {
      if (depth > maxDepth) return undefined;
      const items = [0, 1].map((i) => sample(model, shape.member, forSdk, depth + 1, `${seed}[${i}]`, maxDepth)).filter((v) => v !== undefined);
      return items.length > 0 ? items : undefined;
    }
    case 'map': {
      if (depth > maxDepth) return undefined;
      const out: Record<string, unknown> = {};
      for (const k of ['k1', 'k 2']) {
        const v = sample(model, shape.value, forSdk, depth + 1, `${seed}{${k}}`, maxDepth);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case 'string':
      if (shape.enum && shape.enum.length > 0) return shape.enum[seed.length % shape.enum.length];
      return `v${seed.length} & <x> é+%/ ${seed.slice(-12)}`;
    case 'integer':
    case 'long':
      return shape.min ?? 7;
    case 'float':
    case 'double':
      return shape.min ?? 7.5;
    case 'blob':
      return forSdk ? new Uint8Array(Buffer.from(seed)) : Buffer.from(seed).toString('base64');
    case 'boolean':
      return seed.length % 2 === 0;
    case 'timestamp':
      return forSdk ? new Date(FIXED_TIME) : FIXED_TIME;
  }
}

/** Dates to ISO text and drop SDK metadata, so both sides compare as plain data. */
export function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '$metadata' && x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}
