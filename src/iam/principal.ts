/** @module Principal and NotPrincipal matching: `*`, accounts and root ARNs, users, roles, assumed-role sessions, services, canonical users. */
import { roleArnOfSession } from './context.js';
import type { PrincipalMatchKind, PrincipalValue, RequestPrincipal } from './types.js';

/** A compiled principal element: for each request principal, how (and whether) it is named. */
export interface PrincipalMatcher {
  readonly describe: string;
  readonly match: (p: RequestPrincipal) => PrincipalMatchKind;
}

function accountOfPrincipalValue(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(value);
  return m ? m[1] : undefined;
}

/** Role name and account of a role ARN (paths dropped: a session ARN carries no path). */
function roleKey(arn: string): string | undefined {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}|${m[2]}|${m[3]}` : undefined;
}

const RANK: Readonly<Record<PrincipalMatchKind, number>> = { none: 0, 'not-principal': 1, account: 2, wildcard: 3, role: 4, service: 5, canonical: 5, federated: 5, exact: 6 };

/** The strongest of two match kinds (an exact ARN beats the account it belongs to). */
export function strongerMatch(a: PrincipalMatchKind, b: PrincipalMatchKind): PrincipalMatchKind {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * Compile a `Principal` value. Match kinds matter to evaluation: AWS lets a same-account resource
 * policy that names a user or session ARN grant on its own, while naming the account delegates to
 * the account's identity policies (IAM policy evaluation logic, resource-based policies).
 */
export function compilePrincipal(value: PrincipalValue): PrincipalMatcher {
  if (value.kind === 'any') return { describe: '"*"', match: () => 'wildcard' };
  const anyAws = value.entries.some((e) => e.key === 'AWS' && e.value === '*');
  const accounts = new Set<string>();
  const exact = new Set<string>();
  const roles = new Set<string>();
  const services = new Set<string>();
  const canonical = new Set<string>();
  const federated = new Set<string>();
  for (const e of value.entries) {
    if (e.key === 'AWS') {
      const account = accountOfPrincipalValue(e.value);
      if (account) accounts.add(account);
      else {
        exact.add(e.value);
        const rk = roleKey(e.value);
        if (rk) roles.add(rk);
      }
    } else if (e.key === 'Service') services.add(e.value.toLowerCase());
    else if (e.key === 'CanonicalUser') canonical.add(e.value);
    else federated.add(e.value);
  }
  const describe = JSON.stringify(value.entries.map((e) => `${e.key}:${e.value}`));
  return {
    describe,
    match: (p) => {
      if (p.type === 'Service') return services.has(p.arn.toLowerCase()) ? 'service' : 'none';
      // AWS: "*" and {"AWS": "*"} both name everyone, anonymous callers included (Principal element page).
      let best: PrincipalMatchKind = anyAws ? 'wildcard' : 'none';
      if (p.canonicalId !== undefined && canonical.has(p.canonicalId)) best = strongerMatch(best, 'canonical');
      if (p.type === 'Anonymous') return best;
      if (federated.has(p.arn)) best = strongerMatch(best, 'federated');
      if (accounts.has(p.account)) best = strongerMatch(best, p.type === 'Account' ? 'exact' : 'account');
      if (exact.has(p.arn)) best = strongerMatch(best, 'exact');
      else if (p.type === 'AssumedRole') {
        const roleArn = roleArnOfSession(p.arn);
        const rk = roleArn === undefined ? undefined : roleKey(roleArn);
        // AWS: a policy naming the role ARN applies to every session of that role.
        if (rk !== undefined && roles.has(rk)) best = strongerMatch(best, 'role');
      } else if (p.type === 'Role') {
        const rk = roleKey(p.arn);
        if (rk !== undefined && roles.has(rk)) best = strongerMatch(best, 'exact');
      }
      return best;
    },
  };
}

/**
 * Compile a `NotPrincipal` value. AWS checks the account, then the role or user, then the session, so
 * a caller escapes the statement only if every link of its chain is listed (NotPrincipal page:
 * "you must also specify the account ARN of the principal that should not be denied").
 */
export function compileNotPrincipal(value: PrincipalValue): PrincipalMatcher {
  const named = compilePrincipal(value);
  if (value.kind === 'any') return { describe: named.describe, match: () => 'none' };
  const entries = new Set(value.entries.filter((e) => e.key === 'AWS').map((e) => e.value));
  const accountListed = (account: string): boolean => entries.has(account) || [...entries].some((v) => accountOfPrincipalValue(v) === account);
  return {
    describe: named.describe,
    match: (p) => {
      let exempt: boolean;
      if (p.type === 'Service' || p.type === 'Anonymous') exempt = named.match(p) !== 'none' && named.match(p) !== 'wildcard';
      else if (p.type === 'Account') exempt = accountListed(p.account);
      else if (p.type === 'AssumedRole') {
        const roleArn = roleArnOfSession(p.arn);
        const rk = roleArn === undefined ? undefined : roleKey(roleArn);
        const roleListed = entries.has(p.arn) || [...entries].some((v) => rk !== undefined && roleKey(v) === rk);
        exempt = accountListed(p.account) && roleListed;
      } else exempt = accountListed(p.account) && (entries.has(p.arn) || named.match(p) === 'exact');
      // Matching NotPrincipal means "this statement applies to the caller".
      return exempt ? 'none' : 'not-principal';
    },
  };
}
