/**
 * @module The public images vpce knows (Amazon Linux 2 and 2023, Ubuntu 22.04 and 24.04), and the stand-in for
 * any other well-formed AMI id: users carry real AMI ids vpce cannot know, so such an id is described as an
 * image of the caller's own (private, available, x86_64, EBS-backed with an 8 GiB root snapshot).
 * AMI and snapshot ids of catalogue images are stable per Region (derived from the Region and the name).
 */
import { createHash } from 'node:crypto';

/** Amazon's and Canonical's AMI owner accounts, as DescribeImages reports them. */
export const AMAZON_OWNER = '137112412989';
export const CANONICAL_OWNER = '099720109477';

export type Architecture = 'x86_64' | 'arm64' | 'i386';

/** One image as DescribeImages shows it (model form, camelCase). */
export interface Image {
  readonly imageId: string;
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  /** `amazon` for Amazon's own images; absent for everyone else's. */
  readonly ownerAlias?: string;
  readonly architecture: Architecture;
  readonly creationDate: string;
  /** ISO time after which the image counts as deprecated (absent: never). */
  readonly deprecationTime?: string;
  readonly public: boolean;
  readonly imageLocation: string;
  readonly rootDeviceName: string;
  readonly rootSnapshotId: string;
  readonly rootVolumeSize: number;
  readonly rootVolumeType: 'gp2' | 'gp3';
  readonly bootMode?: string;
  readonly imdsSupport?: string;
  /** True for catalogue images; false for the caller's own stand-ins. */
  readonly known: boolean;
}

interface Template {
  readonly name: string;
  readonly description: string;
  readonly owner: 'amazon' | 'canonical';
  readonly architecture: Architecture;
  readonly created: string;
  readonly deprecated?: string;
  readonly rootDevice: '/dev/xvda' | '/dev/sda1';
  readonly rootType: 'gp2' | 'gp3';
  readonly bootMode?: string;
  readonly imds?: string;
}

// AWS: Amazon Linux images use /dev/xvda as the root device; Canonical's Ubuntu images use /dev/sda1.
const al2023 = (version: string, arch: Architecture, created: string, deprecated?: string, minimal = false): Template => ({
  name: `al2023-ami-${minimal ? 'minimal-' : ''}${version}-kernel-6.1-${arch}`,
  description: `Amazon Linux 2023 AMI${minimal ? ' Minimal' : ''} ${version} ${arch} HVM kernel-6.1`,
  owner: 'amazon', architecture: arch, created, ...(deprecated ? { deprecated } : {}),
  rootDevice: '/dev/xvda', rootType: 'gp3', bootMode: arch === 'arm64' ? 'uefi' : 'uefi-preferred', imds: 'v2.0',
});
const al2 = (version: string, arch: Architecture, created: string, deprecated?: string): Template => ({
  name: `amzn2-ami-kernel-5.10-hvm-${version}-${arch}-gp2`,
  description: `Amazon Linux 2 Kernel 5.10 AMI ${version} ${arch} HVM gp2`,
  owner: 'amazon', architecture: arch, created, ...(deprecated ? { deprecated } : {}),
  rootDevice: '/dev/xvda', rootType: 'gp2',
});
const ubuntu = (release: '22.04' | '24.04', build: string, arch: Architecture, created: string, deprecated?: string): Template => {
  const code = release === '22.04' ? 'jammy' : 'noble';
  const debArch = arch === 'x86_64' ? 'amd64' : 'arm64';
  const store = release === '22.04' ? 'hvm-ssd' : 'hvm-ssd-gp3';
  return {
    name: `ubuntu/images/${store}/ubuntu-${code}-${release}-${debArch}-server-${build}`,
    description: `Canonical, Ubuntu, ${release}${release === '22.04' ? ' LTS' : ''}, ${debArch} ${code} image`,
    owner: 'canonical', architecture: arch, created, ...(deprecated ? { deprecated } : {}),
    rootDevice: '/dev/sda1', rootType: release === '22.04' ? 'gp2' : 'gp3', ...(release === '24.04' ? { bootMode: 'uefi-preferred' } : {}),
  };
};

/**
 * The catalogue. The newest build of each line has no deprecation time (so `most_recent` lookups keep working
 * whatever the clock says); older builds are deprecated, as AWS deprecates superseded builds.
 */
