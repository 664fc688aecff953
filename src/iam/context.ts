/** @module The request context: case-insensitive condition keys, keys AWS derives from the caller and the endpoint, and the prepared request. */
import type { AuthzRequest, Reason, RequestPrincipal, ViaEndpoint } from './types.js';

/** One context key: its values and whether it was given as a list (a multivalued key). */
export interface ContextValue {
  readonly values: readonly string[];
  readonly multi: boolean;
}

/** A request ready for evaluation: lower-cased action, split service prefix, indexed context. */
export interface PreparedRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly actionLower: string;
  readonly service: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly sameAccount: boolean;
  readonly viaEndpoint: ViaEndpoint | null;
  /** Keys lower-cased: AWS condition key names are case-insensitive. */
  readonly context: ReadonlyMap<string, ContextValue>;
  /** Notes about keys the engine added or removed, reported with every decision. */
  readonly notes: readonly Reason[];
}

/** The IAM role ARN behind an assumed-role session ARN (`arn:aws:sts::A:assumed-role/R/S` -> `arn:aws:iam::A:role/R`). */
export function roleArnOfSession(sessionArn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(sessionArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

function principalTypeKey(p: RequestPrincipal): string | undefined {
  // AWS: aws:PrincipalType is Account, User, FederatedUser, AssumedRole or Anonymous (global condition keys page).
  switch (p.type) {
    case 'IAMUser': return 'User';
    case 'AssumedRole': return 'AssumedRole';
    case 'Role': return 'AssumedRole';
    case 'FederatedUser': return 'FederatedUser';
    case 'Account': return 'Account';
    case 'Anonymous': return 'Anonymous';
    case 'Service': return undefined;
  }
}

/**
 * Build the evaluation context. Keys the caller gave win; the engine adds the ones AWS always derives
 * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:SourceVpce, aws:SourceVpc).
 */
export function prepareRequest(request: AuthzRequest): PreparedRequest {
  const context = new Map<string, ContextValue>();
  const notes: Reason[] = [];
  const given = request.context ?? {};
  for (const key of Object.keys(given)) {
    const raw = given[key];
    if (raw === undefined) continue;
    context.set(key.toLowerCase(), typeof raw === 'string' ? { values: [raw], multi: false } : { values: raw, multi: true });
  }
  const p = request.principal;
  const setDefault = (key: string, value: string | undefined): void => {
    if (value !== undefined && !context.has(key)) context.set(key, { values: [value], multi: false });
  };
  if (p.type !== 'Anonymous' && p.type !== 'Service') {
    setDefault('aws:principalarn', p.type === 'AssumedRole' ? roleArnOfSession(p.arn) ?? p.arn : p.arn);
    setDefault('aws:principalaccount', p.account);
  }
  if (p.type === 'Service') setDefault('aws:principalservicename', p.arn);
  setDefault('aws:principaltype', principalTypeKey(p));
  if (p.type === 'IAMUser') setDefault('aws:username', p.arn.slice(p.arn.lastIndexOf('/') + 1));
  const via = request.viaEndpoint ?? null;
  if (via) {
    setDefault('aws:sourcevpce', via.vpceId);
    setDefault('aws:sourcevpc', via.vpcId);
    // AWS: "The aws:SourceIp key is always present in the request context, except when the requester
    // uses a VPC endpoint to make the request" (IAM condition operators page, IP address operators).
    if (context.delete('aws:sourceip')) {
      notes.push({ kind: 'context', why: `aws:SourceIp removed from the context: the request went through ${via.vpceId}, and AWS does not set aws:SourceIp for requests through a VPC endpoint (use aws:VpcSourceIp)` });
    }
  }
  const action = request.action;
  const actionLower = action.toLowerCase();
  const colon = actionLower.indexOf(':');
  const resourceAccount = request.resourceAccount ?? accountOfArn(request.resource) ?? p.account;
  return {
    principal: p,
    action,
    actionLower,
    service: colon < 0 ? actionLower : actionLower.slice(0, colon),
    resource: request.resource,
    resourceAccount,
    sameAccount: p.type !== 'Anonymous' && p.type !== 'Service' && p.account === resourceAccount,
    viaEndpoint: via,
    context,
    notes,
  };
}

function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':', 5);
  const account = parts[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** Look a key up as a policy variable: only single-valued keys substitute. */
export function variableLookup(context: ReadonlyMap<string, ContextValue>): (keyLower: string) => string | undefined {
  return (key) => {
    const v = context.get(key);
    return v && !v.multi && v.values.length === 1 ? v.values[0] : undefined;
  };
}
