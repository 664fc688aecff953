/** @module ELBv2 load balancer and listener handlers. */
import { elbv2Error, elbv2Errors } from '../../errors/elbv2.js';
import { listenerAttributes, loadBalancerAttributes, type Attribute } from '../../model/elbv2-attributes.js';
import { createListener, deleteListener, modifyListener, mustGetListener, setListenerAttributes } from '../../model/listener.js';
import {
  createLoadBalancer, deleteLoadBalancer, LB_TYPES, listenersOf, mustGetLoadBalancer, setIpAddressType, setLoadBalancerAttributes,
  setSecurityGroups, setSubnets, type LoadBalancerType, type SubnetChoice,
} from '../../model/load-balancer.js';
import type { Listener, LoadBalancer } from '../../model/resources.js';
import type { WMutualAuthenticationAttributes, WSubnetMapping } from '../../specs/elbv2-types.js';
import type { Elbv2HandlerTable } from './context.js';
import { forwardIn, pageOf, tagsIn, wireListener, wireLoadBalancer } from './wire.js';

/** Subnets or subnet mappings of a request (AWS: "You can specify subnets or subnet mappings, but not both"). */
function subnetsIn(subnets: readonly string[] | undefined, mappings: readonly WSubnetMapping[] | undefined, scheme: string | undefined): SubnetChoice[] {
  if (subnets && mappings) throw elbv2Errors.validation('You can specify subnets or subnet mappings, but not both');
  if (!mappings) return (subnets ?? []).map((s) => ({ subnetId: s }));
  return mappings.map((m) => {
    if (m.SubnetId === undefined) throw elbv2Errors.missingParameter('SubnetMappings.member.SubnetId');
    // AWS: Elastic IP addresses are for internet-facing Network Load Balancers only.
    if (m.AllocationId !== undefined && scheme === 'internal') {
      throw elbv2Error('InvalidConfigurationRequest', 'You cannot specify an Elastic IP address allocation for an internal load balancer');
    }
    if (m.AllocationId !== undefined || m.IPv6Address !== undefined || m.SourceNatIpv6Prefix !== undefined) {
      const which = m.AllocationId !== undefined ? 'AllocationId' : m.IPv6Address !== undefined ? 'IPv6Address' : 'SourceNatIpv6Prefix';
      throw elbv2Error('InvalidConfigurationRequest', `vpce does not emulate subnet mapping ${which}; give SubnetId and PrivateIPv4Address only`);
    }
    return { subnetId: m.SubnetId, privateIp: m.PrivateIPv4Address };
  });
}

function schemeIn(scheme: string | undefined): LoadBalancer['scheme'] {
  if (scheme === undefined || scheme === 'internet-facing') return 'internet-facing';
  if (scheme === 'internal') return 'internal';
  throw elbv2Errors.validation(`1 validation error detected: Value '${scheme}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]`);
}

function ipAddressTypeIn(t: string | undefined): LoadBalancer['ipAddressType'] {
  if (t === undefined) return 'ipv4';
  if (t === 'ipv4' || t === 'dualstack' || t === 'dualstack-without-public-ipv4') return t;
  throw elbv2Errors.validation(`1 validation error detected: Value '${t}' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack, dualstack-without-public-ipv4]`);
}

function onOffIn(member: string, v: string | undefined): 'on' | 'off' | undefined {
  if (v === undefined || v === 'on' || v === 'off') return v;
  throw elbv2Errors.validation(`1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [on, off]`);
}

function attributesIn(attrs: readonly { Key?: string | undefined; Value?: string | undefined }[]): Attribute[] {
  return attrs.map((a) => {
    if (a.Key === undefined) throw elbv2Errors.missingParameter('Attributes.member.Key');
    return { key: a.Key, value: a.Value ?? '' };
  });
}

function wireAttributes(attrs: readonly Attribute[]): { Key: string; Value: string }[] {
  return attrs.map((a) => ({ Key: a.key, Value: a.value }));
}

