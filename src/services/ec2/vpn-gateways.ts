/** @module Virtual private gateway operations: Create, Attach, Detach, Delete, DescribeVpnGateways. */
import { attachVpnGateway, createVpnGateway, deleteVpnGateway, detachVpnGateway, vpnGatewayAttachments, vpnGatewayVisible } from '../../model/vpn-gateway.js';
import type { VpnGateway } from '../../model/resources.js';
import type { WVpnGateway } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function vpnGatewayToWire(g: VpnGateway): WVpnGateway {
  return {
    VpnGatewayId: g.id, State: g.state, Type: g.type, AmazonSideAsn: g.amazonSideAsn,
    ...(g.availabilityZone !== undefined ? { AvailabilityZone: g.availabilityZone } : {}),
    VpcAttachments: vpnGatewayAttachments(g).map((a) => ({ VpcId: a.vpcId, State: a.state })),
    Tags: wireTags(g.tags),
  };
}

/** AWS: DescribeVpnGateways filters. */
const VGW_FILTERS: FilterTable<VpnGateway> = {
  'amazon-side-asn': (g) => g.amazonSideAsn,
  'attachment.state': (g) => vpnGatewayAttachments(g).map((a) => a.state),
  'attachment.vpc-id': (g) => vpnGatewayAttachments(g).map((a) => a.vpcId),
  'availability-zone': (g) => g.availabilityZone,
  'state': (g) => g.state,
  'type': (g) => g.type,
  'vpn-gateway-id': (g) => g.id,
};

export const vpnGatewayHandlers: HandlerTable = {
  CreateVpnGateway(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'vpn-gateway');
    const g = ctx.write((p, tx) => createVpnGateway(tx, p, { type: input.Type, amazonSideAsn: input.AmazonSideAsn, availabilityZone: input.AvailabilityZone, tags }));
    return { VpnGateway: vpnGatewayToWire(g) };
  },
  AttachVpnGateway(ctx, input) {
    ctx.write((p) => attachVpnGateway(p, input.VpnGatewayId, input.VpcId));
    return { VpcAttachment: { VpcId: input.VpcId, State: 'attached' } };
  },
  DetachVpnGateway(ctx, input) {
    ctx.write((p) => detachVpnGateway(p, input.VpnGatewayId, input.VpcId));
    return {};
  },
  DeleteVpnGateway(ctx, input) {
    ctx.write((p, tx) => deleteVpnGateway(tx, p, input.VpnGatewayId));
    return {};
  },
  DescribeVpnGateways(ctx, input) {
    const now = ctx.world.clock.now();
    const page = describe(ctx.read(), 'vpnGateway', { ids: input.VpnGatewayIds, filters: input.Filters }, VGW_FILTERS, (g) => vpnGatewayVisible(g, now));
    return { VpnGateways: page.items.map(vpnGatewayToWire) };
  },
};
