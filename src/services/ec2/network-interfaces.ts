/**
 * @module Network interface operations: Create/Describe/DeleteNetworkInterface, Assign/UnassignPrivateIpAddresses,
 * Attach/DetachNetworkInterface, Modify/Reset/DescribeNetworkInterfaceAttribute.
 */
import { ec2Errors } from '../../errors/ec2.js';
import { idempotent } from '../../model/client-token.js';
import { mustGet } from '../../model/lookup.js';
import {
  assignPrivateIps, attachUserInterface, createUserInterface, deleteUserInterface, detachUserInterface, modifyInterface,
  unassignPrivateIps, type InterfaceChange,
} from '../../model/network-interface.js';
import type { Address, NetworkInterface } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WGroupIdentifier, WNetworkInterface, WNetworkInterfaceAssociation } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
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

/** The Elastic IP associated with one private address of an interface (its primary one by default), if any. */
export function elasticIpOf(view: ReadView, eni: NetworkInterface, privateIp: string | undefined = eni.privateIp): Address | undefined {
  if (privateIp === undefined) return undefined;
  for (const a of view.list('address')) if (a.networkInterfaceId === eni.id && (a.privateIp ?? eni.privateIp) === privateIp) return a;
  return undefined;
}

/**
 * The public address association of one private address of an interface (the primary one by default): an
 * Elastic IP (owned by the account) or, on the primary address, an Amazon-owned one.
 */
export function interfaceAssociation(view: ReadView, eni: NetworkInterface, region: string, privateIp: string | undefined = eni.privateIp): WNetworkInterfaceAssociation | undefined {
  if (privateIp === undefined) return undefined;
  const eip = elasticIpOf(view, eni, privateIp);
  if (eip) {
    return {
      PublicIp: eip.publicIp, PublicDnsName: publicDnsName(eip.publicIp, region), IpOwnerId: eip.ownerId,
      AllocationId: eip.id, ...(eip.associationId !== undefined ? { AssociationId: eip.associationId } : {}),
    };
  }
  if (privateIp === eni.privateIp && eni.publicIp !== undefined) return { PublicIp: eni.publicIp, PublicDnsName: publicDnsName(eni.publicIp, region), IpOwnerId: 'amazon' };
  return undefined;
}

/** AWS ("IPv6-only subnets"): a resource name, `i-0123….ec2.internal` in us-east-1, `i-….<region>.compute.internal` elsewhere. */
export function resourceDnsName(id: string, region: string): string {
  return region === 'us-east-1' ? `${id}.ec2.internal` : `${id}.${region}.compute.internal`;
}

/**
 * The primary private address members of an interface: AWS omits them for an IPv6-only interface, which is
 * named by its instance's resource name once attached.
 */
export function primaryAddressToWire(eni: NetworkInterface, region: string): { PrivateIpAddress?: string; PrivateDnsName?: string } {
  if (eni.privateIp !== undefined) return { PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region) };
  return eni.attachment ? { PrivateDnsName: resourceDnsName(eni.attachment.instanceId, region) } : {};
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
    ...primaryAddressToWire(eni, region),
    PrivateIpAddresses: [
      ...(eni.privateIp !== undefined ? [{ PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region), Primary: true, ...primaryAssoc }] : []),
      ...eni.secondaryPrivateIps.map((ip) => {
        const a = interfaceAssociation(view, eni, region, ip);
        return { PrivateIpAddress: ip, PrivateDnsName: privateDnsName(ip, region), Primary: false, ...(a ? { Association: a } : {}) };
      }),
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
    Ipv6Native: subnet?.ipv6Native === true, DenyAllIgwTraffic: false, Operator: { Managed: false },
    TagSet: wireTags(eni.tags),
  };
}

