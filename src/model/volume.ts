/**
 * @module EBS volumes as instance block devices: the root volume every instance gets from its image's root
 * snapshot (resized or retyped by a block device mapping of the root device) and any extra empty volumes a
 * mapping asks for. Volumes marked DeleteOnTermination go with the terminated instance; the others stay,
 * detached and `available`.
 */
import { createHash } from 'node:crypto';
import { ec2Errors } from '../errors/ec2.js';
import type { Image } from './image-catalog.js';
import type { Volume } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, Tx } from './world.js';

export type VolumeType = Volume['volumeType'];
const VOLUME_TYPES: readonly VolumeType[] = ['standard', 'io1', 'io2', 'gp2', 'sc1', 'st1', 'gp3'];

/** AWS: size limits per volume type, in GiB ("Amazon EBS volume types"). */
const SIZE_LIMITS: Readonly<Record<VolumeType, readonly [number, number]>> = {
  standard: [1, 1024], gp2: [1, 16384], gp3: [1, 16384], io1: [4, 16384], io2: [4, 65536], st1: [125, 16384], sc1: [125, 16384],
};

/** The EBS part of a block device mapping, as RunInstances gives it. */
export interface EbsSpec {
  readonly deleteOnTermination?: boolean | undefined;
  readonly iops?: number | undefined;
  readonly snapshotId?: string | undefined;
  readonly volumeSize?: number | undefined;
  readonly volumeType?: string | undefined;
  readonly kmsKeyId?: string | undefined;
  readonly throughput?: number | undefined;
  readonly encrypted?: boolean | undefined;
  /** Members vpce refuses (Outposts, zones, initialization rate, EBS cards), by wire name, when given. */
  readonly unsupported?: readonly string[];
}

export interface BlockDeviceSpec {
  readonly deviceName?: string | undefined;
  readonly noDevice?: string | undefined;
  readonly virtualName?: string | undefined;
  readonly ebs?: EbsSpec | undefined;
}

/** A volume to make, fully resolved. */
export interface PlannedVolume {
  readonly deviceName: string;
  readonly size: number;
  readonly volumeType: VolumeType;
  readonly iops?: number;
  readonly throughput?: number;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly snapshotId: string;
  readonly deleteOnTermination: boolean;
}

function checkEbs(deviceName: string, ebs: EbsSpec, size: number, root: boolean): Omit<PlannedVolume, 'deviceName' | 'snapshotId' | 'deleteOnTermination'> {
  for (const member of ebs.unsupported ?? []) {
    throw ec2Errors.invalidParameterCombination(`The parameter ${member} is not supported for block device mappings of RunInstances.`);
  }
  const type = (ebs.volumeType ?? (root ? undefined : 'gp2')) as VolumeType | undefined;
  if (type !== undefined && !VOLUME_TYPES.includes(type)) {
    throw ec2Errors.invalidParameterValue(`Value (${type}) for parameter volumeType is invalid. Valid values: ${VOLUME_TYPES.join(', ')}.`);
  }
  const volumeType = type ?? 'gp2';
  const [min, max] = SIZE_LIMITS[volumeType];
  if (!Number.isInteger(size) || size < min || size > max) {
    throw ec2Errors.invalidParameterValue(`Volume of ${size}GiB is invalid for volume type ${volumeType} at ${deviceName}: the size must be between ${min} and ${max} GiB.`);
  }
  // AWS: IOPS are provisioned on io1, io2 and gp3 only; io1 and io2 require them.
  const iopsTypes: readonly VolumeType[] = ['io1', 'io2', 'gp3'];
  if (ebs.iops !== undefined && !iopsTypes.includes(volumeType)) {
    throw ec2Errors.invalidParameterCombination(`The parameter iops is not supported for ${volumeType} volumes.`);
  }
  if (ebs.iops === undefined && (volumeType === 'io1' || volumeType === 'io2')) throw ec2Errors.missingParameter('iops');
  if (ebs.iops !== undefined) {
    const [lo, hi] = volumeType === 'gp3' ? [3000, 16000] : volumeType === 'io1' ? [100, 64000] : [100, 256000];
    if (!Number.isInteger(ebs.iops) || ebs.iops < lo || ebs.iops > hi) {
      throw ec2Errors.invalidParameterValue(`Value (${ebs.iops}) for parameter iops is invalid. Expected a value between ${lo} and ${hi} for ${volumeType} volumes.`);
    }
  }
  // AWS: throughput is configurable on gp3 only (125 to 1000 MiB/s).
  if (ebs.throughput !== undefined && volumeType !== 'gp3') {
    throw ec2Errors.invalidParameterCombination(`The parameter throughput is not supported for ${volumeType} volumes.`);
  }
  if (ebs.throughput !== undefined && (!Number.isInteger(ebs.throughput) || ebs.throughput < 125 || ebs.throughput > 1000)) {
    throw ec2Errors.invalidParameterValue(`Value (${ebs.throughput}) for parameter throughput is invalid. Expected a value between 125 and 1000.`);
  }
  // AWS: "The parameter KmsKeyId requires the parameter Encrypted to be set."
  if (ebs.kmsKeyId !== undefined && ebs.encrypted !== true) {
    throw ec2Errors.custom('InvalidParameterDependency', 'The parameter KmsKeyId requires the parameter Encrypted to be set.');
  }
  const iops = volumeType === 'gp3' ? ebs.iops ?? 3000 : volumeType === 'gp2' ? Math.max(100, Math.min(16000, size * 3)) : ebs.iops;
  return {
    size, volumeType, ...(iops !== undefined ? { iops } : {}),
    ...(volumeType === 'gp3' ? { throughput: ebs.throughput ?? 125 } : {}),
    encrypted: ebs.encrypted === true, ...(ebs.kmsKeyId !== undefined ? { kmsKeyId: ebs.kmsKeyId } : {}),
  };
}

