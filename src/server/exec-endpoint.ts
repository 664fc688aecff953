/**
 * @module `POST /_vpce/exec-credentials`: session credentials that make a process's AWS calls come from an
 * instance. Body `{from: "i-...", as?: ARN, durationSeconds?}`. Without `as` the credentials are the instance
 * role's (from its instance profile), as the instance metadata service hands them out; with `as`, the given
 * principal's. Either way every request signed with them is traced from the instance (see gate.ts).
 *
 * Who may ask (`vpce-access.ts` authenticates the signed call like any API call):
 * - the instance's role, or `as` a role (or a session of one): a caller the policy engine allows `sts:AssumeRole`
 *   on that role, with its trust policy as the resource policy (same account: an identity policy or the trust
 *   policy allows it, the account root always; another account: both). The trust policy need not name the caller
 *   itself: the caller stands in for software on the instance, which gets the instance role's credentials.
 * - `as` a user: the user itself, or a caller allowed `iam:CreateAccessKey` on it (whoever may make keys for a
 *   user in AWS can act as it: its account's root and administrators).
 * - `as` an account root: only that root (AWS: nobody else can hold a root's credentials).
 */
import { compileDocument, evaluate } from '../iam/index.js';
import { identityPoliciesOf, instanceRoleArn, mintSessionCredentials, principalEntity } from '../model/credentials.js';
import { assumedRoleArn, iamPartitionKey, lastSegment, splitPrincipalArn } from '../model/iam-ids.js';
import { trustAsResourcePolicy } from '../model/iam-policy.js';
import type { World } from '../model/world.js';
import type { AuthSettings } from './authenticate.js';
import type { Identity } from './identity.js';
import type { SignedRequest } from './signature.js';
import { accessDenied, allowed, callerFor, vpceCaller, type VpceCaller } from './vpce-access.js';
import type { MintedEntry } from './logs.js';

export interface ExecResponse {
  readonly status: number;
  readonly body: string;
}

const json = (status: number, value: unknown): ExecResponse => ({ status, body: `${JSON.stringify(value, null, 2)}\n` });
const bad = (message: string, error = 'BadRequest', status = 400): ExecResponse => json(status, { error, message });

/** Six hours, as instance credentials from the metadata service are typically valid. */
const DEFAULT_SECONDS = 6 * 3600;

/** The principal a session acts as for `--as ARN`: roles are assumed (session named after the instance). */
export function sessionPrincipal(arn: string, instanceId: string): string | undefined {
  const p = splitPrincipalArn(arn);
  if (!p) return undefined;
  if (p.service === 'iam' && p.resource.startsWith('role/')) return assumedRoleArn(p.account, lastSegment(p.resource), instanceId);
  const person = p.service === 'iam' && (p.resource === 'root' || p.resource.startsWith('user/'));
  const session = p.service === 'sts' && /^assumed-role\/[^/]+\/[^/]+$/.test(p.resource);
  return person || session ? arn : undefined;
}

/**
 * The session a process on an instance signs as: its instance profile role's, named after the instance, as the
 * metadata service hands it out; undefined without a role that trusts EC2 (then the instance has no credentials).
 */
export function instanceSession(world: World, account: string, region: string, instanceId: string): string | undefined {
  const role = instanceRoleArn(world, account, region, instanceId);
  return role !== undefined && trustsEc2(world, role) ? sessionPrincipal(role, instanceId) : undefined;
}

/**
 * Whether a role's trust policy lets EC2 assume it. AWS (IAM roles for Amazon EC2): the role of an instance
 * profile must trust `ec2.amazonaws.com`, or the instance gets no credentials from the metadata service.
 */
export function trustsEc2(world: World, roleArn: string): boolean {
  const role = principalEntity((a) => world.partition(iamPartitionKey(a)), roleArn);
  if (!role || role.kind !== 'iamRole') return false;
  const trust = compileDocument(trustAsResourcePolicy(role.trustPolicy, role.arn), 'resource');
  if (!trust.ok) return false;
  const d = evaluate(
    { principal: { arn: 'ec2.amazonaws.com', account: '', type: 'Service' }, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: role.ownerId },
    { identity: [], resource: [{ account: role.ownerId, policy: trust.compiled }] },
  );
  return d.decision === 'Allow';
}

/** The role a principal ARN acts through (a role, or an assumed-role session's role), if it is one. */
function roleOf(arn: string): string | undefined {
  const p = splitPrincipalArn(arn);
  if (!p) return undefined;
  if (p.service === 'iam' && p.resource.startsWith('role/')) return arn;
  const m = p.service === 'sts' ? /^assumed-role\/([^/]+)\/[^/]+$/.exec(p.resource) : null;
  return m ? `arn:aws:iam::${p.account}:role/${m[1]!}` : undefined;
}

