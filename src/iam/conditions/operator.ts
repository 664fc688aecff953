/** @module The condition operator table and the parser for names like `ForAnyValue:StringNotLikeIfExists`. */

/** Operator families, one file each under `conditions/`. */
export const CONDITION_FAMILIES = ['String', 'Numeric', 'Date', 'Bool', 'Binary', 'IpAddress', 'Arn', 'Null'] as const;
export type ConditionFamily = (typeof CONDITION_FAMILIES)[number];

/** Comparison a base operator performs before any negation. */
export type CompareMode = 'equals' | 'equalsIgnoreCase' | 'like' | 'eq' | 'lt' | 'le' | 'gt' | 'ge' | 'in' | 'null';

interface OperatorSpec {
  readonly family: ConditionFamily;
  readonly mode: CompareMode;
  readonly negated: boolean;
  /** Whether policy variables are substituted in the values (IAM: string, ARN and Bool operators). */
  readonly variables: boolean;
}

// AWS: IAM JSON policy elements: Condition operators (every documented operator, no more).
export const CONDITION_OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: { family: 'String', mode: 'equals', negated: false, variables: true },
  StringNotEquals: { family: 'String', mode: 'equals', negated: true, variables: true },
  StringEqualsIgnoreCase: { family: 'String', mode: 'equalsIgnoreCase', negated: false, variables: true },
  StringNotEqualsIgnoreCase: { family: 'String', mode: 'equalsIgnoreCase', negated: true, variables: true },
  StringLike: { family: 'String', mode: 'like', negated: false, variables: true },
  StringNotLike: { family: 'String', mode: 'like', negated: true, variables: true },
  NumericEquals: { family: 'Numeric', mode: 'eq', negated: false, variables: false },
  NumericNotEquals: { family: 'Numeric', mode: 'eq', negated: true, variables: false },
  NumericLessThan: { family: 'Numeric', mode: 'lt', negated: false, variables: false },
  NumericLessThanEquals: { family: 'Numeric', mode: 'le', negated: false, variables: false },
  NumericGreaterThan: { family: 'Numeric', mode: 'gt', negated: false, variables: false },
  NumericGreaterThanEquals: { family: 'Numeric', mode: 'ge', negated: false, variables: false },
  DateEquals: { family: 'Date', mode: 'eq', negated: false, variables: false },
  DateNotEquals: { family: 'Date', mode: 'eq', negated: true, variables: false },
  DateLessThan: { family: 'Date', mode: 'lt', negated: false, variables: false },
  DateLessThanEquals: { family: 'Date', mode: 'le', negated: false, variables: false },
  DateGreaterThan: { family: 'Date', mode: 'gt', negated: false, variables: false },
  DateGreaterThanEquals: { family: 'Date', mode: 'ge', negated: false, variables: false },
  Bool: { family: 'Bool', mode: 'equals', negated: false, variables: true },
  BinaryEquals: { family: 'Binary', mode: 'equals', negated: false, variables: false },
  IpAddress: { family: 'IpAddress', mode: 'in', negated: false, variables: false },
  NotIpAddress: { family: 'IpAddress', mode: 'in', negated: true, variables: false },
  ArnEquals: { family: 'Arn', mode: 'like', negated: false, variables: true },
  ArnLike: { family: 'Arn', mode: 'like', negated: false, variables: true },
  ArnNotEquals: { family: 'Arn', mode: 'like', negated: true, variables: true },
  ArnNotLike: { family: 'Arn', mode: 'like', negated: true, variables: true },
  Null: { family: 'Null', mode: 'null', negated: false, variables: false },
};

export type SetQualifier = 'none' | 'ForAnyValue' | 'ForAllValues';

/** A parsed operator name. */
export interface ParsedOperator {
  readonly text: string;
  readonly base: string;
  readonly qualifier: SetQualifier;
  readonly ifExists: boolean;
  readonly family: ConditionFamily;
  readonly mode: CompareMode;
  readonly negated: boolean;
  readonly variables: boolean;
}

/** Parse an operator name; a string error when it is not one AWS knows. */
export function parseOperator(text: string): ParsedOperator | string {
  let rest = text;
  let qualifier: SetQualifier = 'none';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAnyValue' && q !== 'ForAllValues') return `unknown set operator ${q} (use ForAnyValue or ForAllValues)`;
    qualifier = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const spec = CONDITION_OPERATORS[rest];
  if (!spec) return `unknown condition operator ${text}`;
  // AWS: "You can add IfExists to the end of any condition operator name except the Null condition".
  if (ifExists && spec.family === 'Null') return 'Null cannot take IfExists';
  if (qualifier !== 'none' && spec.family === 'Null') return 'Null cannot take a set operator';
  return { text, base: rest, qualifier, ifExists, ...spec };
}
