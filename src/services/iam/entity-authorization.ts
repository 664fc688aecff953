/**
 * @module The ARN and condition keys an IAM call is authorized on, per entity. AWS (Service Authorization
 * Reference, IAM): users and roles carry `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>`, managed policies and
 * instance profiles `aws:ResourceTag/<key>`; tagging requests (Create* with Tags, Tag*) carry
 * `aws:RequestTag/<key>` and `aws:TagKeys`, Untag* `aws:TagKeys`. An entity that does not exist is asked on the ARN
 * its name would have at the default path, with no resource keys (the handler then answers NoSuchEntity).
 */
import { iamArn, recordId, type IamEntityType } from '../../model/iam-ids.js';
import { policyByArn } from '../../model/iam-policy.js';
import type { Tags } from '../../model/tags.js';
import type { IamContext } from './context.js';

export type Keys = Record<string, string | readonly string[]>;

/** Authorize `action` on the entity a name (or, for managed policies, an ARN) names, with extra request keys. */
export type EntityAuthorizer = (ctx: IamContext, action: string, nameOrArn: string, extra?: Keys) => void;

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

/** Create{User,Role}'s request keys: the tags' and, when a boundary is given, `iam:PermissionsBoundary`. */
export function creationKeys(tags: Tags, permissionsBoundary: string | undefined): Keys {
  return { ...requestTagKeys(tags), ...(permissionsBoundary !== undefined ? { 'iam:PermissionsBoundary': permissionsBoundary } : {}) };
}

/** Authorize `action` on an entity of `kind` named `name` (its stored ARN and tags). */
function authorizeNamed(kind: 'iamRole' | 'iamUser' | 'iamInstanceProfile', type: IamEntityType, withIamPrefix: boolean): EntityAuthorizer {
  return (ctx, action, name, extra = {}) => {
    const e = ctx.read().get(kind, recordId(type, name));
    ctx.authorize(action, e?.arn ?? iamArn(ctx.account, type, '/', name), { ...(e ? resourceTagKeys(e.tags, withIamPrefix) : {}), ...extra });
  };
}

/** Authorize `action` on the role named `name`. */
export const authorizeRole = authorizeNamed('iamRole', 'role', true);

/** Authorize `action` on the user named `name`. */
export const authorizeUser = authorizeNamed('iamUser', 'user', true);

/** Authorize `action` on the managed policy an ARN names. */
export function authorizePolicy(ctx: IamContext, action: string, arn: string, extra: Keys = {}): void {
  const p = policyByArn(ctx.read(), arn);
  ctx.authorize(action, arn, { ...(p ? resourceTagKeys(p.tags, false) : {}), ...extra });
}

/** Authorize `action` on the instance profile named `name`. */
export const authorizeInstanceProfile = authorizeNamed('iamInstanceProfile', 'instance-profile', false);
