/** @module VPCs: create (with main route table, default security group and default ACL), delete, attributes, CIDR blocks. */
import { ec2Errors } from '../errors/ec2.js';
import { cidrOverlaps, formatCidr, parseCidr } from '../shared/cidr.js';
import { defaultDhcpOptionsId } from './dhcp-options.js';
import { mustGet } from './lookup.js';
import { createDefaultSecurityGroup } from './security-group.js';
import { createNetworkAcl } from './network-acl.js';
import { createRouteTable, refreshLocalRoutes } from './route-table.js';
import { addAmazonIpv6Block, findVpcIpv6Association, removeVpcIpv6Block } from './vpc-ipv6.js';
import type { Tags } from './tags.js';
import type { Vpc } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

/** AWS: a VPC may have up to 5 IPv4 CIDR blocks by default ("VPC CIDR blocks"). */
export const MAX_VPC_CIDRS = 5;

/** Parse a VPC CIDR. AWS: the block size must be between /16 and /28. */
export function parseVpcCidr(text: string): string {
  const c = parseCidr(text, true);
  if (!c || c.family !== 4) throw ec2Errors.invalidCidr('cidrBlock', text);
  if (c.prefix < 16 || c.prefix > 28) throw ec2Errors.custom('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
  return formatCidr(c);
}

export interface CreateVpcArgs {
  readonly cidrBlock: string;
  readonly instanceTenancy?: string;
  readonly tags?: Tags;
  readonly isDefault?: boolean;
  /** `AmazonProvidedIpv6CidrBlock`: also associate a /56 from the Region's pool. */
  readonly amazonIpv6?: boolean;
}

export function createVpc(tx: Tx, p: PartitionTx, args: CreateVpcArgs): Vpc {
  const cidr = parseVpcCidr(args.cidrBlock);
  const isDefault = args.isDefault ?? false;
  const dhcpOptionsId = defaultDhcpOptionsId(p);
  const vpc = p.put<Vpc>({
    kind: 'vpc', id: tx.ids.next('vpc'), ownerId: p.account, tags: args.tags ?? [],
    cidrBlock: cidr,
    cidrAssociations: [{ associationId: tx.ids.next('vpcCidrAssociation'), cidrBlock: cidr, state: 'associated' }],
    ipv6Associations: [],
    isDefault,
    instanceTenancy: args.instanceTenancy ?? 'default',
    // AWS: enableDnsSupport defaults to true; enableDnsHostnames to false except in a default VPC.
    enableDnsSupport: true,
    enableDnsHostnames: isDefault,
    createdAt: tx.clock.now(),
    // AWS ("DHCP option set concepts"): a new VPC uses the Region's default DHCP option set.
    ...(dhcpOptionsId !== undefined ? { dhcpOptionsId } : {}),
  });
  createRouteTable(tx, p, vpc.id, true);
  createDefaultSecurityGroup(tx, p, vpc.id);
  createNetworkAcl(tx, p, vpc.id, true);
  if (args.amazonIpv6 === true) return addAmazonIpv6Block(tx, p, vpc.id).vpc;
  return vpc;
}

/** Kinds whose presence in a VPC blocks its deletion (beyond the main table, default group and default ACL). */
export function deleteVpc(p: PartitionTx, vpcId: string): void {
  const vpc = mustGet(p, 'vpc', vpcId);
  const blocking =
    first(p.childrenOf(vpcId, 'subnet')) ??
    first(p.childrenOf(vpcId, 'networkInterface')) ??
    first(filter(p.childrenOf(vpcId, 'securityGroup'), (g) => g.groupName !== 'default')) ??
    first(filter(p.childrenOf(vpcId, 'routeTable'), (rt) => !rt.associations.some((a) => a.main))) ??
    first(filter(p.childrenOf(vpcId, 'networkAcl'), (acl) => !acl.isDefault)) ??
    // A failed NAT gateway holds no interface or address, so it does not block (AWS: "NAT gateway basics").
    first(filter(p.childrenOf(vpcId, 'natGateway'), (n) => n.state !== 'deleted' && n.state !== 'failed')) ??
    first(filter(p.list('internetGateway'), (g) => g.attachedVpcId === vpcId)) ??
    first(p.childrenOf(vpcId, 'egressOnlyInternetGateway')) ??
    first(filter(p.list('vpnGateway'), (g) => g.attachedVpcId === vpcId && g.state !== 'deleted')) ??
    // AWS (DeleteVpc): endpoints must be deleted first; one whose deletion is under way no longer holds anything.
    first(filter(p.childrenOf(vpcId, 'vpcEndpoint'), (e) => e.state !== 'deleting'));
  if (blocking) {
    throw ec2Errors.dependencyViolation(`The vpc '${vpc.id}' has dependencies and cannot be deleted.`);
  }
  for (const kind of ['routeTable', 'securityGroup', 'networkAcl', 'vpcEndpoint'] as const) {
    for (const r of [...p.childrenOf(vpcId, kind)]) p.remove(r.id);
  }
  p.remove(vpc.id);
}

function first<T>(it: Iterable<T>): T | undefined {
  for (const x of it) return x;
  return undefined;
}

function* filter<T>(it: Iterable<T>, pred: (x: T) => boolean): Iterable<T> {
  for (const x of it) if (pred(x)) yield x;
}

export type VpcAttribute = 'enableDnsSupport' | 'enableDnsHostnames' | 'enableNetworkAddressUsageMetrics';

/**
 * Set one DNS attribute. AWS: only one attribute per request, and DNS hostnames need DNS support
 * ("DNS attributes for your VPC").
 */
export function modifyVpcAttribute(p: PartitionTx, vpcId: string, changes: Partial<Record<VpcAttribute, boolean>>): Vpc {
  const vpc = mustGet(p, 'vpc', vpcId);
  const keys = Object.keys(changes) as VpcAttribute[];
  if (keys.length === 0) throw ec2Errors.missingParameter('EnableDnsSupport, EnableDnsHostnames or EnableNetworkAddressUsageMetrics');
  if (keys.length > 1) throw ec2Errors.invalidParameterCombination('Only one attribute can be modified at a time.');
  const next = { ...vpc, ...changes };
  if (next.enableDnsHostnames && !next.enableDnsSupport) {
    throw ec2Errors.invalidParameterValue('Cannot enable DNS hostnames without DNS support; enable enableDnsSupport first.');
  }
  return p.put(next);
}

/** Add a secondary IPv4 CIDR block. */
export function associateVpcCidr(tx: Tx, p: PartitionTx, vpcId: string, cidrText: string): { vpc: Vpc; associationId: string; cidrBlock: string } {
  const vpc = mustGet(p, 'vpc', vpcId);
  const active = vpc.cidrAssociations.filter((a) => a.state === 'associated');
  // AWS: the quota is checked before the block itself, so a full VPC answers CidrLimitExceeded whatever the block.
  if (active.length >= MAX_VPC_CIDRS) throw ec2Errors.custom('CidrLimitExceeded', `This network '${vpcId}' has met its maximum number of allowed CIDRs: ${MAX_VPC_CIDRS}`);
  const cidr = parseVpcCidr(cidrText);
  const c = parseCidr(cidr)!;
  for (const a of active) {
    if (cidrOverlaps(parseCidr(a.cidrBlock)!, c)) throw ec2Errors.custom('InvalidVpc.Range', `The CIDR '${cidr}' conflicts with another CIDR block of '${vpcId}'.`);
  }
  const associationId = tx.ids.next('vpcCidrAssociation');
  const next = p.put({ ...vpc, cidrAssociations: [...vpc.cidrAssociations, { associationId, cidrBlock: cidr, state: 'associated' as const }] });
  refreshLocalRoutes(p, vpcId);
  return { vpc: next, associationId, cidrBlock: cidr };
}

/** Remove a secondary CIDR block. AWS: the primary block cannot be disassociated, nor one that holds subnets. */
export function disassociateVpcCidr(p: PartitionTx, associationId: string): { vpc: Vpc; cidrBlock: string; ipv6?: boolean } {
  const v6 = findVpcIpv6Association(p, associationId);
  if (v6) return { vpc: removeVpcIpv6Block(p, v6.vpc, v6.association), cidrBlock: v6.association.cidrBlock, ipv6: true };
  for (const vpc of p.list('vpc')) {
    const assoc = vpc.cidrAssociations.find((a) => a.associationId === associationId && a.state === 'associated');
    if (!assoc) continue;
    if (assoc.cidrBlock === vpc.cidrBlock) {
      throw ec2Errors.custom('OperationNotPermitted', `The vpc CIDR block with association ID ${associationId} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`);
    }
    const block = parseCidr(assoc.cidrBlock)!;
    for (const s of p.childrenOf(vpc.id, 'subnet')) {
      if (cidrOverlaps(block, parseCidr(s.cidrBlock)!)) throw ec2Errors.dependencyViolation(`The vpc CIDR block '${assoc.cidrBlock}' has dependencies and cannot be disassociated.`);
    }
    const next = p.put({ ...vpc, cidrAssociations: vpc.cidrAssociations.filter((a) => a.associationId !== associationId) });
    refreshLocalRoutes(p, vpc.id);
    return { vpc: next, cidrBlock: assoc.cidrBlock };
  }
  throw ec2Errors.notFound('InvalidVpcCidrBlockAssociationID.NotFound', `The vpc CIDR block association ID '${associationId}' does not exist`);
}

/**
 * ModifyVpcTenancy. AWS: "You can only change the tenancy of a VPC from dedicated to default"; `default` is the
 * only value the call accepts.
 */
export function modifyVpcTenancy(p: PartitionTx, vpcId: string, tenancy: string): Vpc {
  const vpc = mustGet(p, 'vpc', vpcId);
  if (tenancy !== 'default') {
    throw ec2Errors.invalidParameterValue(`Value (${tenancy}) for parameter instanceTenancy is invalid. The tenancy of a VPC can only be changed to default.`);
  }
  return vpc.instanceTenancy === 'default' ? vpc : p.put({ ...vpc, instanceTenancy: 'default' });
}
