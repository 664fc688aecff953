/**
 * @module VPC peering connections: kept in the global partition so the requester's and the accepter's
 * account and Region both see the same record.
 * AWS: "VPC peering connection lifecycle" (pending-acceptance for 7 days, then expired; overlapping CIDR blocks
 * give a failed connection; either owner may delete an active connection).
 */
import { ec2Errors } from '../errors/ec2.js';
import { cidrOverlaps, parseCidr } from '../shared/cidr.js';
import { checkIdShape, mustGet, notFound } from './lookup.js';
import { regionInfo } from './regions.js';
import type { PeeringSide, Vpc, VpcPeeringConnection } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: an unaccepted request expires after 7 days. */
export const PEERING_EXPIRY_MS = 7 * 24 * 3600 * 1000;
/** How long a finished (deleted, rejected, failed, expired) connection stays visible. AWS: about 2 hours. */
export const PEERING_AFTERLIFE_MS = 2 * 3600 * 1000;

/** Reads another account's partition in a Region. */
export type PartitionReader = (account: string, region: string) => ReadView;

export type PeeringStatus = VpcPeeringConnection['status'];

/** IPv4 blocks of a VPC that take part in peering. */
function vpcCidrs(vpc: Vpc): string[] {
  return vpc.cidrAssociations.filter((a) => a.state === 'associated').map((a) => a.cidrBlock);
}

/**
 * The status a client sees now: a pending request past its expiry is `expired`, and a pending or active
 * connection whose VPC has been deleted is `deleted` (AWS: deleting a VPC deletes its peering connections).
 */
export function effectiveStatus(pcx: VpcPeeringConnection, now: number, read: PartitionReader): { status: PeeringStatus; message: string; since: number } {
  if (pcx.status === 'pending-acceptance' && now >= pcx.expiresAt) return { status: 'expired', message: 'Expired', since: pcx.expiresAt };
  if (pcx.status === 'pending-acceptance' || pcx.status === 'active') {
    for (const side of [pcx.requester, pcx.accepter]) {
      if (!read(side.ownerId, side.region).get('vpc', side.vpcId)) return { status: 'deleted', message: `Deleted by ${side.ownerId}`, since: pcx.updatedAt };
    }
  }
  return { status: pcx.status, message: pcx.statusMessage, since: pcx.updatedAt };
}

/** Whether the caller (account in Region) is that side of the connection; in one account and Region it is both. */
export function isSide(pcx: VpcPeeringConnection, side: 'requester' | 'accepter', account: string, region: string): boolean {
  return pcx[side].ownerId === account && pcx[side].region === region;
}

/** Whether the caller may see the connection: it is one side and the connection is not long finished. */
export function isVisible(pcx: VpcPeeringConnection, account: string, region: string, now: number, read: PartitionReader): boolean {
  if (!isSide(pcx, 'requester', account, region) && !isSide(pcx, 'accepter', account, region)) return false;
  const eff = effectiveStatus(pcx, now, read);
  const finished = eff.status === 'deleted' || eff.status === 'rejected' || eff.status === 'failed' || eff.status === 'expired';
  return !finished || now - eff.since < PEERING_AFTERLIFE_MS;
}

/** A connection the caller can see, or the NotFound error. */
export function mustGetPeering(global: ReadView, id: string, account: string, region: string, now: number, read: PartitionReader): VpcPeeringConnection {
  checkIdShape('vpcPeeringConnection', id);
  const pcx = global.get('vpcPeeringConnection', id);
  if (!pcx || !isVisible(pcx, account, region, now, read)) throw notFound('vpcPeeringConnection', id);
  return pcx;
}

/**
 * AWS: a cross-account or inter-Region peering connection is a resource in each side's account ("a VPC peering
 * connection resource is automatically created in the accepter's account"), and each side's tags are its own.
 * The requester's tags are `tags`; the accepter's, when it is another account or Region, `accepterTags`.
 */
function isRequesterSide(pcx: VpcPeeringConnection, account: string, region: string): boolean {
  return pcx.requester.ownerId === account && pcx.requester.region === region;
}

