/** @module Security groups: the default group every VPC gets. */
import type { SecurityGroup, SecurityGroupRule } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

/**
 * AWS: a default security group allows inbound traffic from members of the same group and all outbound
 * IPv4 traffic ("Default security groups for your VPCs").
 */
export function createDefaultSecurityGroup(tx: Tx, p: PartitionTx, vpcId: string): SecurityGroup {
  const id = tx.ids.next('securityGroup');
  const rules: SecurityGroupRule[] = [
    { ruleId: tx.ids.next('securityGroupRule'), egress: false, protocol: '-1', fromPort: -1, toPort: -1, peer: { type: 'group', groupId: id, ownerId: p.account } },
    { ruleId: tx.ids.next('securityGroupRule'), egress: true, protocol: '-1', fromPort: -1, toPort: -1, peer: { type: 'cidr', cidr: '0.0.0.0/0' } },
  ];
  return p.put({ kind: 'securityGroup', id, ownerId: p.account, tags: [], vpcId, groupName: 'default', description: 'default VPC security group', rules });
}

/** The VPC's default security group. */
export function defaultGroupOf(p: PartitionTx, vpcId: string): SecurityGroup | undefined {
  for (const g of p.childrenOf(vpcId, 'securityGroup')) if (g.groupName === 'default') return g;
  return undefined;
}
