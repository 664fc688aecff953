/**
 * @module DynamoDB transactions and table administration with the AWS CLI (Debian's awscli v2 in CI):
 * transact-write-items (applied, then cancelled with its reasons), transact-get-items, update-table (a GSI
 * created and queried), describe-limits and describe-endpoints. Skips locally (with the reason printed) when no
 * `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, jsonCli, serviceErrorExit } from './aws-cli.js';

const skip = awsCliSkip('dynamodb transactions aws-cli scenario');

const { run: aws, ok } = jsonCli('123456789012', 'eu-west-1');

describe('DynamoDB transactions and UpdateTable with the AWS CLI', { skip }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('writes and reads in transactions, cancels one with reasons, adds an index, describes limits and endpoints', async () => {
    const url = h.url;
    await ok(url, ['dynamodb', 'create-table', '--table-name', 'ledger', '--attribute-definitions', 'AttributeName=id,AttributeType=S',
      '--key-schema', 'AttributeName=id,KeyType=HASH', '--billing-mode', 'PAY_PER_REQUEST']);
    await ok(url, ['dynamodb', 'transact-write-items', '--transact-items', JSON.stringify([
      { Put: { TableName: 'ledger', Item: { id: { S: 'a' }, kind: { S: 'debit' }, amount: { N: '5' } } } },
      { Put: { TableName: 'ledger', Item: { id: { S: 'b' }, kind: { S: 'credit' }, amount: { N: '5' } } } },
    ])]);
    const failed = await aws(url, ['dynamodb', 'transact-write-items', '--transact-items', JSON.stringify([
      { Put: { TableName: 'ledger', Item: { id: { S: 'c' }, kind: { S: 'debit' } } } },
      { ConditionCheck: { TableName: 'ledger', Key: { id: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(id)' } },
    ])]);
    assert.equal(failed.code, serviceErrorExit());
    assert.match(failed.stderr, /TransactionCanceledException/);
    assert.match(failed.stderr, /\[None, ConditionalCheckFailed\]/);
    const got = await ok(url, ['dynamodb', 'transact-get-items', '--transact-items', JSON.stringify([
      { Get: { TableName: 'ledger', Key: { id: { S: 'a' } } } }, { Get: { TableName: 'ledger', Key: { id: { S: 'c' } } } },
    ])]) as { Responses: { Item?: { amount?: { N: string } } }[] };
    assert.equal(got.Responses[0]?.Item?.amount?.N, '5');
    assert.equal(got.Responses[1]?.Item, undefined, 'the cancelled transaction wrote nothing');

    const updated = await ok(url, ['dynamodb', 'update-table', '--table-name', 'ledger', '--attribute-definitions', 'AttributeName=kind,AttributeType=S',
      '--global-secondary-index-updates', JSON.stringify([{ Create: { IndexName: 'byKind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }]),
    ]) as { TableDescription: { TableStatus: string; GlobalSecondaryIndexes: { IndexStatus: string }[] } };
    assert.equal(updated.TableDescription.TableStatus, 'UPDATING');
    assert.equal(updated.TableDescription.GlobalSecondaryIndexes[0]?.IndexStatus, 'CREATING');
    // `aws dynamodb wait table-exists` polls DescribeTable until ACTIVE: settled on the next describe.
    await ok(url, ['dynamodb', 'wait', 'table-exists', '--table-name', 'ledger']);
    const q = await ok(url, ['dynamodb', 'query', '--table-name', 'ledger', '--index-name', 'byKind', '--key-condition-expression', 'kind = :k',
      '--expression-attribute-values', JSON.stringify({ ':k': { S: 'debit' } })]) as { Count: number };
    assert.equal(q.Count, 1);

    const limits = await ok(url, ['dynamodb', 'describe-limits']);
    assert.deepEqual(limits, { AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 });
    const endpoints = await ok(url, ['dynamodb', 'describe-endpoints']) as { Endpoints: { Address: string; CachePeriodInMinutes: number }[] };
    assert.deepEqual(endpoints.Endpoints, [{ Address: 'dynamodb.eu-west-1.amazonaws.com', CachePeriodInMinutes: 1440 }]);
  });
});
