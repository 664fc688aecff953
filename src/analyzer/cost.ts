/**
 * @module The monthly cost of a design for a given traffic: NAT gateway hours and data processing, interface
 * endpoint hours per Availability Zone and data processing, gateway endpoints (free), and data crossing
 * Availability Zones on the way. Each traffic sample is traced by the engine, so the path priced is the path the
 * routes, endpoints and DNS actually give it, and a sample a gateway endpoint could carry for nothing says what it
 * would save.
 */
import { parsePublicServiceName } from '../engine/dns.js';
import type { CompiledPartition, NetworkView } from '../engine/network-view.js';
import type { FlowProtocol, ServiceDestination, Trace } from '../engine/trace.js';
import { awsPrefixListContaining } from '../model/aws-prefix-lists.js';
import { traceFlow } from '../engine/tracer.js';
import { HOURS_PER_MONTH, type PriceList, type RegionPrices } from './prices.js';

/** Traffic from one source to one destination, with the bytes it carried (both directions). */
export interface TrafficSample {
  readonly account: string;
  readonly region: string;
  /** An instance or network interface id. */
  readonly source: string;
  /** An address (from a flow log record) or a name (a service endpoint for a stated volume). */
  readonly destination: { readonly ip: string } | { readonly name: string };
  readonly protocol: FlowProtocol;
  readonly port: number;
  readonly bytes: number;
}

/** A fixed monthly charge of one resource. */
export interface FixedCharge {
  readonly account: string;
  readonly region: string;
  readonly resourceId: string;
  readonly kind: 'natGateway' | 'interfaceEndpoint' | 'gatewayEndpoint';
  /** Availability Zones billed (interface endpoints), else 1. */
  readonly units: number;
  readonly monthly: number;
  readonly detail: string;
}

/** How one sample travels and what it costs. */
export interface PathCharge {
  readonly sample: TrafficSample;
  /** The path that carried it: through which resource, or why it did not arrive. */
  readonly path: 'natGateway' | 'gatewayEndpoint' | 'interfaceEndpoint' | 'internetGateway' | 'local' | 'notDelivered' | 'other';
  readonly via?: string;
  readonly gb: number;
  readonly processing: number;
  readonly crossAz: number;
  readonly total: number;
  /** For S3 or DynamoDB traffic that pays for its path: what a gateway endpoint in the source's VPC would save. */
  readonly gatewayEndpointSaving?: number;
  readonly note: string;
}

export interface CostReport {
  readonly prices: { readonly date: string; readonly sources: readonly string[] };
  readonly fixed: readonly FixedCharge[];
  readonly traffic: readonly PathCharge[];
  readonly totals: { readonly fixed: number; readonly traffic: number; readonly total: number; readonly gatewayEndpointSaving: number };
  /** Regions with resources or traffic but no prices (nothing of theirs is priced). */
  readonly unpricedRegions: readonly string[];
}

const GB = 1024 ** 3;
const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Price the design in the given partitions for the given traffic. `partitions` names every account and Region to
 * price the fixed charges of; samples may come from any of them.
 */
export function estimateCost(view: NetworkView, partitions: readonly { account: string; region: string }[], samples: readonly TrafficSample[], prices: PriceList): CostReport {
  const unpriced = new Set<string>();
  const priceFor = (region: string): RegionPrices | undefined => {
    const p = prices.regions[region];
    if (!p) unpriced.add(region);
    return p;
  };
  const fixed: FixedCharge[] = [];
  for (const { account, region } of partitions) {
    const p = view.partition(account, region);
    const pr = priceFor(region);
    if (!pr) continue;
    for (const nat of p.natGateways.values()) {
      if (nat.state !== 'available' && nat.state !== 'pending') continue;
      fixed.push({ account, region, resourceId: nat.id, kind: 'natGateway', units: 1, monthly: round(pr.natGatewayHour * HOURS_PER_MONTH), detail: `${HOURS_PER_MONTH} h × $${pr.natGatewayHour}` });
    }
    for (const ep of p.vpcEndpoints.values()) {
      if (ep.state === 'deleting' || ep.state === 'rejected' || ep.state === 'failed') continue;
      if (ep.endpointType === 'Gateway') {
        fixed.push({ account, region, resourceId: ep.id, kind: 'gatewayEndpoint', units: 1, monthly: 0, detail: `${ep.serviceName}: gateway endpoints have no charge` });
        continue;
      }
      const zones = new Set(ep.subnetIds.map((s) => p.subnets.get(s)?.availabilityZone).filter((z) => z !== undefined));
      fixed.push({ account, region, resourceId: ep.id, kind: 'interfaceEndpoint', units: zones.size, monthly: round(zones.size * pr.interfaceEndpointAzHour * HOURS_PER_MONTH), detail: `${ep.serviceName}: ${zones.size} AZ × ${HOURS_PER_MONTH} h × $${pr.interfaceEndpointAzHour}` });
    }
  }
  const traffic = samples.map((s) => priceSample(view, s, priceFor(s.region)));
  const sum = (xs: readonly number[]): number => round(xs.reduce((a, b) => a + b, 0));
  const fixedTotal = sum(fixed.map((f) => f.monthly));
  const trafficTotal = sum(traffic.map((t) => t.total));
  return {
    prices: { date: prices.date, sources: prices.sources },
    fixed,
    traffic,
    totals: { fixed: fixedTotal, traffic: trafficTotal, total: round(fixedTotal + trafficTotal), gatewayEndpointSaving: sum(traffic.map((t) => t.gatewayEndpointSaving ?? 0)) },
    unpricedRegions: [...unpriced].sort(),
  };
}

