/**
 * @module Elastic IP addresses: allocate from the Region's public pool, release, and the association a NAT
 * gateway makes. AWS ("Elastic IP addresses"): 5 per Region by default; an address that is associated cannot be
 * released.
 */
import { ec2Errors } from '../errors/ec2.js';
import { mustGet } from './lookup.js';
import { allocatePublicIp } from './public-ip.js';
import type { Address } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: "Elastic IP addresses per Region: 5" (default quota). */
export const MAX_ADDRESSES_PER_REGION = 5;

export function allocateElasticIp(tx: Tx, p: PartitionTx, args: { domain?: string | undefined; tags?: Tags }): Address {
  // AWS: EC2-Classic is retired, so `vpc` is the only domain.
  if (args.domain !== undefined && args.domain !== 'vpc') {
    throw ec2Errors.invalidParameterValue(`Value (${args.domain}) for parameter domain is invalid. Valid values: vpc`);
  }
  if (p.count('address') >= MAX_ADDRESSES_PER_REGION) {
    throw ec2Errors.custom('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
  }
  const publicIp = allocatePublicIp(p, tx.ids, p.region);
  return p.put<Address>({ kind: 'address', id: tx.ids.next('address'), ownerId: p.account, tags: args.tags ?? [], publicIp, domain: 'vpc' });
}

/** The address with this public IP, or `InvalidAddress.NotFound`. */
export function mustGetByPublicIp(view: ReadView, publicIp: string): Address {
  for (const a of view.list('address')) if (a.publicIp === publicIp) return a;
  throw ec2Errors.notFound('InvalidAddress.NotFound', `Address '${publicIp}' not found.`);
}

export function releaseAddress(p: PartitionTx, args: { allocationId?: string | undefined; publicIp?: string | undefined }): void {
  if (args.allocationId === undefined && args.publicIp === undefined) throw ec2Errors.missingParameter('AllocationId');
  if (args.allocationId !== undefined && args.publicIp !== undefined) throw ec2Errors.invalidParameterCombination('Only one of AllocationId and PublicIp may be specified.');
  const addr = args.allocationId !== undefined ? mustGet(p, 'address', args.allocationId) : mustGetByPublicIp(p, args.publicIp!);
  if (addr.associationId !== undefined) throw ec2Errors.custom('InvalidIPAddress.InUse', `Address ${addr.publicIp} is in use.`);
  p.remove(addr.id);
}

/** Associate a free address with an interface (used by NAT gateways). */
export function associateWithInterface(tx: Tx, p: PartitionTx, allocationId: string, eni: { id: string; privateIp: string }): Address {
  const addr = mustGet(p, 'address', allocationId);
  if (addr.associationId !== undefined) {
    throw ec2Errors.custom('Resource.AlreadyAssociated', `Elastic IP address [${allocationId}] is already associated`);
  }
  return p.put({ ...addr, associationId: tx.ids.next('addressAssociation'), networkInterfaceId: eni.id, privateIp: eni.privateIp });
}

/** Drop an address's association (the NAT gateway or interface that held it is gone). */
export function disassociateAddress(p: PartitionTx, allocationId: string): void {
  const addr = p.get('address', allocationId);
  if (!addr || addr.associationId === undefined) return;
  const { associationId: _a, networkInterfaceId: _n, privateIp: _p, instanceId: _i, ...rest } = addr;
  p.put<Address>(rest);
}