/** The tags `account` in `region` sees on a peering connection it can see. */
export function peeringTagsOf(pcx: VpcPeeringConnection, account: string, region: string): Tags {
  return isRequesterSide(pcx, account, region) ? pcx.tags : pcx.accepterTags ?? [];
}

/** The record with the tags of `account`'s side replaced. */
export function withPeeringTags(pcx: VpcPeeringConnection, account: string, region: string, tags: Tags): VpcPeeringConnection {
  return isRequesterSide(pcx, account, region) ? { ...pcx, tags } : { ...pcx, accepterTags: tags };
}

/** The record as `account` sees it: its own side's tags in `tags`. */
export function peeringAsSeenBy(pcx: VpcPeeringConnection, account: string, region: string): VpcPeeringConnection {
  return isRequesterSide(pcx, account, region) ? pcx : { ...pcx, tags: pcx.accepterTags ?? [] };
}

export interface CreatePeeringArgs {
  readonly vpcId: string;
  readonly peerVpcId?: string | undefined;
  readonly peerOwnerId?: string | undefined;
  readonly peerRegion?: string | undefined;
  readonly tags?: Tags;
}

export function createPeering(tx: Tx, p: PartitionTx, args: CreatePeeringArgs): VpcPeeringConnection {
  const vpc = mustGet(p, 'vpc', args.vpcId);
  if (args.peerVpcId === undefined) throw ec2Errors.missingParameter('PeerVpcId');
  const peerOwner = args.peerOwnerId ?? p.account;
  const peerRegion = args.peerRegion ?? p.region;
  if (!/^\d{12}$/.test(peerOwner)) throw ec2Errors.invalidParameterValue(`Value (${peerOwner}) for parameter peerOwnerId is invalid. It must be a 12-digit account ID.`);
  if (!regionInfo(peerRegion)) throw ec2Errors.invalidParameterValue(`Value (${peerRegion}) for parameter peerRegion is invalid. The Region does not exist.`);
  checkIdShape('vpc', args.peerVpcId);
  if (args.peerVpcId === vpc.id && peerOwner === p.account && peerRegion === p.region) {
    throw ec2Errors.invalidParameterValue('The requester VPC and the accepter VPC must be different.');
  }
  const local = peerOwner === p.account && peerRegion === p.region;
  const peerView: ReadView = local ? p : tx.in(peerOwner, peerRegion);
  const peer = peerView.get('vpc', args.peerVpcId);
  // AWS: in the caller's own account and Region the peer VPC is checked at once; elsewhere the request fails later.
  if (!peer && local) throw notFound('vpc', args.peerVpcId);
  const now = tx.clock.now();
  const read: PartitionReader = (a, r) => tx.in(a, r);
  for (const other of tx.global.list('vpcPeeringConnection')) {
    const ends = [other.requester.vpcId, other.accepter.vpcId];
    if (!ends.includes(vpc.id) || !ends.includes(args.peerVpcId)) continue;
    const s = effectiveStatus(other, now, read).status;
    // AWS: only one VPC peering connection between the same two VPCs at a time.
    if (s === 'active' || s === 'pending-acceptance') {
      throw ec2Errors.custom('VpcPeeringConnectionAlreadyExists', `A VPC peering connection already exists between ${vpc.id} and ${args.peerVpcId} (${other.id}).`);
    }
  }
  const requester: PeeringSide = { ownerId: p.account, region: p.region, vpcId: vpc.id, cidrBlock: vpc.cidrBlock, cidrBlocks: vpcCidrs(vpc) };
  const accepter: PeeringSide = { ownerId: peerOwner, region: peerRegion, vpcId: args.peerVpcId };
  let status: PeeringStatus = 'pending-acceptance';
  let message = `Pending Acceptance by ${peerOwner}`;
  if (!peer) {
    status = 'failed';
    message = `The VPC ${args.peerVpcId} in account ${peerOwner} and Region ${peerRegion} does not exist.`;
  } else if (overlaps(vpcCidrs(vpc), vpcCidrs(peer))) {
    // AWS: "If you create a VPC peering connection request between VPCs with overlapping CIDR blocks, the VPC
    // peering connection has a status of failed."
    status = 'failed';
    message = 'Overlapping CIDR range';
  }
  return tx.global.put<VpcPeeringConnection>({
    kind: 'vpcPeeringConnection', id: tx.ids.next('peering'), ownerId: p.account, tags: args.tags ?? [],
    requester, accepter, status, statusMessage: message, expiresAt: now + PEERING_EXPIRY_MS, updatedAt: now,
  });
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => cidrOverlaps(parseCidr(x)!, parseCidr(y)!)));
}

