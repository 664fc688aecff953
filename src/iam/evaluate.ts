/** @module The evaluation order: explicit deny, SCPs, the endpoint policy, then the allows each principal type and account relation needs; every outcome with its reasons. */
import { explainStatement, runStatement, splitResource, type CompiledPolicy, type CompiledStatement, type StatementInput } from './compile.js';
import { prepareRequest, variableLookup, type PreparedRequest } from './context.js';
import type { AuthzRequest, Decision, PolicyRef, PolicyType, PrincipalMatchKind, Reason } from './types.js';

/** The compiled endpoint policy with the endpoint it is attached to. */
export interface CompiledEndpointPolicy {
  readonly vpceId: string;
  readonly service: string;
  readonly type: 'Gateway' | 'Interface';
  readonly policy: CompiledPolicy;
}

/** Every policy that may apply to a request, compiled. */
export interface CompiledPolicySet {
  readonly identity: readonly CompiledPolicy[];
  readonly resource: readonly { readonly account: string; readonly policy: CompiledPolicy }[];
  readonly endpoint?: CompiledEndpointPolicy | undefined;
  /** One entry per level of the organization path (root, OUs, account): each must allow. */
  readonly scp?: readonly CompiledPolicy[] | undefined;
  /** Permissions boundary of the calling user or role (one policy in AWS; a list for convenience). */
  readonly boundary?: readonly CompiledPolicy[] | undefined;
}

interface Hit { readonly policy: PolicyRef; readonly stmt: CompiledStatement; readonly kind: PrincipalMatchKind | undefined }

interface Scan { readonly allows: Hit[]; readonly denies: Hit[] }

function scan(policy: CompiledPolicy, type: PolicyType, index: number, owner: string | undefined, input: StatementInput, service: string, into: Scan): number {
  const before = into.allows.length;
  const list = policy.candidates(service);
  let ref: PolicyRef | undefined;
  for (let i = 0; i < list.length; i++) {
    const stmt = list[i] as CompiledStatement;
    const kind = runStatement(stmt, input);
    if (kind === false) continue;
    // AWS: in an endpoint policy, {"AWS": "account_id"} grants "the AWS account root user only, and not all users and roles" (PrivateLink guide).
    if (kind === 'account' && type === 'endpoint') continue;
    ref ??= ref0(type, index, owner, policy);
    if (stmt.ref.effect === 'Deny') into.denies.push({ policy: ref, stmt, kind });
    else into.allows.push({ policy: ref, stmt, kind });
  }
  return into.allows.length - before;
}

function label(ref: PolicyRef): string {
  const owner = ref.owner === undefined ? '' : ` (${ref.owner})`;
  return ref.type === 'endpoint' ? `endpoint policy${owner}` : `${ref.type} policy #${ref.index}${owner}`;
}

function stmtLabel(h: Hit): string {
  return h.stmt.ref.sid ? `statement ${h.stmt.ref.index} "${h.stmt.ref.sid}"` : `statement ${h.stmt.ref.index}`;
}

function allowReason(h: Hit, action: string): Reason {
  const why = `${stmtLabel(h)} of ${label(h.policy)} allows ${action}${h.kind !== undefined ? ` (principal matched as ${h.kind})` : ''}`;
  return h.kind === undefined
    ? { kind: 'statement-allows', policy: h.policy, statement: h.stmt.ref, why }
    : { kind: 'statement-allows', policy: h.policy, statement: h.stmt.ref, principalMatch: h.kind, why };
}

const ENDPOINT_SERVICE = /(?:^|\.)([a-z0-9-]+)$/;

const SERVICE_NAMES = new Map<string, string>();

/** `com.amazonaws.us-east-1.s3` or `s3` -> `s3`. */
function serviceOf(name: string): string {
  let short = SERVICE_NAMES.get(name);
  if (short === undefined) {
    short = ENDPOINT_SERVICE.exec(name.toLowerCase())?.[1] ?? name.toLowerCase();
    if (SERVICE_NAMES.size > 1024) SERVICE_NAMES.clear();
    SERVICE_NAMES.set(name, short);
  }
  return short;
}

