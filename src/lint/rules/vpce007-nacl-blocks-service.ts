/** @module VPCE007: a subnet's network ACL blocks the gateway endpoint service's ranges, or the ephemeral ports its replies come back on. */
import { formatCidr } from '../../shared/cidr.js';
import { gatewayServiceOf, hostIn, prefixListCidrs, ref, subnetsUsing, traceTo } from '../facts.js';
import type { Finding, Proof, Rule } from '../types.js';

export const vpce007: Rule = {
  info: {
    id: 'VPCE007', name: 'NetworkAclBlocksServiceRanges', severity: 'error',
    title: 'A network ACL blocks the service\'s ranges or the return ports',
    description: 'Network ACLs cannot reference prefix lists, and they are stateless: traffic to a gateway endpoint\'s service must be allowed outbound to every CIDR of the service\'s prefix list on 443, and its replies inbound from those CIDRs on the ephemeral ports (1024-65535). A NACL written for the VPC CIDR alone drops S3 or DynamoDB traffic silently.',
    help: 'Add outbound allow entries for TCP 443 to each CIDR of the prefix list and inbound allow entries for TCP 1024-65535 from them (the CIDRs are in `aws ec2 get-managed-prefix-list-entries`).',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      const passes = new Set<string>();
      for (const ep of p.vpcEndpoints.values()) {
        const service = gatewayServiceOf(ep.serviceName, ep.serviceRegion);
        if (ep.endpointType !== 'Gateway' || !service || ep.prefixListId === undefined || ep.state !== 'available') continue;
        const cidrs = prefixListCidrs(ep.prefixListId, p);
        for (const subnetId of ep.routeTableIds.flatMap((t) => subnetsUsing(p, t)).sort()) {
          const blocked: { cidr: string; acl: string; path: string; proof: Proof }[] = [];
          for (const c of cidrs) {
            // A subnet source has no security group: its NACL decides, both ways, for one remote address. A delivered
            // trace checked both directions, so it proves the NACL passes this range for every subnet it guards.
            const key = `${p.subnetAcl.get(subnetId) ?? ''}|${formatCidr(c)}`;
            if (passes.has(key)) continue;
            const t = traceTo(ctx, p, subnetId, hostIn(c), { service, region: ep.serviceRegion });
            const d = t.trace.disposition;
            if (d.kind === 'delivered') passes.add(key);
            if (d.kind === 'deniedByNetworkAcl') blocked.push({ cidr: formatCidr(c), acl: d.networkAclId, path: d.path === 'return' ? `replies (inbound, ephemeral ports) by rule ${d.ruleNumber}` : `requests (${d.direction}) by rule ${d.ruleNumber}`, proof: { kind: 'trace', ...t } });
          }
          if (blocked.length === 0) continue;
          const acl = blocked[0]!.acl;
          out.push({
            ruleId: 'VPCE007', severity: 'error',
            message: `Network ACL ${acl} of ${subnetId} blocks ${service} traffic through ${ep.id}: ${blocked.map((b) => `${b.cidr} ${b.path}`).join('; ')}.`,
            resources: [ref(p, 'networkAcl', acl), ref(p, 'subnet', subnetId), ref(p, 'vpcEndpoint', ep.id)],
            proof: blocked.slice(0, 3).map((b) => b.proof),
            data: { blockedRanges: blocked.map((b) => b.cidr).join(',') },
          });
        }
      }
    }
    return out;
  },
};
