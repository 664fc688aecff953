/** @module Network interface operations: CreateNetworkInterface, DescribeNetworkInterfaces, DeleteNetworkInterface. */
import { ec2Errors } from '../../errors/ec2.js';
import { idempotent } from '../../model/client-token.js';
import { createUserInterface, deleteUserInterface } from '../../model/network-interface.js';
import type { Address, NetworkInterface } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WGroupIdentifier, WNetworkInterface, WNetworkInterfaceAssociation } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';
import { ipv6AddressesToWire, userInterfaceIpv6 } from './ipv6-addresses.js';

/** AWS: `ip-10-0-1-5.ec2.internal` in us-east-1, `ip-10-0-1-5.<region>.compute.internal` elsewhere. */
export function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** AWS: `ec2-3-208-1-2.compute-1.amazonaws.com` in us-east-1, `ec2-….<region>.compute.amazonaws.com` elsewhere. */
export function publicDnsName(ip: string, region: string): string {
  const host = `ec2-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

/** Security groups as `GroupId` + `GroupName` pairs. */
export function groupIdentifiers(view: ReadView, groupIds: readonly string[]): WGroupIdentifier[] {
  return groupIds.map((id) => ({ GroupId: id, GroupName: view.get('securityGroup', id)?.groupName ?? '' }));
}

/** The Elastic IP associated with an interface, if any. */
export function elasticIpOf(view: ReadView, eniId: string): Address | undefined {
  for (const a of view.list('address')) if (a.networkInterfaceId === eniId) return a;
  return undefined;
}

/** The public address association of an interface: an Elastic IP (owned by the account) or an Amazon-owned one. */
export function interfaceAssociation(view: ReadView, eni: NetworkInterface, region: string): WNetworkInterfaceAssociation | undefined {
  const eip = elasticIpOf(view, eni.id);
  if (eip) {
    return {
      PublicIp: eip.publicIp, PublicDnsName: publicDnsName(eip.publicIp, region), IpOwnerId: eip.ownerId,
      AllocationId: eip.id, ...(eip.associationId !== undefined ? { AssociationId: eip.associationId } : {}),
    };
  }
  if (eni.publicIp !== undefined) return { PublicIp: eni.publicIp, PublicDnsName: publicDnsName(eni.publicIp, region), IpOwnerId: 'amazon' };
  return undefined;
}

export function interfaceToWire(view: ReadView, eni: NetworkInterface, region: string): WNetworkInterface {
  const association = interfaceAssociation(view, eni, region);
  const primaryAssoc = association ? { Association: association } : {};
  const subnet = view.get('subnet', eni.subnetId);
  return {
    NetworkInterfaceId: eni.id, SubnetId: eni.subnetId, VpcId: eni.vpcId, AvailabilityZone: eni.availabilityZone,
    ...(subnet ? { AvailabilityZoneId: subnet.availabilityZoneId } : {}),
    Description: eni.description, OwnerId: eni.ownerId, RequesterManaged: eni.requesterManaged,
    ...(eni.requesterId !== undefined ? { RequesterId: eni.requesterId } : {}),
    Status: eni.status, MacAddress: eni.macAddress, InterfaceType: eni.interfaceType, SourceDestCheck: eni.sourceDestCheck,
    PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region),
    PrivateIpAddresses: [
      { PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region), Primary: true, ...primaryAssoc },
      ...eni.secondaryPrivateIps.map((ip) => ({ PrivateIpAddress: ip, PrivateDnsName: privateDnsName(ip, region), Primary: false })),
    ],
    Ipv6Addresses: ipv6AddressesToWire(eni), ...(eni.primaryIpv6 === true && eni.ipv6Addresses[0] !== undefined ? { Ipv6Address: eni.ipv6Addresses[0] } : {}),
    Groups: groupIdentifiers(view, eni.groupIds),
    ...(association ? { Association: association } : {}),
    ...(eni.attachment ? {
      Attachment: {
        AttachmentId: eni.attachment.attachmentId, InstanceId: eni.attachment.instanceId, InstanceOwnerId: eni.ownerId,
        DeviceIndex: eni.attachment.deviceIndex, NetworkCardIndex: 0, Status: 'attached',
        AttachTime: new Date(eni.attachment.attachedAt).toISOString(), DeleteOnTermination: eni.attachment.deleteOnTermination,
      },
    } : {}),
    Ipv6Native: false, DenyAllIgwTraffic: false, Operator: { Managed: false },
    TagSet: wireTags(eni.tags),
  };
}

/** AWS: every DescribeNetworkInterfaces filter ("DescribeNetworkInterfaces" API reference). */
function interfaceFilters(view: ReadView, region: string): FilterTable<NetworkInterface> {
  const assoc = (e: NetworkInterface): WNetworkInterfaceAssociation | undefined => interfaceAssociation(view, e, region);
  const allIps = (e: NetworkInterface): string[] => [e.privateIp, ...e.secondaryPrivateIps];
  return {
    'association.allocation-id': (e) => assoc(e)?.AllocationId,
    'association.association-id': (e) => assoc(e)?.AssociationId,
    'addresses.association.owner-id': (e) => assoc(e)?.IpOwnerId,
    'addresses.association.public-ip': (e) => assoc(e)?.PublicIp,
    'addresses.primary': (e) => [true, ...e.secondaryPrivateIps.map(() => false)],
    'addresses.private-ip-address': allIps,
    'association.ip-owner-id': (e) => assoc(e)?.IpOwnerId,
    'association.public-ip': (e) => assoc(e)?.PublicIp,
    'association.public-dns-name': (e) => assoc(e)?.PublicDnsName,
    'attachment.attach-time': (e) => (e.attachment ? new Date(e.attachment.attachedAt).toISOString() : undefined),
    'attachment.attachment-id': (e) => e.attachment?.attachmentId,
    'attachment.delete-on-termination': (e) => e.attachment?.deleteOnTermination,
    'attachment.device-index': (e) => e.attachment?.deviceIndex,
    'attachment.instance-id': (e) => e.attachment?.instanceId,
    'attachment.instance-owner-id': (e) => (e.attachment ? e.ownerId : undefined),
    'attachment.status': (e) => (e.attachment ? 'attached' : undefined),
    'availability-zone': (e) => e.availabilityZone,
    'availability-zone-id': (e) => view.get('subnet', e.subnetId)?.availabilityZoneId,
    'description': (e) => e.description,
    'group-id': (e) => e.groupIds,
    'group-name': (e) => e.groupIds.map((id) => view.get('securityGroup', id)?.groupName),
    'ipv6-addresses.ipv6-address': (e) => e.ipv6Addresses,
    'interface-type': (e) => e.interfaceType,
    'mac-address': (e) => e.macAddress,
    'network-interface-id': (e) => e.id,
    'operator.managed': () => false,
    'operator.principal': () => undefined,
    'owner-id': (e) => e.ownerId,
    'private-dns-name': (e) => allIps(e).map((ip) => privateDnsName(ip, region)),
    'private-ip-address': allIps,
    'requester-id': (e) => e.requesterId,
    'requester-managed': (e) => e.requesterManaged,
    'source-dest-check': (e) => e.sourceDestCheck,
    'status': (e) => e.status,
    'subnet-id': (e) => e.subnetId,
    'vpc-id': (e) => e.vpcId,
  };
}

/** AWS: MaxResults for the large Describe calls is 5..1000 and cannot be combined with explicit IDs. */
export function checkMaxResults(maxResults: number | undefined, ids: readonly string[] | undefined, idsParam: string, min = 5, max = 1000): void {
  if (maxResults === undefined) return;
  if (ids && ids.length > 0) {
    throw ec2Errors.invalidParameterCombination(`The parameter ${idsParam} cannot be used with the parameter maxResults`);
  }
  if (!Number.isInteger(maxResults) || maxResults < min || maxResults > max) {
    throw ec2Errors.invalidParameterValue(`Value (${maxResults}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
  }
}

