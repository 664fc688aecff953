/**
 * @module Table operations: CreateTable, DescribeTable, ListTables, DeleteTable. Creation is immediate (the
 * table is ACTIVE in the CreateTable response; AWS shows CREATING for a few seconds), deletion too.
 */
import { createHash } from 'node:crypto';
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { authorize, findTable, requireTable, tableRef } from './access.js';
import type { DynamoContext, DynamoHandler } from './context.js';
import { checkPolicyDocument, newRevisionId } from './resource-policy.js';
import { checkTags, mergeTags } from './table-settings.js';
import { checkOnDemand, checkStream, DEFAULT_WARM, sseOf, storedIndex, streamLabel, type SseInput } from './table-options.js';
import { checkTableSchema, type BillingMode, type IndexInput, type Throughput } from './table-schema.js';
import { schemaOf, type AttributeDefinition, type IndexDefinition, type KeySchemaElement, type Table, type TableDefinition } from './table.js';

interface CreateTableInput {
  readonly TableName: string;
  readonly KeySchema?: readonly KeySchemaElement[];
  readonly AttributeDefinitions?: readonly AttributeDefinition[];
  readonly BillingMode?: BillingMode;
  readonly ProvisionedThroughput?: Throughput;
  readonly GlobalSecondaryIndexes?: readonly IndexInput[];
  readonly LocalSecondaryIndexes?: readonly IndexInput[];
  readonly DeletionProtectionEnabled?: boolean;
  readonly TableClass?: string;
  readonly ResourcePolicy?: string;
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly StreamSpecification?: { readonly StreamEnabled: boolean; readonly StreamViewType?: string };
  readonly SSESpecification?: SseInput;
  readonly OnDemandThroughput?: TableDefinition['OnDemandThroughput'];
  readonly WarmThroughput?: TableDefinition['WarmThroughput'];
  readonly GlobalTableSourceArn?: string;
  readonly GlobalTableSettingsReplicationMode?: string;
}