/** AWS: every DescribeNetworkInterfaces filter ("DescribeNetworkInterfaces" API reference). */
function interfaceFilters(view: ReadView, region: string): FilterTable<NetworkInterface> {
  const assoc = (e: NetworkInterface): WNetworkInterfaceAssociation | undefined => interfaceAssociation(view, e, region);
  const allIps = (e: NetworkInterface): string[] => [...(e.privateIp !== undefined ? [e.privateIp] : []), ...e.secondaryPrivateIps];
  const allAssocs = (e: NetworkInterface): WNetworkInterfaceAssociation[] =>
    allIps(e).map((ip) => interfaceAssociation(view, e, region, ip)).filter((a): a is WNetworkInterfaceAssociation => a !== undefined);
  return {
    'association.allocation-id': (e) => assoc(e)?.AllocationId,
    'association.association-id': (e) => assoc(e)?.AssociationId,
    'addresses.association.owner-id': (e) => allAssocs(e).map((a) => a.IpOwnerId),
    'addresses.association.public-ip': (e) => allAssocs(e).map((a) => a.PublicIp),
    'addresses.primary': (e) => [...(e.privateIp !== undefined ? [true] : []), ...e.secondaryPrivateIps.map(() => false)],
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
    'private-dns-name': (e) => e.privateIp !== undefined ? allIps(e).map((ip) => privateDnsName(ip, region)) : primaryAddressToWire(e, region).PrivateDnsName,
    'private-ip-address': allIps,
    'requester-id': (e) => e.requesterId,
    'requester-managed': (e) => e.requesterManaged,
    'source-dest-check': (e) => e.sourceDestCheck,
    'status': (e) => e.status,
    'subnet-id': (e) => e.subnetId,
    'vpc-id': (e) => e.vpcId,
  };
}

/**
 * Refuse a feature vpce does not model. AWS answers `UnsupportedOperation` when an interface or instance type
 * lacks a feature (ENA Express, connection tracking, managed interfaces), which is what vpce's interfaces are.
 */
function unsupported(parameter: string): Error {
  return ec2Errors.custom('UnsupportedOperation', `The parameter ${parameter} is not supported for this network interface.`);
}

/** AWS: IPv4 prefix delegation (`/28` prefixes) is not modelled; a request for it is refused, not dropped. */
function refuseIpv4Prefixes(): never {
  throw ec2Errors.custom('UnsupportedOperation', 'IPv4 prefix delegation is not supported for this network interface.');
}

/** AWS: CreateNetworkInterface `InterfaceType` (efa, efa-only, branch, trunk); vpce serves efa and trunk. */
function interfaceType(value: string | undefined): NetworkInterface['interfaceType'] | undefined {
  if (value === undefined) return undefined;
  if (value === 'efa' || value === 'trunk') return value;
  throw ec2Errors.invalidParameterValue(`Value (${value}) for parameter interfaceType is invalid. Supported values: efa, trunk.`);
}

