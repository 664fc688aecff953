/** @module The tracer's extension points: the gateway-endpoint hop with a service destination, and injected hop handlers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { memoryStore } from '../persistence/memory-store.js';
import { runInstances } from '../model/instance.js';
import type { VpcEndpoint } from '../model/resources.js';
import { createSubnet } from '../model/subnet.js';
import { createVpc } from '../model/vpc.js';
import { World } from '../model/world.js';
import { NetworkCompiler } from './compile.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';
const S3_PL = 'pl-63a5400a';

function world(): { world: World; instanceId: string; endpointId: string; vpcId: string; privateIp: string } {
  const w = new World(memoryStore(), seededIdGen(5), fixedClock());
  return w.transact((tx) => {
    const p = tx.in(A, R);
    const vpc = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
    const subnet = createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    const [inst] = runInstances(tx, p, { imageId: 'ami-12345678', minCount: 1, maxCount: 1, subnetId: subnet.id });
    const rt = [...p.childrenOf(vpc.id, 'routeTable')][0]!;
    const endpointId = 'vpce-0a1b2c3d4e5f60718';
    const ep: VpcEndpoint = {
      kind: 'vpcEndpoint', id: endpointId, ownerId: A, tags: [], endpointType: 'Gateway', vpcId: vpc.id,
      serviceName: `com.amazonaws.${R}.s3`, serviceId: 'vpce-svc-0123456789abcdef0', serviceOwner: 'amazon', serviceRegion: R,
      state: 'available', stateChangedAt: 0, routeTableIds: [rt.id], subnetIds: [], networkInterfaceIds: [], groupIds: [],
      privateDnsEnabled: false, dnsOptions: { dnsRecordIpType: 'ipv4' }, ipAddressType: 'ipv4', prefixListId: S3_PL, dnsSuffix: 'abcdefgh', createdAt: 0,
    };
    p.put(ep);
    p.put({ ...rt, routes: [...rt.routes, { destination: { type: 'prefixList', prefixListId: S3_PL }, target: { type: 'vpcEndpoint', id: endpointId }, origin: 'CreateVpcEndpoint' }] });
    return { world: w, instanceId: inst!.id, endpointId, vpcId: vpc.id, privateIp: inst!.privateIp };
  });
}

const resolver = (id: string): readonly string[] | undefined => (id === S3_PL ? ['52.216.0.0/15'] : undefined);

describe('tracer extension points', () => {
  it('delivers over a gateway endpoint route when the caller names the service, with the endpoint context keys', () => {
    const f = world();
    const view = new NetworkCompiler(f.world, { awsPrefixListCidrs: resolver }).view();
    const flow = { account: A, region: R, source: f.instanceId, destinationIp: '52.217.10.1', protocol: 'tcp' as const, port: 443 };
    const t = traceFlow(view, { ...flow, service: { service: 's3', region: R } });
    assert.equal(t.disposition.kind, 'delivered');
    assert.deepEqual(t.context?.keys, { 'aws:SourceVpce': f.endpointId, 'aws:SourceVpc': f.vpcId, 'aws:VpcSourceIp': f.privateIp });
    const unnamed = traceFlow(view, flow);
    assert.equal(unnamed.disposition.kind, 'notTraced');
    const udp = traceFlow(view, { ...flow, protocol: 'udp', service: { service: 's3', region: R } });
    assert.equal(udp.code, 'VPCE_GATEWAY_PROTOCOL_RESTRICTION');
  });

  it('lets a caller replace a hop handler by target type', () => {
    const f = world();
    const view = new NetworkCompiler(f.world, { awsPrefixListCidrs: resolver }).view();
    const t = traceFlow(view, { account: A, region: R, source: f.instanceId, destinationIp: '52.216.0.9', protocol: 'tcp', port: 443 }, {
      hops: { vpcEndpoint: (ctx, at, route) => ctx.deliver({ type: 'awsService', vpcEndpointId: (route.target as { id: string }).id, service: 'custom' }, { sourceAddress: at.source.text, keys: { 'aws:SourceVpce': 'x' } }) },
    });
    assert.equal(t.disposition.kind === 'delivered' && t.disposition.to.type === 'awsService' ? t.disposition.to.service : '', 'custom');
  });

  it('reports an unknown source as a result, not an exception', () => {
    const f = world();
    const t = traceFlow(new NetworkCompiler(f.world).view(), { account: A, region: R, source: 'i-0000000000000000f', destinationIp: '10.0.1.9', protocol: 'tcp', port: 22 });
    assert.equal(t.disposition.kind, 'sourceNotFound');
    assert.equal(t.code, 'NO_SOURCE_OR_DESTINATION');
  });
});
