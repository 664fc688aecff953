/** @module Elastic IP operations: AllocateAddress, ReleaseAddress, DescribeAddresses. */
import { allocateElasticIp, mustGetByPublicIp, releaseAddress } from '../../model/address.js';
import type { Address } from '../../model/resources.js';
import type { WAddress } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function addressToWire(a: Address, region: string): WAddress {
  return {
    AllocationId: a.id, PublicIp: a.publicIp, Domain: a.domain, PublicIpv4Pool: 'amazon', NetworkBorderGroup: region,
    ...(a.associationId !== undefined ? { AssociationId: a.associationId } : {}),
    ...(a.networkInterfaceId !== undefined ? { NetworkInterfaceId: a.networkInterfaceId, NetworkInterfaceOwnerId: a.ownerId } : {}),
    ...(a.privateIp !== undefined ? { PrivateIpAddress: a.privateIp } : {}),
    ...(a.instanceId !== undefined ? { InstanceId: a.instanceId } : {}),
    Tags: wireTags(a.tags),
  };
}

/** AWS: DescribeAddresses filters. */
function addressFilters(region: string): FilterTable<Address> {
  return {
    'allocation-id': (a) => a.id,
    'association-id': (a) => a.associationId,
    'domain': (a) => a.domain,
    'instance-id': (a) => a.instanceId,
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
    const a = ctx.write((p, tx) => allocateElasticIp(tx, p, { domain: input.Domain, tags }));
    return { AllocationId: a.id, PublicIp: a.publicIp, Domain: a.domain, PublicIpv4Pool: 'amazon', NetworkBorderGroup: ctx.region };
  },
  ReleaseAddress(ctx, input) {
    ctx.write((p) => releaseAddress(p, { allocationId: input.AllocationId, publicIp: input.PublicIp }));
    return {};
  },
  DescribeAddresses(ctx, input) {
    const view = ctx.read();
    const byIp = new Set(input.PublicIps ?? []);
    // AWS: every named public IP must exist (`InvalidAddress.NotFound`), like named allocation IDs.
    for (const ip of byIp) mustGetByPublicIp(view, ip);
    const page = describe(view, 'address', { ids: input.AllocationIds, filters: input.Filters }, addressFilters(ctx.region),
      (a) => byIp.size === 0 || byIp.has(a.publicIp));
    return { Addresses: page.items.map((a) => addressToWire(a, ctx.region)) };
  },
};
