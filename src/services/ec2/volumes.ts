/** @module DescribeVolumes: the EBS volumes instances got at launch, with AWS's filters and paging. */
import { volumeState } from '../../model/volume.js';
import type { Volume } from '../../model/resources.js';
import { findZone } from '../../model/regions.js';
import type { WVolume } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { wireTags } from './tagging.js';

/** AWS: DescribeVolumes filters. */
function volumeFilters(account: string, region: string): FilterTable<Volume> {
  return { ...VOLUME_FILTERS, 'availability-zone-id': (v) => findZone(account, region, v.availabilityZone)?.zoneId };
}

const VOLUME_FILTERS: FilterTable<Volume> = {
  'attachment.attach-time': (v) => (v.attachment ? new Date(v.attachment.attachedAt).toISOString() : undefined),
  'attachment.delete-on-termination': (v) => v.attachment?.deleteOnTermination,
  'attachment.device': (v) => v.attachment?.device,
  'attachment.instance-id': (v) => v.attachment?.instanceId,
  'attachment.status': (v) => (v.attachment ? 'attached' : undefined),
  'availability-zone': (v) => v.availabilityZone,
  'create-time': (v) => new Date(v.createdAt).toISOString(),
  'encrypted': (v) => v.encrypted,
  'fast-restored': () => false,
  'multi-attach-enabled': () => false,
  'size': (v) => v.size,
  'snapshot-id': (v) => v.snapshotId,
  'status': (v) => volumeState(v),
  'volume-id': (v) => v.id,
  'volume-type': (v) => v.volumeType,
  'operator.managed': () => false,
  'operator.principal': () => undefined,
};

export function volumeToWire(v: Volume): WVolume {
  return {
    VolumeId: v.id, Size: v.size, SnapshotId: v.snapshotId, AvailabilityZone: v.availabilityZone, State: volumeState(v),
    CreateTime: new Date(v.createdAt).toISOString(), VolumeType: v.volumeType, Encrypted: v.encrypted,
    ...(v.kmsKeyId !== undefined ? { KmsKeyId: v.kmsKeyId } : {}), ...(v.iops !== undefined ? { Iops: v.iops } : {}),
    ...(v.throughput !== undefined ? { Throughput: v.throughput } : {}), MultiAttachEnabled: false, FastRestored: false,
    Attachments: v.attachment ? [{
      VolumeId: v.id, InstanceId: v.attachment.instanceId, Device: v.attachment.device, State: 'attached',
      AttachTime: new Date(v.attachment.attachedAt).toISOString(), DeleteOnTermination: v.attachment.deleteOnTermination,
    }] : [],
    Tags: wireTags(v.tags),
  };
}

export const volumeHandlers: HandlerTable = {
  DescribeVolumes(ctx, input) {
    // AWS: MaxResults cannot be combined with volume ids; "if MaxResults is given a value larger than 500, only 500 items are returned".
    checkMaxResults(input.MaxResults, input.VolumeIds, 'volumeIds', 5, 1000);
    const view = ctx.read();
    const maxResults = input.MaxResults !== undefined ? Math.min(input.MaxResults, 500) : undefined;
    const page = describe(view, 'volume', { ids: input.VolumeIds, filters: input.Filters, maxResults, nextToken: input.NextToken }, volumeFilters(ctx.account, ctx.region));
    return { Volumes: page.items.map(volumeToWire), NextToken: page.nextToken };
  },
};
