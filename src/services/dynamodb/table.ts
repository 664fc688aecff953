/**
 * @module A table as the handlers see it: the stored definition parsed once per stored row, its key schema and
 * indexes, its ARN, and the key encoding that makes the store's `(pk, sk)` order DynamoDB's order
 * (strings by UTF-8 bytes, numbers numerically, binaries by unsigned bytes).
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { attributeOf, newMap, typeOf, type AttributeValue, type Item } from './attribute-value.js';
import { encodeNumberKey, parseNumber } from './numbers.js';
import type { TableRow } from './store.js';

export type ScalarType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: ScalarType;
}

export interface KeySchema {
  readonly hash: KeyAttribute;
  readonly range?: KeyAttribute;
}

export interface KeySchemaElement { readonly AttributeName: string; readonly KeyType: 'HASH' | 'RANGE' }
export interface AttributeDefinition { readonly AttributeName: string; readonly AttributeType: ScalarType }

/** An index as stored (wire names, as CreateTable received them). */
export interface IndexDefinition {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: readonly string[] };
  readonly ProvisionedThroughput?: { readonly ReadCapacityUnits: number; readonly WriteCapacityUnits: number };
  /** GSI on-demand maximums (UpdateTable / CreateTable OnDemandThroughput). */
  readonly OnDemandThroughput?: { readonly MaxReadRequestUnits?: number; readonly MaxWriteRequestUnits?: number };
  readonly WarmThroughput?: { readonly ReadUnitsPerSecond?: number; readonly WriteUnitsPerSecond?: number };
  /** The store holds this index's entries for every item (set at creation, or once backfilled). */
  readonly Backfilled?: boolean;
  /** Epoch milliseconds UpdateTable created the index (its describe shows CREATING until a later request). */
  readonly CreatedAt?: number;
}

/** The stored definition of a table (JSON in the store). */
export interface TableDefinition {
  readonly TableId: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly AttributeDefinitions: readonly AttributeDefinition[];
  readonly BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readonly ProvisionedThroughput?: { readonly ReadCapacityUnits: number; readonly WriteCapacityUnits: number };
  readonly GlobalSecondaryIndexes?: readonly IndexDefinition[];
  readonly LocalSecondaryIndexes?: readonly IndexDefinition[];
  readonly DeletionProtectionEnabled: boolean;
  readonly TableClass?: string;
  /** UpdateTimeToLive: the attribute and whether expiry is on (absent: never set, DISABLED). */
  readonly TimeToLive?: { readonly AttributeName: string; readonly Enabled: boolean };
  /** UpdateContinuousBackups: point-in-time recovery (absent: disabled). */
  readonly PointInTimeRecovery?: { readonly Enabled: boolean; readonly RecoveryPeriodInDays?: number };
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
  /** Streams: the specification and the label of the latest stream (kept after disabling, as AWS shows it). */
  readonly StreamSpecification?: { readonly StreamEnabled: boolean; readonly StreamViewType?: string };
  readonly LatestStreamLabel?: string;
  /** Server-side encryption with a KMS key (absent: AWS owned key, no SSEDescription). */
  readonly SSE?: { readonly KMSMasterKeyArn: string };
  readonly OnDemandThroughput?: { readonly MaxReadRequestUnits?: number; readonly MaxWriteRequestUnits?: number };
  readonly WarmThroughput?: { readonly ReadUnitsPerSecond?: number; readonly WriteUnitsPerSecond?: number };
  /** Epoch milliseconds of the last switch to PAY_PER_REQUEST (BillingModeSummary). */
  readonly PayPerRequestSince?: number;
  /** Provisioned throughput history (ProvisionedThroughputDescription). */
  readonly LastIncrease?: number;
  readonly LastDecrease?: number;
  readonly Decreases?: { readonly day: string; readonly count: number };
}

export interface IndexInfo {
  readonly name: string;
  readonly global: boolean;
  readonly schema: KeySchema;
  readonly definition: IndexDefinition;
}

export interface Table {
  readonly row: TableRow;
  readonly definition: TableDefinition;
  readonly schema: KeySchema;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly indexes: ReadonlyMap<string, IndexInfo>;
}

/** `arn:aws:dynamodb:<region>:<account>:table/<name>`. */
export function tableArn(region: string, account: string, name: string): string {
  return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
}

/** The key schema of a KeySchema list, with the attribute types from the definitions. */
export function schemaOf(elements: readonly KeySchemaElement[], defs: readonly AttributeDefinition[]): KeySchema {
  const typeOfAttr = (name: string): ScalarType => defs.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
  const hash = elements.find((e) => e.KeyType === 'HASH')!;
  const range = elements.find((e) => e.KeyType === 'RANGE');
  return {
    hash: { name: hash.AttributeName, type: typeOfAttr(hash.AttributeName) },
    ...(range ? { range: { name: range.AttributeName, type: typeOfAttr(range.AttributeName) } } : {}),
  };
}

const parsed = new WeakMap<TableRow, Table>();

/** The table of a stored row (parsed once per row version). */
export function tableOf(row: TableRow): Table {
  const known = parsed.get(row);
  if (known) return known;
  const definition = JSON.parse(row.definition) as TableDefinition;
  const [account = '', region = ''] = row.scope.split('/');
  const indexes = new Map<string, IndexInfo>();
  for (const [list, global] of [[definition.GlobalSecondaryIndexes, true], [definition.LocalSecondaryIndexes, false]] as const) {
    for (const ix of list ?? []) indexes.set(ix.IndexName, { name: ix.IndexName, global, schema: schemaOf(ix.KeySchema, definition.AttributeDefinitions), definition: ix });
  }
  const t: Table = { row, definition, schema: schemaOf(definition.KeySchema, definition.AttributeDefinitions), arn: tableArn(region, account, row.name), account, region, indexes };
  parsed.set(row, t);
  return t;
}

