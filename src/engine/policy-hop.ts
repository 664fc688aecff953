/**
 * @module The policy hop: after a trace delivered a service request, evaluate the endpoint policy of the endpoint it went through, the resource policy and identity policies with the trace's request context; the decision becomes the final step.
 */
import {
  compileDocument, evaluate, type AuthzRequest, type CompiledPolicy, type CompiledPolicySet, type Decision, type PolicyType,
  type PrincipalType, type Reason, type RequestPrincipal, type ViaEndpoint,
} from '../iam/index.js';
import { DEFAULT_ENDPOINT_POLICY } from '../model/vpc-endpoint.js';
import type { NetworkView } from './network-view.js';
import type { Disposition, Step, Trace } from './trace.js';

/** What the service request asks for, beyond the network flow. */
export interface ServiceRequest {
  /** e.g. `s3:GetObject`. */
  readonly action: string;
  /** e.g. `arn:aws:s3:::bucket/key`. */
  readonly resource: string;
  /**
   * The calling principal's ARN. Absent: the account root of the source's account (`arn:aws:iam::<account>:root`),
   * whose identity permissions are full access in its own account.
   */
  readonly principal?: string;
  /**
   * Identity policies of the principal (JSON documents). Absent: the principal's identity policies are assumed
   * to allow the request (only the endpoint and resource policies are checked).
   */
  readonly identityPolicies?: readonly string[];
  /** The principal's permissions boundary (JSON), if its user or role has one. */
  readonly boundaryPolicy?: string;
  /** A resource policy (e.g. an S3 bucket policy) as JSON. */
  readonly resourcePolicy?: string;
  /** The account owning the resource (default: the principal's account). */
  readonly resourceAccount?: string;
  /** Keys of the principal the caller knows (`aws:userid`), added to what the path set. */
  readonly principalKeys?: Readonly<Record<string, string>>;
}

/** The policy hop's result: the decision (with reasons) and the policies it weighed. */
export interface PolicyEvaluation {
  readonly decision: Decision;
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
  readonly endpoint?: { readonly vpcEndpointId: string; readonly policyDocument: string; readonly defaulted: boolean };
  /** Statement that decided a deny (or the first allow), e.g. `endpoint policy vpce-... statement 0 "OnlyOther"`. */
  readonly decidedBy?: string;
}

/** A trace with its policy hop. */
export type PolicyTrace = Trace & { readonly policy?: PolicyEvaluation };

export type PolicyHopError = { readonly ok: false; readonly message: string };

/** Parse a principal ARN into the iam engine's request principal. */
export function principalFromArn(arn: string): RequestPrincipal | undefined {
  if (arn === '*') return { arn: '*', account: '', type: 'Anonymous' };
  const m = /^arn:aws[\w-]*:(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, svc, account, rest] = m as unknown as [string, string, string, string];
  let type: PrincipalType | undefined;
  if (svc === 'iam' && rest === 'root') type = 'Account';
  else if (svc === 'iam' && rest.startsWith('user/')) type = 'IAMUser';
  else if (svc === 'iam' && rest.startsWith('role/')) type = 'Role';
  else if (svc === 'sts' && rest.startsWith('assumed-role/')) type = 'AssumedRole';
  else if (svc === 'sts' && rest.startsWith('federated-user/')) type = 'FederatedUser';
  return type ? { arn, account, type } : undefined;
}

/** The identity policy assumed when none is given. */
export const ASSUMED_IDENTITY = '{"Version":"2012-10-17","Statement":[{"Sid":"AssumedIdentityAllow","Effect":"Allow","Action":"*","Resource":"*"}]}';