function priceSample(view: NetworkView, s: TrafficSample, pr: RegionPrices | undefined): PathCharge {
  const gb = s.bytes / GB;
  const service = serviceAt(s.destination);
  const base = { account: s.account, region: s.region, source: s.source, protocol: s.protocol, port: s.port, ...(service ? { service } : {}) };
  const trace = traceFlow(view, 'ip' in s.destination ? { ...base, destinationIp: s.destination.ip } : { ...base, destinationName: s.destination.name });
  const p = view.partition(s.account, s.region);
  const free = (path: PathCharge['path'], note: string, via?: string): PathCharge => ({ sample: s, path, ...(via ? { via } : {}), gb, processing: 0, crossAz: 0, total: 0, note });
  if (trace.disposition.kind !== 'delivered') return free('notDelivered', `not delivered (${trace.disposition.kind}): nothing is carried, nothing is charged`);
  if (!pr) return free('other', `no prices for ${s.region}`);
  const sourceAz = azOfSource(p, trace);
  const serviceName = service?.service ?? serviceOf(trace);
  const gatewayService = (serviceName === 's3' || serviceName === 'dynamodb') && service?.region === s.region;
  // A charged hop: processing at its rate, plus the zone crossing when the hop's interface is in another zone.
  const charged = (path: 'natGateway' | 'interfaceEndpoint', via: string, rate: number, hopAz: string | undefined, what: string): PathCharge => {
    const crossAz = sourceAz !== undefined && hopAz !== undefined && hopAz !== sourceAz ? gb * 2 * pr.crossAzGbEachWay : 0;
    const processing = gb * rate;
    const total = processing + crossAz;
    return {
      sample: s, path, via, gb, processing: round(processing), crossAz: round(crossAz), total: round(total),
      ...(gatewayService ? { gatewayEndpointSaving: round(total) } : {}),
      note: `${via} processes it at $${rate}/GB${crossAz > 0 ? `, and it crosses from ${sourceAz} to ${what} in ${hopAz}` : ''}${gatewayService ? `; a ${serviceName ?? ''} gateway endpoint in the source's VPC would carry it for nothing` : ''}`,
    };
  };
  const nat = trace.steps.find((st) => st.kind === 'natGateway' && st.verdict === 'forward');
  if (nat) return charged('natGateway', nat.resourceId, pr.natGatewayGb, azOfSubnet(p, p.natGateways.get(nat.resourceId)?.subnetId), 'the gateway');
  const to = trace.disposition.to;
  if (to.type === 'awsService' || to.type === 'interfaceEndpoint') {
    const ep = p.vpcEndpoints.get(to.vpcEndpointId);
    if (ep?.endpointType === 'Gateway') return free('gatewayEndpoint', `${ep.id} is a gateway endpoint: no charge`, ep.id);
    return charged('interfaceEndpoint', to.vpcEndpointId, pr.interfaceEndpointGb, azOfSubnet(p, endpointEniSubnet(p, trace, to.vpcEndpointId)), "the endpoint's interface");
  }
  if (to.type === 'internet') return free('internetGateway', `through ${to.internetGatewayId}: no processing charge (data transfer out to the internet is not priced here)`, to.internetGatewayId);
  if (to.type === 'networkInterface') return free('local', 'inside the VPC: no processing charge (data crossing AZs inside a VPC is not priced here)');
  return free('other', `delivered to ${to.type}: not priced`);
}

/**
 * The AWS service a destination is, as the gate and explain pass it to the tracer: by its public name, or for an
 * address (a flow log record) by the AWS prefix list that holds it.
 */
function serviceAt(d: TrafficSample['destination']): ServiceDestination | undefined {
  if ('name' in d) {
    const svc = parsePublicServiceName(d.name);
    return svc ? { service: svc.service, region: svc.region } : undefined;
  }
  const pl = awsPrefixListContaining(d.ip);
  return pl ? { service: pl.service, region: pl.region } : undefined;
}

/** `s3`, `dynamodb`, ... from the flow's service, when the destination is an AWS service. */
function serviceOf(trace: Trace): string | undefined {
  const svc = trace.flow.service?.service;
  if (svc !== undefined) return svc;
  const to = trace.disposition.kind === 'delivered' ? trace.disposition.to : undefined;
  return to?.type === 'awsService' ? /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(to.service)?.[1] : undefined;
}

function azOfSubnet(p: CompiledPartition, subnetId: string | undefined): string | undefined {
  return subnetId === undefined ? undefined : p.subnets.get(subnetId)?.availabilityZone;
}

/** The source interface's zone, from the step the source decided (after the `dns` step of a name). */
function azOfSource(p: CompiledPartition, trace: Trace): string | undefined {
  for (const st of trace.steps) {
    if (st.decidedBy.by === 'source') return azOfSubnet(p, p.enis.get(st.decidedBy.networkInterfaceId)?.subnetId);
  }
  return undefined;
}

/** The subnet of the endpoint's network interface the trace went through (the one named by a step), else its only one. */
function endpointEniSubnet(p: CompiledPartition, trace: Trace, endpointId: string): string | undefined {
  for (const st of trace.steps) {
    const eni = p.enis.get(st.resourceId);
    if (eni?.vpcEndpointId === endpointId) return eni.subnetId;
  }
  const ep = p.vpcEndpoints.get(endpointId);
  return ep?.subnetIds.length === 1 ? ep.subnetIds[0] : undefined;
}
