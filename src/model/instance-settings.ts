/**
 * @module An instance's launch settings and attributes (user data, API protections, shutdown behaviour, EBS
 * optimization, monitoring, CPU credits and options, instance metadata options, hostname, recovery, tenancy),
 * checked as RunInstances and ModifyInstanceAttribute check them, with AWS's defaults for what was not given.
 */
import { ec2Errors } from '../errors/ec2.js';
import type { Image } from './image-catalog.js';
import { architecturesOf, defaultCpuCredits, instanceTypeInfo, isBurstable } from './instance-types.js';
import type { Instance, InstanceSettings } from './resources.js';
import type { LaunchSettingsSpec, MetadataSpec } from './instance.js';

/** AWS: "User data is limited to 16 KB, in raw form, before it is base64-encoded." */
export const MAX_USER_DATA_BYTES = 16384;

/** Check user data as RunInstances takes it: base64 text of at most 16 KB decoded. */
export function checkUserData(userData: string): string {
  const compact = userData.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw ec2Errors.invalidParameterValue('Invalid BASE64 encoding of user data.');
  }
  if (Buffer.from(compact, 'base64').length > MAX_USER_DATA_BYTES) {
    throw ec2Errors.invalidParameterValue(`User data is limited to ${MAX_USER_DATA_BYTES} bytes.`);
  }
  return compact;
}

/** AWS: an instance type and its image must share an architecture. */
export function checkArchitecture(instanceType: string, image: Image): void {
  const archs = architecturesOf(instanceType);
  if (!archs.includes(image.architecture)) {
    throw ec2Errors.invalidParameterValue(`The architecture '${archs.join(', ')}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.`);
  }
}

/** AWS: EBS optimization can be asked of types that support it (on by default or optional), not of the others. */
export function checkEbsOptimized(instanceType: string, ebsOptimized: boolean): void {
  if (ebsOptimized && instanceTypeInfo(instanceType)?.ebsOptimized === 'unsupported') {
    throw ec2Errors.invalidParameterCombination('EBS-optimized instances are not supported for your requested configuration. Please check the documentation for supported configurations.');
  }
}

/** AWS: CPU credit options are `standard` or `unlimited`, and only for burstable performance types. */
export function checkCpuCredits(instanceType: string, value: string): 'standard' | 'unlimited' {
  const v = value.toLowerCase();
  if (v !== 'standard' && v !== 'unlimited') {
    throw ec2Errors.invalidParameterValue(`Value (${value}) for parameter cpuCredits is invalid. Valid values are: standard, unlimited.`);
  }
  if (!isBurstable(instanceType)) {
    throw ec2Errors.custom('InstanceCreditSpecification.NotSupported', `The ${instanceType} instance type does not support T2 Unlimited.`);
  }
  return v;
}

/** AWS: the response hop limit is 1 to 64. */
export function checkHopLimit(hopLimit: number): number {
  if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) {
    throw ec2Errors.invalidParameterValue(`Value (${hopLimit}) for parameter httpPutResponseHopLimit is invalid. Valid values are 1 through 64.`);
  }
  return hopLimit;
}

/** Metadata options with a change applied; unset members keep their current value. */
export function applyMetadata(current: InstanceSettings['metadata'], spec: MetadataSpec): InstanceSettings['metadata'] {
  return {
    httpTokens: (spec.httpTokens ?? current.httpTokens) as InstanceSettings['metadata']['httpTokens'],
    httpEndpoint: (spec.httpEndpoint ?? current.httpEndpoint) as InstanceSettings['metadata']['httpEndpoint'],
    hopLimit: spec.hopLimit !== undefined ? checkHopLimit(spec.hopLimit) : current.hopLimit,
    instanceMetadataTags: (spec.instanceMetadataTags ?? current.instanceMetadataTags) as InstanceSettings['metadata']['instanceMetadataTags'],
    httpProtocolIpv6: (spec.httpProtocolIpv6 ?? current.httpProtocolIpv6) as InstanceSettings['metadata']['httpProtocolIpv6'],
  };
}

/**
 * AWS: instances launched from an image whose `ImdsSupport` is `v2.0` require IMDSv2 tokens and get a hop
 * limit of 2; otherwise tokens are optional with a hop limit of 1.
 */
function defaultMetadata(image: Image | undefined): InstanceSettings['metadata'] {
  const v2 = image?.imdsSupport === 'v2.0';
  return { httpTokens: v2 ? 'required' : 'optional', httpEndpoint: 'enabled', hopLimit: v2 ? 2 : 1, instanceMetadataTags: 'disabled', httpProtocolIpv6: 'disabled' };
}

