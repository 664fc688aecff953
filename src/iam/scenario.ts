/** @module The scenario format shared by tests, the CLI and users: a request plus the policies around it, checked and evaluated. */
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { evaluate, type CompiledPolicySet } from './evaluate.js';
import { PRINCIPAL_TYPES, type AuthzRequest, type Decision, type PolicyType, type PrincipalType, type ViaEndpoint } from './types.js';
import { validatePolicy, type PolicyError } from './validate.js';

/** A policy document as JSON (object) or text. */
export type PolicyDocument = unknown;

/** The scenario format (see docs/iam.md). */
export interface Scenario {
  readonly request: AuthzRequest;
  readonly policies: {
    readonly identity?: readonly PolicyDocument[];
    readonly resource?: readonly { readonly account: string; readonly policy: PolicyDocument }[];
    readonly endpoint?: { readonly vpceId: string; readonly service: string; readonly type: 'Gateway' | 'Interface'; readonly policy: PolicyDocument } | null;
    readonly scp?: readonly PolicyDocument[];
    readonly boundary?: readonly PolicyDocument[];
  };
}

/** A problem with the scenario itself: where, and what to fix. */
export interface ScenarioError {
  readonly path: string;
  readonly message: string;
  readonly policyErrors?: readonly PolicyError[];
}

export type ScenarioCheck =
  | { readonly ok: true; readonly request: AuthzRequest; readonly policies: CompiledPolicySet }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export type ScenarioResult =
  | { readonly ok: true; readonly decision: Decision }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(obj: Record<string, unknown>, key: string, path: string, errors: ScenarioError[], optional = false): string | undefined {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') {
    errors.push({ path: `${path}.${key}`, message: `${path}.${key} must be a non-empty string` });
    return undefined;
  }
  return v;
}

function checkRequest(raw: unknown, errors: ScenarioError[]): AuthzRequest | undefined {
  if (!isRecord(raw)) { errors.push({ path: 'request', message: 'request must be an object with principal, action and resource' }); return undefined; }
  const p = raw['principal'];
  let principal: AuthzRequest['principal'] | undefined;
  if (!isRecord(p)) errors.push({ path: 'request.principal', message: 'request.principal must be an object {arn, account, type}' });
  else {
    const type = p['type'];
    if (typeof type !== 'string' || !(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      errors.push({ path: 'request.principal.type', message: `request.principal.type must be one of ${PRINCIPAL_TYPES.join(', ')}` });
    }
    const anonymous = type === 'Anonymous';
    const arn = anonymous ? (typeof p['arn'] === 'string' ? p['arn'] : '*') : str(p, 'arn', 'request.principal', errors);
    const account = anonymous || type === 'Service' ? (typeof p['account'] === 'string' ? p['account'] : '') : str(p, 'account', 'request.principal', errors);
    if (account !== undefined && account !== '' && !/^\d{12}$/.test(account)) errors.push({ path: 'request.principal.account', message: 'request.principal.account must be a 12-digit account id' });
    const canonicalId = typeof p['canonicalId'] === 'string' ? p['canonicalId'] : undefined;
    if (arn !== undefined && account !== undefined && typeof type === 'string') {
      principal = canonicalId === undefined ? { arn, account, type: type as PrincipalType } : { arn, account, type: type as PrincipalType, canonicalId };
    }
  }
  const action = str(raw, 'action', 'request', errors);
  if (action !== undefined && action !== '*' && action.split(':').length !== 2) errors.push({ path: 'request.action', message: 'request.action must look like service:Action, e.g. s3:GetObject' });
  const resource = str(raw, 'resource', 'request', errors);
  const resourceAccount = str(raw, 'resourceAccount', 'request', errors, true);
  let context: Record<string, string | readonly string[]> | undefined;
  const c = raw['context'];
  if (c !== undefined && c !== null) {
    if (!isRecord(c)) errors.push({ path: 'request.context', message: 'request.context must be an object of key -> string or list of strings' });
    else {
      context = {};
      for (const [k, v] of Object.entries(c)) {
        if (typeof v === 'string') context[k] = v;
        else if (typeof v === 'number' || typeof v === 'boolean') context[k] = String(v);
        else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) context[k] = v as string[];
        else errors.push({ path: `request.context.${k}`, message: `request.context.${k} must be a string or a list of strings` });
      }
    }
  }
  let viaEndpoint: ViaEndpoint | null = null;
  const via = raw['viaEndpoint'];
  if (via !== undefined && via !== null) {
    if (!isRecord(via)) errors.push({ path: 'request.viaEndpoint', message: 'request.viaEndpoint must be null or {vpceId, vpcId, service, type}' });
    else {
      const vpceId = str(via, 'vpceId', 'request.viaEndpoint', errors);
      const vpcId = str(via, 'vpcId', 'request.viaEndpoint', errors);
      const service = str(via, 'service', 'request.viaEndpoint', errors);
      const type = via['type'];
      if (type !== 'Gateway' && type !== 'Interface') errors.push({ path: 'request.viaEndpoint.type', message: 'request.viaEndpoint.type must be Gateway or Interface' });
      else if (vpceId && vpcId && service) viaEndpoint = { vpceId, vpcId, service, type };
    }
  }
  if (!principal || action === undefined || resource === undefined) return undefined;
  const out: { -readonly [K in keyof AuthzRequest]: AuthzRequest[K] } = { principal, action, resource, viaEndpoint };
  if (resourceAccount !== undefined) out.resourceAccount = resourceAccount;
  if (context !== undefined) out.context = context;
  return out;
}

