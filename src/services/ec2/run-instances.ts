/**
 * @module RunInstances: every request member is mapped to the model or refused with the error AWS gives when it
 * cannot be honoured (no resource of that kind exists, or the feature is not offered), never dropped.
 * Empty strings the Terraform provider always sends (`Placement.AvailabilityZone=`, `Placement.GroupName=`) are
 * unset values, as AWS treats them.
 */
import { launchInterfaceIpv6, launchIpv6 } from './ipv6-addresses.js';
import { ec2Errors } from '../../errors/ec2.js';
import { idempotent } from '../../model/client-token.js';
import { runInstances, type LaunchSettingsSpec } from '../../model/instance.js';
import type { BlockDeviceSpec } from '../../model/volume.js';
import type { WBlockDeviceMapping, WInstanceNetworkInterfaceSpecification, WRunInstancesRequest } from '../../specs/ec2-types.js';
import type { Ec2Context } from './context.js';
import { tagsFromSpecs } from './tagging.js';

/** Present: given and not the empty string. */
function given(v: string | undefined): v is string {
  return v !== undefined && v !== '';
}

const unsupported = (message: string): Error => ec2Errors.custom('UnsupportedOperation', message);

/** AWS: resource types RunInstances can tag. */
const TAGGABLE = new Set(['instance', 'volume', 'network-interface', 'spot-instances-request', 'elastic-gpu']);

