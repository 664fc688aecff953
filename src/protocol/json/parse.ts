/**
 * @module JSON-protocol request parser: `JSON.parse`, then one walk of the operation's input shape that checks
 * JSON types (a wrong type is a SerializationException, as the AWS JSON deserializers raise) and the model's
 * constraints (required, enum, length, range, pattern: collected into one ValidationException-style report).
 * Validators are compiled once per shape into closures; the parsed value is returned as is (blobs stay base64).
 */
import type { JsonServiceModel, JsonShapeSpec } from '../../specs/dynamodb-model.js';
import type { JsonDialect } from './dialect.js';

type Check = (value: unknown, path: string, out: Issues) => void;

interface Issues {
  readonly constraints: string[];
  serialization?: string;
}

/** A compiled input parser for one model and dialect. */
export class JsonInputParser {
  readonly #checks = new Map<string, Check>();

  constructor(private readonly model: JsonServiceModel, private readonly dialect: JsonDialect) {}

  /** Parse and validate the body of `operation`; throws the dialect's SerializationException or constraint error. */
  parse(operation: string, body: Buffer | string): Record<string, unknown> {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    let value: unknown;
    if (text.trim() === '') value = {};
    else {
      try { value = JSON.parse(text); } catch { throw this.dialect.serialization('Start of structure or map found where not expected.'); }
    }
    return this.parseDecoded(operation, value);
  }

  /** Validate a body already decoded by `JSON.parse` (elsewhere: a large body is decoded off the event loop). */
  parseDecoded(operation: string, value: unknown): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.dialect.serialization('Start of structure or map found where not expected.');
    const input = this.model.operations[operation]?.input;
    if (!input) return value as Record<string, unknown>;
    const issues: Issues = { constraints: [] };
    this.check(input)(value, '', issues);
    if (issues.serialization !== undefined) throw this.dialect.serialization(issues.serialization);
    if (issues.constraints.length > 0) throw this.dialect.constraints(issues.constraints);
    return value as Record<string, unknown>;
  }

  /** Whether null items of this shape are left to the handlers (the dialect's `nullableItems`). */
  nullable(name: string): boolean {
    return this.dialect.nullableItems?.has(name) ?? false;
  }

  /** The compiled check of a shape (recursive shapes resolve lazily). */
  check(name: string): Check {
    const known = this.#checks.get(name);
    if (known) return known;
    let compiled: Check | undefined;
    const lazy: Check = (v, p, o) => (compiled ??= compile(this, name, shapeOf(this.model, name)))(v, p, o);
    this.#checks.set(name, lazy);
    return lazy;
  }
}

function shapeOf(model: JsonServiceModel, name: string): JsonShapeSpec {
  const s = model.shapes[name];
  if (!s) throw new Error(`shape ${name} missing from the model`);
  return s;
}

/** DynamoDB names members in lower camel case in its messages (`tableName`, `keySchema.1.member.keyType`). */
function lowerFirst(s: string): string {
  return s.length > 0 && /^[A-Z]/.test(s) && !/^[A-Z]+$/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Java's rendering of a value in a constraint message. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(renderValue).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${renderValue(x)}`).join(', ')}}`;
  return String(v);
}

function jsonToken(v: unknown): string {
  if (typeof v === 'string') return 'STRING_VALUE';
  if (typeof v === 'number') return 'NUMBER_VALUE';
  if (typeof v === 'boolean') return v ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'VALUE';
}

function wrongType(v: unknown, expected: string): string {
  if (Array.isArray(v)) return 'Start of list found where not expected';
  if (typeof v === 'object' && v !== null) return 'Start of structure or map found where not expected.';
  return `${jsonToken(v)} cannot be converted to ${expected}`;
}

function fail(o: Issues, v: unknown, path: string, constraint: string): void {
  const shown = v === null || v === undefined ? 'null' : `'${renderValue(v)}'`;
  o.constraints.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
}

function lengthChecks(min: number | undefined, max: number | undefined): (len: number, v: unknown, path: string, o: Issues) => void {
  return (len, v, path, o) => {
    if (min !== undefined && len < min) fail(o, v, path, `Member must have length greater than or equal to ${min}`);
    if (max !== undefined && len > max) fail(o, v, path, `Member must have length less than or equal to ${max}`);
  };
}

