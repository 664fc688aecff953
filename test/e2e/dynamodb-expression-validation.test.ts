/**
 * @module The expression validation DynamoDB does, over HTTP through the SDK: each ValidationException with its
 * exact message (placeholders, redundant parentheses, key attributes in a Query filter, overlapping and
 * conflicting paths, the 4 KB limit and nesting that must never overflow the stack, reserved words, numbers),
 * contains() on binaries, list appends in index order, Scan segments, DeleteTable's answer, key types on writes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DeleteTableCommand, GetItemCommand, PutItemCommand,
  QueryCommand, ScanCommand, UpdateItemCommand, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { rejectsWith, startHarness, type Harness } from './harness.js';

async function validation(call: Promise<unknown>, message: string): Promise<void> {
  const err = await rejectsWith(call, 'ValidationException');
  assert.equal(err.message, message);
}

describe('DynamoDB expression validation', () => {
  let h: Harness;
  let db: DynamoDBClient;
  const T = 'exprval';
  const key = { pk: { S: 'k' }, sk: { S: '1' } };

  before(async () => {
    h = await startHarness();
    db = h.dynamodb();
    await db.send(new CreateTableCommand({
      TableName: T, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    }));
    await db.send(new PutItemCommand({ TableName: T, Item: { ...key, a: { M: { b: { S: 'x' } } }, l: { L: [{ S: 'x' }, { S: 'y' }] }, bin: { B: Buffer.from([1, 2, 3, 4]) }, bs: { BS: [Buffer.from([5])] } } }));
  });
  after(async () => { await h.close(); });

  it('placeholders: unused, undefined and malformed ExpressionAttributeNames and Values', async () => {
    await validation(db.send(new GetItemCommand({ TableName: T, Key: key, ProjectionExpression: 'a', ExpressionAttributeNames: { '#x': 'x' } })),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}');
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':x': { S: 'x' } } })),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}');
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: '#n = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } })),
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n');
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: 'a = :v' })),
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v');
    await validation(db.send(new GetItemCommand({ TableName: T, Key: key, ProjectionExpression: '#a', ExpressionAttributeNames: { '#a': 'a', 'b': 'b' } })),
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "b"');
    await validation(db.send(new GetItemCommand({ TableName: T, Key: key, ProjectionExpression: '#a', ExpressionAttributeNames: { '#a': 'a', [`#${'n'.repeat(255)}`]: 'b' } })),
      'ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long');
    const big = { ':a': { S: 'x'.repeat(1100 * 1024) }, ':b': { S: 'y'.repeat(1000 * 1024) } };
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: 'a <> :a AND a <> :b', ExpressionAttributeValues: big })),
      'Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size');
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: '' })),
      'Invalid ConditionExpression: The expression can not be empty;');
  });

  it('redundant parentheses and reserved words', async () => {
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: '((attribute_exists(pk)))' })),
      'Invalid ConditionExpression: The expression has redundant parentheses;');
    await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, UpdateExpression: 'SET #s = :v', ConditionExpression: '((size(l) > :n))', ExpressionAttributeNames: { '#s': 's' }, ExpressionAttributeValues: { ':v': { S: 'v' }, ':n': { N: '1' } } })),
      'Invalid ConditionExpression: The expression has redundant parentheses;');
    await validation(db.send(new GetItemCommand({ TableName: T, Key: key, ProjectionExpression: 'name' })),
      'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name');
  });

  it('a Query filter may not name a key attribute of what is queried', async () => {
    await validation(db.send(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', FilterExpression: 'sk > :s', ExpressionAttributeValues: { ':p': { S: 'k' }, ':s': { S: '0' } } })),
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk');
    await validation(db.send(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', FilterExpression: 'attribute_exists(#k)', ExpressionAttributeNames: { '#k': 'pk' }, ExpressionAttributeValues: { ':p': { S: 'k' } } })),
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: pk');
    // The table's keys are ordinary attributes when a global secondary index is queried.
    const r = await db.send(new QueryCommand({ TableName: T, IndexName: 'byG', KeyConditionExpression: 'g = :g', FilterExpression: 'sk > :s', ExpressionAttributeValues: { ':g': { N: '1' }, ':s': { S: '0' } } }));
    assert.equal(r.Count, 0);
  });

  it('overlapping and conflicting document paths', async () => {
    await validation(db.send(new GetItemCommand({ TableName: T, Key: key, ProjectionExpression: 'a, a.b' })),
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]');
    await validation(db.send(new ScanCommand({ TableName: T, ProjectionExpression: 'l[0], l.x' })),
      'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]');
    await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, UpdateExpression: 'SET a.b = :v REMOVE a', ExpressionAttributeValues: { ':v': { S: 'v' } } })),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]');
    await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, UpdateExpression: 'SET a.b = :v, a[1] = :v', ExpressionAttributeValues: { ':v': { S: 'v' } } })),
      'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]');
  });

  it('the 4 KB limit: 10,000 nested parentheses and a 5,000-term OR chain answer ValidationException, not 500', async () => {
    const deep = `${'('.repeat(10000)}attribute_exists(pk)${')'.repeat(10000)}`;
    await validation(db.send(new PutItemCommand({ TableName: T, Item: key, ConditionExpression: deep })),
      'Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 20020');
    const ors = Array.from({ length: 5000 }, () => 'a = :v').join(' OR ');
    await validation(db.send(new ScanCommand({ TableName: T, FilterExpression: ors, ExpressionAttributeValues: { ':v': { S: 'x' } } })),
      `Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: ${ors.length}`);
    const legacyOrs = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`a${i}`, { ComparisonOperator: 'NOT_NULL' as const }]));
    const scanned = await db.send(new ScanCommand({ TableName: T, ScanFilter: legacyOrs, ConditionalOperator: 'OR' }));
    assert.equal(scanned.Count, 0);
    // The deepest nesting 4 KB allows is served.
    const nots = await db.send(new GetItemCommand({ TableName: T, Key: key, ProjectionExpression: `${'a.'.repeat(2000)}a` }));
    assert.deepEqual(nots.Item, {});
  });

  it('numbers: precision, magnitude and stray characters', async () => {
    const n = (v: string) => db.send(new PutItemCommand({ TableName: T, Item: { ...key, n: { N: v } } }));
    await validation(n('1'.repeat(39)), 'Attempting to store more than 38 significant digits in a Number');
    await validation(n('1e126'), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    await validation(n('1e-131'), 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
    await validation(n(' 1'), 'A value provided cannot be converted into a number');
    await validation(n('1x'), 'A value provided cannot be converted into a number');
  });

  it('contains() on binaries and binary sets; SET past the end appends in index order', async () => {
    const b = (bytes: number[]) => ({ B: Uint8Array.from(bytes) });
    const got = async (cond: string, v: { B: Uint8Array }) => (await db.send(new ScanCommand({ TableName: T, FilterExpression: cond, ExpressionAttributeValues: { ':v': v } }))).Count;
    assert.equal(await got('contains(bin, :v)', b([2, 3])), 1);
    assert.equal(await got('contains(bin, :v)', b([3, 2])), 0);
    assert.equal(await got('contains(bs, :v)', b([5])), 1);
    const u = await db.send(new UpdateItemCommand({ TableName: T, Key: key, UpdateExpression: 'SET l[11] = :b, l[10] = :a', ExpressionAttributeValues: { ':a': { S: 'a' }, ':b': { S: 'b' } }, ReturnValues: 'ALL_NEW' }));
    assert.deepEqual(u.Attributes?.['l'], { L: [{ S: 'x' }, { S: 'y' }, { S: 'a' }, { S: 'b' }] });
  });

  it('Scan segments: an ExclusiveStartKey outside the segment is refused', async () => {
    for (let i = 0; i < 8; i++) await db.send(new PutItemCommand({ TableName: T, Item: { pk: { S: `seg${i}` }, sk: { S: '1' } } }));
    const seg0 = await db.send(new ScanCommand({ TableName: T, Segment: 0, TotalSegments: 2 }));
    const seg1 = await db.send(new ScanCommand({ TableName: T, Segment: 1, TotalSegments: 2 }));
    assert.equal(seg0.Count! + seg1.Count!, 9);
    const foreign = seg1.Items![0]!;
    await validation(db.send(new ScanCommand({ TableName: T, Segment: 0, TotalSegments: 2, ExclusiveStartKey: { pk: foreign['pk']!, sk: foreign['sk']! } })),
      'The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0');
    const own = seg0.Items![0]!;
    await db.send(new ScanCommand({ TableName: T, Segment: 0, TotalSegments: 2, ExclusiveStartKey: { pk: own['pk']!, sk: own['sk']! } }));
    await validation(db.send(new ScanCommand({ TableName: T, Segment: 2, TotalSegments: 2 })),
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2');
    await validation(db.send(new ScanCommand({ TableName: T, Segment: 0, TotalSegments: 1000001 })),
      "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000");
    await validation(db.send(new ScanCommand({ TableName: T, Segment: -1, TotalSegments: 2 })),
      "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0");
    await validation(db.send(new ScanCommand({ TableName: T, Segment: 1 })),
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  });

  it('key types are checked on DeleteItem, UpdateItem and BatchWriteItem; UpdateItem cannot change a key attribute', async () => {
    await validation(db.send(new DeleteItemCommand({ TableName: T, Key: { pk: { N: '1' }, sk: { S: '1' } } })), 'The provided key element does not match the schema');
    await validation(db.send(new UpdateItemCommand({ TableName: T, Key: { pk: { S: 'k' }, sk: { B: Uint8Array.from([1]) } }, UpdateExpression: 'SET z = :z', ExpressionAttributeValues: { ':z': { S: 'z' } } })), 'The provided key element does not match the schema');
    await validation(db.send(new BatchWriteItemCommand({ RequestItems: { [T]: [{ DeleteRequest: { Key: { pk: { S: 'k' }, sk: { N: '1' } } } }] } })), 'The provided key element does not match the schema');
    await validation(db.send(new BatchWriteItemCommand({ RequestItems: { [T]: [{ PutRequest: { Item: { pk: { S: 'k' }, sk: { N: '1' } } } }] } })), 'One or more parameter values were invalid: Type mismatch for key sk expected: S actual: N');
    await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, UpdateExpression: 'SET pk = :z', ExpressionAttributeValues: { ':z': { S: 'z' } } })),
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key');
    await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, UpdateExpression: 'SET g = :z', ExpressionAttributeValues: { ':z': { S: 'z' } } })),
      'One or more parameter values were invalid: Type mismatch for Index Key g Expected: N Actual: S IndexName: byG');
  });

  it('DeleteTable answers the table description with TableStatus DELETING', async () => {
    await db.send(new CreateTableCommand({
      TableName: 'doomed', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
    await db.send(new PutItemCommand({ TableName: 'doomed', Item: { id: { S: 'x' } } }));
    const d = (await db.send(new DeleteTableCommand({ TableName: 'doomed' }))).TableDescription!;
    assert.equal(d.TableStatus, 'DELETING');
    assert.equal(d.TableName, 'doomed');
    assert.equal(d.TableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/doomed');
    assert.deepEqual(d.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
    assert.equal(d.ItemCount, 1);
    assert.equal(d.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    await rejectsWith(db.send(new GetItemCommand({ TableName: 'doomed', Key: { id: { S: 'x' } } })), 'ResourceNotFoundException');
  });
});
