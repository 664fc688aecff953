/**
 * @module Which resources an ELBv2 call is authorized on, as AWS does it per the Service Authorization Reference
 * ("Actions, resources, and condition keys for Elastic Load Balancing V2", `specs/elbv2-authorization.json`): one
 * question per resource ARN the request names (with the resource's tags), one for the resource being created
 * (`loadbalancer/net/<name>/*`, `targetgroup/<name>/*`, with the request's tags) followed by
 * `elasticloadbalancing:AddTags` on it when the request tags it, and `*` for actions without resource types (the
 * Describe actions). The caller must be allowed on every one. Pure: reads the model through the view it is given.
 */
import type { Tag } from '../../model/tags.js';
import type { ReadView } from '../../model/world.js';
import { elbv2Authorization } from '../../specs/elbv2-authorization.js';
import type { AccessQuery } from '../call.js';
import { ContextBuilder, operationCompiler, records, str, strings, type CompiledOperation, type CompiledType } from '../authorization-questions.js';

/** Where the call is made: the caller's account and the Region it signed for. */
export interface Elbv2AuthorizationScope {
  readonly account: string;
  readonly region: string;
}

const SERVICE = 'elasticloadbalancing';

/** The model kind that stores a resource of each ARN family; rules and trust stores are not modelled. */
const KINDS = { loadbalancer: 'loadBalancer', targetgroup: 'targetGroup', listener: 'listener' } as const;

/** A reference type as an ARN matcher: the literal resource part before the first variable (`loadbalancer/net/`). */
export interface ArnType {
  readonly name: string;
  readonly template: string;
  readonly prefix: string;
  readonly kind: (typeof KINDS)[keyof typeof KINDS] | undefined;
}

// Built on first use: the authorization spec is read when the first ELB request is authorized, not at start-up.
let arnTypes: readonly ArnType[] | undefined;
const ARN_TYPES = (): readonly ArnType[] => arnTypes ??= Object.entries(elbv2Authorization.resourceTypes)
  .map(([name, arn]) => {
    const resource = arn.split(':').slice(5).join(':');
    const prefix = resource.slice(0, resource.indexOf('${'));
    const family = prefix.slice(0, prefix.indexOf('/'));
    return { name, template: arn.replace('${Partition}', 'aws'), prefix, kind: Object.hasOwn(KINDS, family) ? KINDS[family as keyof typeof KINDS] : undefined };
  })
  // Longest prefix first, so `listener-rule/app/` is never read as a shorter type.
  .sort((a, b) => b.prefix.length - a.prefix.length);

/** The reference type of an ELB ARN (`...:loadbalancer/net/web/50dc6c495c0c9188` is `loadbalancer/net/`). */
export function elbv2ArnType(arn: string): ArnType | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== SERVICE) return undefined;
  const resource = parts.slice(5).join(':');
  return ARN_TYPES().find((t) => resource.startsWith(t.prefix));
}

/** The ARN of a resource being created: the template with the request's name and `*` for every id after it. */
function createdArn(t: ArnType, scope: Elbv2AuthorizationScope, name: string | undefined): string {
  let first = true;
  // Replacer functions: a name from the request is text, never a `$&` replacement pattern.
  return t.template.replace('${Region}', () => scope.region).replace('${Account}', () => scope.account)
    .replace(/\$\{[A-Za-z0-9]+\}/g, () => { const v = first ? name ?? '*' : '*'; first = false; return v; });
}

let compiledOperations: ((operation: string) => CompiledOperation | undefined) | undefined;
const operationOf = (operation: string): CompiledOperation | undefined => (compiledOperations ??= operationCompiler(elbv2Authorization.operations))(operation);

/** Input members that hold resource ARNs; only the ARNs of types the action lists are asked about. */
const ARN_MEMBERS = [
  'LoadBalancerArn', 'LoadBalancerArns', 'TargetGroupArn', 'TargetGroupArns', 'ListenerArn', 'ListenerArns', 'RuleArn', 'RuleArns', 'ResourceArns',
] as const;

function namedArns(input: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const m of ARN_MEMBERS) for (const arn of strings(input[m])) out.add(arn);
  return [...out];
}

/** The tags the request gives (`Tags`), as the model keeps them. */
function requestTags(input: Record<string, unknown>): Tag[] {
  return records(input['Tags']).map((t) => ({ key: typeof t['Key'] === 'string' ? t['Key'] : '', value: typeof t['Value'] === 'string' ? t['Value'] : '' }));
}

