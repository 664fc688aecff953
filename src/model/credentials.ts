/**
 * @module Access keys and the principals behind them: the server's gate turns a request's key into a caller
 * (`resolveAccessKey`) and asks for its identity policies (`identityPoliciesOf`); `vpce exec` and STS mint
 * session keys (`mintSessionCredentials`). Both lookups run on every request: one map lookup for a key, and the
 * policy list, permissions boundary and principal tags are cached per principal until the world's version changes.
 */
import { createSession } from './access-key.js';
import { IAM_REGION, iamPartitionKey, lastSegment, recordId, rootArn, splitPrincipalArn } from './iam-ids.js';
import { defaultDocument, policyByArn } from './iam-policy.js';
import { instanceProfileByArn } from './instance-profile.js';
import type { IamRole, IamUser } from './resources.js';
import { GLOBAL, partitionKey, type ReadView, type Tx, type World } from './world.js';

/** What an access key id stands for. */
export interface KeyOwner {
  readonly account: string;
  /** `arn:aws:iam::A:root`, `arn:aws:iam::A:user/N`, `arn:aws:sts::A:assumed-role/R/S`. */
  readonly principalArn: string;
  /** Set for session credentials minted for `vpce exec` (and sessions assumed with them): the sending instance. */
  readonly source?: { readonly account: string; readonly region: string; readonly instanceId: string };
  /** The session's `aws:userid` (`AROA…:<session>`); users' and roots' come from `userIdOf`. */
  readonly userId?: string;
  /** Epoch ms the session was issued (`aws:TokenIssueTime`), for session credentials only. */
  readonly issuedAt?: number;
}

/** Session credentials as STS returns them. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO 8601. */
  readonly expiration: string;
}

/**
 * The owner of an access key id minted by IAM or STS; undefined for keys vpce never issued, for an `Inactive` or
 * deleted user key, and for an expired session.
 */
export function resolveAccessKey(world: World, accessKeyId: string): KeyOwner | undefined {
  const rec = world.partition(GLOBAL).find(accessKeyId);
  if (!rec) return undefined;
  if (rec.kind === 'accessKey') return rec.status === 'Active' ? { account: rec.ownerId, principalArn: rec.principalArn } : undefined;
  if (rec.kind === 'stsSession') {
    if (rec.expiresAt <= world.clock.now()) return undefined;
    return {
      account: rec.ownerId, principalArn: rec.principalArn, userId: rec.userId,
      ...(rec.issuedAt !== undefined ? { issuedAt: rec.issuedAt } : {}), ...(rec.source ? { source: rec.source } : {}),
    };
  }
  return undefined;
}

/** The user or role an IAM/STS principal ARN stands for, in its account's IAM partition. */
export function principalEntity(view: (account: string) => ReadView, principalArn: string): IamUser | IamRole | undefined {
  const parts = splitPrincipalArn(principalArn);
  if (!parts) return undefined;
  const p = view(parts.account);
  if (parts.service === 'sts') {
    // arn:aws:sts::A:assumed-role/<role>/<session>
    const m = /^assumed-role\/([^/]+)\/[^/]+$/.exec(parts.resource);
    return m ? p.get('iamRole', recordId('role', m[1]!)) : undefined;
  }
  if (parts.resource.startsWith('user/')) {
    const u = p.get('iamUser', recordId('user', lastSegment(parts.resource)));
    return u && u.arn === principalArn ? u : undefined;
  }
  if (parts.resource.startsWith('role/')) {
    const r = p.get('iamRole', recordId('role', lastSegment(parts.resource)));
    return r && r.arn === principalArn ? r : undefined;
  }
  return undefined;
}

