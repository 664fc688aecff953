/**
 * @module User operations: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, ListGroupsForUser and the user's
 * inline and attached policies.
 */
import { iamErrors } from '../../errors/iam.js';
import { iamArn, lastSegment, rootArn, splitPrincipalArn } from '../../model/iam-ids.js';
import { createUser, deleteUser, mustGetUser, updateUser } from '../../model/iam-user.js';
import { isoTime } from '../../shared/clock.js';
import { holderPolicyHandlers } from './holder-policies.js';
import { byNameUnder, page, type IamContext, type IamHandlerTable } from './context.js';
import { authorizeUser, creationKeys } from './entity-authorization.js';
import { tagsFromWire, userToWire } from './wire.js';

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

const userPolicies = holderPolicyHandlers({ entity: 'User', member: 'UserName', authorize: authorizeUser, mustGet: mustGetUser, named: (n) => ({ UserName: n }) });

export const userHandlers: IamHandlerTable = {
  CreateUser(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    ctx.authorize('iam:CreateUser', iamArn(ctx.account, 'user', input.Path ?? '/', input.UserName), creationKeys(tags, input.PermissionsBoundary));
    const u = ctx.write((_p, tx) => createUser(tx, ctx.account, { name: input.UserName, path: input.Path, permissionsBoundary: input.PermissionsBoundary, tags }));
    return { User: userToWire(u) };
  },
  GetUser(ctx, input) {
    const caller = ctx.call.caller.principalArn;
    // AWS: without a name GetUser describes the caller; the account root is described by its account id.
    if (input.UserName === undefined && caller === rootArn(ctx.account)) {
      return { User: { Path: '/', UserId: ctx.account, Arn: caller, CreateDate: isoTime(0) } };
    }
    const name = userNameOrCaller(ctx, input.UserName);
    authorizeUser(ctx, 'iam:GetUser', name);
    return { User: userToWire(mustGetUser(ctx.read(), name)) };
  },
  ListUsers(ctx, input) {
    ctx.authorize('iam:ListUsers', iamArn(ctx.account, 'user', '/', ''));
    const { items, ...rest } = page(byNameUnder(ctx.read().list('iamUser'), input.PathPrefix), input);
    return { Users: items.map((u) => userToWire(u, false)), ...rest };
  },
  UpdateUser(ctx, input) {
    authorizeUser(ctx, 'iam:UpdateUser', input.UserName);
    ctx.write((_p, tx) => updateUser(tx, ctx.account, input.UserName, { newName: input.NewUserName, newPath: input.NewPath }));
    return {};
  },
  ListGroupsForUser(ctx, input) {
    authorizeUser(ctx, 'iam:ListGroupsForUser', input.UserName);
    // Groups are not modelled: a user that exists belongs to none.
    mustGetUser(ctx.read(), input.UserName);
    return { Groups: [], IsTruncated: false };
  },
  DeleteUser(ctx, input) {
    authorizeUser(ctx, 'iam:DeleteUser', input.UserName);
    ctx.write((p) => deleteUser(p, input.UserName));
    return {};
  },
  PutUserPolicy: userPolicies.put, GetUserPolicy: userPolicies.get, ListUserPolicies: userPolicies.list, DeleteUserPolicy: userPolicies.remove,
  AttachUserPolicy: userPolicies.attach, DetachUserPolicy: userPolicies.detach, ListAttachedUserPolicies: userPolicies.listAttached,
};
