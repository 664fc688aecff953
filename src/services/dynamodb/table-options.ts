/**
 * @module Table options CreateTable and UpdateTable share: streams (specification and label), server-side
 * encryption, on-demand maximums, warm throughput, and the stored form of a secondary index. A stream is
 * described (StreamSpecification, LatestStreamArn, LatestStreamLabel) but holds no records: nothing reads it here.
 */
import { createHash } from 'node:crypto';
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import { invalid, type IndexInput } from './table-schema.js';
import type { IndexDefinition, TableDefinition } from './table.js';

export interface SseInput { readonly Enabled?: boolean; readonly SSEType?: string; readonly KMSMasterKeyId?: string }

/** AWS: a new table's warm throughput (reads and writes per second it can serve at once). */
export const DEFAULT_WARM = { read: 12_000, write: 4_000 } as const;

/** A stream's label: its creation time, ISO-8601 without the zone (as AWS prints it). */
export function streamLabel(now: number): string {
  return new Date(now).toISOString().replace(/Z$/, '');
}

/** AWS: an enabled stream needs a view type; a disabled one takes none. */
export function checkStream(spec: { readonly StreamEnabled: boolean; readonly StreamViewType?: string }): { StreamEnabled: boolean; StreamViewType?: string } {
  if (spec.StreamEnabled && spec.StreamViewType === undefined) invalid('You must specify a StreamViewType when enabling a stream');
  if (!spec.StreamEnabled && spec.StreamViewType !== undefined) invalid('You cannot specify a StreamViewType when disabling a stream');
  return spec.StreamEnabled ? { StreamEnabled: true, StreamViewType: spec.StreamViewType! } : { StreamEnabled: false };
}

/** The KMS key of an SSESpecification (undefined: encryption with the AWS owned key, the default). */
export function sseOf(spec: SseInput, region: string, account: string): { KMSMasterKeyArn: string } | undefined {
  if (!spec.Enabled) {
    if (spec.KMSMasterKeyId !== undefined || spec.SSEType !== undefined) invalid('SSEType and KMSMasterKeyId can only be specified when SSE is enabled');
    return undefined;
  }
  if (spec.SSEType === 'AES256') invalid('SSEType AES256 is not supported; use KMS');
  const id = spec.KMSMasterKeyId;
  if (id === undefined) {
    // The AWS managed key alias/aws/dynamodb: a stable key id per account and region.
    const h = createHash('sha256').update(`${account}/${region}/aws/dynamodb`).digest('hex');
    return { KMSMasterKeyArn: `arn:aws:kms:${region}:${account}:key/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}` };
  }
  if (id.startsWith('arn:')) return { KMSMasterKeyArn: id };
  return { KMSMasterKeyArn: `arn:aws:kms:${region}:${account}:${id.startsWith('alias/') ? id : `key/${id}`}` };
}

/** AWS: on-demand maximums apply to PAY_PER_REQUEST tables; each is -1 (no maximum) or at least 1. */
export function checkOnDemand(o: TableDefinition['OnDemandThroughput'], billing: string): void {
  if (o === undefined) return;
  if (billing !== 'PAY_PER_REQUEST') invalid('OnDemandThroughput can only be specified when BillingMode is PAY_PER_REQUEST');
  for (const v of [o.MaxReadRequestUnits, o.MaxWriteRequestUnits]) {
    if (v !== undefined && v !== -1 && v < 1) throw dynamoDbErrors.validation(`One or more parameter values were invalid: OnDemandThroughput values must be -1 or greater than 0, provided: ${v}`);
  }
}

/** The stored form of an index (wire names). */
export function storedIndex(ix: IndexInput, backfilled: boolean, createdAt?: number): IndexDefinition {
  return {
    IndexName: ix.IndexName, KeySchema: ix.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    Projection: {
      ProjectionType: ix.Projection.ProjectionType ?? 'ALL',
      ...(ix.Projection.NonKeyAttributes ? { NonKeyAttributes: ix.Projection.NonKeyAttributes } : {}),
    },
    ...(ix.ProvisionedThroughput ? { ProvisionedThroughput: { ReadCapacityUnits: ix.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: ix.ProvisionedThroughput.WriteCapacityUnits } } : {}),
    ...(ix.OnDemandThroughput ? { OnDemandThroughput: ix.OnDemandThroughput } : {}),
    ...(ix.WarmThroughput ? { WarmThroughput: ix.WarmThroughput } : {}),
    ...(backfilled ? { Backfilled: true } : {}),
    ...(createdAt !== undefined ? { CreatedAt: createdAt } : {}),
  };
}
