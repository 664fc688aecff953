/** @module VPC endpoint service handlers (PrivateLink provider side): configurations, permissions, connections. */
import { idempotent } from '../../model/client-token.js';
import {
  baseDnsNameOf, connectionsOf, createEndpointService, decideConnections, deleteEndpointServices, modifyEndpointService,
  modifyPermissions, ownerZoneNames, serviceIpTypes, type Connection, type ItemFailure,
} from '../../model/endpoint-service.js';
import { mustGet } from '../../model/lookup.js';
import type { ServicePrincipal, VpcEndpointService } from '../../model/resources.js';
import type { CatalogAccess } from '../../model/service-catalog.js';
import { endpointState } from '../../model/vpc-endpoint.js';
import type { WAllowedPrincipal, WServiceConfiguration, WUnsuccessfulItem, WVpcEndpointConnection } from '../../specs/ec2-types.js';
import type { Ec2Context, HandlerTable } from './context.js';
import { describe } from './describe.js';
import { compileFilters, type FilterTable } from './filters.js';
import { paginate } from './paging.js';
import { tagsFromSpecs, wireTags } from './tagging.js';
import { vpceHostedZoneId } from './vpc-endpoints.js';

function toWire(svc: VpcEndpointService, region: string): WServiceConfiguration {
  return {
    ServiceType: [{ ServiceType: 'Interface' }], ServiceId: svc.id, ServiceName: svc.serviceName,
    // AWS: serviceState is PascalCase on the wire (`Available`), unlike endpoint states.
    ServiceState: svc.state, AvailabilityZones: ownerZoneNames(svc, region), AvailabilityZoneIds: [...svc.zoneIds],
    AcceptanceRequired: svc.acceptanceRequired, ManagesVpcEndpoints: false,
    NetworkLoadBalancerArns: [...svc.networkLoadBalancerArns], GatewayLoadBalancerArns: [], SupportedIpAddressTypes: [...serviceIpTypes(svc)],
    BaseEndpointDnsNames: [baseDnsNameOf(region, svc.id)],
    ...(svc.privateDnsName !== undefined ? {
      PrivateDnsName: svc.privateDnsName,
      PrivateDnsNameConfiguration: { State: svc.privateDnsState ?? 'pendingVerification', Type: 'TXT', Value: svc.verificationToken ?? '', Name: `_${svc.id.slice(-8)}` },
    } : {}),
    // AWS: PayerResponsibility is `ServiceOwner`, its only value. Tags are left out when there are none.
    PayerResponsibility: 'ServiceOwner', ...(svc.tags.length > 0 ? { Tags: wireTags(svc.tags) } : {}), SupportedRegions: [{ Region: region, ServiceState: 'Available' }],
    RemoteAccessEnabled: false,
  };
}

const SERVICE_FILTERS: FilterTable<VpcEndpointService> = {
  'service-name': (s) => s.serviceName,
  'service-id': (s) => s.id,
  'service-state': (s) => s.state,
  'supported-ip-address-types': (s) => [...serviceIpTypes(s)],
};

function unsuccessful(failures: readonly ItemFailure[]): WUnsuccessfulItem[] {
  return failures.map((f) => ({ Error: { Code: f.code, Message: f.message }, ResourceId: f.id }));
}

function wirePrincipal(svcId: string, p: ServicePrincipal): WAllowedPrincipal {
  // Permissions are not taggable here, so the empty tag set is left out.
  return { PrincipalType: p.principalType, Principal: p.principal, ServicePermissionId: p.permissionId, ServiceId: svcId };
}

function access(ctx: Ec2Context): CatalogAccess {
  return { read: (a, r) => ctx.world.partition(`${a}/${r}`), global: ctx.world.partition('global'), accountsIn: (r) => ctx.world.accountsIn(r) };
}

/** A connection with the consumer endpoint's state as clients read it (`pending` while it settles after acceptance). */
type ConnectionRow = Connection & { readonly svc: VpcEndpointService; readonly state: string };

const CONNECTION_FILTERS: FilterTable<ConnectionRow & { tags: [] }> = {
  'service-id': (c) => c.svc.id,
  'vpc-endpoint-owner': (c) => c.account,
  'vpc-endpoint-state': (c) => c.state,
  'vpc-endpoint-id': (c) => c.endpoint.id,
  'ip-address-type': (c) => c.endpoint.ipAddressType,
  'vpc-endpoint-region': (c) => c.endpoint.serviceRegion,
};

