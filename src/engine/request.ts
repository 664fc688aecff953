/** @module The explain facade: parse a destination (`s3://`, `dynamodb://`, `https://`, `ip:port/proto`), trace the flow by name or address, then the policy hop. */
import { parsePublicServiceName } from './dns.js';
import type { NetworkView } from './network-view.js';
import { address } from './packet.js';
import { applyPolicyHop, type PolicyTrace, type ServiceRequest } from './policy-hop.js';
import { FLOW_PROTOCOLS, type FlowProtocol, type FlowRequest, type ServiceDestination } from './trace.js';
import { traceFlow } from './tracer.js';

/** The question `vpce explain` asks. */
export interface ExplainInput {
  /** The source's account and Region. */
  readonly account: string;
  readonly region: string;
  /**
   * The source (`parseSource`): `i-...`, `eni-...`, `subnet-...`, `internet`, `vgw-...` (VPN), `dx:vgw-...` or
   * `dx-vgw-...` (Direct Connect) or `pcx-...`, optionally `@<sourceIp>` (`internet@203.0.113.7`, `vgw-...@192.168.1.5`).
   */
  readonly from: string;
  /** `s3://bucket/key`, `dynamodb://table`, `https://host/path`, or `10.0.1.5:5432/tcp`. */
  readonly to: string;
  readonly action?: string;
  readonly principal?: string;
  readonly port?: number;
  readonly identityPolicies?: readonly string[];
  /** The principal's permissions boundary (JSON). */
  readonly boundaryPolicy?: string;
  readonly resourcePolicy?: string;
  readonly resourceAccount?: string;
  /** The principal's own condition keys (`aws:userid`), as a live request from it would carry. */
  readonly principalKeys?: Readonly<Record<string, string>>;
}

/** A parsed destination: where the packet goes and, for a service, what the request asks. */
export interface Destination {
  readonly hostname?: string;
  readonly ip?: string;
  readonly port: number;
  readonly protocol: FlowProtocol;
  readonly service?: ServiceDestination;
  /** The service request (absent for a plain network destination). */
  readonly request?: { readonly action: string; readonly resource: string };
}

export type ExplainResult =
  | { readonly ok: true; readonly destination: Destination; readonly trace: PolicyTrace }
  | { readonly ok: false; readonly error: 'badDestination' | 'badPort' | 'badPolicy'; readonly message: string };

const TO_FORMS = 's3://bucket/key, dynamodb://table, https://host/path, <host>:<port>[/<tcp|udp>], <ip>:<port>/<tcp|udp|icmp> or [<ipv6>]:<port>/<tcp|udp|icmp>';

