/** @module Egress-only internet gateway operations: Create, Delete, DescribeEgressOnlyInternetGateways. */
import { createEgressOnlyInternetGateway, deleteEgressOnlyInternetGateway } from '../../model/egress-only-internet-gateway.js';
import type { EgressOnlyInternetGateway } from '../../model/resources.js';
import type { WEgressOnlyInternetGateway } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

/** AWS: an egress-only gateway is attached to its VPC from creation (attachment state `attached`). */
export function egressOnlyToWire(g: EgressOnlyInternetGateway): WEgressOnlyInternetGateway {
  return { EgressOnlyInternetGatewayId: g.id, Attachments: [{ State: 'attached', VpcId: g.vpcId }], Tags: wireTags(g.tags) };
}

/** AWS: DescribeEgressOnlyInternetGateways filters (`tag:<key>` and `tag-key` come from the shared table). */
const EIGW_FILTERS: FilterTable<EgressOnlyInternetGateway> = {
  'attachment.state': () => 'attached',
  'attachment.vpc-id': (g) => g.vpcId,
  'egress-only-internet-gateway-id': (g) => g.id,
};

export const egressOnlyInternetGatewayHandlers: HandlerTable = {
  CreateEgressOnlyInternetGateway(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'egress-only-internet-gateway');
    const g = ctx.write((p, tx) => createEgressOnlyInternetGateway(tx, p, { vpcId: input.VpcId, tags, clientToken: input.ClientToken, input }));
    return { EgressOnlyInternetGateway: egressOnlyToWire(g), ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  },
  DeleteEgressOnlyInternetGateway(ctx, input) {
    ctx.write((p) => deleteEgressOnlyInternetGateway(p, input.EgressOnlyInternetGatewayId));
    return { ReturnCode: true };
  },
  DescribeEgressOnlyInternetGateways(ctx, input) {
    const page = describe(ctx.read(), 'egressOnlyInternetGateway', { ids: input.EgressOnlyInternetGatewayIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, EIGW_FILTERS);
    return { EgressOnlyInternetGateways: page.items.map(egressOnlyToWire), NextToken: page.nextToken };
  },
};
