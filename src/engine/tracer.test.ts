/** @module The tracer's extension points: the gateway-endpoint hop with a service destination, and injected hop handlers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkCompiler } from './compile.js';
import { gatewayEndpointWorld, type GatewayWorld } from '../../test/fixtures/gateway-world.js';
import { traceFlow } from './tracer.js';

const A = '111111111111';
const R = 'us-east-1';
const S3_PL = 'pl-63a5400a';

const world = (): GatewayWorld => gatewayEndpointWorld(5);

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
