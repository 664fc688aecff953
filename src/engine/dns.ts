/** @module The VPC resolver (Route 53 Resolver at VPC+2) as a pure function: a hostname, asked from a source VPC, to the addresses it answers and the record that decided it. */
import { createHash } from 'node:crypto';
import { cidrHas, formatCidr, formatIp, parseCidr, parseIp, type Cidr } from '../shared/cidr.js';
import { awsPrefixListFor, awsPrefixListCidrs } from '../model/aws-prefix-lists.js';
import { dnsLabelOf } from '../model/service-catalog.js';
import { AMAZON_PROVIDED_DNS } from '../model/dhcp-options.js';
import { REGIONS } from '../model/regions.js';
import type { VpcEndpoint } from '../model/resources.js';
import type { CompiledPartition, NetworkView } from './network-view.js';

/** The record that answered. */
export type DnsRecord =
  | { readonly by: 'interfaceEndpointPrivateDns'; readonly vpcEndpointId: string; readonly privateDnsName: string; readonly service: string }
  | { readonly by: 'endpointDnsName'; readonly vpcEndpointId: string; readonly zone?: string; readonly service: string }
  | { readonly by: 'publicService'; readonly service: string; readonly region: string; readonly range: string; readonly prefixListId?: string; readonly bucket?: string }
  | { readonly by: 'instanceHostname'; readonly address: string; readonly networkInterfaceId?: string };

export type DnsAnswer =
  | { readonly kind: 'resolved'; readonly name: string; readonly addresses: readonly string[]; readonly record: DnsRecord; readonly note: string }
  | { readonly kind: 'unresolved'; readonly name: string; readonly reason: string; readonly note: string };

/** The service a public name belongs to (`s3`, `dynamodb`, `sqs`, ...), its Region and an S3 bucket if named. */
export interface PublicServiceName {
  readonly service: string;
  readonly region: string;
  readonly bucket?: string;
}

/**
 * Per-Region public ranges for AWS services without an AWS-managed prefix list: `44.(4i).0.0/14` by the Region's
 * index. Illustrative; disjoint from the S3/DynamoDB lists and from the EC2 public pools of `model/public-ip.ts`
 * (3.x, 13.x, 18.x, 34.x, 52.x, 54.x).
 */
export function publicServiceRange(region: string): Cidr | undefined {
  const i = REGIONS.findIndex((r) => r.name === region);
  return i < 0 ? undefined : parseCidr(`44.${i * 4}.0.0/14`);
}

/** Parse `s3.amazonaws.com`, `<bucket>.s3[.<region>].amazonaws.com`, `s3-<region>.amazonaws.com`, `<label>.<region>.amazonaws.com`. */
export function parsePublicServiceName(name: string): PublicServiceName | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (!n.endsWith('.amazonaws.com') || n.endsWith('.vpce.amazonaws.com')) return undefined;
  const labels = n.slice(0, -'.amazonaws.com'.length).split('.');
  const isRegion = (r: string | undefined): r is string => r !== undefined && REGIONS.some((x) => x.name === r);
  const last = labels[labels.length - 1];
  // AWS (S3 "Virtual hosting of buckets"): the legacy global endpoint s3.amazonaws.com is in us-east-1.
  if (last === 's3') {
    const bucket = labels.slice(0, -1).join('.');
    return { service: 's3', region: 'us-east-1', ...(bucket ? { bucket } : {}) };
  }
  if (last !== undefined && last.startsWith('s3-') && isRegion(last.slice(3))) {
    const bucket = labels.slice(0, -1).join('.');
    return { service: 's3', region: last.slice(3), ...(bucket ? { bucket } : {}) };
  }
  if (!isRegion(last) || labels.length < 2) return undefined;
  const rest = labels.slice(0, -1);
  if (rest[rest.length - 1] === 's3') {
    const bucket = rest.slice(0, -1).join('.');
    return { service: 's3', region: last, ...(bucket ? { bucket } : {}) };
  }
  // `api.ecr` -> `ecr.api` (service short names are the reverse of their DNS labels).
  return { service: dnsLabelOf(rest.join('.')), region: last };
}

