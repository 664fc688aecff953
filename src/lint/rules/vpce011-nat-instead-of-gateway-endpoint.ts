/** @module VPCE011: S3 or DynamoDB traffic from a subnet goes through a NAT gateway where a free gateway endpoint could carry it (with the monthly cost difference for a stated volume). */
import { cidrHas, cidrOverlaps, parseCidr, parseIp, type Cidr } from '../../shared/cidr.js';
import { GATEWAY_SERVICES } from '../../model/aws-prefix-lists.js';
import { natProcessingPrice } from '../prices.js';
import { byText, hostIn, passed, ref, serviceCidrs, traceTo } from '../facts.js';
import type { Finding, Rule } from '../types.js';

function coversRange(text: string, range: Cidr): boolean {
  const c = parseCidr(text);
  return c !== undefined && cidrOverlaps(c, range);
}

export const vpce011: Rule = {
  info: {
    id: 'VPCE011', name: 'NatInsteadOfGatewayEndpoint', severity: 'warning',
    title: 'S3/DynamoDB traffic goes through a NAT gateway where a free gateway endpoint could carry it',
    description: 'Traffic from a private subnet to S3 or DynamoDB in the same Region that leaves through a NAT gateway pays the NAT gateway\'s data processing charge per GB. A gateway endpoint for the service, added to the subnet\'s route table, carries the same traffic at no charge and lets bucket policies test aws:SourceVpce.',
    help: 'Create a gateway endpoint for the service (`aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --route-table-ids ...`) on the subnet\'s route table. Pass --volume-gb for a monthly estimate.',
    helpUri: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  },
  check(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.partitions) {
      const price = natProcessingPrice(p.region);
      const direct = new Set<string>();
      for (const subnet of [...p.subnets.values()].sort((a, b) => byText(a.id, b.id))) {
        if (subnet.cidrBlock === '') continue;
        for (const service of GATEWAY_SERVICES) {
          const range = serviceCidrs(p.region, service)[0];
          if (!range) continue;
          // A subnet source has no security group: its route table and NACL decide, so subnets sharing both share
          // the path; only the first of each pair is traced unless its path went through a NAT gateway.
          const key = `${p.subnetRouteTable.get(subnet.id) ?? ''}|${p.subnetAcl.get(subnet.id) ?? ''}|${service}`;
          if (direct.has(key)) continue;
          // Only a table with a route to a NAT gateway covering the service's range can send it through one; the
          // trace then decides (a more specific route may still win).
          const table = p.routeTableRecords.get(p.subnetRouteTable.get(subnet.id) ?? '');
          const viaNat = table?.routes.some((r) => r.target.type === 'natGateway' && r.destination.type === 'cidr' && coversRange(r.destination.cidr, range)) ?? false;
          if (!viaNat) { direct.add(key); continue; }
          const t = traceTo(ctx, p, subnet.id, hostIn(range), { service, region: p.region });
          const nat = passed(t.trace.steps, 'natGateway');
          if (!nat || t.trace.disposition.kind !== 'delivered') { direct.add(key); continue; }
          // Observed: the bytes the NAT gateway's interface carried between itself and the service's ranges
          // (after translation outbound, before it inbound), as its flow log records them.
          const natGw = p.natGateways.get(nat.resourceId);
          const ranges = serviceCidrs(p.region, service);
          const inRanges = (ip: string): boolean => { const a = parseIp(ip); return a !== undefined && ranges.some((c) => cidrHas(c, a.family, a.value)); };
          const observed = ctx.options.flowLogs && natGw?.networkInterfaceId !== undefined
            ? ctx.options.flowLogs.filter((r) => r.interfaceId === natGw.networkInterfaceId && r.action === 'ACCEPT'
              && ((r.srcAddr === natGw.privateIp && inRanges(r.dstAddr)) || (r.dstAddr === natGw.privateIp && inRanges(r.srcAddr)))).reduce((n, r) => n + r.bytes, 0)
            : undefined;
          const observedUsd = observed !== undefined ? Math.round((observed / 1e9) * price.usdPerGb * 1e6) / 1e6 : undefined;
          const gb = ctx.options.volumeGb;
          const monthly = gb !== undefined ? Math.round(gb * price.usdPerGb * 100) / 100 : undefined;
          const cost = monthly !== undefined
            ? `${gb} GB a month costs about $${monthly.toFixed(2)} in NAT data processing, $0.00 through a gateway endpoint`
            : `each GB costs $${price.usdPerGb} in NAT data processing, $0 through a gateway endpoint`;
          out.push({
            ruleId: 'VPCE011', severity: 'warning',
            message: `${service} traffic from ${subnet.id} goes through NAT gateway ${nat.resourceId}: ${cost} (${price.region} price of ${price.asOf}).${observed !== undefined ? ` Its flow logs show ${observed} bytes of ${service} traffic through it ($${observedUsd} in NAT processing).` : ''}`,
            resources: [ref(p, 'subnet', subnet.id), ref(p, 'natGateway', nat.resourceId), ref(p, 'routeTable', p.subnetRouteTable.get(subnet.id) ?? '')],
            proof: [{ kind: 'trace', ...t }],
            data: { service, usdPerGb: price.usdPerGb, priceRegion: price.region, priceAsOf: price.asOf, ...(gb !== undefined ? { volumeGb: gb, monthlyNatUsd: monthly!, monthlyEndpointUsd: 0 } : {}), ...(observed !== undefined ? { observedBytes: observed, observedNatUsd: observedUsd! } : {}) },
          });
        }
      }
    }
    return out;
  },
};
