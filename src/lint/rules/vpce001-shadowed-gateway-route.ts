/** @module VPCE001: a gateway endpoint's prefix-list route loses to a more specific (or a static, equally specific) route in the same table. */
import { cidrContains, formatCidr, parseCidr } from '../../shared/cidr.js';
import { forwardRouteStep, gatewayServiceOf, hostIn, prefixListCidrs, ref, subnetsUsing, traceTo } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce001: Rule = {
  info: {
    id: 'VPCE001', name: 'GatewayEndpointRouteShadowed', severity: 'error',
    title: 'A gateway endpoint route is shadowed by a more specific route in the same table',
    description: 'Route tables pick the longest matching prefix first, and at an equal prefix a static route beats a prefix-list route. A CIDR route inside the S3 or DynamoDB prefix list sends that part of the service\'s addresses elsewhere (a NAT gateway, a firewall), so requests to those addresses bypass the gateway endpoint, its policy and the aws:SourceVpce key bucket policies expect.',
    help: 'Remove the more specific route, or narrow it so it no longer covers the service\'s prefix list. Run `vpce explain --from <subnet> --to <ip>:443/tcp` on a listed destination to see the route that wins.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      // The records: scanning the routes compiles nothing; only the tables a trace goes through are compiled.
      for (const rt of p.routeTableRecords.values()) {
        const subnets = subnetsUsing(p, rt.id);
        for (const epRoute of rt.routes) {
          if (epRoute.target.type !== 'vpcEndpoint' || epRoute.destination.type !== 'prefixList') continue;
          const ep = p.vpcEndpoints.get(epRoute.target.id);
          const service = ep ? gatewayServiceOf(ep.serviceName, ep.serviceRegion) : undefined;
          if (!ep || !service) continue;
          const plCidrs = prefixListCidrs(epRoute.destination.prefixListId, p);
          for (const other of rt.routes) {
            if (other.destination.type !== 'cidr' || other.target.type === 'vpcEndpoint') continue;
            const c = parseCidr(other.destination.cidr);
            if (!c) continue;
            const inside = plCidrs.filter((pl) => cidrContains(pl, c));
            if (inside.length === 0) continue;
            const targetId = other.target.type === 'local' ? 'local' : other.target.id;
            // The engine decides: trace from a subnet using this table to an address of the shadowing route.
            const source = subnets[0];
            if (source === undefined) continue;
            const proof = traceTo(ctx, p, source, hostIn(c), { service, region: ep.serviceRegion });
            const step = forwardRouteStep(proof.trace.steps);
            const won = step?.decidedBy.by === 'route' ? step.decidedBy.route.target : undefined;
            if (!won || (won.type === 'vpcEndpoint' && won.id === ep.id)) continue;
            const dest = formatCidr(c);
            out.push({
              ruleId: 'VPCE001', severity: 'error',
              message: `In ${rt.id}, the route ${dest} -> ${targetId} is more specific than ${ep.id}'s ${epRoute.destination.prefixListId} route (${inside.map(formatCidr).join(', ')}): ${service} traffic to ${dest} from ${subnets.join(', ')} goes to ${targetId}, not through the gateway endpoint.`,
              resources: [ref(p, 'routeTable', rt.id), ref(p, 'vpcEndpoint', ep.id), ...subnets.map((s) => ref(p, 'subnet', s))],
              proof: [{ kind: 'trace', ...proof }],
              data: { shadowedDestination: dest, winningTarget: targetId },
            });
          }
        }
      }
    }
    return out;
  },
};
