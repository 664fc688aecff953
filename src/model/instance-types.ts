/**
 * @module The instance types vpce describes (t2, t3, t3a, t4g, m5, m6i, c5, r5 in common sizes), with the
 * figures AWS publishes for them: vCPUs, memory, network performance and interface limits, EBS optimization,
 * burstable performance and the architectures each supports. Types outside the catalogue can still be launched
 * (as x86_64, non-burstable); only DescribeInstanceTypes is limited to the catalogue.
 */
import type { Architecture } from './image-catalog.js';

export interface InstanceTypeInfo {
  readonly name: string;
  readonly vcpus: number;
  readonly cores: number;
  readonly threadsPerCore: number;
  readonly memoryMiB: number;
  readonly architectures: readonly Architecture[];
  readonly hypervisor: 'xen' | 'nitro';
  readonly burstable: boolean;
  readonly freeTier: boolean;
  readonly networkPerformance: string;
  readonly maxInterfaces: number;
  readonly ipv4PerInterface: number;
  readonly ipv6PerInterface: number;
  /** `unsupported`, `supported` (off by default) or `default` (always on). */
  readonly ebsOptimized: 'unsupported' | 'supported' | 'default';
  readonly enaSupport: 'unsupported' | 'supported' | 'required';
  readonly clockGhz: number;
  readonly manufacturer: 'Intel' | 'AMD' | 'AWS';
}

type Size = 'nano' | 'micro' | 'small' | 'medium' | 'large' | 'xlarge';

const SIZES_T: Readonly<Record<Size, { mem: number; enis: number; ips: number }>> = {
  nano: { mem: 512, enis: 2, ips: 2 }, micro: { mem: 1024, enis: 2, ips: 2 }, small: { mem: 2048, enis: 3, ips: 4 },
  medium: { mem: 4096, enis: 3, ips: 6 }, large: { mem: 8192, enis: 3, ips: 12 }, xlarge: { mem: 16384, enis: 4, ips: 15 },
};

function t2(size: Size): InstanceTypeInfo {
  const s = SIZES_T[size];
  // AWS: t2.nano..t2.small have one vCPU, medium and large two, xlarge four; 32-bit AMIs run up to t2.medium.
  const vcpus = size === 'xlarge' ? 4 : size === 'medium' || size === 'large' ? 2 : 1;
  return {
    name: `t2.${size}`, vcpus, cores: vcpus, threadsPerCore: 1, memoryMiB: s.mem,
    architectures: size === 'large' || size === 'xlarge' ? ['x86_64'] : ['i386', 'x86_64'], hypervisor: 'xen', burstable: true,
    freeTier: size === 'micro', networkPerformance: size === 'xlarge' ? 'Moderate' : 'Low to Moderate',
    maxInterfaces: size === 'xlarge' ? 3 : s.enis, ipv4PerInterface: s.ips, ipv6PerInterface: s.ips,
    ebsOptimized: 'unsupported', enaSupport: 'unsupported', clockGhz: 2.3, manufacturer: 'Intel',
  };
}

function nitroBurstable(family: 't3' | 't3a' | 't4g', size: Size): InstanceTypeInfo {
  const s = SIZES_T[size];
  const vcpus = size === 'xlarge' ? 4 : 2;
  return {
    name: `${family}.${size}`, vcpus, cores: family === 't4g' ? vcpus : vcpus / 2, threadsPerCore: family === 't4g' ? 1 : 2,
    memoryMiB: s.mem, architectures: family === 't4g' ? ['arm64'] : ['x86_64'], hypervisor: 'nitro', burstable: true,
    freeTier: family === 't3' && size === 'micro', networkPerformance: 'Up to 5 Gigabit',
    maxInterfaces: s.enis, ipv4PerInterface: s.ips, ipv6PerInterface: s.ips, ebsOptimized: 'default', enaSupport: 'required',
    clockGhz: family === 't3' ? 2.5 : family === 't3a' ? 2.2 : 2.5, manufacturer: family === 't3' ? 'Intel' : family === 't3a' ? 'AMD' : 'AWS',
  };
}

function fixed(family: 'm5' | 'm6i' | 'c5' | 'r5', size: 'large' | 'xlarge'): InstanceTypeInfo {
  const vcpus = size === 'large' ? 2 : 4;
  const perVcpu = family === 'c5' ? 2048 : family === 'r5' ? 8192 : 4096;
  return {
    name: `${family}.${size}`, vcpus, cores: vcpus / 2, threadsPerCore: 2, memoryMiB: vcpus * perVcpu,
    architectures: ['x86_64'], hypervisor: 'nitro', burstable: false, freeTier: false,
    networkPerformance: family === 'm6i' ? 'Up to 12.5 Gigabit' : 'Up to 10 Gigabit',
    maxInterfaces: size === 'large' ? 3 : 4, ipv4PerInterface: size === 'large' ? 10 : 15, ipv6PerInterface: size === 'large' ? 10 : 15,
    ebsOptimized: 'default', enaSupport: 'required', clockGhz: family === 'm6i' ? 3.5 : family === 'c5' ? 3.4 : 3.1, manufacturer: 'Intel',
  };
}

const ALL_SIZES: readonly Size[] = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];

/** Every catalogue type, in name order. */
export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  ...ALL_SIZES.map(t2),
  ...(['t3', 't3a', 't4g'] as const).flatMap((f) => ALL_SIZES.map((s) => nitroBurstable(f, s))),
  ...(['m5', 'm6i', 'c5', 'r5'] as const).flatMap((f) => (['large', 'xlarge'] as const).map((s) => fixed(f, s))),
].sort((a, b) => a.name.localeCompare(b.name));

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

/** The catalogue entry of a type, if vpce knows it. */
export function instanceTypeInfo(name: string): InstanceTypeInfo | undefined {
  return BY_NAME.get(name);
}

/** AWS: the T families are the burstable performance instances. */
export function isBurstable(name: string): boolean {
  return instanceTypeInfo(name)?.burstable ?? /^t\d[a-z]*\./.test(name);
}

/** AWS: T2 launches in `standard` credit mode by default; T3, T3a and T4g in `unlimited`. */
export function defaultCpuCredits(name: string): 'standard' | 'unlimited' | undefined {
  if (!isBurstable(name)) return undefined;
  return name.startsWith('t2.') ? 'standard' : 'unlimited';
}

/** The architectures a type runs (x86_64 for types outside the catalogue). */
export function architecturesOf(name: string): readonly Architecture[] {
  return instanceTypeInfo(name)?.architectures ?? (/^[a-z]+\d+g[a-z]*\./.test(name) ? ['arm64'] : ['x86_64']);
}
