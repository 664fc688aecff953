/** @module Tag operations on any resource: CreateTags, DeleteTags, DescribeTags. */
import { ec2Errors } from '../../errors/ec2.js';
import { KIND_ERRORS } from '../../model/lookup.js';
import type { Kind, Resource, VpcPeeringConnection } from '../../model/resources.js';
import { peeringAsSeenBy, peeringTagsOf, withPeeringTags } from '../../model/peering.js';
import { groupOfRule, setRuleTags } from '../../model/security-group.js';
import { mergeTags, validateTags, type Tag, type Tags } from '../../model/tags.js';
import { GLOBAL, type PartitionTx, type ReadView } from '../../model/world.js';
import { ID_PREFIX } from '../../shared/ids.js';
import type { WTag, WTagDescription } from '../../specs/ec2-types.js';
import type { Ec2Context, HandlerTable } from './context.js';
import { compileFilters, type FilterTable } from './filters.js';
import { checkMaxResults } from './describe.js';
import { paginate } from './paging.js';

/**
 * AWS: resource types as DescribeTags names them ("DescribeTags" filter `resource-type`). Keyed by model kind;
 * kinds added later (endpoints) are listed already. Internal kinds (partitionInfo, clientToken) are absent,
 * so they can be neither tagged nor listed.
 */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  vpc: 'vpc', subnet: 'subnet', routeTable: 'route-table', internetGateway: 'internet-gateway', natGateway: 'natgateway',
  egressOnlyInternetGateway: 'egress-only-internet-gateway',
  address: 'elastic-ip', vpnGateway: 'vpn-gateway', vpcPeeringConnection: 'vpc-peering-connection',
  securityGroup: 'security-group', networkAcl: 'network-acl', networkInterface: 'network-interface', instance: 'instance',
  managedPrefixList: 'prefix-list', vpcEndpoint: 'vpc-endpoint', vpcEndpointService: 'vpc-endpoint-service',
  dhcpOptions: 'dhcp-options',
  volume: 'volume',
};

/** ID prefixes of taggable kinds not (yet) in the model's lookup table, with their NotFound codes. */
const OTHER_NOT_FOUND: Readonly<Record<string, string>> = {
  'sgr': 'InvalidSecurityGroupRuleId.NotFound',
  'vpce': 'InvalidVpcEndpointId.NotFound', 'vpce-svc': 'InvalidVpcEndpointServiceId.NotFound', 'ami': 'InvalidAMIID.NotFound',
};

function resourceTypeOf(kind: string): string | undefined {
  return RESOURCE_TYPES[kind];
}

/** Peering connections live in the global partition; the caller sees those it requested or accepted. */
function visiblePeering(ctx: Ec2Context, global: ReadView, id: string): VpcPeeringConnection | undefined {
  const r = global.find(id);
  if (!r || r.kind !== 'vpcPeeringConnection') return undefined;
  const mine = (s: { ownerId: string; region: string }): boolean => s.ownerId === ctx.account && s.region === ctx.region;
  return mine(r.requester) || mine(r.accepter) ? r : undefined;
}

/** The error for an ID that names nothing taggable: the kind's NotFound when the prefix is known, else `InvalidID`. */
function missing(id: string): Error {
  const m = /^([a-z]+(?:-[a-z]+)*)-[0-9a-f]+$/.exec(id);
  const prefix = m?.[1];
  if (prefix !== undefined) {
    for (const [kind, k] of Object.entries(KIND_ERRORS)) {
      if (k && ID_PREFIX[k.idKind] === prefix && resourceTypeOf(kind)) return ec2Errors.notFound(k.notFound, `The ${k.noun} '${id}' does not exist`);
    }
    const other = OTHER_NOT_FOUND[prefix];
    if (other) return ec2Errors.notFound(other, `The ID '${id}' does not exist`);
  }
  return ec2Errors.custom('InvalidID', `The ID '${id}' is not valid`);
}

interface Target { readonly tags: Tags; readonly setTags: (tags: Tags) => void }

/**
 * Every named resource, checked before anything changes. Security group rules (`sgr-`) live inside their
 * group's record: their tags are set through the group.
 */
