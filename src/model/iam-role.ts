/** @module IAM roles: create with a trust policy, update, tag, delete (only once bare), inline and attached policies. */
import { iamErrors } from '../errors/iam.js';
import { iamArn, iamIn, recordId, uniqueId } from './iam-ids.js';
import { attachTo, boundaryPolicy, checkPath, checkTrustPolicy, putInline } from './iam-policy.js';
import { creationTags, type TaggedIamKind } from './iam-tags.js';
import type { IamRole } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: MaxSessionDuration defaults to one hour. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export function mustGetRole(view: ReadView, name: string): IamRole {
  const r = view.get('iamRole', recordId('role', name));
  if (!r) throw iamErrors.noSuchRole(name);
  return r;
}

export interface CreateRoleArgs {
  readonly name: string;
  readonly path?: string | undefined;
  readonly trustPolicy: string;
  readonly description?: string | undefined;
  readonly maxSessionDuration?: number | undefined;
  readonly permissionsBoundary?: string | undefined;
  readonly tags?: Tags;
}

export function createRole(tx: Tx, account: string, args: CreateRoleArgs): IamRole {
  const p = iamIn(tx, account);
  const path = checkPath(args.path);
  checkTrustPolicy(args.trustPolicy);
  const tags = creationTags(args.tags, 'TagsPerRole');
  if (args.permissionsBoundary !== undefined) boundaryPolicy(p, args.permissionsBoundary);
  if (p.get('iamRole', recordId('role', args.name))) throw iamErrors.alreadyExists('role', args.name);
  return p.put<IamRole>({
    kind: 'iamRole', id: recordId('role', args.name), ownerId: account, tags,
    name: args.name, path, roleId: uniqueId(tx.ids, 'AROA'), arn: iamArn(account, 'role', path, args.name),
    createdAt: tx.clock.now(), trustPolicy: args.trustPolicy,
    ...(args.description !== undefined ? { description: args.description } : {}),
    maxSessionDuration: args.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    inlinePolicies: [], attachedPolicyArns: [],
    ...(args.permissionsBoundary !== undefined ? { permissionsBoundaryArn: args.permissionsBoundary } : {}),
  });
}

/** UpdateRole / UpdateRoleDescription: only the members given change (MaxSessionDuration's range is the walker's). */
export function updateRole(p: PartitionTx, name: string, change: { readonly description?: string | undefined; readonly maxSessionDuration?: number | undefined }): IamRole {
  const r = mustGetRole(p, name);
  return p.put<IamRole>({
    ...r,
    ...(change.description !== undefined ? { description: change.description } : {}),
    ...(change.maxSessionDuration !== undefined ? { maxSessionDuration: change.maxSessionDuration } : {}),
  });
}

/** Roles' tag keys compare without case (`model/iam-tags.ts`). */
export const taggedRole: TaggedIamKind<IamRole> = { quota: 'TagsPerRole', mustGet: mustGetRole };

/**
 * DeleteRole. AWS: a role that is in an instance profile or has inline or attached policies is a
 * `DeleteConflict`; sessions already issued keep resolving but lose every permission (no policies remain).
 */
export function deleteRole(p: PartitionTx, name: string): void {
  const r = mustGetRole(p, name);
  if ([...p.list('iamInstanceProfile')].some((ip) => ip.roleName?.toLowerCase() === r.name.toLowerCase())) {
    throw iamErrors.deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  }
  if (r.inlinePolicies.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
  if (r.attachedPolicyArns.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
  p.remove(r.id);
}

export function updateAssumeRolePolicy(p: PartitionTx, name: string, trustPolicy: string): void {
  const r = mustGetRole(p, name);
  checkTrustPolicy(trustPolicy);
  p.put<IamRole>({ ...r, trustPolicy });
}

export function putRolePolicy(p: PartitionTx, roleName: string, policyName: string, document: string): void {
  putInline(p, mustGetRole(p, roleName), policyName, document);
}

export function attachRolePolicy(p: PartitionTx, roleName: string, policyArn: string): void {
  attachTo(p, mustGetRole(p, roleName), policyArn);
}

