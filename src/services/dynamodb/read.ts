/**
 * @module Query and Scan. A table Query is one index range scan of the store (`pk = ? AND sk BETWEEN ...`, in
 * sort-key order or reversed); Scan walks `(pk, sk)` order. Pages stop at Limit evaluated items or 1 MB read
 * (AWS: "Paginating table query results"), FilterExpression applies after, ExclusiveStartKey resumes after a key.
 * Secondary indexes are range scans of their stored entries (index-query.ts).
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { attributeOf, compareValues, normalizeItem, showValue, typeOf, type AttributeValue, type Item } from './attribute-value.js';
import { requireTable } from './access.js';
import type { DynamoContext, DynamoHandler } from './context.js';
import type { Condition, Path } from './expressions/ast.js';
import type { ExpressionScope } from './expressions/bind.js';
import { evaluateCondition } from './expressions/evaluate.js';
import { parseCondition } from './expressions/parser.js';
import { project } from './expressions/projection.js';
import { consumed, itemContext, projectionOf, readUnits, scopeOf } from './request.js';
import { firstNamedIn } from './expressions/condition-paths.js';
import { attributesToGetOf } from './legacy/attributes-to-get.js';
import { legacyFilterOf } from './legacy/conditions.js';
import { keyConditionsOf } from './legacy/key-conditions.js';
import { refuseMixing } from './legacy/mixing.js';
import { ensureBackfilled, indexPartitionRows, indexPosition, indexScanRows } from './index-query.js';
import type { SkBound, SkRange } from './store.js';
import { checkKey, encodeKey, encodeKeyValue, keyOf, type IndexInfo, type KeySchema, type Table } from './table.js';

/** AWS: a Query or Scan reads at most 1 MB per page. */
export const PAGE_BYTES = 1024 * 1024;
const CHUNK = 256;
/**
 * Rows read by the first query of a page; each next query reads twice as many, up to CHUNK. A page stops at 1 MB,
 * so with large items (400 KB) a fixed CHUNK would read (and hold) up to 100 MB of rows to answer three.
 */
const FIRST_CHUNK = 8;

interface Row { readonly item: Item; readonly size: number }

type RangeOp = '=' | '<' | '<=' | '>' | '>=' | 'between' | 'begins_with';

interface KeyCondition {
  readonly hash: AttributeValue;
  readonly range?: { readonly op: RangeOp; readonly values: readonly AttributeValue[] };
}

const FLIP: Readonly<Record<string, RangeOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

function keyCondInvalid(message: string): never {
  throw dynamoDbErrors.validation(message);
}

