/**
 * @module DynamoDB attribute values as they travel on the wire (`{"S":"x"}`, `{"N":"1"}`, base64 `B`...):
 * validation and normalisation (DynamoDB's messages, the 32-level nesting limit), item size (AWS: "Item sizes
 * and formats"), equality and ordering (strings and binaries by UTF-8 bytes / unsigned bytes, numbers
 * numerically). Attribute maps are read by own property only and built without a prototype, so names such as
 * `__proto__` or `constructor` are attributes like any other.
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { canonicalNumber, compareNumbers } from './numbers.js';

export type AttributeValue =
  | { readonly S: string } | { readonly N: string } | { readonly B: string }
  | { readonly SS: readonly string[] } | { readonly NS: readonly string[] } | { readonly BS: readonly string[] }
  | { readonly M: Readonly<Record<string, AttributeValue>> } | { readonly L: readonly AttributeValue[] }
  | { readonly NULL: true } | { readonly BOOL: boolean };

export type Item = Readonly<Record<string, AttributeValue>>;

export const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** AWS: the maximum item size is 400 KB, names and values included. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** AWS ("Quotas in DynamoDB", nested attribute depth): 32 levels; a top-level value is level 1, each M or L adds one. */
export const MAX_NESTING = 32;

/** DynamoDB's refusal of a value nested deeper than {@link MAX_NESTING} levels. */
export function nestingExceeded(): Error {
  return dynamoDbErrors.validation('Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit');
}

/** An empty attribute map without a prototype: assigning `__proto__` makes an entry, not a prototype change. */
export function newMap(): Record<string, AttributeValue> {
  return Object.create(null) as Record<string, AttributeValue>;
}

/** The attribute `name` of a map (an item or an M payload), own entries only: `constructor` is not inherited. */
export function attributeOf(map: Readonly<Record<string, AttributeValue>>, name: string): AttributeValue | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}

/** The nesting depth of a value (a scalar or an empty container is 1). Values are bounded by validation. */
export function nestingOf(v: AttributeValue): number {
  let deepest = 0;
  if ('M' in v) for (const k in v.M) deepest = Math.max(deepest, nestingOf(v.M[k]!));
  else if ('L' in v) for (const x of v.L) deepest = Math.max(deepest, nestingOf(x));
  return 1 + deepest;
}

/** The type tag of a (valid) value. */
export function typeOf(v: AttributeValue): AttributeType {
  for (const k in v) return k as AttributeType;
  throw new Error('empty attribute value');
}

/** The payload of a value, whatever its type. */
export function payload(v: AttributeValue): unknown {
  return (v as Record<string, unknown>)[typeOf(v)];
}

const SET_NAMES: Readonly<Record<string, string>> = { SS: 'string', NS: 'number', BS: 'binary' };

function invalid(message: string): never {
  throw dynamoDbErrors.validation(`One or more parameter values were invalid: ${message}`);
}

function canonicalBinary(b64: string): string {
  return Buffer.from(b64, 'base64').toString('base64');
}

/**
 * Validate a value from a request and return it normalised (numbers canonical, binaries re-encoded). `level` is
 * the value's nesting level (1 for an attribute of an item). A value already in normal form is returned as is:
 * request values are never mutated, so sharing them saves a copy of every attribute.
 * The protocol walker already checked JSON types; this checks what the model cannot say.
 */
