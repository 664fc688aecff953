/**
 * @module Single-item operations: PutItem, GetItem, UpdateItem, DeleteItem. Each reads, checks its
 * ConditionExpression and writes in one synchronous step, so no other request interleaves; the store commits
 * before the response is written.
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { attributeOf, itemSize, MAX_ITEM_BYTES, MAX_NESTING, nestingExceeded, nestingOf, normalizeItem, type Item } from './attribute-value.js';
import { requireTable } from './access.js';
import type { DynamoContext, DynamoHandler } from './context.js';
import type { Condition } from './expressions/ast.js';
import type { ExpressionScope } from './expressions/bind.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { parseCondition, parseUpdate } from './expressions/parser.js';
import { project } from './expressions/projection.js';
import { applyUpdate } from './expressions/update.js';
import { consumed, itemContext, projectionOf, readItem, readUnits, returnValuesOf, scopeOf, writeUnits } from './request.js';
import { applyAttributeUpdates, attributeUpdatesOf } from './legacy/attribute-updates.js';
import { attributesToGetOf } from './legacy/attributes-to-get.js';
import { expectedOf } from './legacy/conditions.js';
import { refuseMixing } from './legacy/mixing.js';
import { checkIndexKeys, checkItemKey, checkKey, encodeKey, type Table } from './table.js';

/** The request's ConditionExpression, or its legacy `Expected` (with `ConditionalOperator`). */
function conditionOf(scope: ExpressionScope, text: string | undefined, input: Readonly<Record<string, unknown>>): Condition | undefined {
  return text === undefined ? expectedOf(input) : scope.condition(parseCondition(text, 'ConditionExpression'), 'ConditionExpression');
}

