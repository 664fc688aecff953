/** @module Shared reads for rules: resource references with ARNs, which subnets use a table, running instances, a service's addresses, and short trace questions. */
import { parseCidr, formatIp, type Cidr } from '../shared/cidr.js';
import { awsPrefixListById, awsPrefixListFor } from '../model/aws-prefix-lists.js';
import type { CompiledPartition } from '../engine/network-view.js';
import type { PolicyTrace } from '../engine/policy-hop.js';
import type { Flow, ServiceDestination, Step } from '../engine/trace.js';
import { traceFlow } from '../engine/tracer.js';
import type { LintContext, ResourceRef } from './types.js';

/** EC2 ARN resource types by our record kind (AWS: "Resource types defined by Amazon EC2"). */
const EC2_TYPES: Readonly<Record<string, string>> = {
  vpc: 'vpc', subnet: 'subnet', routeTable: 'route-table', securityGroup: 'security-group', networkAcl: 'network-acl',
  instance: 'instance', networkInterface: 'network-interface', vpcEndpoint: 'vpc-endpoint', natGateway: 'natgateway',
  vpcPeeringConnection: 'vpc-peering-connection', vpcEndpointService: 'vpc-endpoint-service', vpnGateway: 'vpn-gateway',
};

/** A reference to a resource of a partition, with its ARN. */
export function ref(p: { readonly account: string; readonly region: string }, kind: string, id: string): ResourceRef {
  const type = EC2_TYPES[kind];
  const arn = kind === 'bucket' ? `arn:aws:s3:::${id}` : `arn:aws:ec2:${p.region}:${p.account}:${type ?? kind}/${id}`;
  return { id, kind, account: p.account, region: p.region, arn };
}

/** Code-unit order (ids are ASCII; `localeCompare` costs microseconds a call on large states). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const BY_TABLE = new WeakMap<CompiledPartition, ReadonlyMap<string, readonly string[]>>();

/** Subnets whose traffic a route table routes (explicit associations, or the main table's implicit ones). */
export function subnetsUsing(p: CompiledPartition, routeTableId: string): readonly string[] {
  // Indexed once per compiled partition: rules ask for many tables.
  let index = BY_TABLE.get(p);
  if (!index) {
    const m = new Map<string, string[]>();
    for (const [subnetId, rt] of p.subnetRouteTable) m.set(rt, [...(m.get(rt) ?? []), subnetId]);
    for (const list of m.values()) list.sort();
    index = m;
    BY_TABLE.set(p, index);
  }
  return index.get(routeTableId) ?? [];
}

/** Running instances of a partition with their subnet and primary interface. */
export function runningInstances(p: CompiledPartition): { readonly id: string; readonly subnetId: string; readonly vpcId: string; readonly eniId: string }[] {
  const out: { id: string; subnetId: string; vpcId: string; eniId: string }[] = [];
  for (const [id, inst] of p.instances) {
    if (inst.state !== 'running' || inst.primaryEniId === undefined) continue;
    const eni = p.enis.get(inst.primaryEniId);
    if (eni) out.push({ id, subnetId: eni.subnetId, vpcId: eni.vpcId, eniId: eni.id });
  }
  return out.sort((a, b) => byText(a.id, b.id));
}

/** The gateway service (`s3`, `dynamodb`) a `com.amazonaws.<region>.<svc>` name names, if any. */
export function gatewayServiceOf(serviceName: string, region: string): 's3' | 'dynamodb' | undefined {
  const short = serviceName.slice(`com.amazonaws.${region}.`.length);
  return serviceName.startsWith(`com.amazonaws.${region}.`) && (short === 's3' || short === 'dynamodb') ? short : undefined;
}

/** The parsed CIDRs of vpce's built-in AWS-managed lists, by id (static data). */
const BUILT_IN_CIDRS = new Map<string, readonly Cidr[]>();

