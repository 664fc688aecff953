/**
 * @module EC2 Query request parser: walks an operation's input shape over the flat form parameters.
 * Keys follow the EC2 rule (queryName, else capitalised locationName, else member name; every list
 * flattened as `Key.N`, 1-based). See ../shared/spec/QUERY-PROTOCOL.md §2.
 */
import type { ServiceModel, ShapeSpec } from '../../specs/service-model.js';
import { ec2Errors } from '../../errors/ec2.js';

/** Flat request parameters (body and query string merged). */
export type Params = ReadonlyMap<string, string>;

/** Decode a form body (`+` is a space) and the URL's query string into one map. */
export function decodeForm(body: string, query = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of [query, body]) {
    if (!source) continue;
    for (const [k, v] of new URLSearchParams(source)) out.set(k, v);
  }
  return out;
}

/**
 * Parse the input of `shapeName` from `params`. Throws `MissingParameter` for an absent required member and
 * `InvalidParameterValue` for a value of the wrong type, out of range or outside its enum.
 */
export function parseInput(model: ServiceModel, shapeName: string, params: Params): Record<string, unknown> {
  const keys = [...params.keys()];
  return parseStructure(model, shapeName, '', params, keys) ?? {};
}

function shapeOf(model: ServiceModel, name: string): ShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the model`);
  return s;
}

function parseStructure(model: ServiceModel, name: string, prefix: string, params: Params, keys: string[]): Record<string, unknown> | undefined {
  const shape = shapeOf(model, name);
  if (shape.type !== 'structure') throw new Error(`${name} is not a structure`);
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [member, spec] of Object.entries(shape.members)) {
    const key = prefix + (spec.q ?? member);
    const value = parseValue(model, spec.shape, key, params, keys);
    if (value !== undefined) { out[member] = value; any = true; }
  }
  for (const req of shape.required ?? []) {
    if (out[req] === undefined) {
      const spec = shape.members[req];
      throw ec2Errors.missingParameter(prefix + (spec?.q ?? req));
    }
  }
  return any || prefix === '' ? out : undefined;
}

function parseValue(model: ServiceModel, shapeName: string, key: string, params: Params, keys: string[]): unknown {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      const dotted = `${key}.`;
      if (!keys.some((k) => k.startsWith(dotted))) return undefined;
      return parseStructure(model, shapeName, dotted, params, keys);
    }
    case 'list': {
      const dotted = `${key}.`;
      const indices = new Set<number>();
      for (const k of keys) {
        if (!k.startsWith(dotted)) continue;
        const rest = k.slice(dotted.length);
        const dot = rest.indexOf('.');
        const n = Number(dot < 0 ? rest : rest.slice(0, dot));
        if (Number.isInteger(n) && n >= 1) indices.add(n);
      }
      if (indices.size === 0) return undefined;
      const items: unknown[] = [];
      for (const n of [...indices].sort((a, b) => a - b)) {
        const item = parseValue(model, shape.member, `${dotted}${n}`, params, keys);
        if (item !== undefined) items.push(item);
      }
      return items;
    }
    case 'string': {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      if (shape.enum && !shape.enum.includes(raw)) {
        throw ec2Errors.invalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. Valid values: ${shape.enum.join(', ')}`);
      }
      return raw;
    }
    case 'integer':
    case 'long': {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      if (!/^-?\d+$/.test(raw.trim())) {
        throw ec2Errors.invalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. Expected an integer.`);
      }
      const n = Number(raw);
      if (shape.min !== undefined && n < shape.min) {
        throw ec2Errors.invalidParameterValue(`Value ( ${raw} ) for parameter ${key} is invalid. Expecting a value greater than or equal to ${shape.min}.`);
      }
      if (shape.max !== undefined && n > shape.max) {
        throw ec2Errors.invalidParameterValue(`Value ( ${raw} ) for parameter ${key} is invalid. Expecting a value less than or equal to ${shape.max}.`);
      }
      return n;
    }
    case 'boolean': {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      const lower = raw.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        throw ec2Errors.invalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. Expected: 'true' or 'false'.`);
      }
      return lower === 'true';
    }
    case 'timestamp': {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (Number.isNaN(ms)) throw ec2Errors.invalidParameterValue(`Value (${raw}) for parameter ${key} is invalid. Expected an ISO-8601 timestamp.`);
      return new Date(ms).toISOString();
    }
  }
}
