/**
 * @module Instances: launch into a subnet with a primary ENI and EBS volumes from the image, terminate.
 * An instance is `running` as soon as RunInstances returns (the response itself says `pending`, as AWS does),
 * so waiters finish on their first poll.
 */
import { ec2Errors } from '../errors/ec2.js';
import { availableAddressCount } from './ip-allocation.js';
import { mustGet } from './lookup.js';
import { attachInterface, createInterface, publicIpv4InIpv6Only, releaseOnTermination } from './network-interface.js';
import type { Ipv6AddressRequest } from './ipv6-addresses.js';
import { allocatePublicIp } from './public-ip.js';
import { iamIn, recordId } from './iam-ids.js';
import { instanceProfileByArn } from './instance-profile.js';
import { imageFor } from './image-catalog.js';
import { resolveSettings, settingsOf } from './instance-settings.js';
import type { IamInstanceProfile, Instance, InstanceSettings, Subnet } from './resources.js';
import { createVolumes, planVolumes, releaseVolumeOnTermination, type BlockDeviceSpec, type PlannedVolume } from './volume.js';
import type { Tags } from './tags.js';
import type { PartitionTx, Tx } from './world.js';

/** AWS: the instance type used when none is given. */
export const DEFAULT_INSTANCE_TYPE = 'm1.small';

/** Instance state codes as EC2 reports them (the low byte of the state code). */
export const STATE_CODES: Readonly<Record<Instance['state'], number>> = {
  'pending': 0, 'running': 16, 'shutting-down': 32, 'terminated': 48, 'stopping': 64, 'stopped': 80,
};

/** The primary network interface as RunInstances' `NetworkInterfaces[0]` describes it. */
export interface PrimaryInterfaceSpec {
  readonly networkInterfaceId?: string | undefined;
  readonly subnetId?: string | undefined;
  readonly groupIds?: readonly string[] | undefined;
  readonly privateIp?: string | undefined;
  readonly secondaryPrivateIpCount?: number | undefined;
  readonly description?: string | undefined;
  readonly associatePublicIp?: boolean | undefined;
  readonly deleteOnTermination?: boolean | undefined;
  readonly deviceIndex?: number | undefined;
  readonly ipv6?: Ipv6AddressRequest | undefined;
  readonly primaryIpv6?: boolean | undefined;
  readonly ipv6Prefixes?: readonly string[] | undefined;
  readonly ipv6PrefixCount?: number | undefined;
}

export interface RunInstancesArgs {
  readonly imageId: string | undefined;
  readonly instanceType?: string | undefined;
  readonly minCount: number;
  readonly maxCount: number;
  readonly subnetId?: string | undefined;
  readonly availabilityZone?: string | undefined;
  readonly securityGroupIds?: readonly string[] | undefined;
  readonly securityGroupNames?: readonly string[] | undefined;
  readonly privateIp?: string | undefined;
  readonly networkInterface?: PrimaryInterfaceSpec | undefined;
  readonly keyName?: string | undefined;
  readonly iamInstanceProfile?: { readonly arn?: string | undefined; readonly name?: string | undefined } | undefined;
  readonly clientToken?: string | undefined;
  readonly tags?: Tags;
  readonly interfaceTags?: Tags;
  /** Top-level `Ipv6Addresses` / `Ipv6AddressCount` and `EnablePrimaryIpv6`. */
  readonly ipv6?: Ipv6AddressRequest | undefined;
  readonly enablePrimaryIpv6?: boolean | undefined;
  readonly volumeTags?: Tags;
  readonly availabilityZoneId?: string | undefined;
  readonly blockDevices?: readonly BlockDeviceSpec[] | undefined;
  readonly settings?: LaunchSettingsSpec;
}

/** The launch options RunInstances takes beyond placement and networking (unset members take AWS's defaults). */
export interface LaunchSettingsSpec {
  readonly userData?: string | undefined;
  readonly disableApiTermination?: boolean | undefined;
  readonly disableApiStop?: boolean | undefined;
  readonly shutdownBehavior?: string | undefined;
  readonly ebsOptimized?: boolean | undefined;
  readonly monitoring?: boolean | undefined;
  readonly cpuCredits?: string | undefined;
  readonly metadata?: MetadataSpec | undefined;
  readonly coreCount?: number | undefined;
  readonly threadsPerCore?: number | undefined;
  readonly hostnameType?: string | undefined;
  readonly dnsARecord?: boolean | undefined;
  readonly dnsAaaaRecord?: boolean | undefined;
  readonly autoRecovery?: string | undefined;
  readonly capacityReservationPreference?: string | undefined;
  readonly hibernation?: boolean | undefined;
  readonly enclave?: boolean | undefined;
  readonly tenancy?: string | undefined;
}

