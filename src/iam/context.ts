/** @module The request context: case-insensitive condition keys, keys AWS derives from the caller and the endpoint, and the prepared request. */
import type { AuthzRequest, Reason, RequestPrincipal, ViaEndpoint } from './types.js';

/** One context key: its values and whether it was given as a list (a multivalued key). */
export interface ContextValue {
  readonly values: readonly string[];
  readonly multi: boolean;
}

/** Reads context keys by lower-cased name (AWS condition key names are case-insensitive). */
export interface ContextReader {
  get(keyLower: string): ContextValue | undefined;
  /** Every key present, lower-cased, with its value (for explanations and tests). */
  entries(): IterableIterator<[string, ContextValue]>;
}

/** A request ready for evaluation: lower-cased action, split service prefix, a context reader. */
export interface PreparedRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly actionLower: string;
  readonly service: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly sameAccount: boolean;
  readonly viaEndpoint: ViaEndpoint | null;
  readonly context: ContextReader;
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

/** Keys AWS derives from the caller and the endpoint when the caller did not give them. */
export const DERIVED_KEYS = ['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:principalservicename', 'aws:username', 'aws:sourcevpce', 'aws:sourcevpc'] as const;

function derive(key: string, p: RequestPrincipal, via: ViaEndpoint | null): string | undefined {
  const person = p.type !== 'Anonymous' && p.type !== 'Service';
  switch (key) {
    case 'aws:principalarn': return person ? (p.type === 'AssumedRole' ? roleArnOfSession(p.arn) ?? p.arn : p.arn) : undefined;
    case 'aws:principalaccount': return person ? p.account : undefined;
    case 'aws:principaltype': return principalTypeKey(p);
    case 'aws:principalservicename': return p.type === 'Service' ? p.arn : undefined;
    case 'aws:username': return p.type === 'IAMUser' ? p.arn.slice(p.arn.lastIndexOf('/') + 1) : undefined;
    case 'aws:sourcevpce': return via?.vpceId;
    case 'aws:sourcevpc': return via?.vpcId;
    default: return undefined;
  }
}

const LOWER = new Map<string, string>();

/** Lower-case a context key name, remembering the answer (the same few keys recur). */
function lower(key: string): string {
  let l = LOWER.get(key);
  if (l === undefined) {
    l = key.toLowerCase();
    if (LOWER.size > 4096) LOWER.clear();
    LOWER.set(key, l);
  }
  return l;
}

const ABSENT: ContextValue = { values: [], multi: false };

/** Given keys first; derived keys computed on first use and remembered. */
class RequestContext implements ContextReader {
  readonly #given = new Map<string, ContextValue>();
  #derived: Map<string, ContextValue> | undefined;
  constructor(given: AuthzRequest['context'], private readonly principal: RequestPrincipal, private readonly via: ViaEndpoint | null) {
    if (given !== undefined) {
      for (const key in given) {
        const raw = given[key];
        if (raw === undefined) continue;
        this.#given.set(lower(key), typeof raw === 'string' ? { values: [raw], multi: false } : { values: raw, multi: true });
      }
    }
  }

  /** Remove a given key (AWS drops aws:SourceIp for requests through an endpoint); true if it was there. */
  drop(keyLower: string): boolean {
    return this.#given.delete(keyLower);
  }

  get(keyLower: string): ContextValue | undefined {
    const v = this.#given.get(keyLower);
    if (v !== undefined) return v;
    let d = this.#derived?.get(keyLower);
    if (d === undefined) {
      const value = derive(keyLower, this.principal, this.via);
      d = value === undefined ? ABSENT : { values: [value], multi: false };
      (this.#derived ??= new Map()).set(keyLower, d);
    }
    return d === ABSENT ? undefined : d;
  }

  *entries(): IterableIterator<[string, ContextValue]> {
    yield* this.#given.entries();
    for (const key of DERIVED_KEYS) {
      if (this.#given.has(key)) continue;
      const v = this.get(key);
      if (v) yield [key, v];
    }
  }
}

/**
 * Build the evaluation context. Keys the caller gave win; the engine adds the ones AWS always derives
 * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:SourceVpce, aws:SourceVpc).
 */
export function prepareRequest(request: AuthzRequest): PreparedRequest {
  const p = request.principal;
  const via = request.viaEndpoint ?? null;
  const context = new RequestContext(request.context, p, via);
  let notes: Reason[] = NO_NOTES;
  // AWS: "The aws:SourceIp key is always present in the request context, except when the requester
  // uses a VPC endpoint to make the request" (IAM condition operators page, IP address operators).
  if (via && context.drop('aws:sourceip')) {
    notes = [{ kind: 'context', why: `aws:SourceIp removed from the context: the request went through ${via.vpceId}, and AWS does not set aws:SourceIp for requests through a VPC endpoint (use aws:VpcSourceIp)` }];
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

const NO_NOTES: Reason[] = [];

function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':', 5);
  const account = parts[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** Look a key up as a policy variable: only single-valued keys substitute. */
export function variableLookup(context: ContextReader): (keyLower: string) => string | undefined {
  return (key) => {
    const v = context.get(key);
    return v && !v.multi && v.values.length === 1 ? v.values[0] : undefined;
  };
}
