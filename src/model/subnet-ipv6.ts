/**
 * @module A subnet's IPv6 block: a /64 of its VPC's /56, associated at creation or later, and the attributes that
 * need it. AWS: "Add IPv6 support for your VPC", "IPv6-only subnets", AssociateSubnetCidrBlock, ModifySubnetAttribute.
 */
import { ec2Errors } from '../errors/ec2.js';
import { cidrContains, cidrOverlaps, formatCidr, parseCidr } from '../shared/cidr.js';
import { associatedIpv6Blocks, SUBNET_IPV6_PREFIX } from './ipv6-pool.js';
import { mustGet } from './lookup.js';
import type { CidrAssociation, Subnet, Vpc } from './resources.js';
import type { SubnetAttributeChanges } from './subnet.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS ("Amazon VPC quotas"): one IPv6 CIDR block per subnet. */
const MAX_SUBNET_IPV6_CIDRS = 1;

/**
 * Check a subnet IPv6 block: a /64 (AWS: "The subnet's IPv6 CIDR block must be a /64"), inside one of the VPC's
 * IPv6 blocks (`InvalidSubnet.Range`), overlapping no other subnet's (`InvalidSubnet.Conflict`).
 */
export function parseSubnetIpv6Block(view: ReadView, vpc: Vpc, text: string, exceptSubnetId?: string): string {
  const c = parseCidr(text, true);
  if (!c || c.family !== 6) throw ec2Errors.invalidCidr('ipv6CidrBlock', text);
  const cidr = formatCidr(c);
  // AWS: a subnet's IPv6 block is a /64; another size is "invalid value for parameter ipv6-cidr-block".
  if (c.prefix !== SUBNET_IPV6_PREFIX) throw ec2Errors.invalidParameterValue(`invalid value for parameter ipv6-cidr-block: ${text}`);
  const inVpc = vpc.ipv6Associations.some((a) => a.state === 'associated' && cidrContains(parseCidr(a.cidrBlock)!, c));
  if (!inVpc) throw ec2Errors.custom('InvalidSubnet.Range', `The IPv6 CIDR '${cidr}' is invalid.`);
  for (const other of view.childrenOf(vpc.id, 'subnet')) {
    if (other.id === exceptSubnetId) continue;
    if (other.ipv6Associations.some((a) => cidrOverlaps(parseCidr(a.cidrBlock)!, c))) {
      throw ec2Errors.custom('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`);
    }
  }
  return cidr;
}

/** AssociateSubnetCidrBlock with `Ipv6CidrBlock`. IPAM pools are not modelled: a named pool does not exist. */
export function associateSubnetIpv6(tx: Tx, p: PartitionTx, subnetId: string, args: { ipv6CidrBlock?: string | undefined; ipamPoolId?: string | undefined; netmaskLength?: number | undefined }): { subnet: Subnet; association: CidrAssociation } {
  if (args.ipamPoolId !== undefined && args.ipv6CidrBlock !== undefined) {
    throw ec2Errors.invalidParameterCombination('The parameter ipv6CidrBlock cannot be used with ipv6IpamPoolId.');
  }
  if (args.ipamPoolId !== undefined) throw ec2Errors.notFound('InvalidIpamPoolId.NotFound', `The ipam pool ID '${args.ipamPoolId}' does not exist`);
  if (args.netmaskLength !== undefined) throw ec2Errors.missingParameter('ipv6IpamPoolId');
  if (args.ipv6CidrBlock === undefined) throw ec2Errors.missingParameter('ipv6CidrBlock');
  const subnet = mustGet(p, 'subnet', subnetId);
  const vpc = mustGet(p, 'vpc', subnet.vpcId);
  if (associatedIpv6Blocks(subnet).length >= MAX_SUBNET_IPV6_CIDRS) {
    throw ec2Errors.custom('CidrLimitExceeded', `This network '${subnet.id}' has met its maximum number of allowed CIDRs: ${MAX_SUBNET_IPV6_CIDRS}`);
  }
  const cidrBlock = parseSubnetIpv6Block(p, vpc, args.ipv6CidrBlock, subnet.id);
  const association: CidrAssociation = { associationId: tx.ids.next('subnetCidrAssociation'), cidrBlock, state: 'associated' };
  return { subnet: p.put({ ...subnet, ipv6Associations: [...subnet.ipv6Associations, association] }), association };
}

/**
 * DisassociateSubnetCidrBlock. AWS ("Disassociate an IPv6 CIDR block from a subnet"): the IPv6 addresses of the
 * subnet's interfaces must be unassigned first; an IPv6-only subnet keeps its block; while the subnet assigns
 * IPv6 addresses on creation the block is in use (`InvalidCidrBlock.InUse`).
 */
export function disassociateSubnetIpv6(p: PartitionTx, associationId: string): { subnet: Subnet; association: CidrAssociation } {
  if (!/^subnet-cidr-assoc-[0-9a-f]+$/.test(associationId)) {
    throw ec2Errors.custom('InvalidSubnetCidrBlockAssociationId.Malformed', `The subnet CIDR block with association ID ${associationId} is malformed`);
  }
  for (const subnet of p.list('subnet')) {
    const association = subnet.ipv6Associations.find((a) => a.associationId === associationId);
    if (!association) continue;
    if (subnet.ipv6Native === true) {
      throw ec2Errors.custom('OperationNotPermitted', `The subnet CIDR block with association ID ${associationId} may not be disassociated. It is the only CIDR block of the IPv6-only subnet ${subnet.id}`);
    }
    if (subnet.assignIpv6AddressOnCreation) {
      throw ec2Errors.custom('InvalidCidrBlock.InUse', `The subnet IPv6 CIDR block with association ID ${associationId} may not be disassociated, because its subnet has assign-ipv6-address-on-creation set to true.`);
    }
    for (const eni of p.childrenOf(subnet.id, 'networkInterface')) {
      if (eni.ipv6Addresses.length > 0) {
        throw ec2Errors.dependencyViolation(`The subnet CIDR block '${association.cidrBlock}' has dependencies and cannot be disassociated: unassign the IPv6 addresses of ${eni.id} first.`);
      }
    }
    const next = p.put({ ...subnet, ipv6Associations: subnet.ipv6Associations.filter((a) => a.associationId !== associationId) });
    return { subnet: next, association };
  }
  throw ec2Errors.notFound('InvalidSubnetCidrBlockAssociationID.NotFound', `The subnet CIDR block with association ID '${associationId}' does not exist`);
}

/**
 * AWS ("IPv6-only subnets"): an IPv6-only subnet always assigns IPv6 addresses, names instances by resource name
 * and cannot map public IPv4 addresses; ModifySubnetAttribute refuses to change that.
 */
export function checkIpv6OnlyAttributes(subnet: Subnet, changes: SubnetAttributeChanges): void {
  if (subnet.ipv6Native === true) {
    if (changes.assignIpv6AddressOnCreation === false) {
      throw ec2Errors.invalidParameterValue(`Invalid value 'false' for assignIpv6AddressOnCreation. Subnet ${subnet.id} is an IPv6-only subnet.`);
    }
    // AWS ("IPv6-only subnets"): instances there are named by resource name, so the hostname type stays resource-name.
    if (changes.privateDnsHostnameTypeOnLaunch === 'ip-name') {
      throw ec2Errors.invalidParameterValue(`Invalid value 'ip-name' for privateDnsHostnameTypeOnLaunch. Subnet ${subnet.id} is an IPv6-only subnet.`);
    }
    if (changes.enableResourceNameDnsARecordOnLaunch === true) {
      throw ec2Errors.invalidParameterValue(`Invalid value 'true' for enableResourceNameDnsARecordOnLaunch. Subnet ${subnet.id} is an IPv6-only subnet.`);
    }
    if (changes.mapPublicIpOnLaunch === true) {
      throw ec2Errors.invalidParameterValue(`Invalid value 'true' for mapPublicIpOnLaunch. Subnet ${subnet.id} is an IPv6-only subnet.`);
    }
  }
}
