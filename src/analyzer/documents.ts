/**
 * @module Which AWS CLI command printed a JSON document, told by its top-level key (`Vpcs`, `RouteTables`, ...),
 * not by its file name: Batfish names files after the key (`Vpcs.json`), a shell loop after the command
 * (`describe-vpcs.json`), and either must import.
 */
import { obj, objs, type Json } from './wire.js';

/** A file's parsed JSON and where it was found. */
export interface SourceDocument {
  /** The path as given (for findings). */
  readonly file: string;
  /** The Region its folder names (Batfish's layout: one folder per Region), if any. */
  readonly region?: string;
  /** The bucket its folder or name names (`s3/<bucket>/get-bucket-policy.json`), for S3 outputs that do not say. */
  readonly bucket?: string;
  /** A managed prefix list id its name holds (`get-managed-prefix-list-entries.pl-0abc.json`). */
  readonly prefixListId?: string;
  /** An endpoint service id its name holds (`describe-vpc-endpoint-service-permissions.vpce-svc-0abc.json`). */
  readonly serviceId?: string;
  readonly body: unknown;
}

/** The outputs vpce imports, by the command that prints them. */
export type ImportedCommand =
  | 'describe-vpcs' | 'describe-subnets' | 'describe-route-tables' | 'describe-security-groups' | 'describe-security-group-rules'
  | 'describe-network-acls' | 'describe-network-interfaces' | 'describe-instances' | 'describe-internet-gateways'
  | 'describe-egress-only-internet-gateways' | 'describe-nat-gateways' | 'describe-vpn-gateways'
  | 'describe-vpc-peering-connections' | 'describe-vpc-endpoints' | 'describe-vpc-endpoint-service-configurations' | 'describe-vpc-endpoint-service-permissions'
  | 'describe-managed-prefix-lists' | 'get-managed-prefix-list-entries' | 'describe-prefix-lists' | 'describe-dhcp-options'
  | 'describe-addresses' | 'describe-volumes'
  | 'elbv2 describe-load-balancers' | 'elbv2 describe-target-groups' | 'elbv2 describe-listeners' | 'elbv2 describe-target-health'
  | 's3api get-bucket-policy' | 's3api get-bucket-location' | 'iam get-account-authorization-details';

/** The top-level key of each output vpce imports (`PrefixLists` is told apart by its items). */
const BY_KEY: Readonly<Record<string, ImportedCommand>> = {
  Vpcs: 'describe-vpcs',
  Subnets: 'describe-subnets',
  RouteTables: 'describe-route-tables',
  SecurityGroups: 'describe-security-groups',
  SecurityGroupRules: 'describe-security-group-rules',
  NetworkAcls: 'describe-network-acls',
  NetworkInterfaces: 'describe-network-interfaces',
  Reservations: 'describe-instances',
  InternetGateways: 'describe-internet-gateways',
  EgressOnlyInternetGateways: 'describe-egress-only-internet-gateways',
  NatGateways: 'describe-nat-gateways',
  VpnGateways: 'describe-vpn-gateways',
  VpcPeeringConnections: 'describe-vpc-peering-connections',
  VpcEndpoints: 'describe-vpc-endpoints',
  ServiceConfigurations: 'describe-vpc-endpoint-service-configurations',
  AllowedPrincipals: 'describe-vpc-endpoint-service-permissions',
  Entries: 'get-managed-prefix-list-entries',
  DhcpOptions: 'describe-dhcp-options',
  // describe-vpc-attribute (`{VpcId, EnableDnsSupport: {Value}}`): read with the VPCs.
  EnableDnsSupport: 'describe-vpcs',
  EnableDnsHostnames: 'describe-vpcs',
  EnableNetworkAddressUsageMetrics: 'describe-vpcs',
  Addresses: 'describe-addresses',
  Volumes: 'describe-volumes',
  LoadBalancers: 'elbv2 describe-load-balancers',
  TargetGroups: 'elbv2 describe-target-groups',
  Listeners: 'elbv2 describe-listeners',
  // Batfish's form: one entry per load balancer / target group, naming it (the CLI's own output does not).
  LoadBalancerListeners: 'elbv2 describe-listeners',
  LoadBalancerTargetHealth: 'elbv2 describe-target-health',
  TargetHealthDescriptions: 'elbv2 describe-target-health',
  Policy: 's3api get-bucket-policy',
  LocationConstraint: 's3api get-bucket-location',
  UserDetailList: 'iam get-account-authorization-details',
  RoleDetailList: 'iam get-account-authorization-details',
  Policies: 'iam get-account-authorization-details',
};

/** Outputs recognised but not imported: reported as notes, with why. */
const NOT_IMPORTED: Readonly<Record<string, string>> = {
  AvailabilityZones: 'zones come from the Region',
  ServiceNames: 'the endpoint service catalog is vpce\'s own',
  ServiceDetails: 'the endpoint service catalog is vpce\'s own',
  CustomerGateways: 'customer gateways are not modelled',
  VpnConnections: 'VPN connections are not modelled (routes propagated from a VPN gateway are kept)',
  Tags: 'tags are read from each resource',
  ClassicLinkInstances: 'EC2-Classic is not modelled',
  Instances: 'EC2-Classic ClassicLink instances are not modelled (describe-instances prints Reservations)',
  Hosts: 'dedicated hosts are not modelled',
  InstanceStatuses: 'instance state is read from describe-instances',
  MovingAddressStatuses: 'EC2-Classic is not modelled',
  PlacementGroups: 'placement groups are not modelled',
  DBInstances: 'RDS is not modelled',
  DomainStatusList: 'OpenSearch is not modelled',
  LoadBalancerAttributes: 'load balancer attributes keep their defaults',
  LoadBalancerDescriptions: 'Classic Load Balancers are not modelled',
  TransitGateways: 'transit gateways are not modelled',
  TransitGatewayAttachments: 'transit gateways are not modelled',
  FlowLogs: 'flow logs are not imported',
};

export type Classified =
  | { readonly kind: 'imported'; readonly command: ImportedCommand; readonly body: Json }
  | { readonly kind: 'known'; readonly key: string; readonly why: string }
  | { readonly kind: 'unknown'; readonly keys: readonly string[] };

/** What printed this document. */
export function classify(body: unknown): Classified {
  const o = obj(body);
  if (!o) return { kind: 'unknown', keys: [] };
  const keys = Object.keys(o).filter((k) => k !== 'NextToken' && k !== 'ResponseMetadata' && k !== 'IsTruncated' && k !== 'Marker' && k !== 'NextMarker');
  if (keys.includes('PrefixLists')) {
    // describe-prefix-lists items carry `Cidrs`; describe-managed-prefix-lists items `AddressFamily`, `MaxEntries`.
    const items = objs(o['PrefixLists']);
    const managed = items.some((i) => 'MaxEntries' in i || 'AddressFamily' in i || 'OwnerId' in i);
    return { kind: 'imported', command: managed ? 'describe-managed-prefix-lists' : 'describe-prefix-lists', body: o };
  }
  for (const k of keys) {
    const c = BY_KEY[k];
    if (c) return { kind: 'imported', command: c, body: o };
  }
  for (const k of keys) {
    const why = NOT_IMPORTED[k];
    if (why) return { kind: 'known', key: k, why };
  }
  return { kind: 'unknown', keys };
}
