/** @module Instance operations: RunInstances, DescribeInstances, TerminateInstances, StopInstances, StartInstances. */
import { createHash } from 'node:crypto';
import { STATE_CODES, terminateInstances, type StateChange } from '../../model/instance.js';
import { startInstances, stopInstances } from '../../model/instance-lifecycle.js';
import { settingsOf } from '../../model/instance-settings.js';
import type { Instance, NetworkInterface } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WInstance, WInstanceBlockDeviceMapping, WInstanceNetworkInterface, WInstanceStateChange, WReservation } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { groupIdentifiers, interfaceAssociation, primaryAddressToWire, privateDnsName, publicDnsName, resourceDnsName } from './network-interfaces.js';
import { launchInstances } from './run-instances.js';
import { wireTags } from './tagging.js';
import { instanceIpv6Address, ipv6AddressesToWire } from './ipv6-addresses.js';

export function state(s: Instance['state']): { Code: number; Name: string } {
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
    Status: eni.status, MacAddress: eni.macAddress, ...primaryAddressToWire(eni, region),
    SourceDestCheck: eni.sourceDestCheck, InterfaceType: eni.interfaceType, Groups: groupIdentifiers(view, eni.groupIds),
    Ipv6Addresses: ipv6AddressesToWire(eni),
    PrivateIpAddresses: [
      ...(eni.privateIp !== undefined ? [{ PrivateIpAddress: eni.privateIp, PrivateDnsName: privateDnsName(eni.privateIp, region), Primary: true, ...assoc }] : []),
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

/** AWS: the time in a state transition reason, `2024-01-02 03:04:05 GMT`. */
function reasonTime(ms: number | undefined): string {
  return ms !== undefined ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' GMT') : '';
}

/** The instance's EBS block devices, as DescribeInstances lists them (none once terminated). */
export function blockDeviceMappings(view: ReadView, inst: Instance): WInstanceBlockDeviceMapping[] {
  if (inst.state === 'terminated') return [];
  return (inst.blockDevices ?? []).flatMap((b) => {
    const v = view.get('volume', b.volumeId);
    if (!v?.attachment) return [];
    return [{ DeviceName: b.deviceName, Ebs: { AttachTime: new Date(v.attachment.attachedAt).toISOString(), DeleteOnTermination: v.attachment.deleteOnTermination, Status: 'attached', VolumeId: v.id } }];
  });
}

/** AWS: the private DNS name follows the hostname type: `ip-10-0-0-4.ec2.internal`, or `i-0abc….ec2.internal` for resource names. */
function instanceDnsName(inst: Instance, region: string): string {
  if (settingsOf(inst).hostnameType !== 'resource-name' && inst.privateIp !== undefined) return privateDnsName(inst.privateIp, region);
  return resourceDnsName(inst.id, region);
}

/** The source/destination check an instance shows: its primary interface's. */
export function sourceDestCheckOf(view: ReadView, inst: Instance): boolean {
  return interfacesOf(view, inst).find((e) => e.attachment?.deviceIndex === 0)?.sourceDestCheck ?? true;
}

export function instanceToWire(view: ReadView, inst: Instance, region: string, shownState: Instance['state'] = inst.state): WInstance {
  const terminated = inst.state === 'terminated';
  const stopped = inst.state === 'stopped';
  const publicIp = publicIpOf(view, inst, region);
  const subnet = view.get('subnet', inst.subnetId);
  const s = settingsOf(inst);
  const terminatedAt = reasonTime(inst.terminatedAt);
  return {
    InstanceId: inst.id, ImageId: inst.imageId, InstanceType: inst.instanceType, State: state(shownState),
    AmiLaunchIndex: inst.amiLaunchIndex, LaunchTime: new Date(inst.launchedAt).toISOString(),
    Placement: { AvailabilityZone: inst.availabilityZone, ...(subnet ? { AvailabilityZoneId: subnet.availabilityZoneId } : {}), GroupName: '', Tenancy: s.tenancy },
    Monitoring: { State: s.monitoring ? 'enabled' : 'disabled' },
    SubnetId: inst.subnetId, VpcId: inst.vpcId,
    PrivateIpAddress: inst.privateIp, PrivateDnsName: terminated ? '' : instanceDnsName(inst, region),
    PublicDnsName: publicIp !== undefined ? publicDnsName(publicIp, region) : '',
    ...(publicIp !== undefined ? { PublicIpAddress: publicIp } : {}),
    ...(!terminated ? instanceIpv6Address(view, inst.networkInterfaceIds[0]) : {}),
    StateTransitionReason: terminated ? `User initiated (${terminatedAt})` : stopped ? `User initiated (${reasonTime(inst.stoppedAt)})` : '',
    ...(terminated || stopped ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } } : {}),
    ...(inst.keyName !== undefined ? { KeyName: inst.keyName } : {}),
    ...(inst.iamInstanceProfileArn !== undefined ? { IamInstanceProfile: { Arn: inst.iamInstanceProfileArn, Id: inst.iamInstanceProfileId ?? profileId(inst.iamInstanceProfileArn) } } : {}),
    ...(inst.clientToken !== undefined ? { ClientToken: inst.clientToken } : {}),
    SecurityGroups: terminated ? [] : groupIdentifiers(view, inst.groupIds),
    NetworkInterfaces: terminated ? [] : interfacesOf(view, inst).map((e) => instanceInterfaceToWire(view, e, region)),
    SourceDestCheck: sourceDestCheckOf(view, inst), Architecture: s.architecture, Hypervisor: 'xen', VirtualizationType: 'hvm', RootDeviceType: 'ebs',
    RootDeviceName: s.rootDeviceName, EbsOptimized: s.ebsOptimized, EnaSupport: true, BlockDeviceMappings: blockDeviceMappings(view, inst), ProductCodes: [],
    PlatformDetails: 'Linux/UNIX', UsageOperation: 'RunInstances', UsageOperationUpdateTime: new Date(inst.launchedAt).toISOString(),
    CpuOptions: { CoreCount: s.cpu.coreCount, ThreadsPerCore: s.cpu.threadsPerCore },
    CapacityReservationSpecification: { CapacityReservationPreference: s.capacityReservationPreference },
    HibernationOptions: { Configured: s.hibernation },
    MetadataOptions: {
      State: 'applied', HttpTokens: s.metadata.httpTokens, HttpPutResponseHopLimit: s.metadata.hopLimit,
      HttpEndpoint: s.metadata.httpEndpoint, HttpProtocolIpv6: s.metadata.httpProtocolIpv6, InstanceMetadataTags: s.metadata.instanceMetadataTags,
    },
    EnclaveOptions: { Enabled: s.enclave },
    ...(s.bootMode !== undefined ? { BootMode: s.bootMode } : {}),
    CurrentInstanceBootMode: s.bootMode === 'uefi' || s.bootMode === 'uefi-preferred' ? 'uefi' : 'legacy-bios',
    PrivateDnsNameOptions: { HostnameType: s.hostnameType, EnableResourceNameDnsARecord: s.dnsARecord, EnableResourceNameDnsAAAARecord: s.dnsAaaaRecord },
    MaintenanceOptions: { AutoRecovery: s.autoRecovery, RebootMigration: 'default' },
    NetworkPerformanceOptions: { BandwidthWeighting: 'default' },
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
    'network-interface.ipv6-address': (i) => live(i).flatMap((e) => e.ipv6Addresses),
    'network-interface.ipv6-addresses.is-primary-ipv6': (i) => live(i).flatMap((e) => e.ipv6Addresses.map((_a, n) => e.primaryIpv6 === true && n === 0)),
    'key-name': (i) => i.keyName,
    'launch-index': (i) => i.amiLaunchIndex,
    'launch-time': (i) => new Date(i.launchedAt).toISOString(),
    'network-interface.addresses.association.public-ip': (i) => assocs(i).map((a) => a?.PublicIp),
    'network-interface.addresses.primary': (i) => live(i).flatMap((e) => [true, ...e.secondaryPrivateIps.map(() => false)]),
    'network-interface.addresses.private-ip-address': (i) => live(i).flatMap((e) => [...(e.privateIp !== undefined ? [e.privateIp] : []), ...e.secondaryPrivateIps]),
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
    'network-interface.private-dns-name': (i) => live(i).map((e) => primaryAddressToWire(e, region).PrivateDnsName),
    'network-interface.private-ip-address': (i) => live(i).map((e) => e.privateIp),
    'network-interface.requester-managed': (i) => live(i).map((e) => e.requesterManaged),
    'network-interface.source-dest-check': (i) => live(i).map((e) => e.sourceDestCheck),
    'network-interface.status': (i) => live(i).map((e) => e.status),
    'network-interface.subnet-id': (i) => live(i).map((e) => e.subnetId),
    'network-interface.vpc-id': (i) => live(i).map((e) => e.vpcId),
    'owner-id': (i) => i.ownerId,
    'private-dns-name': (i) => instanceDnsName(i, region),
    'private-ip-address': (i) => i.privateIp,
    'reservation-id': (i) => i.reservationId,
    'source-dest-check': (i) => sourceDestCheckOf(view, i),
    'architecture': (i) => settingsOf(i).architecture,
    'block-device-mapping.device-name': (i) => (i.blockDevices ?? []).map((b) => b.deviceName),
    'block-device-mapping.volume-id': (i) => (i.blockDevices ?? []).map((b) => b.volumeId),
    'block-device-mapping.status': (i) => (i.state === 'terminated' ? [] : (i.blockDevices ?? []).map(() => 'attached')),
    'block-device-mapping.delete-on-termination': (i) => (i.blockDevices ?? []).map((b) => view.get('volume', b.volumeId)?.attachment?.deleteOnTermination),
    'ebs-optimized': (i) => settingsOf(i).ebsOptimized,
    'metadata-options.http-tokens': (i) => settingsOf(i).metadata.httpTokens,
    'metadata-options.http-put-response-hop-limit': (i) => settingsOf(i).metadata.hopLimit,
    'metadata-options.http-endpoint': (i) => settingsOf(i).metadata.httpEndpoint,
    'metadata-options.instance-metadata-tags': (i) => settingsOf(i).metadata.instanceMetadataTags,
    'monitoring-state': (i) => (settingsOf(i).monitoring ? 'enabled' : 'disabled'),
    'root-device-name': (i) => settingsOf(i).rootDeviceName,
    'root-device-type': () => 'ebs',
    'hypervisor': () => 'xen',
    'virtualization-type': () => 'hvm',
    'platform-details': () => 'Linux/UNIX',
    'hibernation-options.configured': (i) => settingsOf(i).hibernation,
    'block-device-mapping.attach-time': (i) => (i.blockDevices ?? []).map((b) => { const at = view.get('volume', b.volumeId)?.attachment?.attachedAt; return at === undefined ? undefined : new Date(at).toISOString(); }),
    'boot-mode': (i) => settingsOf(i).bootMode,
    'current-instance-boot-mode': (i) => { const m = settingsOf(i).bootMode; return m === 'uefi' || m === 'uefi-preferred' ? 'uefi' : 'legacy-bios'; },
    'capacity-reservation-specification.capacity-reservation-preference': (i) => settingsOf(i).capacityReservationPreference,
    'ena-support': () => true,
    'enclave-options.enabled': (i) => settingsOf(i).enclave,
    'iam-instance-profile.id': (i) => (i.iamInstanceProfileArn !== undefined ? i.iamInstanceProfileId ?? profileId(i.iamInstanceProfileArn) : undefined),
    'maintenance-options.auto-recovery': (i) => settingsOf(i).autoRecovery,
    'metadata-options.http-protocol-ipv4': () => 'enabled',
    'metadata-options.http-protocol-ipv6': (i) => settingsOf(i).metadata.httpProtocolIpv6,
    'metadata-options.state': () => 'applied',
    'network-performance-options.bandwidth-weighting': () => 'default',
    'private-dns-name-options.hostname-type': (i) => settingsOf(i).hostnameType,
    'private-dns-name-options.enable-resource-name-dns-a-record': (i) => settingsOf(i).dnsARecord,
    'private-dns-name-options.enable-resource-name-dns-aaaa-record': (i) => settingsOf(i).dnsAaaaRecord,
    'reason': (i) => (i.state === 'terminated' ? `User initiated (${reasonTime(i.terminatedAt)})` : i.state === 'stopped' ? `User initiated (${reasonTime(i.stoppedAt)})` : undefined),
    'state-reason-code': (i) => (i.state === 'terminated' || i.state === 'stopped' ? 'Client.UserInitiatedShutdown' : undefined),
    'state-reason-message': (i) => (i.state === 'terminated' || i.state === 'stopped' ? 'Client.UserInitiatedShutdown: User initiated shutdown' : undefined),
    'usage-operation': () => 'RunInstances',
    'usage-operation-update-time': (i) => new Date(i.launchedAt).toISOString(),
    'network-interface.attachment.attach-time': (i) => live(i).map((e) => (e.attachment ? new Date(e.attachment.attachedAt).toISOString() : undefined)),
    'network-interface.attachment.instance-owner-id': (i) => live(i).map((e) => (e.attachment ? i.ownerId : undefined)),
    'network-interface.attachment.network-card-index': (i) => live(i).map(() => 0),
    'network-interface.association.public-dns-name': (i) => assocs(i).map((a) => a?.PublicDnsName),
    'network-interface.addresses.association.public-dns-name': (i) => assocs(i).map((a) => a?.PublicDnsName),
    'network-interface.addresses.association.ip-owner-id': (i) => assocs(i).map((a) => a?.IpOwnerId),
    'network-interface.addresses.association.allocation-id': (i) => assocs(i).map((a) => a?.AllocationId),
    'network-interface.addresses.association.association-id': (i) => assocs(i).map((a) => a?.AssociationId),
    'network-interface.addresses.private-dns-name': (i) => live(i).flatMap((e) => [...(e.privateIp !== undefined ? [e.privateIp] : []), ...e.secondaryPrivateIps].map((ip) => privateDnsName(ip, region))),
    'network-interface.public-dns-name': (i) => assocs(i).map((a) => a?.PublicDnsName),
    'network-interface.requester-id': (i) => live(i).map((e) => e.requesterId),
    'network-interface.ipv6-native': (i) => live(i).map((e) => view.get('subnet', e.subnetId)?.ipv6Native === true),
    'network-interface.deny-all-igw-traffic': (i) => live(i).map(() => false),
    'network-interface.operator.managed': (i) => live(i).map(() => false),
    'network-interface.tag-key': (i) => live(i).flatMap((e) => e.tags.map((t) => t.key)),
    'network-interface.tag-value': (i) => live(i).flatMap((e) => e.tags.map((t) => t.value)),
    'operator.managed': () => false,
    // Features vpce's instances never have: these filters are accepted and match no instance.
    'affinity': () => undefined, 'capacity-reservation-id': () => undefined, 'host-id': () => undefined, 'instance-lifecycle': () => undefined,
    'kernel-id': () => undefined, 'ramdisk-id': () => undefined, 'outpost-arn': () => undefined,
    'placement-group-name': () => undefined, 'placement-partition-number': () => undefined, 'platform': () => undefined,
    'product-code': () => undefined, 'product-code.type': () => undefined, 'requester-id': () => undefined, 'spot-instance-request-id': () => undefined,
    'tpm-support': () => undefined, 'operator.principal': () => undefined,
    'capacity-reservation-specification.capacity-reservation-target.capacity-reservation-id': () => undefined,
    'capacity-reservation-specification.capacity-reservation-target.capacity-reservation-resource-group-arn': () => undefined,
    'network-interface.addresses.association.carrier-ip': () => undefined, 'network-interface.addresses.association.customer-owned-ip': () => undefined,
    'network-interface.association.carrier-ip': () => undefined, 'network-interface.association.customer-owned-ip': () => undefined,
    'network-interface.ipv4-prefixes.ipv4-prefix': () => undefined,
    'network-interface.ipv6-prefixes.ipv6-prefix': () => undefined, 'network-interface.operator.principal': () => undefined,
    'network-interface.outpost-arn': () => undefined,
    'subnet-id': (i) => i.subnetId,
    'tenancy': (i) => settingsOf(i).tenancy,
    'vpc-id': (i) => i.vpcId,
  };
}