function defaultCpu(instanceType: string): InstanceSettings['cpu'] {
  const info = instanceTypeInfo(instanceType);
  return info ? { coreCount: info.cores, threadsPerCore: info.threadsPerCore } : { coreCount: 1, threadsPerCore: 1 };
}

/** The settings of a record stored before settings were kept: AWS's defaults. */
export function settingsOf(inst: Instance): InstanceSettings {
  return inst.settings ?? {
    architecture: 'x86_64', rootDeviceName: '/dev/xvda', disableApiTermination: false, disableApiStop: false, shutdownBehavior: 'stop',
    ebsOptimized: false, monitoring: false, ...creditsFor(inst.instanceType), metadata: defaultMetadata(undefined), cpu: defaultCpu(inst.instanceType),
    hostnameType: 'ip-name', dnsARecord: false, dnsAaaaRecord: false, autoRecovery: 'default', capacityReservationPreference: 'open',
    hibernation: false, enclave: false, tenancy: 'default',
  };
}

function creditsFor(instanceType: string): { cpuCredits?: 'standard' | 'unlimited' } {
  const c = defaultCpuCredits(instanceType);
  return c ? { cpuCredits: c } : {};
}

/** Check launch settings against the type and image and fill in AWS's defaults. */
export function resolveSettings(spec: LaunchSettingsSpec, instanceType: string, image: Image, rootEncrypted: boolean, vpcTenancy: string): InstanceSettings {
  checkArchitecture(instanceType, image);
  const userData = spec.userData !== undefined && spec.userData !== '' ? checkUserData(spec.userData) : undefined;
  const ebsOptimized = spec.ebsOptimized ?? false;
  checkEbsOptimized(instanceType, ebsOptimized);
  const cpuCredits = spec.cpuCredits !== undefined && spec.cpuCredits !== '' ? checkCpuCredits(instanceType, spec.cpuCredits) : defaultCpuCredits(instanceType);
  const info = instanceTypeInfo(instanceType);
  let cpu = defaultCpu(instanceType);
  if (spec.coreCount !== undefined || spec.threadsPerCore !== undefined) {
    // AWS: CPU options are not offered on T2 and must stay within the type's cores and threads per core.
    const coreCount = spec.coreCount ?? cpu.coreCount;
    const threadsPerCore = spec.threadsPerCore ?? cpu.threadsPerCore;
    if (instanceType.startsWith('t2.') || coreCount < 1 || coreCount > cpu.coreCount || threadsPerCore < 1 || threadsPerCore > cpu.threadsPerCore) {
      throw ec2Errors.invalidParameterValue(`The specified CPU options (${coreCount} cores, ${threadsPerCore} threads per core) are not supported for instance type ${instanceType}.`);
    }
    cpu = { coreCount, threadsPerCore };
  }
  const hostnameType = spec.hostnameType ?? 'ip-name';
  if (spec.hibernation === true) {
    // AWS: "For hibernation, the root device volume must be encrypted."
    if (!rootEncrypted) throw ec2Errors.custom('UnsupportedHibernationConfiguration', 'For hibernation, the root device volume must be encrypted.');
  }
  if (spec.enclave === true && (info === undefined || info.burstable || info.vcpus < 4)) {
    throw ec2Errors.custom('UnsupportedOperation', `The requested configuration is currently not supported. Nitro Enclaves is not supported for instance type ${instanceType}.`);
  }
  if (spec.tenancy === 'host') {
    throw ec2Errors.invalidParameterCombination('Tenancy host requires a Dedicated Host, and this account has none allocated.');
  }
  const tenancy = spec.tenancy === 'dedicated' || vpcTenancy === 'dedicated' ? 'dedicated' : 'default';
  return {
    architecture: image.architecture, rootDeviceName: image.rootDeviceName,
    ...(userData !== undefined ? { userData } : {}),
    disableApiTermination: spec.disableApiTermination ?? false, disableApiStop: spec.disableApiStop ?? false,
    shutdownBehavior: spec.shutdownBehavior === 'terminate' ? 'terminate' : 'stop', ebsOptimized, monitoring: spec.monitoring ?? false,
    ...(cpuCredits ? { cpuCredits } : {}),
    metadata: applyMetadata(defaultMetadata(image), spec.metadata ?? {}), cpu,
    hostnameType: hostnameType === 'resource-name' ? 'resource-name' : 'ip-name',
    dnsARecord: spec.dnsARecord ?? false, dnsAaaaRecord: spec.dnsAaaaRecord ?? false,
    autoRecovery: spec.autoRecovery === 'disabled' ? 'disabled' : 'default',
    capacityReservationPreference: spec.capacityReservationPreference === 'none' ? 'none' : 'open',
    hibernation: spec.hibernation ?? false, enclave: spec.enclave ?? false, tenancy,
    ...(image.bootMode ? { bootMode: image.bootMode } : {}),
  };
}
