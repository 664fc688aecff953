/** @module DHCP option set operations: CreateDhcpOptions, DescribeDhcpOptions, DeleteDhcpOptions, AssociateDhcpOptions. */
import { associateDhcpOptions, createDhcpOptions, deleteDhcpOptions, validateDhcpConfigurations } from '../../model/dhcp-options.js';
import type { DhcpOptions } from '../../model/resources.js';
import type { WDhcpOptions } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function dhcpOptionsToWire(d: DhcpOptions): WDhcpOptions {
  return {
    DhcpOptionsId: d.id, OwnerId: d.ownerId, Tags: wireTags(d.tags),
    DhcpConfigurations: d.configurations.map((c) => ({ Key: c.key, Values: c.values.map((v) => ({ Value: v })) })),
  };
}

/** AWS: DescribeDhcpOptions filters (`key` and `value` match any option of the set). */
const DHCP_FILTERS: FilterTable<DhcpOptions> = {
  'dhcp-options-id': (d) => d.id,
  'key': (d) => d.configurations.map((c) => c.key),
  'value': (d) => d.configurations.flatMap((c) => c.values),
  'owner-id': (d) => d.ownerId,
};

export const dhcpOptionsHandlers: HandlerTable = {
  CreateDhcpOptions(ctx, input) {
    const configurations = validateDhcpConfigurations((input.DhcpConfigurations ?? []).map((c) => ({ key: c.Key, values: c.Values ?? [] })));
    const tags = tagsFromSpecs(input.TagSpecifications, 'dhcp-options');
    const d = ctx.write((p, tx) => createDhcpOptions(tx, p, configurations, tags));
    return { DhcpOptions: dhcpOptionsToWire(d) };
  },
  DescribeDhcpOptions(ctx, input) {
    checkMaxResults(input.MaxResults, input.DhcpOptionsIds, 'dhcpOptionsIds');
    const page = describe(ctx.read(), 'dhcpOptions', { ids: input.DhcpOptionsIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, DHCP_FILTERS);
    return { DhcpOptions: page.items.map(dhcpOptionsToWire), NextToken: page.nextToken };
  },
  DeleteDhcpOptions(ctx, input) {
    ctx.write((p) => deleteDhcpOptions(p, input.DhcpOptionsId));
    return {};
  },
  AssociateDhcpOptions(ctx, input) {
    ctx.write((p) => associateDhcpOptions(p, input.DhcpOptionsId, input.VpcId));
    return {};
  },
};
