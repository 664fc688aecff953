/** @module VPC endpoint operations (consumer side): CreateVpcEndpoint, ModifyVpcEndpoint, DescribeVpcEndpoints, DeleteVpcEndpoints. */
import { createHash } from 'node:crypto';
import { idempotent } from '../../model/client-token.js';
import { checkIdShape, notFound } from '../../model/lookup.js';
import type { VpcEndpoint } from '../../model/resources.js';
import { dnsLabelOf } from '../../model/service-catalog.js';
import {
  createVpcEndpoint, deleteVpcEndpoints, endpointState, endpointZones, modifyVpcEndpoint, type DnsOptionsArgs, type SubnetConfigurationArgs,
} from '../../model/vpc-endpoint.js';
import type { ReadView } from '../../model/world.js';
import { isoTime } from '../../shared/clock.js';
import type { WDnsEntry, WDnsOptionsSpecification, WSubnetConfiguration, WVpcEndpoint } from '../../specs/ec2-types.js';
import type { Ec2Context, HandlerTable } from './context.js';
import { wireMemo, type WireMemo } from './wire-memo.js';
import { compileFilters, type FilterTable } from './filters.js';
import { groupIdentifiers } from './network-interfaces.js';
import { paginate } from './paging.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

/** Real hosted zone of `vpce.amazonaws.com` names in us-east-1; other Regions get a stable made-up ID. */
const KNOWN_HOSTED_ZONES: Readonly<Record<string, string>> = { 'us-east-1': 'Z7HUB22UULQXV' };

