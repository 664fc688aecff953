/** @module Unit tests for every condition operator, the missing-key rules, IfExists and the set operators. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContextReader, ContextValue } from '../context.js';
import { compileCondition } from './condition.js';
import { CONDITION_OPERATORS, parseOperator } from './operator.js';

function ctx(values: Record<string, string | string[]>): ContextReader {
  const map = new Map<string, ContextValue>();
  for (const [k, v] of Object.entries(values)) map.set(k.toLowerCase(), typeof v === 'string' ? { values: [v], multi: false } : { values: v, multi: true });
  return { get: (k) => map.get(k), entries: () => map.entries() };
}

const lookupFrom = (c: ContextReader) => (k: string): string | undefined => {
  const v = c.get(k);
  return v && !v.multi ? v.values[0] : undefined;
};

/** Evaluate `operator key values` against a context. */
function holds(operator: string, key: string, values: string | string[], context: Record<string, string | string[]>, substitute = true): boolean {
  const compiled = compileCondition({ operator, key, values: typeof values === 'string' ? [values] : values }, substitute);
  if (typeof compiled === 'string') throw new Error(compiled);
  const c = ctx(context);
  return compiled.test(c, lookupFrom(c));
}

function rejects(operator: string, values: string[]): void {
  assert.equal(typeof compileCondition({ operator, key: 'aws:x', values }, true), 'string', `${operator} ${JSON.stringify(values)} should be refused`);
}

describe('condition operator table', () => {
  it('parses qualifiers and IfExists', () => {
    const op = parseOperator('ForAnyValue:StringNotLikeIfExists');
    assert.ok(typeof op !== 'string');
    assert.equal(op.qualifier, 'ForAnyValue');
    assert.equal(op.ifExists, true);
    assert.equal(op.negated, true);
    assert.equal(op.family, 'String');
  });
  it('refuses unknown operators and Null with IfExists or a set operator', () => {
    for (const bad of ['StringEqualz', 'ForSomeValues:StringEquals', 'NullIfExists', 'ForAllValues:Null', 'stringequals']) assert.equal(typeof parseOperator(bad), 'string', bad);
  });
  it('knows every documented operator', () => {
    assert.equal(Object.keys(CONDITION_OPERATORS).length, 27);
  });
});

describe('String operators', () => {
  it('StringEquals is exact and case-sensitive', () => {
    assert.equal(holds('StringEquals', 'aws:PrincipalTag/team', 'blue', { 'aws:PrincipalTag/team': 'blue' }), true);
    assert.equal(holds('StringEquals', 'aws:PrincipalTag/team', 'blue', { 'aws:PrincipalTag/team': 'Blue' }), false);
    assert.equal(holds('StringEquals', 'aws:PrincipalTag/team', 'bl*', { 'aws:PrincipalTag/team': 'blue' }), false, 'no wildcards in StringEquals');
  });
  it('StringNotEquals negates and is true on a missing key', () => {
    assert.equal(holds('StringNotEquals', 'aws:k', 'a', { 'aws:k': 'b' }), true);
    assert.equal(holds('StringNotEquals', 'aws:k', ['a', 'b'], { 'aws:k': 'b' }), false);
    assert.equal(holds('StringNotEquals', 'aws:k', 'a', {}), true);
  });
  it('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
    assert.equal(holds('StringEqualsIgnoreCase', 'aws:k', 'ABC', { 'aws:k': 'abc' }), true);
    assert.equal(holds('StringNotEqualsIgnoreCase', 'aws:k', 'ABC', { 'aws:k': 'abc' }), false);
    assert.equal(holds('StringNotEqualsIgnoreCase', 'aws:k', 'ABC', {}), true);
  });
  it('StringLike / StringNotLike honour * and ?', () => {
    assert.equal(holds('StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/a/b' }), true);
    assert.equal(holds('StringLike', 's3:prefix', 'home/?', { 's3:prefix': 'home/ab' }), false);
    assert.equal(holds('StringLike', 's3:prefix', '', { 's3:prefix': '' }), true);
    assert.equal(holds('StringNotLike', 's3:prefix', 'home/*', { 's3:prefix': 'tmp/x' }), true);
    assert.equal(holds('StringNotLike', 's3:prefix', 'home/*', {}), true);
  });
  it('missing key: false, IfExists: true', () => {
    assert.equal(holds('StringEquals', 'aws:k', 'a', {}), false);
    assert.equal(holds('StringEqualsIfExists', 'aws:k', 'a', {}), true);
    assert.equal(holds('StringEqualsIfExists', 'aws:k', 'a', { 'aws:k': 'b' }), false);
  });
  it('keys are case-insensitive', () => {
    assert.equal(holds('StringEquals', 'AWS:SOURCEVPCE', 'vpce-1', { 'aws:SourceVpce': 'vpce-1' }), true);
  });
});