/**
 * The volumes an instance gets: the image's root device (as a mapping of that device modifies it) and every
 * extra EBS mapping. AWS: instance-store (`VirtualName`) and `NoDevice` mappings for devices the image does not
 * map have no effect on types without instance storage, which are all vpce describes.
 */
export function planVolumes(image: Image, specs: readonly BlockDeviceSpec[]): PlannedVolume[] {
  const seen = new Set<string>();
  const rootSpec = specs.find((s) => s.deviceName === image.rootDeviceName);
  const out: PlannedVolume[] = [];
  for (const s of specs) {
    if (s.deviceName === undefined || s.deviceName === '') throw ec2Errors.missingParameter('BlockDeviceMapping.DeviceName');
    if (seen.has(s.deviceName)) throw ec2Errors.custom('InvalidBlockDeviceMapping', `The device '${s.deviceName}' is used in more than one block-device mapping`);
    seen.add(s.deviceName);
    if (s.ebs && (s.noDevice !== undefined || s.virtualName !== undefined)) {
      throw ec2Errors.custom('InvalidBlockDeviceMapping', `Only one of Ebs, NoDevice and VirtualName may be given for device ${s.deviceName}.`);
    }
  }
  if (rootSpec?.noDevice !== undefined || rootSpec?.virtualName !== undefined) {
    throw ec2Errors.custom('InvalidBlockDeviceMapping', `The root device ${image.rootDeviceName} of image ${image.imageId} must be an EBS volume.`);
  }
  const rootEbs = rootSpec?.ebs ?? {};
  if (rootEbs.snapshotId !== undefined && rootEbs.snapshotId !== image.rootSnapshotId) {
    throw ec2Errors.custom('InvalidBlockDeviceMapping', 'snapshotId cannot be modified on root device');
  }
  const rootSize = rootEbs.volumeSize ?? image.rootVolumeSize;
  // AWS: a volume made from a snapshot may not be smaller than the snapshot.
  if (rootSize < image.rootVolumeSize) {
    throw ec2Errors.custom('InvalidBlockDeviceMapping', `Volume of size ${rootSize}GB is smaller than snapshot '${image.rootSnapshotId}', expect size >= ${image.rootVolumeSize}GB`);
  }
  out.push({
    deviceName: image.rootDeviceName, snapshotId: image.rootSnapshotId, deleteOnTermination: rootEbs.deleteOnTermination ?? true,
    ...checkEbs(image.rootDeviceName, { ...rootEbs, volumeType: rootEbs.volumeType ?? image.rootVolumeType }, rootSize, true),
  });
  for (const s of specs) {
    if (s.deviceName === image.rootDeviceName || !s.ebs) continue;
    if (s.ebs.snapshotId !== undefined) throw ec2Errors.notFound('InvalidSnapshot.NotFound', `The snapshot '${s.ebs.snapshotId}' does not exist.`);
    if (s.ebs.volumeSize === undefined) throw ec2Errors.missingParameter('size/snapshot');
    out.push({ deviceName: s.deviceName!, snapshotId: '', deleteOnTermination: s.ebs.deleteOnTermination ?? true, ...checkEbs(s.deviceName!, s.ebs, s.ebs.volumeSize, false) });
  }
  return out;
}

/** The account's default EBS key (`alias/aws/ebs`), as a stable key ARN. */
function defaultEbsKey(region: string, account: string): string {
  const h = createHash('sha256').update(`${account}/${region}/aws/ebs`).digest('hex');
  return `arn:aws:kms:${region}:${account}:key/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Make and attach the planned volumes of one instance. */
export function createVolumes(tx: Tx, p: PartitionTx, instanceId: string, availabilityZone: string, planned: readonly PlannedVolume[], tags: Tags): Volume[] {
  const now = tx.clock.now();
  return planned.map((v) => p.put<Volume>({
    kind: 'volume', id: tx.ids.next('volume'), ownerId: p.account, tags, availabilityZone,
    size: v.size, volumeType: v.volumeType, ...(v.iops !== undefined ? { iops: v.iops } : {}), ...(v.throughput !== undefined ? { throughput: v.throughput } : {}),
    encrypted: v.encrypted, ...(v.encrypted ? { kmsKeyId: v.kmsKeyId ?? defaultEbsKey(p.region, p.account) } : {}),
    snapshotId: v.snapshotId, createdAt: now,
    attachment: { instanceId, device: v.deviceName, attachedAt: now, deleteOnTermination: v.deleteOnTermination },
  }));
}

/** AWS: at termination a DeleteOnTermination volume is deleted; any other is detached and becomes available. */
export function releaseVolumeOnTermination(p: PartitionTx, volumeId: string): void {
  const v = p.get('volume', volumeId);
  if (!v) return;
  if (v.attachment?.deleteOnTermination ?? true) {
    p.remove(volumeId);
    return;
  }
  const { attachment: _a, ...rest } = v;
  p.put<Volume>(rest);
}

/** A volume's state, as DescribeVolumes shows it. */
export function volumeState(v: Volume): 'in-use' | 'available' {
  return v.attachment ? 'in-use' : 'available';
}
