/** @module User operations: CreateUser, GetUser, ListUsers, DeleteUser and the user's inline and attached policies. */
import { iamErrors } from '../../errors/iam.js';
import { iamArn, lastSegment, recordId, rootArn, splitPrincipalArn } from '../../model/iam-ids.js';
import { attachUserPolicy, createUser, deleteUser, deleteUserPolicy, detachUserPolicy, mustGetUser, putUserPolicy } from '../../model/iam-user.js';
import { isoTime } from '../../shared/clock.js';
import { attachedPolicies, inlinePolicyNames, inlinePolicyOutput } from './holder-policies.js';
import { byNameUnder, page, type IamContext, type IamHandlerTable } from './context.js';
import { tagsFromWire, userToWire } from './wire.js';

/** The ARN of a user for authorization: the stored one (with its path), else the default path's. */
export function userArn(ctx: IamContext, name: string): string {
  return ctx.read().get('iamUser', recordId('user', name))?.arn ?? iamArn(ctx.account, 'user', '/', name);
}

/** The calling user's name when the caller is an IAM user of this account. */
export function callerUserName(ctx: IamContext): string | undefined {
  const parts = splitPrincipalArn(ctx.call.caller.principalArn);
  return parts?.service === 'iam' && parts.resource.startsWith('user/') ? lastSegment(parts.resource) : undefined;
}

/** AWS: operations whose UserName defaults to the caller need a user caller (or an explicit name). */
export function userNameOrCaller(ctx: IamContext, name: string | undefined): string {
  const n = name ?? callerUserName(ctx);
  if (n === undefined) throw iamErrors.validation('Must specify userName when calling with non-User credentials');
  return n;
}

export const userHandlers: IamHandlerTable = {
  CreateUser(ctx, input) {
    ctx.authorize('iam:CreateUser', iamArn(ctx.account, 'user', input.Path ?? '/', input.UserName));
    const u = ctx.write((_p, tx) => createUser(tx, ctx.account, { name: input.UserName, path: input.Path, tags: tagsFromWire(input.Tags) }));
    return { User: userToWire(u) };
  },
  GetUser(ctx, input) {
    const caller = ctx.call.caller.principalArn;
    // AWS: without a name GetUser describes the caller; the account root is described by its account id.
    if (input.UserName === undefined && caller === rootArn(ctx.account)) {
      return { User: { Path: '/', UserId: ctx.account, Arn: caller, CreateDate: isoTime(0) } };
    }
    const name = userNameOrCaller(ctx, input.UserName);
    ctx.authorize('iam:GetUser', userArn(ctx, name));
    return { User: userToWire(mustGetUser(ctx.read(), name)) };
  },
  ListUsers(ctx, input) {
    ctx.authorize('iam:ListUsers', iamArn(ctx.account, 'user', '/', ''));
    const { items, ...rest } = page(byNameUnder(ctx.read().list('iamUser'), input.PathPrefix), input);
    return { Users: items.map(userToWire), ...rest };
  },
  DeleteUser(ctx, input) {
    ctx.authorize('iam:DeleteUser', userArn(ctx, input.UserName));
    ctx.write((p) => deleteUser(p, input.UserName));
    return {};
  },
  PutUserPolicy(ctx, input) {
    ctx.authorize('iam:PutUserPolicy', userArn(ctx, input.UserName));
    ctx.write((p) => putUserPolicy(p, input.UserName, input.PolicyName, input.PolicyDocument));
    return {};
  },
  GetUserPolicy(ctx, input) {
    ctx.authorize('iam:GetUserPolicy', userArn(ctx, input.UserName));
    const u = mustGetUser(ctx.read(), input.UserName);
    return { UserName: u.name, ...inlinePolicyOutput(u, input.PolicyName) };
  },
  ListUserPolicies(ctx, input) {
    ctx.authorize('iam:ListUserPolicies', userArn(ctx, input.UserName));
    return inlinePolicyNames(mustGetUser(ctx.read(), input.UserName), input);
  },
  DeleteUserPolicy(ctx, input) {
    ctx.authorize('iam:DeleteUserPolicy', userArn(ctx, input.UserName));
    ctx.write((p) => deleteUserPolicy(p, input.UserName, input.PolicyName));
    return {};
  },
  AttachUserPolicy(ctx, input) {
    ctx.authorize('iam:AttachUserPolicy', userArn(ctx, input.UserName));
    ctx.write((p) => attachUserPolicy(p, input.UserName, input.PolicyArn));
    return {};
  },
  DetachUserPolicy(ctx, input) {
    ctx.authorize('iam:DetachUserPolicy', userArn(ctx, input.UserName));
    ctx.write((p) => detachUserPolicy(p, input.UserName, input.PolicyArn));
    return {};
  },
  ListAttachedUserPolicies(ctx, input) {
    ctx.authorize('iam:ListAttachedUserPolicies', userArn(ctx, input.UserName));
    const view = ctx.read();
    return attachedPolicies(view, mustGetUser(view, input.UserName), input);
  },
};
