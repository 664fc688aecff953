/** @module IAM instance profiles: the container that hands one role to EC2 instances; tagged like other IAM entities. */
import { iamErrors } from '../errors/iam.js';
import { iamArn, iamIn, recordId, uniqueId } from './iam-ids.js';
import { checkPath } from './iam-policy.js';
import { mustGetRole } from './iam-role.js';
import { creationTags, type TaggedIamKind } from './iam-tags.js';
import type { IamInstanceProfile } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

export function mustGetInstanceProfile(view: ReadView, name: string): IamInstanceProfile {
  const ip = view.get('iamInstanceProfile', recordId('instance-profile', name));
  if (!ip) throw iamErrors.noSuchInstanceProfile(name);
  return ip;
}

/** The profile an ARN names in this account's IAM partition, if any (the path must match too). */
export function instanceProfileByArn(view: ReadView, arn: string): IamInstanceProfile | undefined {
  const slash = arn.lastIndexOf('/');
  const ip = slash < 0 ? undefined : view.get('iamInstanceProfile', recordId('instance-profile', arn.slice(slash + 1)));
  return ip && ip.arn === arn ? ip : undefined;
}

export function createInstanceProfile(tx: Tx, account: string, args: { name: string; path?: string | undefined; tags?: Tags }): IamInstanceProfile {
  const p = iamIn(tx, account);
  const path = checkPath(args.path);
  const tags = creationTags(args.tags, 'TagsPerInstanceProfile');
  if (p.get('iamInstanceProfile', recordId('instance-profile', args.name))) throw iamErrors.alreadyExists('instanceProfile', args.name);
  return p.put<IamInstanceProfile>({
    kind: 'iamInstanceProfile', id: recordId('instance-profile', args.name), ownerId: account, tags,
    name: args.name, path, instanceProfileId: uniqueId(tx.ids, 'AIPA'), arn: iamArn(account, 'instance-profile', path, args.name),
    createdAt: tx.clock.now(),
  });
}

/** AWS: "an instance profile can contain only one IAM role" (LimitExceeded), a quota that cannot be raised. */
export function addRoleToInstanceProfile(p: PartitionTx, profileName: string, roleName: string): void {
  const ip = mustGetInstanceProfile(p, profileName);
  const role = mustGetRole(p, roleName);
  if (ip.roleName !== undefined) throw iamErrors.limitExceeded('InstanceSessionsPerInstanceProfile', 1);
  p.put<IamInstanceProfile>({ ...ip, roleName: role.name });
}

export function removeRoleFromInstanceProfile(p: PartitionTx, profileName: string, roleName: string): void {
  const ip = mustGetInstanceProfile(p, profileName);
  mustGetRole(p, roleName);
  if (ip.roleName?.toLowerCase() !== roleName.toLowerCase()) throw iamErrors.noSuchRole(roleName);
  const { roleName: _gone, ...rest } = ip;
  p.put<IamInstanceProfile>(rest);
}

/** DeleteInstanceProfile. AWS: a profile that still holds a role is a `DeleteConflict`. */
export function deleteInstanceProfile(p: PartitionTx, name: string): void {
  const ip = mustGetInstanceProfile(p, name);
  if (ip.roleName !== undefined) throw iamErrors.deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  p.remove(ip.id);
}

/** Instance profiles' tag keys are case sensitive. */
export const taggedInstanceProfile: TaggedIamKind<IamInstanceProfile> = { quota: 'TagsPerInstanceProfile', mustGet: mustGetInstanceProfile };