export const endpointServiceHandlers: HandlerTable = {
  CreateVpcEndpointServiceConfiguration: (ctx, input) => {
    const svc = ctx.write((p, tx) => idempotent(p,
      { operation: 'CreateVpcEndpointServiceConfiguration', token: input.ClientToken, input },
      (id) => p.get('vpcEndpointService', id),
      () => {
        const made = createEndpointService(tx, p, {
          networkLoadBalancerArns: input.NetworkLoadBalancerArns ?? [], gatewayLoadBalancerArns: input.GatewayLoadBalancerArns ?? [],
          // AWS: the API default is undocumented; vpce treats an omitted AcceptanceRequired as false (RULES D3).
          acceptanceRequired: input.AcceptanceRequired ?? false, privateDnsName: input.PrivateDnsName,
          supportedIpAddressTypes: input.SupportedIpAddressTypes, supportedRegions: input.SupportedRegions,
          tags: tagsFromSpecs(input.TagSpecifications, 'vpc-endpoint-service'),
        });
        return { resultId: made.id, result: made };
      }).result);
    return { ServiceConfiguration: toWire(svc, ctx.region), ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  },
  ModifyVpcEndpointServiceConfiguration: (ctx, input) => {
    ctx.write((p) => modifyEndpointService(p, input.ServiceId, {
      addNlbs: input.AddNetworkLoadBalancerArns ?? [], removeNlbs: input.RemoveNetworkLoadBalancerArns ?? [],
      acceptanceRequired: input.AcceptanceRequired, privateDnsName: input.PrivateDnsName, removePrivateDnsName: input.RemovePrivateDnsName,
      addGwlbs: input.AddGatewayLoadBalancerArns, removeGwlbs: input.RemoveGatewayLoadBalancerArns,
      addIpTypes: input.AddSupportedIpAddressTypes, removeIpTypes: input.RemoveSupportedIpAddressTypes,
      addRegions: input.AddSupportedRegions, removeRegions: input.RemoveSupportedRegions,
    }));
    return { Return: true };
  },
  ModifyVpcEndpointServicePayerResponsibility: (ctx, input) => {
    // AWS: "If you set the payer responsibility to the service owner, you cannot set it back to the endpoint
    // owner"; `ServiceOwner` is the only value (the parser refuses others), and every service here already has it.
    ctx.write((p) => mustGet(p, 'vpcEndpointService', input.ServiceId));
    return { ReturnValue: true };
  },
  DescribeVpcEndpointServiceConfigurations: (ctx, input) => {
    const page = describe(ctx.read(), 'vpcEndpointService', { ids: input.ServiceIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, SERVICE_FILTERS);
    return { ServiceConfigurations: page.items.map((s) => toWire(s, ctx.region)), NextToken: page.nextToken };
  },
  DeleteVpcEndpointServiceConfigurations: (ctx, input) => {
    const failures = ctx.write((p, tx) => deleteEndpointServices(tx, p, input.ServiceIds));
    return { Unsuccessful: unsuccessful(failures) };
  },
  ModifyVpcEndpointServicePermissions: (ctx, input) => {
    const r = ctx.write((p, tx) => modifyPermissions(tx, p, input.ServiceId, input.AddAllowedPrincipals ?? [], input.RemoveAllowedPrincipals ?? []));
    return {
      ...(r.added.length > 0 ? { AddedPrincipals: r.added.map((a) => ({ PrincipalType: a.principalType, Principal: a.principal, ServicePermissionId: a.permissionId, ServiceId: r.svc.id })) } : {}),
      ReturnValue: true,
    };
  },
  DescribeVpcEndpointServicePermissions: (ctx, input) => {
    const svc = mustGet(ctx.read(), 'vpcEndpointService', input.ServiceId);
    const rows = svc.allowedPrincipals.map((p) => ({ ...p, tags: [] as [] }));
    const match = compileFilters<ServicePrincipal & { tags: [] }>(input.Filters, { principal: (p) => p.principal, 'principal-type': (p) => p.principalType });
    const page = paginate(match ? rows.filter(match) : rows, input.MaxResults, input.NextToken);
    return { AllowedPrincipals: page.items.map((p) => wirePrincipal(svc.id, p)), NextToken: page.nextToken };
  },
  AcceptVpcEndpointConnections: (ctx, input) => {
    const failures = ctx.write((p, tx) => decideConnections(tx, p, input.ServiceId, input.VpcEndpointIds, 'available'));
    return { Unsuccessful: unsuccessful(failures) };
  },
  RejectVpcEndpointConnections: (ctx, input) => {
    const failures = ctx.write((p, tx) => decideConnections(tx, p, input.ServiceId, input.VpcEndpointIds, 'rejected'));
    return { Unsuccessful: unsuccessful(failures) };
  },
  DescribeVpcEndpointConnections: (ctx, input) => {
    const view = ctx.read();
    const rows: (ConnectionRow & { tags: [] })[] = [];
    const now = ctx.world.clock.now();
    const settle = ctx.world.settings.endpointSettleMs;
    for (const svc of view.list('vpcEndpointService')) {
      for (const c of connectionsOf(access(ctx), svc, ctx.region)) rows.push({ ...c, svc, state: endpointState(c.endpoint, now, settle), tags: [] });
    }
    const match = compileFilters(input.Filters, CONNECTION_FILTERS);
    const page = paginate(match ? rows.filter(match) : rows, input.MaxResults, input.NextToken);
    return {
      VpcEndpointConnections: page.items.map((c): WVpcEndpointConnection => ({
        ServiceId: c.svc.id, VpcEndpointId: c.endpoint.id, VpcEndpointOwner: c.account, VpcEndpointState: c.state,
        CreationTimestamp: new Date(c.endpoint.createdAt).toISOString(),
        DnsEntries: [{ DnsName: `${c.endpoint.id}-${c.endpoint.dnsSuffix}.${baseDnsNameOf(ctx.region, c.svc.id)}`, HostedZoneId: vpceHostedZoneId(ctx.region) }],
        NetworkLoadBalancerArns: [...c.svc.networkLoadBalancerArns], GatewayLoadBalancerArns: [], IpAddressType: c.endpoint.ipAddressType,
        VpcEndpointConnectionId: `vpce-con-${c.endpoint.id.slice(5)}`, VpcEndpointRegion: ctx.region,
      })),
      NextToken: page.nextToken,
    };
  },
};
