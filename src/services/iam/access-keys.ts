/** @module Access key operations: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. */
import { createAccessKey, deleteAccessKey, keysOf, updateAccessKey } from '../../model/access-key.js';
import { iamIn } from '../../model/iam-ids.js';
import { mustGetUser } from '../../model/iam-user.js';
import { isoTime } from '../../shared/clock.js';
import { page, type IamHandlerTable } from './context.js';
import { callerUserName, userArn, userNameOrCaller } from './users.js';
import { accessKeyMetadata } from './wire.js';

export const accessKeyHandlers: IamHandlerTable = {
  CreateAccessKey(ctx, input) {
    const name = userNameOrCaller(ctx, input.UserName);
    ctx.authorize('iam:CreateAccessKey', userArn(ctx, name));
    const k = ctx.write((_p, tx) => createAccessKey(tx, ctx.account, name));
    return { AccessKey: { UserName: k.userName, AccessKeyId: k.id, Status: k.status, SecretAccessKey: k.secretAccessKey, CreateDate: isoTime(k.createdAt) } };
  },
  ListAccessKeys(ctx, input) {
    const name = input.UserName ?? callerUserName(ctx);
    // AWS: the root's own keys are not modelled: a root caller without UserName has none.
    if (name === undefined) return { AccessKeyMetadata: [], IsTruncated: false };
    ctx.authorize('iam:ListAccessKeys', userArn(ctx, name));
    const keys = ctx.world.transact((tx) => keysOf(tx, mustGetUser(iamIn(tx, ctx.account), name)));
    const { items, ...rest } = page(keys, input);
    return { AccessKeyMetadata: items.map(accessKeyMetadata), ...rest };
  },
  UpdateAccessKey(ctx, input) {
    const name = userNameOrCaller(ctx, input.UserName);
    ctx.authorize('iam:UpdateAccessKey', userArn(ctx, name));
    ctx.write((_p, tx) => updateAccessKey(tx, ctx.account, name, input.AccessKeyId, input.Status === 'Inactive' ? 'Inactive' : 'Active'));
    return {};
  },
  DeleteAccessKey(ctx, input) {
    const name = userNameOrCaller(ctx, input.UserName);
    ctx.authorize('iam:DeleteAccessKey', userArn(ctx, name));
    ctx.write((_p, tx) => deleteAccessKey(tx, ctx.account, name, input.AccessKeyId));
    return {};
  },
};
