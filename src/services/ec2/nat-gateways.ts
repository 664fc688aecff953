/** @module NAT gateway operations: CreateNatGateway, DescribeNatGateways, DeleteNatGateway. */
import { idempotent } from '../../model/client-token.js';
import { createNatGateway, deleteNatGateway, natGatewayVisible } from '../../model/nat-gateway.js';
import type { NatGateway } from '../../model/resources.js';
import { isoTime } from '../../shared/clock.js';
import type { WCreateNatGatewayRequest, WNatGateway } from '../../specs/ec2-types.js';
import { ec2Errors } from '../../errors/ec2.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function natGatewayToWire(n: NatGateway): WNatGateway {
  const hasAddress = n.networkInterfaceId !== undefined || n.allocationId !== undefined;
  return {
    NatGatewayId: n.id, VpcId: n.vpcId, SubnetId: n.subnetId, State: n.state, ConnectivityType: n.connectivityType,
    CreateTime: isoTime(n.createdAt),
    ...(n.deletedAt !== undefined ? { DeleteTime: isoTime(n.deletedAt) } : {}),
    ...(n.failureCode !== undefined ? { FailureCode: n.failureCode } : {}),
    ...(n.failureMessage !== undefined ? { FailureMessage: n.failureMessage } : {}),
    NatGatewayAddresses: hasAddress ? [{
      ...(n.allocationId !== undefined ? { AllocationId: n.allocationId } : {}),
      ...(n.networkInterfaceId !== undefined ? { NetworkInterfaceId: n.networkInterfaceId } : {}),
      ...(n.privateIp !== undefined ? { PrivateIp: n.privateIp } : {}),
      ...(n.publicIp !== undefined ? { PublicIp: n.publicIp } : {}),
      ...(n.associationId !== undefined ? { AssociationId: n.associationId } : {}),
      IsPrimary: true,
      Status: n.state === 'available' ? 'succeeded' : n.state === 'failed' ? 'failed' : 'disassociated',
    }] : [],
    Tags: wireTags(n.tags),
  };
}

/** AWS: DescribeNatGateways filters. */
const NAT_FILTERS: FilterTable<NatGateway> = {
  'nat-gateway-id': (n) => n.id,
  'state': (n) => n.state,
  'subnet-id': (n) => n.subnetId,
  'vpc-id': (n) => n.vpcId,
};

/**
 * CreateNatGateway members vpce does not model: regional NAT gateways (`AvailabilityMode` regional, with `VpcId`
 * and `AvailabilityZoneAddresses`) and secondary addresses. Refused, never accepted and dropped.
 */
function refuseUnmodelledNatOptions(input: WCreateNatGatewayRequest): void {
  if (input.AvailabilityMode !== undefined && input.AvailabilityMode !== 'zonal') {
    throw ec2Errors.custom('UnsupportedOperation', `The availability mode '${input.AvailabilityMode}' is not supported: vpce makes zonal NAT gateways (give a SubnetId).`);
  }
  if (input.VpcId !== undefined || (input.AvailabilityZoneAddresses?.length ?? 0) > 0) {
    throw ec2Errors.invalidParameterCombination('VpcId and AvailabilityZoneAddresses can be specified only for a regional NAT gateway (AvailabilityMode regional).');
  }
  if ((input.SecondaryAllocationIds?.length ?? 0) > 0 || (input.SecondaryPrivateIpAddresses?.length ?? 0) > 0 || input.SecondaryPrivateIpAddressCount !== undefined) {
    throw ec2Errors.custom('UnsupportedOperation', 'Secondary IP addresses on NAT gateways are not supported by vpce: create the NAT gateway with its primary address only.');
  }
}

export const natGatewayHandlers: HandlerTable = {
  CreateNatGateway(ctx, input) {
    refuseUnmodelledNatOptions(input);
    const tags = tagsFromSpecs(input.TagSpecifications, 'natgateway');
    const nat = ctx.write((p, tx) => idempotent(p, { operation: 'CreateNatGateway', token: input.ClientToken, input },
      (id) => p.get('natGateway', id),
      () => {
        const made = createNatGateway(tx, p, {
          subnetId: input.SubnetId, allocationId: input.AllocationId, connectivityType: input.ConnectivityType,
          privateIpAddress: input.PrivateIpAddress, tags,
        });
        return { resultId: made.id, result: made };
      }).result);
    return { NatGateway: natGatewayToWire(nat), ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  },
  DescribeNatGateways(ctx, input) {
    const now = ctx.world.clock.now();
    const page = describe(ctx.read(), 'natGateway', { ids: input.NatGatewayIds, filters: input.Filter, maxResults: input.MaxResults, nextToken: input.NextToken },
      NAT_FILTERS, (n) => natGatewayVisible(n, now));
    return { NatGateways: page.items.map(natGatewayToWire), NextToken: page.nextToken };
  },
  DeleteNatGateway(ctx, input) {
    const nat = ctx.write((p, tx) => deleteNatGateway(tx, p, input.NatGatewayId));
    return { NatGatewayId: nat.id };
  },
};