/** Throw ConditionalCheckFailedException (with the old item when ReturnValuesOnConditionCheckFailure is ALL_OLD). */
function checkCondition(input: Readonly<Record<string, unknown>>, condition: Condition | undefined, old: Item | undefined): void {
  if (!condition || evaluateCondition(condition, old ?? {}, 'ConditionExpression')) return;
  const withOld = input['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD' && old !== undefined;
  throw dynamoDbErrors.conditionalCheckFailed(withOld ? old : undefined);
}

function writeItem(ctx: DynamoContext, table: Table, item: Item, size: number): void {
  const k = encodeKey(table.schema, item);
  ctx.store.putItem(table.row.id, k.pk, k.sk, JSON.stringify(item), size);
}

const nonEmpty = (item: Item | undefined): Record<string, unknown> => (item && Object.keys(item).length > 0 ? { Attributes: item } : {});

export const PutItem: DynamoHandler = (input, ctx) => {
  refuseMixing(input, 'PutItem');
  const item = normalizeItem(input['Item']);
  const rv = returnValuesOf(input, ['ALL_OLD']);
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:PutItem', itemContext(input, () => item));
  checkItemKey(table.schema, item);
  checkIndexKeys(table, item);
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw dynamoDbErrors.validation('Item size has exceeded the maximum allowed size');
  const conditionText = input['ConditionExpression'] as string | undefined;
  const scope = scopeOf(input, [conditionText]);
  const condition = conditionOf(scope, conditionText, input);
  scope.finish();
  const old = condition || rv === 'ALL_OLD' ? readItem(ctx, table, item) : undefined;
  checkCondition(input, condition, old);
  writeItem(ctx, table, item, size);
  return { ...(rv === 'ALL_OLD' ? nonEmpty(old) : {}), ...consumed(input, table, writeUnits(size)) };
};

export const GetItem: DynamoHandler = (input, ctx) => {
  refuseMixing(input, 'GetItem');
  const key = normalizeItem(input['Key']);
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:GetItem', itemContext(input, () => key));
  checkKey(table.schema, key);
  const projectionText = input['ProjectionExpression'] as string | undefined;
  const scope = scopeOf(input, [projectionText]);
  const projection = projectionOf(scope, projectionText) ?? attributesToGetOf(input['AttributesToGet']);
  scope.finish();
  const item = readItem(ctx, table, key);
  const units = () => readUnits(item ? itemSize(item) : 0, input['ConsistentRead'] === true);
  if (!item) return consumed(input, table, units);
  return { Item: projection ? project(item, projection) : item, ...consumed(input, table, units) };
};

export const DeleteItem: DynamoHandler = (input, ctx) => {
  refuseMixing(input, 'DeleteItem');
  const key = normalizeItem(input['Key']);
  const rv = returnValuesOf(input, ['ALL_OLD']);
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:DeleteItem', itemContext(input, () => key));
  checkKey(table.schema, key);
  const conditionText = input['ConditionExpression'] as string | undefined;
  const scope = scopeOf(input, [conditionText]);
  const condition = conditionOf(scope, conditionText, input);
  scope.finish();
  const old = readItem(ctx, table, key);
  checkCondition(input, condition, old);
  if (old) {
    const k = encodeKey(table.schema, key);
    ctx.store.deleteItem(table.row.id, k.pk, k.sk);
  }
  return { ...(rv === 'ALL_OLD' ? nonEmpty(old) : {}), ...consumed(input, table, () => writeUnits(old ? itemSize(old) : 0)) };
};

export const UpdateItem: DynamoHandler = (input, ctx) => {
  refuseMixing(input, 'UpdateItem');
  const key = normalizeItem(input['Key']);
  const rv = returnValuesOf(input, ['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']);
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:UpdateItem', itemContext(input, () => key));
  checkKey(table.schema, key);
  const updateText = input['UpdateExpression'] as string | undefined;
  const conditionText = input['ConditionExpression'] as string | undefined;
  const scope = scopeOf(input, [updateText, conditionText]);
  const update = updateText === undefined ? undefined : scope.update(parseUpdate(updateText));
  const condition = conditionOf(scope, conditionText, input);
  scope.finish();
  const keyNames = [table.schema.hash.name, ...(table.schema.range ? [table.schema.range.name] : [])];
  const legacyUpdates = attributeUpdatesOf(input['AttributeUpdates'], keyNames);
  const old = readItem(ctx, table, key);
  checkCondition(input, condition, old);
  // applyUpdate copies what it writes, so neither the stored item nor the request's key is changed.
  const base = old ?? key;
  const { item, paths } = update ? applyUpdate(update, base, keyNames)
    : legacyUpdates ? applyAttributeUpdates(legacyUpdates, base) : { item: base, paths: [] };
  // AWS: the updated item obeys the 32-level nesting limit too (`SET a.b = :v` deepens `a` by one level).
  for (const p of paths) {
    const top = p.elements[0];
    const v = typeof top === 'string' ? attributeOf(item, top) : undefined;
    if (v && nestingOf(v) > MAX_NESTING) throw nestingExceeded();
  }
  checkIndexKeys(table, item);
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw dynamoDbErrors.validation('Item size to update has exceeded the maximum allowed size');
  // AWS: an update of a missing item that leaves it with only its key (REMOVE or DELETE actions alone) creates
  // nothing; with no UpdateExpression at all the key-only item is created.
  const phantom = old === undefined && (update !== undefined || (legacyUpdates?.length ?? 0) > 0) && Object.keys(item).length === keyNames.length;
  if (!phantom) writeItem(ctx, table, item, size);
  let attributes: Item | undefined;
  switch (rv) {
    case 'ALL_OLD': attributes = old; break;
    case 'ALL_NEW': attributes = phantom ? undefined : item; break;
    case 'UPDATED_OLD': attributes = old ? project(old, paths) : undefined; break;
    case 'UPDATED_NEW': attributes = project(item, paths); break;
  }
  return { ...nonEmpty(attributes), ...consumed(input, table, writeUnits(size)) };
};