export const loadBalancerHandlers: Elbv2HandlerTable = {
  CreateLoadBalancer: (ctx, input) => {
    const type = (input.Type ?? 'application') as LoadBalancerType;
    if (!LB_TYPES.includes(type)) throw elbv2Errors.validation(`1 validation error detected: Value '${input.Type ?? ''}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [application, network, gateway]`);
    // AWS: "[Application Load Balancers on Outposts] The ID of the customer-owned address pool."
    if (input.CustomerOwnedIpv4Pool !== undefined) throw elbv2Error('InvalidConfigurationRequest', 'A customer-owned IPv4 pool is supported only for Application Load Balancers on Outposts');
    // AWS: IPAM pools must exist in the account's IPAM; vpce models no IPAM.
    if (input.IpamPools?.Ipv4IpamPoolId !== undefined) throw elbv2Error('InvalidConfigurationRequest', `IPAM pool '${input.IpamPools.Ipv4IpamPoolId}' not found`);
    const scheme = schemeIn(input.Scheme);
    const subnets = subnetsIn(input.Subnets, input.SubnetMappings, scheme);
    const tags = tagsIn(input.Tags);
    const lb = ctx.write((p, tx) => createLoadBalancer(tx, p, {
      name: input.Name, type, scheme, subnets, securityGroupIds: input.SecurityGroups ?? [], ipAddressType: ipAddressTypeIn(input.IpAddressType),
      enablePrefixForIpv6SourceNat: onOffIn('enablePrefixForIpv6SourceNat', input.EnablePrefixForIpv6SourceNat), tags,
    }));
    return { LoadBalancers: [wireLoadBalancer(lb)] };
  },
  DescribeLoadBalancers: (ctx, input) => {
    const view = ctx.read();
    if (input.LoadBalancerArns?.length && input.Names?.length) {
      throw elbv2Errors.validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
    }
    let items: LoadBalancer[];
    if (input.LoadBalancerArns?.length) {
      items = input.LoadBalancerArns.map((arn) => mustGetLoadBalancer(view, arn));
    } else if (input.Names?.length) {
      const all = [...view.list('loadBalancer')];
      const missing = input.Names.filter((n) => !all.some((lb) => lb.name === n));
      if (missing.length > 0) throw elbv2Errors.loadBalancerNotFound(missing);
      items = all.filter((lb) => input.Names!.includes(lb.name));
    } else {
      items = [...view.list('loadBalancer')];
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return { LoadBalancers: page.items.map(wireLoadBalancer), ...(page.next !== undefined ? { NextMarker: page.next } : {}) };
  },
  DeleteLoadBalancer: (ctx, input) => {
    ctx.write((p) => deleteLoadBalancer(p, input.LoadBalancerArn));
    return {};
  },
  CreateListener: (ctx, input) => {
    const lb = mustGetLoadBalancer(ctx.read(), input.LoadBalancerArn);
    checkMutualAuthentication(input.MutualAuthentication);
    const forward = forwardIn(input.DefaultActions, lb.type === 'network');
    const tags = tagsIn(input.Tags);
    const l = ctx.write((p, tx) => createListener(tx, p, {
      loadBalancerArn: input.LoadBalancerArn, protocol: input.Protocol, port: input.Port, forward, tags,
      sslPolicy: input.SslPolicy, certificateArns: certificatesIn(input.Certificates), alpnPolicy: input.AlpnPolicy,
    }));
    return { Listeners: [wireListener(l)] };
  },
  ModifyListener: (ctx, input) => {
    const view = ctx.read();
    const lb = mustGetLoadBalancer(view, mustGetListener(view, input.ListenerArn).loadBalancerArn);
    checkMutualAuthentication(input.MutualAuthentication);
    // AWS: an empty DefaultActions list answers ValidationError "An action must be specified".
    const forward = input.DefaultActions !== undefined ? forwardIn(input.DefaultActions, lb.type === 'network') : undefined;
    const l = ctx.write((p) => modifyListener(p, input.ListenerArn, {
      protocol: input.Protocol, port: input.Port, forward, sslPolicy: input.SslPolicy,
      certificateArns: certificatesIn(input.Certificates), alpnPolicy: input.AlpnPolicy,
    }));
    return { Listeners: [wireListener(l)] };
  },
  DescribeListenerAttributes: (ctx, input) => ({ Attributes: wireAttributes(listenerAttributes(mustGetListener(ctx.read(), input.ListenerArn))) }),
  ModifyListenerAttributes: (ctx, input) => {
    const changes = attributesIn(input.Attributes);
    const l = ctx.write((p) => setListenerAttributes(p, input.ListenerArn, changes));
    return { Attributes: wireAttributes(listenerAttributes(l)) };
  },
  DescribeLoadBalancerAttributes: (ctx, input) => ({ Attributes: wireAttributes(loadBalancerAttributes(mustGetLoadBalancer(ctx.read(), input.LoadBalancerArn))) }),
  ModifyLoadBalancerAttributes: (ctx, input) => {
    const changes = attributesIn(input.Attributes);
    const lb = ctx.write((p) => setLoadBalancerAttributes(p, input.LoadBalancerArn, changes));
    return { Attributes: wireAttributes(loadBalancerAttributes(lb)) };
  },
  SetSecurityGroups: (ctx, input) => {
    const lb = ctx.write((p) => setSecurityGroups(p, input.LoadBalancerArn, input.SecurityGroups, input.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic));
    const wire = wireLoadBalancer(lb);
    return {
      SecurityGroupIds: [...lb.securityGroupIds],
      ...(wire.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic !== undefined ? { EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: wire.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic } : {}),
    };
  },
  SetSubnets: (ctx, input) => {
    const current = mustGetLoadBalancer(ctx.read(), input.LoadBalancerArn);
    if (input.EnablePrefixForIpv6SourceNat !== undefined && onOffIn('enablePrefixForIpv6SourceNat', input.EnablePrefixForIpv6SourceNat) !== (current.enablePrefixForIpv6SourceNat ?? 'off')) {
      // AWS: the source NAT prefix setting is chosen when the load balancer is created.
      throw elbv2Error('InvalidConfigurationRequest', 'EnablePrefixForIpv6SourceNat cannot be changed after the load balancer is created');
    }
    const subnets = subnetsIn(input.Subnets, input.SubnetMappings, current.scheme);
    const lb = ctx.write((p, tx) => setSubnets(tx, p, input.LoadBalancerArn, subnets, input.IpAddressType));
    const wire = wireLoadBalancer(lb);
    return {
      AvailabilityZones: wire.AvailabilityZones ?? [], IpAddressType: lb.ipAddressType,
      ...(lb.enablePrefixForIpv6SourceNat !== undefined ? { EnablePrefixForIpv6SourceNat: lb.enablePrefixForIpv6SourceNat } : {}),
    };
  },
  SetIpAddressType: (ctx, input) => {
    const lb = ctx.write((p) => setIpAddressType(p, input.LoadBalancerArn, input.IpAddressType));
    return { IpAddressType: lb.ipAddressType };
  },
  DescribeCapacityReservation: (ctx, input) => {
    mustGetLoadBalancer(ctx.read(), input.LoadBalancerArn);
    // AWS: a load balancer without a capacity reservation reports no minimum capacity and no zonal states.
    return { CapacityReservationState: [] };
  },
  ModifyCapacityReservation: (ctx, input) => {
    mustGetLoadBalancer(ctx.read(), input.LoadBalancerArn);
    if (input.MinimumLoadBalancerCapacity !== undefined && input.ResetCapacityReservation !== undefined) {
      throw elbv2Errors.validation('You cannot specify both MinimumLoadBalancerCapacity and ResetCapacityReservation');
    }
    if (input.MinimumLoadBalancerCapacity === undefined && input.ResetCapacityReservation !== true) {
      throw elbv2Errors.validation('You must specify either MinimumLoadBalancerCapacity or ResetCapacityReservation');
    }
    if (input.MinimumLoadBalancerCapacity !== undefined) {
      throw elbv2Error('OperationNotPermitted', 'vpce does not emulate load balancer capacity reservations');
    }
    // Resetting a load balancer that has no reservation leaves it without one.
    return { CapacityReservationState: [] };
  },
  DescribeListeners: (ctx, input) => {
    const view = ctx.read();
    let items: Listener[];
    if (input.ListenerArns?.length) {
      const missing = input.ListenerArns.filter((a) => !view.get('listener', a));
      if (missing.length > 0) throw elbv2Errors.listenerNotFound(missing);
      items = input.ListenerArns.map((a) => view.get('listener', a)!);
    } else if (input.LoadBalancerArn !== undefined) {
      items = listenersOf(view, mustGetLoadBalancer(view, input.LoadBalancerArn).id);
    } else {
      // AWS: "You must specify either a load balancer or one or more listeners."
      throw elbv2Errors.validation('You must specify either listener ARNs or a load balancer ARN');
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return { Listeners: page.items.map(wireListener), ...(page.next !== undefined ? { NextMarker: page.next } : {}) };
  },
  DeleteListener: (ctx, input) => {
    ctx.write((p) => deleteListener(p, input.ListenerArn));
    return {};
  },
};

/** AWS: mutual TLS is a feature of HTTPS listeners on Application Load Balancers; only `Mode: off` alone is served. */
function checkMutualAuthentication(m: WMutualAuthenticationAttributes | undefined): void {
  if (m === undefined) return;
  const extra = m.TrustStoreArn ?? m.IgnoreClientCertificateExpiry ?? m.TrustStoreAssociationStatus ?? m.AdvertiseTrustStoreCaNames;
  if (m.Mode !== 'off' || extra !== undefined) {
    throw elbv2Error('InvalidConfigurationRequest', 'Mutual authentication is supported only for HTTPS listeners of Application Load Balancers; vpce emulates it for none');
  }
}

function certificatesIn(certs: readonly { CertificateArn?: string | undefined }[] | undefined): string[] | undefined {
  return certs?.map((c) => {
    if (c.CertificateArn === undefined) throw elbv2Errors.missingParameter('Certificates.member.CertificateArn');
    return c.CertificateArn;
  });
}
