/**
 * @module VPC peering operations: Create, Accept, Reject, Delete, DescribeVpcPeeringConnections, ModifyVpcPeeringConnectionOptions. Connections
 * live in the global partition; each caller sees those where it is the requester or the accepter.
 */
import {
  acceptPeering, createPeering, peeringAsSeenBy, deletePeering, effectiveStatus, isVisible, modifyPeeringOptions, rejectPeering,
  type PartitionReader, type PeeringOptionsRequest,
} from '../../model/peering.js';
import type { PeeringSide, VpcPeeringConnection } from '../../model/resources.js';
import { GLOBAL, partitionKey } from '../../model/world.js';
import { isoTime } from '../../shared/clock.js';
import type { WPeeringConnectionOptions, WPeeringConnectionOptionsRequest, WVpcPeeringConnection, WVpcPeeringConnectionVpcInfo } from '../../specs/ec2-types.js';
import type { Ec2Context, HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

function reader(ctx: Ec2Context): PartitionReader {
  return (a, r) => ctx.world.partition(partitionKey(a, r));
}

function optionsToWire(allowDns: boolean | undefined): WPeeringConnectionOptions {
  return { AllowDnsResolutionFromRemoteVpc: allowDns ?? false, AllowEgressFromLocalClassicLinkToRemoteVpc: false, AllowEgressFromLocalVpcToRemoteClassicLink: false };
}

function optionsFromWire(o: WPeeringConnectionOptionsRequest | undefined): PeeringOptionsRequest | undefined {
  if (o === undefined) return undefined;
  return {
    allowDnsResolutionFromRemoteVpc: o.AllowDnsResolutionFromRemoteVpc,
    allowEgressFromLocalClassicLinkToRemoteVpc: o.AllowEgressFromLocalClassicLinkToRemoteVpc,
    allowEgressFromLocalVpcToRemoteClassicLink: o.AllowEgressFromLocalVpcToRemoteClassicLink,
  };
}

/**
 * AWS: once the connection is active each side lists its VPC's IPv6 blocks (`Ipv6CidrBlockSet`); they are read
 * from the VPC now, so a block associated or disassociated later shows.
 */
function sideIpv6Blocks(s: PeeringSide, read: PartitionReader): { Ipv6CidrBlock: string }[] {
  const vpc = read(s.ownerId, s.region).get('vpc', s.vpcId);
  return (vpc?.ipv6Associations ?? []).filter((a) => a.state === 'associated').map((a) => ({ Ipv6CidrBlock: a.cidrBlock }));
}

function sideToWire(s: PeeringSide, active: boolean, allowDns: boolean | undefined, read: PartitionReader): WVpcPeeringConnectionVpcInfo {
  const ipv6 = active ? sideIpv6Blocks(s, read) : [];
  return {
    OwnerId: s.ownerId, VpcId: s.vpcId, Region: s.region,
    ...(s.cidrBlock !== undefined ? { CidrBlock: s.cidrBlock, CidrBlockSet: (s.cidrBlocks ?? [s.cidrBlock]).map((c) => ({ CidrBlock: c })) } : {}),
    ...(ipv6.length > 0 ? { Ipv6CidrBlockSet: ipv6 } : {}),
    ...(active ? { PeeringOptions: optionsToWire(allowDns) } : {}),
  };
}

export function peeringToWire(pcx: VpcPeeringConnection, now: number, read: PartitionReader): WVpcPeeringConnection {
  const eff = effectiveStatus(pcx, now, read);
  const active = eff.status === 'active';
  return {
    VpcPeeringConnectionId: pcx.id,
    RequesterVpcInfo: sideToWire(pcx.requester, active, pcx.requesterAllowsDnsResolution, read),
    AccepterVpcInfo: sideToWire(pcx.accepter, active, pcx.accepterAllowsDnsResolution, read),
    Status: { Code: eff.status, Message: eff.message },
    ...(eff.status === 'pending-acceptance' ? { ExpirationTime: isoTime(pcx.expiresAt) } : {}),
    Tags: wireTags(pcx.tags),
  };
}

/** AWS: DescribeVpcPeeringConnections filters. */
function peeringFilters(now: number, read: PartitionReader): FilterTable<VpcPeeringConnection> {
  return {
    'accepter-vpc-info.cidr-block': (c) => c.accepter.cidrBlocks ?? c.accepter.cidrBlock,
    'accepter-vpc-info.owner-id': (c) => c.accepter.ownerId,
    'accepter-vpc-info.vpc-id': (c) => c.accepter.vpcId,
    'expiration-time': (c) => isoTime(c.expiresAt),
    'requester-vpc-info.cidr-block': (c) => c.requester.cidrBlocks ?? c.requester.cidrBlock,
    'requester-vpc-info.owner-id': (c) => c.requester.ownerId,
    'requester-vpc-info.vpc-id': (c) => c.requester.vpcId,
    'status-code': (c) => effectiveStatus(c, now, read).status,
    'status-message': (c) => effectiveStatus(c, now, read).message,
    'vpc-peering-connection-id': (c) => c.id,
  };
}

export const peeringHandlers: HandlerTable = {
  CreateVpcPeeringConnection(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'vpc-peering-connection');
    const pcx = ctx.write((p, tx) => createPeering(tx, p, { vpcId: input.VpcId, peerVpcId: input.PeerVpcId, peerOwnerId: input.PeerOwnerId, peerRegion: input.PeerRegion, tags }));
    const wire = peeringToWire(pcx, ctx.world.clock.now(), reader(ctx));
    // AWS: the create response shows the request as it starts (`initiating-request`) unless it already failed.
    return { VpcPeeringConnection: pcx.status === 'failed' ? wire : { ...wire, Status: { Code: 'initiating-request', Message: `Initiating Request to ${pcx.accepter.ownerId}` } } };
  },
  AcceptVpcPeeringConnection(ctx, input) {
    const pcx = ctx.write((_p, tx) => acceptPeering(tx, ctx.account, ctx.region, input.VpcPeeringConnectionId));
    return { VpcPeeringConnection: peeringToWire(peeringAsSeenBy(pcx, ctx.account, ctx.region), ctx.world.clock.now(), reader(ctx)) };
  },
  RejectVpcPeeringConnection(ctx, input) {
    ctx.write((_p, tx) => rejectPeering(tx, ctx.account, ctx.region, input.VpcPeeringConnectionId));
    return { Return: true };
  },
  DeleteVpcPeeringConnection(ctx, input) {
    ctx.write((_p, tx) => deletePeering(tx, ctx.account, ctx.region, input.VpcPeeringConnectionId));
    return { Return: true };
  },
  ModifyVpcPeeringConnectionOptions(ctx, input) {
    const requester = optionsFromWire(input.RequesterPeeringConnectionOptions);
    const accepter = optionsFromWire(input.AccepterPeeringConnectionOptions);
    const pcx = ctx.write((_p, tx) => modifyPeeringOptions(tx, ctx.account, ctx.region, input.VpcPeeringConnectionId, { requester, accepter }));
    return {
      ...(requester !== undefined ? { RequesterPeeringConnectionOptions: optionsToWire(pcx.requesterAllowsDnsResolution) } : {}),
      ...(accepter !== undefined ? { AccepterPeeringConnectionOptions: optionsToWire(pcx.accepterAllowsDnsResolution) } : {}),
    };
  },
  DescribeVpcPeeringConnections(ctx, input) {
    ctx.read();
    const now = ctx.world.clock.now();
    const read = reader(ctx);
    const page = describe(ctx.world.partition(GLOBAL), 'vpcPeeringConnection',
      { ids: input.VpcPeeringConnectionIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken },
      peeringFilters(now, read), (c) => isVisible(c, ctx.account, ctx.region, now, read), (c) => peeringAsSeenBy(c, ctx.account, ctx.region));
    return { VpcPeeringConnections: page.items.map((c) => peeringToWire(c, now, read)), NextToken: page.nextToken };
  },
};
