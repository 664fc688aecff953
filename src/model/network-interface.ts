/**
 * @module Network interfaces: the one place ENIs are made and removed, for users' ENIs, instances, NAT
 * gateways, load balancers and interface endpoints alike (AWS: requester-managed ENIs are ENIs too); users'
 * secondary private IPs, attachments to instances and attributes.
 */
import { ec2Errors } from '../errors/ec2.js';
import { associatedIpv6Blocks } from './ipv6-pool.js';
import { addressesOfInterface, dropAssociationsOf } from './address.js';
import { allocateAddress } from './ip-allocation.js';
import { pickIpv6Addresses, refuseIpv6Prefixes, type Ipv6AddressRequest } from './ipv6-addresses.js';
import { mustGet } from './lookup.js';
import { allocatePublicIp } from './public-ip.js';
import type { Address, Instance, NetworkInterface, Subnet } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';
import { defaultGroupOf } from './security-group.js';

export interface CreateInterfaceArgs {
  readonly subnetId: string;
  readonly privateIp?: string | undefined;
  /** Named secondary private addresses (CreateNetworkInterface `PrivateIpAddresses` without `Primary`). */
  readonly secondaryPrivateIps?: readonly string[] | undefined;
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
  /** The caller makes interfaces that can live without a private IPv4 address (in an IPv6-only subnet). */
  readonly ipv6OnlyAllowed?: boolean;
}

/** AWS: at most 5 security groups per network interface (default quota). */
export const MAX_GROUPS_PER_INTERFACE = 5;

/**
 * Interfaces and private IPv4 addresses per interface by instance type (AWS "IP addresses per network interface
 * per instance type"), for the types vpce users launch most; any other type gets `DEFAULT_TYPE_LIMITS`.
 */
const TYPE_LIMITS: Readonly<Record<string, { readonly interfaces: number; readonly ipv4PerInterface: number }>> = {
  't2.nano': { interfaces: 2, ipv4PerInterface: 2 }, 't2.micro': { interfaces: 2, ipv4PerInterface: 2 },
  't2.small': { interfaces: 3, ipv4PerInterface: 4 }, 't2.medium': { interfaces: 3, ipv4PerInterface: 6 },
  't3.nano': { interfaces: 2, ipv4PerInterface: 2 }, 't3.micro': { interfaces: 2, ipv4PerInterface: 2 },
  't3.small': { interfaces: 3, ipv4PerInterface: 4 }, 't3.medium': { interfaces: 3, ipv4PerInterface: 6 },
  't3.large': { interfaces: 3, ipv4PerInterface: 12 }, 'm1.small': { interfaces: 2, ipv4PerInterface: 4 },
  'm5.large': { interfaces: 3, ipv4PerInterface: 10 }, 'm5.xlarge': { interfaces: 4, ipv4PerInterface: 15 },
  'c5.large': { interfaces: 3, ipv4PerInterface: 10 }, 'c5.xlarge': { interfaces: 4, ipv4PerInterface: 15 },
};
const DEFAULT_TYPE_LIMITS = { interfaces: 3, ipv4PerInterface: 10 } as const;

/** An interface attached to no instance: the largest per-interface limit of any instance type (AWS: 50). */
const MAX_IPV4_UNATTACHED = 50;

function typeLimits(instanceType: string): { readonly interfaces: number; readonly ipv4PerInterface: number } {
  return TYPE_LIMITS[instanceType] ?? DEFAULT_TYPE_LIMITS;
}

/** How many private IPv4 addresses an interface may hold: its instance type's limit once attached. */
function ipv4Limit(view: ReadView, eni: NetworkInterface): number {
  const inst = eni.attachment ? view.get('instance', eni.attachment.instanceId) : undefined;
  return inst ? typeLimits(inst.instanceType).ipv4PerInterface : MAX_IPV4_UNATTACHED;
}

function limitExceeded(): Error {
  return ec2Errors.custom('PrivateIpAddressLimitExceeded', 'Number of private addresses will exceed limit.');
}

