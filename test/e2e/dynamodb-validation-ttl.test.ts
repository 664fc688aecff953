/**
 * @module DynamoDB index key validation on every write path (GSI and LSI key types, empty index key values, sparse
 * indexes), index reads that never fail on an item outside the index, REMOVE-only updates of missing items
 * (no phantom item), and the table settings Terraform reads: time to live, continuous backups, tags.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand, CreateTableCommand, DescribeContinuousBackupsCommand, DescribeTimeToLiveCommand, GetItemCommand,
  ListTagsOfResourceCommand, PutItemCommand, QueryCommand, ScanCommand, TagResourceCommand, UntagResourceCommand,
  UpdateContinuousBackupsCommand, UpdateItemCommand, UpdateTimeToLiveCommand, type AttributeValue, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { openItemStore, type ItemStore } from '../../src/persistence/item-store.js';
import { handleDynamoDb } from '../../src/server/dynamodb-endpoint.js';
import type { RawResponse } from '../../src/server/raw-http.js';
import { trustedCall } from '../../src/services/call.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const ACCOUNT = '111111111111';

async function rejectsWithMessage(p: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(p, (e: Error & { name: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    return true;
  });
}

describe('DynamoDB index key validation', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({
      TableName: 'idx', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'gs', AttributeType: 'N' },
        { AttributeName: 'l', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [{
        IndexName: 'byG', Projection: { ProjectionType: 'ALL' },
        KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'gs', KeyType: 'RANGE' }],
      }],
      LocalSecondaryIndexes: [{
        IndexName: 'byL', Projection: { ProjectionType: 'KEYS_ONLY' },
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }],
      }],
    }));
  });
  after(async () => { await h.close(); });

  const mismatch = (attr: string, expected: string, actual: string, index: string) =>
    `One or more parameter values were invalid: Type mismatch for Index Key ${attr} Expected: ${expected} Actual: ${actual} IndexName: ${index}`;
  const get = async (sk: string) => (await db.send(new GetItemCommand({ TableName: 'idx', Key: { pk: { S: 'p' }, sk: { S: sk } } }))).Item;

  it('PutItem refuses a NULL, map, list or bool GSI partition key and writes nothing (AWS: Type mismatch for Index Key)', async () => {
    for (const [v, t] of [[{ NULL: true }, 'NULL'], [{ M: {} }, 'M'], [{ L: [] as AttributeValue[] }, 'L'], [{ BOOL: true }, 'BOOL'], [{ N: '1' }, 'N']] as const) {
      await rejectsWithMessage(db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: `bad-${t}` }, g: v } })),
        'ValidationException', mismatch('g', 'S', t, 'byG'));
      assert.equal(await get(`bad-${t}`), undefined);
    }
  });

  it('PutItem refuses a GSI sort key and an LSI sort key of the wrong type', async () => {
    await rejectsWithMessage(db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: 'x' }, g: { S: 'a' }, gs: { S: '1' } } })),
      'ValidationException', mismatch('gs', 'N', 'S', 'byG'));
    await rejectsWithMessage(db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: 'x' }, l: { S: 'one' } } })),
      'ValidationException', mismatch('l', 'N', 'S', 'byL'));
    assert.equal(await get('x'), undefined);
  });

  it('PutItem refuses an empty string or binary index key value (AWS: not supported for a secondary index key)', async () => {
    await rejectsWithMessage(db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: 'e' }, g: { S: '' } } })),
      'ValidationException', 'One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byG, IndexKey: g');
    assert.equal(await get('e'), undefined);
  });

  it('UpdateItem refuses a result whose index key has the wrong type, and leaves the item as it was', async () => {
    await db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: 'u' }, g: { S: 'a' }, gs: { N: '1' } } }));
    await rejectsWithMessage(db.send(new UpdateItemCommand({
      TableName: 'idx', Key: { pk: { S: 'p' }, sk: { S: 'u' } }, UpdateExpression: 'SET g = :v', ExpressionAttributeValues: { ':v': { NULL: true } },
    })), 'ValidationException', mismatch('g', 'S', 'NULL', 'byG'));
    await rejectsWithMessage(db.send(new UpdateItemCommand({
      TableName: 'idx', Key: { pk: { S: 'p' }, sk: { S: 'u2' } }, UpdateExpression: 'SET l = :v', ExpressionAttributeValues: { ':v': { BOOL: false } },
    })), 'ValidationException', mismatch('l', 'N', 'BOOL', 'byL'));
    assert.deepEqual(await get('u'), { pk: { S: 'p' }, sk: { S: 'u' }, g: { S: 'a' }, gs: { N: '1' } });
    assert.equal(await get('u2'), undefined);
  });

  // AWS (BatchWriteItem): a request item that fails validation rejects the entire batch operation.
  it('BatchWriteItem refuses the whole batch when one item has a mistyped index key', async () => {
    await rejectsWithMessage(db.send(new BatchWriteItemCommand({ RequestItems: { idx: [
      { PutRequest: { Item: { pk: { S: 'p' }, sk: { S: 'b1' }, g: { S: 'ok' } } } },
      { PutRequest: { Item: { pk: { S: 'p' }, sk: { S: 'b2' }, g: { NULL: true } } } },
    ] } })), 'ValidationException', mismatch('g', 'S', 'NULL', 'byG'));
    assert.equal(await get('b1'), undefined);
    assert.equal(await get('b2'), undefined);
  });

  it('an item lacking an index key is stored and absent from that index (sparse index); index Scan and Query answer', async () => {
    await db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: 'sparse' }, g: { S: 'only-hash' } } }));
    await db.send(new PutItemCommand({ TableName: 'idx', Item: { pk: { S: 'p' }, sk: { S: 'full' }, g: { S: 'z' }, gs: { N: '5' }, l: { N: '2' } } }));
    const gsi = await db.send(new ScanCommand({ TableName: 'idx', IndexName: 'byG' }));
    assert.deepEqual(gsi.Items?.map((i) => i['sk']?.S).sort(), ['full', 'u']);
    const lsi = await db.send(new ScanCommand({ TableName: 'idx', IndexName: 'byL' }));
    assert.deepEqual(lsi.Items?.map((i) => i['sk']?.S), ['full']);
    const q = await db.send(new QueryCommand({ TableName: 'idx', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'only-hash' } } }));
    assert.equal(q.Count, 0);
  });
});

describe('DynamoDB UpdateItem of a missing item', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({
      TableName: 'phantom', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }));
  });
  after(async () => { await h.close(); });
  const get = async (id: string) => (await db.send(new GetItemCommand({ TableName: 'phantom', Key: { id: { S: id } } }))).Item;

  it('REMOVE only creates no item (AWS: an update leaving only the key creates nothing)', async () => {
    const r = await db.send(new UpdateItemCommand({ TableName: 'phantom', Key: { id: { S: 'r' } }, UpdateExpression: 'REMOVE a, b', ReturnValues: 'ALL_NEW' }));
    assert.equal(r.Attributes, undefined);
    assert.equal(await get('r'), undefined);
    const s = await db.send(new ScanCommand({ TableName: 'phantom' }));
    assert.equal(s.Count, 0);
  });

  it('DELETE only creates no item either', async () => {
    await db.send(new UpdateItemCommand({ TableName: 'phantom', Key: { id: { S: 'd' } }, UpdateExpression: 'DELETE tags :t', ExpressionAttributeValues: { ':t': { SS: ['x'] } } }));
    assert.equal(await get('d'), undefined);
  });

  it('SET still creates the item, and REMOVE on an existing item keeps it', async () => {
    await db.send(new UpdateItemCommand({ TableName: 'phantom', Key: { id: { S: 's' } }, UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': { N: '1' } } }));
    assert.deepEqual(await get('s'), { id: { S: 's' }, a: { N: '1' } });
    await db.send(new UpdateItemCommand({ TableName: 'phantom', Key: { id: { S: 's' } }, UpdateExpression: 'REMOVE a' }));
    assert.deepEqual(await get('s'), { id: { S: 's' } });
  });

  it('a failed condition on a missing item is still ConditionalCheckFailedException', async () => {
    await rejectsWith(db.send(new UpdateItemCommand({ TableName: 'phantom', Key: { id: { S: 'c' } }, UpdateExpression: 'REMOVE a', ConditionExpression: 'attribute_exists(id)' })),
      'ConditionalCheckFailedException', 400);
  });
});

describe('DynamoDB index reads over stored items outside the index (in process)', () => {
  const CALLER = { account: ACCOUNT, region: 'us-east-1', principalArn: `arn:aws:iam::${ACCOUNT}:root` };
  const send = (store: ItemStore, operation: string, body: unknown): RawResponse => handleDynamoDb(store,
    { method: 'POST', path: '/', query: '', headers: { 'x-amz-target': `DynamoDB_20120810.${operation}` }, body: Buffer.from(JSON.stringify(body)) },
    trustedCall(CALLER, 'req-ix')) as RawResponse;

  it('an index Scan or Query skips a stored item whose index key has another type (never a 500)', (t) => {
    const store = openItemStore(null);
    t.after(() => store.close());
    assert.equal(send(store, 'CreateTable', {
      TableName: 'legacy', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', Projection: { ProjectionType: 'ALL' }, KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }] }],
    }).status, 200);
    const row = store.getTable(`${ACCOUNT}/us-east-1`, 'legacy')!;
    // Items written before index keys were checked: a NULL and a map where the index wants a string.
    store.putItem(row.id, Buffer.from('a'), Buffer.alloc(0), JSON.stringify({ id: { S: 'a' }, g: { NULL: true } }), 10);
    store.putItem(row.id, Buffer.from('b'), Buffer.alloc(0), JSON.stringify({ id: { S: 'b' }, g: { M: {} } }), 10);
    store.putItem(row.id, Buffer.from('c'), Buffer.alloc(0), JSON.stringify({ id: { S: 'c' }, g: { S: 'x' } }), 10);
    // A table stored by an earlier version: its indexes are not marked built, so the first index read builds them.
    const legacy = JSON.parse(row.definition) as { GlobalSecondaryIndexes: Record<string, unknown>[] };
    for (const ix of legacy.GlobalSecondaryIndexes) delete ix['Backfilled'];
    store.setDefinition(row, JSON.stringify(legacy));
    const scan = send(store, 'Scan', { TableName: 'legacy', IndexName: 'byG' });
    assert.equal(scan.status, 200);
    assert.equal((JSON.parse(scan.body!.toString()) as { Count: number }).Count, 1);
    const query = send(store, 'Query', { TableName: 'legacy', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'x' } } });
    assert.equal(query.status, 200);
    assert.equal((JSON.parse(query.body!.toString()) as { Count: number }).Count, 1);
  });
});

describe('DynamoDB time to live, continuous backups and tags', () => {
  let h: Harness;
  let db: DynamoDBClient;
  const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/settings`;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({
      TableName: 'settings', BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'env', Value: 'lab' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }));
  });
  after(async () => { await h.close(); });

  // AWS (UpdateTimeToLive): enabling TTL on a table where it is enabled, or disabling where disabled, is a ValidationException.
  it('DescribeTimeToLive is DISABLED until UpdateTimeToLive enables it; enabling twice or disabling twice is refused', async () => {
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'settings' }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
    await rejectsWithMessage(db.send(new UpdateTimeToLiveCommand({ TableName: 'settings', TimeToLiveSpecification: { Enabled: false, AttributeName: 'exp' } })),
      'ValidationException', 'TimeToLive is already disabled');
    const r = await db.send(new UpdateTimeToLiveCommand({ TableName: 'settings', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } }));
    assert.deepEqual(r.TimeToLiveSpecification, { Enabled: true, AttributeName: 'exp' });
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'settings' }))).TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'exp' });
    await rejectsWithMessage(db.send(new UpdateTimeToLiveCommand({ TableName: 'settings', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } })),
      'ValidationException', 'TimeToLive is already enabled');
    await db.send(new UpdateTimeToLiveCommand({ TableName: 'settings', TimeToLiveSpecification: { Enabled: false, AttributeName: 'exp' } }));
    assert.deepEqual((await db.send(new DescribeTimeToLiveCommand({ TableName: 'settings' }))).TimeToLiveDescription, { TimeToLiveStatus: 'DISABLED' });
  });

  it('UpdateTimeToLive validates its specification and the table', async () => {
    await rejectsWith(db.send(new UpdateTimeToLiveCommand({ TableName: 'settings', TimeToLiveSpecification: { Enabled: true, AttributeName: '' } })), 'ValidationException');
    await rejectsWith(db.send(new DescribeTimeToLiveCommand({ TableName: 'missing' })), 'ResourceNotFoundException');
    await rejectsWith(db.send(new UpdateTimeToLiveCommand({ TableName: 'missing', TimeToLiveSpecification: { Enabled: true, AttributeName: 'x' } })), 'ResourceNotFoundException');
  });

  // AWS (DescribeContinuousBackups): ContinuousBackupsStatus is ENABLED for every table; point-in-time recovery is off until enabled.
  it('continuous backups are ENABLED with point-in-time recovery DISABLED until UpdateContinuousBackups turns it on', async () => {
    const d = (await db.send(new DescribeContinuousBackupsCommand({ TableName: 'settings' }))).ContinuousBackupsDescription;
    assert.equal(d?.ContinuousBackupsStatus, 'ENABLED');
    assert.equal(d?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'DISABLED');
    const u = (await db.send(new UpdateContinuousBackupsCommand({ TableName: 'settings', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } }))).ContinuousBackupsDescription;
    assert.equal(u?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED');
    assert.equal(u?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays, 7);
    assert.ok(u?.PointInTimeRecoveryDescription?.LatestRestorableDateTime instanceof Date);
    const again = (await db.send(new DescribeContinuousBackupsCommand({ TableName: 'settings' }))).ContinuousBackupsDescription;
    assert.equal(again?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED');
    await db.send(new UpdateContinuousBackupsCommand({ TableName: 'settings', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
    assert.equal((await db.send(new DescribeContinuousBackupsCommand({ TableName: 'settings' }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'DISABLED');
  });

  // AWS (PointInTimeRecoverySpecification): RecoveryPeriodInDays is 1..35 and only with PointInTimeRecoveryEnabled true.
  it('UpdateContinuousBackups refuses a recovery period out of 1..35 and one given while disabling', async () => {
    await rejectsWith(db.send(new UpdateContinuousBackupsCommand({ TableName: 'settings', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 36 } })), 'ValidationException');
    await rejectsWithMessage(db.send(new UpdateContinuousBackupsCommand({ TableName: 'settings', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false, RecoveryPeriodInDays: 5 } })),
      'ValidationException', 'RecoveryPeriodInDays can only be specified when PointInTimeRecoveryEnabled is true');
    await rejectsWith(db.send(new DescribeContinuousBackupsCommand({ TableName: 'missing' })), 'ResourceNotFoundException');
  });

  it('CreateTable Tags are listed; TagResource adds and replaces by key; UntagResource removes', async () => {
    assert.deepEqual((await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'env', Value: 'lab' }]);
    await db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'net' }] }));
    assert.deepEqual((await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'net' }]);
    await db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env', 'absent'] }));
    assert.deepEqual((await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'team', Value: 'net' }]);
  });

  // AWS (Tagging restrictions in DynamoDB): at most 50 tags per resource; the aws: prefix is reserved for system use.
  it('tags are limited to 50 per table, aws: keys are reserved, and an unknown table is not found', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWithMessage(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: many })),
      'ValidationException', 'One or more parameter values were invalid: The number of tags exceeds the limit of 50');
    assert.equal((await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags?.length, 1);
    await rejectsWithMessage(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'aws:x', Value: 'v' }] })),
      'ValidationException', "One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved for system use. Key: aws:x");
    await rejectsWith(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: '', Value: 'v' }] })), 'ValidationException');
    await rejectsWith(db.send(new CreateTableCommand({
      TableName: 'reserved', BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'aws:y', Value: 'v' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    })), 'ValidationException');
    await rejectsWith(db.send(new ListTagsOfResourceCommand({ ResourceArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/missing` })), 'ResourceNotFoundException');
    await rejectsWithMessage(db.send(new TagResourceCommand({ ResourceArn: 'settings', Tags: [{ Key: 'a', Value: 'b' }] })),
      'ValidationException', 'Invalid ResourceArn provided as input settings');
  });
});
