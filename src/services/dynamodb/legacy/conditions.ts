/**
 * @module Legacy conditions (AWS: "Legacy conditional parameters": `Expected`, `QueryFilter`, `ScanFilter`, with
 * `ConditionalOperator`) checked with DynamoDB's messages and translated into the same bound condition tree the
 * expressions produce, so one evaluator serves both. Attribute names here are literal top-level names.
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import { compareValues, normalizeValue, typeOf, type AttributeValue } from '../attribute-value.js';
import type { Condition, Operand, Path } from '../expressions/ast.js';

/** A legacy comparison (`Condition` / `ExpectedAttributeValue` on the wire). */
export interface LegacyComparison {
  readonly ComparisonOperator?: string;
  readonly AttributeValueList?: readonly unknown[];
  readonly Value?: unknown;
  readonly Exists?: boolean;
}

export type ComparisonMap = Readonly<Record<string, LegacyComparison>>;

function invalid(message: string): never {
  throw dynamoDbErrors.validation(`One or more parameter values were invalid: ${message}`);
}

/** AWS: how many values each operator takes (IN: one or more). */
const ARITY: Readonly<Record<string, number | 'many'>> = {
  NULL: 0, NOT_NULL: 0, EQ: 1, NE: 1, LE: 1, LT: 1, GE: 1, GT: 1, CONTAINS: 1, NOT_CONTAINS: 1, BEGINS_WITH: 1, IN: 'many', BETWEEN: 2,
};

/**
 * AWS ("Condition", ComparisonOperator): the value types each operator accepts. EQ and NE are absent: AWS says
 * they are "supported for all data types, including lists and maps".
 */
const SCALARS = ['S', 'N', 'B'];
const VALUE_TYPES: Readonly<Record<string, readonly string[]>> = {
  LE: SCALARS, LT: SCALARS, GE: SCALARS, GT: SCALARS, CONTAINS: SCALARS, NOT_CONTAINS: SCALARS,
  BEGINS_WITH: ['S', 'B'], IN: SCALARS, BETWEEN: SCALARS,
};

const path = (name: string): Path => ({ kind: 'path', elements: [name] });
const lit = (value: AttributeValue): Operand => ({ kind: 'literal', value });

