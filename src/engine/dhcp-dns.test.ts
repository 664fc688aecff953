/** @module The VPC resolver honours the VPC's DHCP option set: names resolve only while it gives AmazonProvidedDNS. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { associateDhcpOptions, createDhcpOptions } from '../model/dhcp-options.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { World } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';

describe('DNS and DHCP option sets (AWS: "DHCP option sets in Amazon VPC")', () => {
  it('a set naming other name servers leaves names unresolved; AmazonProvidedDNS or no set resolves them', () => {
    // AWS ("DHCP option sets"): instances use the domain-name-servers the VPC's set names; AmazonProvidedDNS is the Route 53 Resolver.
    const w = new World(memoryStore(), seededIdGen(3), fixedClock());
    const { vpcId, subnetId } = w.transact((tx) => {
      const p = tx.in(A, R);
      const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
      return { vpcId: vpc.id, subnetId: createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' }).id };
    });
    const compiler = new NetworkCompiler(w);
    const flow = { account: A, region: R, source: subnetId, destinationName: 's3.us-east-1.amazonaws.com', protocol: 'tcp' as const, port: 443 };
    assert.notEqual(traceFlow(compiler.view(), flow).disposition.kind, 'dnsUnresolved', 'no set: the Amazon-provided resolver answers');
    const custom = w.transact((tx) => {
      const p = tx.in(A, R);
      const d = createDhcpOptions(tx, p, [{ key: 'domain-name-servers', values: ['10.0.0.10', '10.0.0.11'] }]);
      associateDhcpOptions(p, d.id, vpcId);
      return d.id;
    });
    const t = traceFlow(compiler.view(), flow);
    assert.equal(t.disposition.kind, 'dnsUnresolved');
    assert.match(t.steps[0]?.note ?? '', new RegExp(`${custom}.*10\\.0\\.0\\.10, 10\\.0\\.0\\.11`));
    w.transact((tx) => {
      const p = tx.in(A, R);
      const d = createDhcpOptions(tx, p, [{ key: 'domain-name-servers', values: ['AmazonProvidedDNS', '10.0.0.10'] }]);
      associateDhcpOptions(p, d.id, vpcId);
    });
    assert.notEqual(traceFlow(compiler.view(), flow).disposition.kind, 'dnsUnresolved');
    w.transact((tx) => { associateDhcpOptions(tx.in(A, R), 'default', vpcId); });
    assert.notEqual(traceFlow(compiler.view(), flow).disposition.kind, 'dnsUnresolved');
  });
});
