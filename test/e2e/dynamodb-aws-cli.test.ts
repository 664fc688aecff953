/**
 * @module DynamoDB with the AWS CLI (Debian's awscli v2 in CI): create-table, put-item, get-item, query with
 * --key-condition-expression, update-item, a ConditionalCheckFailedException, delete-table. Skips locally (with
 * the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, jsonCli } from './aws-cli.js';

const skip = awsCliSkip('dynamodb aws-cli scenario');

const { run: aws, ok } = jsonCli('123456789012', 'eu-west-1');

describe('DynamoDB with the AWS CLI', { skip }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('creates a table, writes, reads, queries, updates, fails a condition and deletes the table', async () => {
    const url = h.url;
    const created = await ok(url, ['dynamodb', 'create-table', '--table-name', 'music',
      '--attribute-definitions', 'AttributeName=artist,AttributeType=S', 'AttributeName=year,AttributeType=N',
      '--key-schema', 'AttributeName=artist,KeyType=HASH', 'AttributeName=year,KeyType=RANGE',
      '--billing-mode', 'PAY_PER_REQUEST']) as { TableDescription: { TableStatus: string; TableArn: string } };
    assert.equal(created.TableDescription.TableStatus, 'ACTIVE');
    assert.equal(created.TableDescription.TableArn, 'arn:aws:dynamodb:eu-west-1:123456789012:table/music');
    for (const year of ['1969', '1971', '1973']) {
      await ok(url, ['dynamodb', 'put-item', '--table-name', 'music', '--item', JSON.stringify({ artist: { S: 'Pink' }, year: { N: year }, plays: { N: '0' } })]);
    }
    const got = await ok(url, ['dynamodb', 'get-item', '--table-name', 'music', '--key', JSON.stringify({ artist: { S: 'Pink' }, year: { N: '1971' } })]) as { Item: Record<string, { N?: string }> };
    assert.equal(got.Item['year']?.N, '1971');
    const q = await ok(url, ['dynamodb', 'query', '--table-name', 'music', '--key-condition-expression', 'artist = :a AND #y >= :y',
      '--expression-attribute-names', JSON.stringify({ '#y': 'year' }),
      '--expression-attribute-values', JSON.stringify({ ':a': { S: 'Pink' }, ':y': { N: '1970' } })]) as { Count: number; Items: { year: { N: string } }[] };
    assert.equal(q.Count, 2);
    assert.deepEqual(q.Items.map((i) => i.year.N), ['1971', '1973']);
    const u = await ok(url, ['dynamodb', 'update-item', '--table-name', 'music', '--key', JSON.stringify({ artist: { S: 'Pink' }, year: { N: '1973' } }),
      '--update-expression', 'SET plays = plays + :one', '--expression-attribute-values', JSON.stringify({ ':one': { N: '1' } }),
      '--return-values', 'UPDATED_NEW']) as { Attributes: { plays: { N: string } } };
    assert.equal(u.Attributes.plays.N, '1');
    const failed = await aws(url, ['dynamodb', 'put-item', '--table-name', 'music', '--item', JSON.stringify({ artist: { S: 'Pink' }, year: { N: '1973' } }),
      '--condition-expression', 'attribute_not_exists(artist)']);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /ConditionalCheckFailedException/);
    assert.match(failed.stderr, /The conditional request failed/);
    await ok(url, ['dynamodb', 'delete-table', '--table-name', 'music']);
    const missing = await aws(url, ['dynamodb', 'describe-table', '--table-name', 'music']);
    assert.match(missing.stderr, /ResourceNotFoundException/);
  });
});
