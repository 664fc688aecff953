/** @module Model records to ELBv2 wire shapes, tags both ways, and Marker paging. */
import { elbv2Error, elbv2Errors } from '../../errors/elbv2.js';
import { validateTags, type Tag, type Tags } from '../../model/tags.js';
import type { Listener, LoadBalancer, TargetGroup } from '../../model/resources.js';
import type { WListener, WLoadBalancer, WTag, WTargetGroup } from '../../specs/elbv2-types.js';

/** AWS: the hosted zone of Network Load Balancers in us-east-1 (other Regions get a stable stand-in). */
const NLB_ZONE: Readonly<Record<string, string>> = { 'us-east-1': 'Z26RNL4JYFTOTI', 'us-west-2': 'Z18D5FSROUN65G', 'eu-west-1': 'Z2IFOLAFXWLO4F' };
const ALB_ZONE: Readonly<Record<string, string>> = { 'us-east-1': 'Z35SXDOTRQ7X7K', 'us-west-2': 'Z1H1FL5HABSF5', 'eu-west-1': 'Z32O12XQLNTSW2' };

export function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

export function wireLoadBalancer(lb: LoadBalancer): WLoadBalancer {
  const region = regionOfArn(lb.id);
  return {
    LoadBalancerArn: lb.id, DNSName: lb.dnsName,
    CanonicalHostedZoneId: (lb.type === 'network' ? NLB_ZONE : ALB_ZONE)[region] ?? 'Z1VPCEEMULATOR',
    CreatedTime: new Date(lb.createdAt).toISOString(), LoadBalancerName: lb.name, Scheme: lb.scheme, VpcId: lb.vpcId,
    State: { Code: lb.state }, Type: lb.type,
    AvailabilityZones: lb.zones.map((z) => ({
      ZoneName: z.zoneName, SubnetId: z.subnetId,
      LoadBalancerAddresses: lb.type === 'network' ? [{ PrivateIPv4Address: z.privateIp }] : [],
    })),
    SecurityGroups: [...lb.securityGroupIds], IpAddressType: lb.ipAddressType,
  };
}

export function wireTargetGroup(tg: TargetGroup, loadBalancerArns: readonly string[]): WTargetGroup {
  const http = tg.protocol === 'HTTP' || tg.protocol === 'HTTPS';
  return {
    TargetGroupArn: tg.id, TargetGroupName: tg.name, Protocol: tg.protocol, Port: tg.port, VpcId: tg.vpcId,
    HealthCheckProtocol: http ? tg.protocol : 'TCP', HealthCheckPort: 'traffic-port', HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: http ? 5 : 10, HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2, ...(http ? { HealthCheckPath: '/', Matcher: { HttpCode: '200' } } : {}),
    LoadBalancerArns: [...loadBalancerArns], TargetType: tg.targetType, IpAddressType: 'ipv4',
  };
}

export function wireListener(l: Listener): WListener {
  return {
    ListenerArn: l.id, LoadBalancerArn: l.loadBalancerArn, Port: l.port, Protocol: l.protocol,
    DefaultActions: l.targetGroupArns.length === 1
      ? [{ Type: 'forward', TargetGroupArn: l.targetGroupArns[0]!, ForwardConfig: { TargetGroups: [{ TargetGroupArn: l.targetGroupArns[0]!, Weight: 1 }] } }]
      : [{ Type: 'forward', ForwardConfig: { TargetGroups: l.targetGroupArns.map((a) => ({ TargetGroupArn: a, Weight: 1 })) } }],
  };
}

export function tagsIn(tags: readonly WTag[] | undefined): Tags {
  const out: Tag[] = (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  const keys = new Set<string>();
  for (const t of out) {
    // AWS: DuplicateTagKeys "A tag key was specified more than once."
    if (keys.has(t.key)) throw elbv2Error('DuplicateTagKeys', `Tag key '${t.key}' was specified more than once`);
    keys.add(t.key);
  }
  validateTags(out);
  return out;
}

/** One page by `Marker` (an offset) and `PageSize`. */
export function pageOf<T>(items: readonly T[], marker: string | undefined, pageSize: number | undefined): { items: T[]; next: string | undefined } {
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0) throw elbv2Errors.validation(`Invalid marker '${marker ?? ''}'`);
  const size = pageSize ?? 400;
  const page = items.slice(start, start + size);
  return { items: page, next: start + size < items.length ? String(start + size) : undefined };
}
