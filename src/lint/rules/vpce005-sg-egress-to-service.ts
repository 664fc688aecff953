/** @module VPCE005: an instance's security groups allow no egress to the service behind an endpoint it should use (the gateway endpoint's prefix list, or the interface endpoint's network interfaces). */
import { formatCidr } from '../../shared/cidr.js';
import { gatewayServiceOf, hostIn, prefixListCidrs, ref, runningInstances, traceTo } from '../facts.js';
import type { Finding, Proof, Rule } from '../types.js';

export const vpce005: Rule = {
  info: {
    id: 'VPCE005', name: 'SecurityGroupEgressBlocksEndpoint', severity: 'error',
    title: 'Security group egress lets no traffic to the endpoint\'s service',
    description: 'Traffic to a gateway endpoint leaves the instance for the service\'s public ranges, so the instance\'s security groups must allow egress to the service\'s prefix list (or those ranges); traffic to an interface endpoint must be allowed to the endpoint\'s network interfaces on 443. Groups that only allow, say, the VPC CIDR block these requests at the instance.',
    help: 'Add an egress rule for TCP 443 to the prefix list (pl-...) of the gateway endpoint\'s service, or to the interface endpoint\'s security group or subnets.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      const groups = new Map<string, { endpointId: string; target: string; groupIds: readonly string[]; instances: string[]; proof: Proof }>();
      const allowed = new Map<string, boolean>();
      for (const i of runningInstances(p)) {
        const table = p.subnetRouteTable.get(i.subnetId);
        for (const ep of p.vpcEndpoints.values()) {
          if (ep.vpcId !== i.vpcId || ep.state !== 'available') continue;
          let ip: string | undefined;
          let target = '';
          let service: { service: string; region: string } | undefined;
          if (ep.endpointType === 'Gateway') {
            const svc = gatewayServiceOf(ep.serviceName, ep.serviceRegion);
            const first = ep.prefixListId !== undefined ? prefixListCidrs(ep.prefixListId, p)[0] : undefined;
            if (!svc || !first || table === undefined || !ep.routeTableIds.includes(table)) continue;
            ip = hostIn(first);
            target = `${ep.prefixListId ?? ''} (${formatCidr(first)})`;
            service = { service: svc, region: ep.serviceRegion };
          } else if (ep.endpointType === 'Interface') {
            const eni = ep.networkInterfaceIds.map((id) => p.enis.get(id)).find((e) => e?.record.privateIp !== undefined);
            if (!eni) continue;
            ip = eni.record.privateIp!;
            target = `${eni.id} (${ip})`;
          }
          if (ip === undefined) continue;
          // Egress is decided by the interface's groups and the destination alone: instances that share both share
          // the answer, so one trace per group set and endpoint proves it for all of them.
          const groupIds = [...(p.enis.get(i.eniId)?.record.groupIds ?? [])].sort().join(',');
          const seen = allowed.get(`${ep.id}|${ip}|${groupIds}`);
          if (seen === true) continue;
          const known = groups.get(`${ep.id}|${groupIds}`);
          if (known && seen === false) { known.instances.push(i.id); continue; }
          const t = traceTo(ctx, p, i.id, ip, service);
          const d = t.trace.disposition;
          const denied = d.kind === 'deniedBySecurityGroup' && d.direction === 'egress' && d.networkInterfaceId === i.eniId;
          allowed.set(`${ep.id}|${ip}|${groupIds}`, !denied);
          if (!denied) continue;
          const key = `${ep.id}|${groupIds}`;
          const g = groups.get(key);
          if (g) g.instances.push(i.id);
          else groups.set(key, { endpointId: ep.id, target, groupIds: d.groupIds, instances: [i.id], proof: { kind: 'trace', ...t } });
        }
      }
      for (const g of groups.values()) {
        out.push({
          ruleId: 'VPCE005', severity: 'error',
          message: `Security group${g.groupIds.length === 1 ? '' : 's'} ${g.groupIds.join(', ')} of ${g.instances.join(', ')} allow${g.groupIds.length === 1 ? 's' : ''} no egress on 443 to ${g.target}, so ${g.endpointId} cannot be used from ${g.instances.length === 1 ? 'it' : 'them'}.`,
          resources: [...g.groupIds.map((id) => ref(p, 'securityGroup', id)), ref(p, 'vpcEndpoint', g.endpointId), ...g.instances.map((id) => ref(p, 'instance', id))],
          proof: [g.proof],
        });
      }
    }
    return out;
  },
};
