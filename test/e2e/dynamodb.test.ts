/**
 * @module DynamoDB through @aws-sdk/client-dynamodb: tables, items, conditions, update expressions, Query and
 * Scan paging, batches, and the protocol's errors (every DynamoDB error code the endpoint emits).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand, BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand,
  GetItemCommand, ListTablesCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand, type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { rejectsWith, startHarness, type Harness } from './harness.js';

describe('DynamoDB (SDK)', () => {
  let h: Harness;
  let db: DynamoDBClient;
  before(async () => {
    h = await startHarness();
    db = h.dynamodb('111111111111');
    await db.send(new CreateTableCommand({
      TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    }));
    await db.send(new CreateTableCommand({
      TableName: 'users', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    }));
  });
  after(async () => { await h.close(); });

  describe('tables', () => {
    it('creates an ACTIVE table with its ARN and describes it', async () => {
      const d = await db.send(new DescribeTableCommand({ TableName: 'orders' }));
      assert.equal(d.Table?.TableStatus, 'ACTIVE');
      assert.equal(d.Table?.TableArn, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
      assert.equal(d.Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
      assert.ok(d.Table?.CreationDateTime instanceof Date);
      assert.ok(Math.abs(d.Table!.CreationDateTime!.getTime() - Date.now()) < 60_000);
      assert.deepEqual(d.Table?.KeySchema?.map((k) => k.KeyType), ['HASH', 'RANGE']);
    });

    it('refuses a second table of the same name (ResourceInUseException)', async () => {
      const err = await rejectsWith(db.send(new CreateTableCommand({
        TableName: 'users', BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      })), 'ResourceInUseException');
      assert.match(err.message, /Table already exists: users/);
    });

    it('validates key schema, attribute definitions and billing mode', async () => {
      const create = (over: Record<string, unknown>) => db.send(new CreateTableCommand({
        TableName: 'bad-table', BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], ...over,
      } as never));
      let err = await rejectsWith(create({ AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] }), 'ValidationException');
      assert.match(err.message, /Some index key attributes are not defined in AttributeDefinitions/);
      err = await rejectsWith(create({ AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'x', AttributeType: 'S' }] }), 'ValidationException');
      assert.match(err.message, /Number of attributes in KeySchema does not exactly match/);
      err = await rejectsWith(create({ BillingMode: 'PROVISIONED' }), 'ValidationException');
      assert.match(err.message, /ReadCapacityUnits and WriteCapacityUnits must both be specified/);
      err = await rejectsWith(create({ KeySchema: [{ AttributeName: 'id', KeyType: 'RANGE' }] }), 'ValidationException');
      assert.match(err.message, /first KeySchemaElement is not a HASH key type/);
      err = await rejectsWith(create({ TableName: 'a b' }), 'ValidationException');
      assert.equal(err.message, "1 validation error detected: Value 'a b' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
      err = await rejectsWith(create({ AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'X' }] }), 'ValidationException');
      assert.match(err.message, /Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: \[S, N, B\]/);
    });

    it('lists tables with paging and deletes them', async () => {
      for (const n of ['t-a', 't-b', 't-c']) {
        await db.send(new CreateTableCommand({ TableName: n, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
      }
      const first = await db.send(new ListTablesCommand({ Limit: 2 }));
      assert.deepEqual(first.TableNames, ['orders', 't-a']);
      assert.equal(first.LastEvaluatedTableName, 't-a');
      const rest = await db.send(new ListTablesCommand({ ExclusiveStartTableName: 't-a' }));
      assert.deepEqual(rest.TableNames, ['t-b', 't-c', 'users']);
      assert.equal(rest.LastEvaluatedTableName, undefined);
      const del = await db.send(new DeleteTableCommand({ TableName: 't-a' }));
      assert.equal(del.TableDescription?.TableStatus, 'DELETING');
      await rejectsWith(db.send(new DescribeTableCommand({ TableName: 't-a' })), 'ResourceNotFoundException');
      await rejectsWith(db.send(new DeleteTableCommand({ TableName: 't-a' })), 'ResourceNotFoundException');
      // Another account sees its own (empty) namespace.
      const other = await h.dynamodb('222222222222').send(new ListTablesCommand({}));
      assert.deepEqual(other.TableNames, []);
    });
  });

  describe('items', () => {
    it('puts, gets (with projection) and deletes an item; numbers come back canonical', async () => {
      await db.send(new PutItemCommand({ TableName: 'users', Item: {
        id: { S: 'u1' }, age: { N: '042.50' }, tags: { SS: ['a', 'b'] }, blob: { B: new Uint8Array([1, 2, 3]) },
        profile: { M: { city: { S: 'Paris' }, langs: { L: [{ S: 'fr' }, { S: 'en' }] } } }, ok: { BOOL: true }, nothing: { NULL: true },
      } }));
      const got = await db.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'u1' } }, ConsistentRead: true }));
      assert.equal(got.Item?.['age']?.N, '42.5');
      assert.deepEqual([...(got.Item?.['blob']?.B ?? [])], [1, 2, 3]);
      assert.deepEqual(got.Item?.['tags']?.SS, ['a', 'b']);
      const projected = await db.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'u1' } }, ProjectionExpression: 'age, profile.langs[1], #o', ExpressionAttributeNames: { '#o': 'ok' } }));
      assert.deepEqual(projected.Item, { age: { N: '42.5' }, profile: { M: { langs: { L: [{ S: 'en' }] } } }, ok: { BOOL: true } });
      const old = await db.send(new DeleteItemCommand({ TableName: 'users', Key: { id: { S: 'u1' } }, ReturnValues: 'ALL_OLD' }));
      assert.equal(old.Attributes?.['id']?.S, 'u1');
      const gone = await db.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'u1' } } }));
      assert.equal(gone.Item, undefined);
    });

    it('checks key attributes and values', async () => {
      let err = await rejectsWith(db.send(new PutItemCommand({ TableName: 'users', Item: { id: { N: '1' } } })), 'ValidationException');
      assert.equal(err.message, 'One or more parameter values were invalid: Type mismatch for key id expected: S actual: N');
      err = await rejectsWith(db.send(new PutItemCommand({ TableName: 'users', Item: { name: { S: 'x' } } })), 'ValidationException');
      assert.equal(err.message, 'One or more parameter values were invalid: Missing the key id in the item');
      err = await rejectsWith(db.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'x' }, extra: { S: 'y' } } })), 'ValidationException');
      assert.equal(err.message, 'The provided key element does not match the schema');
      err = await rejectsWith(db.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'x' }, s: { SS: ['a', 'a'] } } })), 'ValidationException');
      assert.match(err.message, /contains duplicates/);
      err = await rejectsWith(db.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'x' }, n: { N: '1'.repeat(39) } } })), 'ValidationException');
      assert.match(err.message, /more than 38 significant digits/);
      err = await rejectsWith(db.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'x' }, big: { S: 'x'.repeat(410 * 1024) } } })), 'ValidationException');
      assert.equal(err.message, 'Item size has exceeded the maximum allowed size');
      await rejectsWith(db.send(new GetItemCommand({ TableName: 'nope', Key: { id: { S: 'x' } } })), 'ResourceNotFoundException');
    });

    it('evaluates ConditionExpression on put, update and delete', async () => {
      const put = (cond: string, values?: Record<string, { S?: string; N?: string }>, names?: Record<string, string>) => db.send(new PutItemCommand({
        TableName: 'users', Item: { id: { S: 'c1' }, n: { N: '5' }, s: { S: 'hello' } }, ConditionExpression: cond,
        ...(values ? { ExpressionAttributeValues: values as never } : {}), ...(names ? { ExpressionAttributeNames: names } : {}),
      }));
      await put('attribute_not_exists(id)');
      await rejectsWith(put('attribute_not_exists(id)'), 'ConditionalCheckFailedException');
      await put('n BETWEEN :a AND :b AND begins_with(s, :h)', { ':a': { N: '1' }, ':b': { N: '10' }, ':h': { S: 'he' } });
      await put('(n IN (:a, :b) OR size(s) > :a) AND NOT contains(s, :z)', { ':a': { N: '5' }, ':b': { N: '6' }, ':z': { S: 'zz' } });
      await put('attribute_type(#s, :t) AND n <> :x', { ':t': { S: 'S' }, ':x': { N: '4' } }, { '#s': 's' });
      const err = await rejectsWith(db.send(new DeleteItemCommand({
        TableName: 'users', Key: { id: { S: 'c1' } }, ConditionExpression: 'n > :ten', ExpressionAttributeValues: { ':ten': { N: '10' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })), 'ConditionalCheckFailedException');
      assert.equal((err as unknown as { Item?: Record<string, { N?: string }> }).Item?.['n']?.N, '5');
      await rejectsWith(db.send(new UpdateItemCommand({
        TableName: 'users', Key: { id: { S: 'c1' } }, UpdateExpression: 'SET n = :v', ConditionExpression: 'n = :x',
        ExpressionAttributeValues: { ':v': { N: '1' }, ':x': { N: '2' } },
      })), 'ConditionalCheckFailedException');
    });

    it('reports DynamoDB expression errors', async () => {
      const get = (extra: Record<string, unknown>) => db.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'e1' } }, ...extra } as never));
      let err = await rejectsWith(get({ ConditionExpression: 'attribute_exists(#x)' }), 'ValidationException');
      assert.equal(err.message, 'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x');
      err = await rejectsWith(get({ ConditionExpression: 'a = :v' }), 'ValidationException');
      assert.equal(err.message, 'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v');
      err = await rejectsWith(get({ ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { S: 'x' }, ':w': { S: 'y' } } }), 'ValidationException');
      assert.equal(err.message, 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}');
      err = await rejectsWith(get({ ExpressionAttributeNames: { '#a': 'a' } }), 'ValidationException');
      assert.equal(err.message, 'ExpressionAttributeNames can only be specified when using expressions');
      err = await rejectsWith(get({ ConditionExpression: 'a = ' }), 'ValidationException');
      assert.match(err.message, /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= "$/);
      err = await rejectsWith(get({ ConditionExpression: 'attribute_exists(status)' }), 'ValidationException');
      assert.equal(err.message, 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status');
    });
  });

  describe('UpdateItem', () => {
    const update = (expr: string, values?: Record<string, unknown>, rv?: string, names?: Record<string, string>) => db.send(new UpdateItemCommand({
      TableName: 'users', Key: { id: { S: 'up' } }, UpdateExpression: expr, ReturnValues: (rv ?? 'ALL_NEW') as never,
      ...(values ? { ExpressionAttributeValues: values as never } : {}), ...(names ? { ExpressionAttributeNames: names } : {}),
    }));

    it('SET with if_not_exists, list_append and arithmetic; REMOVE; ADD; DELETE; ReturnValues', async () => {
      let r = await update('SET hits = if_not_exists(hits, :zero) + :one, things = list_append(if_not_exists(things, :empty), :l)',
        { ':zero': { N: '0' }, ':one': { N: '1' }, ':empty': { L: [] }, ':l': { L: [{ S: 'x' }] } });
      assert.deepEqual(r.Attributes, { id: { S: 'up' }, hits: { N: '1' }, things: { L: [{ S: 'x' }] } });
      r = await update('SET hits = hits + :n, things[5] = :y', { ':n': { N: '0.5' }, ':y': { S: 'y' } }, 'UPDATED_NEW');
      assert.deepEqual(r.Attributes, { hits: { N: '1.5' }, things: { L: [{ S: 'y' }] } });
      r = await update('ADD tags :t, tally :n', { ':t': { SS: ['a', 'b'] }, ':n': { N: '10' } }, 'UPDATED_OLD');
      assert.equal(r.Attributes, undefined);
      r = await update('DELETE tags :d', { ':d': { SS: ['a'] } });
      assert.deepEqual(r.Attributes?.['tags'], { SS: ['b'] });
      r = await update('REMOVE things[0], tally SET #m = :m', { ':m': { M: { a: { N: '1' } } } }, 'ALL_OLD', { '#m': 'map' });
      assert.equal(r.Attributes?.['tally']?.N, '10');
      const now = await db.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'up' } } }));
      assert.deepEqual(now.Item?.['things'], { L: [{ S: 'y' }] });
      assert.equal(now.Item?.['tally'], undefined);
      r = await update('SET #m.b = :two, #m.a = #m.a - :two', { ':two': { N: '2' } }, 'UPDATED_NEW', { '#m': 'map' });
      assert.deepEqual(r.Attributes, { map: { M: { a: { N: '-1' }, b: { N: '2' } } } });
      r = await update('DELETE tags :d', { ':d': { SS: ['b'] } });
      assert.equal(r.Attributes?.['tags'], undefined);
    });

    it('refuses key updates, overlapping paths, wrong operand types and bad paths', async () => {
      let err = await rejectsWith(update('SET id = :v', { ':v': { S: 'x' } }), 'ValidationException');
      assert.equal(err.message, 'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key');
      err = await rejectsWith(update('SET a = :v REMOVE a', { ':v': { S: 'x' } }), 'ValidationException');
      assert.match(err.message, /^Invalid UpdateExpression: Two document paths overlap with each other/);
      err = await rejectsWith(update('ADD s :v', { ':v': { S: 'x' } }), 'ValidationException');
      assert.match(err.message, /Incorrect operand type for operator or function; operator: ADD/);
      err = await rejectsWith(update('SET nope.deep = :v', { ':v': { S: 'x' } }), 'ValidationException');
      assert.equal(err.message, 'The document path provided in the update expression is invalid for update');
      err = await rejectsWith(update('SET a = :v SET b = :v', { ':v': { S: 'x' } }), 'ValidationException');
      assert.match(err.message, /The "SET" section can only be used once/);
    });
  });

  describe('Query and Scan', () => {
    before(async () => {
      for (const [pk, sk] of [['a', '1'], ['a', '2'], ['a', '10'], ['a', '-3'], ['a', '2.5'], ['b', '1']] as const) {
        await db.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: pk }, sk: { N: sk }, kind: { S: Number(sk) > 2 ? 'big' : 'small' } } }));
      }
    });

    const q = (cond: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      db.send(new QueryCommand({ TableName: 'orders', KeyConditionExpression: cond, ExpressionAttributeValues: values as never, ...extra }));

    it('orders numeric sort keys numerically, both ways, with range conditions', async () => {
      let r = await q('pk = :p', { ':p': { S: 'a' } });
      assert.deepEqual(r.Items?.map((i) => i['sk']?.N), ['-3', '1', '2', '2.5', '10']);
      r = await q('pk = :p', { ':p': { S: 'a' } }, { ScanIndexForward: false });
      assert.deepEqual(r.Items?.map((i) => i['sk']?.N), ['10', '2.5', '2', '1', '-3']);
      r = await q('pk = :p AND sk BETWEEN :lo AND :hi', { ':p': { S: 'a' }, ':lo': { N: '1' }, ':hi': { N: '2.5' } });
      assert.deepEqual(r.Items?.map((i) => i['sk']?.N), ['1', '2', '2.5']);
      r = await q(':p = pk AND sk > :x', { ':p': { S: 'a' }, ':x': { N: '2' } });
      assert.deepEqual(r.Items?.map((i) => i['sk']?.N), ['2.5', '10']);
      r = await q('pk = :p AND sk <= :x', { ':p': { S: 'a' }, ':x': { N: '1' } }, { Select: 'COUNT' });
      assert.equal(r.Count, 2);
      assert.equal(r.Items, undefined);
    });

    it('pages with Limit and ExclusiveStartKey, filters after the limit', async () => {
      const seen: string[] = [];
      let start: Record<string, unknown> | undefined;
      let pages = 0;
      do {
        const r = await q('pk = :p', { ':p': { S: 'a' } }, { Limit: 2, ...(start ? { ExclusiveStartKey: start } : {}) });
        seen.push(...(r.Items ?? []).map((i) => i['sk']!.N!));
        start = r.LastEvaluatedKey;
        pages++;
      } while (start);
      assert.deepEqual(seen, ['-3', '1', '2', '2.5', '10']);
      assert.equal(pages, 3);
      const f = await q('pk = :p', { ':p': { S: 'a' }, ':k': { S: 'big' } }, { FilterExpression: 'kind = :k', Limit: 4 });
      assert.equal(f.ScannedCount, 4);
      assert.equal(f.Count, 1);
      assert.deepEqual(f.LastEvaluatedKey, { pk: { S: 'a' }, sk: { N: '2.5' } });
    });

    it('refuses bad key conditions', async () => {
      let err = await rejectsWith(q('sk = :x', { ':x': { N: '1' } }), 'ValidationException');
      assert.equal(err.message, 'Query condition missed key schema element: pk');
      err = await rejectsWith(q('pk = :p OR sk = :x', { ':p': { S: 'a' }, ':x': { N: '1' } }), 'ValidationException');
      assert.equal(err.message, 'Invalid operator used in KeyConditionExpression: OR');
      err = await rejectsWith(q('pk = :p AND begins_with(sk, :x)', { ':p': { S: 'a' }, ':x': { N: '1' } }), 'ValidationException');
      assert.match(err.message, /begins_with, operand type: N/);
      err = await rejectsWith(q('pk = :p', { ':p': { N: '1' } }), 'ValidationException');
      assert.match(err.message, /Condition parameter type does not match schema type/);
    });

    it('scans with filters, paging and segments', async () => {
      const all = await db.send(new ScanCommand({ TableName: 'orders' }));
      assert.equal(all.Count, 6);
      const filtered = await db.send(new ScanCommand({ TableName: 'orders', FilterExpression: 'kind = :k', ExpressionAttributeValues: { ':k': { S: 'small' } }, ProjectionExpression: 'sk' }));
      assert.equal(filtered.Count, 4);
      assert.ok(filtered.Items?.every((i) => Object.keys(i).join() === 'sk'));
      let start: Record<string, unknown> | undefined;
      let n = 0;
      do {
        const r = await db.send(new ScanCommand({ TableName: 'orders', Limit: 4, ...(start ? { ExclusiveStartKey: start as never } : {}) }));
        n += r.Count ?? 0;
        start = r.LastEvaluatedKey;
      } while (start);
      assert.equal(n, 6);
      let segTotal = 0;
      for (const Segment of [0, 1, 2]) segTotal += (await db.send(new ScanCommand({ TableName: 'orders', Segment, TotalSegments: 3 }))).Count ?? 0;
      assert.equal(segTotal, 6);
      const err = await rejectsWith(db.send(new ScanCommand({ TableName: 'orders', Segment: 3, TotalSegments: 2 })), 'ValidationException');
      assert.match(err.message, /Segment: 3 is not less than TotalSegments: 2/);
    });

    it('stops a page at 1 MB', async () => {
      await db.send(new CreateTableCommand({ TableName: 'big', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }] }));
      const pad = 'x'.repeat(300 * 1024);
      await db.send(new BatchWriteItemCommand({ RequestItems: { big: [0, 1, 2, 3, 4].map((i) => ({ PutRequest: { Item: { pk: { S: 'p' }, sk: { S: `k${i}` }, pad: { S: pad } } } })) } }));
      const r = await db.send(new QueryCommand({ TableName: 'big', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
      assert.equal(r.Count, 3);
      assert.deepEqual(r.LastEvaluatedKey, { pk: { S: 'p' }, sk: { S: 'k2' } });
    });
  });

  describe('batches', () => {
    it('writes and reads in batches', async () => {
      await db.send(new BatchWriteItemCommand({ RequestItems: { users: [
        { PutRequest: { Item: { id: { S: 'b1' }, v: { N: '1' } } } }, { PutRequest: { Item: { id: { S: 'b2' }, v: { N: '2' } } } },
      ] } }));
      const r = await db.send(new BatchGetItemCommand({ RequestItems: { users: { Keys: [{ id: { S: 'b1' } }, { id: { S: 'b2' } }, { id: { S: 'b3' } }] } } }));
      assert.deepEqual(r.Responses?.['users']?.map((i) => i['id']?.S).sort(), ['b1', 'b2']);
      await db.send(new BatchWriteItemCommand({ RequestItems: { users: [{ DeleteRequest: { Key: { id: { S: 'b1' } } } }] } }));
      const after = await db.send(new BatchGetItemCommand({ RequestItems: { users: { Keys: [{ id: { S: 'b1' } }] } } }));
      assert.deepEqual(after.Responses?.['users'], []);
      const err = await rejectsWith(db.send(new BatchGetItemCommand({ RequestItems: { users: { Keys: [{ id: { S: 'x' } }, { id: { S: 'x' } }] } } })), 'ValidationException');
      assert.equal(err.message, 'Provided list of item keys contains duplicates');
    });
  });
});
