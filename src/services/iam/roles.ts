/**
 * @module Role operations: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, DeleteRole,
 * UpdateAssumeRolePolicy and the role's policies.
 */
import { iamArn } from '../../model/iam-ids.js';
import { createRole, deleteRole, mustGetRole, updateAssumeRolePolicy, updateRole } from '../../model/iam-role.js';
import { holderPolicyHandlers } from './holder-policies.js';
import { byNameUnder, page, type IamHandlerTable } from './context.js';
import { authorizeRole, creationKeys } from './entity-authorization.js';
import { roleToWire, tagsFromWire } from './wire.js';

const rolePolicies = holderPolicyHandlers({ entity: 'Role', member: 'RoleName', authorize: authorizeRole, mustGet: mustGetRole, named: (n) => ({ RoleName: n }) });

export const roleHandlers: IamHandlerTable = {
  CreateRole(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    ctx.authorize('iam:CreateRole', iamArn(ctx.account, 'role', input.Path ?? '/', input.RoleName), creationKeys(tags, input.PermissionsBoundary));
    const r = ctx.write((_p, tx) => createRole(tx, ctx.account, {
      name: input.RoleName, path: input.Path, trustPolicy: input.AssumeRolePolicyDocument, description: input.Description,
      maxSessionDuration: input.MaxSessionDuration, permissionsBoundary: input.PermissionsBoundary, tags,
    }));
    const { RoleLastUsed: _unused, ...role } = roleToWire(r);
    return { Role: role };
  },
  GetRole(ctx, input) {
    authorizeRole(ctx, 'iam:GetRole', input.RoleName);
    return { Role: roleToWire(mustGetRole(ctx.read(), input.RoleName)) };
  },
  ListRoles(ctx, input) {
    ctx.authorize('iam:ListRoles', iamArn(ctx.account, 'role', '/', ''));
    const { items, ...rest } = page(byNameUnder(ctx.read().list('iamRole'), input.PathPrefix), input);
    return { Roles: items.map((r) => roleToWire(r, false)), ...rest };
  },
  UpdateRole(ctx, input) {
    authorizeRole(ctx, 'iam:UpdateRole', input.RoleName);
    ctx.write((p) => updateRole(p, input.RoleName, { description: input.Description, maxSessionDuration: input.MaxSessionDuration }));
    return {};
  },
  UpdateRoleDescription(ctx, input) {
    // AWS: UpdateRoleDescription is authorized as iam:UpdateRoleDescription and answers the updated role.
    authorizeRole(ctx, 'iam:UpdateRoleDescription', input.RoleName);
    const r = ctx.write((p) => updateRole(p, input.RoleName, { description: input.Description }));
    return { Role: roleToWire(r) };
  },
  DeleteRole(ctx, input) {
    authorizeRole(ctx, 'iam:DeleteRole', input.RoleName);
    ctx.write((p) => deleteRole(p, input.RoleName));
    return {};
  },
  UpdateAssumeRolePolicy(ctx, input) {
    authorizeRole(ctx, 'iam:UpdateAssumeRolePolicy', input.RoleName);
    ctx.write((p) => updateAssumeRolePolicy(p, input.RoleName, input.PolicyDocument));
    return {};
  },
  PutRolePolicy: rolePolicies.put, GetRolePolicy: rolePolicies.get, ListRolePolicies: rolePolicies.list, DeleteRolePolicy: rolePolicies.remove,
  AttachRolePolicy: rolePolicies.attach, DetachRolePolicy: rolePolicies.detach, ListAttachedRolePolicies: rolePolicies.listAttached,
};