/** Refuse the members that name resources vpce cannot hold or features it does not offer. */
function refuseUnserved(input: WRunInstancesRequest): void {
  const lt = input.LaunchTemplate;
  if (lt) {
    if (given(lt.LaunchTemplateId) && given(lt.LaunchTemplateName)) {
      throw ec2Errors.invalidParameterCombination('Only one of LaunchTemplateId or LaunchTemplateName can be specified.');
    }
    if (given(lt.LaunchTemplateId)) throw ec2Errors.notFound('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${lt.LaunchTemplateId}, does not exist.`);
    if (given(lt.LaunchTemplateName)) throw ec2Errors.notFound('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${lt.LaunchTemplateName}, does not exist.`);
    throw ec2Errors.missingParameter('LaunchTemplateId or LaunchTemplateName');
  }
  for (const [name, id] of [['kernel', input.KernelId], ['ramdisk', input.RamdiskId]] as const) {
    if (given(id)) throw ec2Errors.notFound('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist (${name})`);
  }
  const pl = input.Placement;
  if (pl) {
    const group = given(pl.GroupName) ? pl.GroupName : given(pl.GroupId) ? pl.GroupId : undefined;
    if (group !== undefined) throw ec2Errors.custom('InvalidPlacementGroup.Unknown', `The Placement Group '${group}' is unknown.`);
    if (given(pl.HostId)) throw ec2Errors.notFound('InvalidHostID.NotFound', `The host ID '${pl.HostId}' does not exist`);
    if (given(pl.HostResourceGroupArn)) throw ec2Errors.invalidParameterValue(`The host resource group '${pl.HostResourceGroupArn}' does not exist.`);
    if (given(pl.Affinity)) throw ec2Errors.invalidParameterCombination('Affinity can be specified only with host tenancy.');
    if (pl.PartitionNumber !== undefined) throw ec2Errors.invalidParameterCombination('PartitionNumber can be specified only with a partition placement group.');
    if (given(pl.SpreadDomain)) throw ec2Errors.invalidParameterCombination('SpreadDomain can be specified only with a spread placement group.');
  }
  const cr = input.CapacityReservationSpecification;
  if (cr?.CapacityReservationTarget) {
    const t = cr.CapacityReservationTarget;
    if (given(t.CapacityReservationId)) throw ec2Errors.notFound('InvalidCapacityReservationId.NotFound', `The capacity reservation ID '${t.CapacityReservationId}' does not exist`);
    if (given(t.CapacityReservationResourceGroupArn)) throw ec2Errors.invalidParameterValue(`The resource group '${t.CapacityReservationResourceGroupArn}' does not exist.`);
  }
  if (cr?.CapacityReservationPreference === 'capacity-reservations-only') {
    throw ec2Errors.custom('InsufficientInstanceCapacity', 'There is no Capacity Reservation available to launch into (capacity-reservations-only).');
  }
  if ((input.ElasticGpuSpecification?.length ?? 0) > 0) throw unsupported('Elastic Graphics is no longer available (end of life on January 8, 2024).');
  if ((input.ElasticInferenceAccelerators?.length ?? 0) > 0) throw unsupported('Elastic Inference is no longer available (end of life on April 15, 2024).');
  const market = input.InstanceMarketOptions?.MarketType;
  if (given(market)) throw unsupported(`The market type '${market}' is not offered: vpce launches On-Demand instances only.`);
  for (const l of input.LicenseSpecifications ?? []) {
    throw ec2Errors.invalidParameterValue(`The license configuration '${l.LicenseConfigurationArn ?? ''}' does not exist.`);
  }
  const weighting = input.NetworkPerformanceOptions?.BandwidthWeighting;
  if (given(weighting) && weighting !== 'default') throw unsupported(`Bandwidth weighting '${weighting}' is not supported for instance type ${input.InstanceType ?? 'm1.small'}.`);
  if (given(input.Operator?.Principal)) throw ec2Errors.invalidParameterValue(`The operator principal '${input.Operator!.Principal}' is not a service that can manage instances.`);
  if ((input.SecondaryInterfaces?.length ?? 0) > 0) throw unsupported('Secondary interfaces are not supported for this instance type.');
  const cpu = input.CpuOptions;
  if (given(cpu?.AmdSevSnp) && cpu!.AmdSevSnp !== 'disabled') throw unsupported('AMD SEV-SNP is not supported for this instance type.');
  if (given(cpu?.NestedVirtualization) && cpu!.NestedVirtualization !== 'disabled') throw unsupported('Nested virtualization is not supported for this instance type.');
  if (input.MaintenanceOptions && Object.keys(input.MaintenanceOptions).some((k) => k !== 'AutoRecovery')) {
    throw unsupported('Only AutoRecovery can be set in MaintenanceOptions.');
  }
  for (const spec of input.TagSpecifications ?? []) {
    const type = spec.ResourceType ?? '';
    if (!TAGGABLE.has(type)) throw ec2Errors.invalidParameterValue(`'${type}' is not a valid taggable resource type for this operation.`);
    // AWS: spot request and elastic GPU tags need a spot launch or an elastic GPU, neither of which vpce makes.
    if (type === 'spot-instances-request') throw ec2Errors.invalidParameterCombination('Spot instance request tags can be specified only with InstanceMarketOptions of type spot.');
    if (type === 'elastic-gpu') throw ec2Errors.invalidParameterCombination('Elastic GPU tags can be specified only with an ElasticGpuSpecification.');
  }
}

/** The network interface members vpce serves; the rest are refused. */
function refuseInterfaceMembers(nic: WInstanceNetworkInterfaceSpecification): void {
  if ((nic.Ipv4PrefixCount ?? 0) > 0 || (nic.Ipv4Prefixes?.length ?? 0) > 0) throw unsupported('IPv4 prefix delegation is not supported at launch.');
  if (nic.AssociateCarrierIpAddress === true) throw ec2Errors.invalidParameterCombination('A carrier IP address can be associated only in a Wavelength Zone.');
  if (given(nic.InterfaceType) && nic.InterfaceType !== 'interface') throw unsupported(`Interface type '${nic.InterfaceType}' is not supported for this instance type.`);
  if ((nic.NetworkCardIndex ?? 0) !== 0) throw ec2Errors.invalidParameterValue(`Value (${nic.NetworkCardIndex}) for parameter networkCardIndex is invalid. The instance type has one network card.`);
  if (nic.EnaSrdSpecification) throw unsupported('ENA Express is not supported for this instance type.');
  if (nic.ConnectionTrackingSpecification) throw unsupported('Connection tracking timeouts are not configurable in vpce.');
  if (nic.EnaQueueCount !== undefined) throw unsupported('ENA queue counts are not configurable for this instance type.');
  const secondary = (nic.PrivateIpAddresses ?? []).filter((a) => a.Primary !== true);
  if (secondary.length > 0) throw ec2Errors.invalidParameterCombination('Secondary private IP addresses may be requested by SecondaryPrivateIpAddressCount only.');
}

function blockDevices(mappings: readonly WBlockDeviceMapping[] | undefined): BlockDeviceSpec[] {
  return (mappings ?? []).map((m) => {
    const e = m.Ebs;
    const refused = e ? ([['OutpostArn', e.OutpostArn], ['AvailabilityZone', e.AvailabilityZone], ['AvailabilityZoneId', e.AvailabilityZoneId],
      ['VolumeInitializationRate', e.VolumeInitializationRate], ['EbsCardIndex', e.EbsCardIndex]] as const).filter(([, v]) => v !== undefined && v !== '').map(([k]) => k) : [];
    return {
      deviceName: m.DeviceName, noDevice: m.NoDevice, virtualName: m.VirtualName,
      ebs: e ? {
        deleteOnTermination: e.DeleteOnTermination, iops: e.Iops, snapshotId: given(e.SnapshotId) ? e.SnapshotId : undefined, volumeSize: e.VolumeSize,
        volumeType: given(e.VolumeType) ? e.VolumeType : undefined, kmsKeyId: given(e.KmsKeyId) ? e.KmsKeyId : undefined, throughput: e.Throughput,
        encrypted: e.Encrypted, unsupported: refused,
      } : undefined,
    };
  });
}

function settings(input: WRunInstancesRequest): LaunchSettingsSpec {
  const m = input.MetadataOptions;
  return {
    userData: input.UserData, disableApiTermination: input.DisableApiTermination, disableApiStop: input.DisableApiStop,
    shutdownBehavior: input.InstanceInitiatedShutdownBehavior, ebsOptimized: input.EbsOptimized, monitoring: input.Monitoring?.Enabled,
    cpuCredits: input.CreditSpecification?.CpuCredits,
    metadata: m ? { httpTokens: m.HttpTokens, httpEndpoint: m.HttpEndpoint, hopLimit: m.HttpPutResponseHopLimit, instanceMetadataTags: m.InstanceMetadataTags, httpProtocolIpv6: m.HttpProtocolIpv6 } : undefined,
    coreCount: input.CpuOptions?.CoreCount, threadsPerCore: input.CpuOptions?.ThreadsPerCore,
    hostnameType: input.PrivateDnsNameOptions?.HostnameType, dnsARecord: input.PrivateDnsNameOptions?.EnableResourceNameDnsARecord,
    dnsAaaaRecord: input.PrivateDnsNameOptions?.EnableResourceNameDnsAAAARecord, autoRecovery: input.MaintenanceOptions?.AutoRecovery,
    capacityReservationPreference: input.CapacityReservationSpecification?.CapacityReservationPreference,
    hibernation: input.HibernationOptions?.Configured, enclave: input.EnclaveOptions?.Enabled,
    tenancy: given(input.Placement?.Tenancy) ? input.Placement!.Tenancy : undefined,
  };
}

/** Launch, returning the instances made (or those of the reservation a replayed client token made). */
export function launchInstances(ctx: Ec2Context, input: WRunInstancesRequest) {
  if (input.MinCount === undefined) throw ec2Errors.missingParameter('MinCount');
  if (input.MaxCount === undefined) throw ec2Errors.missingParameter('MaxCount');
  refuseUnserved(input);
  const nics = input.NetworkInterfaces ?? [];
  if (nics.length > 1) throw ec2Errors.invalidParameterValue('Only one network interface (device index 0) is supported at launch.');
  const nic = nics[0];
  if (nic) refuseInterfaceMembers(nic);
  const primaryFromList = nic?.PrivateIpAddresses?.find((a) => a.Primary === true)?.PrivateIpAddress;
  const specs = input.TagSpecifications;
  const instanceTags = tagsFromSpecs(specs?.filter((s) => s.ResourceType === 'instance'), 'instance');
  const interfaceTags = tagsFromSpecs(specs?.filter((s) => s.ResourceType === 'network-interface'), 'network-interface');
  const volumeTags = tagsFromSpecs(specs?.filter((s) => s.ResourceType === 'volume'), 'volume');
  const zone = given(input.Placement?.AvailabilityZone) ? input.Placement!.AvailabilityZone : undefined;
  const zoneId = given(input.Placement?.AvailabilityZoneId) ? input.Placement!.AvailabilityZoneId : undefined;
  return ctx.write((p, tx) => idempotent(p,
    { operation: 'RunInstances', token: input.ClientToken, input },
    // AWS: a retry with the same token returns the original reservation.
    (reservationId) => {
      const found = [...p.list('instance')].filter((i) => i.reservationId === reservationId);
      return found.length > 0 ? found : undefined;
    },
    () => {
      const made = runInstances(tx, p, {
        imageId: input.ImageId, instanceType: given(input.InstanceType) ? input.InstanceType : undefined, minCount: input.MinCount, maxCount: input.MaxCount,
        subnetId: given(input.SubnetId) ? input.SubnetId : undefined, availabilityZone: zone, availabilityZoneId: zoneId,
        securityGroupIds: input.SecurityGroupIds, securityGroupNames: input.SecurityGroups,
        privateIp: given(input.PrivateIpAddress) ? input.PrivateIpAddress : undefined,
        networkInterface: nic ? {
          networkInterfaceId: nic.NetworkInterfaceId, subnetId: given(nic.SubnetId) ? nic.SubnetId : undefined, groupIds: nic.Groups,
          privateIp: nic.PrivateIpAddress ?? primaryFromList,
          secondaryPrivateIpCount: nic.SecondaryPrivateIpAddressCount, description: nic.Description,
          associatePublicIp: nic.AssociatePublicIpAddress, deleteOnTermination: nic.DeleteOnTermination, deviceIndex: nic.DeviceIndex,
          ...launchInterfaceIpv6(nic),
        } : undefined,
        ...launchIpv6(input),
        keyName: input.KeyName,
        iamInstanceProfile: input.IamInstanceProfile ? {
          arn: given(input.IamInstanceProfile.Arn) ? input.IamInstanceProfile.Arn : undefined,
          name: given(input.IamInstanceProfile.Name) ? input.IamInstanceProfile.Name : undefined,
        } : undefined,
        clientToken: input.ClientToken, tags: instanceTags, interfaceTags, volumeTags,
        blockDevices: blockDevices(input.BlockDeviceMappings), settings: settings(input),
      });
      return { resultId: made[0]!.reservationId, result: made };
    }));
}
