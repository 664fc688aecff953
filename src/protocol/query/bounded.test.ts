/** @module The Query walker's work is linear in the request, and nothing it writes fails to parse as XML 1.0. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2Model } from '../../specs/ec2-model.js';
import { EC2_DIALECT } from '../ec2-query/dialect.js';
import { parseQueryInput } from './parse.js';
import { escapeXml } from './serialize.js';
import { escapeXml as escapeRestXml } from '../rest-xml/xml.js';
import { IAM_DIALECT } from './iam-dialect.js';
import { iamModel } from '../../specs/iam-model.js';
import { isAwsError } from '../../errors/aws-error.js';

describe('Query parsing is linear in the number of parameters', () => {
  it('parses 100,000 list members (50,000 filters of two values), in order', () => {
    const params = new Map<string, string>();
    for (let i = 1; i <= 50_000; i++) {
      params.set(`Filter.${i}.Name`, 'tag:Name');
      params.set(`Filter.${i}.Value.1`, `a${i}`);
    }
    const input = parseQueryInput(ec2Model, ec2Model.operations['DescribeVpcs']!.input!, params, EC2_DIALECT);
    const filters = input['Filters'] as { Name: string; Values: string[] }[];
    assert.equal(filters.length, 50_000);
    assert.deepEqual(filters[49_999], { Name: 'tag:Name', Values: ['a50000'] });
    // That the work is linear (not how long it takes on this machine) is asserted by comparing growth in
    // ../linear-parsing.test.ts; `npm run bench` measures the time.
  });

  it('keeps sparse and out-of-order indices in ascending order and ignores non-numeric segments', () => {
    const params = new Map([['VpcId.3', 'vpc-3'], ['VpcId.1', 'vpc-1'], ['VpcId.x', 'no'], ['VpcId.0', 'no']]);
    const input = parseQueryInput(ec2Model, ec2Model.operations['DescribeVpcs']!.input!, params, EC2_DIALECT);
    assert.deepEqual(input['VpcIds'], ['vpc-1', 'vpc-3']);
  });
});

describe('XML 1.0-illegal characters', () => {
  it('are refused on input, without echoing the value (EC2 InvalidParameterValue, IAM ValidationError)', () => {
    const ec2 = () => parseQueryInput(ec2Model, ec2Model.operations['CreateTags']!.input!,
      new Map([['ResourceId.1', 'vpc-1'], ['Tag.1.Key', 'k'], ['Tag.1.Value', 'a\u0001b']]), EC2_DIALECT);
    assert.throws(ec2, (e: unknown) => isAwsError(e) && e.code === 'InvalidParameterValue' && e.message.includes('Tag.1.Value') && !e.message.includes('\u0001'));
    const iam = () => parseQueryInput(iamModel, iamModel.operations['CreateRole']!.input!,
      new Map([['RoleName', 'r\uFFFF'], ['AssumeRolePolicyDocument', '{}']]), IAM_DIALECT);
    assert.throws(iam, (e: unknown) => isAwsError(e) && e.code === 'ValidationError' && e.message.includes("'roleName'"));
  });

  it('accept tab, newline, carriage return and paired surrogates (emoji)', () => {
    const input = parseQueryInput(ec2Model, ec2Model.operations['CreateTags']!.input!,
      new Map([['ResourceId.1', 'vpc-1'], ['Tag.1.Key', 'k'], ['Tag.1.Value', 'a\tb\nc\r\u{1F600}']]), EC2_DIALECT);
    assert.deepEqual(input['Tags'], [{ Key: 'k', Value: 'a\tb\nc\r\u{1F600}' }]);
  });

  for (const [name, escape] of [['Query', escapeXml], ['REST-XML', escapeRestXml]] as const) {
    it(`are written as U+FFFD by the ${name} writer, while markup is escaped and emoji kept`, () => {
      assert.equal(escape('a\u0001<b>&\u{1F600}'), `a\uFFFD&lt;b&gt;&amp;\u{1F600}`);
      assert.equal(escape('x\uD800y\uDC00z\uFFFE'), 'x\uFFFDy\uFFFDz\uFFFD');
      assert.equal(escape('plain'), 'plain');
    });
  }
});
