/** @module Interface endpoint hop edge cases the EC2 API cannot create: a PrivateLink NLB that no longer covers the endpoint ENI's zone, and an endpoint record in a failed state. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import { createInterface } from '../model/network-interface.js';
import type { VpcEndpoint, VpcEndpointService } from '../model/resources.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { World } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { traceFlow } from './tracer.js';

const CONSUMER = '111111111111';
const PROVIDER = '222222222222';
const R = 'us-east-1';
const SERVICE_ID = 'vpce-svc-0123456789abcdef0';

function world(zoneIds: readonly string[], state: VpcEndpoint['state']): { world: World; instanceId: string; endpointIp: string } {
  const w = new World(memoryStore(), seededIdGen(7), fixedClock());
  return w.transact((tx) => {
    const prov = tx.in(PROVIDER, R);
    const svc: VpcEndpointService = {
      kind: 'vpcEndpointService', id: SERVICE_ID, ownerId: PROVIDER, tags: [], serviceName: `com.amazonaws.vpce.${R}.${SERVICE_ID}`,
      networkLoadBalancerArns: [], acceptanceRequired: false, zoneIds, allowedPrincipals: [], state: 'Available', createdAt: 0,
    };
    prov.put(svc);
    const p = tx.in(CONSUMER, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
    const subnet = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    const [inst] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: subnet.id });
    const sg = [...p.childrenOf(vpc.id, 'securityGroup')][0]!;
    const eni = createInterface(tx, p, { subnetId: subnet.id, groupIds: [sg.id], interfaceType: 'vpc_endpoint', requesterManaged: true });
    const ep: VpcEndpoint = {
      kind: 'vpcEndpoint', id: 'vpce-0a1b2c3d4e5f60718', ownerId: CONSUMER, tags: [], endpointType: 'Interface', vpcId: vpc.id,
      serviceName: svc.serviceName, serviceId: SERVICE_ID, serviceOwner: PROVIDER, serviceRegion: R,
      state, stateChangedAt: 0, routeTableIds: [], subnetIds: [subnet.id], networkInterfaceIds: [eni.id], groupIds: [sg.id],
      privateDnsEnabled: false, dnsOptions: { dnsRecordIpType: 'ipv4' }, ipAddressType: 'ipv4', dnsSuffix: 'abcdefgh', createdAt: 0,
    };
    p.put(ep);
    return { world: w, instanceId: inst!.id, endpointIp: eni.privateIp! };
  });
}

describe('interface endpoint hop', () => {
  it('delivers when the provider NLB covers the ENI zone, and names the zone when it does not', () => {
    const ok = world(['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'], 'available');
    const flow = { account: CONSUMER, region: R, source: ok.instanceId, destinationIp: ok.endpointIp, protocol: 'tcp' as const, port: 443 };
    const t = traceFlow(new NetworkCompiler(ok.world).view(), flow);
    assert.equal(t.disposition.kind, 'delivered', JSON.stringify(t.disposition));
    assert.equal(t.disposition.kind === 'delivered' ? t.disposition.to.type : '', 'interfaceEndpoint');
    const bad = world([], 'available');
    const t2 = traceFlow(new NetworkCompiler(bad.world).view(), { ...flow, source: bad.instanceId, destinationIp: bad.endpointIp });
    assert.equal(t2.disposition.kind, 'endpointUnavailable', JSON.stringify(t2.disposition));
    assert.equal(t2.code, 'NO_POSSIBLE_DESTINATION');
    assert.match(t2.disposition.kind === 'endpointUnavailable' ? t2.disposition.reason : '', /no subnet in zone use1-az/);
  });

  it('a failed endpoint carries no traffic', () => {
    const f = world(['use1-az1'], 'failed');
    const t = traceFlow(new NetworkCompiler(f.world).view(), { account: CONSUMER, region: R, source: f.instanceId, destinationIp: f.endpointIp, protocol: 'tcp', port: 443 });
    assert.equal(t.disposition.kind, 'endpointUnavailable');
    assert.equal(t.disposition.kind === 'endpointUnavailable' ? t.disposition.state : '', 'failed');
  });
});
