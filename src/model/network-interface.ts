/**
 * @module Network interfaces: the one place ENIs are made and removed, for users' ENIs, instances, NAT
 * gateways, load balancers and interface endpoints alike (AWS: requester-managed ENIs are ENIs too).
 */
import { ec2Errors } from '../errors/ec2.js';
import { allocateAddress } from './ip-allocation.js';
import { pickIpv6Addresses, type Ipv6AddressRequest } from './ipv6-addresses.js';
import { mustGet } from './lookup.js';
import type { NetworkInterface, Subnet } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, Tx } from './world.js';
import { defaultGroupOf } from './security-group.js';

export interface CreateInterfaceArgs {
  readonly subnetId: string;
  readonly privateIp?: string | undefined;
  readonly secondaryPrivateIpCount?: number | undefined;
  readonly groupIds?: readonly string[] | undefined;
  readonly description?: string | undefined;
  readonly interfaceType?: NetworkInterface['interfaceType'];
  readonly requesterManaged?: boolean;
  readonly requesterId?: string;
  readonly publicIp?: string | undefined;
  readonly tags?: Tags;
  /** IPv6 addresses asked for (`Ipv6Addresses` / `Ipv6AddressCount`). */
  readonly ipv6?: Ipv6AddressRequest | undefined;
  /** Whether the subnet's `AssignIpv6AddressOnCreation` applies (users' interfaces and instances; not service-made ones). */
  readonly autoIpv6?: boolean | undefined;
  readonly ipv6Prefixes?: readonly string[] | undefined;
  readonly ipv6PrefixCount?: number | undefined;
  readonly enablePrimaryIpv6?: boolean | undefined;
}

/** AWS: at most 5 security groups per network interface (default quota). */
export const MAX_GROUPS_PER_INTERFACE = 5;

/** Validate security group IDs for an interface in a VPC (they must exist and belong to the same VPC). */
export function checkGroupsForVpc(p: PartitionTx, vpcId: string, groupIds: readonly string[]): void {
  if (groupIds.length > MAX_GROUPS_PER_INTERFACE) {
    throw ec2Errors.custom('SecurityGroupsPerInterfaceLimitExceeded', `The maximum number of security groups per interface has been reached.`);
  }
  for (const id of groupIds) {
    const g = mustGet(p, 'securityGroup', id);
    if (g.vpcId !== vpcId) throw ec2Errors.invalidParameter(`Security group ${id} and subnet belong to different networks.`);
  }
}

/** An interface here always has a primary private IPv4 address; IPv6-only interfaces are not modelled (refused). */
export function checkNotIpv6Only(subnet: Subnet): void {
  if (subnet.ipv6Native === true) {
    throw ec2Errors.custom('UnsupportedOperation', `The subnet '${subnet.id}' is an IPv6-only subnet; network interfaces without a private IPv4 address are not supported.`);
  }
}

/** Make an ENI with a private IP from its subnet. Without groups it gets the VPC's default security group. */
export function createInterface(tx: Tx, p: PartitionTx, args: CreateInterfaceArgs): NetworkInterface {
  const subnet = mustGet(p, 'subnet', args.subnetId);
  checkNotIpv6Only(subnet);
  const groupIds = args.groupIds && args.groupIds.length > 0 ? [...new Set(args.groupIds)] : [defaultGroupOf(p, subnet.vpcId)!.id];
  checkGroupsForVpc(p, subnet.vpcId, groupIds);
  const privateIp = allocateAddress(p, subnet, args.privateIp);
  const secondary: string[] = [];
  for (let i = 0; i < (args.secondaryPrivateIpCount ?? 0); i++) {
    secondary.push(allocateAddress(p, subnet, undefined, new Set([privateIp, ...secondary])));
  }
  // AWS: with AssignIpv6AddressOnCreation the interface gets one IPv6 address unless the request says otherwise.
  const ipv6Addresses = pickIpv6Addresses(p, tx.ids, subnet, args.ipv6 ?? {}, args.autoIpv6 === true && subnet.assignIpv6AddressOnCreation ? 1 : 0);
  const primaryIpv6 = checkIpv6Extras(args, ipv6Addresses);
  const mac = `02:${tx.ids.hex(10).match(/../g)!.join(':')}`;
  return p.put<NetworkInterface>({
    kind: 'networkInterface', id: tx.ids.next('networkInterface'), ownerId: p.account, tags: args.tags ?? [],
    vpcId: subnet.vpcId, subnetId: subnet.id, availabilityZone: subnet.availabilityZone,
    privateIp, secondaryPrivateIps: secondary, ipv6Addresses, ...(primaryIpv6 ? { primaryIpv6: true } : {}), groupIds,
    description: args.description ?? '', interfaceType: args.interfaceType ?? 'interface',
    requesterManaged: args.requesterManaged ?? false,
    ...(args.requesterId !== undefined ? { requesterId: args.requesterId } : {}),
    ...(args.publicIp !== undefined ? { publicIp: args.publicIp } : {}),
    sourceDestCheck: true, macAddress: mac, status: 'available',
  });
}

