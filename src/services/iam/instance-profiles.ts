/** @module Instance profile operations: create, get, list, delete, and adding or removing the one role. */
import { iamArn, recordId } from '../../model/iam-ids.js';
import { mustGetRole } from '../../model/iam-role.js';
import { addRoleToInstanceProfile, createInstanceProfile, deleteInstanceProfile, mustGetInstanceProfile, removeRoleFromInstanceProfile } from '../../model/instance-profile.js';
import { byNameUnder, page, type IamContext, type IamHandlerTable } from './context.js';
import { roleArn } from './roles.js';
import { instanceProfileToWire } from './wire.js';

function profileArn(ctx: IamContext, name: string): string {
  return ctx.read().get('iamInstanceProfile', recordId('instance-profile', name))?.arn ?? iamArn(ctx.account, 'instance-profile', '/', name);
}

export const instanceProfileHandlers: IamHandlerTable = {
  CreateInstanceProfile(ctx, input) {
    ctx.authorize('iam:CreateInstanceProfile', iamArn(ctx.account, 'instance-profile', input.Path ?? '/', input.InstanceProfileName));
    const ip = ctx.write((_p, tx) => createInstanceProfile(tx, ctx.account, { name: input.InstanceProfileName, path: input.Path }));
    return { InstanceProfile: instanceProfileToWire(ctx.read(), ip) };
  },
  GetInstanceProfile(ctx, input) {
    ctx.authorize('iam:GetInstanceProfile', profileArn(ctx, input.InstanceProfileName));
    const view = ctx.read();
    return { InstanceProfile: instanceProfileToWire(view, mustGetInstanceProfile(view, input.InstanceProfileName)) };
  },
  ListInstanceProfiles(ctx, input) {
    ctx.authorize('iam:ListInstanceProfiles', iamArn(ctx.account, 'instance-profile', '/', ''));
    const view = ctx.read();
    const { items, ...rest } = page(byNameUnder(view.list('iamInstanceProfile'), input.PathPrefix), input);
    return { InstanceProfiles: items.map((ip) => instanceProfileToWire(view, ip)), ...rest };
  },
  ListInstanceProfilesForRole(ctx, input) {
    ctx.authorize('iam:ListInstanceProfilesForRole', roleArn(ctx, input.RoleName));
    const view = ctx.read();
    const role = mustGetRole(view, input.RoleName);
    const holding = byNameUnder(view.list('iamInstanceProfile'), '/').filter((ip) => ip.roleName?.toLowerCase() === role.name.toLowerCase());
    const { items, ...rest } = page(holding, input);
    return { InstanceProfiles: items.map((ip) => instanceProfileToWire(view, ip)), ...rest };
  },
  DeleteInstanceProfile(ctx, input) {
    ctx.authorize('iam:DeleteInstanceProfile', profileArn(ctx, input.InstanceProfileName));
    ctx.write((p) => deleteInstanceProfile(p, input.InstanceProfileName));
    return {};
  },
  AddRoleToInstanceProfile(ctx, input) {
    ctx.authorize('iam:AddRoleToInstanceProfile', profileArn(ctx, input.InstanceProfileName));
    ctx.write((p) => addRoleToInstanceProfile(p, input.InstanceProfileName, input.RoleName));
    return {};
  },
  RemoveRoleFromInstanceProfile(ctx, input) {
    ctx.authorize('iam:RemoveRoleFromInstanceProfile', profileArn(ctx, input.InstanceProfileName));
    ctx.write((p) => removeRoleFromInstanceProfile(p, input.InstanceProfileName, input.RoleName));
    return {};
  },
};
