/** @module VPCE009: two interface endpoints for one service in one VPC, both with private DNS: one name, one winner. */
import { resolveHostname } from '../../engine/dns.js';
import type { VpcEndpoint } from '../../model/resources.js';
import { ref } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce009: Rule = {
  info: {
    id: 'VPCE009', name: 'DuplicatePrivateDnsEndpoints', severity: 'warning',
    title: 'Two interface endpoints for one service in one VPC with private DNS',
    description: 'Private DNS gives the service\'s default name to one endpoint of the VPC. With two endpoints for the same service claiming it, only one answers: the other\'s policy, security groups and subnets are never used by clients that call the default name (AWS refuses to enable the second; states built otherwise, or imported, can still hold both).',
    help: 'Keep one endpoint per service and VPC with private DNS; turn private DNS off on the others or delete them.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      const groups = new Map<string, VpcEndpoint[]>();
      for (const ep of p.vpcEndpoints.values()) {
        if (ep.endpointType !== 'Interface' || !ep.privateDnsEnabled || ep.privateDnsName === undefined || ep.state === 'deleting' || ep.state === 'failed') continue;
        const key = `${ep.vpcId}|${ep.serviceName}`;
        groups.set(key, [...(groups.get(key) ?? []), ep]);
      }
      for (const eps of groups.values()) {
        if (eps.length < 2) continue;
        const first = eps[0]!;
        const name = first.privateDnsName!.replace(/^\*\./, '');
        const answer = resolveHostname(ctx.view, p.account, p.region, first.vpcId, name);
        const winner = answer.kind === 'resolved' && answer.record.by === 'interfaceEndpointPrivateDns' ? answer.record.vpcEndpointId : undefined;
        const ids = eps.map((e) => e.id).sort();
        out.push({
          ruleId: 'VPCE009', severity: 'warning',
          message: `${ids.join(' and ')} both claim ${first.privateDnsName} for ${first.serviceName} in ${first.vpcId}${winner ? `: ${name} resolves to ${winner} only` : ''}.`,
          resources: [ref(p, 'vpc', first.vpcId), ...ids.map((id) => ref(p, 'vpcEndpoint', id))],
          proof: [{ kind: 'dns', question: `${name} asked in ${first.vpcId}`, answer }],
        });
      }
    }
    return out;
  },
};