/**
 * IPv6 prefix delegation is not modelled (refused); `EnablePrimaryIpv6` needs an IPv6 address to make primary
 * (AWS: "the first IPv6 GUA address associated with the ENI becomes the primary IPv6 address").
 */
function checkIpv6Extras(args: CreateInterfaceArgs, ipv6Addresses: readonly string[]): boolean {
  if ((args.ipv6Prefixes?.length ?? 0) > 0 || args.ipv6PrefixCount !== undefined) {
    throw ec2Errors.invalidParameterValue('IPv6 prefix delegation (ipv6Prefixes, ipv6PrefixCount) is not supported for this network interface.');
  }
  if (args.enablePrimaryIpv6 !== true) return false;
  if (ipv6Addresses.length === 0) {
    throw ec2Errors.invalidParameterCombination('enablePrimaryIpv6 requires an IPv6 address: specify ipv6Addresses or ipv6AddressCount, or use a subnet that assigns IPv6 addresses on creation.');
  }
  return true;
}

/** AWS: a description is at most 255 characters. */
export const MAX_DESCRIPTION_LENGTH = 255;

/**
 * `CreateNetworkInterface`: validate what only a user can get wrong, then make the ENI through `createInterface`
 * (subnet, groups and address checks live there).
 */
export function createUserInterface(tx: Tx, p: PartitionTx, args: CreateInterfaceArgs): NetworkInterface {
  const count = args.secondaryPrivateIpCount;
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    throw ec2Errors.invalidParameterValue(`Value (${count}) for parameter secondaryPrivateIpAddressCount is invalid. Must be a non-negative integer.`);
  }
  if (args.description !== undefined && args.description.length > MAX_DESCRIPTION_LENGTH) {
    throw ec2Errors.invalidParameterValue(`Value for parameter description is invalid. Length exceeds maximum of ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
  return createInterface(tx, p, args);
}

/** Attach an ENI to an instance at a device index; it becomes `in-use`. */
export function attachInterface(tx: Tx, p: PartitionTx, eniId: string, instanceId: string, deviceIndex: number, deleteOnTermination: boolean): NetworkInterface {
  const eni = mustGet(p, 'networkInterface', eniId);
  if (eni.attachment || eni.status !== 'available') throw ec2Errors.custom('InvalidNetworkInterface.InUse', `Interface: [${eniId}] in use.`);
  return p.put<NetworkInterface>({
    ...eni, status: 'in-use',
    attachment: { attachmentId: tx.ids.next('networkInterfaceAttachment'), instanceId, deviceIndex, attachedAt: tx.clock.now(), deleteOnTermination },
  });
}

/** Drop the association of any Elastic IP that points at this ENI (the address stays allocated). */
function releaseElasticIps(p: PartitionTx, eniId: string): void {
  for (const a of [...p.list('address')]) {
    if (a.networkInterfaceId !== eniId) continue;
    const { associationId: _a, networkInterfaceId: _n, instanceId: _i, privateIp: _p, ...rest } = a;
    p.put({ ...rest });
  }
}

/**
 * What instance termination does to an attached ENI. AWS: an interface with `deleteOnTermination` is deleted
 * with the instance (its private addresses return to the subnet); any other is detached and becomes available,
 * losing its auto-assigned public address ("Network interface attributes: delete on termination").
 */
export function releaseOnTermination(p: PartitionTx, eniId: string): void {
  const eni = p.get('networkInterface', eniId);
  if (!eni) return;
  releaseElasticIps(p, eniId);
  if (eni.attachment?.deleteOnTermination ?? true) {
    p.remove(eniId);
    return;
  }
  const { attachment: _att, publicIp: _ip, ...rest } = eni;
  p.put<NetworkInterface>({ ...rest, status: 'available' });
}

/**
 * Delete a user's ENI. AWS: an interface managed by another service (requester-managed: endpoints, NAT gateways,
 * load balancers) answers `InvalidParameterValue` "Network interface '…' is currently in use."; an attached one
 * `InvalidNetworkInterface.InUse` "Interface: [eni-…] in use.". An associated Elastic IP is disassociated.
 */
export function deleteUserInterface(p: PartitionTx, id: string): void {
  const eni = mustGet(p, 'networkInterface', id);
  if (eni.requesterManaged || eni.interfaceType !== 'interface') {
    throw ec2Errors.invalidParameterValue(`Network interface '${id}' is currently in use.`);
  }
  if (eni.attachment) throw ec2Errors.custom('InvalidNetworkInterface.InUse', `Interface: [${id}] in use.`);
  releaseElasticIps(p, id);
  p.remove(id);
}
