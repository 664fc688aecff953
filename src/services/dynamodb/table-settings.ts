/**
 * @module Table settings Terraform reads on every aws_dynamodb_table: time to live (DescribeTimeToLive,
 * UpdateTimeToLive), continuous backups (DescribeContinuousBackups, UpdateContinuousBackups) and tags
 * (TagResource, UntagResource, ListTagsOfResource). They live in the stored table definition. Changes take
 * effect at once (AWS: TTL passes through ENABLING/DISABLING); expired items are deleted by ttl-sweep.ts.
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { requireTable } from './access.js';
import type { DynamoContext, DynamoHandler } from './context.js';
import type { Table, TableDefinition } from './table.js';

type Tag = { readonly Key: string; readonly Value: string };

/** Store the table with `change` applied to its definition; returns the updated table. */
function save(ctx: DynamoContext, table: Table, change: Partial<TableDefinition>): Table {
  const definition = { ...table.definition, ...change };
  return { ...table, row: ctx.store.setDefinition(table.row, JSON.stringify(definition)), definition };
}

export const DescribeTimeToLive: DynamoHandler = (input, ctx) => {
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:DescribeTimeToLive');
  const ttl = table.definition.TimeToLive;
  return { TimeToLiveDescription: ttl?.Enabled ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } : { TimeToLiveStatus: 'DISABLED' } };
};

export const UpdateTimeToLive: DynamoHandler = (input, ctx) => {
  const spec = input['TimeToLiveSpecification'] as { readonly Enabled: boolean; readonly AttributeName: string };
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:UpdateTimeToLive');
  const current = table.definition.TimeToLive;
  // AWS (UpdateTimeToLive): enabling when enabled, or disabling when disabled, is a ValidationException.
  if (spec.Enabled && current?.Enabled) throw dynamoDbErrors.validation('TimeToLive is already enabled');
  if (!spec.Enabled && !current?.Enabled) throw dynamoDbErrors.validation('TimeToLive is already disabled');
  save(ctx, table, { TimeToLive: { AttributeName: spec.AttributeName, Enabled: spec.Enabled } });
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
};

function continuousBackups(table: Table, now: number): Record<string, unknown> {
  const pitr = table.definition.PointInTimeRecovery;
  return {
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: pitr?.Enabled
      ? { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: pitr.RecoveryPeriodInDays ?? 35,
        EarliestRestorableDateTime: new Date(Math.max(table.row.createdAt, now - (pitr.RecoveryPeriodInDays ?? 35) * 86_400_000)),
        LatestRestorableDateTime: new Date(now) }
      : { PointInTimeRecoveryStatus: 'DISABLED' },
  };
}

export const DescribeContinuousBackups: DynamoHandler = (input, ctx) => {
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:DescribeContinuousBackups');
  return { ContinuousBackupsDescription: continuousBackups(table, ctx.now) };
};

export const UpdateContinuousBackups: DynamoHandler = (input, ctx) => {
  const spec = input['PointInTimeRecoverySpecification'] as { readonly PointInTimeRecoveryEnabled: boolean; readonly RecoveryPeriodInDays?: number };
  // AWS: UpdateContinuousBackups is authorized as dynamodb:UpdateContinuousBackups on the table.
  const table = requireTable(ctx, input['TableName'] as string, 'dynamodb:UpdateContinuousBackups');
  if (!spec.PointInTimeRecoveryEnabled && spec.RecoveryPeriodInDays !== undefined) {
    throw dynamoDbErrors.validation('RecoveryPeriodInDays can only be specified when PointInTimeRecoveryEnabled is true');
  }
  const pitr = spec.PointInTimeRecoveryEnabled
    ? { Enabled: true, ...(spec.RecoveryPeriodInDays !== undefined ? { RecoveryPeriodInDays: spec.RecoveryPeriodInDays } : {}) }
    : { Enabled: false };
  return { ContinuousBackupsDescription: continuousBackups(save(ctx, table, { PointInTimeRecovery: pitr }), ctx.now) };
};

// AWS (Tagging restrictions in DynamoDB): at most 50 tags per table; the `aws:` prefix is reserved.
const MAX_TAGS = 50;

/** Check tags a user assigns (TagResource, CreateTable `Tags`). */
export function checkTags(tags: readonly Tag[]): void {
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw dynamoDbErrors.validation(`One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved for system use. Key: ${t.Key}`);
  }
}

/** Tags merged by key (a later value replaces an earlier one). */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(current.map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value);
  if (byKey.size > MAX_TAGS) throw dynamoDbErrors.validation(`One or more parameter values were invalid: The number of tags exceeds the limit of ${MAX_TAGS}`);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

/** The table a tagging ResourceArn names (AWS: a ResourceArn must be an ARN, not a table name). */
function taggedTable(ctx: DynamoContext, arn: string, action: string): Table {
  if (!arn.startsWith('arn:')) throw dynamoDbErrors.validation(`Invalid ResourceArn provided as input ${arn}`);
  return requireTable(ctx, arn, action);
}

export const TagResource: DynamoHandler = (input, ctx) => {
  const tags = input['Tags'] as readonly Tag[];
  const table = taggedTable(ctx, input['ResourceArn'] as string, 'dynamodb:TagResource');
  checkTags(tags);
  save(ctx, table, { Tags: mergeTags(table.definition.Tags ?? [], tags) });
  return {};
};

export const UntagResource: DynamoHandler = (input, ctx) => {
  const keys = new Set(input['TagKeys'] as readonly string[]);
  const table = taggedTable(ctx, input['ResourceArn'] as string, 'dynamodb:UntagResource');
  save(ctx, table, { Tags: (table.definition.Tags ?? []).filter((t) => !keys.has(t.Key)) });
  return {};
};

export const ListTagsOfResource: DynamoHandler = (input, ctx) => {
  const table = taggedTable(ctx, input['ResourceArn'] as string, 'dynamodb:ListTagsOfResource');
  // At most 50 tags: one page always holds them all, so NextToken is never returned.
  return { Tags: table.definition.Tags ?? [] };
};
