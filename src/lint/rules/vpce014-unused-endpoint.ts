/** @module VPCE014: an endpoint nothing can use: a gateway endpoint on no route table used by a subnet, an interface endpoint with no subnet. */
import { cidrHas, parseIp } from '../../shared/cidr.js';
import { prefixListCidrs, ref, subnetsUsing } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce014: Rule = {
  info: {
    id: 'VPCE014', name: 'UnusedEndpoint', severity: 'note',
    title: 'An endpoint with no route table or no subnet, or no traffic in the flow logs',
    description: 'A gateway endpoint works only through the routes it adds to route tables; with no table, or only tables no subnet uses, no traffic reaches it. An interface endpoint without a subnet has no network interface. When the state has flow logs, an endpoint no record shows traffic through is reported too (interface endpoints are billed per hour and zone whether used or not).',
    help: 'Associate the endpoint with the route tables (gateway) or subnets (interface) that should use it, or delete it.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const ep of p.vpcEndpoints.values()) {
        if (ep.state === 'deleting' || ep.state === 'rejected' || ep.state === 'failed') continue;
        const logs = ctx.options.flowLogs ?? [];
        if (ep.endpointType === 'Gateway') {
          const users = ep.routeTableIds.flatMap((t) => subnetsUsing(p, t));
          if (users.length > 0) {
            // Reachable, but is it used? Only when the state has flow logs at all: then no record from an interface
            // of its subnets to the service's ranges means no traffic went through it.
            if (logs.length === 0 || ep.prefixListId === undefined) continue;
            const ranges = prefixListCidrs(ep.prefixListId, p);
            const mine = new Set(users);
            const used = logs.some((r) => {
              const eni = p.enis.get(r.interfaceId);
              const a = parseIp(r.dstAddr);
              return eni !== undefined && mine.has(eni.subnetId) && a !== undefined && ranges.some((c) => cidrHas(c, a.family, a.value));
            });
            if (used) continue;
            out.push({
              ruleId: 'VPCE014', severity: 'note',
              message: `Gateway endpoint ${ep.id} carried no traffic in the flow logs (${logs.length} record${logs.length === 1 ? '' : 's'}): no interface of ${users.join(', ')} sent to ${ep.prefixListId}.`,
              resources: [ref(p, 'vpcEndpoint', ep.id), ...ep.routeTableIds.map((t) => ref(p, 'routeTable', t))],
              proof: [{ kind: 'config', facts: [`flow log records: ${logs.length}`, `records from subnets ${users.join(', ')} to ${ep.prefixListId}: 0`] }],
            });
            continue;
          }
          out.push({
            ruleId: 'VPCE014', severity: 'note',
            message: ep.routeTableIds.length === 0
              ? `Gateway endpoint ${ep.id} is on no route table: no traffic can reach it.`
              : `Gateway endpoint ${ep.id} is on ${ep.routeTableIds.join(', ')}, which no subnet uses: no traffic can reach it.`,
            resources: [ref(p, 'vpcEndpoint', ep.id), ...ep.routeTableIds.map((t) => ref(p, 'routeTable', t))],
            proof: [{ kind: 'config', facts: [`routeTableIds: [${ep.routeTableIds.join(', ')}]`, ...ep.routeTableIds.map((t) => `${t} subnets: none (not the main table of a VPC with implicit subnets)`)] }],
          });
        } else if (ep.endpointType === 'Interface' && ep.subnetIds.length > 0 && logs.length > 0) {
          const enis = new Set(ep.networkInterfaceIds);
          const ips = new Set(ep.networkInterfaceIds.flatMap((id) => p.enis.get(id)?.privateIps ?? []));
          if (logs.some((r) => enis.has(r.interfaceId) || ips.has(r.dstAddr))) continue;
          out.push({
            ruleId: 'VPCE014', severity: 'note',
            message: `Interface endpoint ${ep.id} carried no traffic in the flow logs (${logs.length} record${logs.length === 1 ? '' : 's'}): nothing was sent to its interfaces ${[...ips].join(', ')}.`,
            resources: [ref(p, 'vpcEndpoint', ep.id)],
            proof: [{ kind: 'config', facts: [`flow log records: ${logs.length}`, `records to or at ${[...enis].join(', ')}: 0`] }],
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
