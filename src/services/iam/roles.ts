/**
 * @module Role operations: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, DeleteRole,
 * UpdateAssumeRolePolicy and the role's policies.
 */
import { iamArn } from '../../model/iam-ids.js';
import {
  attachRolePolicy, createRole, deleteRole, deleteRolePolicy, detachRolePolicy, mustGetRole, putRolePolicy, updateAssumeRolePolicy, updateRole,
} from '../../model/iam-role.js';
import { attachedPolicies, inlinePolicyNames, inlinePolicyOutput } from './holder-policies.js';
import { byNameUnder, page, type IamHandlerTable } from './context.js';
import { authorizeRole, requestTagKeys } from './entity-authorization.js';
import { roleToWire, tagsFromWire } from './wire.js';

export const roleHandlers: IamHandlerTable = {
  CreateRole(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    ctx.authorize('iam:CreateRole', iamArn(ctx.account, 'role', input.Path ?? '/', input.RoleName), {
      ...requestTagKeys(tags), ...(input.PermissionsBoundary !== undefined ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}),
    });
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
  PutRolePolicy(ctx, input) {
    authorizeRole(ctx, 'iam:PutRolePolicy', input.RoleName);
    ctx.write((p) => putRolePolicy(p, input.RoleName, input.PolicyName, input.PolicyDocument));
    return {};
  },
  GetRolePolicy(ctx, input) {
    authorizeRole(ctx, 'iam:GetRolePolicy', input.RoleName);
    const r = mustGetRole(ctx.read(), input.RoleName);
    return { RoleName: r.name, ...inlinePolicyOutput(r, input.PolicyName) };
  },
  ListRolePolicies(ctx, input) {
    authorizeRole(ctx, 'iam:ListRolePolicies', input.RoleName);
    return inlinePolicyNames(mustGetRole(ctx.read(), input.RoleName), input);
  },
  DeleteRolePolicy(ctx, input) {
    authorizeRole(ctx, 'iam:DeleteRolePolicy', input.RoleName);
    ctx.write((p) => deleteRolePolicy(p, input.RoleName, input.PolicyName));
    return {};
  },
  AttachRolePolicy(ctx, input) {
    authorizeRole(ctx, 'iam:AttachRolePolicy', input.RoleName, { 'iam:PolicyARN': input.PolicyArn });
    ctx.write((p) => attachRolePolicy(p, input.RoleName, input.PolicyArn));
    return {};
  },
  DetachRolePolicy(ctx, input) {
    authorizeRole(ctx, 'iam:DetachRolePolicy', input.RoleName, { 'iam:PolicyARN': input.PolicyArn });
    ctx.write((p) => detachRolePolicy(p, input.RoleName, input.PolicyArn));
    return {};
  },
  ListAttachedRolePolicies(ctx, input) {
    authorizeRole(ctx, 'iam:ListAttachedRolePolicies', input.RoleName);
    const view = ctx.read();
    return attachedPolicies(view, mustGetRole(view, input.RoleName), input);
  },
};
