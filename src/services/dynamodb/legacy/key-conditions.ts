/**
 * @module Legacy `KeyConditions` of a Query (AWS: "KeyConditions"): one or two conditions, EQ on the partition
 * key, EQ/LE/LT/GE/GT/BEGINS_WITH/BETWEEN on the sort key, translated into the condition tree a
 * KeyConditionExpression gives, which the Query then analyses as usual (types against the schema, bounds).
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import type { Condition } from '../expressions/ast.js';
import type { KeySchema } from '../table.js';
import { checkedValues, comparisonCondition, joinConditions, type ComparisonMap } from './conditions.js';

const SORT_KEY_OPERATORS = new Set(['EQ', 'LE', 'LT', 'GE', 'GT', 'BEGINS_WITH', 'BETWEEN']);

/** The key condition of a KeyConditions map, checked against the key schema of the table or index queried. */
export function keyConditionsOf(raw: unknown, schema: KeySchema): Condition {
  const map = raw as ComparisonMap;
  const names = Object.keys(map);
  const conditions = names.map((name) => {
    const c = map[name];
    if (c === null || c === undefined) throw dynamoDbErrors.validation(`The filter condition for an attribute cannot be null: ${name}`);
    const op = c.ComparisonOperator ?? '';
    return { name, op, values: checkedValues(op, c.AttributeValueList ?? []) };
  });
  if (names.length < 1 || names.length > 2) throw dynamoDbErrors.validation('Conditions can be of length 1 or 2 only');
  if (!names.includes(schema.hash.name)) throw dynamoDbErrors.validation(`Query condition missed key schema element: ${schema.hash.name}`);
  for (const c of conditions) {
    if (c.name !== schema.hash.name && c.name !== schema.range?.name) {
      throw dynamoDbErrors.validation(`Query condition missed key schema element: ${schema.range?.name ?? c.name}`);
    }
    if (c.name === schema.hash.name && c.op !== 'EQ') throw dynamoDbErrors.validation('Query key condition not supported');
    if (!SORT_KEY_OPERATORS.has(c.op)) throw dynamoDbErrors.validation('Attempted conditional constraint is not an indexable operation');
  }
  return joinConditions('and', conditions.map((c) => comparisonCondition(c.name, c.op, c.values)))!;
}
