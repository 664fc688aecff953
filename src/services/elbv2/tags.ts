/** @module ELBv2 AddTags, RemoveTags and DescribeTags on load balancers, target groups and listeners. */
import { elbv2Error, elbv2Errors } from '../../errors/elbv2.js';
import type { Listener, LoadBalancer, TargetGroup } from '../../model/resources.js';
import { mergeTags, type Tags } from '../../model/tags.js';
import type { ReadView } from '../../model/world.js';
import type { Elbv2HandlerTable } from './context.js';
import { MAX_ELB_TAGS, tagsIn } from './wire.js';

/** AWS: AddTags, RemoveTags and DescribeTags take at most 20 resource ARNs (ResourceArns max 20). */
const MAX_ARNS = 20;

type Taggable = LoadBalancer | TargetGroup | Listener;

/** The resource an ARN names, or the not-found error of its type (rules and trust stores are not modelled). */
function mustGetTaggable(view: ReadView, arn: string): Taggable {
  const resource = arn.split(':').slice(5).join(':');
  if (!/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:/.test(arn)) throw elbv2Errors.validation(`'${arn}' is not a valid resource ARN`);
  if (resource.startsWith('loadbalancer/')) {
    const lb = view.get('loadBalancer', arn);
    if (!lb) throw elbv2Errors.loadBalancerNotFound([arn]);
    return lb;
  }
  if (resource.startsWith('targetgroup/')) {
    const tg = view.get('targetGroup', arn);
    if (!tg) throw elbv2Errors.targetGroupNotFound([arn]);
    return tg;
  }
  if (resource.startsWith('listener/')) {
    const l = view.get('listener', arn);
    if (!l) throw elbv2Errors.listenerNotFound([arn]);
    return l;
  }
  if (resource.startsWith('listener-rule/')) throw elbv2Error('RuleNotFound', `Rule '${arn}' not found`);
  if (resource.startsWith('truststore/')) throw elbv2Error('TrustStoreNotFound', `Trust store '${arn}' not found`);
  throw elbv2Errors.validation(`'${arn}' is not a valid resource ARN`);
}

function checkArnCount(arns: readonly string[]): void {
  if (arns.length === 0) throw elbv2Errors.validation('At least one resource ARN must be specified');
  if (arns.length > MAX_ARNS) {
    throw elbv2Errors.validation(`1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ARNS}`);
  }
}

export const tagHandlers: Elbv2HandlerTable = {
  AddTags: (ctx, input) => {
    checkArnCount(input.ResourceArns);
    const add = tagsIn(input.Tags);
    if (add.length === 0) throw elbv2Errors.validation('At least one tag must be specified');
    ctx.write((p) => {
      const found = input.ResourceArns.map((arn) => mustGetTaggable(p, arn));
      const merged: Tags[] = found.map((r) => mergeTags(r.tags, add));
      if (merged.some((t) => t.length > MAX_ELB_TAGS)) throw elbv2Errors.tooManyTags(MAX_ELB_TAGS);
      found.forEach((r, i) => p.put<Taggable>({ ...r, tags: merged[i]! }));
    });
    return {};
  },
  RemoveTags: (ctx, input) => {
    checkArnCount(input.ResourceArns);
    if (input.TagKeys.length === 0) throw elbv2Errors.validation('At least one tag key must be specified');
    const drop = new Set(input.TagKeys);
    ctx.write((p) => {
      const found = input.ResourceArns.map((arn) => mustGetTaggable(p, arn));
      for (const r of found) p.put<Taggable>({ ...r, tags: r.tags.filter((t) => !drop.has(t.key)) });
    });
    return {};
  },
  DescribeTags: (ctx, input) => {
    checkArnCount(input.ResourceArns);
    const view = ctx.read();
    return {
      TagDescriptions: input.ResourceArns.map((arn) => {
        const r = mustGetTaggable(view, arn);
        return { ResourceArn: arn, Tags: r.tags.map((t) => ({ Key: t.key, Value: t.value })) };
      }),
    };
  },
};
