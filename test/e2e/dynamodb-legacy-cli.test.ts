/**
 * @module DynamoDB's legacy parameters with the AWS CLI: `query --key-conditions` (with `--query-filter`),
 * `scan --scan-filter` with `--conditional-operator`, `get-item --attributes-to-get`, `update-item
 * --attribute-updates --expected`, and the refusal of a request mixing legacy and expression parameters. Skips
 * locally (with the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, jsonCli, serviceErrorExit } from './aws-cli.js';

const skip = awsCliSkip('dynamodb legacy parameters aws-cli scenario');

const { run: aws, ok } = jsonCli('123456789012', 'eu-west-1');

interface Items { Items: Record<string, { S?: string; N?: string }>[]; Count: number }

describe('DynamoDB legacy parameters with the AWS CLI', { skip }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('queries with --key-conditions, scans with --scan-filter, updates with --attribute-updates', async () => {
    const url = h.url;
    await ok(url, ['dynamodb', 'create-table', '--table-name', 'songs',
      '--attribute-definitions', 'AttributeName=artist,AttributeType=S', 'AttributeName=year,AttributeType=N',
      '--key-schema', 'AttributeName=artist,KeyType=HASH', 'AttributeName=year,KeyType=RANGE', '--billing-mode', 'PAY_PER_REQUEST']);
    for (const [artist, year, plays] of [['Nina', '1958', '5'], ['Nina', '1965', '50'], ['Nina', '1971', '7'], ['Miles', '1959', '90']] as const) {
      await ok(url, ['dynamodb', 'put-item', '--table-name', 'songs', '--item', JSON.stringify({ artist: { S: artist }, year: { N: year }, plays: { N: plays } })]);
    }
    const q = await ok(url, ['dynamodb', 'query', '--table-name', 'songs', '--key-conditions', JSON.stringify({
      artist: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'Nina' }] },
      year: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1960' }, { N: '1980' }] },
    }), '--query-filter', JSON.stringify({ plays: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '10' }] } })]) as unknown as Items;
    assert.deepEqual(q.Items.map((i) => i['year']?.N), ['1965']);
    const s = await ok(url, ['dynamodb', 'scan', '--table-name', 'songs', '--conditional-operator', 'OR', '--scan-filter', JSON.stringify({
      plays: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '90' }] },
      year: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '1959' }] },
    }), '--attributes-to-get', 'artist', 'year']) as unknown as Items;
    assert.deepEqual(s.Items.map((i) => `${i['artist']?.S}/${i['year']?.N}`).sort(), ['Miles/1959', 'Nina/1958']);
    assert.equal(s.Items.every((i) => !('plays' in i)), true);
    const u = await ok(url, ['dynamodb', 'update-item', '--table-name', 'songs', '--key', JSON.stringify({ artist: { S: 'Nina' }, year: { N: '1971' } }),
      '--attribute-updates', JSON.stringify({ plays: { Action: 'ADD', Value: { N: '3' } } }),
      '--expected', JSON.stringify({ plays: { Value: { N: '7' } } }), '--return-values', 'UPDATED_NEW']) as { Attributes: { plays: { N: string } } };
    assert.equal(u.Attributes.plays.N, '10');
    const mixed = await aws(url, ['dynamodb', 'scan', '--table-name', 'songs', '--filter-expression', 'plays > :p',
      '--expression-attribute-values', JSON.stringify({ ':p': { N: '1' } }), '--scan-filter', JSON.stringify({ plays: { ComparisonOperator: 'NOT_NULL' } })]);
    assert.equal(mixed.code, serviceErrorExit());
    assert.match(mixed.stderr, /ValidationException/);
    assert.match(mixed.stderr, /Can not use both expression and non-expression parameters in the same request: Non-expression parameters: \{ScanFilter\} Expression parameters: \{FilterExpression\}/);
  });
});
