/**
 * @module DynamoDB review fixes: the 32-level nesting limit (and bodies too deep to walk), unexpected errors
 * logged and answered 500, index paging from a deleted ExclusiveStartKey, and attribute names that are
 * Object.prototype members (`__proto__`, `constructor`, `hasOwnProperty`) kept exactly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand,
  type AttributeValue, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { openItemStore, type ItemStore } from '../../src/persistence/item-store.js';
import { handleDynamoDb } from '../../src/server/dynamodb-endpoint.js';
import type { RawResponse } from '../../src/server/raw-http.js';
import { trustedCall } from '../../src/services/call.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const ACCOUNT = '111111111111';
const NESTING_MESSAGE = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';
const TYPE = 'com.amazonaws.dynamodb.v20120810#';

/** A value of `wraps` maps around a string (`wraps + 1` levels). */
function deepMap(wraps: number): AttributeValue {
  let v: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < wraps; i++) v = { M: { n: v } };
  return v;
}

function deepList(wraps: number): AttributeValue {
  let v: AttributeValue = { S: 'leaf' };
  for (let i = 0; i < wraps; i++) v = { L: [v] };
  return v;
}

/** A DynamoDB call over plain HTTP (for bodies the SDK cannot build: its serializer recurses too). */
async function post(url: string, operation: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST', body,
    headers: {
      'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00`,
    },
  });
  return { status: res.status, json: JSON.parse(await res.text()) as Record<string, unknown> };
}

/** An object from JSON text, so names such as `__proto__` are own properties (as a client's parser makes them). */
const fromJson = <T>(text: string): T => JSON.parse(text) as T;