/** A deterministic UUID for a table (services draw no randomness): a hash of its ARN and creation time. */
function tableId(arn: string, now: number): string {
  const h = createHash('sha256').update(`${arn}\u0000${now}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function throughput(p: Throughput | undefined, d?: TableDefinition) {
  return {
    ...(d?.LastIncrease !== undefined ? { LastIncreaseDateTime: new Date(d.LastIncrease) } : {}),
    ...(d?.LastDecrease !== undefined ? { LastDecreaseDateTime: new Date(d.LastDecrease) } : {}),
    NumberOfDecreasesToday: d?.Decreases?.count ?? 0, ReadCapacityUnits: p?.ReadCapacityUnits ?? 0, WriteCapacityUnits: p?.WriteCapacityUnits ?? 0,
  };
}

/** Index states an UpdateTable response shows for the index it creates or deletes (later describes: settled). */
export interface IndexChange { readonly name: string; readonly status: 'CREATING' | 'DELETING' }

/** The TableDescription of a table (counts from the store: AWS refreshes them about every six hours). */
export function describeTable(ctx: DynamoContext, table: Table, status = 'ACTIVE', change?: IndexChange, deleted?: IndexDefinition): Record<string, unknown> {
  const d = table.definition;
  const stats = ctx.store.tableStats(table.row.id);
  const created = new Date(table.row.createdAt);
  const index = (ix: IndexDefinition, global: boolean) => {
    const ixStats = ix.Backfilled ? ctx.store.indexStats(table.row.id, ix.IndexName) : { count: 0, bytes: 0 };
    const ixStatus = change?.name === ix.IndexName ? change.status : 'ACTIVE';
    return {
      IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection,
      ...(global ? {
        IndexStatus: ixStatus, ...(ixStatus === 'CREATING' ? { Backfilling: true } : {}),
        ProvisionedThroughput: throughput(ix.ProvisionedThroughput),
        ...(ix.OnDemandThroughput ? { OnDemandThroughput: ix.OnDemandThroughput } : {}),
        WarmThroughput: { ReadUnitsPerSecond: ix.WarmThroughput?.ReadUnitsPerSecond ?? DEFAULT_WARM.read, WriteUnitsPerSecond: ix.WarmThroughput?.WriteUnitsPerSecond ?? DEFAULT_WARM.write, Status: ixStatus === 'ACTIVE' ? 'ACTIVE' : 'UPDATING' },
      } : {}),
      IndexSizeBytes: ixStats.bytes, ItemCount: ixStats.count, IndexArn: `${table.arn}/index/${ix.IndexName}`,
    };
  };
  const gsis = [...(d.GlobalSecondaryIndexes ?? []), ...(deleted ? [deleted] : [])];
  const stream = d.StreamSpecification;
  return {
    AttributeDefinitions: d.AttributeDefinitions,
    TableName: table.row.name,
    KeySchema: d.KeySchema,
    TableStatus: status,
    CreationDateTime: created,
    ProvisionedThroughput: throughput(d.ProvisionedThroughput, d),
    TableSizeBytes: stats.bytes,
    ItemCount: stats.count,
    TableArn: table.arn,
    TableId: d.TableId,
    ...(d.BillingMode === 'PAY_PER_REQUEST' ? { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: new Date(d.PayPerRequestSince ?? table.row.createdAt) } } : {}),
    ...(d.LocalSecondaryIndexes ? { LocalSecondaryIndexes: d.LocalSecondaryIndexes.map((ix) => index(ix, false)) } : {}),
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis.map((ix) => index(ix, true)) } : {}),
    ...(stream?.StreamEnabled ? { StreamSpecification: stream } : {}),
    ...(d.LatestStreamLabel ? { LatestStreamLabel: d.LatestStreamLabel, LatestStreamArn: `${table.arn}/stream/${d.LatestStreamLabel}` } : {}),
    ...(d.SSE ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: d.SSE.KMSMasterKeyArn } } : {}),
    ...(d.TableClass ? { TableClassSummary: { TableClass: d.TableClass } } : {}),
    DeletionProtectionEnabled: d.DeletionProtectionEnabled,
    ...(d.OnDemandThroughput ? { OnDemandThroughput: d.OnDemandThroughput } : {}),
    WarmThroughput: { ReadUnitsPerSecond: d.WarmThroughput?.ReadUnitsPerSecond ?? DEFAULT_WARM.read, WriteUnitsPerSecond: d.WarmThroughput?.WriteUnitsPerSecond ?? DEFAULT_WARM.write, Status: status === 'ACTIVE' ? 'ACTIVE' : 'UPDATING' },
  };
}

export const CreateTable: DynamoHandler = (raw, ctx) => {
  const input = raw as unknown as CreateTableInput;
  const ref = tableRef(ctx, input.TableName);
  const missing: string[] = [];
  if (!input.AttributeDefinitions) missing.push("Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
  if (!input.KeySchema) missing.push("Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
  if (missing.length > 0) throw dynamoDbErrors.constraints(missing);
  if (input.GlobalTableSourceArn !== undefined || input.GlobalTableSettingsReplicationMode !== undefined) {
    throw dynamoDbErrors.validation('Global tables (GlobalTableSourceArn, GlobalTableSettingsReplicationMode) are not supported by this emulator');
  }
  const keySchema = input.KeySchema!;
  const defs = input.AttributeDefinitions!;
  const billing = input.BillingMode ?? 'PROVISIONED';
  checkTableSchema({ KeySchema: keySchema, AttributeDefinitions: defs, GlobalSecondaryIndexes: input.GlobalSecondaryIndexes, LocalSecondaryIndexes: input.LocalSecondaryIndexes, BillingMode: billing, ProvisionedThroughput: input.ProvisionedThroughput });
  const stream = input.StreamSpecification ? checkStream(input.StreamSpecification) : undefined;
  const sse = input.SSESpecification ? sseOf(input.SSESpecification, ref.region, ref.account) : undefined;
  checkOnDemand(input.OnDemandThroughput, billing);
  for (const ix of input.GlobalSecondaryIndexes ?? []) checkOnDemand(ix.OnDemandThroughput, billing);

  if (input.Tags) checkTags(input.Tags);
  authorize(ctx, 'dynamodb:CreateTable', ref.arn, ref.account, undefined);
  if (input.ResourcePolicy !== undefined) {
    checkPolicyDocument(input.ResourcePolicy);
    authorize(ctx, 'dynamodb:PutResourcePolicy', ref.arn, ref.account, undefined);
  }
  // AWS: tagging on creation is also authorized as dynamodb:TagResource.
  if (input.Tags && input.Tags.length > 0) authorize(ctx, 'dynamodb:TagResource', ref.arn, ref.account, undefined);
  if (findTable(ctx, ref) || ref.region !== ctx.call.caller.region) {
    if (ref.region !== ctx.call.caller.region) throw dynamoDbErrors.validation(`Invalid TableArn: the table must be in the region the request was sent to (${ctx.call.caller.region})`);
    throw dynamoDbErrors.tableExists(ref.name);
  }
  const definition: TableDefinition = {
    TableId: tableId(ref.arn, ctx.now),
    KeySchema: keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    AttributeDefinitions: defs.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    BillingMode: billing,
    ...(input.ProvisionedThroughput ? { ProvisionedThroughput: { ReadCapacityUnits: input.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: input.ProvisionedThroughput.WriteCapacityUnits } } : {}),
    // A new table is empty: its indexes are complete from the start.
    ...(input.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.map((ix) => storedIndex(ix, true)) } : {}),
    ...(input.LocalSecondaryIndexes ? { LocalSecondaryIndexes: input.LocalSecondaryIndexes.map((ix) => storedIndex(ix, true)) } : {}),
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
    ...(input.TableClass ? { TableClass: input.TableClass } : {}),
    ...(input.Tags && input.Tags.length > 0 ? { Tags: mergeTags([], input.Tags) } : {}),
    ...(stream?.StreamEnabled ? { StreamSpecification: stream, LatestStreamLabel: streamLabel(ctx.now) } : {}),
    ...(sse ? { SSE: sse } : {}),
    ...(input.OnDemandThroughput ? { OnDemandThroughput: input.OnDemandThroughput } : {}),
    ...(input.WarmThroughput ? { WarmThroughput: input.WarmThroughput } : {}),
  };
  schemaOf(definition.KeySchema, definition.AttributeDefinitions);
  const policy = input.ResourcePolicy ?? null;
  const row = ctx.store.createTable(ref.scope, ref.name, JSON.stringify(definition), ctx.now, policy, policy === null ? null : newRevisionId(policy, ctx.now));
  return { TableDescription: describeTable(ctx, tableOfRow(ctx, ref.scope, row.name)) };
};

export function tableOfRow(ctx: DynamoContext, scope: string, name: string): Table {
  const [account = '', region = ''] = scope.split('/');
  const t = findTable(ctx, { account, region, name, scope, arn: '' });
  if (!t) throw dynamoDbErrors.internal();
  return t;
}

export const DescribeTable: DynamoHandler = (raw, ctx) => {
  const table = requireTable(ctx, raw['TableName'] as string, 'dynamodb:DescribeTable');
  return { Table: describeTable(ctx, table) };
};

export const DeleteTable: DynamoHandler = (raw, ctx) => {
  const table = requireTable(ctx, raw['TableName'] as string, 'dynamodb:DeleteTable');
  if (table.definition.DeletionProtectionEnabled) {
    throw dynamoDbErrors.validation(`Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`);
  }
  const description = describeTable(ctx, table, 'DELETING');
  ctx.store.deleteTable(table.row);
  return { TableDescription: description };
};

export const ListTables: DynamoHandler = (raw, ctx) => {
  const { account, region } = ctx.call.caller;
  // AWS (service authorization reference): ListTables has no resource type; it is authorized on `*`.
  authorize(ctx, 'dynamodb:ListTables', '*', account, undefined, {}, `arn:aws:dynamodb:${region}:${account}:table/*`);
  const limit = (raw['Limit'] as number | undefined) ?? 100;
  const names = ctx.store.listTables(`${account}/${region}`, raw['ExclusiveStartTableName'] as string | undefined, limit + 1);
  const page = names.slice(0, limit);
  return { TableNames: page, ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
};
