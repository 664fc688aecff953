/** @module VPCE012: an interface endpoint in one Availability Zone while its VPC's clients run in several. */
import { ref, runningInstances, traceTo } from '../facts.js';
import type { Finding, Rule } from '../types.js';

export const vpce012: Rule = {
  info: {
    id: 'VPCE012', name: 'SingleAzInterfaceEndpoint', severity: 'warning',
    title: 'An interface endpoint in a single Availability Zone while clients run in several',
    description: 'An interface endpoint has a network interface only in the subnets it was given. Clients in other zones cross zones to reach it (cross-AZ data transfer is charged), and lose the service when that one zone fails.',
    help: 'Add a subnet in each zone where clients run (`aws ec2 modify-vpc-endpoint --add-subnet-ids ...`).',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      const clients = runningInstances(p);
      for (const ep of p.vpcEndpoints.values()) {
        if (ep.endpointType !== 'Interface' || ep.state !== 'available') continue;
        const zones = new Set(ep.subnetIds.map((s) => p.subnets.get(s)?.availabilityZone).filter((z): z is string => z !== undefined));
        if (zones.size !== 1) continue;
        const mine = clients.filter((c) => c.vpcId === ep.vpcId);
        const elsewhere = mine.filter((c) => !zones.has(p.subnets.get(c.subnetId)?.availabilityZone ?? ''));
        if (elsewhere.length === 0) continue;
        const eni = ep.networkInterfaceIds.map((id) => p.enis.get(id)).find((e) => e?.record.privateIp !== undefined);
        const otherZones = [...new Set(elsewhere.map((c) => p.subnets.get(c.subnetId)?.availabilityZone ?? ''))].sort();
        const t = eni ? traceTo(ctx, p, elsewhere[0]!.id, eni.record.privateIp!) : undefined;
        out.push({
          ruleId: 'VPCE012', severity: 'warning',
          message: `${ep.id} is only in ${[...zones].join(', ')}, but instances of ${ep.vpcId} run in ${otherZones.join(', ')} too (${elsewhere.map((c) => c.id).join(', ')}): their requests cross zones and fail with that zone.`,
          resources: [ref(p, 'vpcEndpoint', ep.id), ...elsewhere.map((c) => ref(p, 'instance', c.id))],
          proof: t ? [{ kind: 'trace', ...t }] : [{ kind: 'config', facts: [`${ep.id} subnets: ${ep.subnetIds.join(', ')}`] }],
        });
      }
    }
    return out;
  },
};
