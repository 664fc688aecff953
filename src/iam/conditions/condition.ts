/** @module One compiled condition (operator, key, values) and the AWS rules for missing keys, IfExists and set operators. */
import type { ContextReader } from '../context.js';
import type { ConditionClause } from '../types.js';
import type { VariableLookup } from '../variables.js';
import { compileArnValues } from './arn.js';
import { compileBinaryValues } from './binary.js';
import { compileBoolValues } from './bool.js';
import { compileDateValues } from './date.js';
import { compileIpValues } from './ip-address.js';
import { compileNullValues } from './null.js';
import { compileNumericValues } from './numeric.js';
import { parseOperator, type ParsedOperator } from './operator.js';
import { compileStringValues } from './string.js';
import type { CompiledValues } from './values.js';

/** A condition ready to run against a context. */
export interface CompiledCondition {
  readonly clause: ConditionClause;
  readonly operator: ParsedOperator;
  readonly keyLower: string;
  readonly test: (context: ContextReader, lookup: VariableLookup) => boolean;
  /** Why the condition holds or not, in words (slow path, for explanations). */
  readonly explain: (context: ContextReader, lookup: VariableLookup) => string;
}

/** Compile the values of a clause with its family's compiler. */
function compileValues(op: ParsedOperator, values: readonly string[], substitute: boolean): CompiledValues | { error: string } {
  const sub = substitute && op.variables;
  switch (op.family) {
    case 'String': return compileStringValues(values, op.mode, sub);
    case 'Numeric': return compileNumericValues(values, op.mode);
    case 'Date': return compileDateValues(values, op.mode);
    case 'Bool': return compileBoolValues(values, sub);
    case 'Binary': return compileBinaryValues(values);
    case 'IpAddress': return compileIpValues(values);
    case 'Arn': return compileArnValues(values, sub);
    case 'Null': return { error: 'Null is compiled separately' };
  }
}

/**
 * Compile a clause. `substitute` is true when the policy `Version` is 2012-10-17.
 * Returns a string error for an unknown operator or a value of the wrong form.
 */
export function compileCondition(clause: ConditionClause, substitute: boolean): CompiledCondition | string {
  const op = parseOperator(clause.operator);
  if (typeof op === 'string') return op;
  const keyLower = clause.key.toLowerCase();
  const key = clause.key;
  if (op.family === 'Null') {
    const nul = compileNullValues(clause.values);
    if ('error' in nul) return nul.error;
    const wants = nul.expectAbsent;
    const test = (ctx: ContextReader): boolean => {
      const present = (ctx.get(keyLower)?.values.length ?? 0) > 0;
      return wants.some((absent) => absent === !present);
    };
    return {
      clause, operator: op, keyLower, test,
      explain: (ctx) => {
        const present = (ctx.get(keyLower)?.values.length ?? 0) > 0;
        return `Null ${key} ${nul.describe}: the key is ${present ? 'present' : 'absent'} so the condition is ${test(ctx)}`;
      },
    };
  }
  const compiled = compileValues(op, clause.values, substitute);
  if ('error' in compiled) return `${clause.operator} ${clause.key}: ${compiled.error}`;
  const match = compiled.test;
  const { negated, ifExists, qualifier } = op;
  let test: CompiledCondition['test'];
  if (qualifier === 'ForAllValues') {
    // AWS: if the key values resolve to an empty data set, ForAllValues returns true (multi-value conditions page).
    test = (ctx, lookup) => {
      const entry = ctx.get(keyLower);
      if (!entry || entry.values.length === 0) return true;
      for (const v of entry.values) if (match(v, lookup) === negated) return false;
      return true;
    };
  } else if (qualifier === 'ForAnyValue') {
    // AWS: ... and ForAnyValue returns false (unless IfExists makes a missing key pass).
    test = (ctx, lookup) => {
      const entry = ctx.get(keyLower);
      if (!entry || entry.values.length === 0) return ifExists;
      for (const v of entry.values) if (match(v, lookup) !== negated) return true;
      return false;
    };
  } else {
    // AWS: a missing key does not match; a negated operator on a missing key is true; IfExists makes it true.
    const missing = ifExists || negated;
    test = (ctx, lookup) => {
      const entry = ctx.get(keyLower);
      if (!entry || entry.values.length === 0) return missing;
      const values = entry.values;
      let any = false;
      for (let i = 0; i < values.length; i++) if (match(values[i] as string, lookup)) { any = true; break; }
      return any !== negated;
    };
  }
  const explain: CompiledCondition['explain'] = (ctx, lookup) => {
    const entry = ctx.get(keyLower);
    const result = test(ctx, lookup);
    const head = `${clause.operator} ${key} ${compiled.describe}`;
    if (!entry || entry.values.length === 0) {
      const rule = qualifier === 'ForAllValues' ? 'ForAllValues is true for a missing or empty key'
        : qualifier === 'ForAnyValue' ? (ifExists ? 'IfExists is true for a missing key' : 'ForAnyValue is false for a missing or empty key')
        : ifExists ? 'IfExists is true for a missing key'
        : negated ? 'a negated operator is true for a missing key'
        : 'a missing key does not match';
      return `${head}: ${key} is not in the request context; ${rule}, so the condition is ${result}`;
    }
    const shown = entry.multi ? JSON.stringify(entry.values) : JSON.stringify(entry.values[0]);
    return `${head}: request has ${key} = ${shown}, so the condition is ${result}`;
  };
  return { clause, operator: op, keyLower, test, explain };
}
