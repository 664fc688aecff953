/** @module Unit tests for the pure security group rule helpers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsError } from '../errors/aws-error.js';
import {
  checkDuplicates, expandPermissions, groupPermissions, normalizePeerCidr, normalizePorts, normalizeSgProtocol, ruleText,
  type GroupResolver, type RuleDraft,
} from './security-group-rules.js';

const code = (fn: () => unknown): string => {
  try { fn(); } catch (e) { return (e as AwsError).code; }
  return 'no error';
};

const resolver: GroupResolver = (p) => ({ type: 'group', groupId: p.groupId ?? 'sg-1', ownerId: '111111111111' });

describe('normalizeSgProtocol', () => {
  it('names 6/17/1/58, maps all to -1, lower-cases names and keeps other numbers', () => {
    assert.deepEqual(['6', '17', '1', '58', 'all', '-1', 'TCP', '50', '006'].map(normalizeSgProtocol), ['tcp', 'udp', 'icmp', 'icmpv6', '-1', '-1', 'tcp', '50', 'tcp']);
  });
  it('rejects unknown names and numbers above 255', () => {
    assert.equal(code(() => normalizeSgProtocol('gre')), 'InvalidParameterValue');
    assert.equal(code(() => normalizeSgProtocol('256')), 'InvalidParameterValue');
    assert.equal(code(() => normalizeSgProtocol(undefined)), 'MissingParameter');
  });
});

describe('normalizePorts', () => {
  it('keeps TCP ranges, defaults icmpv6 to all, ignores ports for -1 and other numbers', () => {
    assert.deepEqual(normalizePorts('tcp', 0, 65535), { fromPort: 0, toPort: 65535 });
    assert.deepEqual(normalizePorts('icmpv6', undefined, undefined), { fromPort: -1, toPort: -1 });
    assert.deepEqual(normalizePorts('-1', 1, 2), { fromPort: -1, toPort: -1 });
    assert.deepEqual(normalizePorts('50', 1, 2), { fromPort: -1, toPort: -1 });
    assert.deepEqual(normalizePorts('icmp', 8, -1), { fromPort: 8, toPort: -1 });
  });
  it('applies the AWS range rules', () => {
    assert.equal(code(() => normalizePorts('udp', 1, undefined)), 'InvalidParameterValue');
    assert.equal(code(() => normalizePorts('tcp', -1, -1)), 'InvalidPermission.Malformed');
    assert.equal(code(() => normalizePorts('tcp', 10, 9)), 'InvalidParameterValue');
    assert.equal(code(() => normalizePorts('icmp', -1, 0)), 'InvalidParameterValue');
    assert.equal(code(() => normalizePorts('icmp', 0, 256)), 'InvalidPermission.Malformed');
  });
});

describe('normalizePeerCidr', () => {
  it('canonicalizes host bits (AWS: 100.68.0.18/18 becomes 100.68.0.0/18) and checks the family', () => {
    assert.equal(normalizePeerCidr('100.68.0.18/18', 4), '100.68.0.0/18');
    assert.equal(normalizePeerCidr('2001:DB8::1/32', 6), '2001:db8::/32');
    assert.equal(code(() => normalizePeerCidr('::/0', 4)), 'InvalidParameterValue');
    assert.equal(code(() => normalizePeerCidr('10.0.0.0', 4)), 'InvalidParameterValue');
  });
});

describe('expandPermissions and checkDuplicates', () => {
  const drafts = expandPermissions([
    { protocol: 'tcp', fromPort: 22, toPort: 22, peers: [{ type: 'cidr', cidr: '0.0.0.0/0' }, { type: 'group', groupId: 'sg-2', description: 'peer' }] },
    { protocol: '-1', peers: [{ type: 'prefixList', prefixListId: 'pl-1' }] },
  ], false, resolver);

  it('makes one rule per peer', () => {
    assert.equal(drafts.length, 3);
    assert.deepEqual(drafts[1], { egress: false, protocol: 'tcp', fromPort: 22, toPort: 22, peer: { type: 'group', groupId: 'sg-2', ownerId: '111111111111' }, description: 'peer' });
  });
  it('refuses repeats in a call and rules that exist, ignoring descriptions', () => {
    assert.equal(code(() => checkDuplicates([], [drafts[0]!, drafts[0]!])), 'InvalidParameterValue');
    const withDesc: RuleDraft = { ...drafts[0]!, description: 'other' };
    assert.equal(code(() => checkDuplicates([withDesc], [drafts[0]!])), 'InvalidPermission.Duplicate');
    assert.equal(code(() => checkDuplicates([{ ...drafts[0]!, egress: true }], [drafts[0]!])), 'no error');
  });
  it('prints the rule as EC2 does in InvalidPermission.Duplicate', () => {
    assert.equal(ruleText(drafts[0]!), 'peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW');
    assert.equal(ruleText(drafts[2]!), 'peer: pl-1, ALL, ALLOW');
  });
  it('groups rules by protocol and port range in first-seen order', () => {
    const groups = groupPermissions(drafts);
    assert.deepEqual(groups.map((g) => [g.protocol, g.fromPort, g.rules.length]), [['tcp', 22, 2], ['-1', -1, 1]]);
  });
  it('needs at least one peer per permission', () => {
    assert.equal(code(() => expandPermissions([{ protocol: 'tcp', fromPort: 1, toPort: 1, peers: [] }], true, resolver)), 'MissingParameter');
  });
});
