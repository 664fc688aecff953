/**
 * @module The DynamoDB JSON 1.0 endpoint at the wire: routing by X-Amz-Target, SerializationException,
 * constraint reports, UnknownOperationException, InternalServerError, the x-amz-crc32 and x-amzn-RequestId
 * headers; and durability: a `vpce serve` child killed with SIGKILL keeps every acknowledged write.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { handleDynamoDb } from '../../src/server/dynamodb-endpoint.js';
import { openItemStore, type ItemStore } from '../../src/persistence/item-store.js';
import { trustedCall } from '../../src/services/call.js';
import type { RawResponse } from '../../src/server/raw-http.js';
import { serveProcess, type ServeProcess } from './process.js';

const CALLER = { account: '111111111111', region: 'us-east-1', principalArn: 'arn:aws:iam::111111111111:root' };

function send(store: ItemStore, target: string | undefined, body: string): { status: number; headers: Record<string, string>; json: Record<string, unknown>; text: string } {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (target !== undefined) headers['x-amz-target'] = target;
  const r = handleDynamoDb(store, { method: 'POST', path: '/', query: '', headers, body: Buffer.from(body) }, trustedCall(CALLER, 'req-1')) as RawResponse;
  const text = String(r.body);
  return { status: r.status, headers: r.headers as Record<string, string>, json: JSON.parse(text) as Record<string, unknown>, text };
}

describe('DynamoDB JSON 1.0 protocol', () => {
  const store = openItemStore(null);
  after(() => store.close());

  it('answers with the request id and a correct CRC32 of the body', () => {
    const r = send(store, 'DynamoDB_20120810.ListTables', '{}');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { TableNames: [] });
    assert.equal(r.headers['x-amzn-requestid'], 'req-1');
    assert.equal(r.headers['content-type'], 'application/x-amz-json-1.0');
    assert.equal(r.headers['x-amz-crc32'], String(crc32(Buffer.from(r.text)) >>> 0));
  });

  it('refuses unknown operations and targets (UnknownOperationException)', () => {
    for (const t of ['DynamoDB_20120810.Frobnicate', 'Other_20120810.ListTables', undefined]) {
      const r = send(store, t, '{}');
      assert.equal(r.status, 400);
      assert.equal(r.json['__type'], 'com.amazonaws.dynamodb.v20120810#UnknownOperationException');
    }
  });

  it('refuses malformed JSON and wrong JSON types (SerializationException)', () => {
    let r = send(store, 'DynamoDB_20120810.ListTables', '{"Limit":');
    assert.equal(r.json['__type'], 'com.amazonaws.dynamodb.v20120810#SerializationException');
    r = send(store, 'DynamoDB_20120810.DescribeTable', '{"TableName": 5}');
    assert.equal(r.json['__type'], 'com.amazonaws.dynamodb.v20120810#SerializationException');
    assert.equal(r.json['message'], 'NUMBER_VALUE cannot be converted to String');
    r = send(store, 'DynamoDB_20120810.ListTables', '[]');
    assert.equal(r.json['__type'], 'com.amazonaws.dynamodb.v20120810#SerializationException');
  });

  it('reports model constraints as one ValidationException', () => {
    let r = send(store, 'DynamoDB_20120810.DescribeTable', '{}');
    assert.equal(r.json['__type'], 'com.amazonaws.dynamodb.v20120810#ValidationException');
    assert.equal(r.json['message'], "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    r = send(store, 'DynamoDB_20120810.ListTables', '{"Limit": 0, "ExclusiveStartTableName": "ab"}');
    assert.equal(r.json['message'], "2 validation errors detected: Value 'ab' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    r = send(store, 'DynamoDB_20120810.Scan', '{"TableName": "t", "Select": "SOME"}');
    assert.match(String(r.json['message']), /Value 'SOME' at 'select' failed to satisfy constraint: Member must satisfy enum value set: \[ALL_ATTRIBUTES, /);
  });

  // AWS: an error on DynamoDB's side is 500 InternalServerError; the emulator also logs the cause, as the S3 and
  // Query endpoints do.
  it('logs an unexpected failure and answers InternalServerError (500)', (t) => {
    const broken = new Proxy({} as ItemStore, { get: () => () => { throw new Error('disk on fire'); } });
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => { logged.push(args); });
    const r = send(broken, 'DynamoDB_20120810.DescribeTable', '{"TableName": "abc"}');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
    assert.equal(r.headers['x-amzn-requestid'], 'req-1');
    assert.equal(logged.length, 1);
    assert.ok(logged[0]!.some((a) => a instanceof Error && a.message === 'disk on fire'));
  });

  it('writes timestamps as epoch seconds', () => {
    send(store, 'DynamoDB_20120810.CreateTable', JSON.stringify({ TableName: 'tstamp', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }] }));
    const r = send(store, 'DynamoDB_20120810.DescribeTable', '{"TableName": "tstamp"}');
    const t = (r.json['Table'] as Record<string, unknown>)['CreationDateTime'];
    assert.equal(typeof t, 'number');
    assert.ok(Math.abs((t as number) - Date.now() / 1000) < 60);
  });
});

describe('DynamoDB durability', () => {
  it('keeps every acknowledged write across kill -9 and restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-ddb-'));
    const client = (url: string) => new DynamoDBClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: '333333333333', secretAccessKey: 'x' } });
    // Whatever fails, the child is stopped and the directory removed, so a failure never leaves the run hanging.
    let server: ServeProcess | undefined;
    let db: DynamoDBClient | undefined;
    try {
      server = await serveProcess(dir);
      db = client(server.url);
      await db.send(new CreateTableCommand({ TableName: 'durable', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }] }));
      for (let i = 0; i < 50; i++) await db.send(new PutItemCommand({ TableName: 'durable', Item: { pk: { S: 'p' }, sk: { N: String(i) } } }));
      db.destroy();
      await server.stop('SIGKILL');
      server = await serveProcess(dir);
      db = client(server.url);
      const r = await db.send(new QueryCommand({ TableName: 'durable', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, ScanIndexForward: false, Limit: 3 }));
      assert.deepEqual(r.Items?.map((i) => i['sk']?.N), ['49', '48', '47']);
      const one = await db.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: 'p' }, sk: { N: '0' } } }));
      assert.ok(one.Item);
    } finally {
      db?.destroy();
      await server?.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
