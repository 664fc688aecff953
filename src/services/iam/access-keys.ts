/** @module Access key operations: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. */
import { createAccessKey, deleteAccessKey, keysOf, updateAccessKey } from '../../model/access-key.js';
import { iamErrors } from '../../errors/iam.js';
import { iamIn } from '../../model/iam-ids.js';
import { GLOBAL } from '../../model/world.js';
import { mustGetUser } from '../../model/iam-user.js';
import { isoTime } from '../../shared/clock.js';
import { page, type IamHandlerTable } from './context.js';
import { authorizeUser } from './entity-authorization.js';
import { callerUserName, userNameOrCaller } from './users.js';
import { accessKeyMetadata } from './wire.js';

export const accessKeyHandlers: IamHandlerTable = {
  CreateAccessKey(ctx, input) {
    const name = userNameOrCaller(ctx, input.UserName);
    authorizeUser(ctx, 'iam:CreateAccessKey', name);
    const k = ctx.write((_p, tx) => createAccessKey(tx, ctx.account, name));
    return { AccessKey: { UserName: k.userName, AccessKeyId: k.id, Status: k.status, SecretAccessKey: k.secretAccessKey, CreateDate: isoTime(k.createdAt) } };
  },
  ListAccessKeys(ctx, input) {
    const name = input.UserName ?? callerUserName(ctx);
    // AWS: the root's own keys are not modelled: a root caller without UserName has none.
    if (name === undefined) return { AccessKeyMetadata: [], IsTruncated: false };
    authorizeUser(ctx, 'iam:ListAccessKeys', name);
    const keys = ctx.world.transact((tx) => keysOf(tx, mustGetUser(iamIn(tx, ctx.account), name)));
    const { items, ...rest } = page(keys, input);
    return { AccessKeyMetadata: items.map(accessKeyMetadata), ...rest };
  },
  UpdateAccessKey(ctx, input) {
    const name = userNameOrCaller(ctx, input.UserName);
    // AWS: a key can only be made Active or Inactive; `Expired` (a status IAM reports, never sets) is refused.
    if (input.Status !== 'Active' && input.Status !== 'Inactive') {
      throw iamErrors.validation(`1 validation error detected: Value '${input.Status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    }
    authorizeUser(ctx, 'iam:UpdateAccessKey', name);
    ctx.write((_p, tx) => updateAccessKey(tx, ctx.account, name, input.AccessKeyId, input.Status === 'Inactive' ? 'Inactive' : 'Active'));
    return {};
  },
  DeleteAccessKey(ctx, input) {
    const name = userNameOrCaller(ctx, input.UserName);
    authorizeUser(ctx, 'iam:DeleteAccessKey', name);
    ctx.write((_p, tx) => deleteAccessKey(tx, ctx.account, name, input.AccessKeyId));
    return {};
  },
  GetAccessKeyLastUsed(ctx, input) {
    const key = ctx.world.partition(GLOBAL).get('accessKey', input.AccessKeyId);
    // AWS: a key that is not a user key of the caller's account names no resource to allow: AccessDenied.
    if (!key || key.ownerId !== ctx.account) {
      throw iamErrors.accessDenied(ctx.call.caller.principalArn, 'iam:GetAccessKeyLastUsed', `access key ${input.AccessKeyId}`, false);
    }
    authorizeUser(ctx, 'iam:GetAccessKeyLastUsed', key.userName);
    // vpce does not record when a key was last used: AWS answers a never-used key with N/A and no date.
    return { UserName: key.userName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
  },
};