/** Split a bound KeyConditionExpression into the partition key value and the sort key predicate. */
export function analyzeKeyCondition(c: Condition, schema: KeySchema): KeyCondition {
  const terms: Condition[] = [];
  const flatten = (x: Condition): void => {
    if (x.kind === 'and') { flatten(x.left); flatten(x.right); return; }
    if (x.kind === 'or' || x.kind === 'not' || x.kind === 'in') keyCondInvalid(`Invalid operator used in KeyConditionExpression: ${x.kind.toUpperCase()}`);
    terms.push(x);
  };
  flatten(c);
  const found = new Map<string, { op: RangeOp; values: AttributeValue[] }>();
  for (const t of terms) {
    let path: Path | undefined;
    let op: RangeOp;
    let values: AttributeValue[];
    if (t.kind === 'compare') {
      if (t.op === '<>') keyCondInvalid('Unsupported operator on KeyConditionExpression: operator: <>');
      if (t.left.kind === 'path' && t.right.kind === 'literal') { path = t.left; op = t.op as RangeOp; values = [t.right.value]; }
      else if (t.right.kind === 'path' && t.left.kind === 'literal') { path = t.right; op = FLIP[t.op]!; values = [t.left.value]; }
      else keyCondInvalid('Invalid KeyConditionExpression: KeyConditionExpressions must compare a key attribute with a value');
    } else if (t.kind === 'between') {
      if (t.operand.kind !== 'path' || t.lo.kind !== 'literal' || t.hi.kind !== 'literal') keyCondInvalid('Invalid KeyConditionExpression: BETWEEN needs a key attribute and two values');
      path = t.operand; op = 'between'; values = [t.lo.value, t.hi.value];
    } else if (t.kind === 'function' && t.name === 'begins_with') {
      const [p, v] = t.args;
      if (p?.kind !== 'path' || v?.kind !== 'literal') keyCondInvalid('Invalid KeyConditionExpression: begins_with needs a key attribute and a value');
      path = p; op = 'begins_with'; values = [v.value];
    } else {
      keyCondInvalid(`Invalid operator used in KeyConditionExpression: ${t.kind === 'function' ? t.name : t.kind}`);
    }
    if (path!.elements.length !== 1 || typeof path!.elements[0] !== 'string') keyCondInvalid('KeyConditionExpressions cannot have conditions on nested attributes');
    const name = path!.elements[0] as string;
    if (found.has(name)) keyCondInvalid('KeyConditionExpressions must only contain one condition per key');
    found.set(name, { op: op!, values: values! });
  }
  const hash = found.get(schema.hash.name);
  if (!hash) keyCondInvalid(`Query condition missed key schema element: ${schema.hash.name}`);
  for (const name of found.keys()) {
    if (name !== schema.hash.name && name !== schema.range?.name) keyCondInvalid('Query key condition not supported');
  }
  if (hash!.op !== '=') keyCondInvalid('Query key condition not supported');
  const range = schema.range ? found.get(schema.range.name) : undefined;
  for (const [attr, cond] of [[schema.hash, hash!], [schema.range, range]] as const) {
    if (!attr || !cond) continue;
    if (cond.values.some((v) => typeOf(v) !== attr.type)) keyCondInvalid('One or more parameter values were invalid: Condition parameter type does not match schema type');
  }
  if (range?.op === 'begins_with' && schema.range?.type === 'N') {
    keyCondInvalid('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
  }
  if (range?.op === 'between' && (compareValues(range.values[0]!, range.values[1]!) ?? 0) > 0) {
    keyCondInvalid(`Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${showValue(range.values[0]!)}, upper bound operand: AttributeValue: ${showValue(range.values[1]!)}`);
  }
  return { hash: hash!.values[0]!, ...(range ? { range } : {}) };
}

/** The smallest byte string greater than every string starting with `prefix` (undefined: none). */
function prefixEnd(prefix: Buffer): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1]! += 1;
  return out;
}

/** The store's sort-key range for a sort key predicate. */
function skRange(range: KeyCondition['range']): SkRange {
  if (!range) return {};
  const b = (i: number, inclusive: boolean): SkBound => ({ value: encodeKeyValue(range.values[i]!), inclusive });
  switch (range.op) {
    case '=': return { lo: b(0, true), hi: b(0, true) };
    case '<': return { hi: b(0, false) };
    case '<=': return { hi: b(0, true) };
    case '>': return { lo: b(0, false) };
    case '>=': return { lo: b(0, true) };
    case 'between': return { lo: b(0, true), hi: b(1, true) };
    case 'begins_with': {
      const lo = encodeKeyValue(range.values[0]!);
      const end = prefixEnd(lo);
      return { lo: { value: lo, inclusive: true }, ...(end ? { hi: { value: end, inclusive: false } } : {}) };
    }
  }
}

/** Table rows of one partition within a range, chunk by chunk. */
function* partitionRows(ctx: DynamoContext, table: Table, pk: Buffer, range: SkRange, forward: boolean): Generator<Row> {
  let r = range;
  for (let n = FIRST_CHUNK; ; n = Math.min(CHUNK, n * 2)) {
    const rows = ctx.store.queryItems(table.row.id, pk, r, forward, n);
    for (const row of rows) yield { item: JSON.parse(row.body) as Item, size: row.size };
    if (rows.length < n) return;
    const last: SkBound = { value: rows[rows.length - 1]!.sk as Buffer, inclusive: false };
    r = forward ? { ...r, lo: last } : { ...r, hi: last };
  }
}

