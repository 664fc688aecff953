/**
 * @module DynamoDB Time to Live expiry over HTTP with a clock the test moves: an item whose TTL attribute is in the
 * past is deleted by the background sweep (indexes too, durably); until the sweep runs it still appears in reads
 * (AWS: expired items may be read until deleted); values more than five years old and non-numbers are ignored.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { World } from '../../src/model/world.js';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { fixedClock } from '../../src/shared/clock.js';
import { randomIdGen } from '../../src/shared/ids.js';

const ACCOUNT = '111111111111';
const dir = mkdtempSync(join(tmpdir(), 'vpce-ttl-'));
const clock = fixedClock(Date.UTC(2026, 0, 1));
const nowS = () => Math.floor(clock.now() / 1000);

async function serve(ttlSweepMs: number): Promise<{ server: RunningServer; db: DynamoDBClient }> {
  const world = new World(memoryStore(), randomIdGen, clock);
  const server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '000000000000', version: 'test', dataDir: dir, ttlSweepMs });
  const db = new DynamoDBClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' } });
  return { server, db };
}

async function stop(s: { server: RunningServer; db: DynamoDBClient }): Promise<void> {
  s.db.destroy();
  await s.server.close();
}

const exists = async (db: DynamoDBClient, id: string) =>
  (await db.send(new GetItemCommand({ TableName: 'sessions', Key: { id: { S: id } }, ConsistentRead: true }))).Item !== undefined;

/** Wait (polling) until `id` is gone; fails after 10 s. */
async function untilGone(db: DynamoDBClient, id: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (!(await exists(db, id))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`${id} was never deleted`);
}

describe('DynamoDB TTL expiry', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes expired items in the background sweep, durably and from indexes', async () => {
    // A server whose sweep never runs during the test: expired items stay readable.
    const first = await serve(3_600_000);
    try {
      await first.db.send(new CreateTableCommand({
        TableName: 'sessions', BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'user', AttributeType: 'S' }],
        GlobalSecondaryIndexes: [{ IndexName: 'byUser', KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      }));
      await first.db.send(new UpdateTimeToLiveCommand({ TableName: 'sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
      const put = (id: string, expires: Record<string, string> | undefined) => first.db.send(new PutItemCommand({
        TableName: 'sessions', Item: { id: { S: id }, user: { S: 'u1' }, ...(expires ? { expires: expires as { N: string } } : {}) },
      }));
      await put('soon', { N: String(nowS() + 60) });
      await put('later', { N: String(nowS() + 3600) });
      await put('ancient', { N: String(nowS() - 6 * 365 * 86_400) });
      await put('text', { S: String(nowS() - 10) } as unknown as Record<string, string>);
      await put('never', undefined);
      clock.advance(120_000);
      assert.equal(await exists(first.db, 'soon'), true, 'an expired item is readable until the sweep deletes it');
    } finally { await stop(first); }

    // Same state, a sweep every 10 ms on the same (moved) clock.
    const second = await serve(10);
    try {
      await untilGone(second.db, 'soon');
      for (const id of ['later', 'ancient', 'text', 'never']) assert.equal(await exists(second.db, id), true, `${id} is kept`);
      const q = await second.db.send(new QueryCommand({ TableName: 'sessions', IndexName: 'byUser', KeyConditionExpression: '#u = :u', ExpressionAttributeNames: { '#u': 'user' }, ExpressionAttributeValues: { ':u': { S: 'u1' } } }));
      assert.deepEqual(q.Items?.map((i) => i['id']?.S).sort(), ['ancient', 'later', 'never', 'text'], 'the index lost the deleted item');
      clock.advance(3_600_000);
      await untilGone(second.db, 'later');
    } finally { await stop(second); }

    const third = await serve(3_600_000);
    try {
      assert.equal(await exists(third.db, 'soon'), false, 'the deletion is durable');
      assert.equal(await exists(third.db, 'later'), false);
      assert.equal(await exists(third.db, 'never'), true);
    } finally { await stop(third); }
  });
});
