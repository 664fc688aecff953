/**
 * @module UpdateTable (Amazon DynamoDB API Reference, UpdateTable; "Managing global secondary indexes"). Every
 * change is validated before any is stored, then the table is settled at once: the response shows the table
 * UPDATING and a created index CREATING with Backfilling (a deleted one DELETING), as AWS does; the index is
 * backfilled from the table's items within the call, so the next DescribeTable shows it ACTIVE and Query serves it.
 */
import { DynamoDbError, dynamoDbErrors } from '../../errors/dynamodb.js';
import { requireTable } from './access.js';
import type { DynamoHandler } from './context.js';
import { backfillIndex } from './index-query.js';
import { checkOnDemand, checkStream, sseOf, storedIndex, streamLabel, type SseInput } from './table-options.js';
import {
  checkIndexKeysDefined, checkIndexThroughput, checkKeySchema, checkProjection, checkTableThroughput, invalid, MAX_GSI, MAX_PROJECTED, type BillingMode, type IndexInput, type Throughput,
} from './table-schema.js';
import { describeTable, tableOfRow, type IndexChange } from './tables.js';
import type { AttributeDefinition, IndexDefinition, TableDefinition } from './table.js';

type Index = IndexInput;

interface UpdateTableInput {
  readonly TableName: string;
  readonly AttributeDefinitions?: readonly AttributeDefinition[];
  readonly BillingMode?: BillingMode;
  readonly ProvisionedThroughput?: Throughput;
  readonly GlobalSecondaryIndexUpdates?: readonly {
    readonly Create?: Index;
    readonly Update?: Pick<Index, 'IndexName' | 'ProvisionedThroughput' | 'OnDemandThroughput' | 'WarmThroughput'>;
    readonly Delete?: { readonly IndexName: string };
  }[];
  readonly StreamSpecification?: { readonly StreamEnabled: boolean; readonly StreamViewType?: string };
  readonly SSESpecification?: SseInput;
  readonly TableClass?: string;
  readonly DeletionProtectionEnabled?: boolean;
  readonly OnDemandThroughput?: TableDefinition['OnDemandThroughput'];
  readonly WarmThroughput?: TableDefinition['WarmThroughput'];
  readonly ReplicaUpdates?: unknown;
  readonly MultiRegionConsistency?: unknown;
  readonly GlobalTableWitnessUpdates?: unknown;
  readonly GlobalTableSettingsReplicationMode?: unknown;
}

const sameThroughput = (a: Throughput | undefined, b: Throughput | undefined): boolean =>
  a !== undefined && b !== undefined && a.ReadCapacityUnits === b.ReadCapacityUnits && a.WriteCapacityUnits === b.WriteCapacityUnits;

