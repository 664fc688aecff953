/** @module DescribeInstanceTypes over the instance type catalogue, with its filters and paging. */
import { ec2Errors } from '../../errors/ec2.js';
import { allInstanceTypes, instanceTypeInfo, type InstanceTypeInfo } from '../../model/instance-types.js';
import type { WInstanceTypeInfo } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { compileFilters, type FilterTable } from './filters.js';
import { checkMaxResults } from './describe.js';
import { paginate } from './paging.js';

type Row = InstanceTypeInfo & { readonly tags: readonly [] };

/** AWS: DescribeInstanceTypes filters (those the catalogue's figures can answer). */
const TYPE_FILTERS: FilterTable<Row> = {
  'auto-recovery-supported': () => true,
  'bare-metal': () => false,
  'burstable-performance-supported': (t) => t.burstable,
  'current-generation': () => true,
  'dedicated-hosts-supported': (t) => !t.burstable || t.name.startsWith('t3.'),
  'ebs-info.ebs-optimized-support': (t) => t.ebsOptimized,
  'ebs-info.encryption-support': () => 'supported',
  'ebs-info.nvme-support': (t) => (t.hypervisor === 'nitro' ? 'required' : 'unsupported'),
  'free-tier-eligible': (t) => t.freeTier,
  'hibernation-supported': (t) => t.architectures.includes('x86_64') || t.architectures.includes('arm64'),
  'hypervisor': (t) => t.hypervisor,
  'instance-storage-supported': () => false,
  'instance-type': (t) => t.name,
  'memory-info.size-in-mib': (t) => t.memoryMiB,
  'network-info.efa-supported': () => false,
  'network-info.ena-support': (t) => t.enaSupport,
  'network-info.encryption-in-transit-supported': () => false,
  'network-info.ipv4-addresses-per-interface': (t) => t.ipv4PerInterface,
  'network-info.ipv6-addresses-per-interface': (t) => t.ipv6PerInterface,
  'network-info.ipv6-supported': () => true,
  'network-info.maximum-network-cards': () => 1,
  'network-info.maximum-network-interfaces': (t) => t.maxInterfaces,
  'network-info.network-performance': (t) => t.networkPerformance,
  'nitro-enclaves-support': (t) => (!t.burstable && t.vcpus >= 4 ? 'supported' : 'unsupported'),
  'processor-info.manufacturer': (t) => t.manufacturer,
  'processor-info.supported-architecture': (t) => t.architectures,
  'processor-info.sustained-clock-speed-in-ghz': (t) => t.clockGhz,
  'supported-boot-mode': (t) => (t.architectures.includes('arm64') ? ['uefi'] : t.hypervisor === 'nitro' ? ['legacy-bios', 'uefi'] : ['legacy-bios']),
  'supported-root-device-type': () => 'ebs',
  'supported-usage-class': () => ['on-demand', 'spot'],
  'supported-virtualization-type': () => 'hvm',
  'vcpu-info.default-cores': (t) => t.cores,
  'vcpu-info.default-threads-per-core': (t) => t.threadsPerCore,
  'vcpu-info.default-vcpus': (t) => t.vcpus,
  'vcpu-info.valid-cores': (t) => Array.from({ length: t.cores }, (_, i) => i + 1),
  'vcpu-info.valid-threads-per-core': (t) => Array.from({ length: t.threadsPerCore }, (_, i) => i + 1),
  'ebs-info.attachment-limit-type': () => 'shared',
  'network-info.bandwidth-weightings': () => 'default',
  'network-info.flexible-ena-queues-support': () => 'unsupported',
  'nitro-tpm-support': (t) => (t.hypervisor === 'nitro' ? 'supported' : 'unsupported'),
  'reboot-migration-support': () => 'unsupported',
  // Figures the catalogue does not carry (EBS bandwidth, instance storage, EFA, TPM versions, CPU features): accepted, matching none.
  'ebs-info.maximum-ebs-attachments': () => undefined, 'ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps': () => undefined,
  'ebs-info.ebs-optimized-info.baseline-iops': () => undefined, 'ebs-info.ebs-optimized-info.baseline-throughput-in-mbps': () => undefined,
  'ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps': () => undefined, 'ebs-info.ebs-optimized-info.maximum-iops': () => undefined,
  'ebs-info.ebs-optimized-info.maximum-throughput-in-mbps': () => undefined, 'instance-storage-info.disk.count': () => undefined,
  'instance-storage-info.disk.size-in-gb': () => undefined, 'instance-storage-info.disk.type': () => undefined,
  'instance-storage-info.encryption-support': () => undefined, 'instance-storage-info.nvme-support': () => undefined,
  'instance-storage-info.total-size-in-gb': () => undefined, 'network-info.efa-info.maximum-efa-interfaces': () => undefined,
  'nitro-tpm-info.supported-versions': () => undefined, 'processor-info.supported-features': () => undefined,
};

