/**
 * @module VPC endpoint services (PrivateLink provider side). The service lives in its owner's partition; a
 * global index (service name -> owner) lets consumers in other accounts resolve it. Connections are the
 * consumers' endpoints (in their partitions) whose service ID is this service's.
 */
import { ec2Errors } from '../errors/ec2.js';
import { isAwsError } from '../errors/aws-error.js';
import { dropNotificationsOf } from './connection-notification.js';
import { isElbArn } from './load-balancer.js';
import { checkIdShape, mustGet } from './lookup.js';
import { zonesFor } from './regions.js';
import type { EndpointServiceIndex, ServicePrincipal, VpcEndpoint, VpcEndpointService } from './resources.js';
import { registerCustomServiceSource, type CatalogAccess, type CustomService } from './service-catalog.js';
import { setEndpointConnectionState } from './vpc-endpoint.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: service names are `com.amazonaws.vpce.<region>.<service-id>`. */
export function serviceNameOf(region: string, serviceId: string): string {
  return `com.amazonaws.vpce.${region}.${serviceId}`;
}

/** AWS: the base DNS name endpoints of the service get (`<service-id>.<region>.vpce.amazonaws.com`). */
export function baseDnsNameOf(region: string, serviceId: string): string {
  return `${serviceId}.${region}.vpce.amazonaws.com`;
}

/** Check NLB ARNs: well formed, network type, in the caller's account and Region. Returns their zone IDs. */
function checkNlbs(p: ReadView & { account: string; region: string }, arns: readonly string[]): string[] {
  const zoneIds = new Set<string>();
  for (const arn of arns) {
    if (!isElbArn(arn, 'loadbalancer') || !arn.includes(':loadbalancer/net/')) {
      throw ec2Errors.custom('InvalidNetworkLoadBalancerArn.Malformed', `The network load balancer ARN '${arn}' is malformed.`);
    }
    const lb = p.get('loadBalancer', arn);
    if (!lb) throw ec2Errors.custom('InvalidNetworkLoadBalancerArn.NotFound', `The network load balancer ARN '${arn}' does not exist.`);
    for (const z of lb.zones) zoneIds.add(z.zoneId);
  }
  return [...zoneIds].sort();
}

export interface CreateServiceArgs {
  readonly networkLoadBalancerArns: readonly string[];
  readonly gatewayLoadBalancerArns: readonly string[];
  readonly acceptanceRequired: boolean;
  readonly privateDnsName?: string | undefined;
  readonly supportedIpAddressTypes?: readonly string[] | undefined;
  readonly supportedRegions?: readonly string[] | undefined;
  readonly tags: Tags;
}

type IpType = 'ipv4' | 'ipv6';

/** The IP address types of a service (records stored before the field existed are IPv4 only). */
export function serviceIpTypes(svc: VpcEndpointService): readonly IpType[] {
  return svc.supportedIpAddressTypes ?? ['ipv4'];
}

