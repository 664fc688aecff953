/**
 * @module DynamoDB's legacy parameters through the SDK and the document client (AWS: "Legacy conditional
 * parameters"): Expected with ConditionalOperator, AttributeUpdates PUT/ADD/DELETE, KeyConditions, QueryFilter,
 * ScanFilter, AttributesToGet, and the refusal of requests mixing them with expressions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand, CreateTableCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand,
  UpdateItemCommand, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand as DocQuery, UpdateCommand as DocUpdate, GetCommand as DocGet } from '@aws-sdk/lib-dynamodb';
import { rejectsWith, startHarness, type Harness } from './harness.js';

async function validation(call: Promise<unknown>, message: string): Promise<void> {
  const err = await rejectsWith(call, 'ValidationException');
  assert.equal(err.message, message);
}

describe('DynamoDB legacy parameters', () => {
  let h: Harness;
  let db: DynamoDBClient;
  const T = 'legacy';
  const put = (item: Record<string, unknown>) => db.send(new PutItemCommand({ TableName: T, Item: item as never }));
  const get = async (pk: string, sk: string) => (await db.send(new GetItemCommand({ TableName: T, Key: { pk: { S: pk }, sk: { N: sk } }, ConsistentRead: true }))).Item;

  before(async () => {
    h = await startHarness();
    db = h.dynamodb();
    await db.send(new CreateTableCommand({
      TableName: T, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }));
    for (let i = 1; i <= 5; i++) {
      await put({ pk: { S: 'p' }, sk: { N: String(i) }, n: { N: String(i * 10) }, s: { S: `name-${i}` }, tags: { SS: i % 2 ? ['odd', 'x'] : ['even'] }, bin: { B: Buffer.from([0, i, 2, 3]) } });
    }
  });
  after(async () => { await h.close(); });

  describe('Expected and ConditionalOperator', () => {
    it('Exists=false refuses a put over an existing item and allows a new one', async () => {
      await put({ pk: { S: 'x' }, sk: { N: '1' } });
      const err = await rejectsWith(db.send(new PutItemCommand({
        TableName: T, Item: { pk: { S: 'x' }, sk: { N: '1' } }, Expected: { pk: { Exists: false } },
      })), 'ConditionalCheckFailedException');
      assert.equal(err.message, 'The conditional request failed');
      await db.send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'new' }, sk: { N: '1' } }, Expected: { pk: { Exists: false } } }));
      assert.ok(await get('new', '1'));
    });

    it('Value (Exists implied) compares for equality; ComparisonOperator with AND and OR', async () => {
      await put({ pk: { S: 'e' }, sk: { N: '1' }, a: { N: '5' }, b: { S: 'hello' } });
      const key = { pk: { S: 'e' }, sk: { N: '1' } };
      await rejectsWith(db.send(new DeleteItemCommand({ TableName: T, Key: key, Expected: { a: { Value: { N: '6' } } } })), 'ConditionalCheckFailedException');
      await rejectsWith(db.send(new DeleteItemCommand({
        TableName: T, Key: key, ConditionalOperator: 'AND',
        Expected: { a: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '4' }] }, b: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] } },
      })), 'ConditionalCheckFailedException');
      const old = await db.send(new DeleteItemCommand({
        TableName: T, Key: key, ConditionalOperator: 'OR', ReturnValues: 'ALL_OLD',
        Expected: { a: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '4' }] }, b: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] } },
      }));
      assert.equal(old.Attributes?.['b']?.S, 'hello');
      assert.equal(await get('e', '1'), undefined);
    });

    it('every comparison operator means what AWS documents', async () => {
      await put({ pk: { S: 'ops' }, sk: { N: '1' }, n: { N: '5' }, s: { S: 'abc' }, ss: { SS: ['a', 'b'] }, l: { L: [{ S: 'q' }] }, b: { B: Buffer.from([1, 2, 3]) } });
      const cases: [Record<string, unknown>, boolean][] = [
        [{ n: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '5.0' }] } }, true],
        [{ n: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: '5' }] } }, false],
        [{ l: { ComparisonOperator: 'EQ', AttributeValueList: [{ L: [{ S: 'q' }] }] } }, true],
        [{ l: { ComparisonOperator: 'NE', AttributeValueList: [{ L: [] }] } }, true],
        [{ n: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '4' }] } }, true],
        [{ missing: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '4' }] } }, true],
        [{ n: { ComparisonOperator: 'LE', AttributeValueList: [{ N: '5' }] } }, true],
        [{ n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '5' }] } }, false],
        [{ n: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '5' }] } }, true],
        [{ n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '5' }] } }, false],
        [{ s: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] } }, false],
        [{ n: { ComparisonOperator: 'NOT_NULL' } }, true],
        [{ missing: { ComparisonOperator: 'NULL' } }, true],
        [{ n: { ComparisonOperator: 'NULL' } }, false],
        [{ s: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'bc' }] } }, true],
        [{ ss: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'b' }] } }, true],
        [{ l: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'q' }] } }, true],
        [{ b: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ B: Buffer.from([2, 3]) }] } }, true],
        [{ b: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ B: Buffer.from([3, 2]) }] } }, false],
        [{ ss: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'z' }] } }, true],
        [{ s: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'a' }] } }, false],
        [{ s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'ab' }] } }, true],
        [{ n: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }, true],
        [{ n: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { N: '2' }] } }, false],
        [{ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '5' }, { N: '6' }] } }, true],
        [{ s: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ S: 'b' }, { S: 'c' }] } }, false],
      ];
      for (const [expected, holds] of cases) {
        const call = db.send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'ops' }, sk: { N: '1' }, n: { N: '5' }, s: { S: 'abc' }, ss: { SS: ['a', 'b'] }, l: { L: [{ S: 'q' }] }, b: { B: Buffer.from([1, 2, 3]) } }, Expected: expected as never }));
        if (holds) await call;
        else await rejectsWith(call, 'ConditionalCheckFailedException');
      }
    });

    it('refuses malformed Expected entries with AWS messages', async () => {
      const item = { pk: { S: 'm' }, sk: { N: '1' } };
      const p = (expected: Record<string, unknown>, extra: Record<string, unknown> = {}) => db.send(new PutItemCommand({ TableName: T, Item: item, Expected: expected as never, ...extra }));
      await validation(p({ a: {} }), 'One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a');
      await validation(p({ a: { Exists: true } }), 'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a');
      await validation(p({ a: { Exists: false, Value: { S: 'x' } } }), 'One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a');
      await validation(p({ a: { ComparisonOperator: 'EQ', Exists: true, Value: { S: 'x' } } }), 'One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a');
      await validation(p({ a: { ComparisonOperator: 'EQ', Value: { S: 'x' }, AttributeValueList: [{ S: 'x' }] } }), 'One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a');
      await validation(p({ a: { AttributeValueList: [{ S: 'x' }] } }), 'One or more parameter values were invalid: AttributeValueList can only be used with a ComparisonOperator for Attribute: a');
      await validation(p({ a: { ComparisonOperator: 'GT' } }), 'One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: GT for Attribute: a');
      await validation(p({ a: { ComparisonOperator: 'NULL', AttributeValueList: [{ S: 'x' }] } }), 'One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator');
      await validation(p({ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }] } }), 'One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator');
      await validation(p({ a: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { S: '1' }] } }), 'One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type');
      await validation(p({ a: { ComparisonOperator: 'LT', AttributeValueList: [{ SS: ['x'] }] } }), 'One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type');
      await validation(p({ a: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '1' }] } }), 'One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type');
      await validation(p({ a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '2' }, { N: '1' }] } }), 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
      await validation(p({ a: { Exists: false } }, { ConditionalOperator: 'OR' }), 'ConditionalOperator can only be used when Filter or Expected has two or more elements');
      await validation(db.send(new PutItemCommand({ TableName: T, Item: item, ConditionalOperator: 'OR' })), 'ConditionalOperator cannot be used without Filter or Expected');
      assert.equal(await get('m', '1'), undefined, 'nothing was written');
    });
  });

  describe('AttributeUpdates', () => {
    const key = { pk: { S: 'u' }, sk: { N: '1' } };
    it('ADD creates a missing item with the number; PUT, ADD on numbers and sets, DELETE of set elements and of attributes', async () => {
      const r1 = await db.send(new UpdateItemCommand({ TableName: T, Key: key, AttributeUpdates: { count: { Action: 'ADD', Value: { N: '3' } }, tags: { Action: 'ADD', Value: { SS: ['a', 'b'] } } }, ReturnValues: 'ALL_NEW' }));
      assert.deepEqual(r1.Attributes, { pk: { S: 'u' }, sk: { N: '1' }, count: { N: '3' }, tags: { SS: ['a', 'b'] } });
      const r2 = await db.send(new UpdateItemCommand({
        TableName: T, Key: key, ReturnValues: 'UPDATED_NEW',
        AttributeUpdates: { count: { Action: 'ADD', Value: { N: '-1.5' } }, tags: { Action: 'ADD', Value: { SS: ['b', 'c'] } }, name: { Value: { S: 'put by default' } } },
      }));
      assert.deepEqual(r2.Attributes, { count: { N: '1.5' }, tags: { SS: ['a', 'b', 'c'] }, name: { S: 'put by default' } });
      const r3 = await db.send(new UpdateItemCommand({
        TableName: T, Key: key, ReturnValues: 'UPDATED_OLD',
        AttributeUpdates: { tags: { Action: 'DELETE', Value: { SS: ['a', 'z'] } }, name: { Action: 'DELETE' } },
      }));
      assert.deepEqual(r3.Attributes, { tags: { SS: ['a', 'b', 'c'] }, name: { S: 'put by default' } });
      assert.deepEqual(await get('u', '1'), { pk: { S: 'u' }, sk: { N: '1' }, count: { N: '1.5' }, tags: { SS: ['b', 'c'] } });
      await db.send(new UpdateItemCommand({ TableName: T, Key: key, AttributeUpdates: { tags: { Action: 'DELETE', Value: { SS: ['b', 'c'] } } } }));
      assert.equal((await get('u', '1'))?.['tags'], undefined, 'a set left empty is removed');
    });

    it('DELETE alone on a missing item creates nothing; Expected guards AttributeUpdates', async () => {
      await db.send(new UpdateItemCommand({ TableName: T, Key: { pk: { S: 'ghost' }, sk: { N: '1' } }, AttributeUpdates: { a: { Action: 'DELETE' } } }));
      assert.equal(await get('ghost', '1'), undefined);
      // With no actions at all, the key-only item is created (as an UpdateItem without UpdateExpression does).
      await db.send(new UpdateItemCommand({ TableName: T, Key: { pk: { S: 'bare' }, sk: { N: '1' } }, AttributeUpdates: {} }));
      assert.deepEqual(await get('bare', '1'), { pk: { S: 'bare' }, sk: { N: '1' } });
      await rejectsWith(db.send(new UpdateItemCommand({
        TableName: T, Key: key, AttributeUpdates: { x: { Value: { S: 'y' } } }, Expected: { count: { Value: { N: '99' } } },
      })), 'ConditionalCheckFailedException');
    });

    it('refuses bad actions, key attributes and type mismatches with AWS messages, changing nothing', async () => {
      const u = (updates: Record<string, unknown>) => db.send(new UpdateItemCommand({ TableName: T, Key: key, AttributeUpdates: updates as never }));
      await validation(u({ a: { Action: 'PUT' } }), 'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified');
      await validation(u({ a: { Action: 'ADD' } }), 'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified');
      await validation(u({ a: { Action: 'DELETE', Value: { S: 'x' } } }), 'One or more parameter values were invalid: Action DELETE is not supported for the type S');
      await validation(u({ a: { Action: 'ADD', Value: { L: [] } } }), 'One or more parameter values were invalid: Action ADD is not supported for the type L');
      await validation(u({ sk: { Value: { N: '2' } } }), 'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key');
      await validation(u({ count: { Action: 'ADD', Value: { SS: ['x'] } } }), 'Type mismatch for attribute to update');
      await validation(u({ count: { Action: 'DELETE', Value: { NS: ['1.5'] } } }), 'Type mismatch for attribute to update');
      assert.equal((await get('u', '1'))?.['count']?.N, '1.5');
    });
  });

  describe('reads', () => {
    it('KeyConditions with each sort key operator, QueryFilter with ConditionalOperator, AttributesToGet', async () => {
      const q = async (kc: Record<string, unknown>, extra: Record<string, unknown> = {}) => (await db.send(new QueryCommand({ TableName: T, KeyConditions: kc as never, ...extra }))).Items!.map((i) => i['sk']?.N);
      const p = { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } };
      assert.deepEqual(await q(p), ['1', '2', '3', '4', '5']);
      assert.deepEqual(await q({ ...p, sk: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '3' }] } }), ['4', '5']);
      assert.deepEqual(await q({ ...p, sk: { ComparisonOperator: 'LE', AttributeValueList: [{ N: '2' }] } }), ['1', '2']);
      assert.deepEqual(await q({ ...p, sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '2' }, { N: '4' }] } }, { ScanIndexForward: false }), ['4', '3', '2']);
      assert.deepEqual(await q(p, { QueryFilter: { n: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '40' }] }, tags: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'odd' }] } }, ConditionalOperator: 'OR' }), ['1', '3', '4', '5']);
      assert.deepEqual(await q(p, { QueryFilter: { n: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '40' }] }, tags: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'odd' }] } } }), ['5']);
      const projected = await db.send(new QueryCommand({ TableName: T, KeyConditions: p as never, AttributesToGet: ['s', 'sk'], Limit: 1 }));
      assert.deepEqual(projected.Items, [{ s: { S: 'name-1' }, sk: { N: '1' } }]);
      // AWS: KeyConditions may be paired with expression parameters when no KeyConditionExpression is sent.
      const mixed = await db.send(new QueryCommand({ TableName: T, KeyConditions: p as never, FilterExpression: 'n < :x', ExpressionAttributeValues: { ':x': { N: '25' } } }));
      assert.deepEqual(mixed.Items!.map((i) => i['sk']?.N), ['1', '2']);
    });

    it('refuses bad KeyConditions and QueryFilter on key attributes with AWS messages', async () => {
      const q = (kc: Record<string, unknown>, extra: Record<string, unknown> = {}) => db.send(new QueryCommand({ TableName: T, KeyConditions: kc as never, ...extra }));
      const p = { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } };
      await validation(q({}), 'Conditions can be of length 1 or 2 only');
      await validation(q({ ...p, sk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] }, n: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } }), 'Conditions can be of length 1 or 2 only');
      await validation(q({ sk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } }), 'Query condition missed key schema element: pk');
      await validation(q({ ...p, n: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } }), 'Query condition missed key schema element: sk');
      await validation(q({ pk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'p' }] } }), 'Query key condition not supported');
      await validation(q({ ...p, sk: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '1' }] } }), 'Attempted conditional constraint is not an indexable operation');
      await validation(q({ pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }] } }), 'One or more parameter values were invalid: Condition parameter type does not match schema type');
      await validation(q(p, { QueryFilter: { sk: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] } } }), 'QueryFilter can only contain non-primary key attributes: Primary key attribute: sk');
      await validation(q(p, { AttributesToGet: ['a', 'a'] }), 'One or more parameter values were invalid: Duplicate value in attribute name: a');
      await validation(q(p, { AttributesToGet: ['a'], Select: 'COUNT' }), 'Cannot specify the AttributesToGet when choosing to get COUNT');
    });

    it('ScanFilter, AttributesToGet on GetItem and BatchGetItem', async () => {
      const s = await db.send(new ScanCommand({ TableName: T, ScanFilter: { s: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'name-2' }, { S: 'name-4' }] } }, AttributesToGet: ['sk'] }));
      assert.deepEqual(s.Items, [{ sk: { N: '2' } }, { sk: { N: '4' } }]);
      assert.equal(s.ScannedCount! > s.Count!, true);
      const g = await db.send(new GetItemCommand({ TableName: T, Key: { pk: { S: 'p' }, sk: { N: '3' } }, AttributesToGet: ['n', 'nope'] }));
      assert.deepEqual(g.Item, { n: { N: '30' } });
      const b = await db.send(new BatchGetItemCommand({ RequestItems: { [T]: { Keys: [{ pk: { S: 'p' }, sk: { N: '2' } }], AttributesToGet: ['s'] } } }));
      assert.deepEqual(b.Responses?.[T], [{ s: { S: 'name-2' } }]);
    });
  });

  describe('on a secondary index', () => {
    it('KeyConditions and QueryFilter use the index key; AttributeUpdates respect index key types', async () => {
      await db.send(new CreateTableCommand({
        TableName: 'legacyix', BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'team', AttributeType: 'S' }, { AttributeName: 'score', AttributeType: 'N' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'byTeam', KeySchema: [{ AttributeName: 'team', KeyType: 'HASH' }, { AttributeName: 'score', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      }));
      for (const [id, team, score] of [['a', 'red', '3'], ['b', 'red', '9'], ['c', 'blue', '5'], ['d', 'red', '7']] as const) {
        await db.send(new PutItemCommand({ TableName: 'legacyix', Item: { id: { S: id }, team: { S: team }, score: { N: score } } }));
      }
      const q = await db.send(new QueryCommand({
        TableName: 'legacyix', IndexName: 'byTeam', ScanIndexForward: false,
        KeyConditions: { team: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'red' }] }, score: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '4' }] } },
        QueryFilter: { id: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'd' }] } },
      }));
      assert.deepEqual(q.Items?.map((i) => i['id']?.S), ['b']);
      await validation(db.send(new QueryCommand({ TableName: 'legacyix', IndexName: 'byTeam', KeyConditions: { id: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } } })),
        'Query condition missed key schema element: team');
      await validation(db.send(new QueryCommand({
        TableName: 'legacyix', IndexName: 'byTeam', KeyConditions: { team: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'red' }] } },
        QueryFilter: { score: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] } },
      })), 'QueryFilter can only contain non-primary key attributes: Primary key attribute: score');
      await validation(db.send(new UpdateItemCommand({ TableName: 'legacyix', Key: { id: { S: 'a' } }, AttributeUpdates: { score: { Value: { S: 'high' } } } })),
        'One or more parameter values were invalid: Type mismatch for Index Key score Expected: N Actual: S IndexName: byTeam');
      const seg = await Promise.all([0, 1, 2].map((s) => db.send(new ScanCommand({ TableName: 'legacyix', IndexName: 'byTeam', Segment: s, TotalSegments: 3 }))));
      assert.equal(seg.reduce((n, r) => n + r.Count!, 0), 4, 'index scan segments partition the index');
    });
  });

  describe('mixing legacy and expression parameters', () => {
    const msg = (legacy: string, expression: string) => `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy}} Expression parameters: {${expression}}`;
    it('is refused on every operation that takes both', async () => {
      const key = { pk: { S: 'p' }, sk: { N: '1' } };
      await validation(db.send(new PutItemCommand({ TableName: T, Item: key, Expected: { pk: { Exists: false } }, ConditionExpression: 'attribute_not_exists(pk)' })), msg('Expected', 'ConditionExpression'));
      await validation(db.send(new DeleteItemCommand({ TableName: T, Key: key, Expected: { pk: { Exists: false } }, ConditionExpression: 'attribute_not_exists(pk)' })), msg('Expected', 'ConditionExpression'));
      await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, AttributeUpdates: { a: { Value: { S: 'x' } } }, UpdateExpression: 'SET b = :b', ExpressionAttributeValues: { ':b': { S: 'y' } } })), msg('AttributeUpdates', 'UpdateExpression'));
      await validation(db.send(new UpdateItemCommand({ TableName: T, Key: key, AttributeUpdates: { a: { Value: { S: 'x' } } }, ConditionalOperator: 'OR', ConditionExpression: 'attribute_exists(pk)' })), msg('AttributeUpdates, ConditionalOperator', 'ConditionExpression'));
      await validation(db.send(new GetItemCommand({ TableName: T, Key: key, AttributesToGet: ['a'], ProjectionExpression: 'b' })), msg('AttributesToGet', 'ProjectionExpression'));
      await validation(db.send(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, QueryFilter: { n: { ComparisonOperator: 'NOT_NULL' } } })), msg('QueryFilter', 'KeyConditionExpression'));
      await validation(db.send(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } } })), msg('KeyConditions', 'KeyConditionExpression'));
      await validation(db.send(new ScanCommand({ TableName: T, ScanFilter: { n: { ComparisonOperator: 'NOT_NULL' } }, FilterExpression: 'attribute_exists(n)' })), msg('ScanFilter', 'FilterExpression'));
      await validation(db.send(new BatchGetItemCommand({ RequestItems: { [T]: { Keys: [key], AttributesToGet: ['a'], ProjectionExpression: 'b' } } })), msg('AttributesToGet', 'ProjectionExpression'));
    });

    it('ExpressionAttributeValues with only legacy parameters is refused', async () => {
      await validation(db.send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'p' }, sk: { N: '9' } }, Expected: { pk: { Exists: false } }, ExpressionAttributeValues: { ':x': { S: 'x' } } })),
        'ExpressionAttributeValues can only be specified when using expressions');
    });
  });

  describe('through the document client (lib-dynamodb)', () => {
    it('Query with KeyConditions, UpdateItem with AttributeUpdates, GetItem with AttributesToGet', async () => {
      const doc = DynamoDBDocumentClient.from(db);
      const q = await doc.send(new DocQuery({ TableName: T, KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: ['p'] }, sk: { ComparisonOperator: 'LT', AttributeValueList: [3] } } }));
      assert.deepEqual(q.Items?.map((i) => i['sk'] as number), [1, 2]);
      const u = await doc.send(new DocUpdate({
        TableName: T, Key: { pk: 'doc', sk: 1 }, ReturnValues: 'ALL_NEW',
        AttributeUpdates: { visits: { Action: 'ADD', Value: 2 }, colours: { Action: 'ADD', Value: new Set(['red']) }, title: { Action: 'PUT', Value: 'hi' } },
      }));
      assert.equal(u.Attributes?.['visits'], 2);
      assert.deepEqual(u.Attributes?.['colours'], new Set(['red']));
      await doc.send(new DocUpdate({ TableName: T, Key: { pk: 'doc', sk: 1 }, AttributeUpdates: { visits: { Action: 'ADD', Value: 5 } }, Expected: { title: { Value: 'hi' } } }));
      const g = await doc.send(new DocGet({ TableName: T, Key: { pk: 'doc', sk: 1 }, AttributesToGet: ['visits'] }));
      assert.deepEqual(g.Item, { visits: 7 });
    });
  });
});
