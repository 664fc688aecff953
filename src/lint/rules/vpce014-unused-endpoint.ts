/** @module VPCE014: an endpoint nothing can use: a gateway endpoint on no route table used by a subnet, an interface endpoint with no subnet. */
import { ref, subnetsUsing } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce014: Rule = {
  info: {
    id: 'VPCE014', name: 'UnusedEndpoint', severity: 'note',
    title: 'An endpoint with no route table or no subnet',
    description: 'A gateway endpoint works only through the routes it adds to route tables; with no table, or only tables no subnet uses, no traffic reaches it. An interface endpoint without a subnet has no network interface. Such endpoints cost nothing (gateway) or nothing useful (interface endpoints are billed per hour only with subnets), but mislead readers of the configuration.',
    help: 'Associate the endpoint with the route tables (gateway) or subnets (interface) that should use it, or delete it.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const ep of p.vpcEndpoints.values()) {
        if (ep.state === 'deleting' || ep.state === 'rejected' || ep.state === 'failed') continue;
        if (ep.endpointType === 'Gateway') {
          const users = ep.routeTableIds.flatMap((t) => subnetsUsing(p, t));
          if (users.length > 0) continue;
          out.push({
            ruleId: 'VPCE014', severity: 'note',
            message: ep.routeTableIds.length === 0
              ? `Gateway endpoint ${ep.id} is on no route table: no traffic can reach it.`
              : `Gateway endpoint ${ep.id} is on ${ep.routeTableIds.join(', ')}, which no subnet uses: no traffic can reach it.`,
            resources: [ref(p, 'vpcEndpoint', ep.id), ...ep.routeTableIds.map((t) => ref(p, 'routeTable', t))],
            proof: [{ kind: 'config', facts: [`routeTableIds: [${ep.routeTableIds.join(', ')}]`, ...ep.routeTableIds.map((t) => `${t} subnets: none (not the main table of a VPC with implicit subnets)`)] }],
          });
        } else if (ep.endpointType === 'Interface' && ep.subnetIds.length === 0) {
          out.push({
            ruleId: 'VPCE014', severity: 'note',
            message: `Interface endpoint ${ep.id} has no subnet, so no network interface: no client can reach it.`,
            resources: [ref(p, 'vpcEndpoint', ep.id)],
            proof: [{ kind: 'config', facts: ['subnetIds: []', 'networkInterfaceIds: []'] }],
          });
        }
      }
    }
    return out;
  },
};
