/**
 * @module The console's only channel to vpce: the EC2 Query API of this same server, called exactly as the AWS CLI
 * calls it (a form post to `/`, the answer in XML). Every read and change therefore runs through the same handlers,
 * validation, authorization and API log as any other client; the console holds no rule of its own.
 * The caller is the chosen account's root, named by the 12-digit account id as access key (vpce's open mode), or
 * the credentials the user gave, signing every call (`sigv4.ts`).
 */
import { signRequest, type Credentials, type UnsignedRequest } from './sigv4.js';

/**
 * Who the console acts as, and where. Without credentials it names the account by its id as access key (open
 * mode); with credentials (given for `--auth strict`) every call is SigV4-signed with them and `account` is the
 * one they belong to (GetCallerIdentity).
 */
export interface Scope { readonly account: string; readonly region: string; readonly credentials?: Credentials }

/** A refusal from the API: AWS's own code and message, shown to the user as they are. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Params = Readonly<Record<string, string>>;

function scopeDate(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

/**
 * The headers that authenticate `req` as `scope` for `service`: signed with the scope's credentials, or else
 * naming the account in the credential scope as a signed SDK request would (vpce's open mode accepts an account-id
 * key with any signature, so nothing secret lives in the page).
 */
export async function authHeaders(scope: Scope, service: string, req: Omit<UnsignedRequest, 'host'>): Promise<Record<string, string>> {
  if (scope.credentials !== undefined) return signRequest(scope.credentials, scope.region, service, { ...req, host: location.host });
  const signed = req.contentType === undefined ? 'host' : 'content-type;host';
  return {
    ...(req.contentType === undefined ? {} : { 'content-type': req.contentType }),
    authorization: `AWS4-HMAC-SHA256 Credential=${scope.account}/${scopeDate()}/${scope.region}/${service}/aws4_request, SignedHeaders=${signed}, Signature=${'0'.repeat(64)}`,
  };
}

/** POST a Query form to `path` as the chosen caller (the APIs at `/`, or vpce's `/_vpce/check`). */
export async function postForm(scope: Scope, service: string, path: string, form: URLSearchParams): Promise<Response> {
  const body = form.toString();
  try {
    return await fetch(path, { method: 'POST', headers: await authHeaders(scope, service, { method: 'POST', path, query: '', body, contentType: FORM }), body });
  } catch (e) {
    throw new ApiError('NetworkError', `vpce did not answer (${(e as Error).message}). Is vpce serve still running?`, 0);
  }
}


/** The account and ARN behind credentials (STS GetCallerIdentity), or AWS's refusal of them. */
export async function callerIdentity(region: string, credentials: Credentials): Promise<{ readonly account: string; readonly arn: string }> {
  const res = await postForm({ account: '', region, credentials }, 'sts', '/', new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15' }));
  const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
  const error = doc.getElementsByTagName('Error')[0];
  if (error !== undefined || !res.ok) throw new ApiError(text1(error, 'Code') || `HTTP${res.status}`, text1(error, 'Message') || `vpce answered ${res.status}`, res.status);
  return { account: doc.getElementsByTagName('Account')[0]?.textContent ?? '', arn: doc.getElementsByTagName('Arn')[0]?.textContent ?? '' };
}

/**
 * Whether an EC2 call would succeed, without making it: vpce runs it as a DryRun through the same handlers and
 * answers with the API's own refusal (undefined when it would succeed). Used to check forms as they are filled.
 */
export async function ec2Check(scope: Scope, action: string, params: Params = {}): Promise<ApiError | undefined> {
  const res = await postForm(scope, 'ec2', '/_vpce/check', new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }));
  const text = await res.text();
  let verdict: { wouldSucceed?: boolean; code?: string; message?: string; httpStatus?: number; error?: string };
  try {
    verdict = JSON.parse(text) as typeof verdict;
  } catch {
    // A refusal before the check ran (credentials, throttling) comes in the EC2 API's XML shape.
    const error = new DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('Error')[0];
    return new ApiError(text1(error, 'Code') || `HTTP${res.status}`, text1(error, 'Message') || text.slice(0, 200), res.status);
  }
  if (verdict.wouldSucceed === true) return undefined;
  return new ApiError(verdict.code ?? verdict.error ?? `HTTP${res.status}`, verdict.message ?? '', verdict.httpStatus ?? res.status);
}

