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
import { schemaOf, type AttributeDefinition, type IndexDefinition, type KeySchemaElement, type Table, type TableDefinition } from './table.js';

interface IndexInput {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: IndexDefinition['Projection'];
  readonly ProvisionedThroughput?: { readonly ReadCapacityUnits: number; readonly WriteCapacityUnits: number };
}

interface CreateTableInput {
  readonly TableName: string;
  readonly KeySchema?: readonly KeySchemaElement[];
  readonly AttributeDefinitions?: readonly AttributeDefinition[];
  readonly BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readonly ProvisionedThroughput?: { readonly ReadCapacityUnits: number; readonly WriteCapacityUnits: number };
  readonly GlobalSecondaryIndexes?: readonly IndexInput[];
  readonly LocalSecondaryIndexes?: readonly IndexInput[];
  readonly DeletionProtectionEnabled?: boolean;
  readonly TableClass?: string;
  readonly ResourcePolicy?: string;
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
}

const invalid = (message: string): never => { throw dynamoDbErrors.validation(`One or more parameter values were invalid: ${message}`); };

function checkKeySchema(schema: readonly KeySchemaElement[], what: string): void {
  // AWS: the first element is the HASH key; an optional second is the RANGE key.
  if (schema[0]?.KeyType !== 'HASH') throw dynamoDbErrors.validation(`Invalid KeySchema: The first KeySchemaElement is not a HASH key type`);
  if (schema.length > 1 && schema[1]?.KeyType !== 'RANGE') throw dynamoDbErrors.validation(`Invalid KeySchema: The second KeySchemaElement is not a RANGE key type`);
  if (schema.length > 1 && schema[0].AttributeName === schema[1]?.AttributeName) {
    invalid(`Both the Hash Key and the Range Key element in the KeySchema have the same name${what}`);
  }
}

