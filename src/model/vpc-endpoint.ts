/**
 * @module VPC endpoints (consumer side): create, modify and delete gateway and interface endpoints, their routes,
 * ENIs, policies, private DNS and life cycle. The rules and their sources are in shared/spec/RULES.md (A, B, C).
 */
import { isAwsError } from '../errors/aws-error.js';
import { ec2Errors } from '../errors/ec2.js';
import { validatePolicy } from '../iam/index.js';
import { associatedIpv6Blocks } from './ipv6-pool.js';
import { dropNotificationsOf } from './connection-notification.js';
import { checkIdShape, mustGet, notFound } from './lookup.js';
import { checkGroupsForVpc, createInterface } from './network-interface.js';
import { pickIpv6Addresses } from './ipv6-addresses.js';
import { formatIp, parseIp } from '../shared/cidr.js';
import { findServices, type CatalogAccess, type CatalogService, type EndpointType } from './service-catalog.js';
import { defaultGroupOf } from './security-group.js';
import type { RouteTable, Subnet, VpcEndpoint, VpcEndpointState } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: the policy DescribeVpcEndpoints shows when none was given (full access). */
export const DEFAULT_ENDPOINT_POLICY = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/** Accepted `VpcEndpointType` values; `Resource` and `ServiceNetwork` exist in the API but are not emulated. */
const TYPES: Readonly<Record<string, EndpointType>> = { Interface: 'Interface', Gateway: 'Gateway', GatewayLoadBalancer: 'GatewayLoadBalancer' };
const IP_ADDRESS_TYPES = ['ipv4', 'dualstack', 'ipv6'] as const;
const DNS_RECORD_IP_TYPES = ['ipv4', 'dualstack', 'ipv6', 'service-defined'] as const;

/** Catalog access inside a transaction. */
export function txCatalog(tx: Tx): CatalogAccess {
  return { read: (a, r) => tx.in(a, r), global: tx.global, accountsIn: (r) => tx.accountsIn(r) };
}

/**
 * The state a client sees. AWS ("Interface endpoint lifecycle"): interface endpoints are `pending` until
 * provisioned, then `available`; gateway endpoints are available at once. `deleting` ends as `deleted`.
 */
export function endpointState(ep: VpcEndpoint, now: number, settleMs: number): VpcEndpointState {
  const settled = now >= ep.stateChangedAt + settleMs;
  switch (ep.state) {
    case 'available': return ep.endpointType === 'Gateway' || settled ? 'available' : 'pending';
    case 'deleting': return settled ? 'deleted' : 'deleting';
    default: return ep.state;
  }
}

/** Validate an endpoint policy. AWS: valid JSON, IAM grammar, at most 20,480 characters; else `InvalidPolicyDocument`. */
export function checkPolicy(doc: string): string {
  const result = validatePolicy(doc, 'endpoint');
  if (!result.ok) {
    const first = result.errors[0];
    throw ec2Errors.custom('InvalidPolicyDocument', first?.message ?? 'The Policy Document is not valid.');
  }
  return doc;
}

export interface DnsOptionsArgs {
  readonly dnsRecordIpType?: string | undefined;
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean | undefined;
  readonly privateDnsPreference?: string | undefined;
  readonly privateDnsSpecifiedDomains?: readonly string[] | undefined;
}