const TEMPLATES: readonly Template[] = [
  al2023('2023.6.20241212.0', 'x86_64', '2024-12-12T21:22:43.000Z', '2025-03-12T21:22:00.000Z'),
  al2023('2023.6.20241212.0', 'arm64', '2024-12-12T21:22:44.000Z', '2025-03-12T21:22:00.000Z'),
  al2023('2023.7.20250414.0', 'x86_64', '2025-04-14T19:52:38.000Z'),
  al2023('2023.7.20250414.0', 'arm64', '2025-04-14T19:52:40.000Z'),
  al2023('2023.7.20250414.0', 'x86_64', '2025-04-14T19:52:36.000Z', undefined, true),
  al2('2.0.20241217.0', 'x86_64', '2024-12-18T00:12:31.000Z', '2025-07-01T00:00:00.000Z'),
  al2('2.0.20250414.0', 'x86_64', '2025-04-15T00:09:07.000Z'),
  al2('2.0.20250414.0', 'arm64', '2025-04-15T00:09:09.000Z'),
  ubuntu('22.04', '20241206', 'x86_64', '2024-12-06T08:31:16.000Z', '2025-06-06T08:31:16.000Z'),
  ubuntu('22.04', '20250415', 'x86_64', '2025-04-15T10:12:44.000Z'),
  ubuntu('22.04', '20250415', 'arm64', '2025-04-15T10:12:47.000Z'),
  ubuntu('24.04', '20250415', 'x86_64', '2025-04-15T07:53:12.000Z'),
  ubuntu('24.04', '20250415', 'arm64', '2025-04-15T07:53:15.000Z'),
];

function hex17(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 17);
}

const byRegion = new Map<string, readonly Image[]>();

/** The catalogue images of a Region, newest last within each line. */
export function catalogImages(region: string): readonly Image[] {
  let list = byRegion.get(region);
  if (!list) {
    list = TEMPLATES.map((t): Image => {
      const ownerId = t.owner === 'amazon' ? AMAZON_OWNER : CANONICAL_OWNER;
      return {
        imageId: `ami-${hex17(`${region}/${t.name}`)}`, name: t.name, description: t.description, ownerId,
        ...(t.owner === 'amazon' ? { ownerAlias: 'amazon' } : {}),
        architecture: t.architecture, creationDate: t.created, ...(t.deprecated ? { deprecationTime: t.deprecated } : {}),
        public: true, imageLocation: t.owner === 'amazon' ? `amazon/${t.name}` : `${ownerId}/${t.name}`,
        rootDeviceName: t.rootDevice, rootSnapshotId: `snap-${hex17(`${region}/${t.name}/root`)}`, rootVolumeSize: 8, rootVolumeType: t.rootType,
        ...(t.bootMode ? { bootMode: t.bootMode } : {}), ...(t.imds ? { imdsSupport: t.imds } : {}), known: true,
      };
    });
    byRegion.set(region, list);
  }
  return list;
}

/** The catalogue image with that id in the Region, if any. */
export function catalogImage(region: string, imageId: string): Image | undefined {
  return catalogImages(region).find((i) => i.imageId === imageId);
}

/** An AMI id vpce does not know, described as a private image of the caller's own. */
export function ownImage(account: string, imageId: string): Image {
  return {
    imageId, name: imageId, description: '', ownerId: account, architecture: 'x86_64', creationDate: '2024-01-01T00:00:00.000Z',
    public: false, imageLocation: `${account}/${imageId}`, rootDeviceName: '/dev/xvda',
    rootSnapshotId: `snap-${hex17(`${account}/${imageId}/root`)}`, rootVolumeSize: 8, rootVolumeType: 'gp2', known: false,
  };
}

/** The image behind an id: the catalogue's, else the caller's own stand-in. */
export function imageFor(region: string, account: string, imageId: string): Image {
  return catalogImage(region, imageId) ?? ownImage(account, imageId);
}

/** AWS: an image counts as deprecated once its deprecation time has passed. */
export function isDeprecated(image: Image, now: number): boolean {
  return image.deprecationTime !== undefined && Date.parse(image.deprecationTime) <= now;
}
