/**
 * @module Pieces every item operation shares: binding a request's expressions, reading an item by key,
 * ReturnValues and ReturnConsumedCapacity, the refusal of legacy (pre-expression) parameters, and the
 * authorization context DynamoDB adds (`dynamodb:LeadingKeys`, `dynamodb:ReturnValues`, `dynamodb:Select`).
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { attributeOf, payload, type AttributeValue, type Item } from './attribute-value.js';
import type { ContextOf } from './access.js';
import type { DynamoContext } from './context.js';
import type { Path } from './expressions/ast.js';
import { ExpressionScope } from './expressions/bind.js';
import { parseProjection } from './expressions/parser.js';
import { checkIndependentPaths } from './expressions/path-overlap.js';
import { encodeKey, type Table } from './table.js';

/** A scope over the request's ExpressionAttributeNames/Values; `expressions` lists which expressions it has. */
export function scopeOf(input: Readonly<Record<string, unknown>>, expressions: readonly (string | undefined)[]): ExpressionScope {
  return new ExpressionScope(
    input['ExpressionAttributeNames'] as Record<string, string> | undefined,
    input['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
    expressions.some((e) => e !== undefined),
  );
}

/** The bound paths of a ProjectionExpression, if any. */
export function projectionOf(scope: ExpressionScope, text: string | undefined): readonly Path[] | undefined {
  if (text === undefined) return undefined;
  const paths = parseProjection(text).map((p) => scope.path(p, 'ProjectionExpression'));
  checkIndependentPaths(paths, 'ProjectionExpression');
  return paths;
}

/** The stored item at a (checked) key. */
export function readItem(ctx: DynamoContext, table: Table, key: Item): Record<string, AttributeValue> | undefined {
  const k = encodeKey(table.schema, key);
  const body = ctx.store.getItem(table.row.id, k.pk, k.sk);
  return body === undefined ? undefined : (JSON.parse(body) as Record<string, AttributeValue>);
}

/** Check ReturnValues against what an operation allows. */
export function returnValuesOf(input: Readonly<Record<string, unknown>>, allowed: readonly string[]): string {
  const rv = (input['ReturnValues'] as string | undefined) ?? 'NONE';
  if (rv !== 'NONE' && !allowed.includes(rv)) throw dynamoDbErrors.validation(`ReturnValues can only be ${allowed.join(' or ')} or NONE`);
  return rv;
}

/**
 * ConsumedCapacity when asked (AWS: a write unit per 1 KB, a read unit per 4 KB, halved when eventually consistent).
 * `units` may be a function, so an item's size is only computed when the request asks for its capacity.
 */
export function consumed(input: Readonly<Record<string, unknown>>, table: Table, capacity: number | (() => number)): Record<string, unknown> {
  const mode = input['ReturnConsumedCapacity'] as string | undefined;
  if (mode === undefined || mode === 'NONE') return {};
  const units = typeof capacity === 'number' ? capacity : capacity();
  return { ConsumedCapacity: { TableName: table.row.name, CapacityUnits: units, ...(mode === 'INDEXES' ? { Table: { CapacityUnits: units } } : {}) } };
}

export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
export const readUnits = (bytes: number, consistent: boolean): number => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** The scalar text of a key value, for `dynamodb:LeadingKeys`. */
function keyText(v: AttributeValue | undefined): string | undefined {
  const p = v === undefined ? undefined : payload(v);
  return typeof p === 'string' ? p : undefined;
}

/** Authorization context of an item request: the partition key value and the request's options. */
export function itemContext(input: Readonly<Record<string, unknown>>, item: () => Item | undefined): ContextOf {
  return (table) => {
    const out: Record<string, string | readonly string[]> = {};
    const it = item();
    const leading = keyText(it && attributeOf(it, table.schema.hash.name));
    if (leading !== undefined) out['dynamodb:LeadingKeys'] = [leading];
    const rv = input['ReturnValues'];
    if (typeof rv === 'string') out['dynamodb:ReturnValues'] = rv;
    const select = input['Select'];
    if (typeof select === 'string') out['dynamodb:Select'] = select;
    return out;
  };
}
