/**
 * @module Binding parsed expressions to one request's ExpressionAttributeNames and ExpressionAttributeValues:
 * placeholders become names and values, every use is recorded, and DynamoDB's errors for undefined and unused
 * placeholders are raised (AWS: "Expression attribute names", "Expression attribute values").
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import { normalizeValue, type AttributeValue } from '../attribute-value.js';
import type { Condition, ExpressionKind, Operand, Path, Update, UpdateAction } from './ast.js';

/** AWS ("Expression parameters" quotas): a placeholder is at most 255 bytes. */
const MAX_PLACEHOLDER_BYTES = 255;

const MAX_SUBSTITUTION_BYTES = 2 * 1024 * 1024;

/** The bytes of a JSON value's strings and member names (its depth is bounded by the protocol's depth guard). */
function rawSize(x: unknown): number {
  if (typeof x === 'string') return Buffer.byteLength(x, 'utf8');
  if (Array.isArray(x)) return x.reduce((n: number, e) => n + rawSize(e), 0);
  if (x !== null && typeof x === 'object') {
    let n = 0;
    for (const k of Object.keys(x)) n += Buffer.byteLength(k, 'utf8') + rawSize((x as Record<string, unknown>)[k]);
    return n;
  }
  return x === undefined || x === null ? 0 : 1;
}

/** Placeholders must be `#name` / `:value` tokens the expression grammar can spell. */
function checkKeys(param: string, map: Readonly<Record<string, unknown>> | undefined, pattern: RegExp): void {
  for (const key of Object.keys(map ?? {})) {
    if (Buffer.byteLength(key, 'utf8') > MAX_PLACEHOLDER_BYTES) throw dynamoDbErrors.validation(`${param} contains invalid key: The expression attribute map contains a key that is too long`);
    if (!pattern.test(key)) throw dynamoDbErrors.validation(`${param} contains invalid key: Syntax error; key: "${key}"`);
  }
}

export class ExpressionScope {
  readonly #names: Readonly<Record<string, string>>;
  readonly #rawValues: Readonly<Record<string, unknown>>;
  readonly #values = new Map<string, AttributeValue>();
  readonly #usedNames = new Set<string>();
  readonly #usedValues = new Set<string>();

  /** `anyExpression`: whether the request carries at least one expression. */
  constructor(names: Readonly<Record<string, string>> | undefined, values: Readonly<Record<string, unknown>> | undefined, anyExpression: boolean) {
    if (names !== undefined) {
      if (!anyExpression) throw dynamoDbErrors.validation('ExpressionAttributeNames can only be specified when using expressions');
      if (Object.keys(names).length === 0) throw dynamoDbErrors.validation('ExpressionAttributeNames must not be empty');
    }
    if (values !== undefined) {
      if (!anyExpression) throw dynamoDbErrors.validation('ExpressionAttributeValues can only be specified when using expressions');
      if (Object.keys(values).length === 0) throw dynamoDbErrors.validation('ExpressionAttributeValues must not be empty');
    }
    checkKeys('ExpressionAttributeNames', names, /^#[A-Za-z0-9_]+$/);
    checkKeys('ExpressionAttributeValues', values, /^:[A-Za-z0-9_]+$/);
    // AWS ("Expression parameters" quotas): the substitution variables of a request total at most 2 MB.
    if (rawSize(names) + rawSize(values) > MAX_SUBSTITUTION_BYTES) {
      throw dynamoDbErrors.validation('Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size');
    }
    this.#names = names ?? {};
    this.#rawValues = values ?? {};
  }

  path(p: Path, kind: ExpressionKind): Path {
    if (!p.elements.some((e) => typeof e === 'string' && e.startsWith('#'))) return p;
    return {
      kind: 'path',
      elements: p.elements.map((e) => {
        if (typeof e !== 'string' || !e.startsWith('#')) return e;
        const name = Object.hasOwn(this.#names, e) ? this.#names[e] : undefined;
        if (name === undefined) throw dynamoDbErrors.validation(`Invalid ${kind}: An expression attribute name used in the document path is not defined; attribute name: ${e}`);
        this.#usedNames.add(e);
        return name;
      }),
    };
  }

  value(ref: string, kind: ExpressionKind): AttributeValue {
    const known = this.#values.get(ref);
    if (known) { this.#usedValues.add(ref); return known; }
    const raw = Object.hasOwn(this.#rawValues, ref) ? this.#rawValues[ref] : undefined;
    if (raw === undefined || raw === null) throw dynamoDbErrors.validation(`Invalid ${kind}: An expression attribute value used in expression is not defined; attribute value: ${ref}`);
    const v = normalizeValue(raw);
    this.#values.set(ref, v);
    this.#usedValues.add(ref);
    return v;
  }

  operand(o: Operand, kind: ExpressionKind): Operand {
    switch (o.kind) {
      case 'path': return this.path(o, kind);
      case 'ref': return { kind: 'literal', value: this.value(o.name, kind) };
      case 'literal': return o;
      case 'size': return { kind: 'size', path: this.path(o.path, kind) };
      case 'if_not_exists': return { kind: 'if_not_exists', path: this.path(o.path, kind), fallback: this.operand(o.fallback, kind) };
      case 'list_append': return { kind: 'list_append', a: this.operand(o.a, kind), b: this.operand(o.b, kind) };
      case 'arith': return { kind: 'arith', op: o.op, a: this.operand(o.a, kind), b: this.operand(o.b, kind) };
    }
  }

  condition(c: Condition, kind: ExpressionKind): Condition {
    switch (c.kind) {
      case 'compare': return { kind: 'compare', op: c.op, left: this.operand(c.left, kind), right: this.operand(c.right, kind) };
      case 'between': return { kind: 'between', operand: this.operand(c.operand, kind), lo: this.operand(c.lo, kind), hi: this.operand(c.hi, kind) };
      case 'in': return { kind: 'in', operand: this.operand(c.operand, kind), list: c.list.map((x) => this.operand(x, kind)) };
      case 'and': case 'or': return { kind: c.kind, left: this.condition(c.left, kind), right: this.condition(c.right, kind) };
      case 'not': return { kind: 'not', condition: this.condition(c.condition, kind) };
      case 'function': return { kind: 'function', name: c.name, args: c.args.map((x) => this.operand(x, kind)) };
    }
  }

  update(u: Update): Update {
    const k = 'UpdateExpression';
    const action = (a: UpdateAction): UpdateAction => ({ path: this.path(a.path, k), value: this.operand(a.value, k) });
    return { set: u.set.map(action), remove: u.remove.map((p) => this.path(p, k)), add: u.add.map(action), delete: u.delete.map(action) };
  }

  /** AWS: every name and value supplied must be used by some expression of the request. */
  finish(): void {
    const unusedNames = Object.keys(this.#names).filter((n) => !this.#usedNames.has(n));
    if (unusedNames.length > 0) throw dynamoDbErrors.validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    const unusedValues = Object.keys(this.#rawValues).filter((n) => !this.#usedValues.has(n));
    if (unusedValues.length > 0) throw dynamoDbErrors.validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  }
}
