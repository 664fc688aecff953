/** @module Model records to ELBv2 wire shapes, tags both ways, listener forward actions in, and Marker paging. */
import { elbv2Error, elbv2Errors } from '../../errors/elbv2.js';
import { MAX_TAGS, type Tag, type Tags } from '../../model/tags.js';
import { healthCheckOf } from '../../model/target-group.js';
import type { Listener, ListenerForward, LoadBalancer, TargetGroup } from '../../model/resources.js';
import type { WAction, WListener, WLoadBalancer, WTag, WTargetGroup } from '../../specs/elbv2-types.js';

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
    // AWS: a Network Load Balancer with security groups evaluates them on PrivateLink traffic unless set 'off'.
    ...(lb.type === 'network' && lb.securityGroupIds.length > 0 ? { EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: lb.enforceSgOnPrivateLink ?? 'on' } : {}),
    ...(lb.enablePrefixForIpv6SourceNat !== undefined ? { EnablePrefixForIpv6SourceNat: lb.enablePrefixForIpv6SourceNat } : {}),
  };
}

export function wireTargetGroup(tg: TargetGroup, loadBalancerArns: readonly string[]): WTargetGroup {
  const hc = healthCheckOf(tg);
  return {
    TargetGroupArn: tg.id, TargetGroupName: tg.name, Protocol: tg.protocol, Port: tg.port, VpcId: tg.vpcId,
    HealthCheckProtocol: hc.protocol, HealthCheckPort: hc.port, HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds, HealthCheckTimeoutSeconds: hc.timeoutSeconds, HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    ...(hc.path !== undefined ? { HealthCheckPath: hc.path } : {}),
    ...(hc.matcher !== undefined ? { Matcher: tg.protocolVersion === 'GRPC' ? { GrpcCode: hc.matcher } : { HttpCode: hc.matcher } } : {}),
    LoadBalancerArns: [...loadBalancerArns], TargetType: tg.targetType,
    ...(tg.protocolVersion !== undefined ? { ProtocolVersion: tg.protocolVersion } : {}),
    IpAddressType: tg.ipAddressType ?? 'ipv4',
    ...(tg.targetControlPort !== undefined ? { TargetControlPort: tg.targetControlPort } : {}),
  };
}

/** A listener's forward action as the wire shows it. AWS: a plain TargetGroupArn also comes back as a ForwardConfig. */
function wireForward(f: ListenerForward): WAction {
  const groups = f.groups.map((g) => ({ TargetGroupArn: g.arn, ...(g.weight !== undefined ? { Weight: g.weight } : f.plainArn ? { Weight: 1 } : {}) }));
  const stickiness = f.stickiness
    ? { Enabled: f.stickiness.enabled, ...(f.stickiness.durationSeconds !== undefined ? { DurationSeconds: f.stickiness.durationSeconds } : {}) }
    : { Enabled: false };
  return {
    Type: 'forward', ...(f.plainArn ? { TargetGroupArn: f.groups[0]!.arn } : {}),
    ...(f.order !== undefined ? { Order: f.order } : {}),
    ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: stickiness },
  };
}

export function wireListener(l: Listener): WListener {
  const forward: ListenerForward = l.forward ?? { plainArn: l.targetGroupArns.length === 1, groups: l.targetGroupArns.map((a) => ({ arn: a })) };
  return {
    ListenerArn: l.id, LoadBalancerArn: l.loadBalancerArn, Port: l.port, Protocol: l.protocol,
    ...(l.certificateArns !== undefined ? { Certificates: l.certificateArns.map((c) => ({ CertificateArn: c })) } : {}),
    ...(l.sslPolicy !== undefined ? { SslPolicy: l.sslPolicy } : {}),
    DefaultActions: [wireForward(forward)],
    ...(l.alpnPolicy !== undefined ? { AlpnPolicy: [l.alpnPolicy] } : {}),
  };
}

/**
 * Listener default actions to the one forward action vpce emulates. AWS: "If you specify both ForwardConfig and
 * TargetGroupArn, you can specify only one target group using ForwardConfig and it must be the same target group
 * specified in TargetGroupArn."
 */
