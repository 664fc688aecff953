/**
 * @module DynamoDB transactions through the SDK (and the document client): TransactWriteItems all-or-nothing with
 * cancellation reasons in request order, one action per item, ClientRequestToken idempotency, capacity and item
 * collection metrics, the 4 MB limit, per-action authorization, durability across kill -9; TransactGetItems.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, GetItemCommand, PutItemCommand, QueryCommand, TransactGetItemsCommand, TransactWriteItemsCommand,
  DynamoDBClient, type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { serveProcess } from './process.js';

const ACCOUNT = '111111111111';

describe('DynamoDB transactions', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({
      TableName: 'accounts', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'holder', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byHolder', KeySchema: [{ AttributeName: 'holder', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    }));
    await db.send(new CreateTableCommand({
      TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'at', AttributeType: 'N' }],
      LocalSecondaryIndexes: [{ IndexName: 'byAt', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }));
    await db.send(new PutItemCommand({ TableName: 'accounts', Item: { id: { S: 'a' }, holder: { S: 'ann' }, balance: { N: '100' } } }));
    await db.send(new PutItemCommand({ TableName: 'accounts', Item: { id: { S: 'b' }, holder: { S: 'bob' }, balance: { N: '0' } } }));
  });
  after(() => h.close());

  const balance = async (id: string) =>
    (await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: id } }, ConsistentRead: true }))).Item?.['balance']?.N;

  it('applies Put, Update, Delete and ConditionCheck together, indexes included', async () => {
    await db.send(new PutItemCommand({ TableName: 'accounts', Item: { id: { S: 'gone' }, holder: { S: 'zed' } } }));
    const out = await db.send(new TransactWriteItemsCommand({
      ReturnConsumedCapacity: 'TOTAL',
      TransactItems: [
        { Update: { TableName: 'accounts', Key: { id: { S: 'a' } }, UpdateExpression: 'SET balance = balance - :n', ConditionExpression: 'balance >= :n', ExpressionAttributeValues: { ':n': { N: '30' } } } },
        { Update: { TableName: 'accounts', Key: { id: { S: 'b' } }, UpdateExpression: 'SET balance = balance + :n', ExpressionAttributeValues: { ':n': { N: '30' } } } },
        { Put: { TableName: 'accounts', Item: { id: { S: 'c' }, holder: { S: 'ann' } }, ConditionExpression: 'attribute_not_exists(id)' } },
        { Delete: { TableName: 'accounts', Key: { id: { S: 'gone' } } } },
        { ConditionCheck: { TableName: 'orders', Key: { pk: { S: 'x' }, sk: { S: 'y' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }));
    assert.equal(await balance('a'), '70');
    assert.equal(await balance('b'), '30');
    const owned = await db.send(new QueryCommand({ TableName: 'accounts', IndexName: 'byHolder', KeyConditionExpression: 'holder = :o', ExpressionAttributeValues: { ':o': { S: 'ann' } } }));
    assert.deepEqual(owned.Items?.map((i) => i['id']?.S), ['a', 'c']);
    const zed = await db.send(new QueryCommand({ TableName: 'accounts', IndexName: 'byHolder', KeyConditionExpression: 'holder = :o', ExpressionAttributeValues: { ':o': { S: 'zed' } } }));
    assert.equal(zed.Count, 0, 'the deleted item left the index');
    // AWS: transactional writes cost two write units per item (per 1 KB).
    const byTable = Object.fromEntries((out.ConsumedCapacity ?? []).map((c) => [c.TableName, c.CapacityUnits]));
    assert.deepEqual(byTable, { accounts: 8, orders: 2 });
  });

  it('cancels the whole transaction with reasons in request order (AWS: TransactionCanceledException)', async () => {
    const err = await rejectsWith(db.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'accounts', Item: { id: { S: 'd' }, holder: { S: 'dan' } } } },
        { Update: { TableName: 'accounts', Key: { id: { S: 'a' } }, UpdateExpression: 'SET balance = balance - :n', ConditionExpression: 'balance >= :n', ExpressionAttributeValues: { ':n': { N: '1000' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
        { ConditionCheck: { TableName: 'accounts', Key: { id: { S: 'b' } }, ConditionExpression: 'attribute_not_exists(id)' } },
      ],
    })), 'TransactionCanceledException') as Error & { CancellationReasons?: { Code?: string; Message?: string; Item?: Record<string, { S?: string; N?: string }> }[] };
    assert.equal(err.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]');
    assert.deepEqual(err.CancellationReasons?.map((r) => r.Code), ['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed']);
    assert.equal(err.CancellationReasons?.[1]?.Item?.['balance']?.N, '70', 'ALL_OLD returns the item that failed its condition');
    assert.equal(err.CancellationReasons?.[2]?.Item, undefined);
    assert.equal(err.CancellationReasons?.[1]?.Message, 'The conditional request failed');
    assert.equal((await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: 'd' } } }))).Item, undefined, 'nothing was written');
  });

  it('cancels with ValidationError when an update would make an invalid item', async () => {
    const err = await rejectsWith(db.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'accounts', Item: { id: { S: 'e' } } } },
        { Update: { TableName: 'accounts', Key: { id: { S: 'b' } }, UpdateExpression: 'SET holder = :n', ExpressionAttributeValues: { ':n': { N: '5' } } } },
      ],
    })), 'TransactionCanceledException') as Error & { CancellationReasons?: { Code?: string; Message?: string }[] };
    assert.deepEqual(err.CancellationReasons?.map((r) => r.Code), ['None', 'ValidationError']);
    assert.match(err.CancellationReasons?.[1]?.Message ?? '', /Type mismatch for Index Key holder/);
    assert.equal((await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: 'e' } } }))).Item, undefined);
  });

  it('refuses two actions on one item, an entry with no or two actions, and more than 100 actions', async () => {
    const e1 = await rejectsWith(db.send(new TransactWriteItemsCommand({
      TransactItems: [
        { ConditionCheck: { TableName: 'accounts', Key: { id: { S: 'a' } }, ConditionExpression: 'attribute_exists(id)' } },
        { Put: { TableName: 'accounts', Item: { id: { S: 'a' }, holder: { S: 'ann' } } } },
      ],
    })), 'ValidationException');
    assert.equal(e1.message, 'Transaction request cannot include multiple operations on one item');
    const e2 = await rejectsWith(db.send(new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: 'accounts', Item: { id: { S: 'q' } } }, Delete: { TableName: 'accounts', Key: { id: { S: 'r' } } } } as TransactWriteItem],
    })), 'ValidationException');
    assert.equal(e2.message, 'TransactItems can only contain one of Check, Put, Update or Delete');
    const many = Array.from({ length: 101 }, (_, i): TransactWriteItem => ({ Put: { TableName: 'accounts', Item: { id: { S: `m${i}` } } } }));
    const e3 = await rejectsWith(db.send(new TransactWriteItemsCommand({ TransactItems: many })), 'ValidationException');
    assert.match(e3.message, /Member must have length less than or equal to 100/);
    await rejectsWith(db.send(new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: 'nope', Item: { id: { S: 'x' } } } }],
    })), 'ResourceNotFoundException');
    const e4 = await rejectsWith(db.send(new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: 'accounts', Item: { nid: { S: 'x' } } } }],
    })), 'ValidationException');
    assert.match(e4.message, /Missing the key id/);
  });

  it('refuses a transaction larger than 4 MB (AWS: aggregate item size)', async () => {
    const big = 'x'.repeat(390 * 1024);
    const items = Array.from({ length: 11 }, (_, i): TransactWriteItem => ({ Put: { TableName: 'accounts', Item: { id: { S: `big${i}` }, v: { S: big } } } }));
    const e = await rejectsWith(db.send(new TransactWriteItemsCommand({ TransactItems: items })), 'ValidationException');
    assert.equal(e.message, 'Transaction request cannot be larger than 4 MB');
    assert.equal((await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: 'big0' } } }))).Item, undefined);
  });

  it('is idempotent for a ClientRequestToken, and refuses the token with another request', async () => {
    const request = {
      ClientRequestToken: 'token-1', ReturnConsumedCapacity: 'TOTAL' as const,
      TransactItems: [{ Update: { TableName: 'accounts', Key: { id: { S: 'b' } }, UpdateExpression: 'ADD balance :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }],
    };
    const first = await db.send(new TransactWriteItemsCommand(request));
    const again = await db.send(new TransactWriteItemsCommand(request));
    assert.equal(await balance('b'), '31', 'the repeated request did not apply again');
    assert.equal(first.ConsumedCapacity?.[0]?.WriteCapacityUnits, 2);
    // AWS: a repeat reports the reads of the items, not writes.
    assert.equal(again.ConsumedCapacity?.[0]?.ReadCapacityUnits, 1);
    const e = await rejectsWith(db.send(new TransactWriteItemsCommand({ ...request, TransactItems: [{ ...request.TransactItems[0]!, Update: { ...request.TransactItems[0]!.Update, ExpressionAttributeValues: { ':one': { N: '2' } } } }] })), 'IdempotentParameterMismatchException');
    assert.match(e.message, /same client token/);
    assert.equal(await balance('b'), '31');
  });

  it('reports item collection metrics for tables with local secondary indexes', async () => {
    const out = await db.send(new TransactWriteItemsCommand({
      ReturnItemCollectionMetrics: 'SIZE',
      TransactItems: [
        { Put: { TableName: 'orders', Item: { pk: { S: 'o1' }, sk: { S: '1' }, at: { N: '5' } } } },
        { Put: { TableName: 'orders', Item: { pk: { S: 'o1' }, sk: { S: '2' }, at: { N: '6' } } } },
        { Put: { TableName: 'accounts', Item: { id: { S: 'f' } } } },
      ],
    }));
    assert.deepEqual(Object.keys(out.ItemCollectionMetrics ?? {}), ['orders']);
    assert.deepEqual(out.ItemCollectionMetrics?.['orders']?.[0]?.ItemCollectionKey, { pk: { S: 'o1' } });
    const byAt = await db.send(new QueryCommand({ TableName: 'orders', IndexName: 'byAt', KeyConditionExpression: 'pk = :p AND #at > :a', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':p': { S: 'o1' }, ':a': { N: '5' } } }));
    assert.deepEqual(byAt.Items, [{ pk: { S: 'o1' }, sk: { S: '2' }, at: { N: '6' } }]);
  });

  it('reads items together with TransactGetItems (projection, missing items, duplicates refused)', async () => {
    const out = await db.send(new TransactGetItemsCommand({
      ReturnConsumedCapacity: 'TOTAL',
      TransactItems: [
        { Get: { TableName: 'accounts', Key: { id: { S: 'a' } }, ProjectionExpression: '#b', ExpressionAttributeNames: { '#b': 'balance' } } },
        { Get: { TableName: 'accounts', Key: { id: { S: 'missing' } } } },
        { Get: { TableName: 'orders', Key: { pk: { S: 'o1' }, sk: { S: '1' } } } },
      ],
    }));
    assert.deepEqual(out.Responses?.[0]?.Item, { balance: { N: '70' } });
    assert.equal(out.Responses?.[1]?.Item, undefined);
    assert.equal(out.Responses?.[2]?.Item?.['at']?.N, '5');
    assert.deepEqual(out.ConsumedCapacity?.map((c) => [c.TableName, c.CapacityUnits]), [['accounts', 4], ['orders', 2]]);
    const e = await rejectsWith(db.send(new TransactGetItemsCommand({
      TransactItems: [{ Get: { TableName: 'accounts', Key: { id: { S: 'a' } } } }, { Get: { TableName: 'accounts', Key: { id: { S: 'a' } } } }],
    })), 'ValidationException');
    assert.equal(e.message, 'Transaction request cannot include multiple operations on one item');
  });

  it('authorizes each action as its single-item action (ConditionCheck as dynamodb:ConditionCheckItem)', async () => {
    const who = await iamUserWith(h, ACCOUNT, 'tx-writer', [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: '*' }]);
    const limited = h.dynamodb(who);
    await limited.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'accounts', Item: { id: { S: 'u1' } } } }] }));
    const e = await rejectsWith(limited.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'accounts', Item: { id: { S: 'u2' } } } },
        { ConditionCheck: { TableName: 'accounts', Key: { id: { S: 'a' } }, ConditionExpression: 'attribute_exists(id)' } },
      ],
    })), 'AccessDeniedException');
    assert.match(e.message, /dynamodb:ConditionCheckItem on resource: arn:aws:dynamodb:us-east-1:111111111111:table\/accounts/);
    assert.equal((await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: 'u2' } } }))).Item, undefined);
  });

  it('works through the document client (TransactWriteCommand)', async () => {
    const doc = DynamoDBDocumentClient.from(db);
    await doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: 'accounts', Item: { id: 'doc1', holder: 'dora', tags: new Set(['x']) } } },
        { Update: { TableName: 'accounts', Key: { id: 'a' }, UpdateExpression: 'SET note = :n', ExpressionAttributeValues: { ':n': 'hi' } } },
      ],
    }));
    const got = await db.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { S: 'doc1' } } }));
    assert.deepEqual(got.Item, { id: { S: 'doc1' }, holder: { S: 'dora' }, tags: { SS: ['x'] } });
    await assert.rejects(doc.send(new TransactWriteCommand({
      TransactItems: [{ ConditionCheck: { TableName: 'accounts', Key: { id: 'doc1' }, ConditionExpression: 'holder = :o', ExpressionAttributeValues: { ':o': 'nobody' } } }],
    })), (e: Error & { CancellationReasons?: { Code?: string }[] }) => e.name === 'TransactionCanceledException' && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed');
  });
});

describe('DynamoDB transactions are durable', () => {
  it('keeps every item of an acknowledged transaction after kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-tx-'));
    const client = (url: string) => new DynamoDBClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' } });
    try {
      const first = await serveProcess(dir);
      const a = client(first.url);
      await a.send(new CreateTableCommand({ TableName: 'kept', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
      for (let t = 0; t < 20; t++) {
        await a.send(new TransactWriteItemsCommand({ TransactItems: Array.from({ length: 10 }, (_, j): TransactWriteItem => ({ Put: { TableName: 'kept', Item: { id: { S: `t${t}-${j}` } } } })) }));
      }
      a.destroy();
      await first.stop('SIGKILL');
      const second = await serveProcess(dir);
      const b = client(second.url);
      try {
        for (let t = 0; t < 20; t++) {
          const got = await b.send(new TransactGetItemsCommand({ TransactItems: Array.from({ length: 10 }, (_, j) => ({ Get: { TableName: 'kept', Key: { id: { S: `t${t}-${j}` } } } })) }));
          assert.equal(got.Responses?.filter((r) => r.Item).length, 10, `transaction ${t} is whole`);
        }
      } finally { b.destroy(); await second.stop(); }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