/** Every row of a table in (pk, sk) order, after a key. */
function* tableRows(ctx: DynamoContext, table: Table, after: { pk: Buffer; sk: Buffer } | undefined): Generator<Row & { pk: Uint8Array }> {
  let a = after;
  for (let n = FIRST_CHUNK; ; n = Math.min(CHUNK, n * 2)) {
    const rows = ctx.store.scanItems(table.row.id, a, n);
    for (const row of rows) yield { item: JSON.parse(row.body) as Item, size: row.size, pk: row.pk };
    if (rows.length < n) return;
    const last = rows[rows.length - 1]!;
    a = { pk: last.pk as Buffer, sk: last.sk as Buffer };
  }
}

interface PageOptions {
  readonly limit: number | undefined;
  readonly filter: Condition | undefined;
  readonly projection: readonly Path[] | undefined;
  readonly count: boolean;
  /** The key attributes a LastEvaluatedKey carries. */
  readonly keyOf: (item: Item) => Item;
}

/** Read one page from `rows`: Limit and 1 MB bound what is evaluated, the filter what is returned. */
function page(rows: Iterable<Row>, o: PageOptions): { items: Item[]; count: number; scanned: number; bytes: number; last?: Item } {
  const items: Item[] = [];
  let count = 0;
  let scanned = 0;
  let bytes = 0;
  let lastItem: Item | undefined;
  let stopped = false;
  for (const row of rows) {
    if (scanned > 0 && bytes + row.size > PAGE_BYTES) { stopped = true; break; }
    scanned++;
    bytes += row.size;
    lastItem = row.item;
    if (!o.filter || evaluateCondition(o.filter, row.item, 'FilterExpression')) {
      count++;
      if (!o.count) items.push(o.projection ? project(row.item, o.projection) : row.item);
    }
    // AWS: reaching Limit returns a LastEvaluatedKey even when nothing follows.
    if (o.limit !== undefined && scanned >= o.limit) { stopped = true; break; }
  }
  return { items, count, scanned, bytes, ...(stopped && lastItem ? { last: o.keyOf(lastItem) } : {}) };
}

function selectOf(input: Readonly<Record<string, unknown>>, index: IndexInfo | undefined): boolean {
  const select = input['Select'] as string | undefined;
  const projection = input['ProjectionExpression'] !== undefined || input['AttributesToGet'] !== undefined;
  if (select === 'SPECIFIC_ATTRIBUTES' && !projection) throw dynamoDbErrors.validation('Select type SPECIFIC_ATTRIBUTES requires AttributesToGet or ProjectionExpression');
  if (select !== undefined && select !== 'SPECIFIC_ATTRIBUTES' && projection) {
    throw dynamoDbErrors.validation(`Cannot specify the AttributesToGet when choosing to get ${select}`);
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !index) throw dynamoDbErrors.validation('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  return select === 'COUNT';
}

function indexOf(table: Table, name: string | undefined): IndexInfo | undefined {
  if (name === undefined) return undefined;
  const ix = table.indexes.get(name);
  if (!ix) throw dynamoDbErrors.validation(`The table does not have the specified index: ${name}`);
  return ix;
}

/** What an index holds of an item (AWS: KEYS_ONLY, INCLUDE, ALL projections). */
function indexProjection(table: Table, ix: IndexInfo): ((item: Item) => Item) {
  const type = ix.definition.Projection.ProjectionType ?? 'ALL';
  if (type === 'ALL') return (item) => item;
  const keep = new Set([table.schema.hash.name, table.schema.range?.name, ix.schema.hash.name, ix.schema.range?.name,
    ...(type === 'INCLUDE' ? ix.definition.Projection.NonKeyAttributes ?? [] : [])].filter((x): x is string => x !== undefined));
  return (item) => Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k)));
}

