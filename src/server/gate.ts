/**
 * @module The request gate: who is calling (the access key's principal) and whether the call can reach the
 * service at all. A request attributed to an instance (keys minted by `vpce exec`) is traced from that instance
 * to the service's hostname over the current network; a request that is not delivered never reaches the service.
 * A delivered one carries its trace into `authorize`, which evaluates endpoint, resource and identity policies
 * with the context the path produced. Unattributed requests come from the internet.
 */
import { LiveAuthorizer } from '../engine/authorize.js';
import { traceFlow } from '../engine/tracer.js';
import type { Trace } from '../engine/trace.js';
import { identityPoliciesOf, permissionsBoundaryOf, principalTagKeys, resolveAccessKey, userIdOf } from '../model/credentials.js';
import { iamPartitionKey } from '../model/iam-ids.js';
import { partitionKey, type World } from '../model/world.js';
import type { AccessDecision, AccessQuery, Caller, ServiceCall } from '../services/call.js';
import type { Identity } from './identity.js';
import { resolveAddress } from '../protocol/rest-xml/s3-addressing.js';
import { isoTime } from '../shared/clock.js';
import { compilerFor } from './network.js';

export type ServiceName = 's3' | 'dynamodb' | 'iam' | 'sts' | 'ec2' | 'elasticloadbalancing';

interface Passed {
  /** The identity with the account of the key's principal. */
  readonly identity: Identity;
  readonly caller: Caller;
  /** The hostname the client would have connected to (traced for attributed requests). */
  readonly hostname: string;
  /** The network trace, for requests from an instance. */
  readonly trace?: Trace;
  /** The sending instance's VPC (for its flow log). */
  readonly vpcId?: string;
  /**
   * The interface endpoint's network interface the request reached, or whose security group refused it: it
   * records the flow in its own VPC's flow log too.
   */
  readonly endpointEni?: { readonly networkInterfaceId: string; readonly vpcId: string };
  /** The NAT gateway's network interface the request went through (it logs both sides of the translation). */
  readonly natEni?: { readonly networkInterfaceId: string; readonly vpcId: string; readonly privateIp: string };
  /** The sender as the service sees it: the path's source address, or the client's socket address. */
  readonly sourceAddress: string;
}

/** A policy decision that refused an action during the call (kept for the API log). */
export interface Refusal {
  readonly action: string;
  readonly resource: string;
  readonly decision: 'ImplicitDeny' | 'ExplicitDeny';
  readonly decidedBy: string;
}

export type GateResult =
  | (Passed & {
    readonly reachable: true;
    readonly call: ServiceCall;
    /** Denials `authorize` answered during the call, in order. */
    readonly refusals: Refusal[];
  })
  | (Passed & { readonly reachable: false; readonly trace: Trace });

