/**
 * @module A VPC's IPv6 blocks: associating an Amazon-provided /56 (with what AWS adds to the VPC's defaults) and
 * disassociating it. AWS: "Add IPv6 support for your VPC", "Default network ACL", "Default security groups".
 */
import { ec2Errors } from '../errors/ec2.js';
import { cidrOverlaps, parseCidr } from '../shared/cidr.js';
import { mustGet } from './lookup.js';
import { allocateVpcIpv6Block, associatedIpv6Blocks, MAX_VPC_IPV6_CIDRS } from './ipv6-pool.js';
import { CATCH_ALL_RULE, defaultAclEntries } from './network-acl.js';
import { defaultGroupOf } from './security-group.js';
import { refreshLocalRoutes } from './route-table.js';
import type { CidrAssociation, NetworkAcl, NetworkAclEntry, Vpc } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

const ALL_V6 = '::/0';

/**
 * AWS ("Default network ACL"): with an IPv6 block the default ACL gains rule 101 allowing all IPv6 traffic and a
 * `*` rule denying it, in each direction; the allow rule is not added to a direction whose rules were modified.
 * Any other ACL of the VPC gains the `*` IPv6 deny rules only.
 */
function withIpv6Entries(acl: NetworkAcl): NetworkAcl {
  const entries = [...acl.entries];
  for (const egress of [false, true]) {
    const has = (n: number): boolean => entries.some((e) => e.egress === egress && e.ruleNumber === n && e.ipv6CidrBlock !== undefined);
    if (acl.isDefault && !has(101) && unmodifiedIpv4(acl, egress)) {
      entries.push({ ruleNumber: 101, egress, protocol: '-1', action: 'allow', ipv6CidrBlock: ALL_V6 });
    }
    if (!has(CATCH_ALL_RULE)) entries.push({ ruleNumber: CATCH_ALL_RULE, egress, protocol: '-1', action: 'deny', ipv6CidrBlock: ALL_V6 });
  }
  return { ...acl, entries };
}

function unmodifiedIpv4(acl: NetworkAcl, egress: boolean): boolean {
  const key = (e: NetworkAclEntry): string => JSON.stringify([e.ruleNumber, e.protocol, e.action, e.cidrBlock ?? '', e.ipv6CidrBlock ?? ''], undefined);
  const now = acl.entries.filter((e) => e.egress === egress).map(key).sort();
  const fresh = defaultAclEntries(true).filter((e) => e.egress === egress).map(key).sort();
  return now.length === fresh.length && now.every((k, i) => k === fresh[i]);
}

/** AWS ("Default security groups"): the default group's `::/0` outbound rule exists only with an IPv6 block. */
function addDefaultGroupIpv6Egress(tx: Tx, p: PartitionTx, vpcId: string): void {
  const g = defaultGroupOf(p, vpcId);
  if (!g) return;
  if (g.rules.some((r) => r.egress && r.protocol === '-1' && r.peer.type === 'ipv6Cidr' && r.peer.cidr === ALL_V6)) return;
  p.put({ ...g, rules: [...g.rules, { ruleId: tx.ids.next('securityGroupRule'), egress: true, protocol: '-1', fromPort: -1, toPort: -1, peer: { type: 'ipv6Cidr', cidr: ALL_V6 } }] });
}

/**
 * Associate an Amazon-provided /56 with the VPC: the local IPv6 route appears in every route table, and the
 * default ACL and default group gain their IPv6 rules. AWS quota: 5 IPv6 blocks per VPC.
 */
export function addAmazonIpv6Block(tx: Tx, p: PartitionTx, vpcId: string): { vpc: Vpc; association: CidrAssociation } {
  const vpc = mustGet(p, 'vpc', vpcId);
  if (associatedIpv6Blocks(vpc).length >= MAX_VPC_IPV6_CIDRS) {
    throw ec2Errors.custom('CidrLimitExceeded', `This network '${vpcId}' has met its maximum number of allowed CIDRs: ${MAX_VPC_IPV6_CIDRS}`);
  }
  const cidrBlock = allocateVpcIpv6Block(tx, p.region);
  const association: CidrAssociation = { associationId: tx.ids.next('vpcIpv6CidrAssociation'), cidrBlock, state: 'associated', networkBorderGroup: p.region };
  const next = p.put({ ...vpc, ipv6Associations: [...vpc.ipv6Associations, association] });
  refreshLocalRoutes(p, vpcId);
  for (const acl of [...p.childrenOf(vpcId, 'networkAcl')]) p.put(withIpv6Entries(acl));
  addDefaultGroupIpv6Egress(tx, p, vpcId);
  return { vpc: next, association };
}

/** Find an IPv6 association of a VPC in the partition. */
export function findVpcIpv6Association(p: PartitionTx, associationId: string): { vpc: Vpc; association: CidrAssociation } | undefined {
  for (const vpc of p.list('vpc')) {
    const association = vpc.ipv6Associations.find((a) => a.associationId === associationId);
    if (association) return { vpc, association };
  }
  return undefined;
}

/**
 * Disassociate a VPC's IPv6 block. AWS ("Disassociate a CIDR block from your VPC"): first disassociate the IPv6
 * blocks of its subnets (`InvalidCidrBlock.InUse` otherwise); the block's local route goes with it.
 */
export function removeVpcIpv6Block(p: PartitionTx, vpc: Vpc, association: CidrAssociation): Vpc {
  const block = parseCidr(association.cidrBlock)!;
  for (const s of p.childrenOf(vpc.id, 'subnet')) {
    if (s.ipv6Associations.some((a) => cidrOverlaps(block, parseCidr(a.cidrBlock)!))) {
      throw ec2Errors.custom('InvalidCidrBlock.InUse', `The vpc ${vpc.id} currently has a subnet within CIDR block ${association.cidrBlock}`);
    }
  }
  const next = p.put({ ...vpc, ipv6Associations: vpc.ipv6Associations.filter((a) => a.associationId !== association.associationId) });
  refreshLocalRoutes(p, vpc.id);
  return next;
}
