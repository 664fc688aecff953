/**
 * @module DynamoDB CreateTable validation through the SDK: key schema shape, attribute definitions (undefined and
 * unused), index names, counts and key rules, projections, and billing mode against throughput, each with the
 * ValidationException message DynamoDB gives.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, type CreateTableCommandInput, type DynamoDBClient, type GlobalSecondaryIndex, type LocalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const ACCOUNT = '111111111111';
const S = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
const HASH = (name: string) => ({ AttributeName: name, KeyType: 'HASH' as const });
const RANGE = (name: string) => ({ AttributeName: name, KeyType: 'RANGE' as const });

describe('DynamoDB CreateTable validation', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => { h = await startHarness(); db = h.dynamodb(ACCOUNT); });
  after(() => h.close());

  const base: CreateTableCommandInput = { TableName: 'valid', BillingMode: 'PAY_PER_REQUEST', KeySchema: [HASH('pk'), RANGE('sk')], AttributeDefinitions: [S('pk'), S('sk')] };
  const refused = async (over: Partial<CreateTableCommandInput>, message: string | RegExp) => {
    const e = await rejectsWith(db.send(new CreateTableCommand({ ...base, ...over } as CreateTableCommandInput)), 'ValidationException');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
  };
  const gsi = (name: string, key = 'g', over: Partial<GlobalSecondaryIndex> = {}): GlobalSecondaryIndex => ({ IndexName: name, KeySchema: [HASH(key)], Projection: { ProjectionType: 'ALL' }, ...over });
  const lsi = (name: string, key = 'l', over: Partial<LocalSecondaryIndex> = {}): LocalSecondaryIndex => ({ IndexName: name, KeySchema: [HASH('pk'), RANGE(key)], Projection: { ProjectionType: 'ALL' }, ...over });

  it('checks the key schema: at most two elements, HASH then RANGE, two names', async () => {
    await refused({ KeySchema: [HASH('pk'), RANGE('sk'), RANGE('x')], AttributeDefinitions: [S('pk'), S('sk'), S('x')] },
      "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=x, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
    await refused({ KeySchema: [RANGE('sk'), HASH('pk')] }, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
    await refused({ KeySchema: [HASH('pk'), HASH('sk')] }, 'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
    await refused({ KeySchema: [HASH('pk'), RANGE('pk')], AttributeDefinitions: [S('pk')] }, 'One or more parameter values were invalid: Both the Hash Key and the Range Key element in the KeySchema have the same name');
  });

  it('checks attribute definitions: defined keys, none unused, S/N/B types, no duplicates', async () => {
    await refused({ AttributeDefinitions: [S('pk')] }, 'Invalid KeySchema: Some index key attribute have no definition');
    await refused({ AttributeDefinitions: [S('pk'), S('other')] }, 'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [sk], AttributeDefinitions: [pk, other]');
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('extra')] }, 'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g'), S('extra')], GlobalSecondaryIndexes: [gsi('byG')] },
      'One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, extra], keys used: [pk, sk, g]');
    await refused({ AttributeDefinitions: [S('pk'), { AttributeName: 'sk', AttributeType: 'X' as 'S' }] }, /Member must satisfy enum value set: \[S, N, B\]/);
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('sk')] }, 'One or more parameter values were invalid: Cannot have two attributes with the same name');
  });

  it('checks table and index names (3-255 of [a-zA-Z0-9_.-], unique)', async () => {
    await refused({ TableName: 'a!' }, /failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9_.-\]\+/);
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: [gsi('ab')] }, /Value 'ab' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3/);
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g'), S('l')], GlobalSecondaryIndexes: [gsi('same')], LocalSecondaryIndexes: [lsi('same')] }, 'One or more parameter values were invalid: Duplicate index name: same');
  });

  it('checks index counts (20 global, 5 local) and local index keys', async () => {
    const many = Array.from({ length: 21 }, (_, i) => gsi(`g${i}x`));
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: many }, 'One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20');
    const locals = Array.from({ length: 6 }, (_, i) => lsi(`l${i}x`));
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('l')], LocalSecondaryIndexes: locals }, 'One or more parameter values were invalid: LocalSecondaryIndex count exceeds the per-table limit of 5');
    await refused({ KeySchema: [HASH('pk')], AttributeDefinitions: [S('pk'), S('l')], LocalSecondaryIndexes: [lsi('byL')] },
      'One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('l')], LocalSecondaryIndexes: [{ IndexName: 'byL', KeySchema: [HASH('l'), RANGE('sk')], Projection: { ProjectionType: 'ALL' } }] },
      'One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: byL. index hash key: l, table hash key: pk');
    await refused({ LocalSecondaryIndexes: [{ IndexName: 'byL', KeySchema: [HASH('pk')], Projection: { ProjectionType: 'ALL' } }] },
      'One or more parameter values were invalid: Index KeySchema does not have a range key for index: byL');
  });

  it('checks projections: NonKeyAttributes exactly with INCLUDE, at most 100 over all indexes', async () => {
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: [gsi('byG', 'g', { Projection: { ProjectionType: 'INCLUDE' } })] },
      'One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: [gsi('byG', 'g', { Projection: { ProjectionType: 'KEYS_ONLY', NonKeyAttributes: ['a'] } })] },
      'One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified');
    const attrs = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const wide = Array.from({ length: 6 }, (_, i) => gsi(`wide${i}`, 'g', { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: attrs(20, `i${i}a`) } }));
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: wide },
      'One or more parameter values were invalid: The number of projected attributes in all indexes exceeds the limit of 100, provided: 120');
  });

  it('checks billing mode against table and index throughput', async () => {
    await refused({ BillingMode: 'PROVISIONED' }, 'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
    await refused({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }, 'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    await refused({ AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: [gsi('byG', 'g', { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })] },
      'One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: byG when BillingMode is PAY_PER_REQUEST');
    await refused({ BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, AttributeDefinitions: [S('pk'), S('sk'), S('g')], GlobalSecondaryIndexes: [gsi('byG')] },
      'One or more parameter values were invalid: ProvisionedThroughput is not specified for index: byG');
    await refused({ BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } }, /Member must have value greater than or equal to 1/);
  });

  it('creates a table that passes every rule', async () => {
    const out = await db.send(new CreateTableCommand({ ...base, AttributeDefinitions: [S('pk'), S('sk'), S('g'), S('l')], GlobalSecondaryIndexes: [gsi('byG')], LocalSecondaryIndexes: [lsi('byL', 'l', { Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x'] } })] }));
    assert.equal(out.TableDescription?.TableStatus, 'ACTIVE');
    assert.equal(out.TableDescription?.LocalSecondaryIndexes?.[0]?.Projection?.NonKeyAttributes?.[0], 'x');
  });
});