function compileOne(doc: unknown, type: PolicyType, path: string, errors: ScenarioError[]): CompiledPolicy | undefined {
  const v = validatePolicy(doc, type);
  if (!v.ok) {
    errors.push({ path, message: `${path} is not a valid ${type} policy: ${v.errors.map((e) => `${e.message} (${e.path || '/'}: ${e.detail})`).join('; ')}`, policyErrors: v.errors });
    return undefined;
  }
  return compilePolicy(v.policy);
}

function list(raw: unknown, path: string, errors: ScenarioError[]): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) { errors.push({ path, message: `${path} must be a list of policies` }); return []; }
  return raw;
}

/** Check a scenario value and compile its policies; errors say what to fix. */
export function checkScenario(json: unknown): ScenarioCheck {
  const errors: ScenarioError[] = [];
  if (!isRecord(json)) return { ok: false, errors: [{ path: '', message: 'a scenario is an object {"request": ..., "policies": ...}' }] };
  const request = checkRequest(json['request'], errors);
  const raw = json['policies'];
  if (!isRecord(raw)) {
    errors.push({ path: 'policies', message: 'policies must be an object with identity, resource and optional endpoint, scp, boundary' });
    return { ok: false, errors };
  }
  const identity = list(raw['identity'], 'policies.identity', errors).map((d, i) => compileOne(d, 'identity', `policies.identity[${i}]`, errors));
  const resource = list(raw['resource'], 'policies.resource', errors).map((r, i) => {
    const path = `policies.resource[${i}]`;
    if (!isRecord(r) || typeof r['account'] !== 'string' || r['policy'] === undefined) {
      errors.push({ path, message: `${path} must be {"account": "111122223333", "policy": {...}}` });
      return undefined;
    }
    const policy = compileOne(r['policy'], 'resource', `${path}.policy`, errors);
    return policy ? { account: r['account'], policy } : undefined;
  });
  let endpoint: CompiledPolicySet['endpoint'];
  const ep = raw['endpoint'];
  if (ep !== undefined && ep !== null) {
    if (!isRecord(ep)) errors.push({ path: 'policies.endpoint', message: 'policies.endpoint must be {vpceId, service, type, policy}' });
    else {
      const vpceId = str(ep, 'vpceId', 'policies.endpoint', errors);
      const service = str(ep, 'service', 'policies.endpoint', errors);
      const type = ep['type'] === 'Interface' ? 'Interface' : 'Gateway';
      if (ep['type'] !== undefined && ep['type'] !== 'Gateway' && ep['type'] !== 'Interface') errors.push({ path: 'policies.endpoint.type', message: 'policies.endpoint.type must be Gateway or Interface' });
      const policy = compileOne(ep['policy'], 'endpoint', 'policies.endpoint.policy', errors);
      if (vpceId && service && policy) endpoint = { vpceId, service, type, policy };
    }
  }
  const scp = list(raw['scp'], 'policies.scp', errors).map((d, i) => compileOne(d, 'scp', `policies.scp[${i}]`, errors));
  const boundary = list(raw['boundary'], 'policies.boundary', errors).map((d, i) => compileOne(d, 'boundary', `policies.boundary[${i}]`, errors));
  if (errors.length > 0 || !request) return { ok: false, errors };
  const defined = <T>(xs: readonly (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
  return { ok: true, request, policies: { identity: defined(identity), resource: defined(resource), endpoint, scp: defined(scp), boundary: defined(boundary) } };
}

/** Check, compile and evaluate a scenario. */
export function evaluateScenario(json: unknown): ScenarioResult {
  const checked = checkScenario(json);
  if (!checked.ok) return checked;
  return { ok: true, decision: evaluate(checked.request, checked.policies) };
}