/** A deterministic UUID for a table (services draw no randomness): a hash of its ARN and creation time. */
function tableId(arn: string, now: number): string {
  const h = createHash('sha256').update(`${arn}\u0000${now}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function throughput(p: { readonly ReadCapacityUnits: number; readonly WriteCapacityUnits: number } | undefined) {
  return { NumberOfDecreasesToday: 0, ReadCapacityUnits: p?.ReadCapacityUnits ?? 0, WriteCapacityUnits: p?.WriteCapacityUnits ?? 0 };
}

/** The TableDescription of a table (counts from the store: AWS refreshes them about every six hours). */
export function describeTable(ctx: DynamoContext, table: Table, status = 'ACTIVE'): Record<string, unknown> {
  const d = table.definition;
  const stats = ctx.store.tableStats(table.row.id);
  const created = new Date(table.row.createdAt);
  const index = (ix: IndexDefinition, global: boolean) => ({
    IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection,
    ...(global ? { IndexStatus: 'ACTIVE', ProvisionedThroughput: throughput(ix.ProvisionedThroughput) } : {}),
    IndexSizeBytes: 0, ItemCount: 0, IndexArn: `${table.arn}/index/${ix.IndexName}`,
  });
  return {
    AttributeDefinitions: d.AttributeDefinitions,
    TableName: table.row.name,
    KeySchema: d.KeySchema,
    TableStatus: status,
    CreationDateTime: created,
    ProvisionedThroughput: throughput(d.ProvisionedThroughput),
    TableSizeBytes: stats.bytes,
    ItemCount: stats.count,
    TableArn: table.arn,
    TableId: d.TableId,
    ...(d.BillingMode === 'PAY_PER_REQUEST' ? { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: created } } : {}),
    ...(d.LocalSecondaryIndexes ? { LocalSecondaryIndexes: d.LocalSecondaryIndexes.map((ix) => index(ix, false)) } : {}),
    ...(d.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: d.GlobalSecondaryIndexes.map((ix) => index(ix, true)) } : {}),
    ...(d.TableClass ? { TableClassSummary: { TableClass: d.TableClass } } : {}),
    DeletionProtectionEnabled: d.DeletionProtectionEnabled,
  };
}

export const CreateTable: DynamoHandler = (raw, ctx) => {
  const input = raw as unknown as CreateTableInput;
  const ref = tableRef(ctx, input.TableName);
  const missing: string[] = [];
  if (!input.AttributeDefinitions) missing.push("Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
  if (!input.KeySchema) missing.push("Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
  if (missing.length > 0) throw dynamoDbErrors.constraints(missing);
  const keySchema = input.KeySchema!;
  const defs = input.AttributeDefinitions!;
  checkKeySchema(keySchema, '');
  const defined = new Set(defs.map((d) => d.AttributeName));
  if (defined.size !== defs.length) invalid('Cannot have two attributes with the same name');
  const used = new Set(keySchema.map((k) => k.AttributeName));
  const checkDefined = (schema: readonly KeySchemaElement[]) => {
    const undefinedKeys = schema.map((k) => k.AttributeName).filter((n) => !defined.has(n));
    if (undefinedKeys.length > 0) {
      invalid(`Some index key attributes are not defined in AttributeDefinitions. Keys: [${undefinedKeys.join(', ')}], AttributeDefinitions: [${[...defined].join(', ')}]`);
    }
  };
  checkDefined(keySchema);
  const billing = input.BillingMode ?? 'PROVISIONED';
  const indexNames = new Set<string>();
  for (const [list, global] of [[input.GlobalSecondaryIndexes, true], [input.LocalSecondaryIndexes, false]] as const) {
    for (const ix of list ?? []) {
      checkKeySchema(ix.KeySchema, ` of index ${ix.IndexName}`);
      checkDefined(ix.KeySchema);
      if (indexNames.has(ix.IndexName)) invalid(`Duplicate index name: ${ix.IndexName}`);
      indexNames.add(ix.IndexName);
      for (const k of ix.KeySchema) used.add(k.AttributeName);
      if (!global) {
        // AWS: a local secondary index shares the table's partition key and needs a table with a sort key.
        if (keySchema.length < 2) invalid('Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
        if (ix.KeySchema[0]?.AttributeName !== keySchema[0]?.AttributeName) invalid(`Index KeySchema does not have the same leading hash key as table KeySchema for index: ${ix.IndexName}. index hash key: ${ix.KeySchema[0]?.AttributeName ?? ''}, table hash key: ${keySchema[0]?.AttributeName ?? ''}`);
      }
      if (global && billing === 'PROVISIONED' && !ix.ProvisionedThroughput) invalid(`ProvisionedThroughput is not specified for index: ${ix.IndexName}`);
      if (ix.Projection.ProjectionType === 'INCLUDE' && !ix.Projection.NonKeyAttributes) invalid('NonKeyAttributes must be specified when ProjectionType is INCLUDE');
    }
  }
  if (used.size !== defined.size) invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  // AWS: PROVISIONED (the default) needs ProvisionedThroughput; PAY_PER_REQUEST refuses it.
  if (billing === 'PROVISIONED' && !input.ProvisionedThroughput) invalid('ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  if (billing === 'PAY_PER_REQUEST' && input.ProvisionedThroughput) invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');

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
  const stripIndex = (ix: IndexInput): IndexDefinition => ({
    IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection,
    ...(ix.ProvisionedThroughput ? { ProvisionedThroughput: ix.ProvisionedThroughput } : {}),
    Backfilled: true, // a new table is empty: its indexes are complete from the start
  });
  const definition: TableDefinition = {
    TableId: tableId(ref.arn, ctx.now),
    KeySchema: keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    AttributeDefinitions: defs.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    BillingMode: billing,
    ...(input.ProvisionedThroughput ? { ProvisionedThroughput: { ReadCapacityUnits: input.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: input.ProvisionedThroughput.WriteCapacityUnits } } : {}),
    ...(input.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.map(stripIndex) } : {}),
    ...(input.LocalSecondaryIndexes ? { LocalSecondaryIndexes: input.LocalSecondaryIndexes.map(stripIndex) } : {}),
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
    ...(input.TableClass ? { TableClass: input.TableClass } : {}),
    ...(input.Tags && input.Tags.length > 0 ? { Tags: mergeTags([], input.Tags) } : {}),
  };
  schemaOf(definition.KeySchema, definition.AttributeDefinitions);
  const policy = input.ResourcePolicy ?? null;
  const row = ctx.store.createTable(ref.scope, ref.name, JSON.stringify(definition), ctx.now, policy, policy === null ? null : newRevisionId(policy, ctx.now));
  return { TableDescription: describeTable(ctx, tableOfRow(ctx, ref.scope, row.name)) };
};

function tableOfRow(ctx: DynamoContext, scope: string, name: string): Table {
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