/** Whether `caller` may act as the principal `as` names; the refusal to send otherwise. */
function mayActAs(world: World, caller: VpceCaller, as: string): ExecResponse | undefined {
  const role = roleOf(as);
  if (role !== undefined) {
    const entity = principalEntity((a) => world.partition(iamPartitionKey(a)), role);
    if (!entity || entity.kind !== 'iamRole') return accessDenied(caller, 'sts:AssumeRole', role);
    const trust = trustAsResourcePolicy(entity.trustPolicy, entity.arn);
    return allowed(world, caller, 'sts:AssumeRole', entity.arn, entity.ownerId, trust) ? undefined : accessDenied(caller, 'sts:AssumeRole', entity.arn);
  }
  if (caller.principalArn === as) return undefined;
  const p = splitPrincipalArn(as)!;
  if (p.resource === 'root') {
    return json(403, { error: 'AccessDenied', message: `User: ${caller.principalArn} is not authorized to act as ${as}: only that account's root credentials can` });
  }
  return allowed(world, caller, 'iam:CreateAccessKey', as, p.account) ? undefined : accessDenied(caller, 'iam:CreateAccessKey', as);
}

export function handleExecCredentials(
  world: World, settings: AuthSettings, req: SignedRequest, who: Identity, body: string, minted: (m: MintedEntry) => void = () => {},
): ExecResponse {
  const authn = vpceCaller(world, settings, req, who, true);
  if ('refused' in authn) return authn.refused;
  let o: Record<string, unknown>;
  try {
    const v = JSON.parse(body || '{}') as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('the body must be a JSON object {from, as?}');
    o = v as Record<string, unknown>;
  } catch (e) {
    return bad(`the body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const from = o['from'];
  if (typeof from !== 'string' || !/^i-[0-9a-f]{8,17}$/.test(from)) return bad('from must be an instance id (i-...)');
  const as = o['as'];
  if (as !== undefined && typeof as !== 'string') return bad('as must be a principal ARN');
  const seconds = o['durationSeconds'] ?? DEFAULT_SECONDS;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) return bad('durationSeconds must be a whole number from 900 to 43200');
  const found = world.locate(from);
  if (!found || found.resource.kind !== 'instance') return bad(`instance ${from} does not exist in any account or Region of this vpce`, 'InvalidInstanceID.NotFound', 404);
  const { account, region } = found;
  const caller = callerFor(authn.caller, account);
  let principalArn: string;
  if (as !== undefined) {
    const p = sessionPrincipal(as, from);
    if (!p) return bad(`--as ${JSON.stringify(as)} is not a root, user, role or assumed-role ARN (arn:aws:iam::123456789012:role/name)`);
    if (!/:root$/.test(p) && identityPoliciesOf(world, as.includes(':role/') ? as : p) === undefined) {
      // Only the principal's own account learns that it does not exist; anyone else is refused as for any ARN.
      if (splitPrincipalArn(as)?.account !== caller.account) return accessDenied(caller, roleOf(as) !== undefined ? 'sts:AssumeRole' : 'iam:CreateAccessKey', as);
      return bad(`${as} does not exist: create it with the IAM API first`, 'NoSuchEntity', 404);
    }
    const refused = mayActAs(world, caller, as);
    if (refused) return refused;
    principalArn = p;
  } else {
    const role = instanceRoleArn(world, account, region, from);
    if (!role) return bad(`instance ${from} has no instance profile with a role, so it has no credentials. Launch it with --iam-instance-profile, or pass --as ARN`, 'NoInstanceRole');
    if (!trustsEc2(world, role)) return bad(`${role} does not trust ec2.amazonaws.com, so instance ${from} gets no credentials for it. Allow {"Service": "ec2.amazonaws.com"} sts:AssumeRole in its trust policy (iam update-assume-role-policy)`, 'NoInstanceRole');
    const refused = mayActAs(world, caller, role);
    if (refused) return refused;
    principalArn = sessionPrincipal(role, from)!;
  }
  const creds = world.transact((tx) => mintSessionCredentials(tx, { account: principalArn.split(':')[4]!, principalArn, source: { account, region, instanceId: from } }, seconds));
  minted({ caller, principalArn, account, region, instanceId: from, accessKeyId: creds.accessKeyId, expiration: creds.expiration });
  return json(200, { ...creds, account, region, instanceId: from, principalArn });
}
