/**
 * @module Customer managed policies (up to five versions, one of them the default) and the validation of every policy document IAM
 * stores: identity policies (inline and managed) with the policy engine's identity rules, trust policies with the
 * resource-policy rules minus `Resource`, which a trust policy may not hold.
 */
import { iamErrors } from '../errors/iam.js';
import { validatePolicy, type IdentityKind } from '../iam/index.js';
import { iamArn, iamIn, recordId, uniqueId } from './iam-ids.js';
import { creationTags, type TaggedIamKind } from './iam-tags.js';
import type { IamManagedPolicy, IamPolicyVersion, IamRole, IamUser } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** Check an identity policy document; throws `MalformedPolicyDocument` (or `LimitExceeded` for size) as IAM does. */
export function checkIdentityPolicy(document: string, kind: IdentityKind): void {
  const v = validatePolicy(document, 'identity', { identityKind: kind });
  if (v.ok) return;
  const first = v.errors[0]!;
  throw first.code === 'LimitExceeded' ? iamErrors.limitExceeded('PolicySize', Number(/(\d+)$/.exec(first.message)?.[1] ?? 0)) : iamErrors.malformedPolicy(first.message);
}

/** AWS (IAM and STS quotas): a role trust policy may hold 2,048 characters (white space not counted). */
export const TRUST_POLICY_LIMIT = 2048;

const TRUST_ACTIONS = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext|\*)$/i;

/** Check a role trust policy; throws `MalformedPolicyDocument` / `LimitExceeded` with IAM's wording. */
export function checkTrustPolicy(document: string): void {
  if (document.replace(/\s+/g, '').length > TRUST_POLICY_LIMIT) throw iamErrors.limitExceeded('ACLSizePerRole', TRUST_POLICY_LIMIT);
  const v = validatePolicy(document, 'resource');
  // AWS: a trust policy has no Resource element; the engine's resource rules would ask for one.
  const first = v.ok ? undefined : v.errors.find((e) => e.rule !== 'missing-resource' && e.rule !== 'too-large');
  if (first) throw iamErrors.malformedPolicy(trustMessage(first.rule, first.detail));
  // The grammar passed: check the trust-only rules on the statements as written.
  const parsed = JSON.parse(document) as { Statement?: unknown };
  const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as Record<string, unknown>[];
  for (const st of statements) {
    if (st['Resource'] !== undefined) throw iamErrors.malformedPolicy('Has prohibited field Resource');
    if (st['NotResource'] !== undefined) throw iamErrors.malformedPolicy('Has prohibited field NotResource');
    const actions = st['Action'] === undefined ? [] : Array.isArray(st['Action']) ? st['Action'] as unknown[] : [st['Action']];
    // AWS: "AssumeRole policy may only specify STS AssumeRole actions."
    if (st['NotAction'] !== undefined || actions.some((a) => typeof a !== 'string' || (a !== '*' && !TRUST_ACTIONS.test(a)))) {
      throw iamErrors.malformedPolicy('AssumeRole policy may only specify STS AssumeRole actions.');
    }
  }
}

function trustMessage(rule: string, detail: string): string {
  switch (rule) {
    case 'missing-principal': return 'Missing required field Principal';
    case 'invalid-principal': return `Invalid principal in policy: ${detail}`;
    case 'missing-effect': return 'Missing required field Effect';
    case 'missing-action': return 'Missing required field Action';
    case 'invalid-version': return 'The policy must contain a valid version string';
    default: return 'Syntax errors in policy.';
  }
}

/**
 * The trust policy as the role's resource policy for evaluation: AWS applies a trust policy to its role, so each
 * statement gets the role as its `Resource` (the policy engine evaluates resource policies by their Resource).
 */
export function trustAsResourcePolicy(trustPolicy: string, roleArn: string): string {
  const parsed = JSON.parse(trustPolicy) as { Statement?: unknown };
  const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const statements = (list as Record<string, unknown>[]).map((s) => (s.Resource === undefined && s.NotResource === undefined ? { ...s, Resource: roleArn } : s));
  return JSON.stringify({ ...parsed, Statement: statements });
}

const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;

/** AWS: a path begins and ends with `/`. */
export function checkPath(path: string | undefined): string {
  const p = path ?? '/';
  if (!PATH.test(p)) throw iamErrors.validation(`The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`);
  return p;
}

export interface CreatePolicyArgs {
  readonly name: string;
  readonly path?: string | undefined;
  readonly document: string;
  readonly description?: string | undefined;
  readonly tags?: Tags;
}

/** CreatePolicy: a managed policy with version `v1` as its default. */
export function createManagedPolicy(tx: Tx, account: string, args: CreatePolicyArgs): IamManagedPolicy {
  const p = iamIn(tx, account);
  const path = checkPath(args.path);
  checkIdentityPolicy(args.document, 'managed');
  const tags = creationTags(args.tags, 'TagsPerPolicy');
  if (p.get('iamPolicy', recordId('policy', args.name))) throw iamErrors.alreadyExists('policy', args.name);
  const now = tx.clock.now();
  return p.put<IamManagedPolicy>({
    kind: 'iamPolicy', id: recordId('policy', args.name), ownerId: account, tags,
    name: args.name, path, policyId: uniqueId(tx.ids, 'ANPA'), arn: iamArn(account, 'policy', path, args.name),
    ...(args.description !== undefined ? { description: args.description } : {}),
    createdAt: now, updatedAt: now, defaultVersionId: 'v1', versions: [{ versionId: 'v1', document: args.document, createdAt: now }],
  });
}