/** The CIDRs of an AWS-managed prefix list. */
export function prefixListCidrs(prefixListId: string, p?: CompiledPartition): Cidr[] {
  const parsed = BUILT_IN_CIDRS.get(prefixListId);
  if (parsed) return [...parsed];
  const builtIn = awsPrefixListById(prefixListId);
  if (builtIn) {
    // Parsed once: rules ask for the same list per subnet (VPCE011 asks 20,000 times in a large account).
    const cidrs = builtIn.cidrs.map((c) => parseCidr(c)).filter((c): c is Cidr => c !== undefined);
    BUILT_IN_CIDRS.set(prefixListId, cidrs);
    return [...cidrs];
  }
  // A list the compiler expanded for a route of the partition: a customer-managed list, or an AWS list imported from
  // a real account under its real id (`vpce import`), with vpce's own ranges for the service added.
  // (The first table with a route naming the list; only that table is compiled.)
  for (const rt of p?.routeTableRecords.values() ?? []) {
    if (!rt.routes.some((r) => r.destination.type === 'prefixList' && r.destination.prefixListId === prefixListId)) continue;
    const cidrs = p?.routeTables.get(rt.id)?.prefixLists.get(prefixListId);
    if (cidrs) return [...cidrs];
  }
  return [];
}

/** The CIDRs of a service's prefix list in a Region (S3, DynamoDB). */
export function serviceCidrs(region: string, service: string): Cidr[] {
  const pl = awsPrefixListFor(region, service);
  return pl ? prefixListCidrs(pl.id) : [];
}

/** A host address inside a CIDR (its network address + 1). */
export function hostIn(c: Cidr): string {
  return formatIp(c.family, c.network + 1n);
}

/** Trace an HTTPS flow to an address, naming the AWS service when it is one (so gateway endpoint routes deliver). */
export function traceTo(ctx: LintContext, p: CompiledPartition, source: string, ip: string, service?: ServiceDestination, port = 443): { question: string; trace: PolicyTrace } {
  const flow: Flow = { account: p.account, region: p.region, source, destinationIp: ip, protocol: 'tcp', port, ...(service ? { service } : {}) };
  return { question: `${source} -> ${ip}:${port}/tcp${service ? ` (${service.service})` : ''}`, trace: traceFlow(ctx.view, flow) };
}

/** The route-table step that decided the forward path, if any. */
export function forwardRouteStep(steps: readonly Step[]): Step | undefined {
  return steps.find((s) => s.kind === 'routeTable' && s.path === 'forward');
}

/** Did a trace pass a step of this kind (e.g. a NAT gateway)? */
export function passed(steps: readonly Step[], kind: Step['kind']): Step | undefined {
  return steps.find((s) => s.kind === kind && s.path === 'forward' && s.verdict !== 'drop' && s.verdict !== 'deny');
}

/** Parse a policy document; undefined when it is not a JSON object. */
export function policyStatements(text: string): Record<string, unknown>[] | undefined {
  let doc: unknown;
  try { doc = JSON.parse(text) as unknown; } catch { return undefined; }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const st = (doc as Record<string, unknown>)['Statement'];
  const list = Array.isArray(st) ? st : st !== undefined ? [st] : [];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
}

/** Condition keys (lower case) a statement tests. */
export function conditionKeys(statement: Record<string, unknown>): string[] {
  const cond = statement['Condition'];
  if (typeof cond !== 'object' || cond === null) return [];
  const out: string[] = [];
  for (const block of Object.values(cond as Record<string, unknown>)) {
    if (typeof block === 'object' && block !== null) out.push(...Object.keys(block).map((k) => k.toLowerCase()));
  }
  return out;
}

/** Statement indexes whose conditions test a key. */
export function statementsTesting(text: string, key: string): number[] {
  const st = policyStatements(text) ?? [];
  const k = key.toLowerCase();
  return st.flatMap((s, i) => (conditionKeys(s).includes(k) ? [i] : []));
}
