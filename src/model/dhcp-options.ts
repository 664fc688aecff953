/**
 * @module DHCP option sets: create (validated per key), delete, associate with VPCs, and each Region's default set.
 * AWS ("DHCP option set concepts", CreateDhcpOptions API reference): a set is immutable, may serve many VPCs, and
 * a VPC has one set or none (`default`); each Region has a default set (AmazonProvidedDNS and the Region's domain)
 * that new VPCs use.
 */
import { ec2Errors } from '../errors/ec2.js';
import { parseIpv4, parseIpv6 } from '../shared/cidr.js';
import { mustGet } from './lookup.js';
import type { DhcpConfiguration, DhcpOptions, Vpc } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: the name servers value that means the Amazon-provided resolver (Route 53 Resolver at the VPC base +2). */
export const AMAZON_PROVIDED_DNS = 'AmazonProvidedDNS';

/** The keys CreateDhcpOptions accepts, in the order DescribeDhcpOptions lists them. */
export const DHCP_KEYS = ['domain-name', 'domain-name-servers', 'ntp-servers', 'netbios-name-servers', 'netbios-node-type', 'ipv6-address-preferred-lease-time'] as const;

/** AWS: the default set's domain name: `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere. */
export function regionDomainName(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
}

function invalid(key: string, values: readonly string[], why: string): Error {
  return ec2Errors.invalidParameterValue(`Value (${values.join(',')}) for parameter ${key} is invalid. ${why}`);
}

/** Server lists: AWS lets one value hold several addresses separated by commas. */
function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/**
 * One option, normalised. AWS (CreateDhcpOptions): domain-name-servers takes AmazonProvidedDNS or up to four
 * IPv4 addresses; ntp-servers up to eight addresses (four IPv4, four IPv6); netbios-name-servers up to four IPv4
 * addresses; netbios-node-type one of 1, 2, 4, 8; ipv6-address-preferred-lease-time 140 to 2147483647 seconds.
 */
function validateOption(key: string, raw: readonly string[]): DhcpConfiguration {
  if (!(DHCP_KEYS as readonly string[]).includes(key)) {
    throw ec2Errors.invalidParameterValue(`Value (${key}) for parameter key is invalid. Valid keys are: ${DHCP_KEYS.join(', ')}.`);
  }
  if (raw.length === 0) throw ec2Errors.invalidParameterValue(`The DHCP option ${key} must have at least one value.`);
  switch (key) {
    case 'domain-name': {
      // AWS: one value; some Linux systems accept several names separated by spaces inside it.
      if (raw.length > 1) throw invalid(key, raw, 'Only one value may be specified; separate several domain names with spaces.');
      const name = raw[0]!.trim();
      if (name.length === 0 || name.length > 255 || !/^[A-Za-z0-9._ -]+$/.test(name)) throw invalid(key, raw, 'It must be a domain name.');
      return { key, values: [name] };
    }
    case 'domain-name-servers': {
      const values = splitList(raw);
      if (values.length > 4) throw invalid(key, values, 'At most 4 domain name servers may be specified.');
      for (const v of values) {
        if (v !== AMAZON_PROVIDED_DNS && parseIpv4(v) === undefined) throw invalid(key, values, `'${v}' is neither ${AMAZON_PROVIDED_DNS} nor an IPv4 address.`);
      }
      return { key, values };
    }
    case 'ntp-servers': {
      const values = splitList(raw);
      const v4 = values.filter((v) => parseIpv4(v) !== undefined);
      const v6 = values.filter((v) => parseIpv4(v) === undefined && parseIpv6(v) !== undefined);
      if (v4.length + v6.length !== values.length) throw invalid(key, values, 'Each value must be an IPv4 or IPv6 address.');
      if (v4.length > 4 || v6.length > 4) throw invalid(key, values, 'At most 4 IPv4 and 4 IPv6 NTP servers may be specified.');
      return { key, values };
    }
    case 'netbios-name-servers': {
      const values = splitList(raw);
      if (values.length > 4) throw invalid(key, values, 'At most 4 NetBIOS name servers may be specified.');
      if (values.some((v) => parseIpv4(v) === undefined)) throw invalid(key, values, 'Each value must be an IPv4 address.');
      return { key, values };
    }
    case 'netbios-node-type': {
      if (raw.length !== 1 || !['1', '2', '4', '8'].includes(raw[0]!.trim())) throw invalid(key, raw, 'Valid values are 1, 2, 4 and 8.');
      return { key, values: [raw[0]!.trim()] };
    }
    default: {
      // ipv6-address-preferred-lease-time
      const text = raw[0]!.trim();
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (raw.length !== 1 || !(n >= 140 && n <= 2147483647)) throw invalid(key, raw, 'It must be a number of seconds between 140 and 2147483647.');
      return { key, values: [String(n)] };
    }
  }
}