function indexKeyOf(table: Table, ix: IndexInfo) {
  return (item: Item): Item => ({ ...keyOf(table.schema, item), ...keyOf(ix.schema, item) });
}

function filterOf(scope: ExpressionScope, text: string | undefined): Condition | undefined {
  return text === undefined ? undefined : scope.condition(parseCondition(text, 'FilterExpression'), 'FilterExpression');
}

function startKeyOf(input: Readonly<Record<string, unknown>>, table: Table, ix: IndexInfo | undefined): Item | undefined {
  if (input['ExclusiveStartKey'] === undefined) return undefined;
  const esk = normalizeItem(input['ExclusiveStartKey']);
  const tableKey = keyOf(table.schema, esk);
  try {
    checkKey(table.schema, Object.fromEntries(Object.entries(tableKey).filter(([, v]) => v !== undefined)));
    if (ix) checkKey(ix.schema, keyOf(ix.schema, esk));
  } catch {
    throw dynamoDbErrors.validation('The provided starting key is invalid: The provided key element does not match the schema');
  }
  return esk;
}

function output(result: ReturnType<typeof page>, count: boolean): Record<string, unknown> {
  return {
    ...(count ? {} : { Items: result.items }), Count: result.count, ScannedCount: result.scanned,
    ...(result.last ? { LastEvaluatedKey: result.last } : {}),
  };
}

export const Query: DynamoHandler = (input, ctx) => {
  refuseMixing(input, 'Query');
  const keyText = input['KeyConditionExpression'] as string | undefined;
  if (keyText === undefined && input['KeyConditions'] === undefined) throw dynamoDbErrors.validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const filterText = input['FilterExpression'] as string | undefined;
  const projectionText = input['ProjectionExpression'] as string | undefined;
  const scope = scopeOf(input, [keyText, filterText, projectionText]);
  const keyCondition = keyText === undefined ? undefined : scope.condition(parseCondition(keyText, 'KeyConditionExpression'), 'KeyConditionExpression');
  const filter = filterOf(scope, filterText) ?? legacyFilterOf(input, 'QueryFilter');
  const projection = projectionOf(scope, projectionText) ?? attributesToGetOf(input['AttributesToGet']);
  scope.finish();
  // The key condition is read once the table is known: the partition key value is `dynamodb:LeadingKeys`.
  let kc: KeyCondition | undefined;
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:Query', (t) => {
    const schema = indexOf(t, input['IndexName'] as string | undefined)?.schema ?? t.schema;
    kc = analyzeKeyCondition(keyCondition ?? keyConditionsOf(input['KeyConditions'], schema), schema);
    // AWS: a Query's filter may not name the key attributes of the table or index queried.
    const keyAttr = filter && firstNamedIn(filter, [schema.hash.name, ...(schema.range ? [schema.range.name] : [])]);
    if (keyAttr !== undefined) {
      throw dynamoDbErrors.validation(`${filterText === undefined ? 'QueryFilter' : 'Filter Expression'} can only contain non-primary key attributes: Primary key attribute: ${keyAttr}`);
    }
    const keyed = kc.hash;
    return itemContext(input, () => ({ [t.schema.hash.name]: keyed }))(t);
  });
  const ix = indexOf(table, input['IndexName'] as string | undefined);
  if (!kc) throw dynamoDbErrors.internal();
  const keyCond: KeyCondition = kc;
  const count = selectOf(input, ix);
  if (ix && input['ConsistentRead'] === true && ix.global) throw dynamoDbErrors.validation('Consistent reads are not supported on global secondary indexes');
  const forward = input['ScanIndexForward'] !== false;
  const start = startKeyOf(input, table, ix);
  const opts: PageOptions = { limit: input['Limit'] as number | undefined, filter, projection, count, keyOf: ix ? indexKeyOf(table, ix) : (item) => keyOf(table.schema, item) };
  let rows: Iterable<Row>;
  if (ix) {
    // An index Query is a range scan of the index entries (index-query.ts).
    ensureBackfilled(ctx, table, ix);
    const project = indexProjection(table, ix);
    const found = indexPartitionRows(ctx, table, ix, encodeKeyValue(keyCond.hash), skRange(keyCond.range), forward,
      start && indexPosition(table, ix, start), (opts.limit ?? CHUNK) + 1);
    rows = (function* () { for (const r of found) yield { item: project(r.item), size: r.size }; })();
  } else {
    const pk = encodeKeyValue(keyCond.hash);
    let range = skRange(keyCond.range);
    if (start) {
      const s = encodeKey(table.schema, start);
      if (!s.pk.equals(pk)) throw dynamoDbErrors.validation('The provided starting key is outside query boundaries based on provided conditions');
      range = forward ? { ...range, lo: { value: s.sk, inclusive: false } } : { ...range, hi: { value: s.sk, inclusive: false } };
    }
    rows = partitionRows(ctx, table, pk, range, forward);
  }
  const result = page(rows, opts);
  return { ...output(result, count), ...consumed(input, table, readUnits(result.bytes, input['ConsistentRead'] === true)) };
};

