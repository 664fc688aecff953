/** @module Instance operations: RunInstances, DescribeInstances, TerminateInstances. */
import { createHash } from 'node:crypto';
import { ec2Errors } from '../../errors/ec2.js';
import { idempotent } from '../../model/client-token.js';
import { runInstances, STATE_CODES, terminateInstances } from '../../model/instance.js';
import type { Instance, NetworkInterface } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WInstance, WInstanceNetworkInterface, WReservation } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { checkMaxResults, groupIdentifiers, interfaceAssociation, privateDnsName, publicDnsName } from './network-interfaces.js';
import { tagsFromSpecs, wireTags } from './tagging.js';
import { instanceIpv6Address, ipv6AddressesToWire, launchInterfaceIpv6, launchIpv6 } from './ipv6-addresses.js';

function state(s: Instance['state']): { Code: number; Name: string } {
  return { Code: STATE_CODES[s], Name: s };
}

/** A stable `AIPA…` id for a profile ARN stored before IAM was served (newer records keep the profile's id). */
function profileId(arn: string): string {
  return `AIPA${createHash('sha256').update(arn).digest('hex').slice(0, 17).toUpperCase()}`;
}

function interfacesOf(view: ReadView, inst: Instance): NetworkInterface[] {
  return inst.networkInterfaceIds.map((id) => view.get('networkInterface', id)).filter((e): e is NetworkInterface => e !== undefined);
}

function instanceInterfaceToWire(view: ReadView, eni: NetworkInterface, region: string): WInstanceNetworkInterface {
  const association = interfaceAssociation(view, eni, region);
  const assoc = association ? { Association: { PublicIp: association.PublicIp, PublicDnsName: association.PublicDnsName, IpOwnerId: association.IpOwnerId } } : {};
  return {
    NetworkInterfaceId: eni.id, SubnetId: eni.subnetId, VpcId: eni.vpcId, Description: eni.description, OwnerId: eni.ownerId,
    Status: eni.status, MacAddress: eni.macAddress, PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region),
    SourceDestCheck: eni.sourceDestCheck, InterfaceType: eni.interfaceType, Groups: groupIdentifiers(view, eni.groupIds),
    Ipv6Addresses: ipv6AddressesToWire(eni),
    PrivateIpAddresses: [
      { PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region), Primary: true, ...assoc },
      ...eni.secondaryPrivateIps.map((ip) => {
        const a = interfaceAssociation(view, eni, region, ip);
        return { PrivateIpAddress: ip, PrivateDnsName: privateDnsName(ip, region), Primary: false, ...(a ? { Association: { PublicIp: a.PublicIp, PublicDnsName: a.PublicDnsName, IpOwnerId: a.IpOwnerId } } : {}) };
      }),
    ],
    ...assoc,
    ...(eni.attachment ? {
      Attachment: {
        AttachmentId: eni.attachment.attachmentId, DeviceIndex: eni.attachment.deviceIndex, NetworkCardIndex: 0, Status: 'attached',
        AttachTime: new Date(eni.attachment.attachedAt).toISOString(), DeleteOnTermination: eni.attachment.deleteOnTermination,
      },
    } : {}),
  };
}

/** The public address an instance shows: its primary ENI's (an Elastic IP wins over an auto-assigned one). */
function publicIpOf(view: ReadView, inst: Instance, region: string): string | undefined {
  if (inst.state === 'terminated') return undefined;
  const primary = interfacesOf(view, inst).find((e) => e.attachment?.deviceIndex === 0);
  return primary ? interfaceAssociation(view, primary, region)?.PublicIp : inst.publicIp;
}

export function instanceToWire(view: ReadView, inst: Instance, region: string, shownState: Instance['state'] = inst.state): WInstance {
  const terminated = inst.state === 'terminated';
  const publicIp = publicIpOf(view, inst, region);
  const subnet = view.get('subnet', inst.subnetId);
  const terminatedAt = inst.terminatedAt !== undefined ? new Date(inst.terminatedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' GMT') : '';
  return {
    InstanceId: inst.id, ImageId: inst.imageId, InstanceType: inst.instanceType, State: state(shownState),
    AmiLaunchIndex: inst.amiLaunchIndex, LaunchTime: new Date(inst.launchedAt).toISOString(),
    Placement: { AvailabilityZone: inst.availabilityZone, ...(subnet ? { AvailabilityZoneId: subnet.availabilityZoneId } : {}), GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    SubnetId: inst.subnetId, VpcId: inst.vpcId,
    PrivateIpAddress: inst.privateIp, PrivateDnsName: terminated ? '' : privateDnsName(inst.privateIp, region),
    PublicDnsName: publicIp !== undefined ? publicDnsName(publicIp, region) : '',
    ...(publicIp !== undefined ? { PublicIpAddress: publicIp } : {}),
    ...(!terminated ? instanceIpv6Address(view, inst.networkInterfaceIds[0]) : {}),
    StateTransitionReason: terminated ? `User initiated (${terminatedAt})` : '',
    ...(terminated ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } } : {}),
    ...(inst.keyName !== undefined ? { KeyName: inst.keyName } : {}),
    ...(inst.iamInstanceProfileArn !== undefined ? { IamInstanceProfile: { Arn: inst.iamInstanceProfileArn, Id: inst.iamInstanceProfileId ?? profileId(inst.iamInstanceProfileArn) } } : {}),
    ...(inst.clientToken !== undefined ? { ClientToken: inst.clientToken } : {}),
    SecurityGroups: terminated ? [] : groupIdentifiers(view, inst.groupIds),
    NetworkInterfaces: terminated ? [] : interfacesOf(view, inst).map((e) => instanceInterfaceToWire(view, e, region)),
    SourceDestCheck: interfacesOf(view, inst).find((e) => e.attachment?.deviceIndex === 0)?.sourceDestCheck ?? true, Architecture: 'x86_64', Hypervisor: 'xen', VirtualizationType: 'hvm', RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda', EbsOptimized: false, EnaSupport: true, BlockDeviceMappings: [], ProductCodes: [],
    PlatformDetails: 'Linux/UNIX', UsageOperation: 'RunInstances',
    Tags: wireTags(inst.tags),
  };
}

