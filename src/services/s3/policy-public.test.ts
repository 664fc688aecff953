/** @module Unit tests of the "is this bucket policy public" rule (S3 User Guide, "The meaning of public"). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicPolicy, policyPublicVerdict } from './policy-public.js';

const policy = (statement: Record<string, unknown> | Record<string, unknown>[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statement });
const allowAll = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });

describe('policyPublicVerdict', () => {
  it('an Allow for Principal "*" without conditions is public', () => {
    assert.deepEqual(policyPublicVerdict(policy([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }, allowAll()])), { isPublic: true, statement: 1 });
    assert.equal(isPublicPolicy(policy(allowAll({ Principal: { AWS: '*' } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Principal: { AWS: ['arn:aws:iam::111111111111:root', '*'] } }))), true);
  });

  it('a wildcard inside a principal ARN, or Allow with NotPrincipal, is public', () => {
    assert.equal(isPublicPolicy(policy(allowAll({ Principal: { AWS: 'arn:aws:iam::*:root' } }))), true);
    const { Principal: _p, ...rest } = allowAll();
    assert.equal(isPublicPolicy(policy({ ...rest, NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } })), true);
  });

  it('fixed principals and Deny statements are not public', () => {
    assert.equal(isPublicPolicy(policy(allowAll({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } }))), false);
    assert.equal(isPublicPolicy(policy(allowAll({ Effect: 'Deny' }))), false);
    assert.equal(isPublicPolicy(policy(allowAll({ Principal: { Service: 'cloudtrail.amazonaws.com' } }))), false);
  });

  it('AWS: a fixed aws:SourceVpce, aws:SourceVpc, aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID makes it non-public', () => {
    for (const [key, value] of [['aws:SourceVpce', 'vpce-1a2b3c4d'], ['aws:SourceVpc', 'vpc-111bbb22'], ['aws:SourceAccount', '111111111111'],
      ['aws:SourceArn', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t'], ['aws:PrincipalOrgID', 'o-abc123'], ['aws:sourcevpce', 'vpce-1']] as const) {
      assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringEquals: { [key]: value } } }))), false, key);
    }
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:topic' } } }))), false);
  });

  it('a wildcard value, a negated operator, ...IfExists or an unrelated key leaves it public', () => {
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringEquals: { 's3:prefix': 'home/' } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))), true);
  });

  it('aws:SourceIp: narrow CIDRs are not public, broad ones (IPv4 shorter than /8, IPv6 shorter than /32) are', () => {
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.7'] } } }))), false);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))), false);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '0.0.0.0/1'] } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }))), false);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { IpAddress: { 'aws:SourceIp': '::/0' } } }))), true);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }))), true);
  });

  it('aws:userid: a fixed id or one role\'s sessions (AROLEID:*) is not public', () => {
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } } }))), false);
    assert.equal(isPublicPolicy(policy(allowAll({ Condition: { StringLike: { 'aws:userid': '*:alice' } } }))), true);
  });

  it('a single statement object (not a list) is read too; text that is not a policy is not public', () => {
    assert.equal(isPublicPolicy(policy(allowAll())), true);
    assert.equal(isPublicPolicy('not json'), false);
    assert.equal(isPublicPolicy('[]'), false);
  });
});
