/** @module Security group evaluation: protocols and ports, CIDR, group and prefix-list peers, the deciding rule. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr } from '../shared/cidr.js';
import type { CompiledSecurityGroup, CompiledSgRule, CompiledPeer } from './network-view.js';
import { address, type PacketView } from './packet.js';
import { evaluateSecurityGroups } from './security-groups.js';

function rule(ruleId: string, protocol: number, fromPort: number, toPort: number, peer: CompiledPeer): CompiledSgRule {
  return { ruleId, groupId: 'sg-1', protocol, fromPort, toPort, peer, text: ruleId };
}

const cidr = (t: string): CompiledPeer => ({ type: 'cidr', cidr: parseCidr(t)!, text: t });

function group(id: string, ingress: CompiledSgRule[], egress: CompiledSgRule[] = []): CompiledSecurityGroup {
  return { id, vpcId: 'vpc-1', ownerId: '1', ingress, egress };
}

const tcp = (remote: string, port: number): PacketView => ({ protocol: 6, ports: { from: port, to: port }, remote: address(remote)! });
const noMembers = (): undefined => undefined;

describe('security groups', () => {
  it('allows on a matching rule and names it', () => {
    const g = group('sg-1', [rule('sgr-a', 6, 80, 443, cidr('10.0.0.0/16'))]);
    const d = evaluateSecurityGroups([g], 'ingress', tcp('10.0.3.4', 443), noMembers);
    assert.equal(d.verdict, 'allow');
    assert.equal(d.verdict === 'allow' ? d.rule.ruleId : '', 'sgr-a');
    assert.equal(evaluateSecurityGroups([g], 'ingress', tcp('10.0.3.4', 444), noMembers).verdict, 'deny');
    assert.equal(evaluateSecurityGroups([g], 'ingress', tcp('10.1.3.4', 443), noMembers).verdict, 'deny');
    assert.equal(evaluateSecurityGroups([g], 'ingress', { ...tcp('10.0.3.4', 443), protocol: 17 }, noMembers).verdict, 'deny');
  });

  it('any group of the interface may allow (union of rules)', () => {
    const a = group('sg-a', [rule('sgr-1', 6, 22, 22, cidr('0.0.0.0/0'))]);
    const b = group('sg-b', [rule('sgr-2', -1, -1, -1, cidr('10.0.0.0/8'))]);
    const d = evaluateSecurityGroups([a, b], 'ingress', tcp('10.9.9.9', 5432), noMembers);
    assert.equal(d.verdict === 'allow' ? d.groupId : '', 'sg-b');
  });

  it('matches a referenced group by its members\' private IPs', () => {
    const g = group('sg-db', [rule('sgr-ref', 6, 5432, 5432, { type: 'group', groupId: 'sg-app', ownerId: '1', text: 'sg-app' })]);
    const members = (id: string): ReadonlySet<string> | undefined => (id === 'sg-app' ? new Set(['10.0.1.10']) : undefined);
    assert.equal(evaluateSecurityGroups([g], 'ingress', tcp('10.0.1.10', 5432), members).verdict, 'allow');
    assert.equal(evaluateSecurityGroups([g], 'ingress', tcp('10.0.1.11', 5432), members).verdict, 'deny');
  });

  it('matches a prefix-list peer by any of its CIDRs', () => {
    const g = group('sg-1', [], [rule('sgr-pl', 6, 443, 443, { type: 'prefixList', prefixListId: 'pl-1', cidrs: [parseCidr('52.216.0.0/15')!], text: 'pl-1' })]);
    assert.equal(evaluateSecurityGroups([g], 'egress', tcp('52.217.0.1', 443), noMembers).verdict, 'allow');
    assert.equal(evaluateSecurityGroups([g], 'egress', tcp('54.0.0.1', 443), noMembers).verdict, 'deny');
  });

  it('says when the groups have no rules at all in the direction (SG_HAS_NO_RULES)', () => {
    const d = evaluateSecurityGroups([group('sg-1', [rule('sgr-a', -1, -1, -1, cidr('0.0.0.0/0'))])], 'egress', tcp('1.1.1.1', 80), noMembers);
    assert.equal(d.verdict === 'deny' ? d.code : '', 'SG_HAS_NO_RULES');
    const e = evaluateSecurityGroups([group('sg-1', [], [rule('sgr-b', 6, 22, 22, cidr('0.0.0.0/0'))])], 'egress', tcp('1.1.1.1', 80), noMembers);
    assert.equal(e.verdict === 'deny' ? e.code : '', 'ENI_SG_RULES_MISMATCH');
  });

  it('matches ICMP by type (from) and code (to)', () => {
    const g = group('sg-1', [rule('sgr-icmp', 1, 8, -1, cidr('0.0.0.0/0'))]);
    const echo: PacketView = { protocol: 1, ports: { from: 8, to: 8 }, icmp: { type: 8, code: 0 }, remote: address('1.2.3.4')! };
    assert.equal(evaluateSecurityGroups([g], 'ingress', echo, noMembers).verdict, 'allow');
    assert.equal(evaluateSecurityGroups([g], 'ingress', { ...echo, icmp: { type: 13, code: 0 } }, noMembers).verdict, 'deny');
  });
});