describe('Numeric operators', () => {
  const c = { 's3:max-keys': '10' };
  it('compare integers and decimals', () => {
    assert.equal(holds('NumericEquals', 's3:max-keys', '10.0', c), true);
    assert.equal(holds('NumericNotEquals', 's3:max-keys', '10', c), false);
    assert.equal(holds('NumericLessThan', 's3:max-keys', '10', c), false);
    assert.equal(holds('NumericLessThanEquals', 's3:max-keys', '10', c), true);
    assert.equal(holds('NumericGreaterThan', 's3:max-keys', '9.5', c), true);
    assert.equal(holds('NumericGreaterThanEquals', 's3:max-keys', '11', c), false);
    assert.equal(holds('NumericLessThan', 's3:max-keys', '-1', { 's3:max-keys': '-2' }), true);
  });
  it('a non-numeric request value matches nothing; NumericNotEquals on a missing key is true', () => {
    assert.equal(holds('NumericEquals', 's3:max-keys', '10', { 's3:max-keys': 'ten' }), false);
    assert.equal(holds('NumericNotEquals', 's3:max-keys', '10', {}), true);
    assert.equal(holds('NumericLessThan', 's3:max-keys', '10', {}), false);
  });
  it('refuses non-numeric policy values', () => rejects('NumericEquals', ['ten']));
});

describe('Date operators', () => {
  it('compare ISO 8601 and epoch values as instants', () => {
    const now = { 'aws:CurrentTime': '2024-06-01T12:00:00Z' };
    assert.equal(holds('DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', now), true);
    assert.equal(holds('DateGreaterThan', 'aws:CurrentTime', '2024', now), true);
    assert.equal(holds('DateEquals', 'aws:CurrentTime', '2024-06-01T14:00:00+02:00', now), true);
    assert.equal(holds('DateNotEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', now), false);
    assert.equal(holds('DateLessThanEquals', 'aws:CurrentTime', '1717243200', now), true, 'epoch seconds');
    assert.equal(holds('DateGreaterThanEquals', 'aws:EpochTime', '2024-06-01T12:00:01Z', { 'aws:EpochTime': '1717243200' }), false);
  });
  it('refuses wildcards and garbage', () => { rejects('DateEquals', ['2024-*']); rejects('DateLessThan', ['yesterday']); });
});