function targets(ctx: Ec2Context, p: PartitionTx, global: PartitionTx, ids: readonly string[] | undefined): Target[] {
  if (!ids || ids.length === 0) throw ec2Errors.missingParameter('ResourceId');
  return [...new Set(ids)].map((id) => {
    const local = p.find(id);
    // Re-read at write time: a group and one of its rules may be named in one call.
    if (local && resourceTypeOf(local.kind)) return { tags: local.tags, setTags: (tags: Tags) => { p.put({ ...(p.find(id) ?? local), tags }); } };
    const rule = id.startsWith('sgr-') ? groupOfRule(p, id) : undefined;
    if (rule) return { tags: rule.rule.tags ?? [], setTags: (tags: Tags) => { setRuleTags(p, id, tags); } };
    const peering = visiblePeering(ctx, global, id);
    if (peering) {
      return {
        tags: peeringTagsOf(peering, ctx.account, ctx.region),
        setTags: (tags: Tags) => { global.put(withPeeringTags(peering, ctx.account, ctx.region, tags)); },
      };
    }
    throw missing(id);
  });
}

function modelTags(tags: readonly WTag[] | undefined): Tag[] {
  // AWS: a tag without a value gets the empty string.
  return (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

interface TagRow { readonly resourceId: string; readonly resourceType: string; readonly key: string; readonly value: string; readonly tags: Tags }

/** AWS: DescribeTags filters. `tag:<key>` and `tag-key` apply to the tagged resource. */
const TAG_FILTERS: FilterTable<TagRow> = {
  'key': (r) => r.key,
  'value': (r) => r.value,
  'resource-id': (r) => r.resourceId,
  'resource-type': (r) => r.resourceType,
};

function* taggable(view: ReadView): Iterable<Resource> {
  for (const kind of Object.keys(RESOURCE_TYPES)) yield* view.list(kind as Kind);
}

export const tagHandlers: HandlerTable = {
  CreateTags(ctx, input) {
    if (!input.Tags || input.Tags.length === 0) throw ec2Errors.missingParameter('Tag');
    const add = modelTags(input.Tags);
    ctx.write((p, tx) => {
      const all = targets(ctx, p, tx.global, input.Resources);
      // AWS: tag rules (key length, aws: prefix, 50 per resource) are checked on the result for every resource first.
      const merged = all.map((t) => {
        const tags = mergeTags(t.tags, add);
        validateTags(tags);
        return { t, tags };
      });
      for (const { t, tags } of merged) t.setTags(tags);
    });
    return {};
  },
  DeleteTags(ctx, input) {
    const drop = input.Tags;
    ctx.write((p, tx) => {
      for (const t of targets(ctx, p, tx.global, input.Resources)) {
        // AWS: no Tag parameter deletes every tag; a tag with a value deletes only when the value matches
        // (an empty value matches only an empty value); a tag with just a key deletes whatever its value.
        const keep = drop === undefined || drop.length === 0
          ? []
          : t.tags.filter((tag) => !drop.some((d) => d.Key === tag.key && (d.Value === undefined || d.Value === tag.value)));
        if (keep.length !== t.tags.length) t.setTags(keep);
      }
    });
    return {};
  },
  DescribeTags(ctx, input) {
    checkMaxResults(input.MaxResults, undefined, '', 5, 1000);
    const view = ctx.read();
    const rows: TagRow[] = [];
    const addRows = (r: Resource): void => {
      const resourceType = resourceTypeOf(r.kind);
      if (!resourceType) return;
      for (const t of r.tags) rows.push({ resourceId: r.id, resourceType, key: t.key, value: t.value, tags: r.tags });
    };
    for (const r of taggable(view)) addRows(r);
    // AWS: rules tagged through `security-group-rule` specifications or CreateTags are listed as that type.
    for (const g of view.list('securityGroup')) {
      for (const rule of g.rules) {
        const tags = rule.tags ?? [];
        for (const t of tags) rows.push({ resourceId: rule.ruleId, resourceType: 'security-group-rule', key: t.key, value: t.value, tags });
      }
    }
    const global = ctx.world.partition(GLOBAL);
    for (const r of global.list('vpcPeeringConnection')) if (visiblePeering(ctx, global, r.id)) addRows(peeringAsSeenBy(r, ctx.account, ctx.region));
    rows.sort((a, b) => (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const match = compileFilters(input.Filters, TAG_FILTERS);
    const page = paginate(match ? rows.filter(match) : rows, input.MaxResults, input.NextToken);
    const out: WTagDescription[] = page.items.map((r) => ({ ResourceId: r.resourceId, ResourceType: r.resourceType, Key: r.key, Value: r.value }));
    return { Tags: out, NextToken: page.nextToken };
  },
};