const ONLY_SCP: ReadonlySet<PolicyType> = new Set(['scp']);
const ONLY_ENDPOINT: ReadonlySet<PolicyType> = new Set(['endpoint']);
const ONLY_RESOURCE: ReadonlySet<PolicyType> = new Set(['resource']);
const ONLY_BOUNDARY: ReadonlySet<PolicyType> = new Set(['boundary']);
const IDENTITY_RESOURCE: ReadonlySet<PolicyType> = new Set(['identity', 'resource']);
const IDENTITY_RESOURCE_BOUNDARY: ReadonlySet<PolicyType> = new Set(['identity', 'resource', 'boundary']);
const SCP_TYPES = new Set(['IAMUser', 'AssumedRole', 'Role', 'FederatedUser', 'Account']);
const BOUNDARY_TYPES = new Set(['IAMUser', 'AssumedRole', 'Role', 'FederatedUser']);

interface Applied { readonly type: PolicyType; readonly index: number; readonly owner?: string; readonly policy: CompiledPolicy; readonly allowCount: number }

/** Evaluate a request against compiled policies. Pure: the same input gives the same decision. */
export function evaluate(request: AuthzRequest, policies: CompiledPolicySet): Decision {
  return evaluatePrepared(prepareRequest(request), policies);
}

/** Evaluate an already prepared request (reuse the preparation across policy sets). */
export function evaluatePrepared(req: PreparedRequest, policies: CompiledPolicySet): Decision {
  const input: StatementInput = {
    actionLower: req.actionLower,
    resource: splitResource(req.resource),
    principal: req.principal,
    context: req.context,
    lookup: variableLookup(req.context),
  };
  const reasons: Reason[] = [...req.notes];
  const result: Scan = { allows: [], denies: [] };
  const applied: Applied[] = [];
  const service = req.service;
  const ptype = req.principal.type;

  if (ptype !== 'Anonymous' && ptype !== 'Service') {
    const ids = policies.identity;
    for (let index = 0; index < ids.length; index++) {
      const policy = ids[index] as CompiledPolicy;
      applied.push({ type: 'identity', index, policy, allowCount: scan(policy, 'identity', index, undefined, input, service, result) });
    }
  } else if (policies.identity.length > 0) {
    reasons.push({ kind: 'not-applicable', policyType: 'identity', why: `${ptype === 'Anonymous' ? 'anonymous callers' : 'service principals'} have no identity policies` });
  }
  const res = policies.resource;
  for (let index = 0; index < res.length; index++) {
    const r = res[index] as CompiledPolicySet['resource'][number];
    applied.push({ type: 'resource', index, owner: r.account, policy: r.policy, allowCount: scan(r.policy, 'resource', index, r.account, input, service, result) });
  }

  // Endpoint policy: only for requests through that endpoint and actions of its service; never grants.
  let endpointApplied: Applied | undefined;
  const via = req.viaEndpoint;
  const ep = policies.endpoint;
  if (via) {
    if (ep && ep.vpceId === via.vpceId) {
      if (serviceOf(ep.service) === service) {
        endpointApplied = { type: 'endpoint', index: 0, owner: ep.vpceId, policy: ep.policy, allowCount: scan(ep.policy, 'endpoint', 0, ep.vpceId, input, service, result) };
        applied.push(endpointApplied);
      } else {
        reasons.push({ kind: 'not-applicable', policyType: 'endpoint', why: `the policy of ${ep.vpceId} governs ${serviceOf(ep.service)} actions only, not ${req.action}` });
      }
    } else {
      // AWS: "If you don't attach an endpoint policy, we attach the default endpoint policy" (full access).
      reasons.push({ kind: 'not-applicable', policyType: 'endpoint', why: `no policy given for ${via.vpceId}: the default endpoint policy allows full access` });
    }
  } else if (ep) {
    reasons.push({ kind: 'not-applicable', policyType: 'endpoint', why: `the request did not go through ${ep.vpceId}, so its policy does not apply` });
  }

  const scps = policies.scp ?? [];
  const scpApplies = scps.length > 0 && SCP_TYPES.has(ptype);
  const scpApplied: Applied[] = [];
  if (scpApplies) {
    scps.forEach((policy, index) => {
      const a = { type: 'scp' as const, index, policy, allowCount: scan(policy, 'scp', index, undefined, input, service, result) };
      scpApplied.push(a);
      applied.push(a);
    });
  } else if (scps.length > 0) {
    reasons.push({ kind: 'not-applicable', policyType: 'scp', why: `SCPs limit principals of member accounts, not ${ptype === 'Anonymous' ? 'anonymous callers' : 'service principals'}` });
  }
  const boundaries = policies.boundary ?? [];
  const boundaryApplies = boundaries.length > 0 && BOUNDARY_TYPES.has(ptype);
  let boundaryAllows = 0;
  if (boundaryApplies) {
    boundaries.forEach((policy, index) => {
      const n = scan(policy, 'boundary', index, undefined, input, service, result);
      boundaryAllows += n;
      applied.push({ type: 'boundary', index, policy, allowCount: n });
    });
  }

  // 1. AWS: "An explicit deny in any policy overrides any allows."
  if (result.denies.length > 0) {
    for (const h of result.denies) {
      reasons.push({ kind: 'statement-denies', policy: h.policy, statement: h.stmt.ref, why: `${stmtLabel(h)} of ${label(h.policy)} explicitly denies ${req.action} on ${req.resource}` });
    }
    return { decision: 'ExplicitDeny', reasons };
  }

  const deny = (missing: readonly Reason[], nearTypes: ReadonlySet<PolicyType>): Decision => {
    reasons.push(...missing);
    for (const a of applied) {
      if (!nearTypes.has(a.type)) continue;
      const ref = ref0(a.type, a.index, a.owner, a.policy);
      for (const stmt of a.policy.candidates(service)) {
        // Near misses are statements about this action that failed on another element.
        if (!stmt.actionTest(input.actionLower)) continue;
        const miss = explainStatement(stmt, input, req.action) ?? (a.type === 'endpoint' && stmt.principal?.match(input.principal) === 'account'
          ? { element: 'Principal' as const, why: `Principal ${stmt.principal.describe} names the account; in an endpoint policy that means its root user only` }
          : undefined);
        if (miss && miss.element !== 'Action' && miss.element !== 'NotAction') {
          reasons.push({ kind: 'near-miss', policy: ref, statement: stmt.ref, element: miss.element, why: miss.why });
        }
      }
    }
    return { decision: 'ImplicitDeny', reasons };
  };
  const allowsOf = (type: PolicyType): Hit[] => result.allows.filter((h) => h.policy.type === type);

  // 2. SCPs: every level must allow.
  for (const a of scpApplied) {
    if (a.allowCount === 0) {
      return deny([{ kind: 'no-allow', policyType: 'scp', why: `SCP #${a.index} has no statement allowing ${req.action} on ${req.resource}; SCPs limit and never grant` }], ONLY_SCP);
    }
  }
  // 3. The endpoint policy must allow (it limits; it never grants).
  if (endpointApplied && endpointApplied.allowCount === 0) {
    return deny([{ kind: 'no-allow', policyType: 'endpoint', why: `no statement of the policy of ${endpointApplied.owner ?? ''} allows ${req.principal.arn} to do ${req.action} on ${req.resource}; endpoint policies limit and never grant` }], ONLY_ENDPOINT);
  }

  // 4. Grants.
  const identityAllows = allowsOf('identity');
  const resourceAllows = allowsOf('resource');
  const boundaryOk = !boundaryApplies || boundaryAllows > 0;
  let best: PrincipalMatchKind = 'none';
  for (const h of resourceAllows) if (h.kind !== undefined && rank(h.kind) > rank(best)) best = h.kind;
  if (ptype === 'Role' && best === 'exact') best = 'role';

  const finish = (grant: string, used: readonly Hit[]): Decision => {
    reasons.push({ kind: 'grant', why: grant });
    for (const h of used) reasons.push(allowReason(h, req.action));
    for (const h of result.allows) if (h.policy.type === 'scp' || h.policy.type === 'endpoint' || h.policy.type === 'boundary') reasons.push(allowReason(h, req.action));
    return { decision: 'Allow', reasons };
  };
  const boundaryMiss = (): Reason => ({ kind: 'no-allow', policyType: 'boundary', why: `the permissions boundary allows no ${req.action} on ${req.resource}; boundaries limit and never grant` });

  if (ptype === 'Anonymous' || ptype === 'Service') {
    if (resourceAllows.length > 0) return finish(`a resource policy allows the ${ptype === 'Anonymous' ? 'anonymous caller' : `service ${req.principal.arn}`}`, resourceAllows);
    return deny([{ kind: 'no-allow', policyType: 'resource', why: `${ptype === 'Anonymous' ? 'an anonymous caller' : 'a service principal'} needs a resource policy allowing it, and none does` }], ONLY_RESOURCE);
  }

  if (req.sameAccount) {
    if (ptype === 'Account') {
      // AWS: "all requests are implicitly denied with the exception of the AWS account root user, which has full access".
      return finish('the account root user has full access to resources of its own account', resourceAllows);
    }
    // AWS: a resource policy naming the user or session ARN grants even past an implicit deny in
    // identity policies and boundaries; naming the role ARN grants but stays limited by the boundary;
    // naming the account delegates to identity policies (evaluation logic, resource-based policies).
    if (best === 'exact') return finish('same account: the resource policy names this user or session directly, which grants on its own', resourceAllows.filter((h) => h.kind === 'exact'));
    if (best !== 'none' && best !== 'account') {
      if (boundaryOk) return finish('same account: the resource policy allows this principal; an allow in either the identity or the resource policy is enough', resourceAllows);
      return deny([boundaryMiss()], ONLY_BOUNDARY);
    }
    if (identityAllows.length > 0) {
      if (boundaryOk) return finish('same account: an identity policy allows the request', identityAllows);
      return deny([boundaryMiss()], ONLY_BOUNDARY);
    }
    const missing: Reason[] = [{ kind: 'no-allow', policyType: 'identity', why: `no identity policy allows ${req.action} on ${req.resource}` }];
    if (best === 'account') missing.push({ kind: 'no-allow', policyType: 'resource', why: `the resource policy names the account ${req.principal.account}, which delegates to the account's identity policies` });
    else if (policies.resource.length > 0) missing.push({ kind: 'no-allow', policyType: 'resource', why: `no resource policy allows ${req.principal.arn}` });
    return deny(missing, IDENTITY_RESOURCE);
  }

  // Cross-account: AWS: both the identity policy in the trusted account and the resource policy in the trusting account must allow.
  const missing: Reason[] = [];
  const identityOk = ptype === 'Account' || identityAllows.length > 0;
  if (!identityOk) missing.push({ kind: 'no-allow', policyType: 'identity', why: `cross-account (${req.principal.account} -> ${req.resourceAccount}): no identity policy allows ${req.action} on ${req.resource}` });
  if (identityOk && !boundaryOk) missing.push(boundaryMiss());
  if (resourceAllows.length === 0) missing.push({ kind: 'no-allow', policyType: 'resource', why: `cross-account (${req.principal.account} -> ${req.resourceAccount}): no resource policy of ${req.resourceAccount} allows ${req.principal.arn}` });
  if (missing.length === 0) return finish(`cross-account: both an identity policy of ${req.principal.account} and a resource policy of ${req.resourceAccount} allow`, [...identityAllows, ...resourceAllows]);
  return deny(missing, IDENTITY_RESOURCE_BOUNDARY);
}

const RANKS: Readonly<Record<PrincipalMatchKind, number>> = { none: 0, account: 1, 'not-principal': 2, wildcard: 3, service: 3, canonical: 3, federated: 3, role: 4, exact: 5 };
function rank(k: PrincipalMatchKind): number {
  return RANKS[k];
}

function ref0(type: PolicyType, index: number, owner: string | undefined, policy: CompiledPolicy): PolicyRef {
  const id = policy.policy.id;
  if (owner === undefined) return id === undefined ? { type, index } : { type, index, id };
  return id === undefined ? { type, index, owner } : { type, index, owner, id };
}
