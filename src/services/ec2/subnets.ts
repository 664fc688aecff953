/** @module Subnet operations: CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute. */
import { ec2Errors } from '../../errors/ec2.js';
import { availableAddressCount } from '../../model/ip-allocation.js';
import { createSubnet, deleteSubnet, modifySubnetAttribute } from '../../model/subnet.js';
import type { CidrAssociation, Subnet } from '../../model/resources.js';
import { associateSubnetIpv6, disassociateSubnetIpv6, parseHostnameType, type SubnetAttributeChanges } from '../../model/subnet-ipv6.js';
import type { ReadView } from '../../model/world.js';
import type { WSubnet, WSubnetIpv6CidrBlockAssociation } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function subnetToWire(view: ReadView, s: Subnet, region: string): WSubnet {
  return {
    SubnetId: s.id, SubnetArn: `arn:aws:ec2:${region}:${s.ownerId}:subnet/${s.id}`, VpcId: s.vpcId, OwnerId: s.ownerId,
    State: 'available', ...(s.cidrBlock !== '' ? { CidrBlock: s.cidrBlock } : {}), AvailabilityZone: s.availabilityZone, AvailabilityZoneId: s.availabilityZoneId,
    AvailableIpAddressCount: availableAddressCount(view, s), DefaultForAz: s.defaultForAz, MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    AssignIpv6AddressOnCreation: s.assignIpv6AddressOnCreation, MapCustomerOwnedIpOnLaunch: false,
    Ipv6CidrBlockAssociationSet: s.ipv6Associations.map((a) => subnetIpv6AssociationToWire(a)),
    EnableDns64: s.enableDns64 ?? false, Ipv6Native: s.ipv6Native ?? false, Tags: wireTags(s.tags),
    // AWS ("IPv6-only subnets"): instances there are named by resource name.
    PrivateDnsNameOptionsOnLaunch: {
      HostnameType: s.hostnameTypeOnLaunch ?? (s.ipv6Native === true ? 'resource-name' : 'ip-name'),
      EnableResourceNameDnsARecord: s.enableResourceNameDnsARecordOnLaunch ?? false, EnableResourceNameDnsAAAARecord: s.enableResourceNameDnsAAAARecordOnLaunch ?? false,
    },
  };
}

function subnetIpv6AssociationToWire(a: CidrAssociation, state: string = a.state): WSubnetIpv6CidrBlockAssociation {
  return { AssociationId: a.associationId, Ipv6CidrBlock: a.cidrBlock, Ipv6CidrBlockState: { State: state }, Ipv6AddressAttribute: 'public', IpSource: 'amazon' };
}

/** AWS: DescribeSubnets filters. */
function subnetFilters(view: ReadView): FilterTable<Subnet> {
  return {
    'availability-zone': (s) => s.availabilityZone,
    'availabilityZone': (s) => s.availabilityZone,
    'availability-zone-id': (s) => s.availabilityZoneId,
    'availabilityZoneId': (s) => s.availabilityZoneId,
    'available-ip-address-count': (s) => availableAddressCount(view, s),
    'cidr-block': (s) => s.cidrBlock,
    'cidr': (s) => s.cidrBlock,
    'cidrBlock': (s) => s.cidrBlock,
    'default-for-az': (s) => s.defaultForAz,
    'defaultForAz': (s) => s.defaultForAz,
    'map-public-ip-on-launch': (s) => s.mapPublicIpOnLaunch,
    'owner-id': (s) => s.ownerId,
    'state': () => 'available',
    'subnet-arn': (s) => `arn:aws:ec2::${s.ownerId}:subnet/${s.id}`,
    'subnet-id': (s) => s.id,
    'vpc-id': (s) => s.vpcId,
    'ipv6-cidr-block-association.ipv6-cidr-block': (s) => s.ipv6Associations.map((a) => a.cidrBlock),
    'ipv6-cidr-block-association.association-id': (s) => s.ipv6Associations.map((a) => a.associationId),
    'ipv6-cidr-block-association.state': (s) => s.ipv6Associations.map((a) => a.state),
    'ipv6-native': (s) => s.ipv6Native ?? false,
    'assign-ipv6-address-on-creation': (s) => s.assignIpv6AddressOnCreation,
    'enable-dns64': (s) => s.enableDns64 ?? false,
  };
}

