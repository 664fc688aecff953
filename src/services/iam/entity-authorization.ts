/**
 * @module The ARN and condition keys an IAM call is authorized on, per entity. AWS (Service Authorization
 * Reference, IAM): users and roles carry `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>`, managed policies and
 * instance profiles `aws:ResourceTag/<key>`; tagging requests (Create* with Tags, Tag*) carry
 * `aws:RequestTag/<key>` and `aws:TagKeys`, Untag* `aws:TagKeys`. An entity that does not exist is asked on the ARN
 * its name would have at the default path, with no resource keys (the handler then answers NoSuchEntity).
 */
import { iamArn, recordId } from '../../model/iam-ids.js';
import { policyByArn } from '../../model/iam-policy.js';
import type { Tags } from '../../model/tags.js';
import type { IamContext } from './context.js';

export type Keys = Record<string, string | readonly string[]>;

function resourceTagKeys(tags: Tags, withIamPrefix: boolean): Keys {
  const out: Keys = {};
  for (const t of tags) {
    out[`aws:ResourceTag/${t.key}`] = t.value;
    if (withIamPrefix) out[`iam:ResourceTag/${t.key}`] = t.value;
  }
  return out;
}

/** `aws:RequestTag/<key>` for each tag and `aws:TagKeys` (none when the request has no tags). */
export function requestTagKeys(tags: Tags): Keys {
  if (tags.length === 0) return {};
  const out: Keys = { 'aws:TagKeys': tags.map((t) => t.key) };
  for (const t of tags) out[`aws:RequestTag/${t.key}`] = t.value;
  return out;
}

/** Authorize `action` on the role named `name` (its stored ARN and tags). */
export function authorizeRole(ctx: IamContext, action: string, name: string, extra: Keys = {}): void {
  const r = ctx.read().get('iamRole', recordId('role', name));
  ctx.authorize(action, r?.arn ?? iamArn(ctx.account, 'role', '/', name), { ...(r ? resourceTagKeys(r.tags, true) : {}), ...extra });
}

/** Authorize `action` on the user named `name`. */
export function authorizeUser(ctx: IamContext, action: string, name: string, extra: Keys = {}): void {
  const u = ctx.read().get('iamUser', recordId('user', name));
  ctx.authorize(action, u?.arn ?? iamArn(ctx.account, 'user', '/', name), { ...(u ? resourceTagKeys(u.tags, true) : {}), ...extra });
}

/** Authorize `action` on the managed policy an ARN names. */
export function authorizePolicy(ctx: IamContext, action: string, arn: string, extra: Keys = {}): void {
  const p = policyByArn(ctx.read(), arn);
  ctx.authorize(action, arn, { ...(p ? resourceTagKeys(p.tags, false) : {}), ...extra });
}

/** Authorize `action` on the instance profile named `name`. */
export function authorizeInstanceProfile(ctx: IamContext, action: string, name: string, extra: Keys = {}): void {
  const ip = ctx.read().get('iamInstanceProfile', recordId('instance-profile', name));
  ctx.authorize(action, ip?.arn ?? iamArn(ctx.account, 'instance-profile', '/', name), { ...(ip ? resourceTagKeys(ip.tags, false) : {}), ...extra });
}
