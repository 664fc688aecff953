/** @module VPCE010: a gateway endpoint relied upon from outside its VPC: a peered VPC routes the service's range to it over the peering connection, or the route table of traffic entering over VPN/Direct Connect routes the service's prefix list to it. Gateway endpoints are not transitive. */
import { cidrOverlaps, formatCidr, parseCidr } from '../../shared/cidr.js';
import { GATEWAY_SERVICES } from '../../model/aws-prefix-lists.js';
import { traceFlow } from '../../engine/tracer.js';
import { gatewayServiceOf, hostIn, prefixListCidrs, ref, serviceCidrs, subnetsUsing, traceTo } from '../facts.js';

/** An on-premises sender (RFC 1918) for traces entering over VPN or Direct Connect. */
const ON_PREMISES = '192.168.100.10';
import type { Finding, Rule } from '../types.js';

export const vpce010: Rule = {
  info: {
    id: 'VPCE010', name: 'GatewayEndpointThroughPeering', severity: 'error',
    title: 'A gateway endpoint is relied upon from a peered VPC, a VPN or Direct Connect',
    description: 'Gateway endpoint connections cannot be extended out of their VPC: traffic from a peered VPC, a VPN or Direct Connect that reaches the endpoint\'s VPC is not carried to S3 or DynamoDB by it. Routing the service\'s ranges to a peering connection whose other VPC has the gateway endpoint delivers nothing.',
    help: 'Create a gateway endpoint in this VPC too (it is free), or use an interface endpoint in the shared VPC, which peered VPCs and on-premises networks can reach.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const rt of p.routeTableRecords.values()) {
        const subnets = subnetsUsing(p, rt.id);
        for (const route of rt.routes) {
          if (route.target.type !== 'vpcPeeringConnection' || route.destination.type !== 'cidr') continue;
          const dest = parseCidr(route.destination.cidr);
          const pcx = ctx.view.peering(route.target.id);
          if (!dest || !pcx || subnets.length === 0) continue;
          const here = pcx.requester.vpcId === rt.vpcId ? pcx.requester : pcx.accepter;
          const there = here === pcx.requester ? pcx.accepter : pcx.requester;
          const peer = ctx.view.partition(there.ownerId, there.region);
          for (const service of GATEWAY_SERVICES) {
            const ep = [...peer.vpcEndpoints.values()].find((e) => e.vpcId === there.vpcId && e.endpointType === 'Gateway' && e.serviceName === `com.amazonaws.${there.region}.${service}`);
            const range = serviceCidrs(there.region, service).find((c) => cidrOverlaps(c, dest));
            if (!ep || !range) continue;
            // The address of the service inside the routed CIDR.
            const probe = dest.prefix >= range.prefix ? dest : range;
            const t = traceTo(ctx, p, subnets[0]!, hostIn(probe), { service, region: there.region });
            const d = t.trace.disposition;
            if (d.kind === 'delivered' && d.to.type === 'awsService' && d.to.vpcEndpointId === ep.id) continue;
            out.push({
              ruleId: 'VPCE010', severity: 'error',
              message: `${rt.id} routes ${formatCidr(dest)} (${service} ranges such as ${formatCidr(range)}) to ${pcx.id}, whose VPC ${there.vpcId} has gateway endpoint ${ep.id}; gateway endpoints do not carry traffic from a peered VPC (the trace ends: ${d.kind}).`,
              resources: [ref(p, 'routeTable', rt.id), ref(p, 'vpcPeeringConnection', pcx.id), ref(peer, 'vpcEndpoint', ep.id), ...subnets.map((s) => ref(p, 'subnet', s))],
              proof: [{ kind: 'trace', ...t }],
            });
          }
        }
      }
    }
    // VPN and Direct Connect: a virtual private gateway whose edge-associated route table (the table traffic from
    // on-premises is routed by) sends a gateway service's prefix list to a gateway endpoint.
    for (const p of ctx.partitions) {
      for (const [gatewayId, tableId] of p.gatewayRouteTable) {
        const vgw = p.vpnGateways.get(gatewayId);
        const rt = p.routeTableRecords.get(tableId);
        if (!vgw || vgw.attachedVpcId === undefined || !rt) continue;
        for (const route of rt.routes) {
          if (route.target.type !== 'vpcEndpoint' || route.destination.type !== 'prefixList') continue;
          const ep = p.vpcEndpoints.get(route.target.id);
          const range = prefixListCidrs(route.destination.prefixListId, p)[0];
          const service = ep ? gatewayServiceOf(ep.serviceName, ep.serviceRegion) : undefined;
          if (!ep || !range || !service) continue;
          const flowTrace = traceFlow(ctx.view, { account: p.account, region: p.region, source: vgw.id, sourceIp: ON_PREMISES, destinationIp: hostIn(range), protocol: 'tcp', port: 443, service: { service, region: ep.serviceRegion } });
          const d = flowTrace.disposition;
          if (d.kind === 'delivered' && d.to.type === 'awsService' && d.to.vpcEndpointId === ep.id) continue;
          out.push({
            ruleId: 'VPCE010', severity: 'error',
            message: `${rt.id}, the route table of traffic entering over VPN or Direct Connect through ${vgw.id}, sends ${route.destination.prefixListId} to gateway endpoint ${ep.id}; gateway endpoints do not carry traffic from on-premises (the trace ends: ${d.kind}). Use an interface endpoint for on-premises clients.`,
            resources: [ref(p, 'routeTable', rt.id), ref(p, 'vpnGateway', vgw.id), ref(p, 'vpcEndpoint', ep.id)],
            proof: [{ kind: 'trace', question: `${vgw.id}@${ON_PREMISES} -> ${hostIn(range)}:443/tcp (${service})`, trace: flowTrace }],
          });
        }
      }
    }
    return out;
  },
};
