/** @module Instance profile operations: create, get, list, delete, and adding or removing the one role. */
import { iamArn } from '../../model/iam-ids.js';
import { mustGetRole } from '../../model/iam-role.js';
import { addRoleToInstanceProfile, createInstanceProfile, deleteInstanceProfile, mustGetInstanceProfile, removeRoleFromInstanceProfile } from '../../model/instance-profile.js';
import { byNameUnder, page, type IamHandlerTable } from './context.js';
import { authorizeInstanceProfile, authorizeRole, requestTagKeys } from './entity-authorization.js';
import { instanceProfileToWire, tagsFromWire } from './wire.js';

export const instanceProfileHandlers: IamHandlerTable = {
  CreateInstanceProfile(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    ctx.authorize('iam:CreateInstanceProfile', iamArn(ctx.account, 'instance-profile', input.Path ?? '/', input.InstanceProfileName), requestTagKeys(tags));
    const ip = ctx.write((_p, tx) => createInstanceProfile(tx, ctx.account, { name: input.InstanceProfileName, path: input.Path, tags }));
    return { InstanceProfile: instanceProfileToWire(ctx.read(), ip) };
  },
  GetInstanceProfile(ctx, input) {
    authorizeInstanceProfile(ctx, 'iam:GetInstanceProfile', input.InstanceProfileName);
    const view = ctx.read();
    return { InstanceProfile: instanceProfileToWire(view, mustGetInstanceProfile(view, input.InstanceProfileName)) };
  },
  ListInstanceProfiles(ctx, input) {
    ctx.authorize('iam:ListInstanceProfiles', iamArn(ctx.account, 'instance-profile', '/', ''));
    const view = ctx.read();
    const { items, ...rest } = page(byNameUnder(view.list('iamInstanceProfile'), input.PathPrefix), input);
    // AWS: listing operations do not return tags.
    return { InstanceProfiles: items.map((ip) => instanceProfileToWire(view, ip, false)), ...rest };
  },
  ListInstanceProfilesForRole(ctx, input) {
    authorizeRole(ctx, 'iam:ListInstanceProfilesForRole', input.RoleName);
    const view = ctx.read();
    const role = mustGetRole(view, input.RoleName);
    const holding = byNameUnder(view.list('iamInstanceProfile'), '/').filter((ip) => ip.roleName?.toLowerCase() === role.name.toLowerCase());
    const { items, ...rest } = page(holding, input);
    return { InstanceProfiles: items.map((ip) => instanceProfileToWire(view, ip, false)), ...rest };
  },
  DeleteInstanceProfile(ctx, input) {
    authorizeInstanceProfile(ctx, 'iam:DeleteInstanceProfile', input.InstanceProfileName);
    ctx.write((p) => deleteInstanceProfile(p, input.InstanceProfileName));
    return {};
  },
  AddRoleToInstanceProfile(ctx, input) {
    authorizeInstanceProfile(ctx, 'iam:AddRoleToInstanceProfile', input.InstanceProfileName);
    ctx.write((p) => addRoleToInstanceProfile(p, input.InstanceProfileName, input.RoleName));
    return {};
  },
  RemoveRoleFromInstanceProfile(ctx, input) {
    authorizeInstanceProfile(ctx, 'iam:RemoveRoleFromInstanceProfile', input.InstanceProfileName);
    ctx.write((p) => removeRoleFromInstanceProfile(p, input.InstanceProfileName, input.RoleName));
    return {};
  },
};
