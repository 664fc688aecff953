/**
 * @module The checks CreateTable (and UpdateTable's index creation) makes on key schemas, attribute definitions,
 * secondary indexes, projections and billing, with DynamoDB's messages (Amazon DynamoDB API Reference,
 * CreateTable; "Service, account, and table quotas"). Pure: no store, no context.
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import type { AttributeDefinition, KeySchemaElement } from './table.js';

export interface Throughput { readonly ReadCapacityUnits: number; readonly WriteCapacityUnits: number }

export interface IndexInput {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: readonly string[] };
  readonly ProvisionedThroughput?: Throughput;
  readonly OnDemandThroughput?: { readonly MaxReadRequestUnits?: number; readonly MaxWriteRequestUnits?: number };
  readonly WarmThroughput?: { readonly ReadUnitsPerSecond?: number; readonly WriteUnitsPerSecond?: number };
}

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

// AWS quotas: 20 global and 5 local secondary indexes per table, 100 projected non-key attributes over all indexes.
export const MAX_GSI = 20;
export const MAX_LSI = 5;
export const MAX_PROJECTED = 100;

export const invalid = (message: string): never => { throw dynamoDbErrors.validation(`One or more parameter values were invalid: ${message}`); };

/** How the model's validator shows a key schema list (`KeySchemaElement(attributeName=id, keyType=HASH)`). */
function showSchema(schema: readonly KeySchemaElement[]): string {
  return `[${schema.map((k) => `KeySchemaElement(attributeName=${k.AttributeName}, keyType=${k.KeyType})`).join(', ')}]`;
}

/** A key schema: one HASH element, then optionally one RANGE element, two different attributes. */
export function checkKeySchema(schema: readonly KeySchemaElement[], member: string, what = ''): void {
  if (schema.length > 2) {
    throw dynamoDbErrors.constraints([`Value '${showSchema(schema)}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 2`]);
  }
  if (schema[0]?.KeyType !== 'HASH') throw dynamoDbErrors.validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (schema.length > 1 && schema[1]?.KeyType !== 'RANGE') throw dynamoDbErrors.validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  if (schema.length > 1 && schema[0].AttributeName === schema[1]?.AttributeName) {
    invalid(`Both the Hash Key and the Range Key element in the KeySchema have the same name${what}`);
  }
}

/** Index key attributes must be defined. */
export function checkIndexKeysDefined(schema: readonly KeySchemaElement[], defined: ReadonlySet<string>): void {
  const missing = schema.map((k) => k.AttributeName).filter((n) => !defined.has(n));
  if (missing.length > 0) {
    invalid(`Some index key attributes are not defined in AttributeDefinitions. Keys: [${missing.join(', ')}], AttributeDefinitions: [${[...defined].join(', ')}]`);
  }
}

