/**
 * @module IPv6 addresses of network interfaces: drawn from the subnet's /64, given at creation (explicitly, by
 * count, or by the subnet's `AssignIpv6AddressOnCreation`), assigned and unassigned later.
 * AWS: "IPv6 addresses" (EC2 User Guide), AssignIpv6Addresses, UnassignIpv6Addresses, CreateNetworkInterface.
 */
import { ec2Errors } from '../errors/ec2.js';
import { cidrHas, cidrLast, formatIp, parseCidr, parseIp, type Cidr } from '../shared/cidr.js';
import type { IdGen } from '../shared/ids.js';
import { associatedIpv6Blocks } from './ipv6-pool.js';
import { mustGet } from './lookup.js';
import type { NetworkInterface, Subnet } from './resources.js';
import type { PartitionTx, ReadView } from './world.js';

/** The IPv6 members of a request that makes or changes an interface. */
export interface Ipv6AddressRequest {
  readonly addresses?: readonly string[] | undefined;
  readonly count?: number | undefined;
}

/** A bound on one request, so a count cannot make the draw loop run away; far above what instance types allow. */
export const MAX_IPV6_ADDRESSES_PER_REQUEST = 64;

const MAX_TRIES = 64;

/** Every IPv6 address held by an interface of the subnet. */
export function usedIpv6Addresses(view: ReadView, subnetId: string): Set<string> {
  const used = new Set<string>();
  for (const eni of view.childrenOf(subnetId, 'networkInterface')) for (const a of eni.ipv6Addresses) used.add(a);
  return used;
}

function subnetBlock(subnet: Subnet, param: string): Cidr {
  const text = associatedIpv6Blocks(subnet)[0];
  // AWS: IPv6 addresses come from the subnet's IPv6 CIDR block; a subnet without one has none to give.
  if (text === undefined) throw ec2Errors.invalidParameterValue(`Value for parameter ${param} is invalid. Subnet ${subnet.id} does not have an IPv6 CIDR block.`);
  return parseCidr(text)!;
}

/**
 * Check the members and draw the addresses. Explicit addresses must lie in the subnet's /64 outside its reserved
 * addresses (AWS reserves the first four and the last of every subnet block) and be free; a count draws random
 * interface identifiers (AWS assigns them from the /64 at random). Without either, `defaultCount`.
 */
