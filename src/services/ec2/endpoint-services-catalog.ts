/**
 * @module The consumer's catalog: DescribeVpcEndpointServices (AWS and visible custom services) and
 * DescribePrefixLists (AWS-managed prefix lists), plus the AWS lists' rows for DescribeManagedPrefixLists.
 */
import { ec2Errors } from '../../errors/ec2.js';
import { AWS_PREFIX_LIST_OWNER, awsPrefixListById, awsPrefixListsIn, type AwsPrefixList } from '../../model/aws-prefix-lists.js';
import { checkIdShape } from '../../model/lookup.js';
import { zonesFor } from '../../model/regions.js';
import { listServices, type CatalogAccess, type CatalogService } from '../../model/service-catalog.js';
import { GLOBAL, partitionKey, type World } from '../../model/world.js';
import type { WFilter, WManagedPrefixList, WPrefixList, WServiceDetail } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { compileFilters, type FilterTable } from './filters.js';
import { paginate } from './paging.js';
import { wireTags } from './tagging.js';

/** Catalog access outside a transaction. */
export function worldCatalog(world: World): CatalogAccess {
  return { read: (a, r) => world.partition(partitionKey(a, r)), global: world.partition(GLOBAL), accountsIn: (r) => world.accountsIn(r) };
}

/**
 * A service as a consumer account sees it. AWS (DescribeVpcEndpointServices): "the response only includes the
 * common Availability Zones", named as the consumer's account names them.
 */
export function serviceToWire(s: CatalogService, account: string): WServiceDetail {
  const zones = zonesFor(account, s.region).filter((z) => s.zoneIds.includes(z.zoneId));
  return {
    ServiceName: s.serviceName, ServiceId: s.serviceId, ServiceType: [{ ServiceType: s.type }], ServiceRegion: s.region,
    AvailabilityZoneIds: zones.map((z) => z.zoneId), AvailabilityZones: zones.map((z) => z.zoneName),
    Owner: s.owner, BaseEndpointDnsNames: [...s.baseEndpointDnsNames],
    ...(s.privateDnsName !== undefined ? {
      PrivateDnsName: s.privateDnsName, PrivateDnsNames: [{ PrivateDnsName: s.privateDnsName }],
      PrivateDnsNameVerificationState: s.kind === 'aws' || s.privateDnsVerified ? 'verified' : 'pendingVerification',
    } : {}),
    VpcEndpointPolicySupported: s.policySupported, AcceptanceRequired: s.acceptanceRequired, ManagesVpcEndpoints: s.managesVpcEndpoints,
    ...(s.kind === 'custom' && s.payerResponsibility !== undefined ? { PayerResponsibility: s.payerResponsibility } : {}),
    Tags: wireTags(s.tags), SupportedIpAddressTypes: [...s.supportedIpAddressTypes],
  };
}

/** AWS: DescribeVpcEndpointServices filters. */
const SERVICE_FILTERS: FilterTable<CatalogService> = {
  'owner': (s) => s.owner,
  'service-name': (s) => s.serviceName,
  'service-region': (s) => s.region,
  'service-type': (s) => s.type,
  'supported-ip-address-types': (s) => [...s.supportedIpAddressTypes],
};

/** AWS: DescribePrefixLists filters. */
const PREFIX_LIST_FILTERS: FilterTable<AwsPrefixList & { tags: readonly never[] }> = {
  'prefix-list-id': (pl) => pl.id,
  'prefix-list-name': (pl) => pl.name,
};

/** An AWS-managed list of the Region by ID, for reads (undefined for other Regions' lists). */
export function awsPrefixListIn(region: string, id: string): AwsPrefixList | undefined {
  const pl = awsPrefixListById(id);
  return pl && pl.region === region ? pl : undefined;
}

