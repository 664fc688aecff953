/** @module Subnet operations: CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute. */
import { ec2Errors } from '../../errors/ec2.js';
import { availableAddressCount } from '../../model/ip-allocation.js';
import { createSubnet, deleteSubnet, modifySubnetAttribute } from '../../model/subnet.js';
import type { Subnet } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WSubnet } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function subnetToWire(view: ReadView, s: Subnet, region: string): WSubnet {
  return {
    SubnetId: s.id, SubnetArn: `arn:aws:ec2:${region}:${s.ownerId}:subnet/${s.id}`, VpcId: s.vpcId, OwnerId: s.ownerId,
    State: 'available', CidrBlock: s.cidrBlock, AvailabilityZone: s.availabilityZone, AvailabilityZoneId: s.availabilityZoneId,
    AvailableIpAddressCount: availableAddressCount(view, s), DefaultForAz: s.defaultForAz, MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    AssignIpv6AddressOnCreation: s.assignIpv6AddressOnCreation, MapCustomerOwnedIpOnLaunch: false, Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false, Ipv6Native: false, Tags: wireTags(s.tags),
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
  };
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
  };
}

export const subnetHandlers: HandlerTable = {
  CreateSubnet(ctx, input) {
    if (input.CidrBlock === undefined) throw ec2Errors.missingParameter('CidrBlock');
    const tags = tagsFromSpecs(input.TagSpecifications, 'subnet');
    const subnet = ctx.write((p, tx) => createSubnet(tx, p, {
      vpcId: input.VpcId, cidrBlock: input.CidrBlock!, tags,
      ...(input.AvailabilityZone !== undefined ? { availabilityZone: input.AvailabilityZone } : {}),
      ...(input.AvailabilityZoneId !== undefined ? { availabilityZoneId: input.AvailabilityZoneId } : {}),
    }));
    return { Subnet: { ...subnetToWire(ctx.read(), subnet, ctx.region), State: 'pending' } };
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
    const changes: { mapPublicIpOnLaunch?: boolean; assignIpv6AddressOnCreation?: boolean } = {};
    if (input.MapPublicIpOnLaunch?.Value !== undefined) changes.mapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
    if (input.AssignIpv6AddressOnCreation?.Value !== undefined) changes.assignIpv6AddressOnCreation = input.AssignIpv6AddressOnCreation.Value;
    ctx.write((p) => modifySubnetAttribute(p, input.SubnetId, changes));
    return {};
  },
};