/** The Route 53 hosted zone that holds a Region's `*.vpce.amazonaws.com` names. */
export function vpceHostedZoneId(region: string): string {
  return KNOWN_HOSTED_ZONES[region] ?? `Z${createHash('sha256').update(`vpce-zone/${region}`).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** The private hosted zone private DNS uses inside the endpoint's VPC (one per endpoint here). */
function privateHostedZoneId(ep: VpcEndpoint): string {
  return `Z${createHash('sha256').update(`private-zone/${ep.id}`).digest('hex').slice(0, 20).toUpperCase()}`;
}

/** The DNS label of the endpoint's service: `sqs`, `api.ecr`, or the custom service's `vpce-svc-…` ID. */
function serviceLabel(ep: VpcEndpoint): string {
  const prefix = `com.amazonaws.${ep.serviceRegion}.`;
  return ep.serviceName.startsWith(prefix) ? dnsLabelOf(ep.serviceName.slice(prefix.length)) : ep.serviceId;
}

/**
 * DNS entries of an interface endpoint. AWS ("DNS names for interface endpoints"): a Regional name
 * `vpce-<id>-<random>.<service>.<region>.vpce.amazonaws.com` and one zonal name per subnet's zone
 * `vpce-<id>-<random>-<zone>.<service>...`; S3 names are wildcards (`*.vpce-...`) for bucket hosts.
 */
export function dnsEntries(view: ReadView, ep: VpcEndpoint): WDnsEntry[] {
  if (ep.endpointType !== 'Interface') return [];
  const zone = vpceHostedZoneId(ep.serviceRegion);
  const suffix = `${serviceLabel(ep)}.${ep.serviceRegion}.vpce.amazonaws.com`;
  const wild = ep.serviceName === `com.amazonaws.${ep.serviceRegion}.s3` ? '*.' : '';
  const base = `${ep.id}-${ep.dnsSuffix}`;
  const out: WDnsEntry[] = [{ DnsName: `${wild}${base}.${suffix}`, HostedZoneId: zone }];
  for (const z of endpointZones(view, ep)) out.push({ DnsName: `${wild}${base}-${z.zoneName}.${suffix}`, HostedZoneId: zone });
  if (ep.privateDnsEnabled && ep.privateDnsName !== undefined) out.push({ DnsName: ep.privateDnsName, HostedZoneId: privateHostedZoneId(ep) });
  return out;
}

const DESCRIBED: WireMemo<VpcEndpoint, WVpcEndpoint> = wireMemo();

export function endpointToWire(ctx: Ec2Context, view: ReadView, ep: VpcEndpoint): WVpcEndpoint {
  const state = endpointState(ep, ctx.world.clock.now(), ctx.world.settings.endpointSettleMs);
  const iface = ep.endpointType !== 'Gateway';
  return {
    VpcEndpointId: ep.id, VpcEndpointType: ep.endpointType, VpcId: ep.vpcId, ServiceName: ep.serviceName, State: state,
    ...(ep.policyDocument !== undefined ? { PolicyDocument: ep.policyDocument } : {}),
    RouteTableIds: [...ep.routeTableIds], SubnetIds: [...ep.subnetIds],
    Groups: groupIdentifiers(view, ep.groupIds),
    IpAddressType: ep.ipAddressType,
    ...(iface ? {
      DnsOptions: {
        DnsRecordIpType: ep.dnsOptions.dnsRecordIpType,
        ...(ep.dnsOptions.privateDnsOnlyForInboundResolverEndpoint !== undefined ? { PrivateDnsOnlyForInboundResolverEndpoint: ep.dnsOptions.privateDnsOnlyForInboundResolverEndpoint } : {}),
      },
    } : {}),
    PrivateDnsEnabled: ep.privateDnsEnabled, RequesterManaged: false,
    NetworkInterfaceIds: [...ep.networkInterfaceIds],
    DnsEntries: dnsEntries(view, ep),
    CreationTimestamp: isoTime(ep.createdAt),
    Tags: wireTags(ep.tags), OwnerId: ep.ownerId,
    ...(ep.serviceRegion !== ctx.region ? { ServiceRegion: ep.serviceRegion } : {}),
  };
}

/** AWS: DescribeVpcEndpoints filters ("DescribeVpcEndpoints" API reference). */
function endpointFilters(ctx: Ec2Context): FilterTable<VpcEndpoint> {
  const now = ctx.world.clock.now();
  const settle = ctx.world.settings.endpointSettleMs;
  return {
    'ip-address-type': (e) => e.ipAddressType,
    'service-name': (e) => e.serviceName,
    'service-region': (e) => e.serviceRegion,
    'vpc-id': (e) => e.vpcId,
    'vpc-endpoint-id': (e) => e.id,
    'vpc-endpoint-state': (e) => endpointState(e, now, settle),
    'vpc-endpoint-type': (e) => e.endpointType,
  };
}

function dnsOptionsOf(d: WDnsOptionsSpecification | undefined): DnsOptionsArgs | undefined {
  if (!d) return undefined;
  return {
    dnsRecordIpType: d.DnsRecordIpType, privateDnsOnlyForInboundResolverEndpoint: d.PrivateDnsOnlyForInboundResolverEndpoint,
    privateDnsPreference: d.PrivateDnsPreference, privateDnsSpecifiedDomains: d.PrivateDnsSpecifiedDomains,
  };
}

function subnetConfigurationsOf(list: readonly WSubnetConfiguration[] | undefined): SubnetConfigurationArgs[] | undefined {
  return list?.map((c) => ({ subnetId: c.SubnetId, ipv4: c.Ipv4, ipv6: c.Ipv6 }));
}

/** Exact `vpc-id` filter values, when the filter has no wildcard: the candidates can then come from the VPC index. */
function exactVpcIds(filters: readonly { Name?: string | undefined; Values?: string[] | undefined }[] | undefined): string[] | undefined {
  const f = filters?.find((x) => x.Name === 'vpc-id');
  if (!f || !f.Values || f.Values.some((v) => /[*?]/.test(v))) return undefined;
  return f.Values;
}

export const vpcEndpointHandlers: HandlerTable = {
  CreateVpcEndpoint(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'vpc-endpoint');
    const settleMs = ctx.world.settings.endpointSettleMs;
    const made = ctx.write((p, tx) => idempotent(p,
      { operation: 'CreateVpcEndpoint', token: input.ClientToken, input },
      (id) => p.get('vpcEndpoint', id),
      () => {
        const ep = createVpcEndpoint(tx, p, {
          vpcId: input.VpcId, serviceName: input.ServiceName, type: input.VpcEndpointType, policyDocument: input.PolicyDocument,
          routeTableIds: input.RouteTableIds, subnetIds: input.SubnetIds, securityGroupIds: input.SecurityGroupIds,
          privateDnsEnabled: input.PrivateDnsEnabled, ipAddressType: input.IpAddressType, dnsOptions: dnsOptionsOf(input.DnsOptions),
          serviceRegion: input.ServiceRegion, subnetConfigurations: subnetConfigurationsOf(input.SubnetConfigurations),
          serviceNetworkArn: input.ServiceNetworkArn, resourceConfigurationArn: input.ResourceConfigurationArn,
          clientToken: input.ClientToken, tags, settleMs,
        });
        return { resultId: ep.id, result: ep };
      }));
    return {
      VpcEndpoint: endpointToWire(ctx, ctx.read(), made.result),
      ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}),
    };
  },
  ModifyVpcEndpoint(ctx, input) {
    checkIdShape('vpcEndpoint', input.VpcEndpointId);
    const settleMs = ctx.world.settings.endpointSettleMs;
    ctx.write((p, tx) => modifyVpcEndpoint(tx, p, input.VpcEndpointId, {
      resetPolicy: input.ResetPolicy, policyDocument: input.PolicyDocument,
      addRouteTableIds: input.AddRouteTableIds, removeRouteTableIds: input.RemoveRouteTableIds,
      addSubnetIds: input.AddSubnetIds, removeSubnetIds: input.RemoveSubnetIds,
      addSecurityGroupIds: input.AddSecurityGroupIds, removeSecurityGroupIds: input.RemoveSecurityGroupIds,
      privateDnsEnabled: input.PrivateDnsEnabled, ipAddressType: input.IpAddressType, dnsOptions: dnsOptionsOf(input.DnsOptions),
      subnetConfigurations: subnetConfigurationsOf(input.SubnetConfigurations), settleMs,
    }));
    return { Return: true };
  },
  DescribeVpcEndpoints(ctx, input) {
    const view = ctx.read();
    const now = ctx.world.clock.now();
    const settle = ctx.world.settings.endpointSettleMs;
    // AWS: an endpoint whose deletion has completed is no longer listed.
    const visible = (e: VpcEndpoint): boolean => endpointState(e, now, settle) !== 'deleted';
    let items: VpcEndpoint[] = [];
    if (input.VpcEndpointIds && input.VpcEndpointIds.length > 0) {
      for (const id of new Set(input.VpcEndpointIds)) {
        checkIdShape('vpcEndpoint', id);
        const e = view.get('vpcEndpoint', id);
        if (!e || !visible(e)) throw notFound('vpcEndpoint', id);
        items.push(e);
      }
    } else {
      const vpcIds = exactVpcIds(input.Filters);
      if (vpcIds) {
        const seen = new Set<string>();
        for (const v of vpcIds) for (const e of view.childrenOf(v, 'vpcEndpoint')) if (!seen.has(e.id)) { seen.add(e.id); items.push(e); }
        // Creation order, as a full listing would give.
        items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      } else {
        items = [...view.list('vpcEndpoint')];
      }
      items = items.filter(visible);
    }
    const match = compileFilters(input.Filters, endpointFilters(ctx));
    if (match) items = items.filter(match);
    // AWS (MaxResults): "If the value is greater than 1,000, we return only 1,000 items."
    const page = paginate(items, input.MaxResults, input.NextToken, 1000);
    // The wire form depends on the record, its derived state and the caller's region; group names and zones it
    // reads are fixed for the record's life.
    return {
      VpcEndpoints: page.items.map((e) => DESCRIBED.get(e, `${endpointState(e, now, settle)}|${ctx.region}`, () => endpointToWire(ctx, view, e))),
      NextToken: page.nextToken,
    };
  },
  DeleteVpcEndpoints(ctx, input) {
    const settleMs = ctx.world.settings.endpointSettleMs;
    const failures = ctx.write((p, tx) => deleteVpcEndpoints(tx, p, input.VpcEndpointIds ?? [], settleMs));
    return { Unsuccessful: failures.map((f) => ({ ResourceId: f.id, Error: { Code: f.code, Message: f.message } })) };
  },
};