/** The DescribeManagedPrefixLists row of an AWS-managed list: owner `AWS`, read-only, one version. */
export function awsManagedPrefixListToWire(pl: AwsPrefixList): WManagedPrefixList {
  return {
    PrefixListId: pl.id, PrefixListName: pl.name, AddressFamily: 'IPv4', State: 'create-complete',
    PrefixListArn: `arn:aws:ec2:${pl.region}:aws:prefix-list/${pl.id}`, MaxEntries: pl.cidrs.length, Version: 1,
    OwnerId: AWS_PREFIX_LIST_OWNER, Tags: [],
  };
}

/**
 * For DescribeManagedPrefixLists: the AWS-managed lists of the Region that match the IDs and filters (owner-id,
 * prefix-list-id, prefix-list-name), and the requested IDs that are not AWS lists (for the customer-list lookup).
 */
export function awsManagedPrefixListRows(region: string, ids: readonly string[] | undefined, filters: readonly WFilter[] | undefined): { rows: WManagedPrefixList[]; otherIds: string[] } {
  const all = awsPrefixListsIn(region);
  const wanted = ids && ids.length > 0 ? new Set(ids) : undefined;
  const otherIds = wanted ? [...wanted].filter((id) => !all.some((pl) => pl.id === id)) : [];
  const table: FilterTable<AwsPrefixList & { tags: readonly never[] }> = { ...PREFIX_LIST_FILTERS, 'owner-id': () => AWS_PREFIX_LIST_OWNER };
  const match = compileFilters(filters, table);
  const rows = all.filter((pl) => (!wanted || wanted.has(pl.id)) && (!match || match({ ...pl, tags: [] }))).map(awsManagedPrefixListToWire);
  return { rows, otherIds };
}

export const endpointCatalogHandlers: HandlerTable = {
  DescribeVpcEndpointServices(ctx, input) {
    ctx.read();
    let services = listServices(worldCatalog(ctx.world), ctx.account, ctx.region);
    if (input.ServiceRegions && input.ServiceRegions.length > 0) {
      const regions = new Set(input.ServiceRegions);
      services = services.filter((s) => regions.has(s.region));
    }
    if (input.ServiceNames && input.ServiceNames.length > 0) {
      for (const name of input.ServiceNames) {
        // AWS: naming a service that does not exist (or is not visible) is `InvalidServiceName`.
        if (!services.some((s) => s.serviceName === name)) throw ec2Errors.custom('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);
      }
      const names = new Set(input.ServiceNames);
      services = services.filter((s) => names.has(s.serviceName));
    }
    const match = compileFilters(input.Filters, SERVICE_FILTERS);
    if (match) services = services.filter(match);
    const page = paginate(services, input.MaxResults, input.NextToken, 1000);
    return {
      // AWS: each name once in ServiceNames (S3 and DynamoDB offer two types), one ServiceDetails entry per type.
      ServiceNames: [...new Set(page.items.map((s) => s.serviceName))],
      ServiceDetails: page.items.map((s) => serviceToWire(s, ctx.account)),
      NextToken: page.nextToken,
    };
  },
  DescribePrefixLists(ctx, input) {
    let lists: readonly AwsPrefixList[] = awsPrefixListsIn(ctx.region);
    if (input.PrefixListIds && input.PrefixListIds.length > 0) {
      const out: AwsPrefixList[] = [];
      for (const id of new Set(input.PrefixListIds)) {
        checkIdShape('managedPrefixList', id);
        const pl = awsPrefixListIn(ctx.region, id);
        if (!pl) throw ec2Errors.notFound('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
        out.push(pl);
      }
      lists = out;
    }
    const match = compileFilters(input.Filters, PREFIX_LIST_FILTERS);
    const filtered = match ? lists.filter((pl) => match({ ...pl, tags: [] })) : [...lists];
    const page = paginate(filtered, input.MaxResults, input.NextToken, 1000);
    const out: WPrefixList[] = page.items.map((pl) => ({ PrefixListId: pl.id, PrefixListName: pl.name, Cidrs: [...pl.cidrs] }));
    return { PrefixLists: out, NextToken: page.nextToken };
  },
};
