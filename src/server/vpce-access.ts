/**
 * @module Who calls vpce's own endpoints (`POST /_vpce/exec-credentials`, `POST /_vpce/explain`) and what they
 * may do there. The credentials are checked exactly as for the AWS APIs (`authenticate.ts`: signatures, tokens,
 * expiry, skew; open or strict mode), refusals answered as JSON with STS's codes and statuses, and permissions
 * decided by the same policy engine the services use, without a network path (these are not AWS endpoints an
 * instance reaches, they are the host's).
 */
import { LiveAuthorizer } from '../engine/authorize.js';
import { identityPoliciesOf, permissionsBoundaryOf, principalTagKeys, resolveAccessKey, userIdOf } from '../model/credentials.js';
import { iamPartitionKey, rootArn } from '../model/iam-ids.js';
import type { World } from '../model/world.js';
import { authenticate, type AuthSettings } from './authenticate.js';
import { credentialError } from './credential-errors.js';
import type { Identity } from './identity.js';
import { compilerFor } from './network.js';
import type { SignedRequest } from './signature.js';

export interface VpceResponse {
  readonly status: number;
  readonly body: string;
}

/** The principal behind a `/_vpce/*` call. */
export interface VpceCaller {
  readonly account: string;
  readonly principalArn: string;
  readonly accessKeyId?: string;
  /**
   * Open mode only: the key is neither issued by vpce nor an account id (`test`, or none at all where unsigned
   * calls are allowed), so it names no account. The endpoint then takes the account the request is about (the
   * instance's, the explained account): in open mode any caller could name that account's 12-digit id instead,
   * so this grants nothing a signature with `<account id>/any secret` would not.
   */
  readonly unnamed: boolean;
}

export const vpceJson = (status: number, value: unknown): VpceResponse => ({ status, body: `${JSON.stringify(value, null, 2)}\n` });

/**
 * Authenticate a `/_vpce/*` call: undefined caller with the refusal to send, or the caller. `requireSigned`: an
 * unsigned request is refused even in open mode (exec-credentials mints credentials; nothing unsigned may).
 */
export function vpceCaller(
  world: World, settings: AuthSettings, req: SignedRequest, who: Identity, requireSigned: boolean,
): { readonly caller: VpceCaller } | { readonly refused: VpceResponse } {
  const missing = who.accessKeyId === undefined && (requireSigned || settings.mode === 'strict');
  // A signed Authorization header only: query-string credentials are what a web page's form can send, and a URL
  // presigned for these endpoints would stay usable with no expiry of its own.
  const presigned = /(^|&)X-Amz-Credential=/i.test(req.rawQuery) && req.headers['authorization'] === undefined;
  const problem = presigned
    ? { kind: 'malformed' as const, reason: "vpce's own endpoints (/_vpce/*) accept only a SigV4 Authorization header, not query-string credentials." }
    : missing ? { kind: 'missing' as const } : authenticate(world, settings, req, who.accessKeyId, 'sts');
  if (problem !== undefined) {
    const r = credentialError('sts', problem, who.accessKeyId ?? '', '');
    return { refused: vpceJson(r.status, { error: r.errorCode, message: r.errorMessage }) };
  }
  const key = who.accessKeyId;
  if (key === undefined) return { caller: { account: who.account, principalArn: rootArn(who.account), unnamed: true } };
  const owner = resolveAccessKey(world, key);
  if (owner) return { caller: { account: owner.account, principalArn: owner.principalArn, accessKeyId: key, unnamed: false } };
  if (/^\d{12}$/.test(key)) return { caller: { account: key, principalArn: rootArn(key), accessKeyId: key, unnamed: false } };
  return { caller: { account: who.account, principalArn: rootArn(who.account), accessKeyId: key, unnamed: true } };
}

/** An unnamed open-mode caller stands for the root of `account` (see `VpceCaller.unnamed`). */
export function callerFor(caller: VpceCaller, account: string): VpceCaller {
  return caller.unnamed ? { ...caller, account, principalArn: rootArn(account) } : caller;
}

const authorizer = new LiveAuthorizer();

/**
 * The policy engine's decision for `caller` doing `action` on `resource`: the caller's identity policies and
 * permissions boundary (an account root has full access in its own account), the resource policy if any, and
 * the principal's condition keys; cross-account needs the resource policy too (AWS "Policy evaluation logic").
 */
export function allowed(world: World, caller: VpceCaller, action: string, resource: string, resourceAccount: string, resourcePolicy?: string): boolean {
  const root = caller.principalArn === rootArn(caller.account);
  const now = world.clock.now();
  const d = authorizer.authorize(compilerFor(world).view(), undefined, {
    principalArn: caller.principalArn,
    identityPolicies: root ? undefined : (identityPoliciesOf(world, caller.principalArn) ?? []),
    boundaryPolicy: root ? undefined : permissionsBoundaryOf(world, caller.principalArn),
    action, resource, resourceAccount, resourcePolicy,
    context: {
      'aws:userid': userIdOf((a) => world.partition(iamPartitionKey(a)), caller.principalArn),
      ...principalTagKeys(world, caller.principalArn),
      'aws:SecureTransport': 'true', 'aws:CurrentTime': new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'aws:EpochTime': String(Math.floor(now / 1000)),
    },
  });
  return d.decision === 'Allow';
}

/** AWS's AccessDenied (403) wording, naming the principal, the action and the resource. */
export function accessDenied(caller: VpceCaller, action: string, resource: string, why = ''): VpceResponse {
  return vpceJson(403, { error: 'AccessDenied', message: `User: ${caller.principalArn} is not authorized to perform: ${action} on resource: ${resource}${why}` });
}
