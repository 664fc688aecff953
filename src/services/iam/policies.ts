/**
 * @module Managed policy operations: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, the policy's versions
 * (CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion) and
 * ListEntitiesForPolicy.
 */
import { iamArn } from '../../model/iam-ids.js';
import {
  attachmentsOf, boundaryUsesOf, createManagedPolicy, createPolicyVersion, deleteManagedPolicy, deletePolicyVersion, mustGetPolicy, policyVersion,
  setDefaultPolicyVersion, versionsNewestFirst,
} from '../../model/iam-policy.js';
import type { IamPolicyVersion, IamRole, IamUser } from '../../model/resources.js';
import { isoTime } from '../../shared/clock.js';
import type { WPolicyVersion } from '../../specs/iam-types.js';
import { byNameUnder, page, type IamHandlerTable } from './context.js';
import { authorizePolicy, requestTagKeys } from './entity-authorization.js';
import { encodePolicy, policyToWire, tagsFromWire } from './wire.js';

/** A version as the wire shows it; AWS: ListPolicyVersions leaves the document out. */
function versionToWire(v: IamPolicyVersion, defaultVersionId: string, withDocument: boolean): WPolicyVersion {
  return {
    ...(withDocument ? { Document: encodePolicy(v.document) } : {}),
    VersionId: v.versionId, IsDefaultVersion: v.versionId === defaultVersionId, CreateDate: isoTime(v.createdAt),
  };
}

type Usage = 'PermissionsPolicy' | 'PermissionsBoundary' | undefined;

/** The users and roles using a policy the way `usage` says (both ways when absent), each once. */
function usersAndRoles(view: Parameters<typeof attachmentsOf>[0], arn: string, usage: Usage): { users: IamUser[]; roles: IamRole[] } {
  const attached = usage === 'PermissionsBoundary' ? { users: [], roles: [] } : attachmentsOf(view, arn);
  const bounded = usage === 'PermissionsPolicy' ? { users: [], roles: [] } : boundaryUsesOf(view, arn);
  return {
    users: [...new Set([...attached.users, ...bounded.users])],
    roles: [...new Set([...attached.roles, ...bounded.roles])],
  };
}

export const policyHandlers: IamHandlerTable = {
  CreatePolicy(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    ctx.authorize('iam:CreatePolicy', iamArn(ctx.account, 'policy', input.Path ?? '/', input.PolicyName), requestTagKeys(tags));
    const p = ctx.write((_p, tx) => createManagedPolicy(tx, ctx.account, { name: input.PolicyName, path: input.Path, document: input.PolicyDocument, description: input.Description, tags }));
    const { AttachmentCount: _a, PermissionsBoundaryUsageCount: _b, ...wire } = policyToWire(ctx.read(), p);
    return { Policy: { ...wire, AttachmentCount: 0 } };
  },
  GetPolicy(ctx, input) {
    authorizePolicy(ctx, 'iam:GetPolicy', input.PolicyArn);
    const view = ctx.read();
    return { Policy: policyToWire(view, mustGetPolicy(view, input.PolicyArn)) };
  },
  GetPolicyVersion(ctx, input) {
    authorizePolicy(ctx, 'iam:GetPolicyVersion', input.PolicyArn);
    const { policy, version } = policyVersion(ctx.read(), input.PolicyArn, input.VersionId);
    return { PolicyVersion: versionToWire(version, policy.defaultVersionId, true) };
  },
  ListPolicies(ctx, input) {
    ctx.authorize('iam:ListPolicies', iamArn(ctx.account, 'policy', '/', ''));
    const view = ctx.read();
    // AWS managed policies (Scope AWS) are not modelled: only the account's own (Local) policies are listed.
    // AWS: PolicyUsageFilter PermissionsBoundary lists "only the policies used to set permissions boundaries";
    // PermissionsPolicy lists permissions policies, which any customer managed policy is. OnlyAttached keeps the
    // policies attached (AttachmentCount > 0), or used as a boundary under the PermissionsBoundary filter.
    const all = input.Scope === 'AWS' ? [] : byNameUnder(view.list('iamPolicy'), input.PathPrefix);
    const usage: Usage = input.PolicyUsageFilter === 'PermissionsBoundary' ? 'PermissionsBoundary' : 'PermissionsPolicy';
    const used = (arn: string): boolean => { const u = usersAndRoles(view, arn, usage); return u.users.length + u.roles.length > 0; };
    const listed = input.OnlyAttached === true || input.PolicyUsageFilter === 'PermissionsBoundary' ? all.filter((p) => used(p.arn)) : all;
    const { items, ...rest } = page(listed, input);
    return { Policies: items.map((p) => policyToWire(view, p, false)), ...rest };
  },
  DeletePolicy(ctx, input) {
    authorizePolicy(ctx, 'iam:DeletePolicy', input.PolicyArn);
    ctx.write((p) => deleteManagedPolicy(p, input.PolicyArn));
    return {};
  },
  CreatePolicyVersion(ctx, input) {
    authorizePolicy(ctx, 'iam:CreatePolicyVersion', input.PolicyArn);
    const v = ctx.write((_p, tx) => createPolicyVersion(tx, ctx.account, input.PolicyArn, input.PolicyDocument, input.SetAsDefault === true));
    const policy = mustGetPolicy(ctx.read(), input.PolicyArn);
    return { PolicyVersion: versionToWire(v, policy.defaultVersionId, true) };
  },
  ListPolicyVersions(ctx, input) {
    authorizePolicy(ctx, 'iam:ListPolicyVersions', input.PolicyArn);
    const policy = mustGetPolicy(ctx.read(), input.PolicyArn);
    const { items, ...rest } = page(versionsNewestFirst(policy), input);
    return { Versions: items.map((v) => versionToWire(v, policy.defaultVersionId, false)), ...rest };
  },
  DeletePolicyVersion(ctx, input) {
    authorizePolicy(ctx, 'iam:DeletePolicyVersion', input.PolicyArn);
    ctx.write((p) => deletePolicyVersion(p, input.PolicyArn, input.VersionId));
    return {};
  },
  SetDefaultPolicyVersion(ctx, input) {
    authorizePolicy(ctx, 'iam:SetDefaultPolicyVersion', input.PolicyArn);
    ctx.write((p) => setDefaultPolicyVersion(p, input.PolicyArn, input.VersionId));
    return {};
  },
  ListEntitiesForPolicy(ctx, input) {
    authorizePolicy(ctx, 'iam:ListEntitiesForPolicy', input.PolicyArn);
    const view = ctx.read();
    mustGetPolicy(view, input.PolicyArn);
    const { users, roles } = usersAndRoles(view, input.PolicyArn, input.PolicyUsageFilter as Usage);
    // Groups are not modelled (PolicyGroups is always empty); the policy-type filters name no user or role.
    const filter = input.EntityFilter;
    const entities = [
      ...(filter === undefined || filter === 'User' ? byNameUnder(users, input.PathPrefix) : []),
      ...(filter === undefined || filter === 'Role' ? byNameUnder(roles, input.PathPrefix) : []),
    ];
    const { items, ...rest } = page(entities, input);
    return {
      PolicyGroups: [],
      PolicyUsers: items.filter((e): e is IamUser => e.kind === 'iamUser').map((u) => ({ UserName: u.name, UserId: u.userId })),
      PolicyRoles: items.filter((e): e is IamRole => e.kind === 'iamRole').map((r) => ({ RoleName: r.name, RoleId: r.roleId })),
      ...rest,
    };
  },
};