/** A stable 32-bit hash of a partition key, for parallel Scan segments. */
function segmentOf(pk: Uint8Array, total: number): number {
  let h = 0x811c9dc5;
  for (const b of pk) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  return h % total;
}

export const Scan: DynamoHandler = (input, ctx) => {
  refuseMixing(input, 'Scan');
  const filterText = input['FilterExpression'] as string | undefined;
  const projectionText = input['ProjectionExpression'] as string | undefined;
  const scope = scopeOf(input, [filterText, projectionText]);
  const filter = filterOf(scope, filterText) ?? legacyFilterOf(input, 'ScanFilter');
  const projection = projectionOf(scope, projectionText) ?? attributesToGetOf(input['AttributesToGet']);
  scope.finish();
  const segment = input['Segment'] as number | undefined;
  const total = input['TotalSegments'] as number | undefined;
  if (segment !== undefined && total === undefined) throw dynamoDbErrors.validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  if (total !== undefined && segment === undefined) throw dynamoDbErrors.validation('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  if (segment !== undefined && total !== undefined && segment >= total) {
    throw dynamoDbErrors.validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`);
  }
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:Scan', itemContext(input, () => undefined));
  const ix = indexOf(table, input['IndexName'] as string | undefined);
  const count = selectOf(input, ix);
  const start = startKeyOf(input, table, ix);
  const opts: PageOptions = { limit: input['Limit'] as number | undefined, filter, projection, count, keyOf: ix ? indexKeyOf(table, ix) : (item) => keyOf(table.schema, item) };
  // Parallel scan: a segment is the set of partitions (of the table or index scanned) hashing to it.
  const partitionOf = (item: Item): Uint8Array => encodeKeyValue(attributeOf(item, (ix ?? table).schema.hash.name)!);
  const inSegment = (item: Item): boolean => segment === undefined || total === undefined || segmentOf(partitionOf(item), total) === segment;
  if (start && total !== undefined && total > 1 && !inSegment(start)) {
    throw dynamoDbErrors.validation(`The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${total} Segment: ${segment}`);
  }
  let rows: Iterable<Row>;
  if (ix) {
    // An index Scan walks the index entries in index order (index-query.ts); a parallel scan keeps its segment's.
    ensureBackfilled(ctx, table, ix);
    const project = indexProjection(table, ix);
    const found = indexScanRows(ctx, table, ix, start);
    rows = (function* () { for (const r of found) if (inSegment(r.item)) yield { item: project(r.item), size: r.size }; })();
  } else {
    const all = tableRows(ctx, table, start ? encodeKey(table.schema, start) : undefined);
    rows = segment === undefined || total === undefined ? all : (function* () { for (const r of all) if (segmentOf(r.pk, total) === segment) yield r; })();
  }
  const result = page(rows, opts);
  return { ...output(result, count), ...consumed(input, table, readUnits(result.bytes, input['ConsistentRead'] === true)) };
};