/** One `SubnetConfigurations` item: the address the endpoint's network interface takes in that subnet. */
export interface SubnetConfigurationArgs {
  readonly subnetId?: string | undefined;
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

export interface CreateEndpointArgs {
  readonly vpcId: string | undefined;
  readonly serviceName: string | undefined;
  readonly type?: string | undefined;
  readonly policyDocument?: string | undefined;
  readonly routeTableIds?: readonly string[] | undefined;
  readonly subnetIds?: readonly string[] | undefined;
  readonly securityGroupIds?: readonly string[] | undefined;
  readonly privateDnsEnabled?: boolean | undefined;
  readonly ipAddressType?: string | undefined;
  readonly dnsOptions?: DnsOptionsArgs | undefined;
  readonly serviceRegion?: string | undefined;
  readonly subnetConfigurations?: readonly SubnetConfigurationArgs[] | undefined;
  readonly serviceNetworkArn?: string | undefined;
  readonly resourceConfigurationArn?: string | undefined;
  readonly clientToken?: string | undefined;
  readonly tags?: Tags;
  /** `World.settings.endpointSettleMs`, to see whether an old endpoint's `deleting` has settled. */
  readonly settleMs: number;
}

function only(what: string, forTypes: string): Error {
  return ec2Errors.invalidParameter(`${what} ${forTypes}`);
}

/** AWS: "Route table IDs are only supported for Gateway type VPC Endpoint." and the other type/parameter pairs (RULES A6). */
function checkParamsForType(type: EndpointType, a: {
  routeTableIds?: readonly string[] | undefined; subnetIds?: readonly string[] | undefined; securityGroupIds?: readonly string[] | undefined;
  privateDnsEnabled?: boolean | undefined; dnsOptions?: DnsOptionsArgs | undefined;
}): void {
  if (type !== 'Gateway' && (a.routeTableIds?.length ?? 0) > 0) throw only('Route table IDs are', 'only supported for Gateway type VPC Endpoint.');
  if (type === 'Gateway' && (a.subnetIds?.length ?? 0) > 0) throw only('Subnet IDs are', 'only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  if (type !== 'Interface' && (a.securityGroupIds?.length ?? 0) > 0) throw only('Security group IDs are', 'only supported for Interface type VPC Endpoint.');
  if (type !== 'Interface' && a.privateDnsEnabled === true) throw only('Private DNS is', 'only supported for Interface type VPC Endpoint.');
  if (type !== 'Interface' && a.dnsOptions !== undefined && (a.dnsOptions.dnsRecordIpType !== undefined || a.dnsOptions.privateDnsOnlyForInboundResolverEndpoint !== undefined)) {
    throw only('DNS options are', 'only supported for Interface type VPC Endpoint.');
  }
}

/**
 * Parameters of the endpoint types vpce does not emulate (Resource, ServiceNetwork): refused on the types it does,
 * in AWS's "… only supported for … type VPC Endpoint" form, rather than dropped.
 */
function refuseOtherTypeParams(a: { serviceNetworkArn?: string | undefined; resourceConfigurationArn?: string | undefined; dnsOptions?: DnsOptionsArgs | undefined }): void {
  if (a.serviceNetworkArn !== undefined && a.serviceNetworkArn !== '') throw only('ServiceNetworkArn is', 'only supported for ServiceNetwork type VPC Endpoint.');
  if (a.resourceConfigurationArn !== undefined && a.resourceConfigurationArn !== '') throw only('ResourceConfigurationArn is', 'only supported for Resource type VPC Endpoint.');
  if (a.dnsOptions?.privateDnsPreference !== undefined) throw only('PrivateDnsPreference is', 'only supported for Resource and ServiceNetwork type VPC Endpoints.');
  if ((a.dnsOptions?.privateDnsSpecifiedDomains?.length ?? 0) > 0) throw only('PrivateDnsSpecifiedDomains are', 'only supported for Resource and ServiceNetwork type VPC Endpoints.');
}

/** An IPv6 address as interfaces store it (canonical text); anything else unchanged. */
function canonicalIpv6(text: string): string {
  const ip = parseIp(text);
  return ip && ip.family === 6 ? formatIp(6, ip.value) : text;
}

/** The addresses a subnet configuration chooses for the endpoint's interface in that subnet. */
interface ChosenAddresses { readonly ipv4?: string; readonly ipv6?: string }

/**
 * `SubnetConfigurations` as a map subnet -> chosen addresses. AWS (SubnetConfiguration): "The IPv4 address to
 * assign to the endpoint network interface in the subnet" and the IPv6 one ("if the IP address type for the
 * endpoint is dualstack or ipv6"); each subnet once, and only subnets of the endpoint.
 */
function subnetAddresses(configs: readonly SubnetConfigurationArgs[] | undefined, subnetIds: readonly string[], ipAddressType: VpcEndpoint['ipAddressType']): Map<string, ChosenAddresses> {
  const out = new Map<string, ChosenAddresses>();
  for (const c of configs ?? []) {
    if (c.subnetId === undefined || c.subnetId === '') throw ec2Errors.missingParameter('SubnetConfigurations.SubnetId');
    if (!subnetIds.includes(c.subnetId)) throw ec2Errors.invalidParameter(`The subnet configuration for ${c.subnetId} does not match any subnet of the endpoint.`);
    if (out.has(c.subnetId)) throw ec2Errors.invalidParameter(`The subnet ${c.subnetId} is specified in more than one subnet configuration.`);
    const ipv4 = c.ipv4 !== undefined && c.ipv4 !== '' ? c.ipv4 : undefined;
    const ipv6 = c.ipv6 !== undefined && c.ipv6 !== '' ? c.ipv6 : undefined;
    if (ipv6 !== undefined && ipAddressType === 'ipv4') {
      throw ec2Errors.invalidParameter(`An IPv6 address cannot be specified in the subnet configuration of ${c.subnetId} for an endpoint of IP address type ipv4.`);
    }
    if (ipv4 !== undefined && ipAddressType === 'ipv6') {
      throw ec2Errors.invalidParameter(`An IPv4 address cannot be specified in the subnet configuration of ${c.subnetId} for an endpoint of IP address type ipv6.`);
    }
    out.set(c.subnetId, { ...(ipv4 !== undefined ? { ipv4 } : {}), ...(ipv6 !== undefined ? { ipv6 } : {}) });
  }
  return out;
}

function parseType(text: string | undefined): EndpointType {
  // AWS (CreateVpcEndpoint VpcEndpointType): "Default: Gateway".
  if (text === undefined || text === '') return 'Gateway';
  const t = TYPES[text];
  if (!t) {
    if (text === 'Resource' || text === 'ServiceNetwork') throw ec2Errors.invalidParameter(`Endpoint type (${text}) is not supported by this emulator.`);
    throw ec2Errors.invalidParameterValue(`Value (${text}) for parameter VpcEndpointType is invalid. Valid values: Interface, Gateway, GatewayLoadBalancer, Resource, ServiceNetwork`);
  }
  return t;
}

function serviceNotFound(name: string): Error {
  return ec2Errors.custom('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);
}

/** The service entry of a name and type, or the error AWS gives (unknown name, or a type the service lacks). */
function resolveService(tx: Tx, p: PartitionTx, name: string, type: EndpointType): CatalogService {
  const entries = findServices(txCatalog(tx), p.account, p.region, name);
  if (entries.length === 0) throw serviceNotFound(name);
  const svc = entries.find((s) => s.type === type);
  if (!svc) {
    // AWS: "Endpoint type (Gateway) does not match available service types ([Interface])."
    throw ec2Errors.invalidParameter(`Endpoint type (${type}) does not match available service types ([${entries.map((s) => s.type).join(', ')}]).`);
  }
  return svc;
}

function dedupe(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}

/** A route table of the endpoint's VPC. AWS (gateway endpoints): "the route tables ... of the VPC". */
function endpointRouteTable(p: ReadView, vpcId: string, id: string): RouteTable {
  const rt = mustGet(p, 'routeTable', id);
  if (rt.vpcId !== vpcId) throw ec2Errors.invalidParameter(`The route table ${id} does not belong to the VPC ${vpcId} of the endpoint.`);
  return rt;
}

/**
 * Add the endpoint's route to a table. AWS ("Gateway endpoints"): "you cannot have multiple endpoints to the same
 * service in a single route table" (RouteAlreadyExists). Only the table's own routes are read.
 */
function addEndpointRoute(p: PartitionTx, rt: RouteTable, prefixListId: string, endpointId: string): void {
  for (const r of rt.routes) {
    if (r.destination.type === 'prefixList' && r.destination.prefixListId === prefixListId) {
      throw ec2Errors.custom('RouteAlreadyExists', `route table ${rt.id} already has a route with destination-prefix-list-id ${prefixListId}`);
    }
  }
  p.put({ ...rt, routes: [...rt.routes, { destination: { type: 'prefixList', prefixListId }, target: { type: 'vpcEndpoint', id: endpointId }, origin: 'CreateVpcEndpoint' as const }] });
}

function removeEndpointRoute(p: PartitionTx, routeTableId: string, endpointId: string): void {
  const rt = p.get('routeTable', routeTableId);
  if (!rt) return;
  const routes = rt.routes.filter((r) => !(r.target.type === 'vpcEndpoint' && r.target.id === endpointId));
  if (routes.length !== rt.routes.length) p.put({ ...rt, routes });
}

/** A subnet of the endpoint's VPC in a zone the service supports (compared by zone ID). */
function endpointSubnet(p: ReadView, vpcId: string, svc: CatalogService, id: string): Subnet {
  const s = mustGet(p, 'subnet', id);
  if (s.vpcId !== vpcId) throw ec2Errors.invalidParameter(`The subnet ${id} does not belong to the VPC ${vpcId} of the endpoint.`);
  // AWS: "The VPC endpoint service <name> does not support the availability zone of the subnet: subnet-…."
  if (!svc.zoneIds.includes(s.availabilityZoneId)) {
    throw ec2Errors.invalidParameter(`The VPC endpoint service ${svc.serviceName} does not support the availability zone of the subnet: ${id}.`);
  }
  return s;
}

/** AWS (interface endpoints): one subnet per Availability Zone. */
function checkOneSubnetPerZone(subnets: readonly Subnet[]): void {
  const seen = new Set<string>();
  for (const s of subnets) {
    if (seen.has(s.availabilityZoneId)) {
      throw ec2Errors.custom('DuplicateSubnetsInSameZone', `Found another VPC endpoint subnet in the availability zone of ${s.id}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`);
    }
    seen.add(s.availabilityZoneId);
  }
}

/** AWS (IpAddressType): dualstack and ipv6 endpoints give each of their network interfaces an IPv6 address. */
function makeEni(tx: Tx, p: PartitionTx, endpointId: string, subnetId: string, groupIds: readonly string[], ipAddressType: VpcEndpoint['ipAddressType'], chosen: ChosenAddresses = {}): string {
  return createInterface(tx, p, {
    subnetId, groupIds, description: `VPC Endpoint Interface ${endpointId}`, privateIp: chosen.ipv4,
    interfaceType: 'vpc_endpoint', requesterManaged: true,
    ipv6: chosen.ipv6 !== undefined ? { addresses: [chosen.ipv6] } : { count: ipAddressType === 'ipv4' ? 0 : 1 },
    // An `ipv6` endpoint's interfaces are in IPv6-only subnets (checkSubnetsForIpType): no private IPv4 address.
    ipv6OnlyAllowed: ipAddressType === 'ipv6',
  }).id;
}

/** An endpoint interface after its endpoint's IP address type changed: an IPv6 address gained or dropped. */
function retypeEni(tx: Tx, p: PartitionTx, eniId: string, ipAddressType: VpcEndpoint['ipAddressType']): void {
  const eni = p.get('networkInterface', eniId);
  if (!eni) return;
  if (ipAddressType === 'ipv4' && eni.ipv6Addresses.length > 0) p.put({ ...eni, ipv6Addresses: [] });
  if (ipAddressType !== 'ipv4' && eni.ipv6Addresses.length === 0) {
    p.put({ ...eni, ipv6Addresses: pickIpv6Addresses(p, tx.ids, mustGet(p, 'subnet', eni.subnetId), { count: 1 }) });
  }
}

/** Whether an endpoint still holds its resources (not deleting or deleted, not rejected or failed). */
function live(ep: VpcEndpoint): boolean {
  return ep.state !== 'deleting';
}

/**
 * Private DNS checks. AWS (C5): the VPC needs enableDnsSupport and enableDnsHostnames; (C7) only one endpoint per
 * private DNS domain per VPC, counting endpoints still `deleting`.
 */
function checkPrivateDns(p: ReadView, vpcId: string, svc: CatalogService, self: string | undefined, now: number, settleMs: number): string {
  const vpc = mustGet(p, 'vpc', vpcId);
  const name = svc.privateDnsName;
  if (name === undefined || (svc.kind === 'custom' && !svc.privateDnsVerified)) {
    throw ec2Errors.invalidParameter(`Private DNS can't be enabled because the service ${svc.serviceName} does not provide a private DNS name.`);
  }
  if (!vpc.enableDnsSupport || !vpc.enableDnsHostnames) {
    throw ec2Errors.invalidParameter(`Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpcId}`);
  }
  for (const other of p.childrenOf(vpcId, 'vpcEndpoint')) {
    if (other.id === self || !other.privateDnsEnabled || other.privateDnsName !== name) continue;
    if (endpointState(other, now, settleMs) === 'deleted') continue;
    const domain = name.startsWith('*.') ? name.slice(2) : name;
    throw ec2Errors.invalidParameter(`private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${domain} in the VPC ${vpcId}`);
  }
  return name;
}

/** AWS (C8): PrivateDnsOnlyForInboundResolverEndpoint needs a service with both types and a gateway endpoint for it in the VPC. */
function checkInboundResolverOnly(tx: Tx, p: PartitionTx, vpcId: string, svc: CatalogService, privateDns: boolean): void {
  const types = findServices(txCatalog(tx), p.account, p.region, svc.serviceName).map((s) => s.type);
  if (!(types.includes('Gateway') && types.includes('Interface'))) {
    throw ec2Errors.invalidParameter(`PrivateDnsOnlyForInboundResolverEndpoint is only supported for services that support both gateway and interface endpoints; ${svc.serviceName} does not.`);
  }
  if (!privateDns) throw ec2Errors.invalidParameter('PrivateDnsOnlyForInboundResolverEndpoint can only be set when private DNS is enabled.');
  for (const e of p.childrenOf(vpcId, 'vpcEndpoint')) {
    if (e.endpointType === 'Gateway' && e.serviceName === svc.serviceName && live(e)) return;
  }
  throw ec2Errors.invalidParameter(`To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpcId} must have a Gateway endpoint for the service.`);
}

function parseIpAddressType(text: string | undefined, svc: CatalogService): VpcEndpoint['ipAddressType'] {
  if (text === undefined || text === '') return 'ipv4';
  const t = IP_ADDRESS_TYPES.find((x) => x === text);
  if (!t) throw ec2Errors.invalidParameterValue(`Value (${text}) for parameter ipAddressType is invalid. Valid values: ipv4 | dualstack | ipv6.`);
  if (t !== 'ipv4' && !svc.supportedIpAddressTypes.includes('ipv6')) {
    throw ec2Errors.invalidParameter(`The VPC endpoint service ${svc.serviceName} does not support the IP address type ${t}.`);
  }
  return t;
}

function parseDnsRecordIpType(text: string | undefined, ipAddressType: VpcEndpoint['ipAddressType']): string {
  if (text === undefined || text === '') return ipAddressType;
  if (!DNS_RECORD_IP_TYPES.some((x) => x === text)) {
    throw ec2Errors.invalidParameterValue(`Value (${text}) for parameter dnsRecordIpType is invalid. Valid values: ipv4 | dualstack | ipv6 | service-defined.`);
  }
  if (text !== 'service-defined' && text !== ipAddressType && ipAddressType !== 'dualstack') {
    throw ec2Errors.invalidParameter(`DNS record IP type ${text} is not compatible with the endpoint's IP address type ${ipAddressType}.`);
  }
  return text;
}

/**
 * IPv6 endpoints need subnets with IPv6 blocks. AWS (IpAddressType): `ipv4` and `dualstack` need IPv4 blocks
 * too; `ipv6` "is supported only if all selected subnets are IPv6 only subnets".
 */
function checkSubnetsForIpType(subnets: readonly Subnet[], ipAddressType: VpcEndpoint['ipAddressType']): void {
  for (const s of subnets) {
    if (ipAddressType !== 'ipv6' && s.ipv6Native === true) {
      throw ec2Errors.invalidParameter(`The subnet ${s.id} is an IPv6-only subnet; it cannot be used for an endpoint of IP address type ${ipAddressType}.`);
    }
    if (ipAddressType === 'ipv6' && s.ipv6Native !== true) {
      throw ec2Errors.invalidParameter(`The subnet ${s.id} is not an IPv6-only subnet; an endpoint of IP address type ipv6 needs IPv6-only subnets.`);
    }
  }
  if (ipAddressType === 'ipv4') return;
  for (const s of subnets) {
    if (associatedIpv6Blocks(s).length === 0) {
      throw ec2Errors.invalidParameter(`The subnet ${s.id} has no IPv6 CIDR block; it cannot be used for an endpoint of IP address type ${ipAddressType}.`);
    }
  }
}

/** AWS: private DNS is on by default for AWS services that have a private DNS name, except S3 (opt-in, PrivateLink for S3). */
function defaultPrivateDns(svc: CatalogService): boolean {
  if (svc.kind === 'custom') return false;
  return svc.privateDnsName !== undefined && svc.shortName !== 's3';
}

/** Drop endpoints of the VPC whose deletion has settled (they only linger while `deleting`). */
function purgeDeleted(p: PartitionTx, vpcId: string, now: number, settleMs: number): void {
  for (const e of [...p.childrenOf(vpcId, 'vpcEndpoint')]) if (endpointState(e, now, settleMs) === 'deleted') p.remove(e.id);
}

/** CreateVpcEndpoint: validate everything, then make the record, its routes or ENIs. */
export function createVpcEndpoint(tx: Tx, p: PartitionTx, args: CreateEndpointArgs): VpcEndpoint {
  const type = parseType(args.type);
  if (args.vpcId === undefined || args.vpcId === '') throw ec2Errors.missingParameter('VpcId');
  const vpc = mustGet(p, 'vpc', args.vpcId);
  if (args.serviceName === undefined || args.serviceName === '') throw ec2Errors.missingParameter('ServiceName');
  // AWS: "Endpoints are supported within the same Region only" (gateway); cross-Region interface endpoints are not emulated.
  if (args.serviceRegion !== undefined && args.serviceRegion !== '' && args.serviceRegion !== p.region) {
    throw ec2Errors.invalidParameter(`The Vpc Endpoint Service '${args.serviceName}' is not available from Region ${p.region} in Region ${args.serviceRegion}.`);
  }
  const svc = resolveService(tx, p, args.serviceName, type);
  checkParamsForType(type, args);
  refuseOtherTypeParams(args);
  if (type === 'Gateway' && (args.subnetConfigurations?.length ?? 0) > 0) throw only('Subnet configurations are', 'only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  let policyDocument: string | undefined;
  if (args.policyDocument !== undefined) {
    if (!svc.policySupported) throw ec2Errors.invalidParameter(`The VPC endpoint service ${svc.serviceName} does not support policies.`);
    policyDocument = checkPolicy(args.policyDocument);
  } else if (svc.policySupported) {
    policyDocument = DEFAULT_ENDPOINT_POLICY;
  }
  const now = tx.clock.now();
  const id = tx.ids.next('vpcEndpoint');
  // A gateway endpoint is a route in route tables, with no addresses of its own to make dualstack: only ipv4.
  if (type === 'Gateway' && args.ipAddressType !== undefined && args.ipAddressType !== '' && args.ipAddressType !== 'ipv4') {
    throw only(`IP address type ${args.ipAddressType} is`, 'only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  }
  const ipAddressType = type === 'Gateway' ? 'ipv4' : parseIpAddressType(args.ipAddressType, svc);
  let routeTableIds: string[] = [];
  let subnetIds: string[] = [];
  let networkInterfaceIds: string[] = [];
  let groupIds: string[] = [];
  let privateDnsEnabled = false;
  let privateDnsName: string | undefined;
  let dnsOptions: VpcEndpoint['dnsOptions'] = { dnsRecordIpType: ipAddressType };
  if (type === 'Gateway') {
    routeTableIds = dedupe(args.routeTableIds);
    const tables = routeTableIds.map((rt) => endpointRouteTable(p, vpc.id, rt));
    const plId = svc.kind === 'aws' ? svc.prefixListId : undefined;
    if (plId === undefined) throw serviceNotFound(svc.serviceName);
    for (const rt of tables) addEndpointRoute(p, rt, plId, id);
  } else {
    subnetIds = dedupe(args.subnetIds);
    // Without SubnetIds, the subnets the configurations name are the endpoint's.
    if (subnetIds.length === 0) subnetIds = dedupe((args.subnetConfigurations ?? []).flatMap((c) => (c.subnetId ? [c.subnetId] : [])));
    const subnets = subnetIds.map((s) => endpointSubnet(p, vpc.id, svc, s));
    const addresses = subnetAddresses(args.subnetConfigurations, subnetIds, ipAddressType);
    checkOneSubnetPerZone(subnets);
    checkSubnetsForIpType(subnets, ipAddressType);
    if (type === 'Interface') {
      groupIds = dedupe(args.securityGroupIds);
      // AWS (SecurityGroupIds): "If this parameter is not specified, we use the default security group for the VPC."
      if (groupIds.length === 0) groupIds = [defaultGroupOf(p, vpc.id)!.id];
      checkGroupsForVpc(p, vpc.id, groupIds);
      privateDnsEnabled = args.privateDnsEnabled ?? defaultPrivateDns(svc);
      purgeDeleted(p, vpc.id, now, args.settleMs);
      if (privateDnsEnabled) privateDnsName = checkPrivateDns(p, vpc.id, svc, undefined, now, args.settleMs);
      const dnsRecordIpType = parseDnsRecordIpType(args.dnsOptions?.dnsRecordIpType, ipAddressType);
      const inbound = args.dnsOptions?.privateDnsOnlyForInboundResolverEndpoint;
      if (inbound === true) checkInboundResolverOnly(tx, p, vpc.id, svc, privateDnsEnabled);
      dnsOptions = { dnsRecordIpType, ...(inbound !== undefined ? { privateDnsOnlyForInboundResolverEndpoint: inbound } : {}) };
    }
    networkInterfaceIds = subnetIds.map((s) => makeEni(tx, p, id, s, groupIds, ipAddressType, addresses.get(s)));
  }
  return p.put<VpcEndpoint>({
    kind: 'vpcEndpoint', id, ownerId: p.account, tags: args.tags ?? [],
    endpointType: type, vpcId: vpc.id, serviceName: svc.serviceName, serviceId: svc.serviceId, serviceOwner: svc.owner,
    serviceRegion: svc.region,
    // AWS: AWS services accept automatically; a custom service may require the provider's acceptance.
    state: svc.acceptanceRequired ? 'pendingAcceptance' : 'available', stateChangedAt: now,
    routeTableIds, subnetIds, networkInterfaceIds, groupIds,
    ...(policyDocument !== undefined ? { policyDocument } : {}),
    privateDnsEnabled, ...(privateDnsName !== undefined ? { privateDnsName } : {}),
    dnsOptions, ipAddressType,
    ...(svc.kind === 'aws' && svc.prefixListId !== undefined && type === 'Gateway' ? { prefixListId: svc.prefixListId } : {}),
    dnsSuffix: tx.ids.hex(8), createdAt: now,
    ...(args.clientToken !== undefined && args.clientToken !== '' ? { clientToken: args.clientToken } : {}),
  });
}

export interface ModifyEndpointArgs {
  readonly resetPolicy?: boolean | undefined;
  readonly policyDocument?: string | undefined;
  readonly addRouteTableIds?: readonly string[] | undefined;
  readonly removeRouteTableIds?: readonly string[] | undefined;
  readonly addSubnetIds?: readonly string[] | undefined;
  readonly removeSubnetIds?: readonly string[] | undefined;
  readonly addSecurityGroupIds?: readonly string[] | undefined;
  readonly removeSecurityGroupIds?: readonly string[] | undefined;
  readonly privateDnsEnabled?: boolean | undefined;
  readonly ipAddressType?: string | undefined;
  readonly dnsOptions?: DnsOptionsArgs | undefined;
  readonly subnetConfigurations?: readonly SubnetConfigurationArgs[] | undefined;
  readonly settleMs: number;
}

/** An endpoint of the caller by ID, hiding those whose deletion has settled. */
export function getEndpoint(p: ReadView, id: string, now: number, settleMs: number): VpcEndpoint {
  const ep = mustGet(p, 'vpcEndpoint', id);
  if (endpointState(ep, now, settleMs) === 'deleted') throw notFound('vpcEndpoint', id);
  return ep;
}

/** ModifyVpcEndpoint. AWS: the VPC and the service cannot change; each change keeps the type's parameter rules. */
export function modifyVpcEndpoint(tx: Tx, p: PartitionTx, id: string, args: ModifyEndpointArgs): VpcEndpoint {
  const now = tx.clock.now();
  const ep = getEndpoint(p, id, now, args.settleMs);
  const state = endpointState(ep, now, args.settleMs);
  if (state === 'deleting' || state === 'failed' || state === 'rejected') {
    throw ec2Errors.custom('IncorrectState', `The VPC endpoint ${id} is in state ${state} and cannot be modified.`);
  }
  const type = ep.endpointType;
  if (type !== 'Gateway' && ((args.addRouteTableIds?.length ?? 0) > 0 || (args.removeRouteTableIds?.length ?? 0) > 0)) {
    throw only('Route table IDs are', 'only supported for Gateway type VPC Endpoint.');
  }
  if (type === 'Gateway' && ((args.addSubnetIds?.length ?? 0) > 0 || (args.removeSubnetIds?.length ?? 0) > 0)) {
    throw only('Subnet IDs are', 'only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  }
  const sgChange = (args.addSecurityGroupIds?.length ?? 0) > 0 || (args.removeSecurityGroupIds?.length ?? 0) > 0;
  checkParamsForType(type, { securityGroupIds: sgChange ? ['x'] : [], privateDnsEnabled: args.privateDnsEnabled, dnsOptions: args.dnsOptions });
  refuseOtherTypeParams({ dnsOptions: args.dnsOptions });
  if (type === 'Gateway' && (args.subnetConfigurations?.length ?? 0) > 0) throw only('Subnet configurations are', 'only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  if (type === 'Gateway' && args.ipAddressType !== undefined && args.ipAddressType !== '' && args.ipAddressType !== 'ipv4') {
    throw only(`IP address type ${args.ipAddressType} is`, 'only supported for Interface and GatewayLoadBalancer type VPC Endpoints.');
  }
  const svc = resolveService(tx, p, ep.serviceName, type);
  let next: VpcEndpoint = ep;
  // Policy. AWS (ModifyVpcEndpoint ResetPolicy): "Specify true to reset the policy document to the default policy."
  if (args.resetPolicy === true && args.policyDocument !== undefined) {
    throw ec2Errors.invalidParameterCombination('ResetPolicy and PolicyDocument cannot be specified together.');
  }
  if (args.policyDocument !== undefined) {
    if (!svc.policySupported) throw ec2Errors.invalidParameter(`The VPC endpoint service ${svc.serviceName} does not support policies.`);
    next = { ...next, policyDocument: checkPolicy(args.policyDocument) };
  } else if (args.resetPolicy === true && svc.policySupported) {
    next = { ...next, policyDocument: DEFAULT_ENDPOINT_POLICY };
  }
  if (type === 'Gateway') {
    const remove = new Set(dedupe(args.removeRouteTableIds));
    for (const rtId of remove) endpointRouteTable(p, ep.vpcId, rtId);
    const add = dedupe(args.addRouteTableIds).filter((rtId) => !ep.routeTableIds.includes(rtId) || remove.has(rtId));
    const tables = add.map((rtId) => endpointRouteTable(p, ep.vpcId, rtId));
    for (const rtId of remove) if (ep.routeTableIds.includes(rtId)) removeEndpointRoute(p, rtId, ep.id);
    for (const rt of tables) addEndpointRoute(p, p.get('routeTable', rt.id)!, ep.prefixListId!, ep.id);
    const kept = ep.routeTableIds.filter((rtId) => !remove.has(rtId));
    next = { ...next, routeTableIds: [...kept, ...add.filter((x) => !kept.includes(x))] };
  } else {
    // Security groups first, so that new ENIs get the new set.
    let groupIds = [...ep.groupIds];
    if (sgChange) {
      const removeGroups = new Set(dedupe(args.removeSecurityGroupIds));
      groupIds = [...groupIds.filter((g) => !removeGroups.has(g)), ...dedupe(args.addSecurityGroupIds).filter((g) => !groupIds.includes(g))];
      // AWS: an interface endpoint keeps at least one security group.
      if (groupIds.length === 0) throw ec2Errors.invalidParameter(`The VPC endpoint ${ep.id} must have at least one security group.`);
      checkGroupsForVpc(p, ep.vpcId, groupIds);
    }
    const removeSubnets = new Set(dedupe(args.removeSubnetIds));
    for (const s of removeSubnets) mustGet(p, 'subnet', s);
    const keptSubnets = ep.subnetIds.filter((s) => !removeSubnets.has(s));
    const addSubnets = dedupe(args.addSubnetIds).filter((s) => !keptSubnets.includes(s));
    // Configurations set the addresses of the added subnets' interfaces; a kept subnet's interface keeps its own
    // (naming it again with the same address, as Terraform does, is accepted).
    const addresses = subnetAddresses(args.subnetConfigurations, [...keptSubnets, ...addSubnets], args.ipAddressType !== undefined ? parseIpAddressType(args.ipAddressType, svc) : ep.ipAddressType);
    for (const s of keptSubnets) {
      const want = addresses.get(s);
      const eni = ep.networkInterfaceIds.map((n) => p.get('networkInterface', n)).find((n) => n?.subnetId === s);
      if (want?.ipv4 !== undefined && eni && eni.privateIp !== want.ipv4) {
        throw ec2Errors.invalidParameter(`The endpoint network interface in subnet ${s} has the address ${eni.privateIp}; to use ${want.ipv4}, remove the subnet and add it again.`);
      }
      if (want?.ipv6 !== undefined && eni && !eni.ipv6Addresses.includes(canonicalIpv6(want.ipv6))) {
        throw ec2Errors.invalidParameter(`The endpoint network interface in subnet ${s} does not have the IPv6 address ${want.ipv6}; to use it, remove the subnet and add it again.`);
      }
    }
    const subnets = [...keptSubnets.map((s) => mustGet(p, 'subnet', s)), ...addSubnets.map((s) => endpointSubnet(p, ep.vpcId, svc, s))];
    checkOneSubnetPerZone(subnets);
    let ipAddressType = ep.ipAddressType;
    if (args.ipAddressType !== undefined) ipAddressType = parseIpAddressType(args.ipAddressType, svc);
    checkSubnetsForIpType(subnets, ipAddressType);
    let privateDnsEnabled = ep.privateDnsEnabled;
    let privateDnsName = ep.privateDnsName;
    if (args.privateDnsEnabled !== undefined && args.privateDnsEnabled !== ep.privateDnsEnabled) {
      privateDnsEnabled = args.privateDnsEnabled;
      privateDnsName = privateDnsEnabled ? checkPrivateDns(p, ep.vpcId, svc, ep.id, now, args.settleMs) : undefined;
    }
    const dnsRecordIpType = args.dnsOptions?.dnsRecordIpType !== undefined || args.ipAddressType !== undefined
      ? parseDnsRecordIpType(args.dnsOptions?.dnsRecordIpType, ipAddressType)
      : ep.dnsOptions.dnsRecordIpType;
    const inbound = args.dnsOptions?.privateDnsOnlyForInboundResolverEndpoint ?? ep.dnsOptions.privateDnsOnlyForInboundResolverEndpoint;
    if (inbound === true && args.dnsOptions?.privateDnsOnlyForInboundResolverEndpoint === true) checkInboundResolverOnly(tx, p, ep.vpcId, svc, privateDnsEnabled);
    if (inbound === true && !privateDnsEnabled) throw ec2Errors.invalidParameter('PrivateDnsOnlyForInboundResolverEndpoint can only be set when private DNS is enabled.');
    // ENIs: drop those of removed subnets, make those of added ones, re-group the rest.
    const eniBySubnet = new Map<string, string>();
    for (const eniId of ep.networkInterfaceIds) {
      const eni = p.get('networkInterface', eniId);
      if (eni) eniBySubnet.set(eni.subnetId, eniId);
    }
    for (const s of removeSubnets) {
      const eniId = eniBySubnet.get(s);
      if (eniId !== undefined) { p.remove(eniId); eniBySubnet.delete(s); }
    }
    if (sgChange) {
      for (const eniId of eniBySubnet.values()) {
        const eni = p.get('networkInterface', eniId);
        if (eni) p.put({ ...eni, groupIds });
      }
    }
    if (ipAddressType !== ep.ipAddressType) for (const eniId of eniBySubnet.values()) retypeEni(tx, p, eniId, ipAddressType);
    for (const s of addSubnets) eniBySubnet.set(s, makeEni(tx, p, ep.id, s, groupIds, ipAddressType, addresses.get(s)));
    const subnetIds = subnets.map((s) => s.id);
    next = {
      ...next, subnetIds, groupIds, networkInterfaceIds: subnetIds.map((s) => eniBySubnet.get(s)!),
      privateDnsEnabled, ipAddressType,
      dnsOptions: { dnsRecordIpType, ...(inbound !== undefined ? { privateDnsOnlyForInboundResolverEndpoint: inbound } : {}) },
    };
    const { privateDnsName: _old, ...rest } = next;
    next = privateDnsName !== undefined ? { ...rest, privateDnsName } : rest;
  }
  return next === ep ? ep : p.put(next);
}

/** Release what an endpoint holds: its routes (gateway) or ENIs (interface). */
function releaseEndpoint(p: PartitionTx, ep: VpcEndpoint): void {
  for (const rtId of ep.routeTableIds) removeEndpointRoute(p, rtId, ep.id);
  for (const eniId of ep.networkInterfaceIds) p.remove(eniId);
}

export interface DeleteFailure { readonly id: string; readonly code: string; readonly message: string }

/**
 * DeleteVpcEndpoints. AWS: "Deleting a gateway endpoint also deletes the endpoint routes in the route tables ...
 * Deleting an interface endpoint also deletes the endpoint network interfaces." Unknown IDs are reported per item.
 * With a settle delay the endpoint reads as `deleting` (then `deleted`) for that long; without, it is gone at once.
 */
export function deleteVpcEndpoints(tx: Tx, p: PartitionTx, ids: readonly string[], settleMs: number): DeleteFailure[] {
  const failures: DeleteFailure[] = [];
  const now = tx.clock.now();
  for (const id of new Set(ids)) {
    let ep: VpcEndpoint;
    try {
      checkIdShape('vpcEndpoint', id);
      ep = getEndpoint(p, id, now, settleMs);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      failures.push({ id, code: e.code, message: e.message });
      continue;
    }
    if (ep.state === 'deleting') continue;
    releaseEndpoint(p, ep);
    dropNotificationsOf(p, ep.id);
    if (settleMs <= 0) p.remove(ep.id);
    else p.put<VpcEndpoint>({ ...ep, state: 'deleting', stateChangedAt: now, routeTableIds: [], networkInterfaceIds: [] });
  }
  return failures;
}

/**
 * For the provider side: accept or reject a consumer's endpoint. AWS ("Interface endpoint lifecycle"): an accepted
 * endpoint goes `pendingAcceptance` → `pending` → `available`; the provider may reject a pending or available one.
 * Returns the updated endpoint, or undefined when it does not exist (or is being deleted).
 */
export function setEndpointConnectionState(tx: Tx, endpointAccount: string, region: string, vpceId: string, state: 'available' | 'rejected'): VpcEndpoint | undefined {
  const p = tx.in(endpointAccount, region);
  const ep = p.get('vpcEndpoint', vpceId);
  if (!ep || ep.state === 'deleting') return undefined;
  if (ep.state === state) return ep;
  return p.put<VpcEndpoint>({ ...ep, state, stateChangedAt: tx.clock.now() });
}

/** The zones of an interface endpoint's subnets, in subnet order. */
export function endpointZones(p: ReadView, ep: VpcEndpoint): { zoneName: string; zoneId: string }[] {
  return ep.subnetIds.flatMap((s) => {
    const subnet = p.get('subnet', s);
    return subnet ? [{ zoneName: subnet.availabilityZone, zoneId: subnet.availabilityZoneId }] : [];
  });
}
