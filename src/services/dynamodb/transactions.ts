/**
 * @module TransactWriteItems and TransactGetItems (AWS: "Amazon DynamoDB Transactions: How it works"). A write
 * transaction is validated whole (shapes, keys, expressions, one action per item, 4 MB), then every condition is
 * evaluated and, only when all hold, every write is applied in one store transaction: all or nothing, one commit.
 * A failed condition (or an item the transaction would make invalid) cancels the whole request with
 * TransactionCanceledException and one CancellationReason per action, in request order. ClientRequestToken makes a
 * write transaction idempotent for 10 minutes (tokens are kept in process memory).
 */
import { createHash } from 'node:crypto';
import { DynamoDbError, dynamoDbErrors } from '../../errors/dynamodb.js';
import { attributeOf, itemSize, MAX_ITEM_BYTES, MAX_NESTING, nestingExceeded, nestingOf, normalizeItem, type Item } from './attribute-value.js';
import { requireTable } from './access.js';
import type { DynamoContext, DynamoHandler } from './context.js';
import type { Condition, Path, Update } from './expressions/ast.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { parseCondition, parseUpdate } from './expressions/parser.js';
import { project } from './expressions/projection.js';
import { applyUpdate } from './expressions/update.js';
import { removeItem, storeItem } from './item-writes.js';
import { itemContext, projectionOf, readItem, scopeOf, writeUnits } from './request.js';
import type { DynamoStore } from './store.js';
import { checkIndexKeys, checkItemKey, checkKey, encodeKey, keyOf, type Table } from './table.js';

/** AWS: the aggregate size of the items of a transaction may not exceed 4 MB. */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
/** AWS: a client request token is valid for 10 minutes after the first request that used it. */
const TOKEN_MS = 10 * 60 * 1000;
/** Bound on remembered tokens (oldest dropped first), so a client minting tokens cannot grow memory without end. */
const MAX_TOKENS = 100_000;

type Kind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