function transitionError(pcx: VpcPeeringConnection, from: PeeringStatus, to: string): Error {
  return ec2Errors.custom('InvalidStateTransition', `Invalid state transition for ${pcx.id}, attempted to transition from ${from} to ${to}`);
}

/** AWS: only the owner of the accepter VPC, calling in the accepter's Region, can accept, and only while pending. */
export function acceptPeering(tx: Tx, account: string, region: string, id: string): VpcPeeringConnection {
  const now = tx.clock.now();
  const read: PartitionReader = (a, r) => tx.in(a, r);
  const pcx = mustGetPeering(tx.global, id, account, region, now, read);
  if (!isSide(pcx, 'accepter', account, region)) {
    throw ec2Errors.custom('OperationNotPermitted', `User ${account} cannot accept peering ${pcx.id}`);
  }
  const eff = effectiveStatus(pcx, now, read);
  if (eff.status !== 'pending-acceptance') throw transitionError(pcx, eff.status, 'active');
  const peer = tx.in(account, region).get('vpc', pcx.accepter.vpcId)!;
  return tx.global.put({
    ...pcx, status: 'active' as const, statusMessage: 'Active', updatedAt: now,
    accepter: { ...pcx.accepter, cidrBlock: peer.cidrBlock, cidrBlocks: vpcCidrs(peer) },
  });
}

/** AWS: only the accepter rejects, and only a pending request. */
export function rejectPeering(tx: Tx, account: string, region: string, id: string): VpcPeeringConnection {
  const now = tx.clock.now();
  const read: PartitionReader = (a, r) => tx.in(a, r);
  const pcx = mustGetPeering(tx.global, id, account, region, now, read);
  if (!isSide(pcx, 'accepter', account, region)) {
    throw ec2Errors.custom('OperationNotPermitted', `User ${account} cannot reject peering ${pcx.id}`);
  }
  const eff = effectiveStatus(pcx, now, read);
  if (eff.status !== 'pending-acceptance') throw transitionError(pcx, eff.status, 'rejected');
  return tx.global.put({ ...pcx, status: 'rejected' as const, statusMessage: `Rejected by ${account}`, updatedAt: now });
}

/**
 * AWS ("Delete a VPC peering connection"): either owner may delete an active connection; the requester may also
 * delete its pending request (the accepter rejects instead); rejected, failed, expired or deleted connections
 * cannot be deleted.
 */
export function deletePeering(tx: Tx, account: string, region: string, id: string): VpcPeeringConnection {
  const now = tx.clock.now();
  const read: PartitionReader = (a, r) => tx.in(a, r);
  const pcx = mustGetPeering(tx.global, id, account, region, now, read);
  const eff = effectiveStatus(pcx, now, read);
  if (eff.status === 'pending-acceptance' && !isSide(pcx, 'requester', account, region)) {
    throw ec2Errors.custom('OperationNotPermitted', `User ${account} cannot delete the pending peering request ${pcx.id}; reject it instead`);
  }
  if (eff.status !== 'active' && eff.status !== 'pending-acceptance') throw transitionError(pcx, eff.status, 'deleted');
  return tx.global.put({ ...pcx, status: 'deleted' as const, statusMessage: `Deleted by ${account}`, updatedAt: now });
}