describe('Bool', () => {
  it('matches true/false case-insensitively; missing key is false', () => {
    assert.equal(holds('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'FALSE' }), true);
    assert.equal(holds('Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'false' }), false);
    assert.equal(holds('Bool', 'aws:SecureTransport', 'true', {}), false);
    assert.equal(holds('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', {}), true);
  });
  it('refuses other values', () => rejects('Bool', ['yes']));
});

describe('BinaryEquals', () => {
  it('compares base-64 bytes', () => {
    assert.equal(holds('BinaryEquals', 'custom:b', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { 'custom:b': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }), true);
    assert.equal(holds('BinaryEquals', 'custom:b', 'QQ==', { 'custom:b': 'Qg==' }), false);
    assert.equal(holds('BinaryEquals', 'custom:b', 'QQ==', {}), false);
  });
  it('refuses non-base-64 values', () => rejects('BinaryEquals', ['not base64!']));
});

describe('IP address operators', () => {
  it('IPv4 CIDR, single address as /32, and /0', () => {
    assert.equal(holds('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.255' }), true);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.0' }), false);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '203.0.113.7', { 'aws:SourceIp': '203.0.113.7' }), true);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '255.255.255.255' }), true);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '128.0.0.0/1', { 'aws:SourceIp': '200.1.1.1' }), true, 'high addresses (unsigned)');
  });
  it('IPv6 with :: and mixed lists', () => {
    assert.equal(holds('IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678:ffff::1' }), true);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::1' }), false);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '2001:db8::1', { 'aws:SourceIp': '2001:db8::1' }), true, 'single IPv6 address means /128');
    assert.equal(holds('IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '::1' }), false, 'families do not mix');
  });
  it('NotIpAddress is true on a missing key (the VPC endpoint trap); IfExists too', () => {
    assert.equal(holds('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', {}), true);
    assert.equal(holds('NotIpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24', {}), true);
    assert.equal(holds('IpAddress', 'aws:SourceIp', '203.0.113.0/24', {}), false);
    assert.equal(holds('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.1' }), false);
  });
  it('refuses bad blocks', () => { rejects('IpAddress', ['10.0.0.256/8']); rejects('IpAddress', ['10.0.0.0/33']); rejects('IpAddress', ['example.com']); });
});

describe('ARN operators', () => {
  const arn = 'arn:aws:sns:us-east-2:111122223333:topic';
  it('ArnEquals and ArnLike behave identically, component by component', () => {
    for (const op of ['ArnEquals', 'ArnLike']) {
      assert.equal(holds(op, 'aws:SourceArn', 'arn:aws:sns:*:111122223333:*', { 'aws:SourceArn': arn }), true, op);
      assert.equal(holds(op, 'aws:SourceArn', 'arn:aws:sns:*:111122223333:other', { 'aws:SourceArn': arn }), false, op);
    }
    const long = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:someservice:*:111122223333:finance/*', { 'aws:SourceArn': long }), false);
  });
  it('ArnNotEquals / ArnNotLike negate and are true on a missing key', () => {
    assert.equal(holds('ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:*:topic', { 'aws:SourceArn': arn }), false);
    assert.equal(holds('ArnNotEquals', 'aws:SourceArn', 'arn:aws:sns:*:*:other', { 'aws:SourceArn': arn }), true);
    assert.equal(holds('ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:*:topic', {}), true);
  });
  it('case-sensitive', () => {
    assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:SNS:*:*:topic', { 'aws:SourceArn': arn }), false);
  });
});

describe('Null', () => {
  it('true means absent, false means present', () => {
    assert.equal(holds('Null', 'aws:TokenIssueTime', 'true', {}), true);
    assert.equal(holds('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }), false);
    assert.equal(holds('Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }), true);
    assert.equal(holds('Null', 'aws:TokenIssueTime', 'false', {}), false);
  });
  it('refuses other values', () => rejects('Null', ['maybe']));
});

describe('set operators', () => {
  const allowed = ['PostDateTime', 'Message', 'Tags'];
  it('ForAllValues: every request value must match; missing or empty is true', () => {
    assert.equal(holds('ForAllValues:StringLike', 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': ['PostDateTime', 'Message'] }), true);
    assert.equal(holds('ForAllValues:StringLike', 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': ['PostDateTime', 'UserName'] }), false);
    assert.equal(holds('ForAllValues:StringLike', 'dynamodb:Attributes', allowed, {}), true);
    assert.equal(holds('ForAllValues:StringLike', 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': [] }), true);
  });
  it('ForAnyValue: one request value is enough; missing or empty is false', () => {
    assert.equal(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', ['ID', 'PostDateTime'], { 'dynamodb:Attributes': ['UserName', 'PostDateTime'] }), true);
    assert.equal(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', ['ID'], { 'dynamodb:Attributes': ['UserName'] }), false);
    assert.equal(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', ['ID'], {}), false);
    assert.equal(holds('ForAnyValue:StringEquals', 'dynamodb:Attributes', ['ID'], { 'dynamodb:Attributes': [] }), false);
    assert.equal(holds('ForAnyValue:StringEqualsIfExists', 'dynamodb:Attributes', ['ID'], {}), true);
  });
  it('negated operators under a set operator test each request value', () => {
    assert.equal(holds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'b'] }), true);
    assert.equal(holds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'secret'] }), false);
    assert.equal(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'secret'] }), true);
    assert.equal(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['secret'] }), false);
  });
  it('other families work under set operators', () => {
    assert.equal(holds('ForAllValues:IpAddress', 'custom:ips', '10.0.0.0/8', { 'custom:ips': ['10.1.1.1', '10.2.2.2'] }), true);
    assert.equal(holds('ForAnyValue:NumericGreaterThan', 'custom:n', '5', { 'custom:n': ['1', '9'] }), true);
  });
});

describe('policy variables in condition values', () => {
  it('substitute in String, ARN and Bool operators', () => {
    assert.equal(holds('StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }), true);
    assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:${aws:PrincipalAccount}:*', { 'aws:SourceArn': 'arn:aws:sns:r:111122223333:t', 'aws:PrincipalAccount': '111122223333' }), true);
    assert.equal(holds('Bool', 'custom:flag', '${custom:expected}', { 'custom:flag': 'true', 'custom:expected': 'TRUE' }), true);
  });
  it('defaults and special characters', () => {
    assert.equal(holds('StringEquals', 's3:prefix', "${aws:PrincipalTag/team, 'none'}/", { 's3:prefix': 'none/' }), true);
    assert.equal(holds('StringLike', 's3:prefix', 'a${*}', { 's3:prefix': 'abc' }), false);
    assert.equal(holds('StringLike', 's3:prefix', 'a${*}', { 's3:prefix': 'a*' }), true);
  });
  it('a substituted value is literal, not a pattern', () => {
    assert.equal(holds('StringLike', 's3:prefix', '${aws:username}', { 's3:prefix': 'abc', 'aws:username': 'a*' }), false);
  });
  it('without substitution the text is literal', () => {
    assert.equal(holds('StringEquals', 's3:prefix', '${aws:username}', { 's3:prefix': '${aws:username}', 'aws:username': 'alice' }, false), true);
  });
  it('multivalued keys do not substitute', () => {
    assert.equal(holds('StringEquals', 's3:prefix', '${aws:TagKeys}', { 's3:prefix': 'a', 'aws:TagKeys': ['a'] }), false);
  });
});
