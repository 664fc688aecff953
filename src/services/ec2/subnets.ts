/** @module Subnet operations: CreateSubnet, CreateDefaultSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute. */
import { ec2Errors } from '../../errors/ec2.js';
import { availableAddressCount } from '../../model/ip-allocation.js';
import { createDefaultSubnet } from '../../model/defaults.js';
import { createSubnet, deleteSubnet, modifySubnetAttribute, type SubnetAttributeChanges } from '../../model/subnet.js';
import type { CidrAssociation, Subnet } from '../../model/resources.js';
import { associateSubnetIpv6, disassociateSubnetIpv6 } from '../../model/subnet-ipv6.js';
import type { ReadView } from '../../model/world.js';
import { refuseIpv4IpamPool } from './ipam.js';
import type { WCreateSubnetRequest, WSubnet, WSubnetIpv6CidrBlockAssociation } from '../../specs/ec2-types.js';
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
    Ipv6Native: s.ipv6Native ?? false, Tags: wireTags(s.tags),
    ...launchOptionsToWire(s),
  };
}

/** What instances launched in the subnet get: resource-based names and DNS64 (ModifySubnetAttribute). */
function launchOptionsToWire(s: Subnet): Pick<WSubnet, 'EnableDns64' | 'PrivateDnsNameOptionsOnLaunch'> {
  return {
    EnableDns64: s.enableDns64 ?? false,
    PrivateDnsNameOptionsOnLaunch: {
      // AWS ("IPv6-only subnets"): instances there are named by resource name.
      HostnameType: s.privateDnsHostnameType ?? (s.ipv6Native === true ? 'resource-name' : 'ip-name'),
      EnableResourceNameDnsARecord: s.enableResourceNameDnsARecord ?? false,
      EnableResourceNameDnsAAAARecord: s.enableResourceNameDnsAAAARecord ?? false,
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
    'map-customer-owned-ip-on-launch': () => false,
    'enable-dns64': (s) => s.enableDns64 ?? false,
    'enable-lni-at-device-index': () => undefined,
    'outpost-arn': () => undefined,
    'private-dns-name-options-on-launch.hostname-type': (s) => s.privateDnsHostnameType ?? 'ip-name',
    'private-dns-name-options-on-launch.enable-resource-name-dns-a-record': (s) => s.enableResourceNameDnsARecord ?? false,
    'private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record': (s) => s.enableResourceNameDnsAAAARecord ?? false,
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
  };
}

/**
 * CreateSubnet parameters vpce does not model: Outposts and IPAM pools. AWS: an Outpost or pool that does not exist
 * is refused, and none exists here.
 */
function refuseUnmodelledSubnetPlacement(input: WCreateSubnetRequest): void {
  if (input.OutpostArn !== undefined) {
    throw ec2Errors.invalidParameterValue(`Value (${input.OutpostArn}) for parameter outpostArn is invalid. The Outpost does not exist or is not shared with this account.`);
  }
  refuseIpv4IpamPool(input);
}

export const subnetHandlers: HandlerTable = {
  CreateSubnet(ctx, input) {
    refuseUnmodelledSubnetPlacement(input);
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
    const changes: { -readonly [K in keyof SubnetAttributeChanges]: SubnetAttributeChanges[K] } = {};
    if (input.MapPublicIpOnLaunch?.Value !== undefined) changes.mapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
    if (input.AssignIpv6AddressOnCreation?.Value !== undefined) changes.assignIpv6AddressOnCreation = input.AssignIpv6AddressOnCreation.Value;
    if (input.MapCustomerOwnedIpOnLaunch?.Value !== undefined) changes.mapCustomerOwnedIpOnLaunch = input.MapCustomerOwnedIpOnLaunch.Value;
    if (input.CustomerOwnedIpv4Pool !== undefined) changes.customerOwnedIpv4Pool = input.CustomerOwnedIpv4Pool;
    if (input.EnableDns64?.Value !== undefined) changes.enableDns64 = input.EnableDns64.Value;
    if (input.PrivateDnsHostnameTypeOnLaunch !== undefined) changes.privateDnsHostnameTypeOnLaunch = input.PrivateDnsHostnameTypeOnLaunch;
    if (input.EnableResourceNameDnsARecordOnLaunch?.Value !== undefined) changes.enableResourceNameDnsARecordOnLaunch = input.EnableResourceNameDnsARecordOnLaunch.Value;
    if (input.EnableResourceNameDnsAAAARecordOnLaunch?.Value !== undefined) changes.enableResourceNameDnsAAAARecordOnLaunch = input.EnableResourceNameDnsAAAARecordOnLaunch.Value;
    if (input.EnableLniAtDeviceIndex !== undefined) changes.enableLniAtDeviceIndex = input.EnableLniAtDeviceIndex;
    if (input.DisableLniAtDeviceIndex?.Value !== undefined) changes.disableLniAtDeviceIndex = input.DisableLniAtDeviceIndex.Value;
    ctx.write((p) => modifySubnetAttribute(p, input.SubnetId, changes));
    return {};
  },
  CreateDefaultSubnet(ctx, input) {
    if (input.Ipv6Native === true) {
      throw ec2Errors.invalidParameterValue('Value (true) for parameter ipv6Native is invalid. The default VPC has no IPv6 CIDR block, so an IPv6-only default subnet cannot be created.');
    }
    const subnet = ctx.write((p, tx) => createDefaultSubnet(tx, p, { availabilityZone: input.AvailabilityZone, availabilityZoneId: input.AvailabilityZoneId }));
    return { Subnet: subnetToWire(ctx.read(), subnet, ctx.region) };
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
