/**
 * @module DescribeImages over the built-in catalogue and the caller's own images. AWS: any well-formed AMI id
 * names an image (vpce describes one it does not know as the caller's own, private image), and the caller's
 * own images listed without ids are those its instances were launched from.
 */
import { ec2Errors } from '../../errors/ec2.js';
import { catalogImages, imageFor, isDeprecated, ownImage, type Image } from '../../model/image-catalog.js';
import { checkImageId } from '../../model/instance.js';
import type { WImage } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { compileFilters, type FilterTable } from './filters.js';
import { checkMaxResults } from './describe.js';
import { paginate } from './paging.js';

type Row = Image & { readonly tags: readonly [] };

const OWNER_ALIASES = new Set(['self', 'amazon', 'aws-marketplace', 'aws-backup-vault']);

/** AWS: DescribeImages filters (the documented list, less those for features vpce has no images with). */
const IMAGE_FILTERS: FilterTable<Row> = {
  'architecture': (i) => i.architecture,
  'block-device-mapping.delete-on-termination': () => true,
  'block-device-mapping.device-name': (i) => i.rootDeviceName,
  'block-device-mapping.snapshot-id': (i) => i.rootSnapshotId,
  'block-device-mapping.volume-size': (i) => i.rootVolumeSize,
  'block-device-mapping.volume-type': (i) => i.rootVolumeType,
  'block-device-mapping.encrypted': () => false,
  'creation-date': (i) => i.creationDate,
  'description': (i) => i.description,
  'ena-support': () => true,
  'hypervisor': () => 'xen',
  'image-allowed': () => true,
  'image-id': (i) => i.imageId,
  'image-type': () => 'machine',
  'imds-support': (i) => i.imdsSupport,
  'is-public': (i) => i.public,
  'manifest-location': (i) => i.imageLocation,
  'name': (i) => i.name,
  'owner-alias': (i) => i.ownerAlias,
  'owner-id': (i) => i.ownerId,
  'platform-details': () => 'Linux/UNIX',
  'product-code': () => undefined,
  'root-device-name': (i) => i.rootDeviceName,
  'root-device-type': () => 'ebs',
  'source-instance-id': () => undefined,
  'state': () => 'available',
  'sriov-net-support': () => 'simple',
  'usage-operation': () => 'RunInstances',
  'virtualization-type': () => 'hvm',
  'free-tier-eligible': (i) => i.known,
  // Features no image here has: accepted, matching none.
  'kernel-id': () => undefined, 'ramdisk-id': () => undefined, 'platform': () => undefined, 'product-code.type': () => undefined,
  'source-image-id': () => undefined, 'source-image-region': () => undefined, 'state-reason-code': () => undefined, 'state-reason-message': () => undefined,
};

export function imageToWire(i: Image): WImage {
  return {
    ImageId: i.imageId, ImageLocation: i.imageLocation, State: 'available', OwnerId: i.ownerId, CreationDate: i.creationDate, Public: i.public,
    Architecture: i.architecture, ImageType: 'machine', Name: i.name, ...(i.description !== '' ? { Description: i.description } : {}),
    ...(i.ownerAlias !== undefined ? { ImageOwnerAlias: i.ownerAlias } : {}),
    RootDeviceName: i.rootDeviceName, RootDeviceType: 'ebs', VirtualizationType: 'hvm', Hypervisor: 'xen', EnaSupport: true, SriovNetSupport: 'simple',
    PlatformDetails: 'Linux/UNIX', UsageOperation: 'RunInstances', ProductCodes: [], Tags: [],
    BlockDeviceMappings: [{
      DeviceName: i.rootDeviceName,
      Ebs: { DeleteOnTermination: true, SnapshotId: i.rootSnapshotId, VolumeSize: i.rootVolumeSize, VolumeType: i.rootVolumeType, Encrypted: false },
    }],
    ...(i.bootMode !== undefined ? { BootMode: i.bootMode } : {}), ...(i.imdsSupport !== undefined ? { ImdsSupport: i.imdsSupport } : {}),
    ...(i.deprecationTime !== undefined ? { DeprecationTime: i.deprecationTime } : {}),
  };
}

export const imageHandlers: HandlerTable = {
  DescribeImages(ctx, input) {
    checkMaxResults(input.MaxResults, input.ImageIds, 'imageIdsSet');
    const account = ctx.account;
    // AWS: owners are account ids or the aliases self, amazon, aws-marketplace and aws-backup-vault; executable
    // users account ids, self or all. Anything else is a malformed user id.
    for (const o of input.Owners ?? []) {
      if (!OWNER_ALIASES.has(o) && !/^\d{12}$/.test(o)) throw ec2Errors.custom('InvalidUserID.Malformed', `Invalid user id: "${o}"`);
    }
    for (const u of input.ExecutableUsers ?? []) {
      if (u !== 'self' && u !== 'all' && !/^\d{12}$/.test(u)) throw ec2Errors.custom('InvalidUserID.Malformed', `Invalid user id: "${u}"`);
    }
    const view = ctx.read();
    let images: Image[];
    if (input.ImageIds && input.ImageIds.length > 0) {
      images = [...new Set(input.ImageIds)].map((id) => {
        try { checkImageId(id); } catch { throw ec2Errors.malformed('InvalidAMIID.Malformed', id, 'ami'); }
        return imageFor(ctx.region, account, id);
      });
    } else {
      const catalogue = catalogImages(ctx.region);
      const known = new Set(catalogue.map((i) => i.imageId));
      const own = [...new Set([...view.list('instance')].map((i) => i.imageId))].filter((id) => !known.has(id)).map((id) => ownImage(account, id));
      images = [...catalogue, ...own];
    }
    const owners = input.Owners ?? [];
    if (owners.length > 0) {
      images = images.filter((i) => owners.some((o) => (o === 'self' ? i.ownerId === account : o === 'amazon' ? i.ownerAlias === 'amazon' : o === i.ownerId)));
    }
    const users = input.ExecutableUsers ?? [];
    if (users.length > 0) {
      // AWS: `all` selects public images; `self` or an account id selects images shared with that account, and
      // no image is shared here (an owner's own images are not "shared" with it).
      images = images.filter((i) => users.includes('all') && i.public);
    }
    // AWS: deprecated images are left out unless asked for; an owner always sees its own.
    const now = ctx.world.clock.now();
    if (input.IncludeDeprecated !== true && !(input.ImageIds && input.ImageIds.length > 0)) {
      images = images.filter((i) => i.ownerId === account || !isDeprecated(i, now));
    }
    const match = compileFilters(input.Filters, IMAGE_FILTERS);
    const rows: Row[] = images.map((i) => ({ ...i, tags: [] as const }));
    const page = paginate(match ? rows.filter(match) : rows, input.MaxResults, input.NextToken);
    return { Images: page.items.map(imageToWire), NextToken: page.nextToken };
  },
};