function compile(parser: JsonInputParser, _name: string, shape: JsonShapeSpec): Check {
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members).map(([m, spec]) => ({ m, label: lowerFirst(m), check: parser.check(spec.shape) }));
      const required = new Set(shape.required ?? []);
      return (v, path, o) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) { o.serialization ??= wrongType(v, 'Structure'); return; }
        const obj = v as Record<string, unknown>;
        for (const { m, label, check } of members) {
          const x = obj[m];
          const at = path ? `${path}.${label}` : label;
          if (x === undefined || x === null) {
            if (required.has(m)) fail(o, null, at, 'Member must not be null');
            // AWS: the JSON protocol reads a member set to null as absent; handlers never see the null.
            if (x === null) delete obj[m];
            continue;
          }
          check(x, at, o);
        }
      };
    }
    case 'list': {
      const item = parser.check(shape.member);
      const itemNullable = parser.nullable(shape.member);
      const len = lengthChecks(shape.min, shape.max);
      return (v, path, o) => {
        if (!Array.isArray(v)) { o.serialization ??= wrongType(v, 'List'); return; }
        len(v.length, v, path, o);
        for (let i = 0; i < v.length; i++) {
          if (v[i] !== null && v[i] !== undefined) item(v[i], `${path}.${i + 1}.member`, o);
          // AWS: a null list item is a constraint failure, not an absent one (the handlers would read into it).
          else if (!itemNullable) fail(o, null, `${path}.${i + 1}.member`, 'Member must not be null');
        }
      };
    }
    case 'map': {
      const key = parser.check(shape.key);
      const value = parser.check(shape.value);
      const valueNullable = parser.nullable(shape.value);
      const len = lengthChecks(shape.min, shape.max);
      return (v, path, o) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) { o.serialization ??= wrongType(v, 'Map'); return; }
        const entries = Object.entries(v);
        len(entries.length, v, path, o);
        for (const [k, x] of entries) {
          key(k, path, o);
          if (x !== null && x !== undefined) value(x, `${path}.${k}.member`, o);
          else if (!valueNullable) fail(o, null, `${path}.${k}.member`, 'Member must not be null');
        }
      };
    }
    case 'string': {
      const values = shape.enum ? new Set(shape.enum) : undefined;
      const listed = shape.enum ? `[${shape.enum.join(', ')}]` : '';
      const pattern = shape.pattern !== undefined ? new RegExp(`^(?:${shape.pattern})$`, 'u') : undefined;
      const len = lengthChecks(shape.min, shape.max);
      return (v, path, o) => {
        if (typeof v !== 'string') { o.serialization ??= wrongType(v, 'String'); return; }
        if (values && !values.has(v)) fail(o, v, path, `Member must satisfy enum value set: ${listed}`);
        len(v.length, v, path, o);
        if (pattern && !pattern.test(v)) fail(o, v, path, `Member must satisfy regular expression pattern: ${shape.pattern ?? ''}`);
      };
    }
    case 'blob': {
      return (v, _path, o) => { if (typeof v !== 'string') o.serialization ??= wrongType(v, 'Blob'); };
    }
    case 'integer': case 'long': case 'double': case 'float': {
      const integral = shape.type === 'integer' || shape.type === 'long';
      const typeName = shape.type === 'integer' ? 'Integer' : shape.type === 'long' ? 'Long' : 'Double';
      return (v, path, o) => {
        if (typeof v !== 'number' || (integral && !Number.isInteger(v))) { o.serialization ??= wrongType(v, typeName); return; }
        if (shape.min !== undefined && v < shape.min) fail(o, v, path, `Member must have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && v > shape.max) fail(o, v, path, `Member must have value less than or equal to ${shape.max}`);
      };
    }
    case 'boolean':
      return (v, _path, o) => { if (typeof v !== 'boolean') o.serialization ??= wrongType(v, 'Boolean'); };
    case 'timestamp':
      return (v, _path, o) => { if (typeof v !== 'number' && typeof v !== 'string') o.serialization ??= wrongType(v, 'Timestamp'); };
  }
}
