/**
 * @module Authorize one live service request: the endpoint policy of the endpoint its trace went through, the
 * resource policy the service holds and the caller's identity policies, with the request context the network
 * path produced. Policies are compiled once per text (a cache), so a request costs one evaluation.
 */
import { evaluate, PolicyCompileCache, type CompiledPolicy, type CompiledPolicySet, type PolicyType, type ViaEndpoint } from '../iam/index.js';
import { DEFAULT_ENDPOINT_POLICY } from '../model/vpc-endpoint.js';
import type { NetworkView } from './network-view.js';
import { ASSUMED_IDENTITY, describeStatement, missingAllow, principalFromArn } from './policy-hop.js';
import type { Trace } from './trace.js';

export interface LiveRequest {
  readonly principalArn: string;
  /** Identity policies (JSON). `undefined`: an account root, with full access in its own account. */
  readonly identityPolicies: readonly string[] | undefined;
  /** The caller's permissions boundary (JSON), if its user or role has one. */
  readonly boundaryPolicy?: string | undefined;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly resourcePolicy?: string | undefined;
  /** Condition keys beyond the path's (service keys, aws:CurrentTime...). */
  readonly context?: Readonly<Record<string, string | readonly string[]>> | undefined;
}

export type LiveDecision =
  | { readonly decision: 'Allow'; readonly vpcEndpointId?: string }
  | {
    readonly decision: 'ImplicitDeny' | 'ExplicitDeny';
    /** The deciding statement or the policy lacking an allow (`endpoint policy vpce-... statement 0 "Sid"`). */
    readonly decidedBy: string;
    /** The endpoint whose policy took part, if the request came through one. */
    readonly vpcEndpointId?: string;
  };

/** The endpoint a delivered trace went through, if any. */
export function endpointOf(trace: Trace | undefined): string | undefined {
  const d = trace?.disposition;
  if (d?.kind !== 'delivered') return undefined;
  return d.to.type === 'awsService' || d.to.type === 'interfaceEndpoint' ? d.to.vpcEndpointId : undefined;
}

const ROOT_ALLOWED: LiveDecision = { decision: 'Allow' };

export class LiveAuthorizer {
  private readonly cache = new PolicyCompileCache(4096);

  private compile(text: string, type: PolicyType): CompiledPolicy | undefined {
    const r = this.cache.get(text, type);
    return r.ok ? r.compiled : undefined;
  }

  /**
   * AWS ("Policy evaluation logic", "Control access to VPC endpoints using endpoint policies"): a request through
   * an endpoint must be allowed by the endpoint policy and by the identity and resource policies; an explicit
   * deny in any of them wins. A stored policy that no longer compiles denies (it was validated when stored).
   */
  /**
   * AWS: "all requests are implicitly denied with the exception of the AWS account root user, which has full
   * access" to its own account's resources. With no policy that could deny (no resource policy, boundary or
   * endpoint on the path) that is the whole evaluation: true when `authorize` would allow for that reason alone
   * (the same answer evaluate() gives), so callers may skip building the view, context and policy set.
   */
  rootInOwnAccount(trace: Trace | undefined, req: Pick<LiveRequest, 'principalArn' | 'identityPolicies' | 'boundaryPolicy' | 'resourcePolicy' | 'resourceAccount'>): boolean {
    if (req.identityPolicies !== undefined || req.boundaryPolicy !== undefined || req.resourcePolicy !== undefined || endpointOf(trace) !== undefined) return false;
    const principal = principalFromArn(req.principalArn);
    return principal?.type === 'Account' && req.resourceAccount === principal.account;
  }

  authorize(view: NetworkView, trace: Trace | undefined, req: LiveRequest): LiveDecision {
    const principal = principalFromArn(req.principalArn);
    if (!principal) return { decision: 'ImplicitDeny', decidedBy: `unknown principal ${req.principalArn}` };
    if (this.rootInOwnAccount(trace, req)) return ROOT_ALLOWED;
    const identity: CompiledPolicy[] = [];
    const texts = req.identityPolicies ?? (principal.type === 'Anonymous' ? [] : [ASSUMED_IDENTITY]);
    for (const text of texts) {
      const c = this.compile(text, 'identity');
      if (!c) return { decision: 'ImplicitDeny', decidedBy: 'an identity policy that does not compile' };
      identity.push(c);
    }
    // AWS ("Permissions boundaries for IAM entities"): the boundary caps what identity policies grant.
    const boundary: CompiledPolicy[] = [];
    if (req.boundaryPolicy !== undefined) {
      const c = this.compile(req.boundaryPolicy, 'boundary');
      if (!c) return { decision: 'ImplicitDeny', decidedBy: 'a permissions boundary that does not compile' };
      boundary.push(c);
    }
    const resource: { account: string; policy: CompiledPolicy }[] = [];
    if (req.resourcePolicy !== undefined) {
      const c = this.compile(req.resourcePolicy, 'resource');
      if (!c) return { decision: 'ImplicitDeny', decidedBy: 'a resource policy that does not compile' };
      resource.push({ account: req.resourceAccount, policy: c });
    }
    const endpointId = endpointOf(trace);
    let via: ViaEndpoint | null = null;
    let endpoint: CompiledPolicySet['endpoint'];
    if (trace && endpointId) {
      const d = trace.disposition;
      const ep = view.partition(trace.flow.account, trace.flow.region).vpcEndpoints.get(endpointId);
      const c = this.compile(ep?.policyDocument ?? DEFAULT_ENDPOINT_POLICY, 'endpoint');
      if (!c) return { decision: 'ImplicitDeny', decidedBy: `the endpoint policy of ${endpointId} does not compile`, vpcEndpointId: endpointId };
      const service = ep?.serviceName ?? (d.kind === 'delivered' && d.to.type === 'awsService' ? d.to.service : '');
      const type = ep?.endpointType === 'Interface' || (d.kind === 'delivered' && d.to.type === 'interfaceEndpoint') ? 'Interface' : 'Gateway';
      via = { vpceId: endpointId, vpcId: ep?.vpcId ?? trace.context?.keys['aws:SourceVpc'] ?? '', service, type };
      endpoint = { vpceId: endpointId, service, type, policy: c };
    }
    const context = { ...(trace?.context?.keys ?? {}), ...(req.context ?? {}) };
    const decision = evaluate(
      { principal, action: req.action, resource: req.resource, resourceAccount: req.resourceAccount, context, viaEndpoint: via },
      { identity, resource, ...(boundary.length > 0 ? { boundary } : {}), ...(endpoint ? { endpoint } : {}) },
    );
    const endpointField = endpointId ? { vpcEndpointId: endpointId } : {};
    // The hot path: an allow needs no explanation (the gate keeps only refusals).
    if (decision.decision === 'Allow') return { decision: 'Allow', ...endpointField };
    let decidedBy: string | undefined;
    for (const r of decision.reasons) {
      if (r.kind === 'statement-denies') { decidedBy = describeStatement(r, endpointId); if (decidedBy) break; }
    }
    decidedBy ??= missingAllow(decision, endpointId) ?? 'policy';
    return { decision: decision.decision, decidedBy, ...endpointField };
  }
}