/** One Query-protocol call (EC2 or ELBv2); the response's root element, or ApiError with AWS's code and message. */
async function queryCall(scope: Scope, service: string, version: string, action: string, params: Params): Promise<Element> {
  const res = await postForm(scope, service, '/', new URLSearchParams({ Action: action, Version: version, ...params }));
  const text = await res.text();
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const root = doc.documentElement;
  if (root === null || root.getElementsByTagName('parsererror').length > 0) {
    throw new ApiError('BadResponse', `vpce answered ${res.status} with something that is not XML: ${text.slice(0, 200)}`, res.status);
  }
  const error = root.getElementsByTagName('Error')[0];
  if (error !== undefined || !res.ok) {
    throw new ApiError(text1(error, 'Code') || `HTTP${res.status}`, text1(error, 'Message') || text.slice(0, 200), res.status);
  }
  return root;
}

/** One EC2 call; resolves to the response's root element, rejects with ApiError on an AWS error. */
export async function ec2(scope: Scope, action: string, params: Params = {}): Promise<Element> {
  return queryCall(scope, 'ec2', '2016-11-15', action, params);
}

function text1(el: Element | undefined, name: string): string {
  return el?.getElementsByTagName(name)[0]?.textContent ?? '';
}

/** Every item of a paginated Describe call (follows `nextToken`). */
export async function describeAll(scope: Scope, action: string, setName: string, params: Params = {}): Promise<Element[]> {
  const out: Element[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const root = await ec2(scope, action, token === undefined ? params : { ...params, NextToken: token });
    out.push(...items(root, setName));
    const next = text(root, 'nextToken');
    if (next === '') break;
    token = next;
  }
  return out;
}

/** A direct child element by name. */
export function child(el: Element | undefined, name: string): Element | undefined {
  if (el === undefined) return undefined;
  // Walked without copying the children into an array: called for every field of thousands of resources.
  for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) if (c.localName === name) return c;
  return undefined;
}

/** The text of a direct child ('' when absent). */
export function text(el: Element | undefined, name: string): string {
  return child(el, name)?.textContent ?? '';
}

/** The `<item>` children of a list element (`<fooSet><item/>…</fooSet>`). */
export function items(el: Element | undefined, setName: string): Element[] {
  const set = child(el, setName);
  return set === undefined ? [] : Array.from(set.children).filter((c) => c.localName === 'item');
}

/** The texts of a list of plain strings. */
export function texts(el: Element | undefined, setName: string): string[] {
  return items(el, setName).map((i) => i.textContent ?? '');
}

/** A resource's tags, from its `tagSet`. */
export function tags(el: Element | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of items(el, 'tagSet')) out[text(t, 'key')] = text(t, 'value');
  return out;
}

/** `Prefix.1=a&Prefix.2=b` for a list parameter. */
export function listParams(prefix: string, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  values.forEach((v, i) => { out[`${prefix}.${i + 1}`] = v; });
  return out;
}

/** `Filter.N.Name` / `Filter.N.Value.M` parameters. */
export function filterParams(filters: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const out: Record<string, string> = {};
  Object.entries(filters).forEach(([name, values], i) => {
    out[`Filter.${i + 1}.Name`] = name;
    values.forEach((v, j) => { out[`Filter.${i + 1}.Value.${j + 1}`] = v; });
  });
  return out;
}

/**
 * One ELBv2 call (the Query API of `elasticloadbalancing`, as the CLI makes it); resolves to the response's
 * `<ActionResult>` element, rejects with ApiError carrying ELBv2's own code and message.
 */
export async function elbv2(scope: Scope, action: string, params: Params = {}): Promise<Element> {
  const root = await queryCall(scope, 'elasticloadbalancing', '2015-12-01', action, params);
  return child(root, `${action}Result`) ?? root;
}

/** Every member of a paginated ELBv2 Describe call (follows `NextMarker`). */
export async function elbv2All(scope: Scope, action: string, listName: string, params: Params = {}): Promise<Element[]> {
  const out: Element[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await elbv2(scope, action, marker === undefined ? params : { ...params, Marker: marker });
    out.push(...members(result, listName));
    const next = text(result, 'NextMarker');
    if (next === '') break;
    marker = next;
  }
  return out;
}

/** The `<member>` children of an ELBv2 list element (`<Foos><member/>…</Foos>`). */
export function members(el: Element | undefined, listName: string): Element[] {
  const list = child(el, listName);
  return list === undefined ? [] : Array.from(list.children).filter((c) => c.localName === 'member');
}
