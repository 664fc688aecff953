/** @module Managed policy operations: CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicies, DeletePolicy. */
import { iamErrors } from '../../errors/iam.js';
import { iamArn } from '../../model/iam-ids.js';
import { attachmentsOf, createManagedPolicy, deleteManagedPolicy, policyByArn } from '../../model/iam-policy.js';
import { isoTime } from '../../shared/clock.js';
import { byNameUnder, page, type IamHandlerTable } from './context.js';
import { encodePolicy, policyToWire } from './wire.js';

export const policyHandlers: IamHandlerTable = {
  CreatePolicy(ctx, input) {
    ctx.authorize('iam:CreatePolicy', iamArn(ctx.account, 'policy', input.Path ?? '/', input.PolicyName));
    const p = ctx.write((_p, tx) => createManagedPolicy(tx, ctx.account, { name: input.PolicyName, path: input.Path, document: input.PolicyDocument, description: input.Description }));
    const { AttachmentCount: _a, PermissionsBoundaryUsageCount: _b, ...wire } = policyToWire(ctx.read(), p);
    return { Policy: { ...wire, AttachmentCount: 0 } };
  },
  GetPolicy(ctx, input) {
    ctx.authorize('iam:GetPolicy', input.PolicyArn);
    const view = ctx.read();
    const p = policyByArn(view, input.PolicyArn);
    if (!p) throw iamErrors.noSuchPolicy(input.PolicyArn);
    return { Policy: policyToWire(view, p) };
  },
  GetPolicyVersion(ctx, input) {
    ctx.authorize('iam:GetPolicyVersion', input.PolicyArn);
    const p = policyByArn(ctx.read(), input.PolicyArn);
    if (!p) throw iamErrors.noSuchPolicy(input.PolicyArn);
    const v = p.versions.find((x) => x.versionId === input.VersionId);
    if (!v) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    return { PolicyVersion: { Document: encodePolicy(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === p.defaultVersionId, CreateDate: isoTime(v.createdAt) } };
  },
  ListPolicies(ctx, input) {
    ctx.authorize('iam:ListPolicies', iamArn(ctx.account, 'policy', '/', ''));
    const view = ctx.read();
    // AWS managed policies (Scope AWS) are not modelled: only the account's own (Local) policies are listed.
    const all = input.Scope === 'AWS' ? [] : byNameUnder(view.list('iamPolicy'), input.PathPrefix);
    const listed = input.OnlyAttached === true ? all.filter((p) => { const a = attachmentsOf(view, p.arn); return a.users.length + a.roles.length > 0; }) : all;
    const { items, ...rest } = page(listed, input);
    return { Policies: items.map((p) => policyToWire(view, p)), ...rest };
  },
  DeletePolicy(ctx, input) {
    ctx.authorize('iam:DeletePolicy', input.PolicyArn);
    ctx.write((p) => deleteManagedPolicy(p, input.PolicyArn));
    return {};
  },
};
