/**
 * @module BatchGetItem and BatchWriteItem: up to 100 keys / 25 writes over several tables, each table
 * authorized once. A batch is validated whole before anything is written; its writes are then committed in
 * transactions of at most SLICE_MS of work each (a small batch: one), other requests being served between them.
 * AWS: each write of a batch is atomic, the batch as a whole is not.
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { itemSize, MAX_ITEM_BYTES, normalizeItem, type Item } from './attribute-value.js';
import { findTable, requireTable, tableRef } from './access.js';
import { Slices } from '../../shared/slices.js';
import type { DynamoHandler } from './context.js';
import { project } from './expressions/projection.js';
import { projectionOf, readItem, scopeOf } from './request.js';
import { attributesToGetOf } from './legacy/attributes-to-get.js';
import { refuseMixing } from './legacy/mixing.js';
import { removeItem, storeItem } from './item-writes.js';
import { checkIndexKeys, checkItemKey, checkKey, encodeKey, type Table } from './table.js';

interface KeysAndAttributes {
  readonly Keys: readonly unknown[];
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ConsistentRead?: boolean;
  readonly AttributesToGet?: readonly string[];
}

interface WriteRequest {
  readonly PutRequest?: { readonly Item: unknown };
  readonly DeleteRequest?: { readonly Key: unknown };
}

function noDuplicates(table: Table, keys: readonly Item[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    const e = encodeKey(table.schema, k);
    const id = `${e.pk.toString('hex')}/${e.sk.toString('hex')}`;
    if (seen.has(id)) throw dynamoDbErrors.validation('Provided list of item keys contains duplicates');
    seen.add(id);
  }
}

export const BatchGetItem: DynamoHandler = (input, ctx) => {
  const request = input['RequestItems'] as Readonly<Record<string, KeysAndAttributes>>;
  const total = Object.values(request).reduce((n, r) => n + r.Keys.length, 0);
  // AWS: at most 100 items per BatchGetItem.
  if (total > 100) throw dynamoDbErrors.validation('Too many items requested for the BatchGetItem call');
  const responses: Record<string, Item[]> = {};
  for (const [name, spec] of Object.entries(request)) {
    refuseMixing(spec as unknown as Record<string, unknown>, 'BatchGetItem');
    const table = requireTable(ctx, name, 'dynamodb:BatchGetItem');
    const keys = spec.Keys.map(normalizeItem);
    for (const k of keys) checkKey(table.schema, k);
    noDuplicates(table, keys);
    const scope = scopeOf(spec as unknown as Record<string, unknown>, [spec.ProjectionExpression]);
    const projection = projectionOf(scope, spec.ProjectionExpression) ?? attributesToGetOf(spec.AttributesToGet);
    scope.finish();
    const items: Item[] = [];
    for (const k of keys) {
      const item = readItem(ctx, table, k);
      if (item) items.push(projection ? project(item, projection) : item);
    }
    responses[name] = items;
  }
  return { Responses: responses, UnprocessedKeys: {} };
};

export const BatchWriteItem: DynamoHandler = async (input, ctx) => {
  const request = input['RequestItems'] as Readonly<Record<string, readonly WriteRequest[]>>;
  const total = Object.values(request).reduce((n, r) => n + r.length, 0);
  // AWS: at most 25 put or delete requests per BatchWriteItem.
  if (total > 25) throw dynamoDbErrors.validation('Too many items requested for the BatchWriteItem call');
  const plan: { name: string; table: Table; request: WriteRequest; put?: { item: Item; size: number }; key?: Item; gone?: boolean }[] = [];
  for (const [name, writes] of Object.entries(request)) {
    const table = requireTable(ctx, name, 'dynamodb:BatchWriteItem');
    const keys: Item[] = [];
    for (const w of writes) {
      if ((w.PutRequest === undefined) === (w.DeleteRequest === undefined)) {
        throw dynamoDbErrors.validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      if (w.PutRequest) {
        const item = normalizeItem(w.PutRequest.Item);
        checkItemKey(table.schema, item);
        checkIndexKeys(table, item);
        const size = itemSize(item);
        if (size > MAX_ITEM_BYTES) throw dynamoDbErrors.validation('Item size has exceeded the maximum allowed size');
        keys.push(item);
        plan.push({ name, table, request: w, put: { item, size } });
      } else {
        const key = normalizeItem(w.DeleteRequest!.Key);
        checkKey(table.schema, key);
        keys.push(key);
        plan.push({ name, table, request: w, key });
      }
    }
    noDuplicates(table, keys);
  }
  const unprocessed: Record<string, WriteRequest[]> = {};
  const slices = new Slices();
  let next = 0;
  while (next < plan.length) {
    if (next > 0) {
      await slices.yield();
      // The tables as they are now: one deleted (or deleted and created again) meanwhile takes none of the writes
      // left for it, which are answered as unprocessed (a retry then meets the table's absence); one given a new
      // index meanwhile gets its entries.
      const now = new Map<string, Table | undefined>();
      for (const p of plan.slice(next)) {
        if (!now.has(p.name)) {
          const found = findTable(ctx, tableRef(ctx, p.name));
          now.set(p.name, found !== undefined && found.row.id === p.table.row.id ? found : undefined);
        }
        const fresh = now.get(p.name);
        if (fresh !== undefined) p.table = fresh;
        else p.gone = true;
      }
    }
    ctx.store.transaction(() => {
      do {
        const p = plan[next]!;
        if (p.gone) (unprocessed[p.name] ??= []).push(p.request);
        else if (p.put) storeItem(ctx.store, p.table, p.put.item, p.put.size);
        else removeItem(ctx.store, p.table, p.key!);
        next++;
      } while (next < plan.length && !slices.due());
    });
  }
  return { UnprocessedItems: unprocessed };
};