/** Instances grouped into reservations, in order of first appearance. */
function reservations(view: ReadView, items: readonly Instance[], region: string, shown?: Instance['state']): WReservation[] {
  const byId = new Map<string, Instance[]>();
  for (const i of items) {
    const list = byId.get(i.reservationId);
    if (list) list.push(i);
    else byId.set(i.reservationId, [i]);
  }
  return [...byId].map(([reservationId, insts]) => ({
    ReservationId: reservationId, OwnerId: insts[0]!.ownerId, Groups: [],
    Instances: insts.map((i) => instanceToWire(view, i, region, shown)),
  }));
}

/** AWS: DescribeInstances filters (the networking-relevant subset of the documented list, plus tags). */
function instanceFilters(view: ReadView, region: string): FilterTable<Instance> {
  const live = (i: Instance): NetworkInterface[] => (i.state === 'terminated' ? [] : interfacesOf(view, i));
  const assocs = (i: Instance) => live(i).map((e) => interfaceAssociation(view, e, region));
  return {
    'availability-zone': (i) => i.availabilityZone,
    'availability-zone-id': (i) => view.get('subnet', i.subnetId)?.availabilityZoneId,
    'client-token': (i) => i.clientToken,
    'dns-name': (i) => { const ip = publicIpOf(view, i, region); return ip === undefined ? undefined : publicDnsName(ip, region); },
    'iam-instance-profile.arn': (i) => i.iamInstanceProfileArn,
    'image-id': (i) => i.imageId,
    'instance-id': (i) => i.id,
    'instance-state-code': (i) => STATE_CODES[i.state],
    'instance-state-name': (i) => i.state,
    'instance-type': (i) => i.instanceType,
    'instance.group-id': (i) => i.groupIds,
    'instance.group-name': (i) => i.groupIds.map((id) => view.get('securityGroup', id)?.groupName),
    'ip-address': (i) => publicIpOf(view, i, region),
    'ipv6-address': (i) => live(i).flatMap((e) => e.ipv6Addresses),
    'network-interface.ipv6-addresses.ipv6-address': (i) => live(i).flatMap((e) => e.ipv6Addresses),
    'key-name': (i) => i.keyName,
    'launch-index': (i) => i.amiLaunchIndex,
    'launch-time': (i) => new Date(i.launchedAt).toISOString(),
    'network-interface.addresses.association.public-ip': (i) => assocs(i).map((a) => a?.PublicIp),
    'network-interface.addresses.primary': (i) => live(i).flatMap((e) => [true, ...e.secondaryPrivateIps.map(() => false)]),
    'network-interface.addresses.private-ip-address': (i) => live(i).flatMap((e) => [e.privateIp, ...e.secondaryPrivateIps]),
    'network-interface.association.public-ip': (i) => assocs(i).map((a) => a?.PublicIp),
    'network-interface.association.ip-owner-id': (i) => assocs(i).map((a) => a?.IpOwnerId),
    'network-interface.association.allocation-id': (i) => assocs(i).map((a) => a?.AllocationId),
    'network-interface.association.association-id': (i) => assocs(i).map((a) => a?.AssociationId),
    'network-interface.attachment.attachment-id': (i) => live(i).map((e) => e.attachment?.attachmentId),
    'network-interface.attachment.instance-id': (i) => live(i).map((e) => e.attachment?.instanceId),
    'network-interface.attachment.device-index': (i) => live(i).map((e) => e.attachment?.deviceIndex),
    'network-interface.attachment.delete-on-termination': (i) => live(i).map((e) => e.attachment?.deleteOnTermination),
    'network-interface.attachment.status': (i) => live(i).map(() => 'attached'),
    'network-interface.availability-zone': (i) => live(i).map((e) => e.availabilityZone),
    'network-interface.description': (i) => live(i).map((e) => e.description),
    'network-interface.group-id': (i) => live(i).flatMap((e) => e.groupIds),
    'network-interface.group-name': (i) => live(i).flatMap((e) => e.groupIds.map((id) => view.get('securityGroup', id)?.groupName)),
    'network-interface.mac-address': (i) => live(i).map((e) => e.macAddress),
    'network-interface.network-interface-id': (i) => live(i).map((e) => e.id),
    'network-interface.owner-id': (i) => live(i).map((e) => e.ownerId),
    'network-interface.private-dns-name': (i) => live(i).map((e) => privateDnsName(e.privateIp, region)),
    'network-interface.private-ip-address': (i) => live(i).map((e) => e.privateIp),
    'network-interface.requester-managed': (i) => live(i).map((e) => e.requesterManaged),
    'network-interface.source-dest-check': (i) => live(i).map((e) => e.sourceDestCheck),
    'network-interface.status': (i) => live(i).map((e) => e.status),
    'network-interface.subnet-id': (i) => live(i).map((e) => e.subnetId),
    'network-interface.vpc-id': (i) => live(i).map((e) => e.vpcId),
    'owner-id': (i) => i.ownerId,
    'private-dns-name': (i) => privateDnsName(i.privateIp, region),
    'private-ip-address': (i) => i.privateIp,
    'reservation-id': (i) => i.reservationId,
    'source-dest-check': () => true,
    'subnet-id': (i) => i.subnetId,
    'tenancy': () => 'default',
    'vpc-id': (i) => i.vpcId,
  };
}

