/**
 * @module AssumeRole: the role's trust policy must allow the caller, and the gate must allow `sts:AssumeRole` on
 * the role with the trust policy as its resource policy (same account: a trust policy naming the caller is
 * enough, naming the account delegates to the caller's identity policies; cross-account: both must allow).
 */
import { stsErrors } from '../../errors/sts.js';
import { evaluate, PolicyCompileCache, validatePolicy, type PrincipalType } from '../../iam/index.js';
import { createSession } from '../../model/access-key.js';
import { assumedRoleArn, iamPartitionKey, recordId, splitPrincipalArn } from '../../model/iam-ids.js';
import { trustAsResourcePolicy } from '../../model/iam-policy.js';
import type { IamRole } from '../../model/resources.js';
import type { Caller } from '../call.js';
import type { StsContext, StsHandlerTable } from './context.js';

/** AWS: DurationSeconds defaults to one hour. */
const DEFAULT_DURATION = 3600;
/** AWS: "role chaining limits your AWS CLI or AWS API role session to a maximum of one hour". */
const CHAINED_MAX = 3600;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]+)$/;

const compiled = new PolicyCompileCache(1024);

const ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

function principalType(arn: string): PrincipalType {
  if (/:root$/.test(arn)) return 'Account';
  if (arn.includes(':user/')) return 'IAMUser';
  if (arn.includes(':assumed-role/')) return 'AssumedRole';
  return 'Role';
}

/**
 * Whether the trust policy itself allows the caller (any principal match, the account's included) with no
 * explicit deny. AWS: a role can be assumed only by principals its trust policy allows, even the account root.
 * Evaluated as a cross-account request with an allow-all identity so only the trust policy decides.
 */
function trustAllows(role: IamRole, caller: Caller, context: Record<string, string>): boolean {
  const trust = compiled.get(trustAsResourcePolicy(role.trustPolicy, role.arn), 'resource');
  const identity = compiled.get(ALLOW_ALL, 'identity');
  if (!trust.ok || !identity.ok) return false;
  const account = caller.account;
  const elsewhere = role.ownerId === account ? (account === '000000000000' ? '999999999999' : '000000000000') : role.ownerId;
  const d = evaluate(
    { principal: { arn: caller.principalArn, account, type: principalType(caller.principalArn) }, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: elsewhere, context },
    { identity: [identity.compiled], resource: [{ account: elsewhere, policy: trust.compiled }] },
  );
  return d.decision === 'Allow';
}

function findRole(ctx: StsContext, arn: string): IamRole | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m) return undefined;
  const role = ctx.world.partition(iamPartitionKey(m[1]!)).get('iamRole', recordId('role', m[2]!));
  return role && role.arn === arn ? role : undefined;
}

export const assumeRoleHandlers: StsHandlerTable = {
  AssumeRole(ctx, input) {
    const { caller } = ctx.call;
    if (input.Policy !== undefined) {
      // Session policies are validated, not enforced (see docs/iam-api.md).
      const v = validatePolicy(input.Policy, 'identity');
      if (!v.ok) throw stsErrors.malformedPolicy(v.errors[0]!.message);
    }
    if (!ROLE_ARN.test(input.RoleArn)) throw stsErrors.validation(`${input.RoleArn} is invalid`);
    const role = findRole(ctx, input.RoleArn);
    // AWS: a role that does not exist is reported like a denial, so callers cannot probe other accounts' roles.
    if (!role) throw stsErrors.assumeRoleDenied(caller.principalArn, input.RoleArn);
    const context: Record<string, string> = { 'sts:RoleSessionName': input.RoleSessionName, ...(input.ExternalId !== undefined ? { 'sts:ExternalId': input.ExternalId } : {}) };
    if (!trustAllows(role, caller, context)) throw stsErrors.assumeRoleDenied(caller.principalArn, role.arn);
    const d = ctx.call.authorize({ action: 'sts:AssumeRole', resource: role.arn, resourceAccount: role.ownerId, resourcePolicy: trustAsResourcePolicy(role.trustPolicy, role.arn), context });
    if (!d.allowed) throw stsErrors.assumeRoleDenied(caller.principalArn, role.arn);
    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    if (splitPrincipalArn(caller.principalArn)?.resource.startsWith('assumed-role/') && duration > CHAINED_MAX) {
      throw stsErrors.validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > role.maxSessionDuration) throw stsErrors.durationTooLong();
    const sessionArn = assumedRoleArn(role.ownerId, role.name, input.RoleSessionName);
    // A process on an instance that assumes a role still sends from that instance: the session keeps the source.
    const s = ctx.world.transact((tx) => createSession(tx, {
      account: role.ownerId, principalArn: sessionArn, userId: `${role.roleId}:${input.RoleSessionName}`, durationSeconds: duration, source: caller.source,
    }));
    return {
      Credentials: { AccessKeyId: s.id, SecretAccessKey: s.secretAccessKey, SessionToken: s.sessionToken, Expiration: new Date(s.expiresAt).toISOString() },
      AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: sessionArn },
      ...(input.Policy !== undefined ? { PackedPolicySize: Math.min(100, Math.ceil(input.Policy.replace(/\s+/g, '').length / 20)) } : {}),
    };
  },
};
