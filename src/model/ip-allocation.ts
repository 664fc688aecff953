/**
 * @module Private IP allocation inside a subnet.
 * AWS: the first four addresses and the last one of every subnet are reserved ("Subnet CIDR blocks").
 */
import { cidrLast, cidrSize, formatIp, parseCidr, parseIp } from '../shared/cidr.js';
import { ec2Errors } from '../errors/ec2.js';
import type { Subnet } from './resources.js';
import type { ReadView } from './world.js';

/** Addresses AWS reserves in every subnet. */
export const RESERVED_PER_SUBNET = 5;

/** Every private IPv4 address in use in the subnet (ENIs, which include instances, NAT gateways and endpoints). */
export function usedAddresses(view: ReadView, subnetId: string): Set<string> {
  const used = new Set<string>();
  for (const eni of view.childrenOf(subnetId, 'networkInterface')) {
    if (eni.privateIp !== undefined) used.add(eni.privateIp);
    for (const ip of eni.secondaryPrivateIps) used.add(ip);
  }
  return used;
}

/** Addresses still free for ENIs. */
export function availableAddressCount(view: ReadView, subnet: Subnet): number {
  const c = parseCidr(subnet.cidrBlock);
  if (!c) return 0;
  return Number(cidrSize(c)) - RESERVED_PER_SUBNET - usedAddresses(view, subnet.id).size;
}

/**
 * A free address in the subnet: `requested` if given (checked), else the lowest free one.
 * Throws `InvalidParameterValue` for an address outside the subnet or reserved, `InvalidIPAddress.InUse`
 * when taken, `InsufficientFreeAddressesInSubnet` when the subnet is full.
 */
export function allocateAddress(view: ReadView, subnet: Subnet, requested?: string, alsoTaken: ReadonlySet<string> = new Set()): string {
  const c = parseCidr(subnet.cidrBlock)!;
  const used = usedAddresses(view, subnet.id);
  const first = c.network + 4n;
  const last = cidrLast(c) - 1n;
  if (requested !== undefined) {
    const ip = parseIp(requested);
    if (!ip || ip.family !== 4 || ip.value < c.network || ip.value > cidrLast(c)) {
      throw ec2Errors.invalidParameterValue(`Address ${requested} does not fall within the subnet's address range`);
    }
    if (ip.value < first || ip.value > last) {
      throw ec2Errors.invalidParameterValue(`Address ${requested} is in subnet's reserved address range`);
    }
    const text = formatIp(4, ip.value);
    if (used.has(text) || alsoTaken.has(text)) throw ec2Errors.custom('InvalidIPAddress.InUse', `Address ${text} is in use.`);
    return text;
  }
  for (let v = first; v <= last; v++) {
    const text = formatIp(4, v);
    if (!used.has(text) && !alsoTaken.has(text)) return text;
  }
  throw ec2Errors.custom('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`);
}
