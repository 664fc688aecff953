/**
 * @module Regressions the fuzz suite (fuzz.test.ts) found, one named case each, reproduced through the SDKs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTagsCommand, CreateVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { iamUserWith, startHarness, type Harness } from './harness.js';

const ACCOUNT = '123456789012';

/** A raw DynamoDB JSON call, for bodies the SDK would refuse to send. */
async function dynamoDbCall(url: string, operation: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`, authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00` },
  });
  return { status: r.status, body: await r.json() as Record<string, unknown> };
}
/** `*a*a*...*b`: a backtracking regex explores every way to split a long run of `a` between the stars. */
const BOMB = `${'*a'.repeat(16)}*b`;

describe('fuzz regressions', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  // AWS: filter values take `*` and `?` wildcards, any number of them ("Filter your resources"). Each used to become
  // a backtracking regex: this request froze the server for hours (a regression hangs this test run).
  it('DescribeVpcs with a many-wildcard filter value against a long tag answers (no exponential backtracking)', { timeout: 30_000 }, async () => {
    const ec2 = h.ec2(ACCOUNT);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'Name', Value: 'a'.repeat(255) }] }));
    const none = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [BOMB] }] }));
    assert.deepEqual(none.Vpcs, []);
    const some = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['*a*a?a*'] }] }));
    assert.deepEqual(some.Vpcs?.map((v) => v.VpcId), [vpc]);
  });

  // AWS: a policy's Resource and StringLike values take any number of wildcards. Evaluating this bucket policy
  // against a long key used to freeze the server (every caller's request waited behind it).
  it('a bucket policy Resource of many wildcards is evaluated against a long key at once', { timeout: 30_000 }, async () => {
    const s3 = h.s3(ACCOUNT);
    await s3.send(new CreateBucketCommand({ Bucket: 'bomb-bucket' }));
    await s3.send(new PutBucketPolicyCommand({
      Bucket: 'bomb-bucket',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bomb-bucket/${BOMB}` }] }),
    }));
    const key = 'a'.repeat(1000);
    await s3.send(new PutObjectCommand({ Bucket: 'bomb-bucket', Key: key, Body: 'x' }));
    const user = await iamUserWith(h, ACCOUNT, 'reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bomb-bucket/${BOMB.replace(/b$/, '')}` }]);
    const got = await h.s3(user).send(new GetObjectCommand({ Bucket: 'bomb-bucket', Key: key }));
    assert.equal(await got.Body!.transformToString(), 'x');
    // The Deny matches a key ending in b: the matcher still matches.
    await s3.send(new PutObjectCommand({ Bucket: 'bomb-bucket', Key: `${key}b`, Body: 'y' }));
    await assert.rejects(h.s3(user).send(new GetObjectCommand({ Bucket: 'bomb-bucket', Key: `${key}b` })), (e: Error) => e.name === 'AccessDenied');
  });
});

describe('fuzz regressions: DynamoDB members set to null', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.dynamodb(ACCOUNT).send(new CreateTableCommand({
      TableName: 'nulls', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    await h.dynamodb(ACCOUNT).send(new PutItemCommand({ TableName: 'nulls', Item: { pk: { S: 'a' }, v: { N: '1' } } }));
  });
  after(async () => { await h.close(); });

  const call = (operation: string, body: unknown) => dynamoDbCall(h.url, operation, body);

  // AWS: the JSON protocol reads a member set to null as absent. `"AttributesToGet": null` used to answer 500.
  it('GetItem with "AttributesToGet": null answers the whole item, as if the member were absent', async () => {
    const r = await call('GetItem', { TableName: 'nulls', Key: { pk: { S: 'a' } }, AttributesToGet: null, ProjectionExpression: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body['Item'], { pk: { S: 'a' }, v: { N: '1' } });
  });

  it('nulls in nested structures and optional members of other operations are absent too', async () => {
    const scan = await call('Scan', { TableName: 'nulls', ExclusiveStartKey: null, ScanFilter: null, ExpressionAttributeNames: null, Limit: null });
    assert.equal(scan.status, 200);
    assert.equal(scan.body['Count'], 1);
    const put = await call('PutItem', { TableName: 'nulls', Item: { pk: { S: 'b' } }, Expected: null, ConditionExpression: null, ReturnValues: null });
    assert.equal(put.status, 200);
    const missing = await call('GetItem', { TableName: 'nulls', Key: null });
    assert.equal(missing.status, 400);
    assert.match(String(missing.body['message']), /Member must not be null/);
  });
});

describe('fuzz regressions: DynamoDB null list items and map values', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.dynamodb(ACCOUNT).send(new CreateTableCommand({
      TableName: 'nulls', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
  });
  after(async () => { await h.close(); });

  const call = (operation: string, body: unknown) => dynamoDbCall(h.url, operation, body);

  // Each of these answered 500 (a handler read into the null). AWS refuses a null item as a constraint failure.
  const cases: [string, string, unknown, string][] = [
    ['TransactWriteItems [null]', 'TransactWriteItems', { TransactItems: [null] }, 'transactItems.1.member'],
    ['BatchWriteItem {table: [null]}', 'BatchWriteItem', { RequestItems: { nulls: [null] } }, 'requestItems.nulls.member.1.member'],
    ['BatchGetItem {table: null}', 'BatchGetItem', { RequestItems: { nulls: null } }, 'requestItems.nulls.member'],
    ['CreateTable GlobalSecondaryIndexes [null]', 'CreateTable', { TableName: 'n2', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], GlobalSecondaryIndexes: [null] }, 'globalSecondaryIndexes.1.member'],
    ['PutItem with a string set holding null', 'PutItem', { TableName: 'nulls', Item: { pk: { S: 'a' }, x: { SS: [null, 'a'] } } }, 'item.x.member.SS.1.member'],
  ];
  for (const [name, operation, body, at] of cases) {
    it(`${name} is a ValidationException naming '${at}' (not a 500)`, async () => {
      const r = await call(operation, body);
      assert.equal(r.status, 400);
      assert.equal(r.body['__type'], 'com.amazonaws.dynamodb.v20120810#ValidationException');
      assert.match(String(r.body['message']), new RegExp(`Value null at '${at.replace(/\./g, '\\.')}' failed to satisfy constraint: Member must not be null`));
    });
  }

  it('a null attribute value is still judged by the item checks', async () => {
    const r = await call('PutItem', { TableName: 'nulls', Item: { pk: { S: 'a' }, x: { L: [null] } } });
    assert.equal(r.status, 400);
    assert.match(String(r.body['message']), /Supplied AttributeValue is empty/);
  });
});
