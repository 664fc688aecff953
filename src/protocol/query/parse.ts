/**
 * @module Query request parser, shared by EC2 and plain Query: walks an operation's input shape over the flat
 * form parameters. Member keys come precomputed from the spec (`q`, else the member name); the dialect says
 * how list and map items are keyed and which errors a bad value raises.
 */
import type { ServiceModel, ShapeSpec } from '../../specs/service-model.js';
import type { QueryDialect } from './dialect.js';
import { hasXmlIllegal } from '../xml-chars.js';

/** Flat request parameters (body and query string merged). */
export type Params = ReadonlyMap<string, string>;

/** Decode a form body (`+` is a space) and the URL's query string into one map. */
export function decodeForm(body: string, query = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (query) decodeInto(query, out);
  if (body) decodeInto(body, out);
  return out;
}

/**
 * `application/x-www-form-urlencoded` parsing as URLSearchParams does it, without its object and iterator per
 * request: a part without `%` or `+` is taken as it is; one with them is decoded, and a source with a malformed
 * escape (which URLSearchParams keeps as written, and decodeURIComponent refuses) is left to URLSearchParams.
 */
function decodeInto(source: string, out: Map<string, string>): void {
  const pairs: [string, string][] = [];
  // URLSearchParams drops one leading `?`.
  let at = source.charCodeAt(0) === 0x3f ? 1 : 0;
  try {
    while (at <= source.length) {
      let end = source.indexOf('&', at);
      if (end < 0) end = source.length;
      if (end > at) {
        const eq = source.indexOf('=', at);
        const split = eq >= 0 && eq < end;
        pairs.push([formPart(source, at, split ? eq : end), split ? formPart(source, eq + 1, end) : '']);
      }
      at = end + 1;
    }
  } catch {
    for (const [k, v] of new URLSearchParams(source)) out.set(k, v);
    return;
  }
  for (const [k, v] of pairs) out.set(k, v);
}