/** Keys the request itself states; each is kept only where the reference lists it for the action. */
function requestContext(c: ContextBuilder, input: Record<string, unknown>, tags: readonly Tag[]): void {
  if (tags.length > 0) {
    c.tags(['aws:RequestTag'], tags);
    c.put('aws:TagKeys', tags.map((t) => t.key));
  }
  c.put('elasticloadbalancing:Scheme', str(input['Scheme']));
  const groups = strings(input['SecurityGroups']);
  if (groups.length > 0) c.put('elasticloadbalancing:SecurityGroup', groups);
  const subnets = [...strings(input['Subnets']), ...records(input['SubnetMappings']).flatMap((m) => strings(m['SubnetId']))];
  if (subnets.length > 0) c.put('elasticloadbalancing:Subnet', subnets);
  const protocol = str(input['Protocol']);
  if (protocol) c.put('elasticloadbalancing:ListenerProtocol', [protocol]);
  const policy = str(input['SslPolicy']);
  if (policy) c.put('elasticloadbalancing:SecurityPolicy', [policy]);
}

/** The ARN segment of each load balancer `Type`; AWS's default type is `application`. */
const TYPE_SEGMENTS: Readonly<Record<string, string>> = { application: 'app', network: 'net', gateway: 'gwy' };

/** The type a Create action makes: for a load balancer, the variant of the requested `Type`. */
function createdType(op: CompiledOperation, input: Record<string, unknown>): CompiledType | undefined {
  const created = op.types.filter((t) => t.spec.created);
  if (created.length <= 1) return created[0];
  const segment = TYPE_SEGMENTS[str(input['Type']) ?? 'application'];
  // An unknown Type matches no variant: the handler refuses it (ValidationError).
  return segment ? created.find((t) => t.spec.name.includes(`/${segment}/`)) : undefined;
}

/**
 * The authorization questions for one ELBv2 call, in order; the caller must be allowed on each. `resourceAccount`
 * is the caller's account: ELB has no resource-based policies, so only the caller's identity policies (and the
 * endpoint's, through one) decide. `view` is read only when the action has resource types.
 */
export function elbv2AccessQueries(operation: string, input: Record<string, unknown>, scope: Elbv2AuthorizationScope, view: () => ReadView): AccessQuery[] {
  const action = `${SERVICE}:${operation}`;
  const op = operationOf(operation);
  // AWS: actions with no resource types in the reference (the Describe actions) are authorized on `*`.
  if (!op || op.types.length === 0) return [{ action, resource: '*', resourceAccount: scope.account }];
  const tags = requestTags(input);
  const queries: AccessQuery[] = [];
  let local: ReadView | undefined;
  for (const arn of namedArns(input)) {
    const t = elbv2ArnType(arn);
    const ct = t ? op.byName.get(t.name) : undefined;
    // An ARN of a type the action does not list (or no ARN at all) is refused by the handler; nothing to ask.
    if (!t || !ct) continue;
    const c = new ContextBuilder(ct.keys);
    const record = t.kind ? (local ??= view()).get(t.kind, arn) : undefined;
    if (record) c.tags(['aws:ResourceTag', `${SERVICE}:ResourceTag`], record.tags);
    requestContext(c, input, tags);
    queries.push({ action, resource: arn, resourceAccount: scope.account, context: c.values });
  }
  const made = createdType(op, input);
  const madeType = made ? ARN_TYPES().find((t) => t.name === made.spec.name) : undefined;
  if (made && madeType) {
    const arn = createdArn(madeType, scope, str(input['Name']));
    const c = new ContextBuilder(made.keys);
    requestContext(c, input, tags);
    queries.push({ action, resource: arn, resourceAccount: scope.account, context: c.values });
    if (tags.length > 0) queries.push(addTagsOnCreate(operation, made.spec.name, arn, tags, scope));
  }
  if (queries.length === 0) return [{ action, resource: '*', resourceAccount: scope.account }];
  return queries;
}

/**
 * AWS ("ELB API permissions to tag resources during creation"): "If tags are specified in the resource-creating
 * action, additional authorization is required on the elasticloadbalancing:AddTags action", which policies can
 * scope with `elasticloadbalancing:CreateAction`.
 */
function addTagsOnCreate(operation: string, type: string, arn: string, tags: readonly Tag[], scope: Elbv2AuthorizationScope): AccessQuery {
  const tagOp = operationOf('AddTags');
  const c = new ContextBuilder(tagOp?.byName.get(type)?.keys ?? new Set());
  c.tags(['aws:RequestTag'], tags);
  c.put('aws:TagKeys', tags.map((t) => t.key));
  c.put(`${SERVICE}:CreateAction`, operation);
  return { action: `${SERVICE}:AddTags`, resource: arn, resourceAccount: scope.account, context: c.values };
}