function parseIpTypes(values: readonly string[]): IpType[] {
  const out: IpType[] = [];
  for (const v of values) {
    if (v !== 'ipv4' && v !== 'ipv6') throw ec2Errors.invalidParameterValue(`Value (${v}) for parameter SupportedIpAddressTypes is invalid. Valid values: ipv4, ipv6.`);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * AWS ("Share your services through AWS PrivateLink", IP address types): an endpoint service can accept IPv6 only
 * when its Network Load Balancers are dualstack. A service keeps at least one type.
 */
function checkIpTypes(p: ReadView, types: readonly IpType[], nlbArns: readonly string[]): readonly IpType[] {
  if (types.length === 0) throw ec2Errors.invalidParameter('An endpoint service must support at least one IP address type.');
  if (types.includes('ipv6')) {
    for (const arn of nlbArns) {
      const lb = p.get('loadBalancer', arn);
      if (lb && lb.ipAddressType !== 'dualstack') {
        throw ec2Errors.invalidParameter(`The load balancer ${arn} does not support IPv6: its IP address type must be dualstack for the endpoint service to support ipv6.`);
      }
    }
  }
  return types;
}

/** vpce serves PrivateLink within one Region: the service's own Region is the only supported Region. */
function checkSupportedRegions(region: string, regions: readonly string[] | undefined): void {
  for (const r of regions ?? []) {
    if (r !== region) throw ec2Errors.invalidParameter(`Cross-Region access to endpoint services is not emulated by vpce: supported Region ${r} differs from the service's Region ${region}.`);
  }
}

function checkPrivateDnsName(name: string): void {
  if (!/^(?=.{1,253}$)([a-z0-9*]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(name)) {
    throw ec2Errors.invalidParameterValue(`The private DNS name '${name}' is invalid.`);
  }
}

export function createEndpointService(tx: Tx, p: PartitionTx, args: CreateServiceArgs): VpcEndpointService {
  // AWS: "The Amazon Resource Names (ARNs) of the Network Load Balancers" / "Gateway Load Balancers": exactly one kind.
  const nlb = args.networkLoadBalancerArns.length > 0;
  const gwlb = args.gatewayLoadBalancerArns.length > 0;
  if (nlb === gwlb) {
    throw ec2Errors.invalidParameter('exactly one of NetworkLoadBalancerArns or GatewayLoadBalancerArns is a required member');
  }
  if (gwlb) throw ec2Errors.invalidParameter('vpce does not emulate Gateway Load Balancer endpoint services; use NetworkLoadBalancerArns.');
  const zoneIds = checkNlbs(p, args.networkLoadBalancerArns);
  if (args.privateDnsName !== undefined) checkPrivateDnsName(args.privateDnsName);
  const ipTypes = args.supportedIpAddressTypes && args.supportedIpAddressTypes.length > 0
    ? checkIpTypes(p, parseIpTypes(args.supportedIpAddressTypes), args.networkLoadBalancerArns) : ['ipv4' as const];
  checkSupportedRegions(p.region, args.supportedRegions);
  const id = tx.ids.next('vpcEndpointService');
  const serviceName = serviceNameOf(p.region, id);
  const svc = p.put<VpcEndpointService>({
    kind: 'vpcEndpointService', id, ownerId: p.account, tags: args.tags, serviceName,
    networkLoadBalancerArns: [...new Set(args.networkLoadBalancerArns)], acceptanceRequired: args.acceptanceRequired,
    ...(args.privateDnsName !== undefined ? { privateDnsName: args.privateDnsName, privateDnsState: 'pendingVerification', verificationToken: `vpce:${tx.ids.hex(20)}` } : {}),
    zoneIds, allowedPrincipals: [], supportedIpAddressTypes: ipTypes, state: 'Available', createdAt: tx.clock.now(),
  });
  tx.global.put<EndpointServiceIndex>({ kind: 'endpointServiceIndex', id: serviceName, ownerId: p.account, tags: [], serviceId: id, region: p.region });
  return svc;
}

export interface ModifyServiceArgs {
  readonly addNlbs: readonly string[];
  readonly removeNlbs: readonly string[];
  readonly acceptanceRequired?: boolean | undefined;
  readonly privateDnsName?: string | undefined;
  readonly removePrivateDnsName?: boolean | undefined;
  readonly addGwlbs?: readonly string[] | undefined;
  readonly removeGwlbs?: readonly string[] | undefined;
  readonly addIpTypes?: readonly string[] | undefined;
  readonly removeIpTypes?: readonly string[] | undefined;
  readonly addRegions?: readonly string[] | undefined;
  readonly removeRegions?: readonly string[] | undefined;
}

export function modifyEndpointService(p: PartitionTx, serviceId: string, args: ModifyServiceArgs): VpcEndpointService {
  const svc = mustGet(p, 'vpcEndpointService', serviceId);
  if (args.privateDnsName !== undefined && args.removePrivateDnsName === true) {
    throw ec2Errors.invalidParameterCombination('PrivateDnsName and RemovePrivateDnsName cannot both be specified.');
  }
  if ((args.addGwlbs?.length ?? 0) > 0 || (args.removeGwlbs?.length ?? 0) > 0) {
    throw ec2Errors.invalidParameter('vpce does not emulate Gateway Load Balancer endpoint services; use NetworkLoadBalancerArns.');
  }
  checkSupportedRegions(p.region, args.addRegions);
  // The service's own Region is always supported (cross-Region access adds Regions to it), so it cannot be removed.
  if ((args.removeRegions ?? []).includes(p.region)) throw ec2Errors.invalidParameter(`The service Region ${p.region} cannot be removed from the supported Regions.`);
  checkSupportedRegions(p.region, args.removeRegions);
  checkNlbs(p, args.addNlbs);
  const arns = [...new Set([...svc.networkLoadBalancerArns, ...args.addNlbs])].filter((a) => !args.removeNlbs.includes(a));
  // AWS: an endpoint service needs at least one load balancer.
  if (arns.length === 0) throw ec2Errors.invalidParameter('An endpoint service must have at least one load balancer.');
  if (args.privateDnsName !== undefined) checkPrivateDnsName(args.privateDnsName);
  const zoneIds = checkNlbs(p, arns);
  const addIp = parseIpTypes(args.addIpTypes ?? []);
  const removeIp = parseIpTypes(args.removeIpTypes ?? []);
  const ipTypes = checkIpTypes(p, [...serviceIpTypes(svc), ...addIp].filter((t, i, all) => all.indexOf(t) === i && !removeIp.includes(t)), arns);
  const { privateDnsName: _n, privateDnsState: _s, verificationToken: _t, ...rest } = svc;
  const dns = args.removePrivateDnsName === true ? {}
    : args.privateDnsName !== undefined ? { privateDnsName: args.privateDnsName, privateDnsState: 'pendingVerification' as const, verificationToken: svc.verificationToken ?? `vpce:${serviceId.slice(-17)}` }
    : svc.privateDnsName !== undefined ? { privateDnsName: svc.privateDnsName, ...(svc.privateDnsState ? { privateDnsState: svc.privateDnsState } : {}), ...(svc.verificationToken ? { verificationToken: svc.verificationToken } : {}) } : {};
  return p.put<VpcEndpointService>({ ...rest, ...dns, networkLoadBalancerArns: arns, zoneIds, supportedIpAddressTypes: ipTypes, acceptanceRequired: args.acceptanceRequired ?? svc.acceptanceRequired });
}

/** A consumer endpoint connected to a service, with its account. */
export interface Connection {
  readonly account: string;
  readonly endpoint: VpcEndpoint;
}

/**
 * The consumer endpoints of a service (any state but deleting), in every account of the region: a consumer
 * allowed through `*`, or whose permission was later removed, stays connected (AWS: removing a principal leaves
 * its existing connections active, as reported in terraform-provider-aws#37260).
 */
export function connectionsOf(access: CatalogAccess, svc: VpcEndpointService, region: string): Connection[] {
  const out: Connection[] = [];
  for (const account of access.accountsIn(region)) {
    for (const ep of access.read(account, region).list('vpcEndpoint')) {
      if (ep.serviceId === svc.id && ep.state !== 'deleting') out.push({ account, endpoint: ep });
    }
  }
  return out;
}

export interface ItemFailure { readonly id: string; readonly code: string; readonly message: string }

/**
 * DeleteVpcEndpointServiceConfigurations. AWS: "Before you delete an endpoint service, you must reject any
 * Available or PendingAcceptance interface endpoint connections that are attached to the service."
 */
export function deleteEndpointServices(tx: Tx, p: PartitionTx, ids: readonly string[]): ItemFailure[] {
  const failures: ItemFailure[] = [];
  const access: CatalogAccess = { read: (a, r) => tx.in(a, r), global: tx.global, accountsIn: (r) => tx.accountsIn(r) };
  for (const id of new Set(ids)) {
    let svc: VpcEndpointService | undefined;
    try {
      checkIdShape('vpcEndpointService', id);
      svc = p.get('vpcEndpointService', id);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      failures.push({ id, code: e.code, message: e.message });
      continue;
    }
    if (!svc) {
      // AWS: the batch reports an unknown service as `InvalidVpcEndpointService.NotFound` (the code Terraform's
      // aws_vpc_endpoint_service delete treats as already gone), not the `…ServiceId.NotFound` of single calls.
      failures.push({ id, code: 'InvalidVpcEndpointService.NotFound', message: `The VpcEndpointService Id '${id}' does not exist` });
      continue;
    }
    const live = connectionsOf(access, svc, p.region).filter((c) => c.endpoint.state === 'available' || c.endpoint.state === 'pendingAcceptance');
    if (live.length > 0) {
      failures.push({ id, code: 'ExistingVpcEndpointConnections', message: `Service has existing active VPC Endpoint connections: ${live.map((c) => c.endpoint.id).join(', ')}` });
      continue;
    }
    dropNotificationsOf(p, id);
    p.remove(id);
    tx.global.remove(svc.serviceName);
  }
  return failures;
}

/** AWS principal forms: `*`, an account root, or an IAM role or user without a path. */
function principalType(principal: string): ServicePrincipal['principalType'] | undefined {
  if (principal === '*') return 'All';
  if (/^arn:aws:iam::\d{12}:root$/.test(principal)) return 'Account';
  // AWS: "Principal ARNs with path components aren't supported."
  const m = /^arn:aws:iam::\d{12}:(role|user)\/([\w+=,.@-]+)$/.exec(principal);
  if (m) return m[1] === 'role' ? 'Role' : 'User';
  return undefined;
}

export function modifyPermissions(tx: Tx, p: PartitionTx, serviceId: string, add: readonly string[], remove: readonly string[]): { svc: VpcEndpointService; added: ServicePrincipal[] } {
  const svc = mustGet(p, 'vpcEndpointService', serviceId);
  for (const principal of [...add, ...remove]) {
    if (principalType(principal) === undefined) throw ec2Errors.invalidParameterValue(`Invalid principal: ${principal}`);
  }
  const kept = svc.allowedPrincipals.filter((x) => !remove.includes(x.principal));
  const added: ServicePrincipal[] = [];
  for (const principal of new Set(add)) {
    if (kept.some((x) => x.principal === principal)) continue;
    const sp: ServicePrincipal = { principal, principalType: principalType(principal)!, permissionId: `vpce-svc-perm-${tx.ids.hex(17)}` };
    kept.push(sp);
    added.push(sp);
  }
  return { svc: p.put<VpcEndpointService>({ ...svc, allowedPrincipals: kept }), added };
}

/** Whether an account may use the service: its owner, or a principal of the account (root, role, user), or `*`. */
export function allows(svc: VpcEndpointService, account: string): boolean {
  if (svc.ownerId === account) return true;
  return svc.allowedPrincipals.some((x) => x.principal === '*' || x.principal.startsWith(`arn:aws:iam::${account}:`));
}

/**
 * AcceptVpcEndpointConnections / RejectVpcEndpointConnections. AWS: only `pendingAcceptance` endpoints can be
 * accepted; pending or available ones can be rejected. Other IDs fail per item.
 */
export function decideConnections(tx: Tx, p: PartitionTx, serviceId: string, ids: readonly string[], decision: 'available' | 'rejected'): ItemFailure[] {
  const svc = mustGet(p, 'vpcEndpointService', serviceId);
  const access: CatalogAccess = { read: (a, r) => tx.in(a, r), global: tx.global, accountsIn: (r) => tx.accountsIn(r) };
  const conns = connectionsOf(access, svc, p.region);
  const failures: ItemFailure[] = [];
  for (const id of new Set(ids)) {
    const c = conns.find((x) => x.endpoint.id === id);
    if (!c) {
      failures.push({ id, code: 'InvalidVpcEndpointId.NotFound', message: `The VpcEndpoint Id '${id}' does not exist` });
      continue;
    }
    const ok = decision === 'available' ? c.endpoint.state === 'pendingAcceptance' : c.endpoint.state === 'pendingAcceptance' || c.endpoint.state === 'available';
    if (!ok) {
      failures.push({ id, code: 'InvalidState', message: `Endpoint ${id} is in state ${c.endpoint.state} and cannot be ${decision === 'available' ? 'accepted' : 'rejected'}.` });
      continue;
    }
    setEndpointConnectionState(tx, c.account, p.region, id, decision);
  }
  return failures;
}

/** A service as consumers see it (the catalog's shape). Zone names are resolved per viewer by the catalog. */
function asCustomService(svc: VpcEndpointService, region: string): CustomService {
  return {
    kind: 'custom', serviceName: svc.serviceName, serviceId: svc.id, region, type: 'Interface', zoneIds: svc.zoneIds,
    ...(svc.privateDnsName !== undefined ? { privateDnsName: svc.privateDnsName } : {}),
    baseEndpointDnsNames: [baseDnsNameOf(region, svc.id)], policySupported: true,
    acceptanceRequired: svc.acceptanceRequired, managesVpcEndpoints: false, supportedIpAddressTypes: [...serviceIpTypes(svc)],
    owner: svc.ownerId, tags: [], privateDnsVerified: svc.privateDnsState === 'verified', payerResponsibility: 'ServiceOwner',
  };
}

/** What a consumer needs to know of a custom service (for CreateVpcEndpoint and DescribeVpcEndpointServices). */
export interface CustomServiceRef {
  readonly ownerAccount: string;
  readonly region: string;
  readonly serviceId: string;
  readonly zoneIds: readonly string[];
  readonly acceptanceRequired: boolean;
  readonly privateDnsName?: string;
  readonly allowedPrincipals: readonly string[];
}

/** Resolve a service name through the global index; undefined when no such service exists. */
export function findCustomService(access: CatalogAccess, serviceName: string): CustomServiceRef | undefined {
  const idx = access.global.get('endpointServiceIndex', serviceName);
  if (!idx) return undefined;
  const svc = access.read(idx.ownerId, idx.region).get('vpcEndpointService', idx.serviceId);
  if (!svc) return undefined;
  return {
    ownerAccount: svc.ownerId, region: idx.region, serviceId: svc.id, zoneIds: svc.zoneIds, acceptanceRequired: svc.acceptanceRequired,
    ...(svc.privateDnsName !== undefined ? { privateDnsName: svc.privateDnsName } : {}),
    allowedPrincipals: svc.allowedPrincipals.map((x) => x.principal),
  };
}

/** Custom services an account may use in a Region: its own and those whose permissions allow it. */
export function customServicesVisibleTo(access: CatalogAccess, account: string, region: string): CustomService[] {
  const out: CustomService[] = [];
  for (const idx of access.global.list('endpointServiceIndex')) {
    if (idx.region !== region) continue;
    const svc = access.read(idx.ownerId, region).get('vpcEndpointService', idx.serviceId);
    if (svc && svc.state === 'Available' && allows(svc, account)) out.push(asCustomService(svc, region));
  }
  return out;
}

registerCustomServiceSource(customServicesVisibleTo);

/** Zone names of the service as its owner sees them. */
export function ownerZoneNames(svc: VpcEndpointService, region: string): string[] {
  const zones = zonesFor(svc.ownerId, region);
  return svc.zoneIds.map((id) => zones.find((z) => z.zoneId === id)?.zoneName ?? id).sort();
}