export const subnetHandlers: HandlerTable = {
  CreateSubnet(ctx, input) {
    // IPAM pools are not modelled: a named pool does not exist.
    if (input.Ipv6IpamPoolId !== undefined) throw ec2Errors.notFound('InvalidIpamPoolId.NotFound', `The ipam pool ID '${input.Ipv6IpamPoolId}' does not exist`);
    if (input.Ipv6NetmaskLength !== undefined) throw ec2Errors.missingParameter('Ipv6IpamPoolId');
    const tags = tagsFromSpecs(input.TagSpecifications, 'subnet');
    const subnet = ctx.write((p, tx) => createSubnet(tx, p, {
      vpcId: input.VpcId, cidrBlock: input.CidrBlock, ipv6CidrBlock: input.Ipv6CidrBlock, ipv6Native: input.Ipv6Native, tags,
      ...(input.AvailabilityZone !== undefined ? { availabilityZone: input.AvailabilityZone } : {}),
      ...(input.AvailabilityZoneId !== undefined ? { availabilityZoneId: input.AvailabilityZoneId } : {}),
    }));
    return {
      Subnet: {
        ...subnetToWire(ctx.read(), subnet, ctx.region), State: 'pending',
        // AWS: the response shows a new IPv6 block still associating.
        Ipv6CidrBlockAssociationSet: subnet.ipv6Associations.map((a) => subnetIpv6AssociationToWire(a, 'associating')),
      },
    };
  },
  DeleteSubnet(ctx, input) {
    ctx.write((p) => deleteSubnet(p, input.SubnetId));
    return {};
  },
  DescribeSubnets(ctx, input) {
    const view = ctx.read();
    const page = describe(view, 'subnet', { ids: input.SubnetIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, subnetFilters(view));
    return { Subnets: page.items.map((s) => subnetToWire(view, s, ctx.region)), NextToken: page.nextToken };
  },
  ModifySubnetAttribute(ctx, input) {
    const changes: SubnetAttributeChanges = {};
    if (input.MapPublicIpOnLaunch?.Value !== undefined) changes.mapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
    if (input.AssignIpv6AddressOnCreation?.Value !== undefined) changes.assignIpv6AddressOnCreation = input.AssignIpv6AddressOnCreation.Value;
    if (input.EnableDns64?.Value !== undefined) changes.enableDns64 = input.EnableDns64.Value;
    if (input.EnableResourceNameDnsAAAARecordOnLaunch?.Value !== undefined) changes.enableResourceNameDnsAAAARecordOnLaunch = input.EnableResourceNameDnsAAAARecordOnLaunch.Value;
    if (input.EnableResourceNameDnsARecordOnLaunch?.Value !== undefined) changes.enableResourceNameDnsARecordOnLaunch = input.EnableResourceNameDnsARecordOnLaunch.Value;
    if (input.PrivateDnsHostnameTypeOnLaunch !== undefined) changes.hostnameTypeOnLaunch = parseHostnameType(input.PrivateDnsHostnameTypeOnLaunch);
    // Outposts attributes: no subnet here is on an Outpost.
    const outposts = [['MapCustomerOwnedIpOnLaunch', input.MapCustomerOwnedIpOnLaunch?.Value === true], ['CustomerOwnedIpv4Pool', input.CustomerOwnedIpv4Pool !== undefined],
      ['EnableLniAtDeviceIndex', input.EnableLniAtDeviceIndex !== undefined], ['DisableLniAtDeviceIndex', input.DisableLniAtDeviceIndex?.Value === true]] as const;
    for (const [name, given] of outposts) {
      if (given) throw ec2Errors.invalidParameterValue(`The parameter ${name} is only valid for a subnet on an AWS Outpost; subnet ${input.SubnetId} is not.`);
    }
    ctx.write((p) => modifySubnetAttribute(p, input.SubnetId, changes));
    return {};
  },
  AssociateSubnetCidrBlock(ctx, input) {
    const r = ctx.write((p, tx) => associateSubnetIpv6(tx, p, input.SubnetId, { ipv6CidrBlock: input.Ipv6CidrBlock, ipamPoolId: input.Ipv6IpamPoolId, netmaskLength: input.Ipv6NetmaskLength }));
    return { SubnetId: r.subnet.id, Ipv6CidrBlockAssociation: subnetIpv6AssociationToWire(r.association, 'associating') };
  },
  DisassociateSubnetCidrBlock(ctx, input) {
    const r = ctx.write((p) => disassociateSubnetIpv6(p, input.AssociationId));
    return { SubnetId: r.subnet.id, Ipv6CidrBlockAssociation: subnetIpv6AssociationToWire(r.association, 'disassociating') };
  },
};
