/** @module The shape of every Describe operation: IDs (each must exist), filters, paging. */
import { ec2Errors } from '../../errors/ec2.js';
import { checkIdShape, notFound } from '../../model/lookup.js';
import type { Kind, ResourceOf } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WFilter } from '../../specs/ec2-types.js';
import { compileFilters, type FilterTable } from './filters.js';
import { paginate, type Page } from './paging.js';

export interface DescribeArgs {
  readonly ids?: readonly string[] | undefined;
  readonly filters?: readonly WFilter[] | undefined;
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}

/**
 * Select resources of a kind. AWS: naming an ID that does not exist fails the whole call with the kind's
 * NotFound error. `project` gives the caller's view of a visible record before filters apply (a peering
 * connection's tags are each side's own).
 */
export function describe<K extends Kind>(view: ReadView, kind: K, args: DescribeArgs, table: FilterTable<ResourceOf<K>>, visible: (r: ResourceOf<K>) => boolean = () => true, project: (r: ResourceOf<K>) => ResourceOf<K> = (r) => r): Page<ResourceOf<K>> {
  const match = compileFilters(args.filters, table as FilterTable<ResourceOf<K> & { tags: ResourceOf<K>['tags'] }>);
  let items: ResourceOf<K>[];
  if (args.ids && args.ids.length > 0) {
    items = [];
    for (const id of new Set(args.ids)) {
      checkIdShape(kind, id);
      const r = view.get(kind, id);
      if (!r || !visible(r)) throw notFound(kind, id);
      items.push(project(r));
    }
  } else {
    items = [];
    for (const r of view.list(kind)) if (visible(r)) items.push(project(r));
  }
  if (match) items = items.filter(match);
  return paginate(items, args.maxResults, args.nextToken);
}

/** AWS: MaxResults for the large Describe calls is 5..1000 and cannot be combined with explicit IDs. */
export function checkMaxResults(maxResults: number | undefined, ids: readonly string[] | undefined, idsParam: string, min = 5, max = 1000): void {
  if (maxResults === undefined) return;
  if (ids && ids.length > 0) {
    throw ec2Errors.invalidParameterCombination(`The parameter ${idsParam} cannot be used with the parameter maxResults`);
  }
  if (!Number.isInteger(maxResults) || maxResults < min || maxResults > max) {
    throw ec2Errors.invalidParameterValue(`Value (${maxResults}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
  }
}
