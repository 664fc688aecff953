/**
 * @module `POST /_vpce/explain` from the page: the same question `vpce explain` asks, answered by the server's trace
 * and policy engine (shape: docs/explain-output.schema.json). The page only draws the answer; it decides nothing.
 */
import { ApiError, authHeaders, type Scope } from './api.js';

export type Verdict = 'allow' | 'deny' | 'forward' | 'drop' | 'deliver';

export interface ExplainStep {
  readonly kind: string;
  readonly resourceId: string;
  readonly path: 'forward' | 'return';
  readonly direction?: 'egress' | 'ingress';
  readonly verdict: Verdict;
  readonly decidedBy: { readonly by: string } & Readonly<Record<string, unknown>>;
  readonly code?: string;
  readonly note: string;
}

export interface PolicyReason { readonly kind: string; readonly why: string }

export interface ExplainAnswer {
  readonly outcome: string;
  readonly delivered: boolean;
  readonly allowed: boolean;
  readonly account: string;
  readonly region: string;
  readonly principal: { readonly arn: string; readonly source: string };
  readonly destination: {
    readonly hostname?: string; readonly ip?: string; readonly port: number; readonly protocol: string;
    readonly request?: { readonly action: string; readonly resource: string };
  };
  readonly trace: {
    readonly steps: readonly ExplainStep[];
    readonly disposition: { readonly kind: string } & Readonly<Record<string, unknown>>;
    readonly code?: string;
    readonly context?: { readonly sourceAddress: string; readonly keys: Readonly<Record<string, string>> };
    readonly policy?: {
      readonly decision: { readonly decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'; readonly reasons: readonly PolicyReason[] };
      readonly principal: { readonly arn: string };
      readonly action: string;
      readonly resource: string;
      readonly endpoint?: { readonly vpcEndpointId: string; readonly policyDocument: string; readonly defaulted: boolean };
      readonly decidedBy?: string;
    };
  };
}

/** The question, as the URL hash and the explain body hold it. */
export interface ExplainQuestion {
  readonly from: string;
  readonly to: string;
  readonly action?: string;
  readonly principal?: string;
}

/** Ask the server; a refusal (bad input, access) rejects with its code and message. */
export async function explainPath(scope: Scope, q: ExplainQuestion): Promise<ExplainAnswer> {
  const body = { from: q.from, to: q.to, account: scope.account, region: scope.region,
    ...(q.action ? { action: q.action } : {}), ...(q.principal ? { principal: q.principal } : {}) };
  let res: Response;
  try {
    const json = JSON.stringify(body);
    const headers = await authHeaders(scope, 'sts', { method: 'POST', path: '/_vpce/explain', query: '', body: json, contentType: 'application/json' });
    res = await fetch('/_vpce/explain', { method: 'POST', headers, body: json });
  } catch (e) {
    throw new ApiError('NetworkError', `vpce did not answer (${(e as Error).message}). Is vpce serve still running?`, 0);
  }
  const text = await res.text();
  let value: unknown;
  try { value = JSON.parse(text); } catch { throw new ApiError('BadResponse', `vpce answered ${res.status} with something that is not JSON: ${text.slice(0, 200)}`, res.status); }
  if (!res.ok) {
    const e = value as { error?: string; message?: string };
    throw new ApiError(e.error ?? `HTTP${res.status}`, e.message ?? text.slice(0, 200), res.status);
  }
  return value as ExplainAnswer;
}

/** One line naming the rule, route or state that decided a step, from the step's own `decidedBy`. */
export function deciderText(d: ExplainStep['decidedBy']): string {
  const s = (k: string): string => { const v = d[k]; return typeof v === 'string' || typeof v === 'number' ? String(v) : ''; };
  switch (d.by) {
    case 'securityGroupRule': return `${s('groupId')} ${s('ruleId')}: ${s('rule')}`;
    case 'noSecurityGroupRule': return `no matching rule in ${(d['groupIds'] as string[] | undefined)?.join(', ') ?? ''}`;
    case 'aclEntry': return `${s('entry')}${s('ports') ? ` (${s('ports')})` : ''}`;
    case 'route': {
      const r = d['route'] as { matchedCidr?: string; target?: { id?: string; type?: string }; state?: string } | undefined;
      return `${s('routeTableId')}: ${r?.matchedCidr ?? ''} → ${r?.target?.id ?? r?.target?.type ?? ''}${r?.state === 'blackhole' ? ' (blackhole)' : ''}`;
    }
    case 'noRoute': return `no route in ${s('routeTableId')}`;
    case 'state': return `state ${s('state')}`;
    case 'attribute': return `${s('name')}: ${s('value')}`;
    case 'dnsRecord': return `${s('name')} → ${((d['addresses'] as string[] | undefined) ?? []).join(', ')}`;
    case 'source': return `${s('networkInterfaceId')} ${s('privateIp')}`;
    case 'address': return `address ${s('address')}`;
    case 'cidr': return `${s('address')} in ${((d['cidrs'] as string[] | undefined) ?? []).join(', ')}`;
    case 'listener': return `listener ${s('protocol')}:${s('port')}`;
    case 'target': return `target ${s('targetId')}:${s('port')} ${s('state')}`;
    case 'sameSubnet': return `same subnet ${s('subnetId')}`;
    default: return d.by;
  }
}

/** Whether a step stopped the flow (the API's verdicts `deny` and `drop`). */
export function stopped(step: ExplainStep): boolean {
  return step.verdict === 'deny' || step.verdict === 'drop';
}