export interface MetadataSpec {
  readonly httpTokens?: string | undefined;
  readonly httpEndpoint?: string | undefined;
  readonly hopLimit?: number | undefined;
  readonly instanceMetadataTags?: string | undefined;
  readonly httpProtocolIpv6?: string | undefined;
}

const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/[\w+=,.@/-]+$/;

/** AWS: `ami-` followed by 8 or 17 hex digits; anything else is `InvalidAMIID.Malformed`. */
export function checkImageId(imageId: string | undefined): string {
  if (imageId === undefined || imageId === '') throw ec2Errors.missingParameter('ImageId');
  if (!AMI_ID.test(imageId)) throw ec2Errors.malformed('InvalidAMIID.Malformed', imageId, 'ami');
  return imageId;
}

/** Where the instance goes: the given subnet, else the default subnet of the default VPC (in the wanted zone). */
function targetSubnet(p: PartitionTx, subnetId: string | undefined, zone: string | undefined, zoneId: string | undefined): Subnet {
  const s = pickSubnet(p, subnetId, zone, zoneId);
  if (zoneId !== undefined && s.availabilityZoneId !== zoneId) {
    throw ec2Errors.invalidParameterValue(`Value (${zoneId}) for parameter availabilityZoneId is invalid. Subnet ${s.id} is in ${s.availabilityZoneId}.`);
  }
  return s;
}