/** A projection: NonKeyAttributes exactly when INCLUDE. Returns how many non-key attributes it projects. */
export function checkProjection(p: IndexInput['Projection']): number {
  const type = p.ProjectionType ?? 'ALL';
  if (type === 'INCLUDE' && !p.NonKeyAttributes) invalid('ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
  if (type !== 'INCLUDE' && p.NonKeyAttributes) invalid(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  return p.NonKeyAttributes?.length ?? 0;
}

/** Throughput of a global secondary index against the table's billing mode. */
export function checkIndexThroughput(ix: IndexInput, billing: BillingMode): void {
  if (billing === 'PROVISIONED' && !ix.ProvisionedThroughput) invalid(`ProvisionedThroughput is not specified for index: ${ix.IndexName}`);
  if (billing === 'PAY_PER_REQUEST' && ix.ProvisionedThroughput) {
    invalid(`ProvisionedThroughput should not be specified for index: ${ix.IndexName} when BillingMode is PAY_PER_REQUEST`);
  }
}

/** Table throughput against the billing mode (AWS: PROVISIONED needs it, PAY_PER_REQUEST refuses it). */
export function checkTableThroughput(billing: BillingMode, throughput: Throughput | undefined): void {
  if (billing === 'PROVISIONED' && !throughput) invalid('ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  if (billing === 'PAY_PER_REQUEST' && throughput) invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
}

export interface SchemaInput {
  readonly KeySchema: readonly KeySchemaElement[];
  readonly AttributeDefinitions: readonly AttributeDefinition[];
  readonly GlobalSecondaryIndexes?: readonly IndexInput[] | undefined;
  readonly LocalSecondaryIndexes?: readonly IndexInput[] | undefined;
  readonly BillingMode: BillingMode;
  readonly ProvisionedThroughput?: Throughput | undefined;
}

/** Every CreateTable rule on keys, definitions, indexes and billing (throws the first AWS error). */
export function checkTableSchema(input: SchemaInput): void {
  const { KeySchema: keySchema, AttributeDefinitions: defs } = input;
  checkKeySchema(keySchema, 'keySchema');
  const defined = new Set(defs.map((d) => d.AttributeName));
  if (defined.size !== defs.length) invalid('Cannot have two attributes with the same name');
  // AWS: fewer definitions than key attributes is an invalid KeySchema; otherwise the undefined keys are named.
  if (keySchema.some((k) => !defined.has(k.AttributeName)) && defs.length < keySchema.length) {
    throw dynamoDbErrors.validation('Invalid KeySchema: Some index key attribute have no definition');
  }
  checkIndexKeysDefined(keySchema, defined);
  const gsis = input.GlobalSecondaryIndexes ?? [];
  const lsis = input.LocalSecondaryIndexes ?? [];
  if (gsis.length > MAX_GSI) invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSI}`);
  if (lsis.length > MAX_LSI) invalid(`LocalSecondaryIndex count exceeds the per-table limit of ${MAX_LSI}`);
  const used = new Set(keySchema.map((k) => k.AttributeName));
  const names = new Set<string>();
  let projected = 0;
  for (const [list, global] of [[gsis, true], [lsis, false]] as const) {
    list.forEach((ix, i) => {
      checkKeySchema(ix.KeySchema, `${global ? 'globalSecondaryIndexes' : 'localSecondaryIndexes'}.${i + 1}.member.keySchema`, ` of index ${ix.IndexName}`);
      checkIndexKeysDefined(ix.KeySchema, defined);
      if (names.has(ix.IndexName)) invalid(`Duplicate index name: ${ix.IndexName}`);
      names.add(ix.IndexName);
      for (const k of ix.KeySchema) used.add(k.AttributeName);
      if (!global) {
        // AWS: a local secondary index shares the table's partition key and has its own sort key.
        if (keySchema.length < 2) invalid('Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
        if (ix.KeySchema[0]?.AttributeName !== keySchema[0]?.AttributeName) {
          invalid(`Index KeySchema does not have the same leading hash key as table KeySchema for index: ${ix.IndexName}. index hash key: ${ix.KeySchema[0]?.AttributeName ?? ''}, table hash key: ${keySchema[0]?.AttributeName ?? ''}`);
        }
        if (ix.KeySchema.length < 2) invalid(`Index KeySchema does not have a range key for index: ${ix.IndexName}`);
        if (ix.ProvisionedThroughput) invalid(`ProvisionedThroughput should not be specified for index: ${ix.IndexName}`);
      } else checkIndexThroughput(ix, input.BillingMode);
      projected += checkProjection(ix.Projection);
    });
  }
  if (projected > MAX_PROJECTED) invalid(`The number of projected attributes in all indexes exceeds the limit of ${MAX_PROJECTED}, provided: ${projected}`);
  if (used.size !== defined.size) {
    // AWS: with indexes the message names what is unused; without, it compares counts.
    if (gsis.length + lsis.length > 0) invalid(`Some AttributeDefinitions are not used. AttributeDefinitions: [${[...defined].join(', ')}], keys used: [${[...used].join(', ')}]`);
    invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  checkTableThroughput(input.BillingMode, input.ProvisionedThroughput);
}