/** Validate security group IDs for an interface in a VPC (they must exist and belong to the same VPC). */
export function checkGroupsForVpc(p: ReadView, vpcId: string, groupIds: readonly string[]): void {
  if (groupIds.length > MAX_GROUPS_PER_INTERFACE) {
    throw ec2Errors.custom('SecurityGroupsPerInterfaceLimitExceeded', `The maximum number of security groups per interface has been reached.`);
  }
  for (const id of groupIds) {
    const g = mustGet(p, 'securityGroup', id);
    if (g.vpcId !== vpcId) throw ec2Errors.invalidParameter(`Security group ${id} and subnet belong to different networks.`);
  }
}

/**
 * NAT gateways and load balancer nodes need a private IPv4 address: vpce refuses them in an IPv6-only subnet.
 * Users' interfaces, instances and `ipv6` endpoints may be IPv6-only (`CreateInterfaceArgs.ipv6OnlyAllowed`).
 */
function checkNotIpv6Only(subnet: Subnet): void {
  if (subnet.ipv6Native === true) {
    throw ec2Errors.custom('UnsupportedOperation', `The subnet '${subnet.id}' is an IPv6-only subnet; network interfaces without a private IPv4 address are not supported.`);
  }
}

/**
 * AWS ("IPv6-only subnets"): an interface there has no private IPv4 address and needs an IPv6 address; asking for
 * a private IPv4 address (primary or secondary) is refused.
 */
function checkIpv6OnlyRequest(subnet: Subnet, args: CreateInterfaceArgs): void {
  const v4 = args.privateIp !== undefined || (args.secondaryPrivateIps?.length ?? 0) > 0 || (args.secondaryPrivateIpCount ?? 0) > 0;
  if (v4) throw ipv4InIpv6Only(subnet.id);
  if (args.publicIp !== undefined) throw publicIpv4InIpv6Only(subnet.id);
}

/** AWS ("IPv6-only subnets"): "You can't assign public IPv4 addresses" to resources there. */
export function publicIpv4InIpv6Only(subnetId: string): Error {
  return ec2Errors.invalidParameterCombination(`The subnet '${subnetId}' is an IPv6-only subnet: public IPv4 addresses cannot be assigned to network interfaces in it.`);
}

function ipv4InIpv6Only(subnetId: string): Error {
  return ec2Errors.invalidParameterCombination(`The subnet '${subnetId}' is an IPv6-only subnet: private IPv4 addresses cannot be assigned to network interfaces in it.`);
}

