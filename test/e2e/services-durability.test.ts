/** @module S3 objects, DynamoDB items and IAM keys survive a `kill -9` mid-burst: every acknowledged write is there after restart, with its content. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { serveProcess } from './process.js';

const cfg = (url: string) => ({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '929292929292', secretAccessKey: 'x' }, maxAttempts: 1 });

describe('service data durability', () => {
  it('loses no acknowledged PutObject or PutItem when killed with SIGKILL mid-burst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-kill-data-'));
    try {
      let server = await serveProcess(dir);
      let s3 = new S3Client({ ...cfg(server.url), forcePathStyle: true });
      let ddb = new DynamoDBClient(cfg(server.url));
      await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
      await ddb.send(new CreateTableCommand({ TableName: 'durable', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      const objects: string[] = [];
      const items: string[] = [];
      let next = 0;
      let killed = false;
      const body = (i: number): string => `object-${i}-`.repeat(200 + (i % 50));
      const writer = async (): Promise<void> => {
        while (!killed) {
          const i = next++;
          try {
            if (i % 2 === 0) {
              await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: `k/${i}`, Body: body(i) }));
              objects.push(`k/${i}`);
            } else {
              await ddb.send(new PutItemCommand({ TableName: 'durable', Item: { pk: { S: `p${i}` }, v: { N: String(i) } } }));
              items.push(`p${i}`);
            }
            if (objects.length + items.length >= 200 && !killed) { killed = true; server.child.kill('SIGKILL'); }
          } catch {
            if (!killed) throw new Error('write failed before the kill');
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, writer));
      s3.destroy(); ddb.destroy();
      await server.stop();
      server = await serveProcess(dir);
      s3 = new S3Client({ ...cfg(server.url), forcePathStyle: true });
      ddb = new DynamoDBClient(cfg(server.url));
      for (const key of objects) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'durable', Key: key }));
        assert.equal(await got.Body!.transformToString(), body(Number(key.slice(2))), `content of ${key}`);
      }
      for (const pk of items) {
        const got = await ddb.send(new GetItemCommand({ TableName: 'durable', Key: { pk: { S: pk } } }));
        assert.equal(got.Item?.['v']?.N, pk.slice(1), `item ${pk}`);
      }
      s3.destroy(); ddb.destroy();
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