/** Parse `--to`. Region and account fill in service hostnames and ARNs. */
export function parseDestination(to: string, region: string, account: string, portOverride?: number): Destination | { readonly error: string } {
  const port = (p: number): number => portOverride ?? p;
  let m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(to);
  if (m) {
    const bucket = m[1]!;
    const key = m[2] ?? '';
    // AWS (S3 "Virtual hosting of buckets"): <bucket>.s3.<region>.amazonaws.com.
    return {
      hostname: `${bucket}.s3.${region}.amazonaws.com`, port: port(443), protocol: 'tcp', service: { service: 's3', region },
      request: key ? { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${key}` } : { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}` },
    };
  }
  m = /^dynamodb:\/\/([A-Za-z0-9_.-]{3,255})\/?$/.exec(to);
  if (m) {
    return {
      hostname: `dynamodb.${region}.amazonaws.com`, port: port(443), protocol: 'tcp', service: { service: 'dynamodb', region },
      request: { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:${region}:${account}:table/${m[1]!}` },
    };
  }
  m = /^https?:\/\/([^/:?#]+)(?::(\d+))?([^?#]*)/.exec(to);
  if (m) {
    const p = m[2] !== undefined ? Number(m[2]) : to.startsWith('https:') ? 443 : 80;
    return hostDestination(m[1]!.toLowerCase(), port(p), 'tcp', (m[3] ?? '').replace(/^\//, ''));
  }
  // A host name with a port, as Reachability Analyzer and `nc` users write it: `s3.us-east-1.amazonaws.com:443`,
  // `db.internal.example:5432/tcp`. A name has a letter in its last label, which tells it from an IPv4 address.
  m = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*):(\d{1,5})(?:\/([a-z]+))?$/.exec(to);
  if (m && /[A-Za-z]/.test(m[1]!.slice(m[1]!.lastIndexOf('.') + 1))) {
    const proto = (m[3] ?? 'tcp') as FlowProtocol;
    if (!(FLOW_PROTOCOLS as readonly string[]).includes(proto)) return { error: `protocol ${JSON.stringify(m[3])} must be tcp, udp or icmp` };
    const p = Number(m[2]);
    if (p > 65535) return { error: `${to}: port ${m[2]!} is not 0-65535` };
    return hostDestination(m[1]!.toLowerCase(), port(p), proto, '');
  }
  // An IPv4 address (`10.0.1.5:443/tcp`) or an IPv6 one in brackets (`[2600:1f18::5]:443/tcp`, RFC 3986 style).
  m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?(?:\/([a-z]+))?$/.exec(to) ?? /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?(?:\/([a-z]+))?$/.exec(to);
  if (m && address(m[1]!)) {
    const proto = (m[3] ?? 'tcp') as FlowProtocol;
    if (!(FLOW_PROTOCOLS as readonly string[]).includes(proto)) return { error: `protocol ${JSON.stringify(m[3])} must be tcp, udp or icmp` };
    const p = m[2] !== undefined ? Number(m[2]) : proto === 'icmp' ? 8 : undefined;
    if (p === undefined && portOverride === undefined) return { error: `${to}: give a port (${m[1]!}:5432/tcp) or --port` };
    return { ip: m[1]!, port: port(p ?? 0), protocol: proto };
  }
  return { error: `cannot parse --to ${JSON.stringify(to)}: expected ${TO_FORMS}` };
}

/**
 * A destination by host name (or an address written where a name may be): a public service name carries the
 * service, and an S3 bucket name the request (`GetObject` with a key path, `ListBucket` without).
 */
function hostDestination(host: string, port: number, protocol: FlowProtocol, path: string): Destination {
  const svc = parsePublicServiceName(host);
  const ip = address(host) ? host : undefined;
  const service: ServiceDestination | undefined = svc ? { service: svc.service, region: svc.region } : undefined;
  const request = svc?.service === 's3' && svc.bucket !== undefined
    ? (path ? { action: 's3:GetObject', resource: `arn:aws:s3:::${svc.bucket}/${path}` } : { action: 's3:ListBucket', resource: `arn:aws:s3:::${svc.bucket}` })
    : undefined;
  return { ...(ip ? { ip } : { hostname: host }), port, protocol, ...(service ? { service } : {}), ...(request ? { request } : {}) };
}

/**
 * Parse `--from`: the flow's source and, after `@`, its sender address. `dx-vgw-...` is accepted for `dx:vgw-...`
 * (a Direct Connect private virtual interface on that virtual private gateway).
 */
export function parseSource(from: string): { readonly source: string; readonly sourceIp?: string } {
  const at = from.lastIndexOf('@');
  const id = at >= 0 ? from.slice(0, at) : from;
  const ip = at >= 0 ? from.slice(at + 1) : undefined;
  const source = id.startsWith('dx-vgw-') ? `dx:${id.slice(3)}` : id;
  return ip !== undefined && ip !== '' ? { source, sourceIp: ip } : { source };
}

/** Explain a request: parse, trace (the VPC resolver answers names), then the policy hop for service requests. */
export function explain(view: NetworkView, input: ExplainInput): ExplainResult {
  if (input.port !== undefined && (!Number.isInteger(input.port) || input.port < 0 || input.port > 65535)) {
    return { ok: false, error: 'badPort', message: `--port must be 0-65535, got ${String(input.port)}` };
  }
  const dest = parseDestination(input.to, input.region, input.account, input.port);
  if ('error' in dest) return { ok: false, error: 'badDestination', message: dest.error };
  const src = parseSource(input.from);
  if (src.sourceIp !== undefined && !address(src.sourceIp)) return { ok: false, error: 'badDestination', message: `--from ${input.from}: ${JSON.stringify(src.sourceIp)} is not an IP address` };
  const base = { account: input.account, region: input.region, ...src, protocol: dest.protocol, port: dest.port, ...(dest.service ? { service: dest.service } : {}) };
  const flow: FlowRequest = dest.ip !== undefined ? { ...base, destinationIp: dest.ip } : { ...base, destinationName: dest.hostname! };
  const trace = traceFlow(view, flow);
  const action = input.action ?? dest.request?.action;
  const resource = dest.request?.resource;
  if (action === undefined || resource === undefined) return { ok: true, destination: dest, trace };
  const req: ServiceRequest = {
    action, resource,
    ...(input.principal !== undefined ? { principal: input.principal } : {}),
    ...(input.identityPolicies !== undefined ? { identityPolicies: input.identityPolicies } : {}),
    ...(input.boundaryPolicy !== undefined ? { boundaryPolicy: input.boundaryPolicy } : {}),
    ...(input.resourcePolicy !== undefined ? { resourcePolicy: input.resourcePolicy } : {}),
    ...(input.resourceAccount !== undefined ? { resourceAccount: input.resourceAccount } : {}),
    ...(input.principalKeys !== undefined ? { principalKeys: input.principalKeys } : {}),
  };
  const result = applyPolicyHop(view, trace, req);
  if ('ok' in result) return { ok: false, error: 'badPolicy', message: result.message };
  return { ok: true, destination: dest, trace: result };
}
