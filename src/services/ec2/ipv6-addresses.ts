/** @module IPv6 addresses of network interfaces: AssignIpv6Addresses, UnassignIpv6Addresses, and the IPv6 members of the calls that make interfaces. */
import { assignIpv6Addresses, unassignIpv6Addresses } from '../../model/ipv6-addresses.js';
import type { CreateInterfaceArgs } from '../../model/network-interface.js';
import type { PrimaryInterfaceSpec, RunInstancesArgs } from '../../model/instance.js';
import type { NetworkInterface } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WInstanceIpv6Address, WInstanceNetworkInterfaceSpecification, WIpv6PrefixSpecificationRequest, WNetworkInterfaceIpv6Address, WRunInstancesRequest } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';

/** The IPv6 members of CreateNetworkInterface (or a RunInstances interface), in model form. */
export function userInterfaceIpv6(input: {
  readonly Ipv6Addresses?: readonly WInstanceIpv6Address[] | undefined;
  readonly Ipv6AddressCount?: number | undefined;
  readonly Ipv6Prefixes?: readonly WIpv6PrefixSpecificationRequest[] | undefined;
  readonly Ipv6PrefixCount?: number | undefined;
  readonly EnablePrimaryIpv6?: boolean | undefined;
}): Pick<CreateInterfaceArgs, 'ipv6' | 'autoIpv6' | 'ipv6Prefixes' | 'ipv6PrefixCount' | 'enablePrimaryIpv6'> {
  return {
    ipv6: { addresses: input.Ipv6Addresses?.map((a) => a.Ipv6Address ?? ''), count: input.Ipv6AddressCount },
    autoIpv6: true,
    ipv6Prefixes: input.Ipv6Prefixes?.map((p) => p.Ipv6Prefix ?? ''),
    ipv6PrefixCount: input.Ipv6PrefixCount,
    enablePrimaryIpv6: input.EnablePrimaryIpv6,
  };
}

/** An interface's IPv6 addresses as DescribeNetworkInterfaces lists them. */
export function ipv6AddressesToWire(eni: NetworkInterface): WNetworkInterfaceIpv6Address[] {
  return eni.ipv6Addresses.map((a, i) => ({ Ipv6Address: a, IsPrimaryIpv6: eni.primaryIpv6 === true && i === 0 }));
}

/** DescribeInstances `Ipv6Address`: the first IPv6 address of the primary interface. */
export function instanceIpv6Address(view: ReadView, primaryEniId: string | undefined): { Ipv6Address?: string } {
  const first = primaryEniId !== undefined ? view.get('networkInterface', primaryEniId)?.ipv6Addresses[0] : undefined;
  return first !== undefined ? { Ipv6Address: first } : {};
}

/** The IPv6 members of RunInstances' `NetworkInterfaces[0]`. */
export function launchInterfaceIpv6(nic: WInstanceNetworkInterfaceSpecification): Pick<PrimaryInterfaceSpec, 'ipv6' | 'primaryIpv6' | 'ipv6Prefixes' | 'ipv6PrefixCount'> {
  return {
    ipv6: { addresses: nic.Ipv6Addresses?.map((a) => a.Ipv6Address ?? ''), count: nic.Ipv6AddressCount },
    primaryIpv6: nic.PrimaryIpv6, ipv6Prefixes: nic.Ipv6Prefixes?.map((p) => p.Ipv6Prefix ?? ''), ipv6PrefixCount: nic.Ipv6PrefixCount,
  };
}

/** The instance-level IPv6 members of RunInstances. */
export function launchIpv6(input: WRunInstancesRequest): Pick<RunInstancesArgs, 'ipv6' | 'enablePrimaryIpv6'> {
  return { ipv6: { addresses: input.Ipv6Addresses?.map((a) => a.Ipv6Address ?? ''), count: input.Ipv6AddressCount }, enablePrimaryIpv6: input.EnablePrimaryIpv6 };
}

export const ipv6AddressHandlers: HandlerTable = {
  AssignIpv6Addresses(ctx, input) {
    const r = ctx.write((p, tx) => assignIpv6Addresses(p, tx.ids, input.NetworkInterfaceId, {
      addresses: input.Ipv6Addresses, count: input.Ipv6AddressCount, prefixes: input.Ipv6Prefixes, prefixCount: input.Ipv6PrefixCount,
    }));
    return { NetworkInterfaceId: r.eni.id, AssignedIpv6Addresses: r.assigned, AssignedIpv6Prefixes: [] };
  },
  UnassignIpv6Addresses(ctx, input) {
    const r = ctx.write((p) => unassignIpv6Addresses(p, input.NetworkInterfaceId, { addresses: input.Ipv6Addresses, prefixes: input.Ipv6Prefixes }));
    return { NetworkInterfaceId: r.eni.id, UnassignedIpv6Addresses: r.unassigned, UnassignedIpv6Prefixes: [] };
  },
};
