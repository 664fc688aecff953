/** @module ELBv2 catalogue calls: DescribeSSLPolicies (the predefined security policies) and DescribeAccountLimits. */
import { elbv2Error, elbv2Errors } from '../../errors/elbv2.js';
import { SSL_POLICIES } from '../../model/elbv2-ssl-policies.js';
import type { Elbv2HandlerTable } from './context.js';
import { pageOf } from './wire.js';

/** AWS: the default Elastic Load Balancing quotas, named as DescribeAccountLimits names them. */
const ACCOUNT_LIMITS: readonly (readonly [string, number])[] = [
  ['application-load-balancers', 50],
  ['condition-values-per-alb-rule', 5],
  ['condition-wildcards-per-alb-rule', 5],
  ['gateway-load-balancers', 100],
  ['gateway-load-balancers-per-vpc', 100],
  ['geneve-target-groups', 100],
  ['listeners-per-application-load-balancer', 50],
  ['listeners-per-network-load-balancer', 50],
  ['network-load-balancer-enis-per-vpc', 1200],
  ['network-load-balancers', 50],
  ['rules-per-application-load-balancer', 100],
  ['target-groups', 3000],
  ['target-groups-per-action-on-application-load-balancer', 5],
  ['target-groups-per-action-on-network-load-balancer', 1],
  ['target-groups-per-application-load-balancer', 100],
  ['targets-per-application-load-balancer', 1000],
  ['targets-per-availability-zone-per-gateway-load-balancer', 300],
  ['targets-per-availability-zone-per-network-load-balancer', 500],
  ['targets-per-network-load-balancer', 3000],
  ['targets-per-target-group', 1000],
  ['certificates-per-application-load-balancer', 25],
  ['certificates-per-network-load-balancer', 25],
  ['trust-stores-per-account', 20],
];

function checkPageSize(size: number | undefined): void {
  if (size !== undefined && (size < 1 || size > 400)) {
    throw elbv2Errors.validation(`1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`);
  }
}

export const catalogHandlers: Elbv2HandlerTable = {
  DescribeSSLPolicies: (_ctx, input) => {
    checkPageSize(input.PageSize);
    const type = input.LoadBalancerType;
    if (type !== undefined && !['application', 'network', 'gateway'].includes(type)) {
      throw elbv2Errors.validation(`1 validation error detected: Value '${type}' at 'loadBalancerType' failed to satisfy constraint: Member must satisfy enum value set: [application, network, gateway]`);
    }
    let items = SSL_POLICIES.filter((p) => type === undefined || (p.loadBalancerTypes as readonly string[]).includes(type));
    if (input.Names?.length) {
      // AWS: SSLPolicyNotFound "The specified SSL policy does not exist."
      const missing = input.Names.filter((n) => !SSL_POLICIES.some((p) => p.name === n));
      if (missing.length > 0) throw elbv2Error('SSLPolicyNotFound', `SSL policies '[${missing.join(', ')}]' not found`);
      items = items.filter((p) => input.Names!.includes(p.name));
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return {
      SslPolicies: page.items.map((p) => ({
        Name: p.name, SslProtocols: [...p.protocols], Ciphers: p.ciphers.map((c, i) => ({ Name: c, Priority: i + 1 })),
        SupportedLoadBalancerTypes: [...p.loadBalancerTypes],
      })),
      ...(page.next !== undefined ? { NextMarker: page.next } : {}),
    };
  },
  DescribeAccountLimits: (_ctx, input) => {
    checkPageSize(input.PageSize);
    const page = pageOf(ACCOUNT_LIMITS, input.Marker, input.PageSize);
    return {
      Limits: page.items.map(([name, max]) => ({ Name: name, Max: String(max) })),
      ...(page.next !== undefined ? { NextMarker: page.next } : {}),
    };
  },
};
