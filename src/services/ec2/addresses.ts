/**
 * @module Elastic IP operations: AllocateAddress, AssociateAddress, DisassociateAddress, ReleaseAddress,
 * DescribeAddresses, DescribeAddressesAttribute.
 */
import { ec2Errors } from '../../errors/ec2.js';
import { AMAZON_POOL, allocateElasticIp, associateAddress, disassociateByAssociation, mustGetByPublicIp, releaseAddress } from '../../model/address.js';
import type { Address } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WAddress } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

/** The instance an address reaches: the one its interface is attached to now. */
function instanceOf(view: ReadView, a: Address): string | undefined {
  if (a.networkInterfaceId === undefined) return undefined;
  return view.get('networkInterface', a.networkInterfaceId)?.attachment?.instanceId;
}

export function addressToWire(view: ReadView, a: Address, region: string): WAddress {
  const instanceId = instanceOf(view, a);
  return {
    AllocationId: a.id, PublicIp: a.publicIp, Domain: a.domain, PublicIpv4Pool: AMAZON_POOL, NetworkBorderGroup: region,
    ...(a.associationId !== undefined ? { AssociationId: a.associationId } : {}),
    ...(a.networkInterfaceId !== undefined ? { NetworkInterfaceId: a.networkInterfaceId, NetworkInterfaceOwnerId: a.ownerId } : {}),
    ...(a.privateIp !== undefined ? { PrivateIpAddress: a.privateIp } : {}),
    ...(instanceId !== undefined ? { InstanceId: instanceId } : {}),
    Tags: wireTags(a.tags),
  };
}

/** AWS: DescribeAddresses filters. */
function addressFilters(view: ReadView, region: string): FilterTable<Address> {
  return {
    'allocation-id': (a) => a.id,
    'association-id': (a) => a.associationId,
    'domain': (a) => a.domain,
    'instance-id': (a) => instanceOf(view, a),
    'network-border-group': () => region,
    'network-interface-id': (a) => a.networkInterfaceId,
    'network-interface-owner-id': (a) => (a.networkInterfaceId !== undefined ? a.ownerId : undefined),
    'private-ip-address': (a) => a.privateIp,
    'public-ip': (a) => a.publicIp,
  };
}

export const addressHandlers: HandlerTable = {
  AllocateAddress(ctx, input) {
    const tags = tagsFromSpecs(input.TagSpecifications, 'elastic-ip');
    const a = ctx.write((p, tx) => allocateElasticIp(tx, p, {
      domain: input.Domain, address: input.Address, publicIpv4Pool: input.PublicIpv4Pool, networkBorderGroup: input.NetworkBorderGroup,
      customerOwnedIpv4Pool: input.CustomerOwnedIpv4Pool, ipamPoolId: input.IpamPoolId, tags,
    }));
    return { AllocationId: a.id, PublicIp: a.publicIp, Domain: a.domain, PublicIpv4Pool: AMAZON_POOL, NetworkBorderGroup: ctx.region };
  },
  AssociateAddress(ctx, input) {
    const a = ctx.write((p, tx) => associateAddress(tx, p, {
      allocationId: input.AllocationId, publicIp: input.PublicIp, instanceId: input.InstanceId,
      networkInterfaceId: input.NetworkInterfaceId, privateIp: input.PrivateIpAddress, allowReassociation: input.AllowReassociation,
    }));
    return { AssociationId: a.associationId! };
  },
  DisassociateAddress(ctx, input) {
    ctx.write((p, tx) => disassociateByAssociation(tx, p, { associationId: input.AssociationId, publicIp: input.PublicIp }));
    return {};
  },
  ReleaseAddress(ctx, input) {
    ctx.write((p) => releaseAddress(p, { allocationId: input.AllocationId, publicIp: input.PublicIp, networkBorderGroup: input.NetworkBorderGroup }));
    return {};
  },
  DescribeAddresses(ctx, input) {
    const view = ctx.read();
    const byIp = new Set(input.PublicIps ?? []);
    // AWS: every named public IP must exist (`InvalidAddress.NotFound`), like named allocation IDs.
    for (const ip of byIp) mustGetByPublicIp(view, ip);
    const page = describe(view, 'address', { ids: input.AllocationIds, filters: input.Filters }, addressFilters(view, ctx.region),
      (a) => byIp.size === 0 || byIp.has(a.publicIp));
    return { Addresses: page.items.map((a) => addressToWire(view, a, ctx.region)) };
  },
  /**
   * AWS: the only attribute is `domain-name`, the reverse DNS (PTR) record of the address; vpce sets none, so
   * each address is answered without `PtrRecord`.
   */
  DescribeAddressesAttribute(ctx, input) {
    if (input.Attribute === undefined) throw ec2Errors.missingParameter('Attribute');
    if (input.MaxResults !== undefined && (!Number.isInteger(input.MaxResults) || input.MaxResults < 1 || input.MaxResults > 1000)) {
      throw ec2Errors.invalidParameterValue(`Value (${input.MaxResults}) for parameter maxResults is invalid. Expecting a value between 1 and 1000.`);
    }
    const view = ctx.read();
    const page = describe(view, 'address', { ids: input.AllocationIds, maxResults: input.MaxResults, nextToken: input.NextToken }, {});
    return { Addresses: page.items.map((a) => ({ PublicIp: a.publicIp, AllocationId: a.id })), NextToken: page.nextToken };
  },
};
