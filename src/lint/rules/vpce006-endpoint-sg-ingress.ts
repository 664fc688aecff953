/** @module VPCE006: an interface endpoint whose security groups let no subnet of its VPC in on 443. */
import { ref, traceTo } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce006: Rule = {
  info: {
    id: 'VPCE006', name: 'InterfaceEndpointIngressClosed', severity: 'error',
    title: 'An interface endpoint\'s security groups let no client subnet in on 443',
    description: 'An interface endpoint\'s network interfaces are guarded by the security groups given at creation (the VPC\'s default group if none). When no group allows inbound HTTPS from the VPC\'s subnets, every client connection to the endpoint times out.',
    help: 'Allow inbound TCP 443 on the endpoint\'s security group from the VPC CIDR, the client subnets, or the clients\' security group.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      for (const ep of p.vpcEndpoints.values()) {
        if (ep.endpointType !== 'Interface' || ep.state !== 'available') continue;
        const eni = ep.networkInterfaceIds.map((id) => p.enis.get(id)).find((e) => e?.record.privateIp !== undefined);
        if (!eni) continue;
        const subnets = [...p.subnets.values()].filter((s) => s.vpcId === ep.vpcId && s.cidrBlock !== '').map((s) => s.id).sort();
        if (subnets.length === 0) continue;
        const traces = subnets.map((s) => traceTo(ctx, p, s, eni.record.privateIp!));
        const closed = traces.every((t) => t.trace.disposition.kind === 'deniedBySecurityGroup' && t.trace.disposition.direction === 'ingress' && t.trace.disposition.networkInterfaceId === eni.id);
        if (!closed) continue;
        out.push({
          ruleId: 'VPCE006', severity: 'error',
          message: `No subnet of ${ep.vpcId} (${subnets.join(', ')}) may connect to ${ep.id} on 443: its security group${ep.groupIds.length === 1 ? '' : 's'} ${ep.groupIds.join(', ')} allow${ep.groupIds.length === 1 ? 's' : ''} no such ingress.`,
          resources: [ref(p, 'vpcEndpoint', ep.id), ...ep.groupIds.map((g) => ref(p, 'securityGroup', g))],
          proof: traces.slice(0, 3).map((t) => ({ kind: 'trace' as const, ...t })),
        });
      }
    }
    return out;
  },
};
