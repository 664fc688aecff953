/** @module `POST /_vpce/explain`: trace a request from an instance or ENI to a destination, then the policy hop; JSON in, JSON out. */
import { explain, parseSource, type ExplainInput } from '../engine/request.js';
import type { World } from '../model/world.js';
import { identityPoliciesOf, permissionsBoundaryOf, principalTagKeys, userIdOf } from '../model/credentials.js';
import { iamPartitionKey } from '../model/iam-ids.js';
import type { AuthSettings } from './authenticate.js';
import type { Identity } from './identity.js';
import { instanceSession } from './exec-endpoint.js';
import { compilerFor } from './network.js';
import type { SignedRequest } from './signature.js';
import { callerFor, vpceCaller } from './vpce-access.js';

/** Policies the services hold, so an explanation weighs what a live request would. */
export interface StoredPolicies {
  /** A bucket's owner and policy. */
  bucket(name: string): { readonly owner: string; readonly policy: string | null } | undefined;
  /** A table's resource policy in an account and Region. */
  tablePolicy(account: string, region: string, name: string): string | null | undefined;
}

export interface ExplainResponse {
  readonly status: number;
  readonly body: string;
}

/** The version of the answer's documented shape (docs/explain-output.schema.json); raised only on a breaking change. */
export const EXPLAIN_SCHEMA_VERSION = 1;

/** Who the request is judged as, and why that principal. */
export interface ExplainPrincipal {
  readonly arn: string;
  /** `argument`: given; `instanceRole`: the instance profile role's session; `accountRoot`: the source account. */
  readonly source: 'argument' | 'instanceRole' | 'accountRoot';
}

/**
 * The caller when none is named. A process on an instance signs with the credentials the metadata service hands
 * out, the instance profile role's session named after the instance (as `vpce exec` does), so that is who a request
 * from an instance is judged as; other sources, and instances without a usable role, as the account root.
 */
function defaultPrincipal(world: World, account: string, region: string, from: string): ExplainPrincipal {
  const { source } = parseSource(from);
  if (source.startsWith('i-')) {
    const arn = instanceSession(world, account, region, source);
    if (arn !== undefined) return { arn, source: 'instanceRole' };
  }
  return { arn: `arn:aws:iam::${account}:root`, source: 'accountRoot' };
}

const json = (status: number, value: unknown): ExplainResponse => ({ status, body: `${JSON.stringify(value, null, 2)}\n` });
const bad = (message: string): ExplainResponse => json(400, { error: 'BadRequest', message });

function optString(o: Record<string, unknown>, key: string): string | undefined | { error: string } {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : { error: `${key} must be a string` };
}

/**
 * Body: `{from, to, action?, principal?, port?, account?, region?, identityPolicies?, resourcePolicy?, resourceAccount?}`.
 * Account and Region come from the body, else from the SigV4 Authorization header (like every other request).
 * 200 with `{outcome, allowed, delivered, destination, trace}` whatever the outcome; 400 for input it cannot parse.
 */
/**
 * Who may ask: an explanation reveals the account's policies (identity, bucket, table, endpoint), so the caller is
 * authenticated like an API call (strict mode: signed with issued credentials or the root secret) and must belong
 * to the account explained; `principal` must be of that account too. Open mode answers an unsigned call, or one
 * signed with a key that names no account, for the account in the body: any caller could sign with that account's
 * 12-digit id there.
 */
export function handleExplainCall(world: World, settings: AuthSettings, req: SignedRequest, who: Identity, body: string, stored?: StoredPolicies): ExplainResponse {
  const authn = vpceCaller(world, settings, req, who, false);
  if ('refused' in authn) return authn.refused;
  let account = authn.caller.account;
  let principal: unknown;
  try {
    const v = JSON.parse(body || '{}') as unknown;
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o['account'] === 'string') account = o['account'];
      principal = o['principal'];
    }
  } catch { /* handleExplain answers the parse error */ }
  const caller = callerFor(authn.caller, account);
  const deny = (what: string): ExplainResponse => json(403, {
    error: 'AccessDenied', message: `User: ${caller.principalArn} is not authorized to explain ${what}: only principals of account ${caller.account} may`,
  });
  if (account !== caller.account) return deny(`requests of account ${account}`);
  if (typeof principal === 'string' && /^arn:aws:(iam|sts)::\d{12}:/.test(principal) && principal.split(':')[4] !== account) return deny(`the policies of ${principal}`);
  return handleExplain(world, { ...who, account }, body, stored);
}

