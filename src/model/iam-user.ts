/** @module IAM users: create, delete (only once bare), inline and attached policies. */
import { iamErrors } from '../errors/iam.js';
import { iamArn, iamIn, recordId, uniqueId } from './iam-ids.js';
import { attachTo, checkIdentityPolicy, checkPath, detachFrom, removeInline, withInline } from './iam-policy.js';
import type { IamUser } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** The user with this name (any case), or `NoSuchEntity`. */
export function mustGetUser(view: ReadView, name: string): IamUser {
  const u = view.get('iamUser', recordId('user', name));
  if (!u) throw iamErrors.noSuchUser(name);
  return u;
}

export function createUser(tx: Tx, account: string, args: { name: string; path?: string | undefined; tags?: Tags }): IamUser {
  const p = iamIn(tx, account);
  const path = checkPath(args.path);
  if (p.get('iamUser', recordId('user', args.name))) throw iamErrors.alreadyExists('user', args.name);
  return p.put<IamUser>({
    kind: 'iamUser', id: recordId('user', args.name), ownerId: account, tags: args.tags ?? [],
    name: args.name, path, userId: uniqueId(tx.ids, 'AIDA'), arn: iamArn(account, 'user', path, args.name),
    createdAt: tx.clock.now(), inlinePolicies: [], attachedPolicyArns: [], accessKeyIds: [],
  });
}

/** DeleteUser. AWS: a user with access keys, inline or attached policies is a `DeleteConflict`. */
export function deleteUser(p: PartitionTx, name: string): void {
  const u = mustGetUser(p, name);
  if (u.accessKeyIds.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
  if (u.inlinePolicies.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
  if (u.attachedPolicyArns.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
  p.remove(u.id);
}

export function putUserPolicy(p: PartitionTx, userName: string, policyName: string, document: string): void {
  const u = mustGetUser(p, userName);
  checkIdentityPolicy(document, 'user-inline');
  p.put(withInline(u, policyName, document));
}

export function deleteUserPolicy(p: PartitionTx, userName: string, policyName: string): void {
  removeInline(p, mustGetUser(p, userName), policyName);
}

export function attachUserPolicy(p: PartitionTx, userName: string, policyArn: string): void {
  attachTo(p, mustGetUser(p, userName), policyArn);
}

export function detachUserPolicy(p: PartitionTx, userName: string, policyArn: string): void {
  detachFrom(p, mustGetUser(p, userName), policyArn);
}
