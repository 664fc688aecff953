/** @module Internet gateway operations: Create, Attach, Detach, Delete, DescribeInternetGateways. */
import { attachInternetGateway, createInternetGateway, deleteInternetGateway, detachInternetGateway } from '../../model/internet-gateway.js';
import type { InternetGateway } from '../../model/resources.js';
import type { WInternetGateway } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function internetGatewayToWire(g: InternetGateway): WInternetGateway {
  return {
    InternetGatewayId: g.id, OwnerId: g.ownerId, Tags: wireTags(g.tags),
    // AWS: an attached gateway reports the attachment state `available`.
    Attachments: g.attachedVpcId !== undefined ? [{ State: 'available', VpcId: g.attachedVpcId }] : [],
  };
}

/** AWS: DescribeInternetGateways filters. */
const IGW_FILTERS: FilterTable<InternetGateway> = {
  'attachment.state': (g) => (g.attachedVpcId !== undefined ? 'available' : undefined),
  'attachment.vpc-id': (g) => g.attachedVpcId,
  'internet-gateway-id': (g) => g.id,
  'owner-id': (g) => g.ownerId,
};

export const internetGatewayHandlers: HandlerTable = {
  CreateInternetGateway(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'internet-gateway');
    const g = ctx.write((p, tx) => createInternetGateway(tx, p, tags));
    return { InternetGateway: internetGatewayToWire(g) };
  },
  AttachInternetGateway(ctx, input) {
    ctx.write((p) => attachInternetGateway(p, input.InternetGatewayId, input.VpcId));
    return {};
  },
  DetachInternetGateway(ctx, input) {
    ctx.write((p) => detachInternetGateway(p, input.InternetGatewayId, input.VpcId));
    return {};
  },
  DeleteInternetGateway(ctx, input) {
    ctx.write((p) => deleteInternetGateway(p, input.InternetGatewayId));
    return {};
  },
  DescribeInternetGateways(ctx, input) {
    const page = describe(ctx.read(), 'internetGateway', { ids: input.InternetGatewayIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, IGW_FILTERS);
    return { InternetGateways: page.items.map(internetGatewayToWire), NextToken: page.nextToken };
  },
};