/** What authorizing a principal reads from IAM, worked out once per principal per world version. */
interface PrincipalAuth {
  readonly policies: readonly string[] | undefined;
  readonly boundary: string | undefined;
  readonly tagKeys: Readonly<Record<string, string>>;
}
interface AuthCache { version: number; readonly byArn: Map<string, PrincipalAuth> }
const authCaches = new WeakMap<World, AuthCache>();
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** The principal's policies, boundary and tag keys: one entity lookup, cached until the world's version changes. */
function principalAuth(world: World, principalArn: string): PrincipalAuth {
  let cache = authCaches.get(world);
  if (!cache) { cache = { version: world.version, byArn: new Map() }; authCaches.set(world, cache); }
  if (cache.version !== world.version) { cache.version = world.version; cache.byArn.clear(); }
  const hit = cache.byArn.get(principalArn);
  if (hit) return hit;
  const view = (account: string): ReadView => world.partition(iamPartitionKey(account));
  const entity = principalEntity(view, principalArn);
  let out: PrincipalAuth = { policies: undefined, boundary: undefined, tagKeys: NO_TAGS };
  if (entity) {
    const p = view(entity.ownerId);
    const policies = Object.freeze([
      ...entity.inlinePolicies.map((x) => x.document),
      ...entity.attachedPolicyArns.map((arn) => policyByArn(p, arn)).filter((x) => x !== undefined).map(defaultDocument),
    ]);
    let boundary: string | undefined;
    if (entity.permissionsBoundaryArn !== undefined) {
      const policy = policyByArn(p, entity.permissionsBoundaryArn);
      // A boundary policy cannot be deleted while in use; if it is gone all the same, nothing is allowed.
      boundary = policy ? defaultDocument(policy) : '{"Version":"2012-10-17","Statement":[]}';
    }
    const tagKeys: Record<string, string> = {};
    for (const t of entity.tags) tagKeys[`aws:PrincipalTag/${t.key}`] = t.value;
    out = { policies, boundary, tagKeys: Object.freeze(tagKeys) };
  }
  if (cache.byArn.size > 10_000) cache.byArn.clear();
  cache.byArn.set(principalArn, out);
  return out;
}

/**
 * The identity-based policies (JSON texts) in force for a principal: inline and attached policies of a user, of a
 * role (for its sessions). `undefined` for an account root (full access in its own account) or unknown principals.
 */
export function identityPoliciesOf(world: World, principalArn: string): readonly string[] | undefined {
  return principalAuth(world, principalArn).policies;
}

/** The permissions boundary (the default version's JSON) of the user or role behind a principal, if it has one. */
export function permissionsBoundaryOf(world: World, principalArn: string): string | undefined {
  return principalAuth(world, principalArn).boundary;
}

/**
 * `aws:PrincipalTag/<key>` for the tags of the user or role behind a principal (a role's sessions carry the role's
 * tags; session tags are not modelled). AWS (global condition keys): "the tag attached to the principal making
 * the request".
 */
export function principalTagKeys(world: World, principalArn: string): Readonly<Record<string, string>> {
  return principalAuth(world, principalArn).tagKeys;
}

/** The role ARN of the instance profile attached to an instance, if any. */
export function instanceRoleArn(world: World, account: string, region: string, instanceId: string): string | undefined {
  const profileArn = world.partition(partitionKey(account, region)).get('instance', instanceId)?.iamInstanceProfileArn;
  const parts = profileArn ? splitPrincipalArn(profileArn) : undefined;
  if (!profileArn || !parts) return undefined;
  const p = world.partition(iamPartitionKey(parts.account));
  const roleName = instanceProfileByArn(p, profileArn)?.roleName;
  return roleName ? p.get('iamRole', recordId('role', roleName))?.arn : undefined;
}

/** What GetCallerIdentity reports as UserId for a principal: `AROA…:<session>`, `AIDA…`, or the account id. */
export function userIdOf(view: (account: string) => ReadView, principalArn: string): string {
  const parts = splitPrincipalArn(principalArn);
  if (!parts || principalArn === rootArn(parts.account)) return parts?.account ?? '';
  const entity = principalEntity(view, principalArn);
  if (entity?.kind === 'iamUser') return entity.userId;
  if (entity?.kind === 'iamRole') return parts.service === 'sts' ? `${entity.roleId}:${lastSegment(parts.resource)}` : entity.roleId;
  return parts.account;
}

/**
 * Mint session credentials for a principal (an assumed-role session ARN, a user or a root ARN), optionally tied
 * to a sending instance. Runs inside a transaction so the key survives restarts.
 */
export function mintSessionCredentials(tx: Tx, owner: KeyOwner, durationSeconds: number): SessionCredentials {
  const userId = userIdOf((a) => tx.in(a, IAM_REGION), owner.principalArn);
  const s = createSession(tx, { account: owner.account, principalArn: owner.principalArn, userId, durationSeconds, source: owner.source });
  return { accessKeyId: s.id, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken, expiration: new Date(s.expiresAt).toISOString() };
}