export const instanceHandlers: HandlerTable = {
  RunInstances(ctx, input) {
    if (input.MinCount === undefined) throw ec2Errors.missingParameter('MinCount');
    if (input.MaxCount === undefined) throw ec2Errors.missingParameter('MaxCount');
    const nics = input.NetworkInterfaces ?? [];
    if (nics.length > 1) throw ec2Errors.invalidParameterValue('Only one network interface (device index 0) is supported at launch.');
    const nic = nics[0];
    // AWS: RunInstances also tags volumes; there are no volumes here, so their tags are accepted and dropped.
    const instanceTags = tagsFromSpecs(input.TagSpecifications?.filter((s) => s.ResourceType !== 'network-interface' && s.ResourceType !== 'volume'), 'instance');
    const interfaceTags = tagsFromSpecs(input.TagSpecifications?.filter((s) => s.ResourceType === 'network-interface'), 'network-interface');
    const launched = ctx.write((p, tx) => idempotent(p,
      { operation: 'RunInstances', token: input.ClientToken, input },
      // AWS: a retry with the same token returns the original reservation.
      (reservationId) => {
        const found = [...p.list('instance')].filter((i) => i.reservationId === reservationId);
        return found.length > 0 ? found : undefined;
      },
      () => {
        const made = runInstances(tx, p, {
          imageId: input.ImageId, instanceType: input.InstanceType, minCount: input.MinCount, maxCount: input.MaxCount,
          subnetId: input.SubnetId, availabilityZone: input.Placement?.AvailabilityZone,
          securityGroupIds: input.SecurityGroupIds, securityGroupNames: input.SecurityGroups, privateIp: input.PrivateIpAddress,
          networkInterface: nic ? {
            networkInterfaceId: nic.NetworkInterfaceId, subnetId: nic.SubnetId, groupIds: nic.Groups, privateIp: nic.PrivateIpAddress,
            secondaryPrivateIpCount: nic.SecondaryPrivateIpAddressCount, description: nic.Description,
            associatePublicIp: nic.AssociatePublicIpAddress, deleteOnTermination: nic.DeleteOnTermination, deviceIndex: nic.DeviceIndex,
            ...launchInterfaceIpv6(nic),
          } : undefined,
          ...launchIpv6(input),
          keyName: input.KeyName,
          iamInstanceProfile: input.IamInstanceProfile ? { arn: input.IamInstanceProfile.Arn, name: input.IamInstanceProfile.Name } : undefined,
          clientToken: input.ClientToken, tags: instanceTags, interfaceTags,
        });
        return { resultId: made[0]!.reservationId, result: made };
      }));
    const view = ctx.read();
    // AWS: the RunInstances response shows new instances as `pending`; a replay shows them as they are now.
    const [reservation] = reservations(view, launched.result, ctx.region, launched.replayed ? undefined : 'pending');
    return { ...reservation!, Groups: [] };
  },
  DescribeInstances(ctx, input) {
    checkMaxResults(input.MaxResults, input.InstanceIds, 'instancesSet');
    const view = ctx.read();
    const page = describe(view, 'instance', { ids: input.InstanceIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, instanceFilters(view, ctx.region));
    return { Reservations: reservations(view, page.items, ctx.region), NextToken: page.nextToken };
  },
  TerminateInstances(ctx, input) {
    const changes = ctx.write((p, tx) => terminateInstances(tx, p, input.InstanceIds ?? []));
    return {
      TerminatingInstances: changes.map((c) => ({
        InstanceId: c.instance.id,
        // AWS: the response reports `shutting-down` for a running instance; it is `terminated` thereafter.
        CurrentState: state(c.previous === 'terminated' ? 'terminated' : 'shutting-down'),
        PreviousState: state(c.previous),
      })),
    };
  },
};