/** The policy an ARN names in this account's partition, if any. */
export function policyByArn(view: ReadView, arn: string): IamManagedPolicy | undefined {
  const slash = arn.lastIndexOf('/');
  const found = slash < 0 ? undefined : view.get('iamPolicy', recordId('policy', arn.slice(slash + 1)));
  return found && found.arn === arn ? found : undefined;
}

/** The document of a policy's default version. */
export function defaultDocument(policy: IamManagedPolicy): string {
  return policy.versions.find((v) => v.versionId === policy.defaultVersionId)?.document ?? '{}';
}

/** The users and roles a managed policy is attached to. */
export function attachmentsOf(view: ReadView, arn: string): { users: IamUser[]; roles: IamRole[] } {
  return {
    users: [...view.list('iamUser')].filter((u) => u.attachedPolicyArns.includes(arn)),
    roles: [...view.list('iamRole')].filter((r) => r.attachedPolicyArns.includes(arn)),
  };
}

/** The users and roles that have a managed policy as their permissions boundary. */
export function boundaryUsesOf(view: ReadView, arn: string): { users: IamUser[]; roles: IamRole[] } {
  return {
    users: [...view.list('iamUser')].filter((u) => u.permissionsBoundaryArn === arn),
    roles: [...view.list('iamRole')].filter((r) => r.permissionsBoundaryArn === arn),
  };
}

/**
 * The policy a `PermissionsBoundary` names: a managed policy of this account (AWS managed policies are not
 * modelled). AWS: "Scope ARN: <arn> does not exist or is not attachable." (NoSuchEntity).
 */
export function boundaryPolicy(view: ReadView, arn: string): IamManagedPolicy {
  const policy = policyByArn(view, arn);
  if (!policy) throw iamErrors.noSuchBoundary(arn);
  return policy;
}

/**
 * DeletePolicy. AWS: a policy attached to any entity (or used as a permissions boundary) is a `DeleteConflict`,
 * and so is one with versions besides the default ("The default version is deleted with the policy.").
 */
export function deleteManagedPolicy(p: PartitionTx, arn: string): void {
  const policy = mustGetPolicy(p, arn);
  const { users, roles } = attachmentsOf(p, arn);
  const bounded = boundaryUsesOf(p, arn);
  if (users.length + roles.length + bounded.users.length + bounded.roles.length > 0) throw iamErrors.deleteConflict('Cannot delete a policy attached to entities.');
  if (policy.versions.length > 1) {
    throw iamErrors.deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
  }
  p.remove(policy.id);
}

/** The policy an ARN names, or `NoSuchEntity` ("Policy <arn> was not found."). */
export function mustGetPolicy(view: ReadView, arn: string): IamManagedPolicy {
  const policy = policyByArn(view, arn);
  if (!policy) throw iamErrors.noSuchPolicy(arn);
  return policy;
}

/** AWS (IAM quotas): a managed policy keeps at most five versions. */
export const POLICY_VERSION_LIMIT = 5;

function versionNumber(versionId: string): number {
  return Number(/^v(\d+)$/.exec(versionId)?.[1] ?? 0);
}

/** The policy's versions, newest first (as ListPolicyVersions lists them). */
export function versionsNewestFirst(policy: IamManagedPolicy): IamPolicyVersion[] {
  return [...policy.versions].sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
}

/**
 * CreatePolicyVersion. AWS: the next id is one past the newest ever made (ids are never reused); a sixth version is
 * LimitExceeded; `SetAsDefault` makes it the version in force; UpdateDate becomes the new version's date.
 */
