/**
 * @module NAT gateways: a requester-managed interface in a subnet and, for a public gateway, an Elastic IP.
 * AWS ("NAT gateways"): a public NAT gateway needs an Elastic IP that is not associated; a private one has none;
 * a public gateway in a VPC without an attached internet gateway fails (`Gateway.NotAttached`); a deleted gateway
 * stays visible as `deleted` for about an hour.
 */
import { ec2Errors } from '../errors/ec2.js';
import { associateWithInterface, disassociateAddress } from './address.js';
import { mustGet } from './lookup.js';
import { createInterface } from './network-interface.js';
import type { NatGateway } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** How long Describe shows a deleted gateway. */
export const NAT_AFTERLIFE_MS = 3600 * 1000;

/** AWS: "NAT gateways per Availability Zone: 5" (default quota). */
export const MAX_NAT_GATEWAYS_PER_ZONE = 5;

export interface CreateNatGatewayArgs {
  readonly subnetId?: string | undefined;
  readonly allocationId?: string | undefined;
  readonly connectivityType?: string | undefined;
  readonly privateIpAddress?: string | undefined;
  readonly tags?: Tags;
}

export function createNatGateway(tx: Tx, p: PartitionTx, args: CreateNatGatewayArgs): NatGateway {
  if (args.subnetId === undefined) throw ec2Errors.missingParameter('SubnetId');
  const connectivity = args.connectivityType ?? 'public';
  if (connectivity !== 'public' && connectivity !== 'private') {
    throw ec2Errors.invalidParameterValue(`Value (${connectivity}) for parameter connectivityType is invalid. Valid values: public, private`);
  }
  const subnet = mustGet(p, 'subnet', args.subnetId);
  if (connectivity === 'public' && args.allocationId === undefined) throw ec2Errors.missingParameter('AllocationId');
  if (connectivity === 'private' && args.allocationId !== undefined) {
    throw ec2Errors.invalidParameterCombination('An Elastic IP address cannot be associated with a private NAT gateway.');
  }
  const address = args.allocationId !== undefined ? mustGet(p, 'address', args.allocationId) : undefined;
  if (address?.associationId !== undefined) {
    throw ec2Errors.custom('Resource.AlreadyAssociated', `Elastic IP address [${address.id}] is already associated`);
  }
  let inZone = 0;
  for (const n of p.list('natGateway')) {
    if (n.state !== 'deleted' && n.state !== 'failed' && p.get('subnet', n.subnetId)?.availabilityZone === subnet.availabilityZone) inZone++;
  }
  if (inZone >= MAX_NAT_GATEWAYS_PER_ZONE) throw ec2Errors.custom('NatGatewayLimitExceeded', 'The maximum number of NAT gateways has been reached.');
  const id = tx.ids.next('natGateway');
  const base = {
    kind: 'natGateway' as const, id, ownerId: p.account, tags: args.tags ?? [], vpcId: subnet.vpcId, subnetId: subnet.id,
    connectivityType: connectivity as NatGateway['connectivityType'], createdAt: tx.clock.now(),
    ...(address ? { allocationId: address.id } : {}),
  };
  const igwAttached = [...p.list('internetGateway')].some((g) => g.attachedVpcId === subnet.vpcId);
  if (connectivity === 'public' && !igwAttached) {
    return p.put<NatGateway>({ ...base, state: 'failed', failureCode: 'Gateway.NotAttached', failureMessage: `Network ${subnet.vpcId} has no Internet gateway attached` });
  }
  const eni = createInterface(tx, p, {
    subnetId: subnet.id, privateIp: args.privateIpAddress, description: `Interface for NAT Gateway ${id}`,
    interfaceType: 'nat_gateway', requesterManaged: true, requesterId: 'AWS',
    ...(address ? { publicIp: address.publicIp } : {}),
  });
  // Not `ipv6OnlyAllowed`: a NAT gateway's interface always has a private IPv4 address.
  const privateIp = eni.privateIp!;
  const assoc = address ? associateWithInterface(tx, p, address.id, { id: eni.id, privateIp }) : undefined;
  return p.put<NatGateway>({
    ...base, state: 'available', networkInterfaceId: eni.id, privateIp,
    ...(assoc ? { publicIp: assoc.publicIp, associationId: assoc.associationId! } : {}),
  });
}

/** Delete: state `deleted`, the interface removed and the Elastic IP freed. Deleting a deleted gateway is a no-op. */
export function deleteNatGateway(tx: Tx, p: PartitionTx, natId: string): NatGateway {
  const nat = mustGetNatGateway(p, natId, tx.clock.now());
  if (nat.state === 'deleted') return nat;
  if (nat.networkInterfaceId !== undefined) p.remove(nat.networkInterfaceId);
  if (nat.allocationId !== undefined) disassociateAddress(p, nat.allocationId);
  return p.put({ ...nat, state: 'deleted' as const, deletedAt: tx.clock.now() });
}

/** Whether Describe still shows the gateway. */
export function natGatewayVisible(n: NatGateway, now: number): boolean {
  return !(n.state === 'deleted' || n.state === 'failed') || now - (n.deletedAt ?? n.createdAt) < NAT_AFTERLIFE_MS;
}

/** A visible gateway or `NatGatewayNotFound`. */
export function mustGetNatGateway(view: ReadView, id: string, now: number): NatGateway {
  const n = mustGet(view, 'natGateway', id);
  if (!natGatewayVisible(n, now)) throw ec2Errors.notFound('NatGatewayNotFound', `The Nat Gateway ${id} was not found`);
  return n;
}
