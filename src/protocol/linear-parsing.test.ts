/**
 * @module Every request parser's work grows linearly with the request: the Query form decoder and walker, the JSON
 * parser (DynamoDB) and the S3 XML parser each take a request 10 times larger in about 10 times the CPU, never the
 * 100 times a quadratic walk would. Growth is compared (CPU time, best of three), not measured against a clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ec2Model } from '../specs/ec2-model.js';
import { dynamodbModel } from '../specs/dynamodb-model.js';
import { s3Model } from '../specs/s3-model.js';
import { EC2_DIALECT } from './ec2-query/dialect.js';
import { decodeForm, parseQueryInput } from './query/parse.js';
import { DYNAMODB_DIALECT } from './json/dynamodb-dialect.js';
import { JsonInputParser } from './json/parse.js';
import { parseRestInput, type RestParseErrors } from './rest-xml/parse.js';

/** CPU microseconds of `work`, the least of three runs (scheduling noise only ever adds time). */
function cpu(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    best = Math.min(best, used.user + used.system);
  }
  return best;
}

/**
 * Assert the work for 10n items is within a generous factor of ten times the work for n: linear growth gives ~10,
 * quadratic ~100 (the quadratic Query walk this guards against took seconds for 16,000 members, minutes for these).
 * The bound, 60, leaves room for garbage collection, which grows faster than the items when a large result stays
 * live, and for V8's own threads on a loaded machine: a bound of 30 once failed in CI at 31.9x.
 */
function assertLinear(name: string, build: (n: number) => () => void): void {
  const small = build(10_000);
  const large = build(100_000);
  small(); // warm up the compiled paths once
  const ratio = cpu(large) / Math.max(1, cpu(small));
  assert.ok(ratio < 60, `${name}: 10x the items took ${ratio.toFixed(1)}x the CPU`);
}

describe('request parsing is linear in the request size', () => {
  it('Query: decoding the form and walking 100,000 list members grows linearly (and the 100,000 parse)', () => {
    assertLinear('Query', (n) => {
      let form = 'Action=DescribeVpcs';
      for (let i = 1; i <= n / 2; i++) form += `&Filter.${i}.Name=tag%3AName&Filter.${i}.Value.1=a${i}`;
      return () => {
        const input = parseQueryInput(ec2Model, ec2Model.operations['DescribeVpcs']!.input!, decodeForm(form), EC2_DIALECT);
        assert.equal((input['Filters'] as unknown[]).length, n / 2);
      };
    });
  });

  it('JSON: a DynamoDB item with a 100,000-element list parses and validates linearly', () => {
    const parser = new JsonInputParser(dynamodbModel, DYNAMODB_DIALECT);
    assertLinear('JSON', (n) => {
      const body = Buffer.from(JSON.stringify({ TableName: 'tbl', Item: { k: { S: 'a' }, l: { L: Array.from({ length: n }, (_, i) => ({ N: String(i) })) } } }));
      return () => { parser.parse('PutItem', body); };
    });
  });

  it('S3 XML: a DeleteObjects body of 100,000 objects parses linearly', () => {
    const errors: RestParseErrors = { invalidValue: () => new Error('invalid'), malformedBody: () => new Error('malformed') };
    assertLinear('S3 XML', (n) => {
      const body = Buffer.from(`<Delete>${Array.from({ length: n }, (_, i) => `<Object><Key>k${i}</Key></Object>`).join('')}</Delete>`);
      return () => {
        const input = parseRestInput(s3Model, 'DeleteObjectsRequest', { headers: {}, query: new Map(), labels: { Bucket: 'b' }, body }, errors);
        assert.equal(((input['Delete'] as { Objects: unknown[] }).Objects).length, n);
      };
    });
  });
});
