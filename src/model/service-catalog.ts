/**
 * @module The endpoint service catalog a consumer sees in a Region: AWS services (gateway and interface) and the
 * custom endpoint services (PrivateLink) visible to the account, which the provider side contributes through
 * `registerCustomServiceSource`. Pure: the AWS part is static data derived from the Region's zone IDs.
 * AWS: DescribeVpcEndpointServices ("Describes available services to which you can create a VPC endpoint").
 */
import { createHash } from 'node:crypto';
import { awsPrefixListFor, type GatewayService } from './aws-prefix-lists.js';
import { regionInfo } from './regions.js';
import type { Tags } from './tags.js';
import type { ReadView } from './world.js';

export const ENDPOINT_TYPES = ['Interface', 'Gateway', 'GatewayLoadBalancer'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
export type IpAddressKind = 'ipv4' | 'ipv6';

interface ServiceBase {
  readonly serviceName: string;
  readonly serviceId: string;
  /** The service's Region. */
  readonly region: string;
  readonly type: EndpointType;
  /** Zone IDs (`use1-az1`) where the service has capacity; consumers compare their subnets' zone IDs. */
  readonly zoneIds: readonly string[];
  /** The DNS name clients use when private DNS is on; absent when the service has none. */
  readonly privateDnsName?: string;
  readonly baseEndpointDnsNames: readonly string[];
  readonly policySupported: boolean;
  readonly acceptanceRequired: boolean;
  readonly managesVpcEndpoints: boolean;
  readonly supportedIpAddressTypes: readonly IpAddressKind[];
  /** `amazon` for AWS services, the provider's account ID otherwise. */
  readonly owner: string;
  readonly tags: Tags;
}

/** A service run by AWS (S3, DynamoDB, SQS, ...). */
export interface AwsService extends ServiceBase {
  readonly kind: 'aws';
  /** The part after `com.amazonaws.<region>.`, e.g. `ecr.api`. */
  readonly shortName: string;
  /** Gateway services route to an AWS-managed prefix list. */
  readonly prefixListId?: string;
}

/** An endpoint service configuration of some account (PrivateLink), as its consumers see it. */
export interface CustomService extends ServiceBase {
  readonly kind: 'custom';
  /** Whether the private DNS name is verified (only then may consumers enable private DNS). */
  readonly privateDnsVerified: boolean;
  readonly payerResponsibility?: string;
}

export type CatalogService = AwsService | CustomService;

/** Read access to any partition, from a transaction (`tx.in`, `tx.global`) or from the World. */
export interface CatalogAccess {
  read(account: string, region: string): ReadView;
  readonly global: ReadView;
  /** Accounts with state in a region. */
  accountsIn(region: string): readonly string[];
}

/** What the provider side registers: the custom services an account may use in a Region. */
export type CustomServiceSource = (access: CatalogAccess, account: string, region: string) => readonly CustomService[];

const customSources: CustomServiceSource[] = [];

/**
 * Extension point for the provider side (endpoint services): register a function listing the custom services
 * visible to an account in a Region (its own, and those whose permissions allow it). Registering twice the same
 * function is a no-op.
 */
export function registerCustomServiceSource(source: CustomServiceSource): void {
  if (!customSources.includes(source)) customSources.push(source);
}

/** The custom (PrivateLink) services an account may use in a Region, from every registered source. */
export function customServicesVisibleTo(access: CatalogAccess, account: string, region: string): CustomService[] {
  return customSources.flatMap((s) => s(access, account, region));
}

/** AWS interface services offered in every Region, by short name. */
export const AWS_INTERFACE_SERVICES = [
  'athena', 'cloudtrail', 'ec2', 'ec2messages', 'ecr.api', 'ecr.dkr', 'elasticloadbalancing', 'execute-api', 'kms',
  'lambda', 'logs', 'monitoring', 'secretsmanager', 'sns', 'sqs', 'ssm', 'ssmmessages', 'sts',
] as const;

/**
 * Services with capacity in fewer zones than their Region (the Region's highest-numbered zone ID is missing when the
 * Region has three zones or more). AWS: "an endpoint service might not be available in every Availability Zone";
 * which ones is illustrative here, chosen so the rule can be exercised.
 */
const ZONE_LIMITED: ReadonlySet<string> = new Set(['athena', 'cloudtrail']);

function serviceIdFor(region: string, shortName: string, type: EndpointType): string {
  return `vpce-svc-${createHash('sha256').update(`${region}/${shortName}/${type}`).digest('hex').slice(0, 17)}`;
}

/** DNS label order of a short name: `ecr.api` becomes `api.ecr` (AWS: `api.ecr.us-east-1.amazonaws.com`). */
export function dnsLabelOf(shortName: string): string {
  return shortName.split('.').reverse().join('.');
}

/** AWS: the private DNS names AWS services use with interface endpoints; wildcard names for per-resource hosts. */
function awsPrivateDnsName(shortName: string, region: string): string | undefined {
  switch (shortName) {
    case 'dynamodb': return undefined;
    case 's3': return `*.s3.${region}.amazonaws.com`;
    case 'ecr.dkr': return `*.dkr.ecr.${region}.amazonaws.com`;
    case 'execute-api': return `*.execute-api.${region}.amazonaws.com`;
    default: return `${dnsLabelOf(shortName)}.${region}.amazonaws.com`;
  }
}

function zoneIdsOf(region: string): string[] {
  const info = regionInfo(region);
  if (!info) return [];
  return Array.from({ length: info.zoneCount }, (_, i) => `${info.zoneIdPrefix}-az${i + 1}`);
}

function awsService(region: string, shortName: string, type: EndpointType): AwsService {
  const all = zoneIdsOf(region);
  const zoneIds = type === 'Interface' && ZONE_LIMITED.has(shortName) && all.length >= 3 ? all.slice(0, -1) : all;
  const gateway = type === 'Gateway';
  const privateDnsName = gateway ? undefined : awsPrivateDnsName(shortName, region);
  const prefixList = gateway ? awsPrefixListFor(region, shortName) : undefined;
  const dual = shortName === 's3' || shortName === 'dynamodb';
  return {
    kind: 'aws', shortName, serviceName: `com.amazonaws.${region}.${shortName}`, serviceId: serviceIdFor(region, shortName, type),
    region, type, zoneIds,
    ...(privateDnsName !== undefined ? { privateDnsName } : {}),
    baseEndpointDnsNames: [gateway ? `${shortName}.${region}.amazonaws.com` : `${dnsLabelOf(shortName)}.${region}.vpce.amazonaws.com`],
    policySupported: true, acceptanceRequired: false, managesVpcEndpoints: false,
    supportedIpAddressTypes: dual ? ['ipv4', 'ipv6'] : ['ipv4'],
    owner: 'amazon', tags: [],
    ...(prefixList ? { prefixListId: prefixList.id } : {}),
  };
}

const awsCache = new Map<string, readonly AwsService[]>();

/** The AWS services of a Region, sorted by name then type (Gateway before Interface), as AWS lists them. */
export function awsServicesIn(region: string): readonly AwsService[] {
  const cached = awsCache.get(region);
  if (cached) return cached;
  if (!regionInfo(region)) return [];
  const list: AwsService[] = [];
  const gatewayServices: readonly GatewayService[] = ['s3', 'dynamodb'];
  for (const s of gatewayServices) list.push(awsService(region, s, 'Gateway'), awsService(region, s, 'Interface'));
  for (const s of AWS_INTERFACE_SERVICES) list.push(awsService(region, s, 'Interface'));
  list.sort((a, b) => (a.serviceName < b.serviceName ? -1 : a.serviceName > b.serviceName ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  awsCache.set(region, list);
  return list;
}

const awsByName = new Map<string, Map<string, AwsService[]>>();

function awsNamed(region: string, name: string): readonly AwsService[] {
  let m = awsByName.get(region);
  if (!m) {
    m = new Map();
    for (const s of awsServicesIn(region)) {
      const list = m.get(s.serviceName) ?? [];
      list.push(s);
      m.set(s.serviceName, list);
    }
    awsByName.set(region, m);
  }
  return m.get(name) ?? [];
}

/** Every service an account sees in a Region: AWS services, then the custom ones visible to it. */
export function listServices(access: CatalogAccess, account: string, region: string): CatalogService[] {
  return [...awsServicesIn(region), ...customServicesVisibleTo(access, account, region)];
}

/** Every entry (one per endpoint type) of a service name visible to an account in a Region; empty if none. */
export function findServices(access: CatalogAccess, account: string, region: string, serviceName: string): CatalogService[] {
  const aws = awsNamed(region, serviceName);
  if (aws.length > 0) return [...aws];
  if (!serviceName.startsWith(`com.amazonaws.vpce.${region}.`) && !serviceName.includes('vpce-svc-')) return [];
  return customServicesVisibleTo(access, account, region).filter((s) => s.serviceName === serviceName);
}

/** The entry of a service for one endpoint type, if the account can see the service and it offers that type. */
export function findService(access: CatalogAccess, account: string, region: string, serviceName: string, type: EndpointType): CatalogService | undefined {
  return findServices(access, account, region, serviceName).find((s) => s.type === type);
}