/** The hostname a client in `region` connects to for a service (what an instance's resolver is asked). */
export function serviceHostname(service: ServiceName, region: string, bucket: string | undefined): string {
  switch (service) {
    // AWS (S3 "Virtual hosting of buckets"): SDKs address <bucket>.s3.<region>.amazonaws.com when they can.
    case 's3': return bucket ? `${bucket}.s3.${region}.amazonaws.com` : `s3.${region}.amazonaws.com`;
    // AWS: IAM has one global endpoint, iam.amazonaws.com, in us-east-1; named by Region here so the resolver
    // places it in us-east-1's public range.
    case 'iam': return 'iam.us-east-1.amazonaws.com';
    default: return `${service}.${region}.amazonaws.com`;
  }
}

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export class Gate {
  private readonly authorizer = new LiveAuthorizer();
  /** Traces per source and hostname, with the interfaces that log them, valid for one network view version. */
  private traces = new Map<string, TracedPath>();
  private traceVersion = -1;

  constructor(private readonly world: World, private readonly defaultAccount: string) {}

  /**
   * The principal behind a request's access key. Unsigned requests are anonymous for S3 (as AWS serves public
   * buckets); for the other APIs, which AWS never answers unsigned, they stay the default account's root, a
   * convenience for hand-made requests.
   */
  caller(who: Identity, service: ServiceName): Caller {
    const base = { region: who.region };
    if (who.accessKeyId === undefined) return { ...base, account: who.account, principalArn: service === 's3' ? '*' : `arn:aws:iam::${who.account}:root` };
    const owner = resolveAccessKey(this.world, who.accessKeyId);
    if (owner) {
      return {
        ...base, account: owner.account, principalArn: owner.principalArn, accessKeyId: who.accessKeyId,
        ...(owner.source ? { source: owner.source } : {}),
        ...(owner.userId !== undefined ? { session: { userId: owner.userId, ...(owner.issuedAt !== undefined ? { issuedAt: owner.issuedAt } : {}) } } : {}),
      };
    }
    const account = /^\d{12}$/.test(who.accessKeyId) ? who.accessKeyId : this.defaultAccount;
    // Written out (no spread): V8 builds spread objects on a slow path, and every root call comes here.
    return { region: who.region, account, principalArn: `arn:aws:iam::${account}:root`, accessKeyId: who.accessKeyId };
  }

  private trace(source: NonNullable<Caller['source']>, service: ServiceName, region: string, hostname: string): TracedPath {
    const view = compilerFor(this.world).view();
    if (view.version !== this.traceVersion) { this.traces.clear(); this.traceVersion = view.version; }
    const key = `${source.account}/${source.region}/${source.instanceId}/${hostname}`;
    let t = this.traces.get(key);
    if (!t) {
      const trace = traceFlow(view, {
        account: source.account, region: source.region, source: source.instanceId, destinationName: hostname,
        protocol: 'tcp', port: 443, service: { service: service === 'elasticloadbalancing' ? 'elasticloadbalancing' : service, region },
      });
      t = { trace, endpointEni: this.endpointEniOf(trace), natEni: this.natEniOf(trace) };
      if (this.traces.size > 10_000) this.traces.clear();
      this.traces.set(key, t);
    }
    return t;
  }

  pass(who: Identity, service: ServiceName, host: string, path: string, requestId: string, remoteAddress = '127.0.0.1'): GateResult {
    const caller = this.caller(who, service);
    const identity: Identity = caller.account === who.account ? who : { ...who, account: caller.account };
    // The same addressing rules the S3 endpoint applies (virtual-hosted Host first, else the first path segment).
    const bucket = service === 's3' ? resolveAddress(host, path).bucket : undefined;
    const hostname = serviceHostname(service, who.region, bucket !== undefined && S3_BUCKET.test(bucket) ? bucket : undefined);
    let trace: Trace | undefined;
    let sourceAddress = remoteAddress;
    let vpcId: string | undefined;
    let endpointEni: GateResult['endpointEni'];
    let natEni: GateResult['natEni'];
    if (caller.source) {
      const src = caller.source;
      ({ trace, endpointEni, natEni } = this.trace(src, service, who.region, hostname));
      vpcId = this.world.partition(partitionKey(src.account, src.region)).get('instance', src.instanceId)?.vpcId;
      if (trace.disposition.kind !== 'delivered') {
        return {
          reachable: false, identity, caller, hostname, trace, sourceAddress: sourceOf(trace) ?? remoteAddress,
          ...(vpcId ? { vpcId } : {}), ...(endpointEni ? { endpointEni } : {}), ...(natEni ? { natEni } : {}),
        };
      }
      sourceAddress = trace.context?.sourceAddress ?? remoteAddress;
    }
    const world = this.world;
    const authorizer = this.authorizer;
    const t = trace;
    const refusals: Refusal[] = [];
    // AWS (global condition keys): without an endpoint or NAT in the path, aws:SourceIp is the client's address.
    const pathKeys: Record<string, string> = t ? {} : { 'aws:SourceIp': remoteAddress };
    // The caller's own condition keys (user id, tags), read on the first question that needs them: the account
    // root in its own account is answered without them.
    let principalKeys: Record<string, string> | undefined;
    let principal: { readonly identityPolicies: readonly string[] | undefined; readonly boundaryPolicy: string | undefined } | undefined;
    const call: ServiceCall = {
      requestId,
      caller,
      authorize(q: AccessQuery): AccessDecision {
        // Read once per call: the caller's policies do not change while its questions are asked.
        const { identityPolicies, boundaryPolicy } = principal ??= principalPolicies(world, caller.principalArn);
        const who = { principalArn: caller.principalArn, identityPolicies, boundaryPolicy, resourceAccount: q.resourceAccount, resourcePolicy: q.resourcePolicy };
        // The account root in its own account with nothing on the path that could deny: allowed without bringing
        // the network view up to date (after every commit) or building the condition context.
        if (authorizer.rootInOwnAccount(t, who)) return ALLOWED;
        const now = world.clock.now();
        const d = authorizer.authorize(compilerFor(world).view(), t, {
          ...who,
          action: q.action, resource: q.resource,
          context: {
            // Request time to the second (condition operators compare no finer), formatted once a second.
            ...pathKeys, ...(principalKeys ??= principalKeysOf(world, caller)), 'aws:SecureTransport': 'true', 'aws:RequestedRegion': caller.region,
            'aws:CurrentTime': isoTime(Math.floor(now / 1000) * 1000), 'aws:EpochTime': String(Math.floor(now / 1000)),
            ...(q.context ?? {}),
          },
        });
        if (d.decision === 'Allow') return ALLOWED;
        refusals.push({ action: q.action, resource: q.resource, decision: d.decision, decidedBy: d.decidedBy });
        return { allowed: false, explicit: d.decision === 'ExplicitDeny', reason: d.decidedBy };
      },
    };
    // The common case (no instance source) written out: no spreads on the path of every call.
    if (!trace) return { reachable: true, identity, caller, hostname, call, refusals, sourceAddress };
    return {
      reachable: true, identity, caller, hostname, call, refusals, sourceAddress, trace, ...(vpcId ? { vpcId } : {}),
      ...(endpointEni ? { endpointEni } : {}), ...(natEni ? { natEni } : {}),
    };
  }

  /** The network interface of the NAT gateway that forwarded the request (its translation step), with its VPC. */
  private natEniOf(trace: Trace): GateResult['natEni'] {
    const step = trace.steps.find((s) => s.kind === 'natGateway' && s.verdict === 'forward');
    if (!step) return undefined;
    const nat = this.world.partition(partitionKey(trace.flow.account, trace.flow.region)).get('natGateway', step.resourceId);
    return nat?.networkInterfaceId !== undefined && nat.privateIp !== undefined
      ? { networkInterfaceId: nat.networkInterfaceId, vpcId: nat.vpcId, privateIp: nat.privateIp }
      : undefined;
  }

  /**
   * The interface endpoint ENI a trace reached (the endpoint's interface holding the address the name resolved
   * to), or the other ENI whose security group refused it, with its VPC. Gateway endpoints have no interface.
   */
  private endpointEniOf(trace: Trace): GateResult['endpointEni'] {
    const d = trace.disposition;
    const p = this.world.partition(partitionKey(trace.flow.account, trace.flow.region));
    let id: string | undefined;
    if (d.kind === 'delivered' && d.to.type === 'interfaceEndpoint') id = d.to.networkInterfaceId;
    else if (d.kind === 'delivered' && d.to.type === 'awsService' && d.to.vpcEndpointId !== undefined) {
      const ep = p.get('vpcEndpoint', d.to.vpcEndpointId);
      id = ep?.networkInterfaceIds.find((e) => p.get('networkInterface', e)?.privateIp === trace.flow.destinationIp);
    } else if (d.kind === 'deniedBySecurityGroup' && d.networkInterfaceId !== sourceStep(trace)?.networkInterfaceId) id = d.networkInterfaceId;
    const eni = id !== undefined ? p.get('networkInterface', id) : undefined;
    return eni ? { networkInterfaceId: eni.id, vpcId: eni.vpcId } : undefined;
  }
}