export function forwardIn(actions: readonly WAction[], networkLb: boolean): ListenerForward {
  if (actions.length === 0) throw elbv2Errors.validation('An action must be specified');
  // AWS: a listener's default actions end in one forward action; vpce emulates that one action.
  if (actions.length > 1) throw elbv2Error('TooManyActions', 'A listener can have only one default forward action');
  const a = actions[0]!;
  if (a.Type === undefined) throw elbv2Errors.missingParameter('DefaultActions.member.1.Type');
  if (a.Type !== 'forward') {
    if (networkLb) throw elbv2Error('InvalidLoadBalancerAction', `Action type '${a.Type}' is not supported for Network Load Balancers`);
    throw elbv2Errors.validation(`vpce emulates only 'forward' default actions, not '${a.Type}'`);
  }
  const other = a.AuthenticateOidcConfig ?? a.AuthenticateCognitoConfig ?? a.RedirectConfig ?? a.FixedResponseConfig ?? a.JwtValidationConfig;
  if (other !== undefined) throw elbv2Errors.validation("A 'forward' action takes only TargetGroupArn or ForwardConfig");
  if (a.Order !== undefined && (a.Order < 1 || a.Order > 50000)) throw elbv2Errors.validation(`Action order '${a.Order}' must be from 1 to 50000`);
  const order = a.Order !== undefined ? { order: a.Order } : {};
  const fc = a.ForwardConfig;
  if (fc === undefined) {
    if (a.TargetGroupArn === undefined) throw elbv2Errors.validation('A target group ARN or a forward config must be specified for a forward action');
    return { plainArn: true, groups: [{ arn: a.TargetGroupArn }], ...order };
  }
  const groups = (fc.TargetGroups ?? []).map((t) => {
    if (t.TargetGroupArn === undefined) throw elbv2Errors.missingParameter('ForwardConfig.TargetGroups.member.TargetGroupArn');
    return { arn: t.TargetGroupArn, ...(t.Weight !== undefined ? { weight: t.Weight } : {}) };
  });
  if (a.TargetGroupArn !== undefined && (groups.length !== 1 || groups[0]!.arn !== a.TargetGroupArn)) {
    throw elbv2Errors.validation('You cannot specify both a target group ARN and a forward config with different target groups');
  }
  const st = fc.TargetGroupStickinessConfig;
  return {
    plainArn: a.TargetGroupArn !== undefined, groups, ...order,
    ...(st !== undefined ? { stickiness: { enabled: st.Enabled ?? false, ...(st.DurationSeconds !== undefined ? { durationSeconds: st.DurationSeconds } : {}) } } : {}),
  };
}

/** AWS: at most 50 tags per ELBv2 resource, the same quota as EC2's. */
export const MAX_ELB_TAGS = MAX_TAGS;

/** Check ELBv2 tags (AWS Tag shape: key 1-128 characters, value 0-256; the aws: prefix is reserved). */
function checkElbTags(tags: Tags): void {
  for (const t of tags) {
    if (t.key.length < 1 || t.key.length > 128) throw elbv2Errors.validation(`1 validation error detected: Value '${t.key}' at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128`);
    if (t.value.length > 256) throw elbv2Errors.validation('1 validation error detected: Value at \'tags.member.value\' failed to satisfy constraint: Member must have length less than or equal to 256');
    if (t.key.toLowerCase().startsWith('aws:')) throw elbv2Errors.validation(`Tag key '${t.key}' cannot begin with 'aws:', which is reserved for AWS use`);
  }
  if (tags.length > MAX_ELB_TAGS) throw elbv2Errors.tooManyTags(MAX_ELB_TAGS);
}

export function tagsIn(tags: readonly WTag[] | undefined): Tags {
  const out: Tag[] = (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  const keys = new Set<string>();
  for (const t of out) {
    // AWS: DuplicateTagKeys "A tag key was specified more than once."
    if (keys.has(t.key)) throw elbv2Error('DuplicateTagKeys', `Tag key '${t.key}' was specified more than once`);
    keys.add(t.key);
  }
  checkElbTags(out);
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
