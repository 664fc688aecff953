/**
 * @module Internet gateways: create, attach to one VPC, detach, delete.
 * AWS ("Internet gateways", AttachInternetGateway): a VPC has at most one internet gateway and a gateway is
 * attached to at most one VPC; a gateway must be detached before it is deleted.
 */
import { ec2Errors } from '../errors/ec2.js';
import { mustGet } from './lookup.js';
import type { InternetGateway } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, Tx } from './world.js';

export function createInternetGateway(tx: Tx, p: PartitionTx, tags: Tags = []): InternetGateway {
  return p.put<InternetGateway>({ kind: 'internetGateway', id: tx.ids.next('internetGateway'), ownerId: p.account, tags });
}

export function attachInternetGateway(p: PartitionTx, igwId: string, vpcId: string): InternetGateway {
  const igw = mustGet(p, 'internetGateway', igwId);
  const vpc = mustGet(p, 'vpc', vpcId);
  if (igw.attachedVpcId !== undefined) {
    throw ec2Errors.custom('Resource.AlreadyAssociated', `resource ${igw.id} is already attached to network ${igw.attachedVpcId}`);
  }
  for (const other of p.list('internetGateway')) {
    if (other.attachedVpcId === vpc.id) throw ec2Errors.custom('Resource.AlreadyAssociated', `Network ${vpc.id} already has an internet gateway attached`);
  }
  return p.put({ ...igw, attachedVpcId: vpc.id });
}

/**
 * AWS: detaching fails while the VPC has public addresses mapped through the gateway (here: public NAT
 * gateways), and with `Gateway.NotAttached` when the gateway is not attached to that VPC.
 */
export function detachInternetGateway(p: PartitionTx, igwId: string, vpcId: string): InternetGateway {
  const igw = mustGet(p, 'internetGateway', igwId);
  mustGet(p, 'vpc', vpcId);
  if (igw.attachedVpcId !== vpcId) throw ec2Errors.custom('Gateway.NotAttached', `resource ${igw.id} is not attached to network ${vpcId}`);
  for (const nat of p.childrenOf(vpcId, 'natGateway')) {
    if (nat.connectivityType === 'public' && nat.state === 'available') {
      throw ec2Errors.dependencyViolation(`Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    }
  }
  const { attachedVpcId: _gone, ...rest } = igw;
  return p.put<InternetGateway>(rest);
}

export function deleteInternetGateway(p: PartitionTx, igwId: string): void {
  const igw = mustGet(p, 'internetGateway', igwId);
  if (igw.attachedVpcId !== undefined) throw ec2Errors.dependencyViolation(`The internetGateway '${igw.id}' has dependencies and cannot be deleted.`);
  p.remove(igw.id);
}
