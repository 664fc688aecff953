/** @module VPC operations: CreateVpc, DeleteVpc, DescribeVpcs, attributes, tenancy, secondary CIDR blocks, CreateDefaultVpc. */
import { ec2Errors } from '../../errors/ec2.js';
import { associateVpcCidr, createVpc, deleteVpc, disassociateVpcCidr, modifyVpcAttribute, modifyVpcTenancy, type VpcAttribute } from '../../model/vpc.js';
import { createDefaultVpc } from '../../model/defaults.js';
import { mustGet } from '../../model/lookup.js';
import { assertNoPendingRequestFromOtherAccount } from '../../model/peering.js';
import { wantsAmazonIpv6, type VpcIpv6Request } from '../../model/ipv6-pool.js';
import { addAmazonIpv6Block } from '../../model/vpc-ipv6.js';
import type { CidrAssociation, Vpc } from '../../model/resources.js';
import type { WAssociateVpcCidrBlockRequest, WCreateVpcRequest, WVpc, WVpcIpv6CidrBlockAssociation } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { refuseIpv4IpamPool } from './ipam.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function vpcToWire(v: Vpc): WVpc {
  return {
    VpcId: v.id, OwnerId: v.ownerId, State: 'available', CidrBlock: v.cidrBlock,
    CidrBlockAssociationSet: v.cidrAssociations.map((a) => ({ AssociationId: a.associationId, CidrBlock: a.cidrBlock, CidrBlockState: { State: a.state } })),
    Ipv6CidrBlockAssociationSet: v.ipv6Associations.map((a) => vpcIpv6AssociationToWire(a)),
    DhcpOptionsId: v.dhcpOptionsId ?? 'default', InstanceTenancy: v.instanceTenancy, IsDefault: v.isDefault, Tags: wireTags(v.tags),
  };
}

function vpcIpv6AssociationToWire(a: CidrAssociation, state: string = a.state): WVpcIpv6CidrBlockAssociation {
  return {
    AssociationId: a.associationId, Ipv6CidrBlock: a.cidrBlock, Ipv6CidrBlockState: { State: state },
    NetworkBorderGroup: a.networkBorderGroup, Ipv6Pool: 'Amazon', Ipv6AddressAttribute: 'public', IpSource: 'amazon',
  };
}

/** The IPv6 members of CreateVpc / AssociateVpcCidrBlock. */
function ipv6Request(input: WCreateVpcRequest | WAssociateVpcCidrBlockRequest): VpcIpv6Request {
  return {
    amazonProvided: input.AmazonProvidedIpv6CidrBlock === true ? true : undefined, networkBorderGroup: input.Ipv6CidrBlockNetworkBorderGroup,
    ipv6Pool: input.Ipv6Pool, ipv6CidrBlock: input.Ipv6CidrBlock, ipamPoolId: input.Ipv6IpamPoolId, netmaskLength: input.Ipv6NetmaskLength,
  };
}

/** AWS: DescribeVpcs filters ("DescribeVpcs" API reference). */
const VPC_FILTERS: FilterTable<Vpc> = {
  'cidr': (v) => v.cidrBlock,
  'cidr-block-association.cidr-block': (v) => v.cidrAssociations.map((a) => a.cidrBlock),
  'cidr-block-association.association-id': (v) => v.cidrAssociations.map((a) => a.associationId),
  'cidr-block-association.state': (v) => v.cidrAssociations.map((a) => a.state),
  'dhcp-options-id': (v) => v.dhcpOptionsId ?? 'default',
  'ipv6-cidr-block-association.ipv6-cidr-block': (v) => v.ipv6Associations.map((a) => a.cidrBlock),
  'ipv6-cidr-block-association.association-id': (v) => v.ipv6Associations.map((a) => a.associationId),
  'ipv6-cidr-block-association.state': (v) => v.ipv6Associations.map((a) => a.state),
  'ipv6-cidr-block-association.ipv6-pool': (v) => v.ipv6Associations.map(() => 'Amazon'),
  'is-default': (v) => v.isDefault,
  // AWS also answers the older camelCase name, which Terraform's aws_vpc data source sends (`default = true`).
  'isDefault': (v) => v.isDefault,
  'owner-id': (v) => v.ownerId,
  'state': () => 'available',
  'vpc-id': (v) => v.id,
};