export function createPolicyVersion(tx: Tx, account: string, arn: string, document: string, setAsDefault: boolean): IamPolicyVersion {
  const p = iamIn(tx, account);
  const policy = mustGetPolicy(p, arn);
  checkIdentityPolicy(document, 'managed');
  if (policy.versions.length >= POLICY_VERSION_LIMIT) {
    throw iamErrors.limitExceededMessage('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
  }
  const last = policy.lastVersion ?? Math.max(0, ...policy.versions.map((v) => versionNumber(v.versionId)));
  const now = tx.clock.now();
  const version: IamPolicyVersion = { versionId: `v${last + 1}`, document, createdAt: now };
  p.put<IamManagedPolicy>({
    ...policy, versions: [...policy.versions, version], lastVersion: last + 1, updatedAt: now,
    ...(setAsDefault ? { defaultVersionId: version.versionId } : {}),
  });
  return version;
}

function mustGetVersion(policy: IamManagedPolicy, versionId: string): IamPolicyVersion {
  const v = policy.versions.find((x) => x.versionId === versionId);
  if (!v) throw iamErrors.noSuchPolicyVersion(policy.arn, versionId);
  return v;
}

/** GetPolicyVersion's version, or NoSuchEntity. */
export function policyVersion(view: ReadView, arn: string, versionId: string): { policy: IamManagedPolicy; version: IamPolicyVersion } {
  const policy = mustGetPolicy(view, arn);
  return { policy, version: mustGetVersion(policy, versionId) };
}

/** DeletePolicyVersion. AWS: the default version cannot be deleted (DeleteConflict). */
export function deletePolicyVersion(p: PartitionTx, arn: string, versionId: string): void {
  const policy = mustGetPolicy(p, arn);
  mustGetVersion(policy, versionId);
  if (versionId === policy.defaultVersionId) throw iamErrors.deleteConflict('Cannot delete the default version of a policy.');
  p.put<IamManagedPolicy>({
    ...policy, versions: policy.versions.filter((v) => v.versionId !== versionId),
    lastVersion: policy.lastVersion ?? Math.max(0, ...policy.versions.map((v) => versionNumber(v.versionId))),
  });
}

/** SetDefaultPolicyVersion: the version in force for every user and role the policy is attached to. */
export function setDefaultPolicyVersion(p: PartitionTx, arn: string, versionId: string): void {
  const policy = mustGetPolicy(p, arn);
  mustGetVersion(policy, versionId);
  p.put<IamManagedPolicy>({ ...policy, defaultVersionId: versionId });
}

/** Managed policies, named by ARN; their tag keys are case sensitive. */
export const taggedPolicy: TaggedIamKind<IamManagedPolicy> = { quota: 'TagsPerPolicy', mustGet: mustGetPolicy };

/** The policy to attach: it must exist in the caller's account (AWS managed policies are not modelled). */
export function attachablePolicy(p: ReadView, arn: string): IamManagedPolicy {
  const policy = policyByArn(p, arn);
  if (!policy) throw iamErrors.notAttachable(arn);
  return policy;
}

/** Replace or add an inline policy by name. */
export function withInline<T extends { readonly inlinePolicies: readonly { name: string; document: string }[] }>(entity: T, name: string, document: string): T {
  const rest = entity.inlinePolicies.filter((x) => x.name !== name);
  const index = entity.inlinePolicies.findIndex((x) => x.name === name);
  const next = [...rest];
  next.splice(index < 0 ? rest.length : index, 0, { name, document });
  return { ...entity, inlinePolicies: next };
}

/** A user or a role: an identity that holds inline and attached identity policies. */
export type PolicyHolder = IamUser | IamRole;

/** The inline policy of that name, or `NoSuchEntity` worded for the holder's kind. */
export function inlinePolicyOf(holder: PolicyHolder, policyName: string): { readonly name: string; readonly document: string } {
  const found = holder.inlinePolicies.find((x) => x.name === policyName);
  if (!found) throw holder.kind === 'iamUser' ? iamErrors.noSuchUserPolicy(policyName) : iamErrors.noSuchRolePolicy(policyName);
  return found;
}

/** Put*Policy: check the document as an inline policy of the holder's kind, then replace or add it by name. */
export function putInline(p: PartitionTx, holder: PolicyHolder, policyName: string, document: string): void {
  checkIdentityPolicy(document, holder.kind === 'iamUser' ? 'user-inline' : 'role-inline');
  p.put<PolicyHolder>(withInline<PolicyHolder>(holder, policyName, document));
}

/** Delete*Policy: remove an inline policy, `NoSuchEntity` when there is none of that name. */
export function removeInline(p: PartitionTx, holder: PolicyHolder, policyName: string): void {
  inlinePolicyOf(holder, policyName);
  p.put<PolicyHolder>({ ...holder, inlinePolicies: holder.inlinePolicies.filter((x) => x.name !== policyName) });
}

/**
 * Attach*Policy. AWS (IAM quotas): 10 managed policies per user and per role by default; attaching an attached
 * policy again is a no-op.
 */
export function attachTo(p: PartitionTx, holder: PolicyHolder, policyArn: string): void {
  attachablePolicy(p, policyArn);
  if (holder.attachedPolicyArns.includes(policyArn)) return;
  if (holder.attachedPolicyArns.length >= 10) throw iamErrors.limitExceeded(holder.kind === 'iamUser' ? 'PoliciesPerUser' : 'PoliciesPerRole', 10);
  p.put<PolicyHolder>({ ...holder, attachedPolicyArns: [...holder.attachedPolicyArns, policyArn] });
}

/** Detach*Policy: `NoSuchEntity` when the policy is not attached to the holder. */
export function detachFrom(p: PartitionTx, holder: PolicyHolder, policyArn: string): void {
  if (!holder.attachedPolicyArns.includes(policyArn)) throw iamErrors.policyNotAttached(policyArn);
  p.put<PolicyHolder>({ ...holder, attachedPolicyArns: holder.attachedPolicyArns.filter((a) => a !== policyArn) });
}
