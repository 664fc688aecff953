/** @module Network ACL evaluation: rule order, first match, the catch-all, port ranges for return traffic, ICMP. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAclEntries } from '../model/network-acl.js';
import type { NetworkAcl, NetworkAclEntry } from '../model/resources.js';
import { compileAcl } from './compile.js';
import { evaluateAcl } from './network-acls.js';
import { address, EPHEMERAL_PORTS, type PacketView } from './packet.js';

function acl(entries: NetworkAclEntry[]): ReturnType<typeof compileAcl> {
  const record: NetworkAcl = { kind: 'networkAcl', id: 'acl-1', ownerId: '1', tags: [], vpcId: 'vpc-1', isDefault: false, associations: [], entries: [...entries, ...defaultAclEntries(false)] };
  return compileAcl(record);
}

function tcp(remote: string, from: number, to = from): PacketView {
  return { protocol: 6, ports: { from, to }, remote: address(remote)! };
}

describe('network ACLs', () => {
  it('evaluates in rule-number order and the first match decides', () => {
    const a = acl([
      { ruleNumber: 200, egress: false, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' },
      { ruleNumber: 100, egress: false, protocol: '6', action: 'deny', cidrBlock: '10.0.0.0/8', portRange: { from: 22, to: 22 } },
    ]);
    const denied = evaluateAcl(a, 'inbound', tcp('10.1.2.3', 22));
    assert.equal(denied.verdict, 'deny');
    assert.equal(denied.entry.ruleNumber, 100);
    const allowed = evaluateAcl(a, 'inbound', tcp('10.1.2.3', 80));
    assert.equal(allowed.verdict, 'allow');
    assert.equal(allowed.entry.ruleNumber, 200);
  });

  it('denies with the catch-all rule when nothing matches, and keeps directions apart', () => {
    const a = acl([{ ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' }]);
    const d = evaluateAcl(a, 'inbound', tcp('1.2.3.4', 443));
    assert.equal(d.verdict, 'deny');
    assert.equal(d.entry.ruleNumber, 32767);
    assert.equal(evaluateAcl(a, 'outbound', tcp('1.2.3.4', 443)).verdict, 'allow');
  });

  it('allows a return port range only if every port is allowed (AWS: ephemeral ports 1024-65535)', () => {
    const linuxOnly = acl([{ ruleNumber: 100, egress: true, protocol: '6', action: 'allow', cidrBlock: '0.0.0.0/0', portRange: { from: 32768, to: 65535 } }]);
    const d = evaluateAcl(linuxOnly, 'outbound', tcp('1.2.3.4', EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to));
    assert.equal(d.verdict, 'deny');
    assert.deepEqual(d.verdict === 'deny' ? d.deniedPorts : undefined, { from: 1024, to: 32767 });
    assert.equal(evaluateAcl(linuxOnly, 'outbound', tcp('1.2.3.4', 40000)).verdict, 'allow');
    const split = acl([
      { ruleNumber: 100, egress: true, protocol: '6', action: 'allow', cidrBlock: '0.0.0.0/0', portRange: { from: 1024, to: 20000 } },
      { ruleNumber: 110, egress: true, protocol: '6', action: 'allow', cidrBlock: '0.0.0.0/0', portRange: { from: 20001, to: 65535 } },
    ]);
    const ok = evaluateAcl(split, 'outbound', tcp('1.2.3.4', 1024, 65535));
    assert.equal(ok.verdict, 'allow');
    assert.deepEqual(ok.verdict === 'allow' ? ok.entries.map((e) => e.ruleNumber) : [], [100, 110]);
    const holed = acl([
      { ruleNumber: 90, egress: true, protocol: '6', action: 'deny', cidrBlock: '0.0.0.0/0', portRange: { from: 5000, to: 5000 } },
      { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' },
    ]);
    const h = evaluateAcl(holed, 'outbound', tcp('1.2.3.4', 1024, 65535));
    assert.equal(h.verdict, 'deny');
    assert.equal(h.entry.ruleNumber, 90);
  });

  it('matches ICMP by type and code, -1 for any', () => {
    const a = acl([
      { ruleNumber: 100, egress: false, protocol: '1', action: 'allow', cidrBlock: '0.0.0.0/0', icmp: { type: 0, code: -1 } },
    ]);
    const echoReply: PacketView = { protocol: 1, ports: { from: 0, to: 0 }, icmp: { type: 0, code: 0 }, remote: address('8.8.8.8')! };
    const echo: PacketView = { ...echoReply, icmp: { type: 8, code: 0 } };
    assert.equal(evaluateAcl(a, 'inbound', echoReply).verdict, 'allow');
    assert.equal(evaluateAcl(a, 'inbound', echo).verdict, 'deny');
  });
});