export function handleExplain(world: World, who: Identity, body: string, stored?: StoredPolicies): ExplainResponse {
  let value: unknown;
  try { value = JSON.parse(body || '{}') as unknown; } catch (e) { return bad(`the body is not JSON: ${e instanceof Error ? e.message : String(e)}`); }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('the body must be a JSON object {from, to, ...}');
  const o = value as Record<string, unknown>;
  const fields: Record<string, string | undefined> = {};
  for (const key of ['from', 'to', 'action', 'principal', 'account', 'region', 'resourcePolicy', 'resourceAccount']) {
    const v = optString(o, key);
    if (typeof v === 'object') return bad(v.error);
    fields[key] = v;
  }
  const from = fields['from'];
  const to = fields['to'];
  if (!from) return bad('from is required (i-..., eni-..., subnet-..., internet, vgw-..., dx:vgw-... or pcx-..., optionally @<sourceIp>)');
  if (!to) return bad('to is required (s3://bucket/key, dynamodb://table, https://host/path or ip:port/proto)');
  const account = fields['account'] ?? who.account;
  if (!/^\d{12}$/.test(account)) return bad(`account must be a 12-digit account id, got ${JSON.stringify(account)}`);
  const region = fields['region'] ?? who.region;
  let port: number | undefined;
  if (o['port'] !== undefined && o['port'] !== null) {
    const p = typeof o['port'] === 'string' ? Number(o['port']) : o['port'];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) return bad('port must be an integer 0-65535');
    port = p;
  }
  let identityPolicies: string[] | undefined;
  if (o['identityPolicies'] !== undefined) {
    const ip = o['identityPolicies'];
    if (!Array.isArray(ip)) return bad('identityPolicies must be an array of policy documents');
    identityPolicies = ip.map((x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)));
  }
  const rp = o['resourcePolicy'];
  let resourcePolicy = typeof rp === 'object' && rp !== null ? JSON.stringify(rp) : fields['resourcePolicy'];
  // Without policies in the question, weigh the ones in force: the bucket's or table's resource policy (and
  // owner) and the principal's identity policies from IAM.
  if (resourcePolicy === undefined && stored) {
    const bucket = /^s3:\/\/([^/]+)/.exec(to)?.[1];
    const table = /^dynamodb:\/\/([^/]+)\/?$/.exec(to)?.[1];
    const b = bucket !== undefined ? stored.bucket(bucket) : undefined;
    if (b) {
      if (b.policy) resourcePolicy = b.policy;
      fields['resourceAccount'] ??= b.owner;
    }
    const t = table !== undefined ? stored.tablePolicy(account, region, table) : undefined;
    if (t) resourcePolicy = t;
  }
  const principal = fields['principal'] !== undefined
    ? { arn: fields['principal'], source: 'argument' as const }
    : defaultPrincipal(world, account, region, from);
  if (principal.source === 'instanceRole') fields['principal'] = principal.arn;
  let boundaryPolicy: string | undefined;
  if (identityPolicies === undefined && fields['principal'] !== undefined && !/:root$/.test(fields['principal'])) {
    identityPolicies = identityPoliciesOf(world, fields['principal'])?.slice();
    // A live request from the principal is capped by its permissions boundary: weigh it too.
    boundaryPolicy = permissionsBoundaryOf(world, fields['principal']);
  }
  // The principal's aws:userid, as the gate gives a live request from it (a role ARN's sessions are `<id>:<name>`).
  const principalArn = fields['principal'] ?? `arn:aws:iam::${account}:root`;
  const userId = userIdOf((a) => world.partition(iamPartitionKey(a)), principalArn);
  const input: ExplainInput = {
    account, region, from, to, principalKeys: { 'aws:userid': userId, ...principalTagKeys(world, principalArn) },
    ...(fields['action'] !== undefined ? { action: fields['action'] } : {}),
    ...(fields['principal'] !== undefined ? { principal: fields['principal'] } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(identityPolicies !== undefined ? { identityPolicies } : {}),
    ...(boundaryPolicy !== undefined ? { boundaryPolicy } : {}),
    ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
    ...(fields['resourceAccount'] !== undefined ? { resourceAccount: fields['resourceAccount'] } : {}),
  };
  const result = explain(compilerFor(world).view(), input);
  if (!result.ok) return bad(result.message);
  const t = result.trace;
  const delivered = t.disposition.kind === 'delivered';
  return json(200, {
    schemaVersion: EXPLAIN_SCHEMA_VERSION,
    outcome: t.disposition.kind,
    delivered,
    allowed: delivered && (t.policy === undefined || t.policy.decision.decision === 'Allow'),
    account, region,
    principal,
    destination: result.destination,
    trace: t,
  });
}
