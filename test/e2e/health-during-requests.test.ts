/**
 * @module The health check is answered while the largest allowed request of each kind is in flight: bodies are
 * read (S3 uploads streamed to disk) without holding the event loop, so a health check sent mid-body is answered
 * before the large request is. Asserted by the order of the answers, not by timings.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startHarness, type Harness } from './harness.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';

const ACCOUNT = '111111111111';
const MiB = 1024 * 1024;
const auth = (service: string): string => `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

function health(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/_vpce/health`, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); }).on('error', reject);
  });
}

/**
 * Send the first half of a large request's body, then a health check, then the rest; the order in which the two
 * answers arrive, and the large request's status.
 */
async function healthMidBody(url: string, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ order: string[]; status: number; text: string }> {
  const u = new URL(url);
  const order: string[] = [];
  let text = '';
  const big = new Promise<number>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { order.push('large request'); text = Buffer.concat(chunks).toString('utf8'); resolve(res.statusCode ?? 0); });
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.subarray(0, half), () => {
      void health(url).then((status) => {
        assert.equal(status, 200);
        order.push('health');
        req.end(body.subarray(half));
      }, reject);
    });
  });
  const status = await big;
  return { order, status, text };
}

describe('the health check is answered while a large request is in flight', () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-health-'));
    h = await startHarness(sqliteStore(dir), dir);
    await h.s3(ACCOUNT).send(new CreateBucketCommand({ Bucket: 'health' }));
    await h.dynamodb(ACCOUNT).send(new CreateTableCommand({ TableName: 'health', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a 64 MiB PutObject (streamed to disk)', async () => {
    const r = await healthMidBody(h.url, 'PUT', '/health/big', { authorization: auth('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, Buffer.alloc(64 * MiB, 1));
    assert.deepEqual(r.order, ['health', 'large request']);
    assert.equal(r.status, 200);
  });

  it('a BatchWriteItem of 25 items of 390 KB (about 10 MB of JSON)', async () => {
    const big = 'x'.repeat(390 * 1024);
    const body = Buffer.from(JSON.stringify({ RequestItems: { health: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: big } } } })) } }));
    const r = await healthMidBody(h.url, 'POST', '/', { authorization: auth('dynamodb'), 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem', 'content-type': 'application/x-amz-json-1.0' }, body);
    assert.deepEqual(r.order, ['health', 'large request']);
    assert.equal(r.status, 200, r.text);
  });

  it('a DescribeVpcs with the most filters the 5,000-parameter bound admits (refused with FilterLimitExceeded)', async () => {
    let form = 'Action=DescribeVpcs&Version=2016-11-15';
    for (let i = 1; i <= 2499; i++) form += `&Filter.${i}.Name=tag%3Ak${i}&Filter.${i}.Value.1=v`;
    const r = await healthMidBody(h.url, 'POST', '/', { authorization: auth('ec2'), 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from(form));
    assert.deepEqual(r.order, ['health', 'large request']);
    assert.equal(r.status, 400);
    assert.match(r.text, /FilterLimitExceeded/);
  });

  it('a DeleteObjects of 1,000 keys', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `<Object><Key>${'k'.repeat(900)}${i}</Key></Object>`).join('');
    const body = Buffer.from(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${keys}</Delete>`);
    const md5 = (await import('node:crypto')).createHash('md5').update(body).digest('base64');
    const r = await healthMidBody(h.url, 'POST', '/health?delete', { authorization: auth('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-md5': md5 }, body);
    assert.deepEqual(r.order, ['health', 'large request']);
    assert.equal(r.status, 200, r.text);
  });
});