function formPart(source: string, from: number, to: number): string {
  const raw = source.slice(from, to);
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

interface Walk {
  readonly model: ServiceModel;
  readonly params: Params;
  /** Every dotted prefix of a request key, with the segments that follow it (`Filter.1.Name` gives `Filter` -> {1}, `Filter.1` -> {Name}). */
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly dialect: QueryDialect;
}

/**
 * Index the request keys by prefix once, so that finding a list's items or whether a structure is present is a
 * lookup rather than a scan of every key (a scan per item made a 16,000-item list quadratic).
 */
function childrenOf(keys: Iterable<string>): Map<string, string[]> {
  // Arrays, not sets: a segment repeats (`Filter.1.Name`, `Filter.1.Value.1` both give `Filter` -> 1) and readers
  // dedupe, but one small Set per prefix made the garbage collector the largest cost of a 100,000-key request.
  const out = new Map<string, string[]>();
  for (const key of keys) {
    let dot = key.indexOf('.');
    while (dot >= 0) {
      const parent = key.slice(0, dot);
      const next = key.indexOf('.', dot + 1);
      const segment = key.slice(dot + 1, next < 0 ? key.length : next);
      const list = out.get(parent);
      if (list === undefined) out.set(parent, [segment]);
      else if (list[list.length - 1] !== segment) list.push(segment);
      dot = next;
    }
  }
  return out;
}

/** Parse the input of `shapeName` from `params` in a dialect. */
export function parseQueryInput(model: ServiceModel, shapeName: string, params: Params, dialect: QueryDialect): Record<string, unknown> {
  const w: Walk = { model, params, children: childrenOf(params.keys()), dialect };
  return parseStructure(w, shapeName, '') ?? {};
}


function shapeOf(model: ServiceModel, name: string): ShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the model`);
  return s;
}

function parseStructure(w: Walk, name: string, prefix: string): Record<string, unknown> | undefined {
  const shape = shapeOf(w.model, name);
  if (shape.type !== 'structure') throw new Error(`${name} is not a structure`);
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [member, spec] of Object.entries(shape.members)) {
    const value = parseValue(w, spec.shape, prefix + (spec.q ?? member));
    if (value !== undefined) { out[member] = value; any = true; }
  }
  for (const req of shape.required ?? []) {
    if (out[req] === undefined) throw w.dialect.missingParameter(prefix + (shape.members[req]?.q ?? req));
  }
  return any || prefix === '' ? out : undefined;
}

/** The 1-based indices N present under `<prefix>.N`, ascending (sparse indices allowed). */
function indicesUnder(w: Walk, prefix: string): number[] {
  const indices = new Set<number>();
  for (const segment of w.children.get(prefix) ?? []) {
    const n = Number(segment);
    if (Number.isInteger(n) && n >= 1) indices.add(n);
  }
  return [...indices].sort((a, b) => a - b);
}

function parseValue(w: Walk, shapeName: string, key: string): unknown {
  const shape = shapeOf(w.model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!w.children.has(key)) return undefined;
      return parseStructure(w, shapeName, `${key}.`);
    }
    case 'list': {
      const itemPrefix = w.dialect.listItemPrefix(key, shape);
      const indices = indicesUnder(w, itemPrefix);
      // Plain Query sends `Key=` for an empty list (botocore); EC2 omits empty lists.
      if (indices.length === 0) return itemPrefix !== key && w.params.get(key) === '' ? [] : undefined;
      const items: unknown[] = [];
      for (const n of indices) {
        const item = parseValue(w, shape.member, `${itemPrefix}.${n}`);
        if (item !== undefined) items.push(item);
      }
      return items;
    }
    case 'map': {
      const entryPrefix = w.dialect.mapEntryPrefix(key, shape);
      const indices = indicesUnder(w, entryPrefix);
      if (indices.length === 0) return undefined;
      const out: Record<string, unknown> = {};
      for (const n of indices) {
        const k = parseValue(w, shape.key, `${entryPrefix}.${n}.key`);
        const v = parseValue(w, shape.value, `${entryPrefix}.${n}.value`);
        if (typeof k === 'string' && v !== undefined) out[k] = v;
      }
      return out;
    }
    case 'string': {
      const raw = w.params.get(key);
      if (raw === undefined) return undefined;
      // AWS: a value no XML response could carry is refused rather than stored and echoed into broken documents.
      if (hasXmlIllegal(raw)) throw w.dialect.invalidValue(key, raw, { kind: 'characters' });
      if (shape.enum && !shape.enum.includes(raw)) {
        const canonical = w.dialect.enumValue?.(shapeName, raw);
        if (canonical === undefined || !shape.enum.includes(canonical)) throw w.dialect.invalidValue(key, raw, { kind: 'enum', values: shape.enum });
        return canonical;
      }
      return raw;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const raw = w.params.get(key);
      if (raw === undefined) return undefined;
      const integral = shape.type === 'integer' || shape.type === 'long';
      const n = Number(raw.trim());
      const ok = integral ? /^-?\d+$/.test(raw.trim()) : raw.trim() !== '' && Number.isFinite(n);
      if (!ok) throw w.dialect.invalidValue(key, raw, { kind: 'type', expected: integral ? 'integer' : 'double' });
      if (shape.min !== undefined && n < shape.min) throw w.dialect.invalidValue(key, raw, { kind: 'min', bound: shape.min });
      if (shape.max !== undefined && n > shape.max) throw w.dialect.invalidValue(key, raw, { kind: 'max', bound: shape.max });
      return n;
    }
    case 'blob':
      return w.params.get(key);
    case 'boolean': {
      const raw = w.params.get(key);
      if (raw === undefined) return undefined;
      const lower = raw.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw w.dialect.invalidValue(key, raw, { kind: 'type', expected: 'boolean' });
      return lower === 'true';
    }
    case 'timestamp': {
      const raw = w.params.get(key);
      if (raw === undefined) return undefined;
      const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (Number.isNaN(ms)) throw w.dialect.invalidValue(key, raw, { kind: 'type', expected: 'timestamp' });
      return new Date(ms).toISOString();
    }
  }
}