export const vpcHandlers: HandlerTable = {
  CreateVpc(ctx, input) {
    refuseIpv4IpamPool(input);
    // AWS (VPC encryption controls): not modelled here, so a request for them is refused rather than dropped.
    if (input.VpcEncryptionControl !== undefined) throw ec2Errors.custom('UnsupportedOperation', 'VPC encryption controls are not supported in this Region.');
    if (input.CidrBlock === undefined) throw ec2Errors.missingParameter('CidrBlock');
    const tags = tagsFromSpecs(input.TagSpecifications, 'vpc');
    const amazonIpv6 = wantsAmazonIpv6(ctx.region, ipv6Request(input));
    const vpc = ctx.write((p, tx) => createVpc(tx, p, { cidrBlock: input.CidrBlock!, instanceTenancy: input.InstanceTenancy ?? 'default', tags, amazonIpv6 }));
    // AWS: the response shows the VPC pending and a new IPv6 block still associating.
    return { Vpc: { ...vpcToWire(vpc), State: 'pending', Ipv6CidrBlockAssociationSet: vpc.ipv6Associations.map((a) => vpcIpv6AssociationToWire(a, 'associating')) } };
  },
  CreateDefaultVpc(ctx) {
    const vpc = ctx.write((p, tx) => {
      for (const v of p.list('vpc')) if (v.isDefault) throw ec2Errors.custom('DefaultVpcAlreadyExists', `A Default VPC already exists for this account in this region.`);
      return p.get('vpc', createDefaultVpc(tx, p))!;
    });
    return { Vpc: vpcToWire(vpc) };
  },
  DeleteVpc(ctx, input) {
    ctx.write((p, tx) => {
      assertNoPendingRequestFromOtherAccount(tx, ctx.account, ctx.region, input.VpcId);
      deleteVpc(p, input.VpcId);
    });
    return {};
  },
  DescribeVpcs(ctx, input) {
    const page = describe(ctx.read(), 'vpc', { ids: input.VpcIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, VPC_FILTERS);
    return { Vpcs: page.items.map(vpcToWire), NextToken: page.nextToken };
  },
  ModifyVpcAttribute(ctx, input) {
    const changes: Partial<Record<VpcAttribute, boolean>> = {};
    if (input.EnableDnsSupport?.Value !== undefined) changes.enableDnsSupport = input.EnableDnsSupport.Value;
    if (input.EnableDnsHostnames?.Value !== undefined) changes.enableDnsHostnames = input.EnableDnsHostnames.Value;
    if (input.EnableNetworkAddressUsageMetrics?.Value !== undefined) changes.enableNetworkAddressUsageMetrics = input.EnableNetworkAddressUsageMetrics.Value;
    ctx.write((p) => modifyVpcAttribute(p, input.VpcId, changes));
    return {};
  },
  DescribeVpcAttribute(ctx, input) {
    const vpc = mustGet(ctx.read(), 'vpc', input.VpcId);
    switch (input.Attribute) {
      case 'enableDnsSupport': return { VpcId: vpc.id, EnableDnsSupport: { Value: vpc.enableDnsSupport } };
      case 'enableDnsHostnames': return { VpcId: vpc.id, EnableDnsHostnames: { Value: vpc.enableDnsHostnames } };
      case 'enableNetworkAddressUsageMetrics': return { VpcId: vpc.id, EnableNetworkAddressUsageMetrics: { Value: vpc.enableNetworkAddressUsageMetrics ?? false } };
      default: throw ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
  },
  ModifyVpcTenancy(ctx, input) {
    ctx.write((p) => modifyVpcTenancy(p, input.VpcId, input.InstanceTenancy));
    return { ReturnValue: true };
  },
  AssociateVpcCidrBlock(ctx, input) {
    refuseIpv4IpamPool(input);
    const v6 = ipv6Request(input);
    const anyV6 = Object.values(v6).some((x) => x !== undefined);
    if (input.CidrBlock !== undefined && anyV6) {
      throw ec2Errors.invalidParameterCombination('The parameter cidrBlock cannot be used with the IPv6 parameters (amazonProvidedIpv6CidrBlock, ipv6Pool, ipv6CidrBlock, ipv6IpamPoolId, ipv6NetmaskLength, ipv6CidrBlockNetworkBorderGroup).');
    }
    if (anyV6) {
      if (!wantsAmazonIpv6(ctx.region, v6)) throw ec2Errors.missingParameter('amazonProvidedIpv6CidrBlock');
      const r6 = ctx.write((p, tx) => addAmazonIpv6Block(tx, p, input.VpcId));
      return { VpcId: input.VpcId, Ipv6CidrBlockAssociation: vpcIpv6AssociationToWire(r6.association, 'associating') };
    }
    if (input.CidrBlock === undefined) throw ec2Errors.missingParameter('CidrBlock');
    const r = ctx.write((p, tx) => associateVpcCidr(tx, p, input.VpcId, input.CidrBlock!));
    return { VpcId: input.VpcId, CidrBlockAssociation: { AssociationId: r.associationId, CidrBlock: r.cidrBlock, CidrBlockState: { State: 'associating' } } };
  },
  DisassociateVpcCidrBlock(ctx, input) {
    const r = ctx.write((p) => disassociateVpcCidr(p, input.AssociationId));
    if (r.ipv6 === true) {
      const a = { associationId: input.AssociationId, cidrBlock: r.cidrBlock, state: 'disassociated' as const, networkBorderGroup: ctx.region };
      return { VpcId: r.vpc.id, Ipv6CidrBlockAssociation: vpcIpv6AssociationToWire(a, 'disassociating') };
    }
    return { VpcId: r.vpc.id, CidrBlockAssociation: { AssociationId: input.AssociationId, CidrBlock: r.cidrBlock, CidrBlockState: { State: 'disassociating' } } };
  },
};
