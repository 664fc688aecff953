/** @module Network ACLs: the default ACL every VPC gets and the per-subnet association. */
import type { NetworkAcl, NetworkAclEntry } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

/** The catch-all rule number AWS prints as 32767 (`*` in the console). */
export const CATCH_ALL_RULE = 32767;

/** AWS: the default network ACL allows all inbound and outbound IPv4 traffic (rule 100), then denies (rule *). */
export function defaultAclEntries(allowAll: boolean): NetworkAclEntry[] {
  const out: NetworkAclEntry[] = [];
  for (const egress of [false, true]) {
    if (allowAll) out.push({ ruleNumber: 100, egress, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' });
    out.push({ ruleNumber: CATCH_ALL_RULE, egress, protocol: '-1', action: 'deny', cidrBlock: '0.0.0.0/0' });
  }
  return out;
}

export function createNetworkAcl(tx: Tx, p: PartitionTx, vpcId: string, isDefault: boolean, tags: NetworkAcl['tags'] = []): NetworkAcl {
  return p.put({
    kind: 'networkAcl', id: tx.ids.next('networkAcl'), ownerId: p.account, tags, vpcId, isDefault,
    entries: defaultAclEntries(isDefault), associations: [],
  });
}

/** The VPC's default network ACL. */
export function defaultAclOf(p: PartitionTx, vpcId: string): NetworkAcl | undefined {
  for (const acl of p.childrenOf(vpcId, 'networkAcl')) if (acl.isDefault) return acl;
  return undefined;
}

/** The ACL a subnet is associated with. */
export function aclOfSubnet(p: PartitionTx, vpcId: string, subnetId: string): NetworkAcl | undefined {
  for (const acl of p.childrenOf(vpcId, 'networkAcl')) if (acl.associations.some((a) => a.subnetId === subnetId)) return acl;
  return undefined;
}

/** Associate a new subnet with the VPC's default ACL (every subnet has exactly one ACL). */
export function associateDefaultAcl(tx: Tx, p: PartitionTx, vpcId: string, subnetId: string): void {
  const acl = defaultAclOf(p, vpcId);
  if (!acl) return;
  p.put({ ...acl, associations: [...acl.associations, { associationId: tx.ids.next('networkAclAssociation'), subnetId }] });
}

/** Remove a deleted subnet's association. */
export function dropAclAssociation(p: PartitionTx, vpcId: string, subnetId: string): void {
  const acl = aclOfSubnet(p, vpcId, subnetId);
  if (acl) p.put({ ...acl, associations: acl.associations.filter((a) => a.subnetId !== subnetId) });
}
