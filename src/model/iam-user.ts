/** @module IAM users: create, rename or move, tag, delete (only once bare), inline and attached policies. */
import { iamErrors } from '../errors/iam.js';
import { iamArn, iamIn, recordId, uniqueId } from './iam-ids.js';
import { attachTo, boundaryPolicy, checkPath, putInline } from './iam-policy.js';
import { creationTags, type TaggedIamKind } from './iam-tags.js';
import type { AccessKeyRecord, IamUser } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** The user with this name (any case), or `NoSuchEntity`. */
export function mustGetUser(view: ReadView, name: string): IamUser {
  const u = view.get('iamUser', recordId('user', name));
  if (!u) throw iamErrors.noSuchUser(name);
  return u;
}

export interface CreateUserArgs {
  readonly name: string;
  readonly path?: string | undefined;
  readonly permissionsBoundary?: string | undefined;
  readonly tags?: Tags;
}

export function createUser(tx: Tx, account: string, args: CreateUserArgs): IamUser {
  const p = iamIn(tx, account);
  const path = checkPath(args.path);
  const tags = creationTags(args.tags, 'TagsPerUser');
  if (args.permissionsBoundary !== undefined) boundaryPolicy(p, args.permissionsBoundary);
  if (p.get('iamUser', recordId('user', args.name))) throw iamErrors.alreadyExists('user', args.name);
  return p.put<IamUser>({
    kind: 'iamUser', id: recordId('user', args.name), ownerId: account, tags,
    name: args.name, path, userId: uniqueId(tx.ids, 'AIDA'), arn: iamArn(account, 'user', path, args.name),
    createdAt: tx.clock.now(), inlinePolicies: [], attachedPolicyArns: [], accessKeyIds: [],
    ...(args.permissionsBoundary !== undefined ? { permissionsBoundaryArn: args.permissionsBoundary } : {}),
  });
}

/**
 * UpdateUser: a new name and/or path. AWS: the user keeps its unique id, keys, policies and tags; its ARN changes,
 * so the keys now resolve to the new ARN. Another user of the new name (any case) is EntityAlreadyExists.
 */
export function updateUser(tx: Tx, account: string, name: string, change: { readonly newName?: string | undefined; readonly newPath?: string | undefined }): IamUser {
  const p = iamIn(tx, account);
  const u = mustGetUser(p, name);
  const newName = change.newName ?? u.name;
  const path = change.newPath !== undefined ? checkPath(change.newPath) : u.path;
  const id = recordId('user', newName);
  if (id !== u.id && p.get('iamUser', id)) throw iamErrors.alreadyExists('user', newName);
  const arn = iamArn(account, 'user', path, newName);
  if (id !== u.id) p.remove(u.id);
  const moved = p.put<IamUser>({ ...u, id, name: newName, path, arn });
  for (const keyId of u.accessKeyIds) {
    const k = tx.global.get('accessKey', keyId);
    if (k) tx.global.put<AccessKeyRecord>({ ...k, userName: newName, principalArn: arn });
  }
  return moved;
}

/** Users' tag keys compare without case (`model/iam-tags.ts`). */
export const taggedUser: TaggedIamKind<IamUser> = { quota: 'TagsPerUser', mustGet: mustGetUser };

/** DeleteUser. AWS: a user with access keys, inline or attached policies is a `DeleteConflict`. */
export function deleteUser(p: PartitionTx, name: string): void {
  const u = mustGetUser(p, name);
  if (u.accessKeyIds.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
  if (u.inlinePolicies.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
  if (u.attachedPolicyArns.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
  p.remove(u.id);
}

export function putUserPolicy(p: PartitionTx, userName: string, policyName: string, document: string): void {
  putInline(p, mustGetUser(p, userName), policyName, document);
}

export function attachUserPolicy(p: PartitionTx, userName: string, policyArn: string): void {
  attachTo(p, mustGetUser(p, userName), policyArn);
}

