/**
 * @module Evaluating bound conditions and operands against an item (AWS: "Comparison operator and function
 * reference"): a missing attribute makes comparisons false (and `<>` true), values of different types never
 * compare, `<`/`>` only order strings, numbers and binaries.
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import { ATTRIBUTE_TYPES, attributeOf, compareValues, typeOf, valuesEqual, type AttributeValue, type Item } from '../attribute-value.js';
import type { Condition, ExpressionKind, Operand, Path } from './ast.js';

/** The value at a document path, if any. */
export function valueAt(item: Item, path: Path): AttributeValue | undefined {
  let cur: AttributeValue | undefined;
  for (let i = 0; i < path.elements.length; i++) {
    const e = path.elements[i]!;
    if (i === 0) { cur = typeof e === 'string' ? attributeOf(item, e) : undefined; continue; }
    if (!cur) return undefined;
    if (typeof e === 'number') cur = 'L' in cur ? cur.L[e] : undefined;
    else cur = 'M' in cur ? attributeOf(cur.M, e) : undefined;
  }
  return cur;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  S: 'S', N: 'N', B: 'B', SS: 'SS', NS: 'NS', BS: 'BS', M: 'M', L: 'L', NULL: 'NULL', BOOL: 'BOOL',
};

function operandTypeError(kind: ExpressionKind, fn: string, v: AttributeValue): Error {
  return dynamoDbErrors.validation(`Invalid ${kind}: Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${TYPE_NAMES[typeOf(v)]}`);
}

/** The value of a condition operand (a path, a literal, or size(path)). */
export function operandValue(o: Operand, item: Item, kind: ExpressionKind): AttributeValue | undefined {
  switch (o.kind) {
    case 'path': return valueAt(item, o);
    case 'literal': return o.value;
    case 'size': {
      const v = valueAt(item, o.path);
      if (!v) return undefined;
      if ('S' in v) return { N: String([...v.S].length) };
      if ('B' in v) return { N: String(Buffer.byteLength(v.B, 'base64')) };
      if ('SS' in v) return { N: String(v.SS.length) };
      if ('NS' in v) return { N: String(v.NS.length) };
      if ('BS' in v) return { N: String(v.BS.length) };
      if ('L' in v) return { N: String(v.L.length) };
      if ('M' in v) return { N: String(Object.keys(v.M).length) };
      return undefined;
    }
    default: throw dynamoDbErrors.validation(`Invalid ${kind}: The function is not allowed in a condition expression`);
  }
}

function compare(op: string, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === '<>') return !a || !b || !valuesEqual(a, b);
  if (!a || !b) return false;
  if (op === '=') return valuesEqual(a, b);
  const c = compareValues(a, b);
  if (c === undefined) return false;
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    default: return c >= 0;
  }
}

/** Evaluate a bound condition on an item (`{}` for a missing item). */
export function evaluateCondition(c: Condition, item: Item, kind: ExpressionKind): boolean {
  switch (c.kind) {
    case 'and': return evaluateCondition(c.left, item, kind) && evaluateCondition(c.right, item, kind);
    case 'or': return evaluateCondition(c.left, item, kind) || evaluateCondition(c.right, item, kind);
    case 'not': return !evaluateCondition(c.condition, item, kind);
    case 'compare': return compare(c.op, operandValue(c.left, item, kind), operandValue(c.right, item, kind));
    case 'between': {
      const v = operandValue(c.operand, item, kind);
      const lo = operandValue(c.lo, item, kind);
      const hi = operandValue(c.hi, item, kind);
      if (lo && hi && c.lo.kind === 'literal' && c.hi.kind === 'literal' && (compareValues(lo, hi) ?? 0) > 0) {
        throw dynamoDbErrors.validation(`Invalid ${kind}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${show(lo)}, upper bound operand: AttributeValue: ${show(hi)}`);
      }
      return compare('>=', v, lo) && compare('<=', v, hi);
    }
    case 'in': {
      const v = operandValue(c.operand, item, kind);
      return !!v && c.list.some((x) => { const y = operandValue(x, item, kind); return !!y && valuesEqual(v, y); });
    }
    case 'function': {
      const [first, second] = c.args;
      const path = first as Path;
      const v = valueAt(item, path);
      switch (c.name) {
        case 'attribute_exists': return v !== undefined;
        case 'attribute_not_exists': return v === undefined;
        case 'attribute_type': {
          const t = operandValue(second!, item, kind);
          if (!t || !('S' in t)) throw operandTypeError(kind, 'attribute_type', t ?? { NULL: true });
          if (!(ATTRIBUTE_TYPES as readonly string[]).includes(t.S)) {
            throw dynamoDbErrors.validation(`Invalid ${kind}: Invalid attribute type name found; type: ${t.S}, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }`);
          }
          return v !== undefined && typeOf(v) === t.S;
        }
        case 'begins_with': {
          const p = operandValue(second!, item, kind);
          if (p && !('S' in p) && !('B' in p)) throw operandTypeError(kind, 'begins_with', p);
          if (!v || !p) return false;
          if ('S' in v && 'S' in p) return v.S.startsWith(p.S);
          if ('B' in v && 'B' in p) return Buffer.from(v.B, 'base64').subarray(0, Buffer.byteLength(p.B, 'base64')).equals(Buffer.from(p.B, 'base64'));
          return false;
        }
        case 'contains': {
          const x = operandValue(second!, item, kind);
          if (!v || !x) return false;
          if ('S' in v) return 'S' in x && v.S.includes(x.S);
          // AWS: on a binary, contains looks for a subsequence of its bytes.
          if ('B' in v) return 'B' in x && Buffer.from(v.B, 'base64').includes(Buffer.from(x.B, 'base64'));
          if ('SS' in v) return 'S' in x && v.SS.includes(x.S);
          if ('NS' in v) return 'N' in x && v.NS.some((n) => valuesEqual({ N: n }, x));
          if ('BS' in v) return 'B' in x && v.BS.includes(x.B);
          if ('L' in v) return v.L.some((e) => valuesEqual(e, x));
          return false;
        }
      }
    }
  }
}

function show(v: AttributeValue): string {
  const p = (v as Record<string, unknown>)[typeOf(v)];
  return `{${typeOf(v)}:${typeof p === 'string' ? p : JSON.stringify(p)}}`;
}