/** Order-preserving bytes of a key value: UTF-8 for strings, raw bytes for binaries, numbers by numbers.ts. */
export function encodeKeyValue(v: AttributeValue): Buffer {
  if ('S' in v) return Buffer.from(v.S, 'utf8');
  if ('N' in v) return Buffer.from(encodeNumberKey(parseNumber(v.N)), 'latin1');
  if ('B' in v) return Buffer.from(v.B, 'base64');
  throw new Error('not a key type');
}

const EMPTY = Buffer.alloc(0);

/** The encoded key of a full key (hash, and range if the table has one). */
export interface EncodedKey {
  readonly pk: Buffer;
  readonly sk: Buffer;
}

export function encodeKey(schema: KeySchema, key: Item): EncodedKey {
  return {
    pk: encodeKeyValue(attributeOf(key, schema.hash.name)!),
    sk: schema.range ? encodeKeyValue(attributeOf(key, schema.range.name)!) : EMPTY,
  };
}

// AWS: partition key values up to 2048 bytes, sort key values up to 1024 bytes.
const MAX_HASH = 2048;
const MAX_RANGE = 1024;

/** AWS: empty strings and binaries are allowed in non-key attributes, not in table or index keys. */
function emptyKeyValue(v: AttributeValue): 'string' | 'binary' | undefined {
  return 'S' in v && v.S === '' ? 'string' : 'B' in v && v.B === '' ? 'binary' : undefined;
}

function checkKeyValue(attr: KeyAttribute, v: AttributeValue, hash: boolean, mismatch: () => never): void {
  const t = typeOf(v);
  if (t !== attr.type) mismatch();
  const empty = emptyKeyValue(v);
  if (empty) throw dynamoDbErrors.validation(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${empty} value. Key: ${attr.name}`);
  const size = 'S' in v ? Buffer.byteLength(v.S, 'utf8') : 'B' in v ? Buffer.byteLength(v.B, 'base64') : 0;
  if (hash && size > MAX_HASH) throw dynamoDbErrors.validation(`One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of${MAX_HASH} bytes`);
  if (!hash && size > MAX_RANGE) throw dynamoDbErrors.validation(`One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of ${MAX_RANGE} bytes`);
}

/** Check the key attributes of an item being written (PutItem, BatchWriteItem). */
export function checkItemKey(schema: KeySchema, item: Item): void {
  for (const [attr, hash] of [[schema.hash, true], [schema.range, false]] as const) {
    if (!attr) continue;
    const v = attributeOf(item, attr.name);
    if (!v) throw dynamoDbErrors.validation(`One or more parameter values were invalid: Missing the key ${attr.name} in the item`);
    checkKeyValue(attr, v, hash, () => {
      throw dynamoDbErrors.validation(`One or more parameter values were invalid: Type mismatch for key ${attr.name} expected: ${attr.type} actual: ${typeOf(v)}`);
    });
  }
}

/**
 * Check the index key attributes of an item being written (PutItem, the item an UpdateItem makes, BatchWriteItem).
 * AWS: an item lacking an index key attribute is simply not in that index (sparse index), but one present with
 * another type than the attribute definition is refused: `Type mismatch for Index Key <attr> Expected: S Actual:
 * NULL IndexName: <index>`.
 */
export function checkIndexKeys(table: Table, item: Item): void {
  for (const ix of table.indexes.values()) {
    for (const attr of [ix.schema.hash, ix.schema.range]) {
      if (!attr) continue;
      const v = attributeOf(item, attr.name);
      if (v === undefined) continue;
      const actual = typeOf(v);
      if (actual !== attr.type) {
        throw dynamoDbErrors.validation(`One or more parameter values were invalid: Type mismatch for Index Key ${attr.name} Expected: ${attr.type} Actual: ${actual} IndexName: ${ix.name}`);
      }
      const empty = emptyKeyValue(v);
      if (empty) {
        throw dynamoDbErrors.validation(`One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${empty} value. IndexName: ${ix.name}, IndexKey: ${attr.name}`);
      }
    }
  }
}

/** Whether an item carries every key attribute of a schema with the declared type (is in that index). */
export function hasKeyOf(schema: KeySchema, item: Item): boolean {
  for (const attr of [schema.hash, schema.range]) {
    if (!attr) continue;
    const v = attributeOf(item, attr.name);
    if (v === undefined || typeOf(v) !== attr.type || emptyKeyValue(v)) return false;
  }
  return true;
}

/** Check a `Key` parameter: exactly the key attributes, of the right types (GetItem, UpdateItem, DeleteItem...). */
export function checkKey(schema: KeySchema, key: Item): void {
  const mismatch = (): never => { throw dynamoDbErrors.validation('The provided key element does not match the schema'); };
  const names = Object.keys(key);
  if (names.length !== (schema.range ? 2 : 1)) mismatch();
  for (const [attr, hash] of [[schema.hash, true], [schema.range, false]] as const) {
    if (!attr) continue;
    const v = attributeOf(key, attr.name);
    if (!v) mismatch();
    checkKeyValue(attr, v!, hash, mismatch);
  }
}

/** The key attributes of an item. */
export function keyOf(schema: KeySchema, item: Item): Record<string, AttributeValue> {
  const out = newMap();
  out[schema.hash.name] = attributeOf(item, schema.hash.name)!;
  if (schema.range) out[schema.range.name] = attributeOf(item, schema.range.name)!;
  return out;
}
