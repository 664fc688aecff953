/**
 * @module Elastic IP addresses: allocate from the Region's public pool (or recover a named address), associate with
 * an instance or a network interface, disassociate, release. AWS ("Elastic IP addresses"): 5 per Region by
 * default; an address that is associated cannot be released.
 */
import { ec2Errors } from '../errors/ec2.js';
import { parseIp } from '../shared/cidr.js';
import { mustGet } from './lookup.js';
import { allocatePublicIp, publicIpsInUse, publicPool } from './public-ip.js';
import type { Address, Instance, NetworkInterface } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: "Elastic IP addresses per Region: 5" (default quota). */
export const MAX_ADDRESSES_PER_REGION = 5;

/** The only public IPv4 pool vpce has: Amazon's. */
export const AMAZON_POOL = 'amazon';

export interface AllocateArgs {
  readonly domain?: string | undefined;
  readonly address?: string | undefined;
  readonly publicIpv4Pool?: string | undefined;
  readonly networkBorderGroup?: string | undefined;
  readonly customerOwnedIpv4Pool?: string | undefined;
  readonly ipamPoolId?: string | undefined;
  readonly tags?: Tags;
}

/**
 * AWS: a network border group other than the Region's own is a Local Zone or Wavelength Zone group; vpce
 * models none, so any other value names a group that does not exist.
 */
export function checkNetworkBorderGroup(region: string, group: string | undefined): void {
  if (group === undefined || group === region) return;
  throw ec2Errors.invalidParameterValue(`Value (${group}) for parameter networkBorderGroup is invalid. The network border group '${group}' does not exist.`);
}

/** Whether an address lies in the Region's public pool. */
function inPool(region: string, value: bigint): boolean {
  return publicPool(region).some((c) => value >= c.network && value < c.network + (1n << BigInt(32 - c.prefix)));
}

/** Every public address held by any account of the Region (a recovered address must be free everywhere). */
function heldInRegion(tx: Tx, region: string): Set<string> {
  const held = new Set<string>();
  for (const account of tx.accountsIn(region)) for (const ip of publicIpsInUse(tx.in(account, region))) held.add(ip);
  return held;
}