/** Check an operator's values (count, types, BETWEEN order) and return them normalised. */
export function checkedValues(op: string, raw: readonly unknown[]): AttributeValue[] {
  const values = raw.map((v) => normalizeValue(v));
  const arity = ARITY[op];
  const countOk = arity === 'many' ? values.length >= 1 : values.length === arity;
  if (!countOk) invalid(`Invalid number of argument(s) for the ${op} ComparisonOperator`);
  if (values.length > 0) {
    const first = typeOf(values[0]!);
    if (values.some((v) => typeOf(v) !== first)) invalid('AttributeValues inside AttributeValueList must be of same type');
  }
  const allowed = VALUE_TYPES[op];
  for (const v of values) if (allowed && !allowed.includes(typeOf(v))) invalid(`ComparisonOperator ${op} is not valid for ${typeOf(v)} AttributeValue type`);
  if (op === 'BETWEEN' && (compareValues(values[0]!, values[1]!) ?? 0) > 0) {
    throw dynamoDbErrors.validation('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
  }
  return values;
}

/** The condition tree of one comparison on the top-level attribute `name` (AWS's meaning of each operator). */
export function comparisonCondition(name: string, op: string, values: readonly AttributeValue[]): Condition {
  const p = path(name);
  const v = values[0]!;
  switch (op) {
    case 'NULL': return { kind: 'function', name: 'attribute_not_exists', args: [p] };
    case 'NOT_NULL': return { kind: 'function', name: 'attribute_exists', args: [p] };
    case 'EQ': return { kind: 'compare', op: '=', left: p, right: lit(v) };
    case 'NE': return { kind: 'compare', op: '<>', left: p, right: lit(v) };
    case 'LE': return { kind: 'compare', op: '<=', left: p, right: lit(v) };
    case 'LT': return { kind: 'compare', op: '<', left: p, right: lit(v) };
    case 'GE': return { kind: 'compare', op: '>=', left: p, right: lit(v) };
    case 'GT': return { kind: 'compare', op: '>', left: p, right: lit(v) };
    case 'CONTAINS': return { kind: 'function', name: 'contains', args: [p, lit(v)] };
    // AWS: NOT_CONTAINS is true when the attribute does not hold the value (a missing attribute included).
    case 'NOT_CONTAINS': return { kind: 'not', condition: { kind: 'function', name: 'contains', args: [p, lit(v)] } };
    case 'BEGINS_WITH': return { kind: 'function', name: 'begins_with', args: [p, lit(v)] };
    case 'IN': return { kind: 'in', operand: p, list: values.map(lit) };
    case 'BETWEEN': return { kind: 'between', operand: p, lo: lit(values[0]!), hi: lit(values[1]!) };
    default: return invalid(`Unsupported ComparisonOperator ${op}`);
  }
}

/**
 * Join conditions with AND or OR as a balanced tree, so a request with thousands of entries evaluates with a
 * shallow recursion.
 */
export function joinConditions(kind: 'and' | 'or', cs: readonly Condition[]): Condition | undefined {
  if (cs.length === 0) return undefined;
  if (cs.length === 1) return cs[0];
  const mid = cs.length >> 1;
  return { kind, left: joinConditions(kind, cs.slice(0, mid))!, right: joinConditions(kind, cs.slice(mid))! };
}

/** `ConditionalOperator` with the number of conditions it joins (AWS: it needs two or more). */
export function conditionalOperatorOf(raw: unknown, count: number): 'and' | 'or' {
  if (raw === undefined) return 'and';
  if (count === 0) throw dynamoDbErrors.validation('ConditionalOperator cannot be used without Filter or Expected');
  if (count === 1) throw dynamoDbErrors.validation('ConditionalOperator can only be used when Filter or Expected has two or more elements');
  return raw === 'OR' ? 'or' : 'and';
}

/** A QueryFilter or ScanFilter (or KeyConditions' entries) as one condition per attribute. */
export function filterConditions(map: ComparisonMap): Condition[] {
  return Object.keys(map).map((name) => {
    const c = map[name];
    // AWS (DynamoDB Local's wording): a filter entry must be a condition.
    if (c === null || c === undefined) throw dynamoDbErrors.validation(`The filter condition for an attribute cannot be null: ${name}`);
    const op = c.ComparisonOperator ?? '';
    return comparisonCondition(name, op, checkedValues(op, c.AttributeValueList ?? []));
  });
}

/** One entry of `Expected` (AWS: Value/Exists, or ComparisonOperator with AttributeValueList or Value). */
function expectedCondition(name: string, e: LegacyComparison): Condition {
  if (e.AttributeValueList !== undefined && e.Value !== undefined) invalid(`Value and AttributeValueList cannot be used together for Attribute: ${name}`);
  if (e.ComparisonOperator !== undefined) {
    const op = e.ComparisonOperator;
    if (e.Exists !== undefined) invalid(`Exists and ComparisonOperator cannot be used together for Attribute: ${name}`);
    if (op !== 'NULL' && op !== 'NOT_NULL' && e.AttributeValueList === undefined && e.Value === undefined) {
      invalid(`Value or AttributeValueList must be used with ComparisonOperator: ${op} for Attribute: ${name}`);
    }
    const raw = e.AttributeValueList ?? (e.Value !== undefined ? [e.Value] : []);
    return comparisonCondition(name, op, checkedValues(op, raw));
  }
  if (e.AttributeValueList !== undefined) invalid(`AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`);
  const exists = e.Exists ?? true;
  if (exists && e.Value === undefined) invalid(`Value must be provided when Exists is ${e.Exists === undefined ? 'null' : 'true'} for Attribute: ${name}`);
  if (!exists) {
    if (e.Value !== undefined) invalid(`Value cannot be used when Exists is false for Attribute: ${name}`);
    return { kind: 'function', name: 'attribute_not_exists', args: [path(name)] };
  }
  return { kind: 'compare', op: '=', left: path(name), right: lit(normalizeValue(e.Value)) };
}

/** The condition of a write's `Expected` with its `ConditionalOperator`, if the request has one. */
export function expectedOf(input: Readonly<Record<string, unknown>>): Condition | undefined {
  const expected = input['Expected'] as Readonly<Record<string, LegacyComparison>> | undefined;
  const names = expected ? Object.keys(expected) : [];
  const join = conditionalOperatorOf(input['ConditionalOperator'], names.length);
  // A null entry is an entry with nothing in it (refused as `Value must be provided when Exists is null`).
  return joinConditions(join, names.map((n) => expectedCondition(n, expected![n] ?? {})));
}

/** The condition of a QueryFilter or ScanFilter with its `ConditionalOperator`, if the request has one. */
export function legacyFilterOf(input: Readonly<Record<string, unknown>>, param: 'QueryFilter' | 'ScanFilter'): Condition | undefined {
  const filter = input[param] as ComparisonMap | undefined;
  const cs = filter ? filterConditions(filter) : [];
  const join = conditionalOperatorOf(input['ConditionalOperator'], cs.length);
  return joinConditions(join, cs);
}