export function normalizeValue(raw: unknown, level = 1): AttributeValue {
  const obj = raw as Record<string, unknown>;
  let tag: string | undefined;
  let count = 0;
  let keys = 0;
  for (const k in obj) {
    keys++;
    if (obj[k] !== undefined && obj[k] !== null) { tag = k; count++; }
  }
  if (count === 0 || tag === undefined || !(ATTRIBUTE_TYPES as readonly string[]).includes(tag)) {
    throw dynamoDbErrors.validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  if (count > 1) throw dynamoDbErrors.validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  // A raw value with null members beside its type (`{"S":"x","N":null}`) is rebuilt without them.
  const same = keys === 1;
  const p = obj[tag];
  switch (tag as AttributeType) {
    case 'S': return same ? (obj as AttributeValue) : { S: p as string };
    case 'N': {
      const n = canonicalNumber(p as string);
      return same && n === p ? (obj as AttributeValue) : { N: n };
    }
    case 'B': {
      const b = canonicalBinary(p as string);
      return same && b === p ? (obj as AttributeValue) : { B: b };
    }
    case 'BOOL': return same ? (obj as AttributeValue) : { BOOL: p as boolean };
    case 'NULL':
      if (p !== true) invalid('Null attribute value types must have the value of true');
      return same ? (obj as AttributeValue) : { NULL: true };
    case 'SS': case 'NS': case 'BS': {
      const items = p as string[];
      // AWS: sets cannot be empty and hold no duplicates.
      if (items.length === 0) invalid(`An ${SET_NAMES[tag]} set  may not be empty`);
      const norm = tag === 'NS' ? items.map(canonicalNumber) : tag === 'BS' ? items.map(canonicalBinary) : items;
      if (new Set(norm).size !== norm.length) invalid(`Input collection [${items.join(', ')}] contains duplicates.`);
      if (same && norm.every((x, i) => x === items[i])) return obj as AttributeValue;
      return tag === 'SS' ? { SS: norm } : tag === 'NS' ? { NS: norm } : { BS: norm };
    }
    case 'M': {
      const m = p as Record<string, unknown>;
      const names = Object.keys(m);
      if (names.length > 0 && level >= MAX_NESTING) throw nestingExceeded();
      let out: Record<string, AttributeValue> | undefined;
      for (let i = 0; i < names.length; i++) {
        const k = names[i]!;
        const x = m[k];
        const v = normalizeValue(x, level + 1);
        if (v !== x && !out) {
          out = newMap();
          for (let j = 0; j < i; j++) out[names[j]!] = m[names[j]!] as AttributeValue;
        }
        if (out) out[k] = v;
      }
      return same && !out ? (obj as AttributeValue) : { M: out ?? (m as Record<string, AttributeValue>) };
    }
    case 'L': {
      const list = p as unknown[];
      if (list.length > 0 && level >= MAX_NESTING) throw nestingExceeded();
      let out: AttributeValue[] | undefined;
      for (let i = 0; i < list.length; i++) {
        const v = normalizeValue(list[i], level + 1);
        if (v !== list[i] && !out) out = list.slice(0, i) as AttributeValue[];
        if (out) out.push(v);
      }
      return same && !out ? (obj as AttributeValue) : { L: out ?? (list as AttributeValue[]) };
    }
  }
}

/** Validate and normalise a whole item (a map of attribute values). */
export function normalizeItem(raw: unknown): Record<string, AttributeValue> {
  const out = newMap();
  const obj = (raw ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (k === '') invalid('An AttributeValue may not contain an empty attribute name');
    out[k] = normalizeValue(obj[k]);
  }
  return out;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** AWS: a number takes about one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  const digits = n.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length;
  return Math.ceil(digits / 2) + 1;
}

/** The size DynamoDB counts for a value. */
export function valueSize(v: AttributeValue): number {
  const p = payload(v);
  switch (typeOf(v)) {
    case 'S': return utf8Length(p as string);
    case 'N': return numberSize(p as string);
    case 'B': return Buffer.byteLength(p as string, 'base64');
    case 'SS': return (p as string[]).reduce((n, s) => n + utf8Length(s), 0);
    case 'NS': return (p as string[]).reduce((n, s) => n + numberSize(s), 0);
    case 'BS': return (p as string[]).reduce((n, s) => n + Buffer.byteLength(s, 'base64'), 0);
    case 'NULL': case 'BOOL': return 1;
    case 'L': return 3 + (p as AttributeValue[]).reduce((n, x) => n + 1 + valueSize(x), 0);
    case 'M': return 3 + Object.entries(p as Record<string, AttributeValue>).reduce((n, [k, x]) => n + 1 + utf8Length(k) + valueSize(x), 0);
  }
}

/** The size of an item: every attribute name plus its value. */
export function itemSize(item: Item): number {
  let n = 0;
  for (const k in item) n += utf8Length(k) + valueSize(item[k]!);
  return n;
}

/** Unsigned-byte order of two strings' UTF-8 encodings (DynamoDB's string order). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Order of two scalar values of the same type (S, N or B); undefined when they are not comparable. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  const t = typeOf(a);
  if (t !== typeOf(b)) return undefined;
  switch (t) {
    case 'S': return compareUtf8((a as { S: string }).S, (b as { S: string }).S);
    case 'N': return compareNumbers((a as { N: string }).N, (b as { N: string }).N);
    case 'B': return Buffer.compare(Buffer.from((a as { B: string }).B, 'base64'), Buffer.from((b as { B: string }).B, 'base64'));
    default: return undefined;
  }
}

/** Deep equality (sets ignore order). */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  const pa = payload(a);
  const pb = payload(b);
  switch (t) {
    case 'N': return compareNumbers(pa as string, pb as string) === 0;
    case 'SS': case 'NS': case 'BS': {
      const xa = pa as string[];
      const xb = pb as string[];
      if (xa.length !== xb.length) return false;
      const set = new Set(xa);
      return xb.every((x) => set.has(x));
    }
    case 'L': {
      const la = pa as AttributeValue[];
      const lb = pb as AttributeValue[];
      return la.length === lb.length && la.every((x, i) => valuesEqual(x, lb[i]!));
    }
    case 'M': {
      const ma = pa as Record<string, AttributeValue>;
      const mb = pb as Record<string, AttributeValue>;
      const ka = Object.keys(ma);
      return ka.length === Object.keys(mb).length && ka.every((k) => Object.hasOwn(mb, k) && valuesEqual(ma[k]!, mb[k]!));
    }
    default: return pa === pb;
  }
}

/** `{S:x}` as DynamoDB prints a value in messages. */
export function showValue(v: AttributeValue): string {
  return `{${typeOf(v)}:${JSON.stringify(payload(v)).replace(/^"|"$/g, '')}}`;
}
