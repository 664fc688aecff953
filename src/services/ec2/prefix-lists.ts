/**
 * @module Customer-managed prefix list operations: CreateManagedPrefixList, DescribeManagedPrefixLists,
 * GetManagedPrefixListEntries, ModifyManagedPrefixList, DeleteManagedPrefixList.
 */
import { idempotent } from '../../model/client-token.js';
import { mustGet } from '../../model/lookup.js';
import { createPrefixList, deletePrefixList, entriesAt, modifyPrefixList } from '../../model/prefix-list.js';
import type { ManagedPrefixList } from '../../model/resources.js';
import type { WManagedPrefixList } from '../../specs/ec2-types.js';
import { ec2Errors } from '../../errors/ec2.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { paginate } from './paging.js';
import { awsManagedPrefixListRows, awsPrefixListIn } from './endpoint-services-catalog.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function prefixListArn(region: string, pl: ManagedPrefixList): string {
  return `arn:aws:ec2:${region}:${pl.ownerId}:prefix-list/${pl.id}`;
}

export function prefixListToWire(pl: ManagedPrefixList, region: string, state: string = pl.state): WManagedPrefixList {
  return {
    PrefixListId: pl.id, PrefixListName: pl.name, AddressFamily: pl.addressFamily, State: state,
    PrefixListArn: prefixListArn(region, pl), MaxEntries: pl.maxEntries, Version: pl.version, OwnerId: pl.ownerId,
    Tags: wireTags(pl.tags),
  };
}

/** AWS: DescribeManagedPrefixLists filters. */
const PREFIX_LIST_FILTERS: FilterTable<ManagedPrefixList> = {
  'owner-id': (pl) => pl.ownerId,
  'prefix-list-id': (pl) => pl.id,
  'prefix-list-name': (pl) => pl.name,
};

export const prefixListHandlers: HandlerTable = {
  CreateManagedPrefixList(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'prefix-list');
    const made = ctx.write((p, tx) => idempotent(p,
      { operation: 'CreateManagedPrefixList', token: input.ClientToken, input },
      (id) => p.get('managedPrefixList', id),
      () => {
        const pl = createPrefixList(tx, p, {
          name: input.PrefixListName, maxEntries: input.MaxEntries, addressFamily: input.AddressFamily,
          entries: (input.Entries ?? []).map((e) => ({ cidr: e.Cidr ?? '', ...(e.Description !== undefined ? { description: e.Description } : {}) })),
          tags,
        });
        return { resultId: pl.id, result: pl };
      }));
    // AWS: the create response reports `create-in-progress`; the list is `create-complete` thereafter.
    return { PrefixList: prefixListToWire(made.result, ctx.region, made.replayed ? made.result.state : 'create-in-progress') };
  },
  DescribeManagedPrefixLists(ctx, input) {
    checkMaxResults(input.MaxResults, undefined, 'prefixListIdSet', 1, 100);
    // AWS: "Describes your managed prefix lists and any Amazon Web Services-managed prefix lists" (AWS lists first).
    const aws = awsManagedPrefixListRows(ctx.region, input.PrefixListIds, input.Filters);
    const onlyAws = input.PrefixListIds !== undefined && input.PrefixListIds.length > 0 && aws.otherIds.length === 0;
    const own = onlyAws ? [] : describe(ctx.read(), 'managedPrefixList', { ids: aws.otherIds, filters: input.Filters }, PREFIX_LIST_FILTERS).items;
    const page = paginate([...aws.rows, ...own.map((pl) => prefixListToWire(pl, ctx.region))], input.MaxResults, input.NextToken);
    return { PrefixLists: page.items, NextToken: page.nextToken };
  },
  GetManagedPrefixListEntries(ctx, input) {
    checkMaxResults(input.MaxResults, undefined, '', 1, 100);
    const awsList = awsPrefixListIn(ctx.region, input.PrefixListId);
    if (awsList) {
      const rows = paginate(awsList.cidrs, input.MaxResults, input.NextToken);
      return { Entries: rows.items.map((cidr) => ({ Cidr: cidr })), NextToken: rows.nextToken };
    }
    const pl = mustGet(ctx.read(), 'managedPrefixList', input.PrefixListId);
    const page = paginate(entriesAt(pl, input.TargetVersion), input.MaxResults, input.NextToken);
    return {
      Entries: page.items.map((e) => ({ Cidr: e.cidr, ...(e.description !== undefined ? { Description: e.description } : {}) })),
      NextToken: page.nextToken,
    };
  },
  ModifyManagedPrefixList(ctx, input) {
    // IPAM prefix list resolvers are not modelled: there is nothing to keep in sync, so the option is refused.
    if (input.IpamPrefixListResolverSyncEnabled !== undefined) {
      throw ec2Errors.invalidParameterValue(`Value (${input.IpamPrefixListResolverSyncEnabled}) for parameter ipamPrefixListResolverSyncEnabled is invalid. The prefix list ${input.PrefixListId} is not managed by an IPAM prefix list resolver.`);
    }
    const before = mustGet(ctx.read(), 'managedPrefixList', input.PrefixListId);
    const pl = ctx.write((p) => modifyPrefixList(p, input.PrefixListId, {
      currentVersion: input.CurrentVersion, name: input.PrefixListName, maxEntries: input.MaxEntries,
      add: input.AddEntries?.map((e) => ({ cidr: e.Cidr ?? '', ...(e.Description !== undefined ? { description: e.Description } : {}) })),
      remove: input.RemoveEntries?.map((e) => e.Cidr ?? ''),
    }));
    // AWS: the modify response reports `modify-in-progress` when something changed.
    return { PrefixList: prefixListToWire(pl, ctx.region, pl === before ? pl.state : 'modify-in-progress') };
  },
  DeleteManagedPrefixList(ctx, input) {
    const pl = ctx.write((p) => deletePrefixList(p, input.PrefixListId));
    // AWS: the delete response reports `delete-in-progress`; the list is then gone.
    return { PrefixList: prefixListToWire(pl, ctx.region, 'delete-in-progress') };
  },
};
