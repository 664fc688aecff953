/**
 * @module AWS's rule against mixing the legacy (non-expression) parameters with expression parameters in one
 * request ("Can not use both expression and non-expression parameters in the same request"), per operation.
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';

interface ParameterSets {
  readonly legacy: readonly string[];
  readonly expression: readonly string[];
}

/** Which parameters of each operation are legacy and which are expressions (in AWS's listing order). */
export const PARAMETERS = {
  PutItem: { legacy: ['Expected', 'ConditionalOperator'], expression: ['ConditionExpression'] },
  DeleteItem: { legacy: ['Expected', 'ConditionalOperator'], expression: ['ConditionExpression'] },
  UpdateItem: { legacy: ['AttributeUpdates', 'Expected', 'ConditionalOperator'], expression: ['UpdateExpression', 'ConditionExpression'] },
  GetItem: { legacy: ['AttributesToGet'], expression: ['ProjectionExpression'] },
  BatchGetItem: { legacy: ['AttributesToGet'], expression: ['ProjectionExpression'] },
  Query: { legacy: ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'], expression: ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'] },
  Scan: { legacy: ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'], expression: ['ProjectionExpression', 'FilterExpression'] },
} as const satisfies Record<string, ParameterSets>;

export type LegacyOperation = keyof typeof PARAMETERS;

/** Refuse a request that carries both kinds of parameters. */
export function refuseMixing(input: Readonly<Record<string, unknown>>, op: LegacyOperation): void {
  const sets: ParameterSets = PARAMETERS[op];
  const expression = sets.expression.filter((p) => input[p] !== undefined);
  if (expression.length === 0) return;
  // AWS: a Query may pair KeyConditions with a FilterExpression or ProjectionExpression when it has no
  // KeyConditionExpression (the key condition then has only one form in the request).
  const keyConditionsAlone = input['KeyConditions'] !== undefined && input['KeyConditionExpression'] === undefined;
  const legacy = sets.legacy.filter((p) => input[p] !== undefined && !(p === 'KeyConditions' && keyConditionsAlone));
  if (legacy.length === 0) return;
  throw dynamoDbErrors.validation(`Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expression.join(', ')}}`);
}