function compileOrError(text: string, type: PolicyType, what: string): CompiledPolicy | PolicyHopError {
  let value: unknown;
  try { value = JSON.parse(text) as unknown; } catch (e) { return { ok: false, message: `${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }; }
  const r = compileDocument(value, type);
  if (!r.ok) return { ok: false, message: `${what} is invalid: ${r.errors.map((x) => `${x.code}: ${x.message}`).join('; ')}` };
  return r.compiled;
}

export function describeStatement(r: Reason, endpointId: string | undefined): string | undefined {
  if (r.kind !== 'statement-denies' && r.kind !== 'statement-allows') return undefined;
  const type = r.policy.type;
  const name = type === 'endpoint' ? `endpoint policy${endpointId ? ` ${endpointId}` : ''}` : type === 'identity' ? `identity policy #${r.policy.index}` : `${type} policy`;
  return `${name} statement ${r.statement.index}${r.statement.sid ? ` "${r.statement.sid}"` : ''}`;
}

/** Which policy is missing an allow (for an implicit deny). */
export function missingAllow(d: Decision, endpointId: string | undefined): string | undefined {
  const r = d.reasons.find((x) => x.kind === 'no-allow');
  if (!r || r.kind !== 'no-allow') return undefined;
  return r.policyType === 'endpoint' ? `endpoint policy${endpointId ? ` ${endpointId}` : ''}` : `${r.policyType} policy`;
}

/**
 * Add the policy hop to a trace. A trace that did not deliver is returned as is. A delivered one gains a final
 * `destination` step with the decision; a deny turns the disposition into `deniedByPolicy`.
 * AWS ("Control access to VPC endpoints using endpoint policies"): a request through an endpoint must be allowed by
 * the endpoint policy and by the identity and resource policies; an endpoint without a policy allows full access.
 */
export function applyPolicyHop(view: NetworkView, trace: Trace, req: ServiceRequest): PolicyTrace | PolicyHopError {
  const d = trace.disposition;
  if (d.kind !== 'delivered') return trace;
  const account = trace.flow.account;
  const principalArn = req.principal ?? `arn:aws:iam::${account}:root`;
  const principal = principalFromArn(principalArn);
  if (!principal) return { ok: false, message: `--principal ${JSON.stringify(principalArn)} is not an IAM or STS principal ARN (arn:aws:iam::123456789012:role/name, ...)` };

  const endpointId = d.to.type === 'awsService' || d.to.type === 'interfaceEndpoint' ? d.to.vpcEndpointId : undefined;
  const ep = endpointId ? view.partition(account, trace.flow.region).vpcEndpoints.get(endpointId) : undefined;
  const policyDocument = ep ? ep.policyDocument ?? DEFAULT_ENDPOINT_POLICY : DEFAULT_ENDPOINT_POLICY;

  const identity: CompiledPolicy[] = [];
  for (const [i, text] of (req.identityPolicies ?? [ASSUMED_IDENTITY]).entries()) {
    const c = compileOrError(text, 'identity', `identity policy #${i}`);
    if ('ok' in c) return c;
    identity.push(c);
  }
  const boundary: CompiledPolicy[] = [];
  if (req.boundaryPolicy !== undefined) {
    const c = compileOrError(req.boundaryPolicy, 'boundary', 'the permissions boundary');
    if ('ok' in c) return c;
    boundary.push(c);
  }
  const resourceAccount = req.resourceAccount ?? (principal.account || account);
  const resource: { account: string; policy: CompiledPolicy }[] = [];
  if (req.resourcePolicy !== undefined) {
    const c = compileOrError(req.resourcePolicy, 'resource', 'the resource policy');
    if ('ok' in c) return c;
    resource.push({ account: resourceAccount, policy: c });
  }
  let via: ViaEndpoint | null = null;
  let endpointPolicy: CompiledPolicySet['endpoint'];
  if (endpointId) {
    const c = compileOrError(policyDocument, 'endpoint', `the endpoint policy of ${endpointId}`);
    if ('ok' in c) return c;
    const service = ep?.serviceName ?? (d.to.type === 'awsService' ? d.to.service : '');
    const type = ep?.endpointType === 'Interface' || d.to.type === 'interfaceEndpoint' ? 'Interface' : 'Gateway';
    via = { vpceId: endpointId, vpcId: ep?.vpcId ?? trace.context?.keys['aws:SourceVpc'] ?? '', service, type };
    endpointPolicy = { vpceId: endpointId, service, type, policy: c };
  }
  // AWS (global condition keys): the context is what the network path set (aws:SourceVpce/SourceVpc/VpcSourceIp
  // through an endpoint, aws:SourceIp through an internet or NAT gateway).
  const context = { ...(req.principalKeys ?? {}), ...(trace.context?.keys ?? {}) };
  const request: AuthzRequest = {
    principal, action: req.action, resource: req.resource, resourceAccount, context, viaEndpoint: via,
  };
  const decision = evaluate(request, { identity, resource, ...(boundary.length > 0 ? { boundary } : {}), ...(endpointPolicy ? { endpoint: endpointPolicy } : {}) });
  const allowed = decision.decision === 'Allow';
  const deciding = allowed
    ? decision.reasons.map((r) => (r.kind === 'statement-allows' ? describeStatement(r, endpointId) : undefined)).find((x) => x !== undefined)
    : decision.reasons.map((r) => (r.kind === 'statement-denies' ? describeStatement(r, endpointId) : undefined)).find((x) => x !== undefined)
      ?? missingAllow(decision, endpointId);
  const why = decision.reasons.find((r) => (allowed ? r.kind === 'statement-allows' : r.kind === 'statement-denies' || r.kind === 'no-allow'))?.why;
  const verdict = allowed ? 'allow' : decision.decision === 'ExplicitDeny' ? 'explicit deny' : 'implicit deny';
  const note = `${req.action} on ${req.resource} as ${principal.arn}: ${verdict}${deciding ? ` by ${deciding}` : ''}${why ? ` (${why})` : ''}`;
  const step: Step = {
    kind: 'destination', resourceId: endpointId ?? req.resource, path: 'forward', verdict: allowed ? 'allow' : 'deny',
    decidedBy: { by: 'attribute', name: 'policy', value: `${decision.decision}${deciding ? `: ${deciding}` : ''}` }, note,
  };
  const policy: PolicyEvaluation = {
    decision, principal, action: req.action, resource: req.resource, context,
    ...(endpointId ? { endpoint: { vpcEndpointId: endpointId, policyDocument, defaulted: ep?.policyDocument === undefined } } : {}),
    ...(deciding ? { decidedBy: deciding } : {}),
  };
  const disposition: Disposition = allowed ? d : { kind: 'deniedByPolicy', policy: deciding ?? 'policy', reason: note };
  const { code: _code, ...rest } = trace;
  return { ...rest, steps: [...trace.steps, step], disposition, policy, ...(allowed && trace.code ? { code: trace.code } : {}) };
}