const ALLOWED: AccessDecision = { allowed: true };

interface TracedPath {
  readonly trace: Trace;
  readonly endpointEni: GateResult['endpointEni'];
  readonly natEni: GateResult['natEni'];
}

/**
 * AWS (global condition keys): `aws:userid` is `anonymous` for unsigned requests, the account id for a root, the
 * user's `AIDA…` id, or `<role id>:<session name>` for a role session (the pattern bucket policies use to admit a
 * role's sessions); `aws:TokenIssueTime` is present only for temporary credentials (what "Revoke active sessions"
 * tests with DateLessThan).
 */
function principalKeysOf(world: World, caller: Caller): Record<string, string> {
  if (caller.principalArn === '*') return { 'aws:userid': 'anonymous' };
  const userId = caller.session?.userId ?? userIdOf((a) => world.partition(iamPartitionKey(a)), caller.principalArn);
  const issuedAt = caller.session?.issuedAt;
  const tags = principalTagKeys(world, caller.principalArn);
  return issuedAt === undefined ? { 'aws:userid': userId, ...tags } : { 'aws:userid': userId, 'aws:TokenIssueTime': isoTime(issuedAt), ...tags };
}

/**
 * Identity policies in force: an account root has full access in its own account (`undefined`); anyone else has
 * exactly their policies, and a principal that no longer exists (a deleted role's session) has none.
 */
function policiesOf(world: World, principalArn: string): readonly string[] | undefined {
  if (principalArn === '*') return [];
  if (ROOT_ARN.test(principalArn)) return undefined;
  return identityPoliciesOf(world, principalArn) ?? [];
}

const ROOT_ARN = /^arn:aws:iam::\d{12}:root$/;

/**
 * A caller's identity policies and permissions boundary. AWS ("Permissions boundaries for IAM entities"): only
 * users and roles have a boundary, so an account root's is not looked up (its IAM cache is rebuilt after every
 * commit, which a sequence of creates would pay each call).
 */
function principalPolicies(world: World, principalArn: string): { readonly identityPolicies: readonly string[] | undefined; readonly boundaryPolicy: string | undefined } {
  const identityPolicies = policiesOf(world, principalArn);
  const root = principalArn === '*' || ROOT_ARN.test(principalArn);
  return { identityPolicies, boundaryPolicy: root ? undefined : permissionsBoundaryOf(world, principalArn) };
}

/** The step that names the sending interface (after the resolver's `dns` step of a hostname flow). */
export function sourceStep(trace: Trace): Extract<Trace['steps'][number]['decidedBy'], { by: 'source' }> | undefined {
  for (const s of trace.steps) if (s.decidedBy.by === 'source') return s.decidedBy;
  return undefined;
}

/** The source's private address from a trace. */
export function sourceOf(trace: Trace): string | undefined {
  return sourceStep(trace)?.privateIp;
}