describe('DynamoDB review fixes', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({
      TableName: 'nest', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }));
  });
  after(async () => { await h.close(); });

  describe('nesting limit', () => {
    // AWS ("Quotas in DynamoDB": nested attribute depth, 32 levels): 31 map or list wraps are stored, 32 are
    // refused with ValidationException "Nesting Levels have exceeded supported limits".
    it('stores 32 levels and refuses 33 with ValidationException (items, lists, expression values, updates)', async () => {
      await db.send(new PutItemCommand({ TableName: 'nest', Item: { id: { S: 'ok' }, d: deepMap(31), l: deepList(31) } }));
      const got = await db.send(new GetItemCommand({ TableName: 'nest', Key: { id: { S: 'ok' } } }));
      assert.deepEqual(got.Item?.['d'], deepMap(31));
      assert.deepEqual(got.Item?.['l'], deepList(31));
      for (const v of [deepMap(32), deepList(32)]) {
        const err = await rejectsWith(db.send(new PutItemCommand({ TableName: 'nest', Item: { id: { S: 'deep' }, d: v } })), 'ValidationException');
        assert.equal(err.message, NESTING_MESSAGE);
      }
      // Expression attribute values obey the same limit.
      let err = await rejectsWith(db.send(new UpdateItemCommand({
        TableName: 'nest', Key: { id: { S: 'ok' } }, UpdateExpression: 'SET e = :v', ExpressionAttributeValues: { ':v': deepMap(32) },
      })), 'ValidationException');
      assert.equal(err.message, NESTING_MESSAGE);
      err = await rejectsWith(db.send(new PutItemCommand({
        TableName: 'nest', Item: { id: { S: 'ok' } }, ConditionExpression: 'e <> :v', ExpressionAttributeValues: { ':v': deepList(32) },
      })), 'ValidationException');
      assert.equal(err.message, NESTING_MESSAGE);
      // An update that nests a 32-level value one level down makes 33 levels.
      err = await rejectsWith(db.send(new UpdateItemCommand({
        TableName: 'nest', Key: { id: { S: 'ok' } }, UpdateExpression: 'SET d.x = :v', ExpressionAttributeValues: { ':v': deepMap(31) },
      })), 'ValidationException');
      assert.equal(err.message, NESTING_MESSAGE);
      const unchanged = await db.send(new GetItemCommand({ TableName: 'nest', Key: { id: { S: 'ok' } } }));
      assert.deepEqual(unchanged.Item?.['d'], deepMap(31));
      await db.send(new UpdateItemCommand({
        TableName: 'nest', Key: { id: { S: 'ok' } }, UpdateExpression: 'SET d.x = :v', ExpressionAttributeValues: { ':v': deepMap(30) },
      }));
    });

    it('answers a value 100,000 levels deep with ValidationException, not a crash', async () => {
      const n = 100_000;
      const maps = `{"TableName":"nest","Item":{"id":{"S":"x"},"d":${'{"M":{"n":'.repeat(n)}{"S":"leaf"}${'}}'.repeat(n)}}}`;
      const lists = `{"TableName":"nest","Item":{"id":{"S":"x"},"d":${'{"L":['.repeat(n)}{"S":"leaf"}${']}'.repeat(n)}}}`;
      const update = `{"TableName":"nest","Key":{"id":{"S":"x"}},"UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":${'{"M":{"n":'.repeat(n)}{"S":"leaf"}${'}}'.repeat(n)}}}`;
      for (const [op, body] of [['PutItem', maps], ['PutItem', lists], ['UpdateItem', update]] as const) {
        const r = await post(h.url, op, body);
        assert.equal(r.status, 400, op);
        assert.deepEqual(r.json, { __type: `${TYPE}ValidationException`, message: NESTING_MESSAGE });
      }
      // Brackets inside strings are not nesting.
      const text = '['.repeat(200_000);
      await db.send(new PutItemCommand({ TableName: 'nest', Item: { id: { S: 'brackets' }, s: { S: text }, q: { S: '"\\[{' } } }));
      const got = await db.send(new GetItemCommand({ TableName: 'nest', Key: { id: { S: 'brackets' } } }));
      assert.equal(got.Item?.['s']?.S, text);
      // A deep body that is not JSON at all is a SerializationException.
      const malformed = await post(h.url, 'PutItem', `{"TableName":"nest","Item":{"d":${'{"M":{"n":'.repeat(n)}`);
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json['__type'], `${TYPE}SerializationException`);
    });
  });

  // AWS: LastEvaluatedKey/ExclusiveStartKey mark a position in the index (index key, then table key); a Query or
  // Scan resumes after it even when that item was deleted between the pages.
  describe('index paging from a deleted ExclusiveStartKey', () => {
    before(async () => {
      await db.send(new CreateTableCommand({
        TableName: 'ranked', BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'grp', AttributeType: 'S' }, { AttributeName: 'rank', AttributeType: 'N' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-rank', KeySchema: [{ AttributeName: 'grp', KeyType: 'HASH' }, { AttributeName: 'rank', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      }));
    });

    const fill = async (prefix: string): Promise<void> => {
      for (let rank = 1; rank <= 6; rank++) {
        await db.send(new PutItemCommand({ TableName: 'ranked', Item: { pk: { S: `${prefix}${rank}` }, grp: { S: prefix }, rank: { N: String(rank) } } }));
      }
    };
    const ranks = (items: Record<string, AttributeValue>[] | undefined): number[] => (items ?? []).map((i) => Number(i['rank']?.N));

    it('Query resumes after the deleted item, in both directions', async () => {
      await fill('q');
      const query = (forward: boolean, start?: Record<string, AttributeValue>) => db.send(new QueryCommand({
        TableName: 'ranked', IndexName: 'by-rank', KeyConditionExpression: 'grp = :g', ExpressionAttributeValues: { ':g': { S: 'q' } },
        Limit: 2, ScanIndexForward: forward, ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      const first = await query(true);
      assert.deepEqual(ranks(first.Items), [1, 2]);
      assert.deepEqual(first.LastEvaluatedKey, { pk: { S: 'q2' }, grp: { S: 'q' }, rank: { N: '2' } });
      await db.send(new DeleteItemCommand({ TableName: 'ranked', Key: { pk: { S: 'q2' } } }));
      assert.deepEqual(ranks((await query(true, first.LastEvaluatedKey)).Items), [3, 4]);
      const back = await query(false);
      assert.deepEqual(ranks(back.Items), [6, 5]);
      await db.send(new DeleteItemCommand({ TableName: 'ranked', Key: { pk: { S: 'q5' } } }));
      assert.deepEqual(ranks((await query(false, back.LastEvaluatedKey)).Items), [4, 3]);
    });

    it('Scan of an index resumes after the deleted item', async () => {
      await fill('s');
      const scan = (start?: Record<string, AttributeValue>) => db.send(new ScanCommand({
        TableName: 'ranked', IndexName: 'by-rank', FilterExpression: 'grp = :g', ExpressionAttributeValues: { ':g': { S: 's' } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      const all = ranks((await scan()).Items);
      assert.deepEqual(all, [1, 2, 3, 4, 5, 6]);
      // A start key for rank 3 of group s, whose item is gone: the scan goes on with rank 4.
      await db.send(new DeleteItemCommand({ TableName: 'ranked', Key: { pk: { S: 's3' } } }));
      const rest = await scan({ pk: { S: 's3' }, grp: { S: 's' }, rank: { N: '3' } });
      assert.deepEqual(ranks(rest.Items), [4, 5, 6]);
    });
  });

  // Attribute names are any UTF-8 strings (AWS: "Naming rules"); those that are Object.prototype members must
  // be stored, found, updated and returned like any other.
  describe('attribute names such as __proto__ and constructor', () => {
    before(async () => {
      await db.send(new CreateTableCommand({
        TableName: 'odd-names', BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'constructor', AttributeType: 'S' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-constructor', KeySchema: [{ AttributeName: 'constructor', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }));
      await db.send(new CreateTableCommand({
        TableName: 'proto-key', BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: '__proto__', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: '__proto__', AttributeType: 'S' }],
      }));
    });

    const ITEM = '{"id":{"S":"a"},"__proto__":{"S":"p"},"constructor":{"S":"c"},"hasOwnProperty":{"N":"1"},'
      + '"m":{"M":{"__proto__":{"S":"inner"},"constructor":{"BOOL":true}}},"l":{"L":[{"M":{"__proto__":{"NULL":true}}}]}}';

    it('PutItem then GetItem returns them exactly, top level and nested', async () => {
      await db.send(new PutItemCommand({ TableName: 'odd-names', Item: fromJson(ITEM) }));
      // The SDK's deserializer drops a top-level `__proto__` attribute, so the wire answer is read as JSON text.
      const r = await post(h.url, 'GetItem', '{"TableName":"odd-names","Key":{"id":{"S":"a"}}}');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json['Item'], fromJson(ITEM));
      const sdk = await db.send(new GetItemCommand({ TableName: 'odd-names', Key: { id: { S: 'a' } } }));
      assert.deepEqual(sdk.Item?.['m'], fromJson<Record<string, AttributeValue>>(ITEM)['m']);
      assert.deepEqual(sdk.Item?.['hasOwnProperty'], { N: '1' });
      const projected = await post(h.url, 'GetItem', JSON.stringify({
        TableName: 'odd-names', Key: { id: { S: 'a' } }, ProjectionExpression: '#p, m.#p, #c',
        ExpressionAttributeNames: { '#p': '__proto__', '#c': 'constructor' },
      }));
      assert.deepEqual(projected.json['Item'], fromJson('{"__proto__":{"S":"p"},"m":{"M":{"__proto__":{"S":"inner"}}},"constructor":{"S":"c"}}'));
    });

    it('UpdateItem SET and REMOVE them through expression attribute names and values', async () => {
      await db.send(new PutItemCommand({ TableName: 'odd-names', Item: fromJson(ITEM) }));
      const r = await post(h.url, 'UpdateItem', JSON.stringify({
        TableName: 'odd-names', Key: { id: { S: 'a' } }, ReturnValues: 'ALL_NEW',
        UpdateExpression: 'SET #p = :__proto__, m.#c = :v, fresh = :m REMOVE #h, l[0].#p',
        ExpressionAttributeNames: { '#p': '__proto__', '#c': 'constructor', '#h': 'hasOwnProperty' },
        ExpressionAttributeValues: fromJson('{":__proto__":{"S":"new"},":v":{"N":"2"},":m":{"M":{"__proto__":{"S":"in a value"}}}}'),
      }));
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const expected = fromJson('{"id":{"S":"a"},"__proto__":{"S":"new"},"constructor":{"S":"c"},'
        + '"m":{"M":{"__proto__":{"S":"inner"},"constructor":{"N":"2"}}},"l":{"L":[{"M":{}}]},"fresh":{"M":{"__proto__":{"S":"in a value"}}}}');
      assert.deepEqual(r.json['Attributes'], expected);
      const stored = await post(h.url, 'GetItem', '{"TableName":"odd-names","Key":{"id":{"S":"a"}}}');
      assert.deepEqual(stored.json['Item'], expected);
    });

    it('never takes an inherited member for an attribute (conditions, index keys)', async () => {
      await db.send(new PutItemCommand({ TableName: 'odd-names', Item: { id: { S: 'plain' } } }));
      // `toString` and `constructor` are not attributes of this item.
      await db.send(new UpdateItemCommand({
        TableName: 'odd-names', Key: { id: { S: 'plain' } }, UpdateExpression: 'SET x = :one',
        ConditionExpression: 'attribute_not_exists(#t) AND attribute_not_exists(#c)', ExpressionAttributeNames: { '#t': 'toString', '#c': 'constructor' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }));
      const scan = await db.send(new ScanCommand({ TableName: 'odd-names', IndexName: 'by-constructor' }));
      assert.deepEqual(scan.Items?.map((i) => i['id']?.S), ['a']);
    });

    it('serves a table whose partition key is named __proto__', async () => {
      const key = fromJson<Record<string, AttributeValue>>('{"__proto__":{"S":"k"}}');
      await db.send(new PutItemCommand({ TableName: 'proto-key', Item: { ...key, v: { N: '1' } } }));
      const got = await post(h.url, 'GetItem', '{"TableName":"proto-key","Key":{"__proto__":{"S":"k"}}}');
      assert.deepEqual(got.json['Item'], fromJson('{"__proto__":{"S":"k"},"v":{"N":"1"}}'));
      const q = await db.send(new QueryCommand({
        TableName: 'proto-key', KeyConditionExpression: '#k = :k', ExpressionAttributeNames: { '#k': '__proto__' }, ExpressionAttributeValues: { ':k': { S: 'k' } },
      }));
      assert.equal(q.Count, 1);
    });
  });
});

describe('DynamoDB endpoint, malformed bodies and unexpected errors (in process)', () => {
  const CALLER = { account: ACCOUNT, region: 'us-east-1', principalArn: `arn:aws:iam::${ACCOUNT}:root` };
  const send = (store: ItemStore, operation: string, body: string): RawResponse => handleDynamoDb(store,
    { method: 'POST', path: '/', query: '', headers: { 'x-amz-target': `DynamoDB_20120810.${operation}` }, body: Buffer.from(body) },
    trustedCall(CALLER, 'req-9')) as RawResponse;

  // A JSON parser may give up on a deep body with a RangeError (V8's JSON.parse is iterative today): the body is
  // still the client's fault, a SerializationException.
  it('answers a body JSON.parse cannot read for its depth with SerializationException', (t) => {
    const store = openItemStore(null);
    t.after(() => store.close());
    const body = `{"TableName":"nest","Item":{"d":${'{"L":['.repeat(1000)}{"S":"x"}${']}'.repeat(1000)}}}`;
    t.mock.method(JSON, 'parse', () => { throw new RangeError('Maximum call stack size exceeded'); });
    const r = send(store, 'PutItem', body);
    t.mock.restoreAll();
    assert.equal(r.status, 400);
    assert.equal(r.errorCode, 'SerializationException');
  });
});
