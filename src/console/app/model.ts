/** @module The console's view of EC2 resources, read from the API's XML answers. */
import { items, tags, text, texts } from './api.js';

export interface Endpoint {
  readonly id: string;
  readonly type: string;
  readonly vpcId: string;
  readonly serviceName: string;
  readonly state: string;
  readonly created: string;
  readonly policy: string;
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  readonly eniIds: readonly string[];
  readonly dnsNames: readonly { readonly name: string; readonly zone: string }[];
  readonly privateDns: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export function endpointFrom(el: Element): Endpoint {
  return {
    id: text(el, 'vpcEndpointId'),
    type: text(el, 'vpcEndpointType'),
    vpcId: text(el, 'vpcId'),
    serviceName: text(el, 'serviceName'),
    state: text(el, 'state'),
    created: text(el, 'creationTimestamp'),
    policy: text(el, 'policyDocument'),
    routeTableIds: texts(el, 'routeTableIdSet'),
    subnetIds: texts(el, 'subnetIdSet'),
    groups: items(el, 'groupSet').map((g) => ({ id: text(g, 'groupId'), name: text(g, 'groupName') })),
    eniIds: texts(el, 'networkInterfaceIdSet'),
    dnsNames: items(el, 'dnsEntrySet').map((d) => ({ name: text(d, 'dnsName'), zone: text(d, 'hostedZoneId') })),
    privateDns: text(el, 'privateDnsEnabled') === 'true',
    tags: tags(el),
  };
}

export interface Route {
  readonly destination: string;
  readonly target: string;
  readonly origin: string;
  readonly state: string;
}

export interface RouteTable {
  readonly id: string;
  readonly vpcId: string;
  readonly main: boolean;
  readonly subnetIds: readonly string[];
  readonly routes: readonly Route[];
  readonly tags: Readonly<Record<string, string>>;
}

const TARGETS = ['gatewayId', 'natGatewayId', 'instanceId', 'networkInterfaceId', 'vpcPeeringConnectionId', 'transitGatewayId', 'egressOnlyInternetGatewayId', 'carrierGatewayId', 'localGatewayId', 'coreNetworkArn'];

export function routeTableFrom(el: Element): RouteTable {
  const assoc = items(el, 'associationSet');
  return {
    id: text(el, 'routeTableId'),
    vpcId: text(el, 'vpcId'),
    main: assoc.some((a) => text(a, 'main') === 'true'),
    subnetIds: assoc.map((a) => text(a, 'subnetId')).filter((s) => s !== ''),
    routes: items(el, 'routeSet').map((r) => ({
      destination: text(r, 'destinationCidrBlock') || text(r, 'destinationIpv6CidrBlock') || text(r, 'destinationPrefixListId'),
      target: TARGETS.map((t) => text(r, t)).find((v) => v !== '') ?? '',
      origin: text(r, 'origin'),
      state: text(r, 'state'),
    })),
    tags: tags(el),
  };
}

/** An endpoint route: AWS adds and removes it with the gateway endpoint, and it cannot be edited by hand. */
export function managedBy(route: Route): string | undefined {
  return route.origin === 'CreateVpcEndpoint' || route.target.startsWith('vpce-') ? route.target : undefined;
}

export interface Vpc { readonly id: string; readonly cidr: string; readonly isDefault: boolean; readonly name: string }

export function vpcFrom(el: Element): Vpc {
  return { id: text(el, 'vpcId'), cidr: text(el, 'cidrBlock'), isDefault: text(el, 'isDefault') === 'true', name: tags(el)['Name'] ?? '' };
}

export interface Subnet { readonly id: string; readonly vpcId: string; readonly az: string; readonly cidr: string; readonly free: string; readonly name: string }

export function subnetFrom(el: Element): Subnet {
  return {
    id: text(el, 'subnetId'), vpcId: text(el, 'vpcId'), az: text(el, 'availabilityZone'), cidr: text(el, 'cidrBlock'),
    free: text(el, 'availableIpAddressCount'), name: tags(el)['Name'] ?? '',
  };
}

export interface SecurityGroup { readonly id: string; readonly name: string; readonly description: string; readonly vpcId: string }

export function securityGroupFrom(el: Element): SecurityGroup {
  return { id: text(el, 'groupId'), name: text(el, 'groupName'), description: text(el, 'groupDescription'), vpcId: text(el, 'vpcId') };
}

export interface EndpointService {
  readonly name: string;
  readonly type: string;
  readonly owner: string;
  readonly azs: readonly string[];
  readonly privateDnsName: string;
  readonly acceptanceRequired: boolean;
}

export function endpointServiceFrom(el: Element): EndpointService {
  return {
    name: text(el, 'serviceName'),
    type: items(el, 'serviceType').map((t) => text(t, 'serviceType')).join(', '),
    owner: text(el, 'owner'),
    azs: texts(el, 'availabilityZoneSet'),
    privateDnsName: text(el, 'privateDnsName'),
    acceptanceRequired: text(el, 'acceptanceRequired') === 'true',
  };
}

/** A resource's label: its id, and its Name tag when it has one. */
export function label(id: string, name: string | undefined): string {
  return name !== undefined && name !== '' ? `${id} (${name})` : id;
}
