/** @module The syntax trees of DynamoDB expressions (condition, key condition, filter, update, projection). */
import type { AttributeValue } from '../attribute-value.js';

/** A document path: names (`a`, `#n` before binding) and list indexes. */
export interface Path {
  readonly kind: 'path';
  readonly elements: readonly (string | number)[];
}

export type Operand =
  | Path
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: AttributeValue }
  | { readonly kind: 'size'; readonly path: Path }
  | { readonly kind: 'if_not_exists'; readonly path: Path; readonly fallback: Operand }
  | { readonly kind: 'list_append'; readonly a: Operand; readonly b: Operand }
  | { readonly kind: 'arith'; readonly op: '+' | '-'; readonly a: Operand; readonly b: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export const CONDITION_FUNCTIONS = ['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains'] as const;
export type ConditionFunction = (typeof CONDITION_FUNCTIONS)[number];

export type Condition =
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly lo: Operand; readonly hi: Operand }
  | { readonly kind: 'in'; readonly operand: Operand; readonly list: readonly Operand[] }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly condition: Condition }
  | { readonly kind: 'function'; readonly name: ConditionFunction; readonly args: readonly Operand[] };

export interface UpdateAction {
  readonly path: Path;
  readonly value: Operand;
}

export interface Update {
  readonly set: readonly UpdateAction[];
  readonly remove: readonly Path[];
  readonly add: readonly UpdateAction[];
  readonly delete: readonly UpdateAction[];
}

/** Which expression a message is about (`Invalid ConditionExpression: ...`). */
export type ExpressionKind = 'ConditionExpression' | 'KeyConditionExpression' | 'FilterExpression' | 'UpdateExpression' | 'ProjectionExpression';