export const instanceHandlers: HandlerTable = {
  RunInstances(ctx, input) {
    const launched = launchInstances(ctx, input);
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
    // Force and SkipOsShutdown change nothing here: instances have no operating system to shut down.
    const changes = ctx.write((p, tx) => terminateInstances(tx, p, input.InstanceIds ?? []));
    // AWS: the response reports `shutting-down` for a live instance; it is `terminated` thereafter.
    return { TerminatingInstances: stateChanges(changes, (prev) => (prev === 'terminated' ? 'terminated' : 'shutting-down')) };
  },
  StopInstances(ctx, input) {
    const changes = ctx.write((p, tx) => stopInstances(tx, p, input.InstanceIds ?? [], input.Hibernate === true));
    // AWS: the response reports `stopping`; the instance is `stopped` thereafter.
    return { StoppingInstances: stateChanges(changes, (prev) => (prev === 'stopped' ? 'stopped' : 'stopping')) };
  },
  StartInstances(ctx, input) {
    const changes = ctx.write((p, tx) => startInstances(tx, p, input.InstanceIds ?? []));
    // AWS: the response reports `pending`; the instance is `running` thereafter.
    return { StartingInstances: stateChanges(changes, (prev) => (prev === 'running' ? 'running' : 'pending')) };
  },
};

function stateChanges(changes: readonly StateChange[], shown: (previous: Instance['state']) => Instance['state']): WInstanceStateChange[] {
  return changes.map((c) => ({ InstanceId: c.instance.id, CurrentState: state(shown(c.previous)), PreviousState: state(c.previous) }));
}
