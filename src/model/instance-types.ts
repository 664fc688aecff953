/**
 * @module The instance types vpce describes (t2, t3, t3a, t4g in nano to xlarge; m5/m5a/m6a/m6g/m6i/m7g/m7i, c5/c6g/c6i/c7g/c7i,
 * r5/r6g/r6i/r7i in large to 2xlarge), with the
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

/** A fixed-performance family: memory per vCPU, network ceiling, processor. */
interface Family {
  readonly memPerVcpu: number;
  readonly network: string;
  readonly manufacturer: InstanceTypeInfo['manufacturer'];
  readonly clockGhz: number;
}

const FAMILIES: Readonly<Record<string, Family>> = {
  m5: { memPerVcpu: 4096, network: 'Up to 10 Gigabit', manufacturer: 'Intel', clockGhz: 3.1 },
  m5a: { memPerVcpu: 4096, network: 'Up to 10 Gigabit', manufacturer: 'AMD', clockGhz: 2.5 },
  m6a: { memPerVcpu: 4096, network: 'Up to 12.5 Gigabit', manufacturer: 'AMD', clockGhz: 3.6 },
  m6g: { memPerVcpu: 4096, network: 'Up to 10 Gigabit', manufacturer: 'AWS', clockGhz: 2.5 },
  m6i: { memPerVcpu: 4096, network: 'Up to 12.5 Gigabit', manufacturer: 'Intel', clockGhz: 3.5 },
  m7g: { memPerVcpu: 4096, network: 'Up to 12.5 Gigabit', manufacturer: 'AWS', clockGhz: 2.6 },
  m7i: { memPerVcpu: 4096, network: 'Up to 12.5 Gigabit', manufacturer: 'Intel', clockGhz: 3.2 },
  c5: { memPerVcpu: 2048, network: 'Up to 10 Gigabit', manufacturer: 'Intel', clockGhz: 3.4 },
  c6g: { memPerVcpu: 2048, network: 'Up to 10 Gigabit', manufacturer: 'AWS', clockGhz: 2.5 },
  c6i: { memPerVcpu: 2048, network: 'Up to 12.5 Gigabit', manufacturer: 'Intel', clockGhz: 3.5 },
  c7g: { memPerVcpu: 2048, network: 'Up to 12.5 Gigabit', manufacturer: 'AWS', clockGhz: 2.6 },
  c7i: { memPerVcpu: 2048, network: 'Up to 12.5 Gigabit', manufacturer: 'Intel', clockGhz: 3.2 },
  r5: { memPerVcpu: 8192, network: 'Up to 10 Gigabit', manufacturer: 'Intel', clockGhz: 3.1 },
  r6g: { memPerVcpu: 8192, network: 'Up to 10 Gigabit', manufacturer: 'AWS', clockGhz: 2.5 },
  r6i: { memPerVcpu: 8192, network: 'Up to 12.5 Gigabit', manufacturer: 'Intel', clockGhz: 3.5 },
  r7i: { memPerVcpu: 8192, network: 'Up to 12.5 Gigabit', manufacturer: 'Intel', clockGhz: 3.2 },
};

function fixed(family: string, size: 'large' | 'xlarge' | '2xlarge'): InstanceTypeInfo {
  const f = FAMILIES[family]!;
  const vcpus = size === 'large' ? 2 : size === 'xlarge' ? 4 : 8;
  // AWS: Graviton (AWS-made, arm64) cores run one thread each; Intel and AMD cores two.
  const graviton = f.manufacturer === 'AWS';
  return {
    name: `${family}.${size}`, vcpus, cores: graviton ? vcpus : vcpus / 2, threadsPerCore: graviton ? 1 : 2, memoryMiB: vcpus * f.memPerVcpu,
    architectures: graviton ? ['arm64'] : ['x86_64'], hypervisor: 'nitro', burstable: false, freeTier: false, networkPerformance: f.network,
    maxInterfaces: size === 'large' ? 3 : 4, ipv4PerInterface: size === 'large' ? 10 : 15, ipv6PerInterface: size === 'large' ? 10 : 15,
    ebsOptimized: 'default', enaSupport: 'required', clockGhz: f.clockGhz, manufacturer: f.manufacturer,
  };
}

const ALL_SIZES: readonly Size[] = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];

let catalogue: { readonly all: readonly InstanceTypeInfo[]; readonly byName: ReadonlyMap<string, InstanceTypeInfo> } | undefined;

/** The catalogue, built on first use (its sort loads the ICU collator, which start-up need not pay for). */
function built(): NonNullable<typeof catalogue> {
  if (catalogue) return catalogue;
  const all = buildTypes();
  catalogue = { all, byName: new Map(all.map((t) => [t.name, t])) };
  return catalogue;
}

/** Every catalogue type, in name order. */
export function allInstanceTypes(): readonly InstanceTypeInfo[] {
  return built().all;
}

const buildTypes = (): readonly InstanceTypeInfo[] => [
  ...ALL_SIZES.map(t2),
  ...(['t3', 't3a', 't4g'] as const).flatMap((f) => ALL_SIZES.map((s) => nitroBurstable(f, s))),
  ...Object.keys(FAMILIES).flatMap((f) => (['large', 'xlarge', '2xlarge'] as const).map((s) => fixed(f, s))),
].sort((a, b) => a.name.localeCompare(b.name));

/** The catalogue entry of a type, if vpce knows it. */
export function instanceTypeInfo(name: string): InstanceTypeInfo | undefined {
  return built().byName.get(name);
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
