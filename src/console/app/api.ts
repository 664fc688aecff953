/**
 * @module The console's only channel to vpce: the EC2 Query API of this same server, called exactly as the AWS CLI
 * calls it (a form post to `/`, the answer in XML). Every read and change therefore runs through the same handlers,
 * validation, authorization and API log as any other client; the console holds no rule of its own.
 * The caller is the chosen account's root, named by the 12-digit account id as access key (vpce's open mode).
 */

export interface Scope { readonly account: string; readonly region: string }

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

/** One EC2 call; resolves to the response's root element, rejects with ApiError on an AWS error. */
export async function ec2(scope: Scope, action: string, params: Params = {}): Promise<Element> {
  const form = new URLSearchParams({ Action: action, Version: '2016-11-15', ...params });
  // The credential scope names the account (the key id) and the Region, as a signed SDK request would. vpce's
  // open mode accepts an account-id key with any signature, so nothing secret lives in the page.
  const authorization = `AWS4-HMAC-SHA256 Credential=${scope.account}/${scopeDate()}/${scope.region}/ec2/aws4_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`;
  let res: Response;
  try {
    res = await fetch('/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization },
      body: form.toString(),
    });
  } catch (e) {
    throw new ApiError('NetworkError', `vpce did not answer (${(e as Error).message}). Is vpce serve still running?`, 0);
  }
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
  for (const c of Array.from(el.children)) if (c.localName === name) return c;
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
  const form = new URLSearchParams({ Action: action, Version: '2015-12-01', ...params });
  const authorization = `AWS4-HMAC-SHA256 Credential=${scope.account}/${scopeDate()}/${scope.region}/elasticloadbalancing/aws4_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`;
  let res: Response;
  try {
    res = await fetch('/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization }, body: form.toString() });
  } catch (e) {
    throw new ApiError('NetworkError', `vpce did not answer (${(e as Error).message}). Is vpce serve still running?`, 0);
  }
  const body = await res.text();
  const root = new DOMParser().parseFromString(body, 'application/xml').documentElement;
  if (root === null || root.getElementsByTagName('parsererror').length > 0) {
    throw new ApiError('BadResponse', `vpce answered ${res.status} with something that is not XML: ${body.slice(0, 200)}`, res.status);
  }
  const error = root.getElementsByTagName('Error')[0];
  if (error !== undefined || !res.ok) {
    throw new ApiError(text1(error, 'Code') || `HTTP${res.status}`, text1(error, 'Message') || body.slice(0, 200), res.status);
  }
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