export const networkInterfaceHandlers: HandlerTable = {
  CreateNetworkInterface(ctx, input) {
    if (input.SubnetId === undefined || input.SubnetId === '') throw ec2Errors.missingParameter('SubnetId');
    const tags = tagsFromSpecs(input.TagSpecifications, 'network-interface');
    const type = interfaceType(input.InterfaceType);
    if (input.ConnectionTrackingSpecification !== undefined) throw unsupported('ConnectionTrackingSpecification');
    if (input.Operator !== undefined) throw unsupported('Operator');
    if (input.Ipv4Prefixes !== undefined || input.Ipv4PrefixCount !== undefined) refuseIpv4Prefixes();
    const eni = ctx.write((p, tx) => idempotent(p,
      { operation: 'CreateNetworkInterface', token: input.ClientToken, input },
      (id) => p.get('networkInterface', id),
      () => {
        const made = createUserInterface(tx, p, {
          subnetId: input.SubnetId, privateIp: input.PrivateIpAddress,
          privateIpAddresses: input.PrivateIpAddresses?.map((a) => ({ ip: a.PrivateIpAddress, primary: a.Primary })),
          secondaryPrivateIpCount: input.SecondaryPrivateIpAddressCount, groupIds: input.Groups,
          description: input.Description, tags, ...(type !== undefined ? { interfaceType: type } : {}), ...userInterfaceIpv6(input),
        });
        return { resultId: made.id, result: made };
      }).result);
    return {
      NetworkInterface: interfaceToWire(ctx.read(), eni, ctx.region),
      ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}),
    };
  },
  AssignPrivateIpAddresses(ctx, input) {
    if (input.Ipv4Prefixes !== undefined || input.Ipv4PrefixCount !== undefined) refuseIpv4Prefixes();
    const { eni, assigned } = ctx.write((p) => assignPrivateIps(p, {
      networkInterfaceId: input.NetworkInterfaceId, privateIps: input.PrivateIpAddresses,
      count: input.SecondaryPrivateIpAddressCount, allowReassignment: input.AllowReassignment,
    }));
    return { NetworkInterfaceId: eni.id, AssignedPrivateIpAddresses: assigned.map((ip) => ({ PrivateIpAddress: ip })) };
  },
  UnassignPrivateIpAddresses(ctx, input) {
    if (input.Ipv4Prefixes !== undefined) refuseIpv4Prefixes();
    ctx.write((p) => unassignPrivateIps(p, input.NetworkInterfaceId, input.PrivateIpAddresses ?? []));
    return {};
  },
  AttachNetworkInterface(ctx, input) {
    if (input.EnaSrdSpecification !== undefined) throw unsupported('EnaSrdSpecification');
    if (input.EnaQueueCount !== undefined) throw unsupported('EnaQueueCount');
    const eni = ctx.write((p, tx) => attachUserInterface(tx, p, {
      networkInterfaceId: input.NetworkInterfaceId, instanceId: input.InstanceId, deviceIndex: input.DeviceIndex,
      networkCardIndex: input.NetworkCardIndex,
    }));
    return { AttachmentId: eni.attachment!.attachmentId, NetworkCardIndex: 0 };
  },
  DetachNetworkInterface(ctx, input) {
    ctx.write((p) => detachUserInterface(p, input.AttachmentId));
    return {};
  },
  ModifyNetworkInterfaceAttribute(ctx, input) {
    if (input.EnaSrdSpecification !== undefined) throw unsupported('EnaSrdSpecification');
    if (input.ConnectionTrackingSpecification !== undefined) throw unsupported('ConnectionTrackingSpecification');
    if (input.AssociatedSubnetIds !== undefined) throw unsupported('AssociatedSubnetIds');
    // `DefaultEnaQueueCount` asks for the default queue count, the only one vpce interfaces have; a count is refused.
    if (input.Attachment?.EnaQueueCount !== undefined || input.Attachment?.DefaultEnaQueueCount === false) throw unsupported('Attachment.EnaQueueCount');
    const changes: InterfaceChange[] = [];
    if (input.Description !== undefined) changes.push({ attribute: 'description', value: input.Description.Value ?? '' });
    if (input.SourceDestCheck !== undefined) {
      if (input.SourceDestCheck.Value === undefined) throw ec2Errors.missingParameter('SourceDestCheck.Value');
      changes.push({ attribute: 'sourceDestCheck', value: input.SourceDestCheck.Value });
    }
    if (input.Groups !== undefined) changes.push({ attribute: 'groupSet', groupIds: input.Groups });
    if (input.Attachment !== undefined) {
      changes.push({ attribute: 'attachment', attachmentId: input.Attachment.AttachmentId, deleteOnTermination: input.Attachment.DeleteOnTermination });
    }
    if (input.AssociatePublicIpAddress !== undefined) changes.push({ attribute: 'associatePublicIpAddress', value: input.AssociatePublicIpAddress });
    if (input.EnablePrimaryIpv6 !== undefined) changes.push({ attribute: 'enablePrimaryIpv6', value: input.EnablePrimaryIpv6 });
    // AWS: "You can specify only one attribute at a time."
    if (changes.length === 0) throw ec2Errors.invalidParameterCombination('No attributes specified.');
    if (changes.length > 1) {
      throw ec2Errors.invalidParameterCombination(`Fields for multiple attribute types specified: ${changes.map((c) => c.attribute).join(', ')}`);
    }
    ctx.write((p, tx) => modifyInterface(tx, p, input.NetworkInterfaceId, changes[0]!));
    return {};
  },
  /** AWS: the only attribute that can be reset is `sourceDestCheck` (back to true). */
  ResetNetworkInterfaceAttribute(ctx, input) {
    if (input.SourceDestCheck === undefined) throw ec2Errors.missingParameter('SourceDestCheck');
    ctx.write((p, tx) => modifyInterface(tx, p, input.NetworkInterfaceId, { attribute: 'sourceDestCheck', value: true }));
    return {};
  },
  DescribeNetworkInterfaceAttribute(ctx, input) {
    if (input.Attribute === undefined) throw ec2Errors.missingParameter('Attribute');
    const view = ctx.read();
    const eni = mustGet(view, 'networkInterface', input.NetworkInterfaceId);
    const base = { NetworkInterfaceId: eni.id };
    switch (input.Attribute) {
      case 'description': return { ...base, Description: { Value: eni.description } };
      case 'groupSet': return { ...base, Groups: groupIdentifiers(view, eni.groupIds) };
      case 'sourceDestCheck': return { ...base, SourceDestCheck: { Value: eni.sourceDestCheck } };
      case 'associatePublicIpAddress': return { ...base, AssociatePublicIpAddress: eni.publicIp !== undefined };
      case 'attachment': {
        const wire = interfaceToWire(view, eni, ctx.region);
        return { ...base, ...(wire.Attachment ? { Attachment: wire.Attachment } : {}) };
      }
      default:
        throw ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
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
