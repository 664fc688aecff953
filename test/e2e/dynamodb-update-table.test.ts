/**
 * @module DynamoDB UpdateTable through the SDK: billing mode switches and throughput rules, global secondary index
 * create (backfilled from existing items; CREATING with Backfilling in the response, ACTIVE on the next describe),
 * update and delete (one create or delete per call), streams, SSE, table class, deletion protection, and the
 * CreateTable options that UpdateTable changes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DeleteTableCommand, DescribeTableCommand, PutItemCommand, QueryCommand, UpdateTableCommand, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const ACCOUNT = '111111111111';

describe('DynamoDB UpdateTable', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({
      TableName: 'people', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }));
    for (let i = 0; i < 30; i++) {
      await db.send(new PutItemCommand({ TableName: 'people', Item: { id: { S: `p${i}` }, city: { S: i % 3 === 0 ? 'oslo' : 'rome' }, age: { N: String(20 + i) } } }));
    }
    await db.send(new PutItemCommand({ TableName: 'people', Item: { id: { S: 'nocity' } } }));
  });
  after(() => h.close());

  const describeTable = async (name = 'people') => (await db.send(new DescribeTableCommand({ TableName: name }))).Table!;

  it('refuses an UpdateTable that changes nothing, and the same throughput again', async () => {
    const e = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people' })), 'ValidationException');
    assert.equal(e.message, 'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required');
    const same = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } })), 'ValidationException');
    assert.match(same.message, /^The provisioned throughput for the table will not change\. The requested value equals the current value\. Current ReadCapacityUnits provisioned for the table: 5\. Requested ReadCapacityUnits: 5\./);
    await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'missing', BillingMode: 'PAY_PER_REQUEST' })), 'ResourceNotFoundException');
    const global = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', ReplicaUpdates: [{ Create: { RegionName: 'eu-west-1' } }] })), 'ValidationException');
    assert.match(global.message, /not supported by this emulator/);
  });

  it('changes provisioned throughput and counts decreases', async () => {
    const up = await db.send(new UpdateTableCommand({ TableName: 'people', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } }));
    assert.equal(up.TableDescription?.TableStatus, 'UPDATING');
    const down = await db.send(new UpdateTableCommand({ TableName: 'people', ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 10 } }));
    assert.equal(down.TableDescription?.ProvisionedThroughput?.NumberOfDecreasesToday, 1);
    const t = await describeTable();
    assert.equal(t.TableStatus, 'ACTIVE');
    assert.equal(t.ProvisionedThroughput?.ReadCapacityUnits, 4);
    assert.ok(t.ProvisionedThroughput?.LastIncreaseDateTime instanceof Date);
    assert.ok(t.ProvisionedThroughput?.LastDecreaseDateTime instanceof Date);
  });

  it('creates a global secondary index backfilled from the existing items', async () => {
    const missingDef = await rejectsWith(db.send(new UpdateTableCommand({
      TableName: 'people',
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }],
    })), 'ValidationException');
    assert.match(missingDef.message, /Some index key attributes are not defined in AttributeDefinitions\. Keys: \[city\]/);
    const noThroughput = await rejectsWith(db.send(new UpdateTableCommand({
      TableName: 'people', AttributeDefinitions: [{ AttributeName: 'city', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
    })), 'ValidationException');
    assert.equal(noThroughput.message, 'One or more parameter values were invalid: ProvisionedThroughput is not specified for index: byCity');
    const out = await db.send(new UpdateTableCommand({
      TableName: 'people',
      AttributeDefinitions: [{ AttributeName: 'city', AttributeType: 'S' }, { AttributeName: 'age', AttributeType: 'N' }],
      GlobalSecondaryIndexUpdates: [{ Create: {
        IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }, { AttributeName: 'age', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x'] }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      } }],
    }));
    const creating = out.TableDescription?.GlobalSecondaryIndexes?.find((g) => g.IndexName === 'byCity');
    assert.equal(out.TableDescription?.TableStatus, 'UPDATING');
    assert.equal(creating?.IndexStatus, 'CREATING');
    assert.equal(creating?.Backfilling, true);
    const settled = (await describeTable()).GlobalSecondaryIndexes?.find((g) => g.IndexName === 'byCity');
    assert.equal(settled?.IndexStatus, 'ACTIVE');
    assert.equal(settled?.Backfilling, undefined);
    assert.equal(settled?.ItemCount, 30, 'every item with the index keys is in the index (sparse: not the one without a city)');
    const q = await db.send(new QueryCommand({ TableName: 'people', IndexName: 'byCity', KeyConditionExpression: 'city = :c AND age < :a', ExpressionAttributeValues: { ':c': { S: 'oslo' }, ':a': { N: '30' } } }));
    assert.deepEqual(q.Items?.map((i) => i['id']?.S), ['p0', 'p3', 'p6', 'p9']);
    assert.deepEqual(Object.keys(q.Items?.[0] ?? {}).sort(), ['age', 'city', 'id'], 'INCLUDE projects keys and the listed attributes');
    const again = await rejectsWith(db.send(new UpdateTableCommand({
      TableName: 'people', GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }],
    })), 'ValidationException');
    assert.match(again.message, /Attempting to create an index which already exists/);
  });

  it('allows one index create or delete per call (AWS: LimitExceededException)', async () => {
    const e = await rejectsWith(db.send(new UpdateTableCommand({
      TableName: 'people', AttributeDefinitions: [{ AttributeName: 'age', AttributeType: 'N' }],
      GlobalSecondaryIndexUpdates: [
        { Create: { IndexName: 'byAge', KeySchema: [{ AttributeName: 'age', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
        { Delete: { IndexName: 'byCity' } },
      ],
    })), 'LimitExceededException');
    assert.equal(e.message, 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
  });

  it('updates index throughput, switches billing modes with their throughput rules', async () => {
    await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'nope', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } } }] })), 'ResourceNotFoundException');
    const up = await db.send(new UpdateTableCommand({ TableName: 'people', GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byCity', ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 } } }] }));
    assert.equal(up.TableDescription?.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput?.ReadCapacityUnits, 7);
    const withThroughput = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })), 'ValidationException');
    assert.match(withThroughput.message, /Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST/);
    const ppr = await db.send(new UpdateTableCommand({ TableName: 'people', BillingMode: 'PAY_PER_REQUEST' }));
    assert.equal(ppr.TableDescription?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(ppr.TableDescription?.ProvisionedThroughput?.ReadCapacityUnits, 0);
    assert.equal(ppr.TableDescription?.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput?.ReadCapacityUnits, 0);
    const noThroughput = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', BillingMode: 'PROVISIONED' })), 'ValidationException');
    assert.match(noThroughput.message, /ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED/);
    const noIndexThroughput = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })), 'ValidationException');
    assert.match(noIndexThroughput.message, /ProvisionedThroughput must be specified for index: byCity/);
    const back = await db.send(new UpdateTableCommand({
      TableName: 'people', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byCity', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }],
    }));
    assert.equal(back.TableDescription?.BillingModeSummary, undefined);
    assert.equal(back.TableDescription?.ProvisionedThroughput?.WriteCapacityUnits, 1);
  });

  it('deletes a global secondary index and the definitions only it used', async () => {
    await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] })), 'ResourceNotFoundException');
    const out = await db.send(new UpdateTableCommand({ TableName: 'people', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byCity' } }] }));
    assert.equal(out.TableDescription?.GlobalSecondaryIndexes?.[0]?.IndexStatus, 'DELETING');
    const t = await describeTable();
    assert.equal(t.GlobalSecondaryIndexes, undefined);
    assert.deepEqual(t.AttributeDefinitions, [{ AttributeName: 'id', AttributeType: 'S' }]);
    const e = await rejectsWith(db.send(new QueryCommand({ TableName: 'people', IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': { S: 'oslo' } } })), 'ValidationException');
    assert.match(e.message, /does not have the specified index: byCity/);
  });

  it('enables a stream (described, never read), SSE, table class and deletion protection', async () => {
    const noType = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', StreamSpecification: { StreamEnabled: true } })), 'ValidationException');
    assert.match(noType.message, /StreamViewType/);
    const s = await db.send(new UpdateTableCommand({ TableName: 'people', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
    assert.deepEqual(s.TableDescription?.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const label = s.TableDescription?.LatestStreamLabel ?? '';
    assert.match(label, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(s.TableDescription?.LatestStreamArn, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/people/stream/${label}`);
    const twice = await rejectsWith(db.send(new UpdateTableCommand({ TableName: 'people', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } })), 'ValidationException');
    assert.match(twice.message, /already has an enabled stream/);
    const off = await db.send(new UpdateTableCommand({ TableName: 'people', StreamSpecification: { StreamEnabled: false } }));
    assert.equal(off.TableDescription?.StreamSpecification, undefined);
    assert.equal(off.TableDescription?.LatestStreamLabel, label, 'the latest stream stays described');

    const sse = await db.send(new UpdateTableCommand({ TableName: 'people', SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/mine' } }));
    assert.deepEqual(sse.TableDescription?.SSEDescription, { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/mine` });
    const cls = await db.send(new UpdateTableCommand({ TableName: 'people', TableClass: 'STANDARD_INFREQUENT_ACCESS', DeletionProtectionEnabled: true }));
    assert.equal(cls.TableDescription?.TableClassSummary?.TableClass, 'STANDARD_INFREQUENT_ACCESS');
    assert.equal(cls.TableDescription?.DeletionProtectionEnabled, true);
    // AWS: a protected table cannot be deleted (ValidationException) until protection is turned off.
    const del = await rejectsWith(db.send(new DeleteTableCommand({ TableName: 'people' })), 'ValidationException');
    assert.match(del.message, /protected against deletion/);
    await db.send(new UpdateTableCommand({ TableName: 'people', DeletionProtectionEnabled: false }));
    await db.send(new DeleteTableCommand({ TableName: 'people' }));
  });

  it('serves CreateTable StreamSpecification, SSESpecification, OnDemandThroughput and WarmThroughput', async () => {
    const out = await db.send(new CreateTableCommand({
      TableName: 'options', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' }, SSESpecification: { Enabled: true },
      OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: -1 }, WarmThroughput: { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000 },
      TableClass: 'STANDARD',
    }));
    const t = out.TableDescription!;
    assert.equal(t.StreamSpecification?.StreamViewType, 'KEYS_ONLY');
    assert.match(t.LatestStreamArn ?? '', /:table\/options\/stream\//);
    assert.equal(t.SSEDescription?.Status, 'ENABLED');
    assert.match(t.SSEDescription?.KMSMasterKeyArn ?? '', /^arn:aws:kms:us-east-1:111111111111:key\//);
    assert.deepEqual(t.OnDemandThroughput, { MaxReadRequestUnits: 100, MaxWriteRequestUnits: -1 });
    assert.deepEqual(t.WarmThroughput, { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000, Status: 'ACTIVE' });
    const od = await rejectsWith(db.send(new CreateTableCommand({
      TableName: 'options2', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      OnDemandThroughput: { MaxReadRequestUnits: 100 },
    })), 'ValidationException');
    assert.match(od.message, /OnDemandThroughput can only be specified when BillingMode is PAY_PER_REQUEST/);
    const sse = await rejectsWith(db.send(new CreateTableCommand({
      TableName: 'options3', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      SSESpecification: { Enabled: false, KMSMasterKeyId: 'k' },
    })), 'ValidationException');
    assert.match(sse.message, /only be specified when SSE is enabled/);
  });
});