function pickSubnet(p: PartitionTx, subnetId: string | undefined, zone: string | undefined, zoneId: string | undefined): Subnet {
  if (subnetId !== undefined) {
    const s = mustGet(p, 'subnet', subnetId);
    if (zone !== undefined && s.availabilityZone !== zone) {
      throw ec2Errors.invalidParameterValue(`Value (${zone}) for parameter availabilityZone is invalid. Subnet ${s.id} is in ${s.availabilityZone}.`);
    }
    return s;
  }
  const defaultVpc = [...p.list('vpc')].find((v) => v.isDefault);
  // AWS: "If you don't have a default VPC, you must specify a subnet ID in the request."
  if (!defaultVpc) throw ec2Errors.custom('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  const defaults = [...p.childrenOf(defaultVpc.id, 'subnet')].filter((s) => s.defaultForAz).sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone));
  const pick = zone !== undefined ? defaults.find((s) => s.availabilityZone === zone)
    : zoneId !== undefined ? defaults.find((s) => s.availabilityZoneId === zoneId) : defaults[0];
  if (!pick) {
    if (zone !== undefined) throw ec2Errors.invalidParameterValue(`Value (${zone}) for parameter availabilityZone is invalid. No default subnet for availability zone: '${zone}'.`);
    throw ec2Errors.custom('MissingInput', 'No subnets found for the default VPC. Please specify a subnet.');
  }
  return pick;
}

/** Security group IDs from names, looked up in the VPC. AWS: an unknown name is `InvalidGroup.NotFound`. */
function groupIdsByName(p: PartitionTx, vpcId: string, names: readonly string[]): string[] {
  return names.map((name) => {
    const g = [...p.childrenOf(vpcId, 'securityGroup')].find((x) => x.groupName === name);
    if (!g) throw ec2Errors.notFound('InvalidGroup.NotFound', `The security group '${name}' does not exist in VPC '${vpcId}'`);
    return g.id;
  });
}

/**
 * The instance profile to attach, looked up in IAM (the account's `iam` partition): by ARN, or by name in the
 * caller's account. AWS: an unknown profile is `InvalidParameterValue` ("Invalid IAM Instance Profile name/ARN").
 */
export function resolveInstanceProfile(tx: Tx, account: string, spec: RunInstancesArgs['iamInstanceProfile']): IamInstanceProfile | undefined {
  if (!spec || (spec.arn === undefined && spec.name === undefined)) return undefined;
  if (spec.arn !== undefined && spec.name !== undefined) {
    throw ec2Errors.invalidParameterCombination('The parameter iamInstanceProfile.name may not be used in combination with iamInstanceProfile.arn');
  }
  if (spec.arn !== undefined) {
    const badArn = ec2Errors.invalidParameterValue(`Value (${spec.arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`);
    if (!PROFILE_ARN.test(spec.arn)) throw badArn;
    const owner = spec.arn.split(':')[4]!;
    // AWS: the profile must belong to the account launching the instance.
    const found = owner === account ? instanceProfileByArn(iamIn(tx, owner), spec.arn) : undefined;
    if (!found) throw badArn;
    return found;
  }
  const badName = ec2Errors.invalidParameterValue(`Value (${spec.name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`);
  if (!/^[\w+=,.@-]{1,128}$/.test(spec.name!)) throw badName;
  const found = iamIn(tx, account).get('iamInstanceProfile', recordId('instance-profile', spec.name!));
  if (!found) throw badName;
  return found;
}

/**
 * Launch instances. Everything is checked first; then each instance gets a primary ENI (device 0, deleted on
 * termination unless an existing ENI was attached) and, when the subnet maps public IPs on launch or the
 * interface asks for one, a public IPv4 address from the Region's pool.
 */
export function runInstances(tx: Tx, p: PartitionTx, args: RunInstancesArgs): Instance[] {
  const imageId = checkImageId(args.imageId);
  const instanceType = args.instanceType ?? DEFAULT_INSTANCE_TYPE;
  if (!INSTANCE_TYPE.test(instanceType)) throw ec2Errors.invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  // AWS: any AMI id of the right shape launches; one vpce does not know is the caller's own image.
  const image = imageFor(p.region, p.account, imageId);
  // AWS: KeyName must name a key pair of the account; vpce keeps none.
  if (args.keyName !== undefined && args.keyName !== '') {
    throw ec2Errors.notFound('InvalidKeyPair.NotFound', `The key pair '${args.keyName}' does not exist`);
  }
  const volumes = planVolumes(image, args.blockDevices ?? []);
  const { minCount, maxCount } = args;
  if (!Number.isInteger(minCount) || minCount < 1) throw ec2Errors.invalidParameterValue(`Value (${minCount}) for parameter minCount is invalid. Expected a positive integer.`);
  if (!Number.isInteger(maxCount) || maxCount < 1) throw ec2Errors.invalidParameterValue(`Value (${maxCount}) for parameter maxCount is invalid. Expected a positive integer.`);
  // AWS: MinCount may not exceed MaxCount.
  if (minCount > maxCount) throw ec2Errors.invalidParameterValue(`Value (${minCount}) for parameter minCount is invalid. minCount must not be greater than maxCount (${maxCount}).`);
  const nic = args.networkInterface;
  // AWS: "If you specify a network interface, you must specify any subnets [and security groups] as part of the network interface."
  if (nic && (args.subnetId !== undefined || (args.securityGroupIds?.length ?? 0) > 0 || (args.securityGroupNames?.length ?? 0) > 0 || args.privateIp !== undefined)) {
    throw ec2Errors.invalidParameterCombination('Network interfaces and an instance-level subnet ID, security groups or private IP address may not be specified on the same request');
  }
  if (nic && (nic.deviceIndex ?? 0) !== 0) throw ec2Errors.invalidParameterValue('Only a network interface with device index 0 is supported at launch.');
  const privateIp = nic?.privateIp ?? args.privateIp;
  // AWS: "You cannot specify this option if you're launching more than one instance in the request."
  if (privateIp !== undefined && maxCount > 1) {
    throw ec2Errors.invalidParameterCombination('Cannot specify a private IP address when launching more than one instance.');
  }
  const ipv6 = launchIpv6(args, maxCount);
  const profile = resolveInstanceProfile(tx, p.account, args.iamInstanceProfile);

  // An existing interface given by ID becomes the primary interface of the single instance.
  if (nic?.networkInterfaceId !== undefined) {
    if (maxCount > 1) throw ec2Errors.invalidParameterCombination('Cannot launch more than one instance with an existing network interface.');
    if (nic.subnetId !== undefined || nic.privateIp !== undefined || (nic.groupIds?.length ?? 0) > 0 || ipv6.given) {
      throw ec2Errors.invalidParameterCombination('A network interface ID cannot be specified together with a subnet, private IP address or security groups for that interface.');
    }
    const eni = mustGet(p, 'networkInterface', nic.networkInterfaceId);
    if (eni.attachment || eni.status !== 'available') throw ec2Errors.custom('InvalidNetworkInterface.InUse', `Interface: [${eni.id}] in use.`);
    const subnet = mustGet(p, 'subnet', eni.subnetId);
    const settings = resolveSettings(subnetSettings(args.settings ?? {}, subnet), instanceType, image, volumes[0]!.encrypted, mustGet(p, 'vpc', subnet.vpcId).instanceTenancy);
    return launch(tx, p, args, { imageId, instanceType, subnet, count: 1, profile, settings, volumes }, (instanceId) => {
      let attached = attachInterface(tx, p, eni.id, instanceId, 0, nic.deleteOnTermination ?? false);
      if (nic.associatePublicIp === true && attached.privateIp === undefined) throw publicIpv4InIpv6Only(subnet.id);
      if (nic.associatePublicIp === true && attached.publicIp === undefined) {
        attached = p.put({ ...attached, publicIp: allocatePublicIp(p, tx.ids, p.region) });
      }
      return attached;
    });
  }

  const subnet = targetSubnet(p, nic?.subnetId ?? args.subnetId, args.availabilityZone, args.availabilityZoneId);
  const settings = resolveSettings(subnetSettings(args.settings ?? {}, subnet), instanceType, image, volumes[0]!.encrypted, mustGet(p, 'vpc', subnet.vpcId).instanceTenancy);
  let groupIds: readonly string[] | undefined = nic?.groupIds ?? args.securityGroupIds;
  if (args.securityGroupNames && args.securityGroupNames.length > 0) {
    groupIds = [...(groupIds ?? []), ...groupIdsByName(p, subnet.vpcId, args.securityGroupNames)];
  }
  // AWS: Amazon EC2 launches as many as it can above MinCount; below MinCount it launches none. An IPv6-only
  // subnet's /64 does not run out.
  const perInstance = 1 + (nic?.secondaryPrivateIpCount ?? 0);
  const room = subnet.ipv6Native === true ? maxCount : Math.floor(availableAddressCount(p, subnet) / perInstance);
  if (room < minCount) {
    throw ec2Errors.custom('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`);
  }
  const count = Math.min(maxCount, room);
  const wantsPublic = nic?.associatePublicIp ?? subnet.mapPublicIpOnLaunch;
  return launch(tx, p, args, { imageId, instanceType, subnet, count, profile, settings, volumes }, (instanceId) => {
    const eni = createInterface(tx, p, {
      subnetId: subnet.id, privateIp, groupIds, description: nic?.description ?? '',
      secondaryPrivateIpCount: nic?.secondaryPrivateIpCount,
      ipv6: ipv6.request, autoIpv6: true, ipv6Prefixes: nic?.ipv6Prefixes, ipv6PrefixCount: nic?.ipv6PrefixCount, enablePrimaryIpv6: ipv6.primary,
      ...(wantsPublic ? { publicIp: allocatePublicIp(p, tx.ids, p.region) } : {}),
      tags: args.interfaceTags ?? [], ipv6OnlyAllowed: true,
    });
    return attachInterface(tx, p, eni.id, instanceId, 0, nic?.deleteOnTermination ?? true);
  });
}

/**
 * AWS ("IPv6-only subnets"): an instance there is named by its resource name (`i-0123….ec2.internal`); the
 * IP-based name needs an IPv4 address, so asking for it is refused.
 */
function subnetSettings(spec: LaunchSettingsSpec, subnet: Subnet): LaunchSettingsSpec {
  if (subnet.ipv6Native !== true) return spec;
  if (spec.hostnameType === 'ip-name') {
    throw ec2Errors.invalidParameterValue(`Invalid value 'ip-name' for privateDnsNameOptions.hostnameType. Subnet ${subnet.id} is an IPv6-only subnet: use resource-name.`);
  }
  return { ...spec, hostnameType: 'resource-name' };
}

/**
 * The IPv6 members of a launch: at the instance level or on the interface, not both (AWS: "If you specify a
 * network interface, you must specify any IPv6 addresses as part of the network interface"), and explicit
 * addresses for one instance only.
 */
function launchIpv6(args: RunInstancesArgs, maxCount: number): { request: Ipv6AddressRequest; primary: boolean | undefined; given: boolean } {
  const nic = args.networkInterface;
  const top = args.ipv6 ?? {};
  const onNic = nic?.ipv6 ?? {};
  const has = (r: Ipv6AddressRequest): boolean => (r.addresses?.length ?? 0) > 0 || r.count !== undefined;
  if (nic && (has(top) || args.enablePrimaryIpv6 !== undefined)) {
    throw ec2Errors.invalidParameterCombination('Network interfaces and an instance-level IPv6 address, IPv6 address count or enablePrimaryIpv6 may not be specified on the same request');
  }
  const request = nic ? onNic : top;
  if ((request.addresses?.length ?? 0) > 0 && maxCount > 1) {
    throw ec2Errors.invalidParameterCombination('Cannot specify IPv6 addresses when launching more than one instance.');
  }
  const given = has(request) || nic?.primaryIpv6 !== undefined || (nic?.ipv6Prefixes?.length ?? 0) > 0 || nic?.ipv6PrefixCount !== undefined;
  return { request, primary: nic ? nic.primaryIpv6 : args.enablePrimaryIpv6, given };
}

interface LaunchPlan {
  readonly imageId: string;
  readonly instanceType: string;
  readonly subnet: Subnet;
  readonly count: number;
  readonly profile: IamInstanceProfile | undefined;
  readonly settings: InstanceSettings;
  readonly volumes: readonly PlannedVolume[];
}

function launch(tx: Tx, p: PartitionTx, args: RunInstancesArgs, plan: LaunchPlan, primary: (instanceId: string) => { id: string; privateIp?: string; publicIp?: string; groupIds: readonly string[] }): Instance[] {
  const reservationId = tx.ids.next('reservation');
  const now = tx.clock.now();
  const out: Instance[] = [];
  for (let i = 0; i < plan.count; i++) {
    const id = tx.ids.next('instance');
    const eni = primary(id);
    const made = createVolumes(tx, p, id, plan.subnet.availabilityZone, plan.volumes, args.volumeTags ?? []);
    out.push(p.put<Instance>({
      kind: 'instance', id, ownerId: p.account, tags: args.tags ?? [],
      reservationId, imageId: plan.imageId, instanceType: plan.instanceType,
      vpcId: plan.subnet.vpcId, subnetId: plan.subnet.id, availabilityZone: plan.subnet.availabilityZone,
      networkInterfaceIds: [eni.id], ...(eni.privateIp !== undefined ? { privateIp: eni.privateIp } : {}),
      ...(eni.publicIp !== undefined ? { publicIp: eni.publicIp } : {}),
      groupIds: eni.groupIds, state: 'running', launchedAt: now,
      ...(args.keyName !== undefined ? { keyName: args.keyName } : {}),
      ...(plan.profile ? { iamInstanceProfileArn: plan.profile.arn, iamInstanceProfileId: plan.profile.instanceProfileId } : {}),
      ...(args.clientToken !== undefined ? { clientToken: args.clientToken } : {}),
      amiLaunchIndex: i, settings: plan.settings,
      blockDevices: made.map((v) => ({ deviceName: v.attachment!.device, volumeId: v.id })),
    }));
  }
  return out;
}

export interface StateChange {
  readonly instance: Instance;
  readonly previous: Instance['state'];
}

/**
 * Terminate instances. AWS: one unknown ID fails the whole call with `InvalidInstanceID.NotFound`; terminating a
 * terminated instance succeeds again. Deleting-on-termination ENIs go with the instance (their addresses return
 * to the subnet) and the auto-assigned public address is released.
 */
export function terminateInstances(tx: Tx, p: PartitionTx, ids: readonly string[]): StateChange[] {
  if (ids.length === 0) throw ec2Errors.missingParameter('InstanceId');
  const found = [...new Set(ids)].map((id) => mustGet(p, 'instance', id));
  for (const inst of found) {
    // AWS: termination protection refuses the whole call.
    if (inst.state !== 'terminated' && settingsOf(inst).disableApiTermination) {
      throw ec2Errors.custom('OperationNotPermitted', `The instance '${inst.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
    }
  }
  return found.map((inst) => {
    if (inst.state === 'terminated') return { instance: inst, previous: inst.state };
    for (const eniId of inst.networkInterfaceIds) releaseOnTermination(p, eniId);
    for (const b of inst.blockDevices ?? []) releaseVolumeOnTermination(p, b.volumeId);
    const { publicIp: _ip, ...rest } = inst;
    const next = p.put<Instance>({ ...rest, state: 'terminated', terminatedAt: tx.clock.now() });
    return { instance: next, previous: inst.state };
  });
}
