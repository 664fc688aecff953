/** @module Role operations: CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy and the role's policies. */
import { iamArn, recordId } from '../../model/iam-ids.js';
import { attachRolePolicy, createRole, deleteRole, deleteRolePolicy, detachRolePolicy, mustGetRole, putRolePolicy, updateAssumeRolePolicy } from '../../model/iam-role.js';
import { attachedPolicies, inlinePolicyNames, inlinePolicyOutput } from './holder-policies.js';
import { byNameUnder, page, type IamContext, type IamHandlerTable } from './context.js';
import { roleToWire, tagsFromWire } from './wire.js';

export function roleArn(ctx: IamContext, name: string): string {
  return ctx.read().get('iamRole', recordId('role', name))?.arn ?? iamArn(ctx.account, 'role', '/', name);
}

export const roleHandlers: IamHandlerTable = {
  CreateRole(ctx, input) {
    ctx.authorize('iam:CreateRole', iamArn(ctx.account, 'role', input.Path ?? '/', input.RoleName));
    const r = ctx.write((_p, tx) => createRole(tx, ctx.account, {
      name: input.RoleName, path: input.Path, trustPolicy: input.AssumeRolePolicyDocument, description: input.Description,
      maxSessionDuration: input.MaxSessionDuration, tags: tagsFromWire(input.Tags),
    }));
    const { RoleLastUsed: _unused, ...role } = roleToWire(r);
    return { Role: role };
  },
  GetRole(ctx, input) {
    ctx.authorize('iam:GetRole', roleArn(ctx, input.RoleName));
    return { Role: roleToWire(mustGetRole(ctx.read(), input.RoleName)) };
  },
  ListRoles(ctx, input) {
    ctx.authorize('iam:ListRoles', iamArn(ctx.account, 'role', '/', ''));
    const { items, ...rest } = page(byNameUnder(ctx.read().list('iamRole'), input.PathPrefix), input);
    return { Roles: items.map((r) => roleToWire(r, false)), ...rest };
  },
  DeleteRole(ctx, input) {
    ctx.authorize('iam:DeleteRole', roleArn(ctx, input.RoleName));
    ctx.write((p) => deleteRole(p, input.RoleName));
    return {};
  },
  UpdateAssumeRolePolicy(ctx, input) {
    ctx.authorize('iam:UpdateAssumeRolePolicy', roleArn(ctx, input.RoleName));
    ctx.write((p) => updateAssumeRolePolicy(p, input.RoleName, input.PolicyDocument));
    return {};
  },
  PutRolePolicy(ctx, input) {
    ctx.authorize('iam:PutRolePolicy', roleArn(ctx, input.RoleName));
    ctx.write((p) => putRolePolicy(p, input.RoleName, input.PolicyName, input.PolicyDocument));
    return {};
  },
  GetRolePolicy(ctx, input) {
    ctx.authorize('iam:GetRolePolicy', roleArn(ctx, input.RoleName));
    const r = mustGetRole(ctx.read(), input.RoleName);
    return { RoleName: r.name, ...inlinePolicyOutput(r, input.PolicyName) };
  },
  ListRolePolicies(ctx, input) {
    ctx.authorize('iam:ListRolePolicies', roleArn(ctx, input.RoleName));
    return inlinePolicyNames(mustGetRole(ctx.read(), input.RoleName), input);
  },
  DeleteRolePolicy(ctx, input) {
    ctx.authorize('iam:DeleteRolePolicy', roleArn(ctx, input.RoleName));
    ctx.write((p) => deleteRolePolicy(p, input.RoleName, input.PolicyName));
    return {};
  },
  AttachRolePolicy(ctx, input) {
    ctx.authorize('iam:AttachRolePolicy', roleArn(ctx, input.RoleName));
    ctx.write((p) => attachRolePolicy(p, input.RoleName, input.PolicyArn));
    return {};
  },
  DetachRolePolicy(ctx, input) {
    ctx.authorize('iam:DetachRolePolicy', roleArn(ctx, input.RoleName));
    ctx.write((p) => detachRolePolicy(p, input.RoleName, input.PolicyArn));
    return {};
  },
  ListAttachedRolePolicies(ctx, input) {
    ctx.authorize('iam:ListAttachedRolePolicies', roleArn(ctx, input.RoleName));
    const view = ctx.read();
    return attachedPolicies(view, mustGetRole(view, input.RoleName), input);
  },
};