export const networkInterfaceHandlers: HandlerTable = {
  CreateNetworkInterface(ctx, input) {
    if (input.SubnetId === undefined || input.SubnetId === '') throw ec2Errors.missingParameter('SubnetId');
    const tags = tagsFromSpecs(input.TagSpecifications, 'network-interface');
    if (input.InterfaceType !== undefined && input.InterfaceType !== 'interface') {
      throw ec2Errors.invalidParameterValue(`Value (${input.InterfaceType}) for parameter interfaceType is invalid. Only 'interface' is supported.`);
    }
    // AWS: PrivateIpAddresses with one Primary entry is another way to name the primary address.
    const primaryFromList = input.PrivateIpAddresses?.find((a) => a.Primary)?.PrivateIpAddress;
    if (primaryFromList !== undefined && input.PrivateIpAddress !== undefined && primaryFromList !== input.PrivateIpAddress) {
      throw ec2Errors.invalidParameterCombination('The primary private IP address is specified twice with different values.');
    }
    const eni = ctx.write((p, tx) => idempotent(p,
      { operation: 'CreateNetworkInterface', token: input.ClientToken, input },
      (id) => p.get('networkInterface', id),
      () => {
        const made = createUserInterface(tx, p, {
          subnetId: input.SubnetId, privateIp: input.PrivateIpAddress ?? primaryFromList,
          secondaryPrivateIpCount: input.SecondaryPrivateIpAddressCount, groupIds: input.Groups,
          description: input.Description, tags, ...userInterfaceIpv6(input),
        });
        return { resultId: made.id, result: made };
      }).result);
    return {
      NetworkInterface: interfaceToWire(ctx.read(), eni, ctx.region),
      ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}),
    };
  },
  DeleteNetworkInterface(ctx, input) {
    ctx.write((p) => deleteUserInterface(p, input.NetworkInterfaceId));
    return {};
  },
  DescribeNetworkInterfaces(ctx, input) {
    checkMaxResults(input.MaxResults, input.NetworkInterfaceIds, 'networkInterfaceIdSet');
    const view = ctx.read();
    const page = describe(view, 'networkInterface', { ids: input.NetworkInterfaceIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, interfaceFilters(view, ctx.region));
    return { NetworkInterfaces: page.items.map((e) => interfaceToWire(view, e, ctx.region)), NextToken: page.nextToken };
  },
};