/** A deterministic address for a name inside a CIDR (never the network or broadcast address). */
function addressIn(cidr: Cidr, name: string): string {
  const size = 1n << BigInt(32 - cidr.prefix);
  const h = BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 12)}`);
  const offset = size > 2n ? 1n + (h % (size - 2n)) : 0n;
  return formatIp(4, cidr.network + offset);
}

/** The public answer: inside the service's prefix list for the Region, else the Region's public service range. */
export function publicServiceAddress(svc: PublicServiceName, name: string): { address: string; record: DnsRecord } | undefined {
  const pl = awsPrefixListFor(svc.region, svc.service);
  const first = pl ? awsPrefixListCidrs(pl.id)[0] : publicServiceRange(svc.region);
  if (!first) return undefined;
  // Every bucket of a Region shares the Regional front end; the bucket name only picks the address.
  const address = addressIn(first, name.toLowerCase());
  return {
    address,
    record: { by: 'publicService', service: svc.service, region: svc.region, range: formatCidr(first), ...(pl ? { prefixListId: pl.id } : {}), ...(svc.bucket !== undefined ? { bucket: svc.bucket } : {}) },
  };
}

function wildcardMatch(pattern: string, name: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === name;
  const apex = pattern.slice(2);
  return name.endsWith(`.${apex}`);
}

/** The short service name of an endpoint (`sqs`, `s3`; the service ID for a custom service). */
function serviceShort(ep: VpcEndpoint): string {
  const prefix = `com.amazonaws.${ep.serviceRegion}.`;
  return ep.serviceName.startsWith(prefix) ? ep.serviceName.slice(prefix.length) : ep.serviceName;
}

/**
 * The endpoint's addresses as its DNS records give them. AWS (`DnsRecordIpType`): `ipv4` answers A records,
 * `ipv6` AAAA records (the interfaces' IPv6 addresses), `dualstack` both (A first here); `service-defined` follows
 * the interfaces (both when they have IPv6 addresses).
 */
function endpointIps(p: CompiledPartition, ep: VpcEndpoint, zone?: string): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const id of ep.networkInterfaceIds) {
    const eni = p.enis.get(id);
    if (!eni) continue;
    if (zone !== undefined && p.subnets.get(eni.subnetId)?.availabilityZone !== zone) continue;
    if (eni.record.privateIp !== undefined) v4.push(eni.record.privateIp);
    v6.push(...eni.record.ipv6Addresses);
  }
  switch (ep.dnsOptions.dnsRecordIpType) {
    case 'ipv6': return v6;
    case 'dualstack': case 'service-defined': return [...v4, ...v6];
    default: return v4;
  }
}

/** Does an endpoint's private DNS claim this name in its VPC? AWS: S3's name covers `s3.<region>...` and `*.s3.<region>...`. */
function claims(ep: VpcEndpoint, name: string): boolean {
  if (ep.endpointType !== 'Interface' || !ep.privateDnsEnabled || ep.privateDnsName === undefined) return false;
  if (ep.state === 'deleting' || ep.state === 'failed') return false;
  // AWS ("Private DNS for S3 interface endpoints"): with privateDnsOnlyForInboundResolverEndpoint, resolvers
  // inside the VPC keep answering with S3's public (gateway endpoint) addresses.
  if (ep.dnsOptions.privateDnsOnlyForInboundResolverEndpoint === true) return false;
  const pattern = ep.privateDnsName.toLowerCase();
  if (wildcardMatch(pattern, name)) return true;
  return pattern.startsWith('*.') && serviceShort(ep) === 's3' && name === pattern.slice(2);
}

const ENDPOINT_NAME = /^(?:[^.]+\.)*?(vpce-[0-9a-f]+)-[a-z0-9]+(?:-([a-z]{2}-[a-z]+-\d[a-z]))?\.[a-z0-9.-]+\.([a-z]{2}-[a-z]+-\d)\.vpce\.amazonaws\.com$/;
const INSTANCE_NAME = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.(ec2\.internal|([a-z]{2}-[a-z]+-\d)\.compute\.internal)$/;

/**
 * Resolve a hostname as the Amazon-provided resolver of `vpcId` would. AWS ("DNS attributes for your VPC"):
 * without enableDnsSupport nothing resolves; private hosted zones of interface endpoints (private DNS) answer
 * first in their own VPC; `ip-...` hostnames need enableDnsHostnames; other names resolve publicly.
 */
export function resolveHostname(view: NetworkView, account: string, region: string, vpcId: string, hostname: string): DnsAnswer {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const p = view.partition(account, region);
  const vpc = p.vpcs.get(vpcId);
  const unresolved = (reason: string): DnsAnswer => ({ kind: 'unresolved', name, reason, note: `${name}: not resolved (${reason})` });
  if (!vpc) return unresolved(`VPC ${vpcId} is not known`);
  // AWS: enableDnsSupport false turns off the Amazon-provided DNS server at the VPC base +2.
  if (!vpc.enableDnsSupport) return unresolved(`enableDnsSupport is false on ${vpcId}: the Amazon-provided DNS server does not answer`);
  // AWS ("DHCP option sets"): instances ask the servers their VPC's DHCP option set names; vpce runs only the
  // Amazon-provided resolver, so a set that names other servers leaves names unanswered.
  const servers = p.vpcNameServers.get(vpcId) ?? [AMAZON_PROVIDED_DNS];
  if (!servers.includes(AMAZON_PROVIDED_DNS)) {
    return unresolved(`the DHCP option set ${vpc.dhcpOptionsId ?? ''} of ${vpcId} gives the name servers ${servers.join(', ')}, not AmazonProvidedDNS; vpce does not run them`);
  }

  // AWS ("Interface endpoint private DNS"): a private hosted zone associated with the endpoint's VPC only.
  for (const ep of p.vpcEndpoints.values()) {
    if (ep.vpcId !== vpcId || !claims(ep, name)) continue;
    const addresses = endpointIps(p, ep);
    if (!addresses.length) continue;
    return {
      kind: 'resolved', name, addresses,
      record: { by: 'interfaceEndpointPrivateDns', vpcEndpointId: ep.id, privateDnsName: ep.privateDnsName ?? name, service: serviceShort(ep) },
      note: `${name} -> ${addresses.join(', ')} (private DNS ${ep.privateDnsName} of interface endpoint ${ep.id} in ${vpcId})`,
    };
  }

  // AWS ("DNS names for interface endpoints"): the Regional and zonal vpce names are public and resolve anywhere.
  const em = ENDPOINT_NAME.exec(name);
  if (em) {
    const ep = p.vpcEndpoints.get(em[1]!);
    if (!ep || ep.endpointType !== 'Interface' || !name.includes(`${ep.id}-${ep.dnsSuffix}`)) return unresolved(`no endpoint ${em[1]} answers for this name (NXDOMAIN)`);
    const label = serviceShort(ep);
    if (!name.endsWith(`.${dnsLabelOf(label)}.${ep.serviceRegion}.vpce.amazonaws.com`) && !name.endsWith(`.${ep.serviceId}.${ep.serviceRegion}.vpce.amazonaws.com`)) {
      return unresolved(`${name} does not match endpoint ${ep.id}'s names (NXDOMAIN)`);
    }
    const zone = em[2];
    const addresses = endpointIps(p, ep, zone);
    if (!addresses.length) return unresolved(`endpoint ${ep.id} has no network interface${zone ? ` in ${zone}` : ''}`);
    return {
      kind: 'resolved', name, addresses,
      record: { by: 'endpointDnsName', vpcEndpointId: ep.id, service: label, ...(zone !== undefined ? { zone } : {}) },
      note: `${name} -> ${addresses.join(', ')} (${zone ? `zonal (${zone})` : 'Regional'} DNS name of ${ep.id})`,
    };
  }

  const im = INSTANCE_NAME.exec(name);
  if (im) {
    const ip = `${im[1]}.${im[2]}.${im[3]}.${im[4]}`;
    // AWS: `ip-<addr>.ec2.internal` in us-east-1, `ip-<addr>.<region>.compute.internal` elsewhere.
    const nameRegion = im[6] ?? 'us-east-1';
    if (nameRegion !== region || (region === 'us-east-1') !== (im[6] === undefined)) return unresolved(`${name} is not a private name of ${region} (NXDOMAIN)`);
    if (!vpc.enableDnsHostnames) return unresolved(`enableDnsHostnames is false on ${vpcId}: private IP DNS names are not answered`);
    const a = parseIp(ip);
    const inVpc = a !== undefined && (p.vpcCidrs.get(vpcId) ?? []).some((c) => cidrHas(c, a.family, a.value));
    if (!inVpc) return unresolved(`${ip} is not in ${vpcId} (NXDOMAIN)`);
    const eniId = p.eniByIp.get(`${vpcId}|${ip}`);
    return {
      kind: 'resolved', name, addresses: [ip],
      record: { by: 'instanceHostname', address: ip, ...(eniId !== undefined ? { networkInterfaceId: eniId } : {}) },
      note: `${name} -> ${ip} (private IPv4 DNS name in ${vpcId}, enableDnsHostnames on)`,
    };
  }

  const svc = parsePublicServiceName(name);
  if (svc) {
    const answer = publicServiceAddress(svc, name);
    if (!answer) return unresolved(`no public address for ${svc.service} in ${svc.region}`);
    const where = answer.record.by === 'publicService' && answer.record.prefixListId ? `in ${answer.record.prefixListId} (com.amazonaws.${svc.region}.${svc.service})` : `in the public range of ${svc.region}`;
    return { kind: 'resolved', name, addresses: [answer.address], record: answer.record, note: `${name} -> ${answer.address} (public ${svc.service} address ${where})` };
  }
  return unresolved('not a name this emulator knows (NXDOMAIN)');
}