/** Validate a request's configurations. AWS: a key may appear once. */
export function validateDhcpConfigurations(input: readonly { key: string | undefined; values: readonly string[] }[]): DhcpConfiguration[] {
  if (input.length === 0) throw ec2Errors.missingParameter('DhcpConfiguration');
  const seen = new Set<string>();
  const out: DhcpConfiguration[] = [];
  for (const c of input) {
    if (c.key === undefined || c.key === '') throw ec2Errors.missingParameter('DhcpConfiguration.Key');
    if (seen.has(c.key)) throw ec2Errors.invalidParameterValue(`The DHCP option ${c.key} is specified more than once.`);
    seen.add(c.key);
    out.push(validateOption(c.key, c.values));
  }
  return out;
}

export function createDhcpOptions(tx: Tx, p: PartitionTx, configurations: readonly DhcpConfiguration[], tags: Tags = [], regionDefault = false): DhcpOptions {
  return p.put<DhcpOptions>({
    kind: 'dhcpOptions', id: tx.ids.next('dhcpOptions'), ownerId: p.account, tags, configurations,
    ...(regionDefault ? { regionDefault: true } : {}),
  });
}

/** The Region's default set (AmazonProvidedDNS, the Region's domain name), made with the account's defaults. */
export function createDefaultDhcpOptions(tx: Tx, p: PartitionTx): DhcpOptions {
  return createDhcpOptions(tx, p, [
    { key: 'domain-name', values: [regionDomainName(p.region)] },
    { key: 'domain-name-servers', values: [AMAZON_PROVIDED_DNS] },
  ], [], true);
}

/** The set a new VPC gets: the Region's default set while it exists, else none. */
export function defaultDhcpOptionsId(view: ReadView): string | undefined {
  for (const d of view.list('dhcpOptions')) if (d.regionDefault) return d.id;
  return undefined;
}

/** AWS: a set associated with any VPC cannot be deleted (DependencyViolation). */
export function deleteDhcpOptions(p: PartitionTx, id: string): void {
  const d = mustGet(p, 'dhcpOptions', id);
  for (const vpc of p.list('vpc')) {
    if (vpc.dhcpOptionsId === d.id) throw ec2Errors.dependencyViolation(`The dhcpOptions '${d.id}' has dependencies and cannot be deleted.`);
  }
  p.remove(d.id);
}

/** AssociateDhcpOptions: a set, or `default` for none. */
export function associateDhcpOptions(p: PartitionTx, dhcpOptionsId: string, vpcId: string): Vpc {
  const vpc = mustGet(p, 'vpc', vpcId);
  if (dhcpOptionsId === 'default') {
    const { dhcpOptionsId: _gone, ...rest } = vpc;
    return p.put<Vpc>(rest);
  }
  const d = mustGet(p, 'dhcpOptions', dhcpOptionsId);
  return p.put<Vpc>({ ...vpc, dhcpOptionsId: d.id });
}

/** The DNS servers a VPC's instances are told to use: AmazonProvidedDNS unless its set names others. */
export function vpcNameServers(view: ReadView, vpc: Vpc): readonly string[] {
  if (vpc.dhcpOptionsId === undefined) return [AMAZON_PROVIDED_DNS];
  const d = view.get('dhcpOptions', vpc.dhcpOptionsId);
  return d?.configurations.find((c) => c.key === 'domain-name-servers')?.values ?? [AMAZON_PROVIDED_DNS];
}