export function instanceTypeToWire(t: InstanceTypeInfo): WInstanceTypeInfo {
  const nitro = t.hypervisor === 'nitro';
  return {
    InstanceType: t.name, CurrentGeneration: true, FreeTierEligible: t.freeTier, SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'], SupportedVirtualizationTypes: ['hvm'], BareMetal: false, Hypervisor: t.hypervisor,
    ProcessorInfo: { SupportedArchitectures: [...t.architectures], SustainedClockSpeedInGhz: t.clockGhz, Manufacturer: t.manufacturer },
    VCpuInfo: {
      DefaultVCpus: t.vcpus, DefaultCores: t.cores, DefaultThreadsPerCore: t.threadsPerCore,
      ...(t.name.startsWith('t2.') ? {} : { ValidCores: Array.from({ length: t.cores }, (_, i) => i + 1), ValidThreadsPerCore: Array.from({ length: t.threadsPerCore }, (_, i) => i + 1) }),
    },
    MemoryInfo: { SizeInMiB: t.memoryMiB }, InstanceStorageSupported: false,
    EbsInfo: { EbsOptimizedSupport: t.ebsOptimized, EncryptionSupport: 'supported', NvmeSupport: nitro ? 'required' : 'unsupported' },
    NetworkInfo: {
      NetworkPerformance: t.networkPerformance, MaximumNetworkInterfaces: t.maxInterfaces, MaximumNetworkCards: 1, DefaultNetworkCardIndex: 0,
      NetworkCards: [{ NetworkCardIndex: 0, NetworkPerformance: t.networkPerformance, MaximumNetworkInterfaces: t.maxInterfaces }],
      Ipv4AddressesPerInterface: t.ipv4PerInterface, Ipv6AddressesPerInterface: t.ipv6PerInterface, Ipv6Supported: true,
      EnaSupport: t.enaSupport, EfaSupported: false, EncryptionInTransitSupported: false, EnaSrdSupported: false,
    },
    PlacementGroupInfo: { SupportedStrategies: t.burstable ? ['partition', 'spread'] : ['cluster', 'partition', 'spread'] },
    HibernationSupported: true, BurstablePerformanceSupported: t.burstable, DedicatedHostsSupported: !t.burstable || t.name.startsWith('t3.'),
    AutoRecoverySupported: true,
    SupportedBootModes: t.architectures.includes('arm64') ? ['uefi'] : nitro ? ['legacy-bios', 'uefi'] : ['legacy-bios'],
    NitroEnclavesSupport: !t.burstable && t.vcpus >= 4 ? 'supported' : 'unsupported',
    NitroTpmSupport: nitro ? 'supported' : 'unsupported', PhcSupport: nitro ? 'supported' : 'unsupported',
  };
}

export const instanceTypeHandlers: HandlerTable = {
  DescribeInstanceTypes(_ctx, input) {
    // AWS: MaxResults is 5 to 100 for this operation.
    checkMaxResults(input.MaxResults, undefined, 'instanceTypes', 5, 100);
    const names = input.InstanceTypes ?? [];
    const missing = names.filter((n) => !instanceTypeInfo(n));
    // AWS: "The following supplied instance types do not exist: [x.y]"
    if (missing.length > 0) throw ec2Errors.custom('InvalidInstanceType', `The following supplied instance types do not exist: [${missing.join(', ')}]`);
    let rows: Row[] = (names.length > 0 ? [...new Set(names)].map((n) => instanceTypeInfo(n)!) : [...allInstanceTypes()]).map((t) => ({ ...t, tags: [] as const }));
    const match = compileFilters(input.Filters, TYPE_FILTERS);
    if (match) rows = rows.filter(match);
    const page = paginate(rows, input.MaxResults, input.NextToken, 100);
    return { InstanceTypes: page.items.map(instanceTypeToWire), NextToken: page.nextToken };
  },
};
