/** @module IAM records as wire shapes. AWS returns policy documents URL-encoded (RFC 3986); SDKs do not decode them. */
import { isoTime } from '../../shared/clock.js';
import type { AccessKeyRecord, IamInstanceProfile, IamManagedPolicy, IamRole, IamUser } from '../../model/resources.js';
import type { Tags } from '../../model/tags.js';
import type { WAccessKeyMetadata, WAttachedPermissionsBoundary, WInstanceProfile, WPolicy, WRole, WTag, WUser } from '../../specs/iam-types.js';
import type { ReadView } from '../../model/world.js';
import { attachmentsOf, boundaryUsesOf } from '../../model/iam-policy.js';
import { recordId } from '../../model/iam-ids.js';

/** AWS: "Policies returned by this operation are URL-encoded compliant with RFC 3986." */
export function encodePolicy(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function wireTags(tags: Tags): WTag[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

export function tagsFromWire(tags: readonly WTag[] | undefined): Tags {
  return (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

function boundaryToWire(arn: string | undefined): { PermissionsBoundary?: WAttachedPermissionsBoundary } {
  return arn !== undefined ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {};
}

/**
 * A user. `withDetail` (GetUser, CreateUser) adds Tags and PermissionsBoundary; AWS: ListUsers "does not return the
 * following attributes, even though they are an attribute of the returned object: PermissionsBoundary, Tags".
 */
export function userToWire(u: IamUser, withDetail = true): WUser {
  return {
    Path: u.path, UserName: u.name, UserId: u.userId, Arn: u.arn, CreateDate: isoTime(u.createdAt),
    ...(withDetail ? boundaryToWire(u.permissionsBoundaryArn) : {}),
    ...(withDetail && u.tags.length > 0 ? { Tags: wireTags(u.tags) } : {}),
  };
}

/**
 * A role. `withDetail` (GetRole) adds Tags, PermissionsBoundary and RoleLastUsed (empty: vpce does not record when
 * a role was last used); AWS: ListRoles does not return those three.
 */
export function roleToWire(r: IamRole, withDetail = true): WRole {
  return {
    Path: r.path, RoleName: r.name, RoleId: r.roleId, Arn: r.arn, CreateDate: isoTime(r.createdAt),
    AssumeRolePolicyDocument: encodePolicy(r.trustPolicy),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
    ...(withDetail ? boundaryToWire(r.permissionsBoundaryArn) : {}),
    ...(withDetail && r.tags.length > 0 ? { Tags: wireTags(r.tags) } : {}),
    ...(withDetail ? { RoleLastUsed: {} } : {}),
  };
}

/** A managed policy; `withTags` for GetPolicy and CreatePolicy (AWS: ListPolicies does not return tags). */
export function policyToWire(view: ReadView, p: IamManagedPolicy, withTags = true): WPolicy {
  const { users, roles } = attachmentsOf(view, p.arn);
  const bounded = boundaryUsesOf(view, p.arn);
  return {
    PolicyName: p.name, PolicyId: p.policyId, Arn: p.arn, Path: p.path, DefaultVersionId: p.defaultVersionId,
    AttachmentCount: users.length + roles.length, PermissionsBoundaryUsageCount: bounded.users.length + bounded.roles.length, IsAttachable: true,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: isoTime(p.createdAt), UpdateDate: isoTime(p.updatedAt),
    ...(withTags && p.tags.length > 0 ? { Tags: wireTags(p.tags) } : {}),
  };
}

/** An instance profile; `withTags` for GetInstanceProfile and CreateInstanceProfile (the List calls leave tags out). */
export function instanceProfileToWire(view: ReadView, ip: IamInstanceProfile, withTags = true): WInstanceProfile {
  const role = ip.roleName !== undefined ? view.get('iamRole', recordId('role', ip.roleName)) : undefined;
  return {
    Path: ip.path, InstanceProfileName: ip.name, InstanceProfileId: ip.instanceProfileId, Arn: ip.arn,
    CreateDate: isoTime(ip.createdAt), Roles: role ? [roleToWire(role, false)] : [],
    ...(withTags && ip.tags.length > 0 ? { Tags: wireTags(ip.tags) } : {}),
  };
}

export function accessKeyMetadata(k: AccessKeyRecord): WAccessKeyMetadata {
  return { UserName: k.userName, AccessKeyId: k.id, Status: k.status, CreateDate: isoTime(k.createdAt) };
}