/** Make an ENI with a private IP from its subnet. Without groups it gets the VPC's default security group. */
export function createInterface(tx: Tx, p: PartitionTx, args: CreateInterfaceArgs): NetworkInterface {
  const subnet = mustGet(p, 'subnet', args.subnetId);
  const v6only = subnet.ipv6Native === true;
  if (v6only && args.ipv6OnlyAllowed !== true) checkNotIpv6Only(subnet);
  if (v6only) checkIpv6OnlyRequest(subnet, args);
  const groupIds = args.groupIds && args.groupIds.length > 0 ? [...new Set(args.groupIds)] : [defaultGroupOf(p, subnet.vpcId)!.id];
  checkGroupsForVpc(p, subnet.vpcId, groupIds);
  // Named addresses are checked (and reserved) before any is picked, so a pick never takes a named one.
  const named = new Set(args.secondaryPrivateIps ?? []);
  const privateIp = v6only ? undefined : allocateAddress(p, subnet, args.privateIp, args.privateIp === undefined ? named : new Set());
  const secondary: string[] = [];
  const taken = (): Set<string> => new Set([...(privateIp !== undefined ? [privateIp] : []), ...secondary]);
  for (const ip of args.secondaryPrivateIps ?? []) secondary.push(allocateAddress(p, subnet, ip, taken()));
  for (let i = 0; i < (args.secondaryPrivateIpCount ?? 0); i++) secondary.push(allocateAddress(p, subnet, undefined, taken()));
  // AWS: with AssignIpv6AddressOnCreation the interface gets one IPv6 address unless the request says otherwise;
  // an IPv6-only subnet always assigns one, also to the interfaces services make there.
  const auto = v6only || (args.autoIpv6 === true && subnet.assignIpv6AddressOnCreation) ? 1 : 0;
  const ipv6Addresses = pickIpv6Addresses(p, tx.ids, subnet, args.ipv6 ?? {}, auto);
  if (v6only && ipv6Addresses.length === 0) {
    throw ec2Errors.invalidParameterCombination(`The subnet '${subnet.id}' is an IPv6-only subnet: a network interface in it needs at least one IPv6 address (ipv6AddressCount cannot be 0).`);
  }
  const primaryIpv6 = checkIpv6Extras(args, ipv6Addresses);
  const mac = `02:${tx.ids.hex(10).match(/../g)!.join(':')}`;
  return p.put<NetworkInterface>({
    kind: 'networkInterface', id: tx.ids.next('networkInterface'), ownerId: p.account, tags: args.tags ?? [],
    vpcId: subnet.vpcId, subnetId: subnet.id, availabilityZone: subnet.availabilityZone,
    ...(privateIp !== undefined ? { privateIp } : {}), secondaryPrivateIps: secondary, ipv6Addresses, ...(primaryIpv6 ? { primaryIpv6: true } : {}), groupIds,
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
  refuseIpv6Prefixes(args.ipv6Prefixes, args.ipv6PrefixCount);
  if (args.enablePrimaryIpv6 !== true) return false;
  if (ipv6Addresses.length === 0) {
    throw ec2Errors.invalidParameterCombination('enablePrimaryIpv6 requires an IPv6 address: specify ipv6Addresses or ipv6AddressCount, or use a subnet that assigns IPv6 addresses on creation.');
  }
  return true;
}

/** AWS: a description is at most 255 characters. */
export const MAX_DESCRIPTION_LENGTH = 255;

function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw ec2Errors.invalidParameterValue(`Value for parameter description is invalid. Length exceeds maximum of ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
}

/** A private address as CreateNetworkInterface's `PrivateIpAddresses` names it. */
export interface PrivateIpSpec { readonly ip?: string | undefined; readonly primary?: boolean | undefined }

export interface CreateUserInterfaceArgs extends CreateInterfaceArgs {
  readonly privateIpAddresses?: readonly PrivateIpSpec[] | undefined;
}

/**
 * `CreateNetworkInterface`: validate what only a user can get wrong, then make the ENI through `createInterface`
 * (subnet, groups and address checks live there). AWS: at most one entry of `PrivateIpAddresses` is `Primary`
 * (it may also be given as `PrivateIpAddress`, with the same value); `SecondaryPrivateIpAddressCount` cannot be
 * combined with more than one listed address.
 */
export function createUserInterface(tx: Tx, p: PartitionTx, args: CreateUserInterfaceArgs): NetworkInterface {
  const count = args.secondaryPrivateIpCount;
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    throw ec2Errors.invalidParameterValue(`Value (${count}) for parameter secondaryPrivateIpAddressCount is invalid. Must be a non-negative integer.`);
  }
  checkDescription(args.description);
  const list = args.privateIpAddresses ?? [];
  for (const a of list) if (a.ip === undefined || a.ip === '') throw ec2Errors.missingParameter('PrivateIpAddresses.N.PrivateIpAddress');
  const primaries = list.filter((a) => a.primary === true);
  if (primaries.length > 1) throw ec2Errors.invalidParameterValue('Only one primary private IP address can be specified.');
  const listedPrimary = primaries[0]?.ip;
  if (listedPrimary !== undefined && args.privateIp !== undefined && listedPrimary !== args.privateIp) {
    throw ec2Errors.invalidParameterCombination('The primary private IP address is specified twice with different values.');
  }
  // Without a Primary entry nor PrivateIpAddress, the first listed address is the primary one.
  const primary = args.privateIp ?? listedPrimary ?? list[0]?.ip;
  const secondaries = list.map((a) => a.ip!).filter((ip) => ip !== primary);
  if (new Set(secondaries).size !== secondaries.length) throw ec2Errors.invalidParameterValue('The private IP addresses specified must be unique.');
  if (count !== undefined && count > 0 && list.length > 1) {
    throw ec2Errors.invalidParameterCombination('The parameter secondaryPrivateIpAddressCount cannot be used with more than one private IP address in privateIpAddresses.');
  }
  if (1 + secondaries.length + (count ?? 0) > MAX_IPV4_UNATTACHED) throw limitExceeded();
  return createInterface(tx, p, { ...args, privateIp: primary, secondaryPrivateIps: secondaries, ipv6OnlyAllowed: true });
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

export interface AttachArgs {
  readonly networkInterfaceId: string;
  readonly instanceId: string;
  readonly deviceIndex: number;
  readonly networkCardIndex?: number | undefined;
}

/**
 * AttachNetworkInterface. AWS ("Attach a network interface"): the interface and the instance must be in the same
 * Availability Zone; a device index holds one interface; the instance type caps the number of interfaces
 * (`AttachmentLimitExceeded`); vpce instances have one network card (index 0). An interface attached later is
 * not deleted on termination.
 */
export function attachUserInterface(tx: Tx, p: PartitionTx, args: AttachArgs): NetworkInterface {
  const eni = mustGet(p, 'networkInterface', args.networkInterfaceId);
  const inst = mustGet(p, 'instance', args.instanceId);
  if (!Number.isInteger(args.deviceIndex) || args.deviceIndex < 0) {
    throw ec2Errors.invalidParameterValue(`Value (${args.deviceIndex}) for parameter deviceIndex is invalid. Must be a non-negative integer.`);
  }
  if (args.networkCardIndex !== undefined && args.networkCardIndex !== 0) {
    throw ec2Errors.invalidParameterValue(`Value (${args.networkCardIndex}) for parameter networkCardIndex is invalid. Instance type ${inst.instanceType} supports network card index 0 only.`);
  }
  if (inst.state !== 'running' && inst.state !== 'stopped') {
    throw ec2Errors.custom('IncorrectInstanceState', `The instance '${inst.id}' is not in a valid state for this operation.`);
  }
  if (eni.attachment || eni.status !== 'available') throw ec2Errors.custom('InvalidNetworkInterface.InUse', `Interface: [${eni.id}] in use.`);
  if (eni.requesterManaged) throw ec2Errors.invalidParameterValue(`Network interface '${eni.id}' is currently in use.`);
  if (eni.availabilityZone !== inst.availabilityZone) {
    throw ec2Errors.invalidParameterCombination('You may not attach a network interface to an instance if they are not in the same availability zone');
  }
  const attached = [...p.list('networkInterface')].filter((e) => e.attachment?.instanceId === inst.id);
  if (attached.some((e) => e.attachment!.deviceIndex === args.deviceIndex)) {
    throw ec2Errors.invalidParameterValue(`Instance '${inst.id}' already has an interface attached at device index '${args.deviceIndex}'.`);
  }
  const limits = typeLimits(inst.instanceType);
  if (attached.length >= limits.interfaces) {
    throw ec2Errors.custom('AttachmentLimitExceeded', `Interface count ${attached.length + 1} exceeds the limit for ${inst.instanceType}`);
  }
  if (1 + eni.secondaryPrivateIps.length > limits.ipv4PerInterface) throw limitExceeded();
  const next = attachInterface(tx, p, eni.id, inst.id, args.deviceIndex, false);
  p.put<Instance>({ ...inst, networkInterfaceIds: [...inst.networkInterfaceIds.filter((id) => id !== eni.id), eni.id] });
  for (const a of addressesOfInterface(p, eni.id)) p.put<Address>({ ...a, instanceId: inst.id });
  return next;
}

/** The interface holding an attachment, or `InvalidAttachmentID.NotFound`. */
function interfaceByAttachment(view: ReadView, attachmentId: string): NetworkInterface {
  for (const e of view.list('networkInterface')) if (e.attachment?.attachmentId === attachmentId) return e;
  throw ec2Errors.notFound('InvalidAttachmentID.NotFound', `Interface attachment '${attachmentId}' not found`);
}

/**
 * DetachNetworkInterface. AWS: "You can't detach the primary network interface" (device index 0:
 * `OperationNotPermitted`). `Force` changes nothing here: detaching is immediate.
 */
export function detachUserInterface(p: PartitionTx, attachmentId: string): NetworkInterface {
  const eni = interfaceByAttachment(p, attachmentId);
  const att = eni.attachment!;
  if (att.deviceIndex === 0) throw ec2Errors.custom('OperationNotPermitted', `The network interface at device index 0 cannot be detached.`);
  const inst = p.get('instance', att.instanceId);
  if (inst) p.put<Instance>({ ...inst, networkInterfaceIds: inst.networkInterfaceIds.filter((id) => id !== eni.id) });
  for (const a of addressesOfInterface(p, eni.id)) {
    const { instanceId: _i, ...rest } = a;
    p.put<Address>(rest);
  }
  const { attachment: _a, ...rest } = eni;
  return p.put<NetworkInterface>({ ...rest, status: 'available' });
}

/** A user's own interface (not one another service manages). */
function userInterface(p: ReadView, id: string): NetworkInterface {
  const eni = mustGet(p, 'networkInterface', id);
  if (eni.requesterManaged) throw ec2Errors.invalidParameterValue(`Network interface '${id}' is currently in use.`);
  return eni;
}

export interface AssignArgs {
  readonly networkInterfaceId: string;
  readonly privateIps?: readonly string[] | undefined;
  readonly count?: number | undefined;
  readonly allowReassignment?: boolean | undefined;
}

/**
 * AssignPrivateIpAddresses. AWS: give addresses or a count, not both; an address another interface holds as a
 * secondary moves only with `AllowReassignment` (else `InvalidIPAddress.InUse`); a primary address never moves;
 * the total is capped by the instance type once attached (`PrivateIpAddressLimitExceeded`).
 */
export function assignPrivateIps(p: PartitionTx, args: AssignArgs): { eni: NetworkInterface; assigned: string[] } {
  const eni = userInterface(p, args.networkInterfaceId);
  const ips = args.privateIps ?? [];
  if (ips.length === 0 && args.count === undefined) throw ec2Errors.missingParameter('PrivateIpAddress or SecondaryPrivateIpAddressCount');
  if (ips.length > 0 && args.count !== undefined) {
    throw ec2Errors.invalidParameterCombination('The parameters privateIpAddress and secondaryPrivateIpAddressCount cannot be used together.');
  }
  if (args.count !== undefined && (!Number.isInteger(args.count) || args.count < 1)) {
    throw ec2Errors.invalidParameterValue(`Value (${args.count}) for parameter secondaryPrivateIpAddressCount is invalid. Must be a positive integer.`);
  }
  const subnet = mustGet(p, 'subnet', eni.subnetId);
  if (eni.privateIp === undefined) throw ipv4InIpv6Only(subnet.id);
  const fresh = [...new Set(ips)].filter((ip) => !eni.secondaryPrivateIps.includes(ip));
  if (ips.includes(eni.privateIp)) throw ec2Errors.invalidParameterValue(`Address ${eni.privateIp} is the primary private IP address of ${eni.id}.`);
  if (eni.secondaryPrivateIps.length + 1 + fresh.length + (args.count ?? 0) > ipv4Limit(p, eni)) throw limitExceeded();
  // Addresses to take from other interfaces of the subnet (checked before anything changes).
  const moves: NetworkInterface[] = [];
  for (const ip of fresh) {
    const holder = [...p.childrenOf(eni.subnetId, 'networkInterface')].find((e) => e.id !== eni.id && (e.privateIp === ip || e.secondaryPrivateIps.includes(ip)));
    if (!holder) continue;
    if (holder.privateIp === ip || args.allowReassignment !== true || holder.requesterManaged) {
      throw ec2Errors.custom('InvalidIPAddress.InUse', `Address ${ip} is in use.`);
    }
    moves.push(holder);
  }
  for (const ip of fresh) {
    if (!moves.some((m) => m.secondaryPrivateIps.includes(ip))) allocateAddress(p, subnet, ip, new Set());
  }
  for (const holder of moves) {
    const current = p.get('networkInterface', holder.id)!;
    const taken = new Set(fresh.filter((ip) => current.secondaryPrivateIps.includes(ip)));
    p.put<NetworkInterface>({ ...current, secondaryPrivateIps: current.secondaryPrivateIps.filter((ip) => !taken.has(ip)) });
    dropAssociationsOf(p, holder.id, taken);
  }
  const assigned = [...fresh];
  for (let i = 0; i < (args.count ?? 0); i++) {
    assigned.push(allocateAddress(p, subnet, undefined, new Set([...assigned, eni.privateIp, ...eni.secondaryPrivateIps])));
  }
  const next = p.put<NetworkInterface>({ ...eni, secondaryPrivateIps: [...eni.secondaryPrivateIps, ...assigned] });
  return { eni: next, assigned };
}

/**
 * UnassignPrivateIpAddresses. AWS: only secondary addresses of the interface can be unassigned
 * (`InvalidParameterValue` otherwise); an Elastic IP on one of them is disassociated.
 */
export function unassignPrivateIps(p: PartitionTx, eniId: string, ips: readonly string[]): void {
  const eni = userInterface(p, eniId);
  if (ips.length === 0) throw ec2Errors.missingParameter('PrivateIpAddress');
  if (eni.privateIp !== undefined && ips.includes(eni.privateIp)) throw ec2Errors.invalidParameterValue(`The primary private IP address ${eni.privateIp} of ${eni.id} cannot be unassigned.`);
  const missing = ips.filter((ip) => !eni.secondaryPrivateIps.includes(ip));
  if (missing.length > 0) throw ec2Errors.invalidParameterValue(`Some of the specified addresses are not assigned to interface ${eni.id}`);
  const gone = new Set(ips);
  p.put<NetworkInterface>({ ...eni, secondaryPrivateIps: eni.secondaryPrivateIps.filter((ip) => !gone.has(ip)) });
  dropAssociationsOf(p, eni.id, gone);
}

/** One attribute of ModifyNetworkInterfaceAttribute. */
export type InterfaceChange =
  | { readonly attribute: 'description'; readonly value: string }
  | { readonly attribute: 'sourceDestCheck'; readonly value: boolean }
  | { readonly attribute: 'groupSet'; readonly groupIds: readonly string[] }
  | { readonly attribute: 'attachment'; readonly attachmentId: string | undefined; readonly deleteOnTermination: boolean | undefined }
  | { readonly attribute: 'associatePublicIpAddress'; readonly value: boolean }
  | { readonly attribute: 'enablePrimaryIpv6'; readonly value: boolean };

/** ModifyNetworkInterfaceAttribute / ResetNetworkInterfaceAttribute: one attribute per call (AWS). */
export function modifyInterface(tx: Tx, p: PartitionTx, eniId: string, change: InterfaceChange): NetworkInterface {
  const eni = mustGet(p, 'networkInterface', eniId);
  switch (change.attribute) {
    case 'description':
      checkDescription(change.value);
      return p.put<NetworkInterface>({ ...eni, description: change.value });
    case 'sourceDestCheck':
      return p.put<NetworkInterface>({ ...eni, sourceDestCheck: change.value });
    case 'groupSet': {
      const groupIds = [...new Set(change.groupIds)];
      checkGroupsForVpc(p, eni.vpcId, groupIds);
      const next = p.put<NetworkInterface>({ ...eni, groupIds });
      // AWS: an instance's security groups are those of its primary interface.
      const inst = eni.attachment?.deviceIndex === 0 ? p.get('instance', eni.attachment.instanceId) : undefined;
      if (inst) p.put<Instance>({ ...inst, groupIds });
      return next;
    }
    case 'attachment': {
      if (change.attachmentId === undefined) throw ec2Errors.missingParameter('Attachment.AttachmentId');
      if (eni.attachment?.attachmentId !== change.attachmentId) {
        throw ec2Errors.notFound('InvalidAttachmentID.NotFound', `Interface attachment '${change.attachmentId}' not found`);
      }
      if (change.deleteOnTermination === undefined) return eni;
      return p.put<NetworkInterface>({ ...eni, attachment: { ...eni.attachment, deleteOnTermination: change.deleteOnTermination } });
    }
    case 'associatePublicIpAddress':
      return setAutoPublicIp(tx, p, eni, change.value);
    case 'enablePrimaryIpv6':
      return setPrimaryIpv6(p, eni, change.value);
  }
}

/**
 * AWS (ModifyNetworkInterfaceAttribute `EnablePrimaryIpv6`): the first IPv6 GUA address of the interface becomes
 * its primary IPv6 address; the interface needs an IPv6 address, and once enabled it cannot be disabled.
 */
function setPrimaryIpv6(p: PartitionTx, eni: NetworkInterface, on: boolean): NetworkInterface {
  if (eni.primaryIpv6 === true) {
    if (!on) throw ec2Errors.invalidParameterValue(`Primary IPv6 cannot be disabled for network interface '${eni.id}' once it is enabled.`);
    return eni;
  }
  if (!on) return eni;
  const subnet = mustGet(p, 'subnet', eni.subnetId);
  if (associatedIpv6Blocks(subnet).length === 0) {
    throw ec2Errors.invalidParameterValue(`Invalid value for parameter enablePrimaryIpv6: subnet '${subnet.id}' does not have an IPv6 CIDR block.`);
  }
  if (eni.ipv6Addresses.length === 0) {
    throw ec2Errors.invalidParameterCombination(`enablePrimaryIpv6 requires an IPv6 address on network interface '${eni.id}': assign one first.`);
  }
  return p.put<NetworkInterface>({ ...eni, primaryIpv6: true });
}

/**
 * AWS (ModifyNetworkInterfaceAttribute `AssociatePublicIpAddress`): an interface gains or gives back an
 * Amazon-assigned public IPv4 address on its primary private IP; an Elastic IP there takes precedence.
 */
function setAutoPublicIp(tx: Tx, p: PartitionTx, eni: NetworkInterface, on: boolean): NetworkInterface {
  const inst = eni.attachment?.deviceIndex === 0 ? p.get('instance', eni.attachment.instanceId) : undefined;
  if (!on) {
    const { publicIp: _ip, publicIpReleased: _r, ...rest } = eni;
    if (inst?.publicIp !== undefined) { const { publicIp: _p, ...instRest } = inst; p.put<Instance>(instRest); }
    return p.put<NetworkInterface>(rest);
  }
  if (eni.publicIp !== undefined) return eni;
  if (eni.privateIp === undefined) throw publicIpv4InIpv6Only(eni.subnetId);
  if (addressesOfInterface(p, eni.id).some((a) => (a.privateIp ?? eni.privateIp) === eni.privateIp)) {
    return p.put<NetworkInterface>({ ...eni, publicIpReleased: true });
  }
  const publicIp = allocatePublicIp(p, tx.ids, p.region);
  if (inst) p.put<Instance>({ ...inst, publicIp });
  return p.put<NetworkInterface>({ ...eni, publicIp });
}

/** Drop the association of any Elastic IP that points at this ENI (the address stays allocated). */
function releaseElasticIps(p: PartitionTx, eniId: string): void {
  for (const a of addressesOfInterface(p, eniId)) {
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
  if (eni.attachment?.deleteOnTermination ?? true) {
    releaseElasticIps(p, eniId);
    p.remove(eniId);
    return;
  }
  for (const a of addressesOfInterface(p, eniId)) {
    const { instanceId: _i, ...rest } = a;
    p.put<Address>(rest);
  }
  const { attachment: _att, publicIp: _ip, publicIpReleased: _r, ...rest } = eni;
  p.put<NetworkInterface>({ ...rest, status: 'available' });
}

/**
 * Delete a user's ENI. AWS: an interface managed by another service (requester-managed: endpoints, NAT gateways,
 * load balancers) answers `InvalidParameterValue` "Network interface '…' is currently in use."; an attached one
 * `InvalidNetworkInterface.InUse` "Interface: [eni-…] in use.". An associated Elastic IP is disassociated.
 */
export function deleteUserInterface(p: PartitionTx, id: string): void {
  const eni = mustGet(p, 'networkInterface', id);
  if (eni.requesterManaged || !USER_INTERFACE_TYPES.has(eni.interfaceType)) {
    throw ec2Errors.invalidParameterValue(`Network interface '${id}' is currently in use.`);
  }
  if (eni.attachment) throw ec2Errors.custom('InvalidNetworkInterface.InUse', `Interface: [${id}] in use.`);
  releaseElasticIps(p, id);
  p.remove(id);
}

/** Interface types a user creates (the others belong to the service that made them). */
const USER_INTERFACE_TYPES: ReadonlySet<NetworkInterface['interfaceType']> = new Set(['interface', 'efa', 'trunk']);