export function pickIpv6Addresses(view: ReadView, ids: IdGen, subnet: Subnet, req: Ipv6AddressRequest, defaultCount = 0): string[] {
  if (req.addresses !== undefined && req.addresses.length > 0 && req.count !== undefined) {
    throw ec2Errors.invalidParameterCombination('The parameters ipv6Addresses and ipv6AddressCount cannot be used together.');
  }
  const count = req.count ?? (req.addresses !== undefined && req.addresses.length > 0 ? 0 : defaultCount);
  if (!Number.isInteger(count) || count < 0 || count > MAX_IPV6_ADDRESSES_PER_REQUEST) {
    throw ec2Errors.invalidParameterValue(`Value (${count}) for parameter ipv6AddressCount is invalid. Must be an integer from 0 to ${MAX_IPV6_ADDRESSES_PER_REQUEST}.`);
  }
  const explicit = req.addresses ?? [];
  if (explicit.length === 0 && count === 0) return [];
  const block = subnetBlock(subnet, explicit.length > 0 ? 'ipv6Addresses' : 'ipv6AddressCount');
  const used = usedIpv6Addresses(view, subnet.id);
  const out: string[] = [];
  const first = block.network + 4n;
  const last = cidrLast(block) - 1n;
  for (const text of explicit) {
    const ip = parseIp(text);
    if (!ip || ip.family !== 6) throw ec2Errors.invalidParameterValue(`Value (${text}) for parameter ipv6Addresses is invalid. This is not a valid IPv6 address.`);
    if (!cidrHas(block, 6, ip.value)) throw ec2Errors.invalidParameterValue(`Address ${text} does not fall within the subnet's address range`);
    if (ip.value < first || ip.value > last) throw ec2Errors.invalidParameterValue(`Address ${text} is in subnet's reserved address range`);
    const canonical = formatIp(6, ip.value);
    if (used.has(canonical) || out.includes(canonical)) throw ec2Errors.custom('InvalidIPAddress.InUse', `Address ${canonical} is in use.`);
    out.push(canonical);
  }
  for (let i = 0; i < count; i++) {
    let picked: string | undefined;
    for (let attempt = 0; attempt < MAX_TRIES && picked === undefined; attempt++) {
      const value = block.network + BigInt(`0x${ids.hex(16)}`);
      if (value < first || value > last) continue;
      const text = formatIp(6, value);
      if (!used.has(text) && !out.includes(text)) picked = text;
    }
    if (picked === undefined) throw ec2Errors.custom('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of IPv6 addresses.`);
    out.push(picked);
  }
  return out;
}

/** IPv6 prefix delegation (`/80` prefixes) is not modelled: a request for it is refused, not dropped. */
export function refuseIpv6Prefixes(prefixes: readonly string[] | undefined, prefixCount: number | undefined): void {
  if ((prefixes?.length ?? 0) > 0 || prefixCount !== undefined) {
    throw ec2Errors.invalidParameterValue('IPv6 prefix delegation (ipv6Prefixes, ipv6PrefixCount) is not supported for this network interface.');
  }
}

/** AssignIpv6Addresses (`Ipv6Addresses` or `Ipv6AddressCount`); prefixes are not modelled and are refused. */
export function assignIpv6Addresses(p: PartitionTx, ids: IdGen, eniId: string, req: Ipv6AddressRequest & { readonly prefixes?: readonly string[] | undefined; readonly prefixCount?: number | undefined }): { eni: NetworkInterface; assigned: string[] } {
  const eni = mustGet(p, 'networkInterface', eniId);
  refuseIpv6Prefixes(req.prefixes, req.prefixCount);
  if ((req.addresses?.length ?? 0) === 0 && req.count === undefined) throw ec2Errors.missingParameter('ipv6Addresses or ipv6AddressCount');
  if (req.count === 0) throw ec2Errors.invalidParameterValue('Value (0) for parameter ipv6AddressCount is invalid. Must be at least 1.');
  const subnet = mustGet(p, 'subnet', eni.subnetId);
  const assigned = pickIpv6Addresses(p, ids, subnet, req);
  return { eni: p.put({ ...eni, ipv6Addresses: [...eni.ipv6Addresses, ...assigned] }), assigned };
}

/** UnassignIpv6Addresses. AWS: every address named must be assigned to the interface. */
export function unassignIpv6Addresses(p: PartitionTx, eniId: string, req: { readonly addresses?: readonly string[] | undefined; readonly prefixes?: readonly string[] | undefined }): { eni: NetworkInterface; unassigned: string[] } {
  const eni = mustGet(p, 'networkInterface', eniId);
  if ((req.prefixes?.length ?? 0) > 0) {
    throw ec2Errors.invalidParameterValue(`Some of the specified IPv6 prefixes are not assigned to interface ${eni.id}.`);
  }
  const named = req.addresses ?? [];
  if (named.length === 0) throw ec2Errors.missingParameter('ipv6Addresses');
  const canonical = named.map((t) => { const ip = parseIp(t); return ip && ip.family === 6 ? formatIp(6, ip.value) : t; });
  const missing = canonical.filter((a) => !eni.ipv6Addresses.includes(a));
  if (missing.length > 0) {
    throw ec2Errors.invalidParameterValue(`Some of the specified addresses are not assigned to interface ${eni.id}: ${missing.join(', ')}`);
  }
  const left = eni.ipv6Addresses.filter((a) => !canonical.includes(a));
  // AWS ("IPv6-only subnets"): an interface there has no IPv4 address, so it keeps at least one IPv6 address.
  if (eni.privateIp === undefined && left.length === 0) {
    throw ec2Errors.invalidParameterValue(`The last IPv6 address of network interface ${eni.id} cannot be unassigned: it is in an IPv6-only subnet and has no IPv4 address.`);
  }
  return { eni: p.put({ ...eni, ipv6Addresses: left }), unassigned: canonical };
}
