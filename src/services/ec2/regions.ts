/** @module DescribeRegions and DescribeAvailabilityZones. */
import { ec2Errors } from '../../errors/ec2.js';
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
    // AWS: a named zone that does not exist fails the call, first unknown name first.
    for (const name of input.ZoneNames ?? []) {
      if (!zones.some((z) => z.zoneName === name)) throw ec2Errors.invalidParameterValue(`Invalid availability zone: [${name}]`);
    }
    for (const id of input.ZoneIds ?? []) {
      if (!zones.some((z) => z.zoneId === id)) throw ec2Errors.invalidParameterValue(`Invalid availability zone-id: [${id}]`);
    }
    /** AWS: DescribeAvailabilityZones filters. Every zone here is an opt-in-free Availability Zone of its Region. */
    const match = compileFilters<Z>(input.Filters, {
      'group-long-name': () => undefined, 'group-name': (z) => z.region, 'message': () => undefined,
      'opt-in-status': () => 'opt-in-not-required', 'parent-zone-id': () => undefined, 'parent-zone-name': () => undefined,
      'region-name': (z) => z.region, 'state': () => 'available', 'zone-id': (z) => z.zoneId, 'zone-name': (z) => z.zoneName,
      'zone-type': () => 'availability-zone',
    });
    // AWS: AllAvailabilityZones adds Local Zones and Wavelength Zones whatever their opt-in status; vpce models
    // Availability Zones only, which are always listed, so the flag selects the same zones.
    const selected = zones.filter((z) =>
      (!input.ZoneNames || input.ZoneNames.length === 0 || input.ZoneNames.includes(z.zoneName))
      && (!input.ZoneIds || input.ZoneIds.length === 0 || input.ZoneIds.includes(z.zoneId)) && (!match || match(z)));
    return {
      AvailabilityZones: selected.map((z) => ({
        ZoneName: z.zoneName, ZoneId: z.zoneId, RegionName: z.region, State: 'available', OptInStatus: 'opt-in-not-required',
        Messages: [], GroupName: z.region, NetworkBorderGroup: z.region, ZoneType: 'availability-zone',
      })),
    };
  },
};
