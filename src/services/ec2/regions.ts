/** @module DescribeRegions and DescribeAvailabilityZones. */
import { REGIONS, zonesFor } from '../../model/regions.js';
import type { HandlerTable } from './context.js';
import { compileFilters } from './filters.js';

export const regionHandlers: HandlerTable = {
  DescribeRegions(ctx, input) {
    const names = input.RegionNames;
    type R = { name: string; tags: readonly [] };
    const match = compileFilters<R>(input.Filters, {
      'endpoint': (r) => `ec2.${r.name}.amazonaws.com`,
      'region-name': (r) => r.name,
      'opt-in-status': () => 'opt-in-not-required',
    });
    const regions = REGIONS.map((r): R => ({ name: r.name, tags: [] })).filter((r) => (!names || names.includes(r.name)) && (!match || match(r)));
    return { Regions: regions.map((r) => ({ RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: 'opt-in-not-required' })) };
  },
  DescribeAvailabilityZones(ctx, input) {
    type Z = { zoneName: string; zoneId: string; region: string; tags: readonly [] };
    const zones: Z[] = zonesFor(ctx.account, ctx.region).map((z) => ({ ...z, tags: [] as const }));
    const match = compileFilters<Z>(input.Filters, {
      'zone-name': (z) => z.zoneName, 'zone-id': (z) => z.zoneId, 'region-name': (z) => z.region,
      'state': () => 'available', 'zone-type': () => 'availability-zone', 'group-name': (z) => z.region,
      'opt-in-status': () => 'opt-in-not-required',
    });
    const selected = zones.filter((z) =>
      (!input.ZoneNames || input.ZoneNames.includes(z.zoneName)) && (!input.ZoneIds || input.ZoneIds.includes(z.zoneId)) && (!match || match(z)));
    return {
      AvailabilityZones: selected.map((z) => ({
        ZoneName: z.zoneName, ZoneId: z.zoneId, RegionName: z.region, State: 'available', OptInStatus: 'opt-in-not-required',
        Messages: [], GroupName: z.region, NetworkBorderGroup: z.region, ZoneType: 'availability-zone',
      })),
    };
  },
};