export function allocateElasticIp(tx: Tx, p: PartitionTx, args: AllocateArgs): Address {
  // AWS: EC2-Classic is retired, so `vpc` is the only domain.
  if (args.domain !== undefined && args.domain !== 'vpc') {
    throw ec2Errors.invalidParameterValue(`Value (${args.domain}) for parameter domain is invalid. Valid values: vpc`);
  }
  // AWS: an address comes from one pool: Amazon's (or a BYOIP pool), an IPAM pool, or a customer-owned pool.
  if (args.customerOwnedIpv4Pool !== undefined && (args.publicIpv4Pool !== undefined || args.ipamPoolId !== undefined)) {
    throw ec2Errors.invalidParameterCombination('The parameter customerOwnedIpv4Pool cannot be used with the parameters publicIpv4Pool or ipamPoolId.');
  }
  if (args.publicIpv4Pool !== undefined && args.ipamPoolId !== undefined) {
    throw ec2Errors.invalidParameterCombination('The parameter publicIpv4Pool cannot be used with the parameter ipamPoolId.');
  }
  // vpce has Amazon's pool only: a BYOIP pool, an IPAM pool or an Outposts customer-owned pool never exists here.
  if (args.publicIpv4Pool !== undefined && args.publicIpv4Pool !== AMAZON_POOL) {
    throw ec2Errors.notFound('InvalidPublicIpv4PoolID.NotFound', `The publicIpv4Pool ID '${args.publicIpv4Pool}' does not exist`);
  }
  if (args.ipamPoolId !== undefined) {
    throw ec2Errors.notFound('InvalidIpamPoolId.NotFound', `The pool ID '${args.ipamPoolId}' does not exist.`);
  }
  if (args.customerOwnedIpv4Pool !== undefined) {
    throw ec2Errors.notFound('InvalidCoipPoolId.NotFound', `The coip pool ID '${args.customerOwnedIpv4Pool}' does not exist.`);
  }
  checkNetworkBorderGroup(p.region, args.networkBorderGroup);
  let wanted: string | undefined;
  if (args.address !== undefined) {
    const ip = parseIp(args.address);
    if (!ip || ip.family !== 4) throw ec2Errors.invalidParameterValue(`Value (${args.address}) for parameter address is invalid. Invalid IPv4 address.`);
    // AWS: an address can be recovered only while no one else holds it; one outside the pool was never Amazon's to give.
    if (!inPool(p.region, ip.value) || heldInRegion(tx, p.region).has(args.address)) {
      throw ec2Errors.notFound('InvalidAddress.NotFound', `Address '${args.address}' not found.`);
    }
    wanted = args.address;
  }
  if (p.count('address') >= MAX_ADDRESSES_PER_REGION) {
    throw ec2Errors.custom('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
  }
  const publicIp = wanted ?? allocatePublicIp(p, tx.ids, p.region);
  return p.put<Address>({ kind: 'address', id: tx.ids.next('address'), ownerId: p.account, tags: args.tags ?? [], publicIp, domain: 'vpc' });
}

/** The address with this public IP, or `InvalidAddress.NotFound`. */
export function mustGetByPublicIp(view: ReadView, publicIp: string): Address {
  for (const a of view.list('address')) if (a.publicIp === publicIp) return a;
  throw ec2Errors.notFound('InvalidAddress.NotFound', `Address '${publicIp}' not found.`);
}

/** The address named by allocation ID or (deprecated) public IP. */
function addressNamed(p: ReadView, allocationId: string | undefined, publicIp: string | undefined): Address {
  if (allocationId === undefined && publicIp === undefined) throw ec2Errors.missingParameter('AllocationId');
  if (allocationId !== undefined && publicIp !== undefined) throw ec2Errors.invalidParameterCombination('Only one of AllocationId and PublicIp may be specified.');
  return allocationId !== undefined ? mustGet(p, 'address', allocationId) : mustGetByPublicIp(p, publicIp!);
}

export function releaseAddress(p: PartitionTx, args: { allocationId?: string | undefined; publicIp?: string | undefined; networkBorderGroup?: string | undefined }): void {
  const addr = addressNamed(p, args.allocationId, args.publicIp);
  checkNetworkBorderGroup(p.region, args.networkBorderGroup);
  // AWS: "You must disassociate the Elastic IP address before you can release it" (InvalidIPAddress.InUse).
  if (addr.associationId !== undefined) throw ec2Errors.custom('InvalidIPAddress.InUse', `Address ${addr.publicIp} is in use.`);
  p.remove(addr.id);
}

/** Associate a free address with an interface (used by NAT gateways). */
export function associateWithInterface(tx: Tx, p: PartitionTx, allocationId: string, eni: { id: string; privateIp: string }): Address {
  const addr = mustGet(p, 'address', allocationId);
  if (addr.associationId !== undefined) {
    throw ec2Errors.custom('Resource.AlreadyAssociated', `resource ${allocationId} is already associated with associate-id ${addr.associationId}`);
  }
  return p.put({ ...addr, associationId: tx.ids.next('addressAssociation'), networkInterfaceId: eni.id, privateIp: eni.privateIp });
}

/** An address without its association. */
function unassociated(addr: Address): Address {
  const { associationId: _a, networkInterfaceId: _n, privateIp: _p, instanceId: _i, ...rest } = addr;
  return rest;
}

/** Drop an address's association (the NAT gateway or interface that held it is gone). */
export function disassociateAddress(p: PartitionTx, allocationId: string): void {
  const addr = p.get('address', allocationId);
  if (!addr || addr.associationId === undefined) return;
  p.put<Address>(unassociated(addr));
}

export interface AssociateArgs {
  readonly allocationId?: string | undefined;
  readonly publicIp?: string | undefined;
  readonly instanceId?: string | undefined;
  readonly networkInterfaceId?: string | undefined;
  readonly privateIp?: string | undefined;
  readonly allowReassociation?: boolean | undefined;
}

/** The instance's interfaces that are attached, device 0 first. */
function attachedInterfaces(p: ReadView, inst: Instance): NetworkInterface[] {
  return inst.networkInterfaceIds.map((id) => p.get('networkInterface', id))
    .filter((e): e is NetworkInterface => e?.attachment?.instanceId === inst.id)
    .sort((a, b) => a.attachment!.deviceIndex - b.attachment!.deviceIndex);
}

/** The interface an association targets: the named one, or the only interface of the named instance. */
function targetInterface(p: PartitionTx, args: AssociateArgs): NetworkInterface {
  if (args.instanceId === undefined && args.networkInterfaceId === undefined) throw ec2Errors.missingParameter('InstanceId');
  if (args.networkInterfaceId !== undefined) {
    const eni = mustGet(p, 'networkInterface', args.networkInterfaceId);
    // AWS: an instance ID given with an interface must be the instance the interface is attached to.
    if (args.instanceId !== undefined) {
      mustGet(p, 'instance', args.instanceId);
      if (eni.attachment?.instanceId !== args.instanceId) {
        throw ec2Errors.invalidParameterCombination(`Network interface '${eni.id}' is not attached to instance '${args.instanceId}'.`);
      }
    }
    return eni;
  }
  const inst = mustGet(p, 'instance', args.instanceId!);
  // AWS answers an instance in the wrong state with `InvalidInstanceID` ("The pending instance 'i-…' is not in a
  // valid state for this operation.", which Terraform's aws_eip retries on).
  if (inst.state === 'terminated' || inst.state === 'shutting-down') {
    throw ec2Errors.custom('InvalidInstanceID', `The ${inst.state} instance '${inst.id}' is not in a valid state for this operation.`);
  }
  const enis = attachedInterfaces(p, inst);
  // AWS: "The instance must have exactly one attached network interface" when only the instance is named.
  if (enis.length !== 1) {
    throw ec2Errors.custom('InvalidInstanceID', `There are multiple interfaces attached to instance '${inst.id}'. Please specify an interface ID for the operation instead.`);
  }
  return enis[0]!;
}

/**
 * AssociateAddress. AWS: the address goes on the interface's primary private IP unless another of its addresses
 * is named; an address already associated elsewhere moves (reassociation is automatic) unless
 * `AllowReassociation` is false (`Resource.AlreadyAssociated`); an Elastic IP already on the target private IP is
 * disassociated; the VPC needs an internet gateway (`Gateway.NotAttached`); the auto-assigned public IPv4 address
 * of the primary private IP is released to Amazon's pool.
 */
export function associateAddress(tx: Tx, p: PartitionTx, args: AssociateArgs): Address {
  const addr = addressNamed(p, args.allocationId, args.publicIp);
  const eni = targetInterface(p, args);
  if (eni.requesterManaged) {
    throw ec2Errors.invalidParameterValue(`Network interface '${eni.id}' is managed by another service and cannot take an Elastic IP address.`);
  }
  const privateIp = args.privateIp ?? eni.privateIp;
  // AWS ("IPv6-only subnets"): an Elastic IP maps to a private IPv4 address, which an IPv6-only interface lacks.
  if (privateIp === undefined) {
    throw ec2Errors.invalidParameterValue(`Network interface '${eni.id}' has no private IPv4 address (it is in an IPv6-only subnet) and cannot take an Elastic IP address.`);
  }
  if (privateIp !== eni.privateIp && !eni.secondaryPrivateIps.includes(privateIp)) {
    throw ec2Errors.invalidParameterValue(`The private IP address ${privateIp} is not assigned to network interface ${eni.id}.`);
  }
  if (!gatewayAttached(p, eni.vpcId)) {
    throw ec2Errors.custom('Gateway.NotAttached', `Network ${eni.vpcId} is not attached to any internet gateway`);
  }
  const same = addr.networkInterfaceId === eni.id && (addr.privateIp ?? eni.privateIp) === privateIp;
  // AWS: "This is an idempotent operation": the same association again is answered with the same ID.
  if (same) return addr;
  if (addr.associationId !== undefined) {
    if (args.allowReassociation === false) {
      throw ec2Errors.custom('Resource.AlreadyAssociated', `resource ${addr.id} is already associated with associate-id ${addr.associationId}`);
    }
    leaveInterface(tx, p, addr);
  }
  for (const other of [...p.list('address')]) {
    if (other.id !== addr.id && other.networkInterfaceId === eni.id && (other.privateIp ?? eni.privateIp) === privateIp) leaveInterface(tx, p, other);
  }
  const current = p.get('networkInterface', eni.id)!;
  if (privateIp === current.privateIp && current.publicIp !== undefined) releaseAutoPublicIp(p, current);
  return p.put<Address>({
    ...unassociated(p.get('address', addr.id)!), associationId: tx.ids.next('addressAssociation'), networkInterfaceId: eni.id, privateIp,
    ...(current.attachment ? { instanceId: current.attachment.instanceId } : {}),
  });
}

function gatewayAttached(p: ReadView, vpcId: string): boolean {
  for (const g of p.list('internetGateway')) if (g.attachedVpcId === vpcId) return true;
  return false;
}

/** The auto-assigned public address goes back to the pool; the interface remembers it had one. */
function releaseAutoPublicIp(p: PartitionTx, eni: NetworkInterface): void {
  const { publicIp: _ip, ...rest } = eni;
  p.put<NetworkInterface>({ ...rest, publicIpReleased: true });
  const instanceId = eni.attachment?.deviceIndex === 0 ? eni.attachment.instanceId : undefined;
  const inst = instanceId !== undefined ? p.get('instance', instanceId) : undefined;
  if (inst?.publicIp !== undefined) {
    const { publicIp: _p, ...instRest } = inst;
    p.put<Instance>(instRest);
  }
}

/**
 * An Elastic IP leaves an interface. AWS ("Elastic IP addresses"): when the address leaves the primary private
 * IP of an instance's primary interface that had an auto-assigned public address, and the instance has no other
 * interface, the instance gets a new public IPv4 address.
 */
function leaveInterface(tx: Tx, p: PartitionTx, addr: Address): void {
  p.put<Address>(unassociated(addr));
  const eni = addr.networkInterfaceId !== undefined ? p.get('networkInterface', addr.networkInterfaceId) : undefined;
  if (!eni || !eni.publicIpReleased || (addr.privateIp ?? eni.privateIp) !== eni.privateIp) return;
  const inst = eni.attachment ? p.get('instance', eni.attachment.instanceId) : undefined;
  if (inst && attachedInterfaces(p, inst).length > 1) return;
  const { publicIpReleased: _r, ...rest } = eni;
  const publicIp = allocatePublicIp(p, tx.ids, p.region);
  p.put<NetworkInterface>({ ...rest, publicIp });
  if (inst && eni.attachment?.deviceIndex === 0) p.put<Instance>({ ...inst, publicIp });
}

/** Addresses associated with an interface (all its private IPs), for callers that remove or change it. */
export function addressesOfInterface(p: ReadView, eniId: string): Address[] {
  return [...p.list('address')].filter((a) => a.networkInterfaceId === eniId);
}

/**
 * DisassociateAddress. AWS: an unknown association is `InvalidAssociationID.NotFound`; the address of a NAT
 * gateway (a requester-managed interface) cannot be taken away by the user (`AuthFailure`).
 */
export function disassociateByAssociation(tx: Tx, p: PartitionTx, args: { associationId?: string | undefined; publicIp?: string | undefined }): void {
  if (args.associationId === undefined && args.publicIp === undefined) throw ec2Errors.missingParameter('AssociationId');
  if (args.associationId !== undefined && args.publicIp !== undefined) throw ec2Errors.invalidParameterCombination('Only one of AssociationId and PublicIp may be specified.');
  let addr: Address | undefined;
  if (args.associationId !== undefined) {
    for (const a of p.list('address')) if (a.associationId === args.associationId) addr = a;
    if (!addr) throw ec2Errors.notFound('InvalidAssociationID.NotFound', `The association ID '${args.associationId}' does not exist`);
  } else {
    addr = mustGetByPublicIp(p, args.publicIp!);
    if (addr.associationId === undefined) return;
  }
  const eni = addr.networkInterfaceId !== undefined ? p.get('networkInterface', addr.networkInterfaceId) : undefined;
  if (eni?.requesterManaged) throw ec2Errors.authFailure('You do not have permission to access the specified resource.');
  leaveInterface(tx, p, addr);
}

/** Elastic IPs on private IPs an interface no longer has lose their association (AWS: UnassignPrivateIpAddresses). */
export function dropAssociationsOf(p: PartitionTx, eniId: string, privateIps: ReadonlySet<string>): void {
  for (const a of addressesOfInterface(p, eniId)) if (a.privateIp !== undefined && privateIps.has(a.privateIp)) p.put<Address>(unassociated(a));
}