const ACTION: Readonly<Record<Kind, string>> = {
  Put: 'dynamodb:PutItem', Update: 'dynamodb:UpdateItem', Delete: 'dynamodb:DeleteItem', ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** One validated action of a write transaction. */
interface Planned {
  readonly kind: Kind;
  readonly table: Table;
  readonly key: Item;
  /** Put: the item to write and its size. */
  readonly put?: { readonly item: Item; readonly size: number };
  readonly update?: Update | undefined;
  readonly condition: Condition | undefined;
  readonly allOld: boolean;
}

interface Reason { readonly Code: string; readonly Message?: string; readonly Item?: Item }

function cancelled(reasons: readonly Reason[]): DynamoDbError {
  // AWS: "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]".
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`;
  return new DynamoDbError('TransactionCanceledException', message, 400, { CancellationReasons: reasons });
}

const duplicateItem = (): never => { throw dynamoDbErrors.validation('Transaction request cannot include multiple operations on one item'); };

function itemId(table: Table, key: Item): string {
  const k = encodeKey(table.schema, key);
  return `${table.row.id}/${k.pk.toString('hex')}/${k.sk.toString('hex')}`;
}

/** Validate one TransactWriteItem fully (before anything is read or written). */
function plan(ctx: DynamoContext, entry: Readonly<Record<string, unknown>>): Planned {
  const kinds = (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).filter((k) => entry[k] !== undefined);
  if (kinds.length !== 1) throw dynamoDbErrors.validation('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0]!;
  const a = entry[kind] as Readonly<Record<string, unknown>>;
  const conditionText = a['ConditionExpression'] as string | undefined;
  const updateText = kind === 'Update' ? a['UpdateExpression'] as string : undefined;
  const putItem = kind === 'Put' ? normalizeItem(a['Item']) : undefined;
  const key = putItem ?? normalizeItem(a['Key']);
  // AWS: each action is authorized as its single-item counterpart (ConditionCheck as dynamodb:ConditionCheckItem).
  const table = requireTable(ctx, a['TableName'] as string, ACTION[kind], itemContext({}, () => key));
  let put: Planned['put'];
  if (putItem) {
    checkItemKey(table.schema, putItem);
    checkIndexKeys(table, putItem);
    const size = itemSize(putItem);
    if (size > MAX_ITEM_BYTES) throw dynamoDbErrors.validation('Item size has exceeded the maximum allowed size');
    put = { item: putItem, size };
  } else checkKey(table.schema, key);
  const scope = scopeOf(a, [conditionText, updateText]);
  const update = updateText === undefined ? undefined : scope.update(parseUpdate(updateText));
  const condition = conditionText === undefined ? undefined : scope.condition(parseCondition(conditionText, 'ConditionExpression'), 'ConditionExpression');
  scope.finish();
  return {
    kind, table, key: put ? keyOf(table.schema, put.item) : key, ...(put ? { put } : {}), update, condition,
    allOld: a['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD',
  };
}

/** The item an Update action makes (or a reason it cannot), following UpdateItem's rules. */
function updated(p: Planned, old: Item | undefined): { item: Item; size: number; phantom: boolean } | Reason {
  const keyNames = [p.table.schema.hash.name, ...(p.table.schema.range ? [p.table.schema.range.name] : [])];
  try {
    const { item, paths } = applyUpdate(p.update!, old ?? p.key, keyNames);
    for (const path of paths) {
      const top = (path as Path).elements[0];
      const v = typeof top === 'string' ? attributeOf(item, top) : undefined;
      if (v && nestingOf(v) > MAX_NESTING) throw nestingExceeded();
    }
    checkIndexKeys(p.table, item);
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) throw dynamoDbErrors.validation('Item size to update has exceeded the maximum allowed size');
    // AWS: an update of a missing item leaving only its key (REMOVE/DELETE alone) creates nothing.
    return { item, size, phantom: old === undefined && Object.keys(item).length === keyNames.length };
  } catch (e) {
    // AWS: a validation error caused by the transaction's own changes cancels it (reason ValidationError).
    if (e instanceof DynamoDbError && e.code === 'ValidationException') return { Code: 'ValidationError', Message: e.message };
    throw e;
  }
}

interface Token { readonly digest: string; readonly at: number; readonly output: Record<string, unknown> }

const tokensByStore = new WeakMap<DynamoStore, Map<string, Token>>();

function tokensOf(ctx: DynamoContext): Map<string, Token> {
  let m = tokensByStore.get(ctx.store);
  if (!m) { m = new Map(); tokensByStore.set(ctx.store, m); }
  // Insertion order is time order: drop the expired (and the oldest beyond the bound) from the front.
  for (const [k, t] of m) {
    if (t.at + TOKEN_MS > ctx.now && m.size <= MAX_TOKENS) break;
    m.delete(k);
  }
  return m;
}

/** Capacity of a transaction per table: AWS counts two units per transactional read or write. */
function capacityOf(input: Readonly<Record<string, unknown>>, perTable: ReadonlyMap<string, number>, kind: 'Read' | 'Write'): Record<string, unknown> {
  const mode = input['ReturnConsumedCapacity'] as string | undefined;
  if (mode === undefined || mode === 'NONE') return {};
  return {
    ConsumedCapacity: [...perTable].map(([TableName, units]) => ({
      TableName, CapacityUnits: units, [`${kind}CapacityUnits`]: units, ...(mode === 'INDEXES' ? { Table: { CapacityUnits: units, [`${kind}CapacityUnits`]: units } } : {}),
    })),
  };
}

function addUnits(m: Map<string, number>, table: Table, units: number): void {
  m.set(table.row.name, (m.get(table.row.name) ?? 0) + units);
}

export const TransactWriteItems: DynamoHandler = (input, ctx) => {
  const entries = input['TransactItems'] as readonly Readonly<Record<string, unknown>>[];
  const planned = entries.map((e) => plan(ctx, e));
  const seen = new Set<string>();
  let bytes = 0;
  for (const p of planned) {
    const id = itemId(p.table, p.key);
    if (seen.has(id)) duplicateItem();
    seen.add(id);
    bytes += p.put ? p.put.size : itemSize(p.key);
  }
  if (bytes > MAX_TRANSACTION_BYTES) throw dynamoDbErrors.validation('Transaction request cannot be larger than 4 MB');

  const token = input['ClientRequestToken'] as string | undefined;
  let digest = '';
  if (token !== undefined) {
    digest = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const known = tokensOf(ctx).get(`${ctx.call.caller.account}\u0000${token}`);
    if (known && known.digest !== digest) {
      throw new DynamoDbError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');
    }
    if (known) {
      // AWS: a repeated request does not write again; its ConsumedCapacity is the reads of the items.
      const reads = new Map<string, number>();
      for (const p of planned) addUnits(reads, p.table, 1);
      return { ...known.output, ...capacityOf(input, reads, 'Read') };
    }
  }

  const writes = new Map<string, number>();
  ctx.store.transaction(() => {
    const olds = planned.map((p) => readItem(ctx, p.table, p.key));
    const reasons: Reason[] = [];
    const results: ({ item: Item; size: number; phantom: boolean } | undefined)[] = [];
    let failed = false;
    planned.forEach((p, i) => {
      const old = olds[i];
      if (p.condition && !evaluateCondition(p.condition, old ?? {}, 'ConditionExpression')) {
        failed = true;
        results.push(undefined);
        reasons.push({ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(p.allOld && old ? { Item: old } : {}) });
        return;
      }
      if (p.kind === 'Update') {
        const r = updated(p, old);
        if ('Code' in r) { failed = true; results.push(undefined); reasons.push(r); return; }
        results.push(r);
      } else results.push(undefined);
      reasons.push({ Code: 'None' });
    });
    if (failed) throw cancelled(reasons);
    planned.forEach((p, i) => {
      const old = olds[i];
      switch (p.kind) {
        case 'Put': storeItem(ctx.store, p.table, p.put!.item, p.put!.size); addUnits(writes, p.table, 2 * writeUnits(p.put!.size)); break;
        case 'Delete': if (old) removeItem(ctx.store, p.table, p.key); addUnits(writes, p.table, 2 * writeUnits(old ? itemSize(old) : 0)); break;
        case 'Update': {
          const r = results[i]!;
          if (!r.phantom) storeItem(ctx.store, p.table, r.item, r.size);
          addUnits(writes, p.table, 2 * writeUnits(r.size));
          break;
        }
        case 'ConditionCheck': addUnits(writes, p.table, 2 * writeUnits(old ? itemSize(old) : 0)); break;
      }
    });
  });
  const output: Record<string, unknown> = { ...itemCollectionMetrics(input, planned) };
  if (token !== undefined) tokensOf(ctx).set(`${ctx.call.caller.account}\u0000${token}`, { digest, at: ctx.now, output });
  return { ...output, ...capacityOf(input, writes, 'Write') };
};

/**
 * ReturnItemCollectionMetrics SIZE: AWS reports item collections only for tables with local secondary indexes
 * (one per written partition key, with its size estimate range in GB).
 */
function itemCollectionMetrics(input: Readonly<Record<string, unknown>>, planned: readonly Planned[]): Record<string, unknown> {
  if (input['ReturnItemCollectionMetrics'] !== 'SIZE') return {};
  const out: Record<string, Record<string, unknown>[]> = {};
  const seen = new Set<string>();
  for (const p of planned) {
    if (p.kind === 'ConditionCheck' || !p.table.definition.LocalSecondaryIndexes?.length) continue;
    const hash = p.table.schema.hash.name;
    const hv = attributeOf(p.key, hash)!;
    const id = `${p.table.row.name}\u0000${JSON.stringify(hv)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    (out[p.table.row.name] ??= []).push({ ItemCollectionKey: { [hash]: hv }, SizeEstimateRangeGB: [0, 1] });
  }
  return Object.keys(out).length > 0 ? { ItemCollectionMetrics: out } : {};
}

export const TransactGetItems: DynamoHandler = (input, ctx) => {
  const entries = input['TransactItems'] as readonly { readonly Get: Readonly<Record<string, unknown>> }[];
  const planned = entries.map(({ Get: g }) => {
    const key = normalizeItem(g['Key']);
    const table = requireTable(ctx, g['TableName'] as string, 'dynamodb:GetItem', itemContext({}, () => key));
    checkKey(table.schema, key);
    const text = g['ProjectionExpression'] as string | undefined;
    const scope = scopeOf(g, [text]);
    const projection = projectionOf(scope, text);
    scope.finish();
    return { table, key, projection };
  });
  const seen = new Set<string>();
  for (const p of planned) {
    const id = itemId(p.table, p.key);
    if (seen.has(id)) duplicateItem();
    seen.add(id);
  }
  // One store transaction: every item is read at the same point (no write interleaves).
  const items = ctx.store.transaction(() => planned.map((p) => readItem(ctx, p.table, p.key)));
  const reads = new Map<string, number>();
  let bytes = 0;
  const responses = items.map((item, i) => {
    const p = planned[i]!;
    const size = item ? itemSize(item) : 0;
    bytes += size;
    addUnits(reads, p.table, 2 * Math.max(1, Math.ceil(size / 4096)));
    if (!item) return {};
    return { Item: p.projection ? project(item, p.projection) : item };
  });
  // AWS: the items a TransactGetItems returns may not exceed 4 MB together.
  if (bytes > MAX_TRANSACTION_BYTES) throw dynamoDbErrors.validation('Total size of all the items retrieved cannot exceed 4 MB');
  return { Responses: responses, ...capacityOf(input, reads, 'Read') };
};