/** Whether the connection joins this VPC (of this account and Region) to another. */
export function involvesVpc(pcx: VpcPeeringConnection, account: string, region: string, vpcId: string): boolean {
  return [pcx.requester, pcx.accepter].some((s) => s.ownerId === account && s.region === region && s.vpcId === vpcId);
}

/**
 * AWS: "You cannot delete a VPC for which you have a pending-acceptance request from a VPC in another account"
 * (DeleteVpc API reference). Throws DependencyViolation when such a request targets the VPC.
 */
export function assertNoPendingRequestFromOtherAccount(tx: Tx, account: string, region: string, vpcId: string): void {
  const now = tx.clock.now();
  const read: PartitionReader = (a, r) => tx.in(a, r);
  for (const pcx of tx.global.list('vpcPeeringConnection')) {
    if (pcx.accepter.ownerId !== account || pcx.accepter.region !== region || pcx.accepter.vpcId !== vpcId) continue;
    if (pcx.requester.ownerId === account) continue;
    if (effectiveStatus(pcx, now, read).status === 'pending-acceptance') {
      throw ec2Errors.dependencyViolation(`The vpc '${vpcId}' has dependencies and cannot be deleted: pending-acceptance peering request ${pcx.id} from account ${pcx.requester.ownerId}.`);
    }
  }
}

/** One side's ModifyVpcPeeringConnectionOptions request. */
export interface PeeringOptionsRequest {
  readonly allowDnsResolutionFromRemoteVpc?: boolean | undefined;
  readonly allowEgressFromLocalClassicLinkToRemoteVpc?: boolean | undefined;
  readonly allowEgressFromLocalVpcToRemoteClassicLink?: boolean | undefined;
}

/**
 * ModifyVpcPeeringConnectionOptions. AWS ("Enable DNS resolution for a VPC peering connection"): only an active
 * connection takes options, and each side's options are changed by that side's owner (in its Region). The
 * ClassicLink options can no longer be turned on (EC2-Classic is retired).
 */
export function modifyPeeringOptions(tx: Tx, account: string, region: string, id: string,
  options: { readonly requester?: PeeringOptionsRequest | undefined; readonly accepter?: PeeringOptionsRequest | undefined }): VpcPeeringConnection {
  const now = tx.clock.now();
  const read: PartitionReader = (a, r) => tx.in(a, r);
  const pcx = mustGetPeering(tx.global, id, account, region, now, read);
  if (options.requester === undefined && options.accepter === undefined) {
    throw ec2Errors.missingParameter('AccepterPeeringConnectionOptions or RequesterPeeringConnectionOptions');
  }
  if (effectiveStatus(pcx, now, read).status !== 'active') {
    throw ec2Errors.custom('OperationNotPermitted', `Peering ${pcx.id} is not active. Peering options can be added only to active peerings.`);
  }
  let next = pcx;
  for (const side of ['requester', 'accepter'] as const) {
    const o = options[side];
    if (o === undefined) continue;
    if (!isSide(pcx, side, account, region)) {
      throw ec2Errors.custom('OperationNotPermitted', `User ${account} cannot modify the ${side} options of peering ${pcx.id}; only the owner of the ${side} VPC can.`);
    }
    for (const [name, value] of [['AllowEgressFromLocalClassicLinkToRemoteVpc', o.allowEgressFromLocalClassicLinkToRemoteVpc], ['AllowEgressFromLocalVpcToRemoteClassicLink', o.allowEgressFromLocalVpcToRemoteClassicLink]] as const) {
      if (value === true) throw ec2Errors.custom('OperationNotPermitted', `Modifying VPC peering connection option ${name} is not supported: EC2-Classic has been retired.`);
    }
    if (o.allowDnsResolutionFromRemoteVpc !== undefined) {
      next = side === 'requester'
        ? { ...next, requesterAllowsDnsResolution: o.allowDnsResolutionFromRemoteVpc }
        : { ...next, accepterAllowsDnsResolution: o.allowDnsResolutionFromRemoteVpc };
    }
  }
  return next === pcx ? pcx : tx.global.put(next);
}