export const UpdateTable: DynamoHandler = (raw, ctx) => {
  const input = raw as unknown as UpdateTableInput;
  for (const p of ['ReplicaUpdates', 'MultiRegionConsistency', 'GlobalTableWitnessUpdates', 'GlobalTableSettingsReplicationMode'] as const) {
    if (input[p] !== undefined) throw dynamoDbErrors.validation(`Global tables (${p}) are not supported by this emulator`);
  }
  const table = requireTable(ctx, input.TableName, 'dynamodb:UpdateTable');
  const d = table.definition;
  const updates = input.GlobalSecondaryIndexUpdates ?? [];
  const nothing = input.ProvisionedThroughput === undefined && input.BillingMode === undefined && input.StreamSpecification === undefined
    && updates.length === 0 && input.SSESpecification === undefined && input.TableClass === undefined && input.DeletionProtectionEnabled === undefined
    && input.OnDemandThroughput === undefined && input.WarmThroughput === undefined && input.AttributeDefinitions === undefined;
  if (nothing) {
    throw dynamoDbErrors.validation('At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required');
  }

  // Billing mode and table throughput.
  const billing = input.BillingMode ?? d.BillingMode;
  let tableThroughput = d.ProvisionedThroughput;
  if (billing === 'PAY_PER_REQUEST') {
    if (input.ProvisionedThroughput) checkTableThroughput(billing, input.ProvisionedThroughput);
    tableThroughput = undefined;
  } else {
    if (d.BillingMode === 'PAY_PER_REQUEST') checkTableThroughput(billing, input.ProvisionedThroughput);
    if (input.ProvisionedThroughput) {
      if (input.BillingMode === undefined && sameThroughput(d.ProvisionedThroughput, input.ProvisionedThroughput)) {
        const c = d.ProvisionedThroughput!;
        const r = input.ProvisionedThroughput;
        throw dynamoDbErrors.validation(`The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${c.ReadCapacityUnits}. Requested ReadCapacityUnits: ${r.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${c.WriteCapacityUnits}. Requested WriteCapacityUnits: ${r.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`);
      }
      tableThroughput = input.ProvisionedThroughput;
    }
  }
  checkOnDemand(input.OnDemandThroughput, billing);

  // Attribute definitions: the old ones plus the new (a redefinition with another type is refused).
  const defs = new Map<string, AttributeDefinition>(d.AttributeDefinitions.map((a) => [a.AttributeName, a]));
  for (const a of input.AttributeDefinitions ?? []) {
    const known = defs.get(a.AttributeName);
    if (known && known.AttributeType !== a.AttributeType) invalid(`Cannot change the type of attribute ${a.AttributeName} from ${known.AttributeType} to ${a.AttributeType}`);
    defs.set(a.AttributeName, { AttributeName: a.AttributeName, AttributeType: a.AttributeType });
  }

  // Global secondary index updates: any number of Update, at most one Create or Delete (AWS: LimitExceededException).
  let gsis: IndexDefinition[] = [...(d.GlobalSecondaryIndexes ?? [])];
  const exists = (name: string) => gsis.some((g) => g.IndexName === name) || (d.LocalSecondaryIndexes ?? []).some((l) => l.IndexName === name);
  let change: IndexChange | undefined;
  let deleted: IndexDefinition | undefined;
  let created: string | undefined;
  const structural = updates.filter((u) => u.Create !== undefined || u.Delete !== undefined).length;
  if (structural > 1) throw new DynamoDbError('LimitExceededException', 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
  for (const u of updates) {
    const actions = [u.Create, u.Update, u.Delete].filter((x) => x !== undefined).length;
    if (actions !== 1) invalid('One of GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Update or GlobalSecondaryIndexUpdate.Delete must be specified');
    if (u.Create) {
      const ix = u.Create;
      if (exists(ix.IndexName)) throw dynamoDbErrors.validation('One or more parameter values were invalid: Attempting to create an index which already exists');
      if (gsis.length >= MAX_GSI) invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSI}`);
      checkKeySchema(ix.KeySchema, 'globalSecondaryIndexUpdates.1.member.create.keySchema', ` of index ${ix.IndexName}`);
      checkIndexKeysDefined(ix.KeySchema, new Set(defs.keys()));
      checkIndexThroughput(ix, billing);
      checkOnDemand(ix.OnDemandThroughput, billing);
      const projected = [...gsis, ...(d.LocalSecondaryIndexes ?? [])].reduce((n, g) => n + (g.Projection.NonKeyAttributes?.length ?? 0), 0) + checkProjection(ix.Projection);
      if (projected > MAX_PROJECTED) invalid(`The number of projected attributes in all indexes exceeds the limit of ${MAX_PROJECTED}, provided: ${projected}`);
      gsis.push(storedIndex(ix, false, ctx.now));
      created = ix.IndexName;
      change = { name: ix.IndexName, status: 'CREATING' };
    } else if (u.Delete) {
      const name = u.Delete.IndexName;
      const found = gsis.find((g) => g.IndexName === name);
      if (!found) throw dynamoDbErrors.resourceNotFound(`Requested resource not found: Index: ${name} not found`);
      gsis = gsis.filter((g) => g.IndexName !== name);
      deleted = found;
      change = { name, status: 'DELETING' };
    } else if (u.Update) {
      const up = u.Update;
      const at = gsis.findIndex((g) => g.IndexName === up.IndexName);
      if (at < 0) throw dynamoDbErrors.resourceNotFound(`Requested resource not found: Index: ${up.IndexName} not found`);
      if (up.ProvisionedThroughput && billing === 'PAY_PER_REQUEST') {
        invalid(`ProvisionedThroughput should not be specified for index: ${up.IndexName} when BillingMode is PAY_PER_REQUEST`);
      }
      checkOnDemand(up.OnDemandThroughput, billing);
      const g = gsis[at]!;
      gsis[at] = {
        ...g,
        ...(up.ProvisionedThroughput ? { ProvisionedThroughput: up.ProvisionedThroughput } : {}),
        ...(up.OnDemandThroughput ? { OnDemandThroughput: up.OnDemandThroughput } : {}),
        ...(up.WarmThroughput ? { WarmThroughput: up.WarmThroughput } : {}),
      };
    }
  }
  // Switching billing mode: PAY_PER_REQUEST drops index throughput; PROVISIONED needs it for every index.
  if (billing === 'PAY_PER_REQUEST') gsis = gsis.map(({ ProvisionedThroughput: _drop, ...g }) => g);
  else for (const g of gsis) if (!g.ProvisionedThroughput) invalid(`ProvisionedThroughput must be specified for index: ${g.IndexName}`);

  // Definitions no key uses any more are dropped (AWS keeps only key attributes); new ones must be used.
  const used = new Set([...d.KeySchema, ...gsis.flatMap((g) => g.KeySchema), ...(d.LocalSecondaryIndexes ?? []).flatMap((l) => l.KeySchema)].map((k) => k.AttributeName));
  for (const a of input.AttributeDefinitions ?? []) {
    if (!used.has(a.AttributeName)) invalid(`Some AttributeDefinitions are not used. AttributeDefinitions: [${[...defs.keys()].join(', ')}], keys used: [${[...used].join(', ')}]`);
  }

  // Streams.
  let stream = d.StreamSpecification;
  let label = d.LatestStreamLabel;
  if (input.StreamSpecification) {
    const s = checkStream(input.StreamSpecification);
    if (s.StreamEnabled && d.StreamSpecification?.StreamEnabled) throw dynamoDbErrors.validation(`Table already has an enabled stream: TableName: ${table.row.name}`);
    if (!s.StreamEnabled && !d.StreamSpecification?.StreamEnabled) throw dynamoDbErrors.validation(`Stream is already disabled for table: ${table.row.name}`);
    stream = s;
    if (s.StreamEnabled) label = streamLabel(ctx.now);
  }
  const sse = input.SSESpecification ? sseOf(input.SSESpecification, table.region, table.account) : d.SSE;

  // Throughput history: AWS counts decreases per UTC day.
  const day = new Date(ctx.now).toISOString().slice(0, 10);
  const old = d.ProvisionedThroughput;
  const increased = old && tableThroughput && (tableThroughput.ReadCapacityUnits > old.ReadCapacityUnits || tableThroughput.WriteCapacityUnits > old.WriteCapacityUnits);
  const decreased = old && tableThroughput && (tableThroughput.ReadCapacityUnits < old.ReadCapacityUnits || tableThroughput.WriteCapacityUnits < old.WriteCapacityUnits);
  const decreases = decreased ? { day, count: (d.Decreases?.day === day ? d.Decreases.count : 0) + 1 } : d.Decreases;

  const { ProvisionedThroughput: _pt, GlobalSecondaryIndexes: _g, StreamSpecification: _s, SSE: _e, Decreases: _dc, ...rest } = d;
  const definition: TableDefinition = {
    ...rest,
    AttributeDefinitions: [...defs.values()].filter((a) => used.has(a.AttributeName)),
    BillingMode: billing,
    ...(tableThroughput ? { ProvisionedThroughput: tableThroughput } : {}),
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(stream ? { StreamSpecification: stream } : {}),
    ...(label ? { LatestStreamLabel: label } : {}),
    ...(sse ? { SSE: sse } : {}),
    ...(decreases ? { Decreases: decreases } : {}),
    ...(increased ? { LastIncrease: ctx.now } : {}),
    ...(decreased ? { LastDecrease: ctx.now } : {}),
    ...(billing === 'PAY_PER_REQUEST' && d.BillingMode !== 'PAY_PER_REQUEST' ? { PayPerRequestSince: ctx.now } : {}),
    ...(input.TableClass !== undefined ? { TableClass: input.TableClass } : {}),
    ...(input.DeletionProtectionEnabled !== undefined ? { DeletionProtectionEnabled: input.DeletionProtectionEnabled } : {}),
    ...(input.OnDemandThroughput ? { OnDemandThroughput: input.OnDemandThroughput } : {}),
    ...(input.WarmThroughput ? { WarmThroughput: input.WarmThroughput } : {}),
  };
  // One store transaction: the new definition, a deleted index's entries, a created index's backfill.
  ctx.store.transaction(() => {
    ctx.store.setDefinition(table.row, JSON.stringify(definition));
    if (deleted) ctx.store.dropIndex(table.row.id, deleted.IndexName);
    if (created !== undefined) {
      const next = tableOfRow(ctx, table.row.scope, table.row.name);
      backfillIndex(ctx.store, next, created);
      const done = { ...definition, GlobalSecondaryIndexes: gsis.map((g) => (g.IndexName === created ? { ...g, Backfilled: true } : g)) };
      ctx.store.setDefinition(next.row, JSON.stringify(done));
    }
  });
  return { TableDescription: describeTable(ctx, tableOfRow(ctx, table.row.scope, table.row.name), 'UPDATING', change, deleted) };
};
