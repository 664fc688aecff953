/** @module Unit tests for network ACL entry validation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsError } from '../errors/aws-error.js';
import { normalizeAclProtocol, sortedEntries, validateAclEntry, type AclEntryInput } from './network-acl.js';

const code = (fn: () => unknown): string => {
  try { fn(); } catch (e) { return (e as AwsError).code; }
  return 'no error';
};

const base: AclEntryInput = { ruleNumber: 100, protocol: 'tcp', action: 'allow', egress: false, cidrBlock: '10.0.0.5/8', portRange: { from: 80, to: 80 } };

describe('validateAclEntry', () => {
  it('stores the protocol as a number and the CIDR in canonical form', () => {
    assert.deepEqual(validateAclEntry(base), { ruleNumber: 100, egress: false, protocol: '6', action: 'allow', cidrBlock: '10.0.0.0/8', portRange: { from: 80, to: 80 } });
  });
  it('drops ports and ICMP fields for protocols that ignore them (AWS: "traffic on all ports is allowed")', () => {
    const e = validateAclEntry({ ...base, protocol: '-1', icmp: { type: 1, code: 1 } });
    assert.equal(e.portRange, undefined);
    assert.equal(e.icmp, undefined);
    // ICMPv6 with an IPv4 block ignores type and code.
    assert.equal(validateAclEntry({ ...base, protocol: '58', portRange: undefined }).icmp, undefined);
  });
  it('rejects reserved rule numbers, missing ranges and bad combinations', () => {
    assert.equal(code(() => validateAclEntry({ ...base, ruleNumber: 32767 })), 'InvalidParameterValue');
    assert.equal(code(() => validateAclEntry({ ...base, ruleNumber: 0 })), 'InvalidParameterValue');
    assert.equal(code(() => validateAclEntry({ ...base, portRange: undefined })), 'MissingParameter');
    assert.equal(code(() => validateAclEntry({ ...base, protocol: 'icmp', portRange: undefined })), 'MissingParameter');
    assert.equal(code(() => validateAclEntry({ ...base, protocol: '58', cidrBlock: undefined, ipv6CidrBlock: '::/0' })), 'MissingParameter');
    assert.equal(code(() => validateAclEntry({ ...base, ipv6CidrBlock: '::/0' })), 'InvalidParameterCombination');
    assert.equal(code(() => validateAclEntry({ ...base, cidrBlock: '::/0' })), 'InvalidParameterValue');
    assert.equal(code(() => validateAclEntry({ ...base, action: 'drop' })), 'InvalidParameterValue');
  });
});

describe('normalizeAclProtocol and sortedEntries', () => {
  it('maps names and all to numbers', () => {
    assert.deepEqual(['TCP', 'udp', 'icmp', 'icmpv6', 'all', '-1', '047'].map(normalizeAclProtocol), ['6', '17', '1', '58', '-1', '-1', '47']);
    assert.equal(code(() => normalizeAclProtocol('300')), 'InvalidParameterValue');
  });
  it('orders egress entries first, each direction by rule number', () => {
    const e = (ruleNumber: number, egress: boolean) => ({ ruleNumber, egress, protocol: '-1', action: 'deny' as const, cidrBlock: '0.0.0.0/0' });
    assert.deepEqual(sortedEntries([e(200, false), e(32767, true), e(100, false), e(5, true)]).map((x) => [x.egress, x.ruleNumber]), [[true, 5], [true, 32767], [false, 100], [false, 200]]);
  });
});
