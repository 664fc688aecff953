/**
 * @module Readers of `aws elbv2 describe-load-balancers`, `describe-target-groups`, `describe-listeners` and
 * `describe-target-health` (the CLI's form, or Batfish's, which names the load balancer / target group).
 * Records are keyed by ARN, as the ELBv2 model keys them.
 */
import type { LoadBalancer, LoadBalancerZone, Target } from '../model/resources.js';
import type { ImportedCommand } from './documents.js';
import type { ParseContext } from './parse-context.js';
import { bool, num, obj, objs, str, strs, tagsOf, time, type Json } from './wire.js';

function readTargetHealth(ctx: ParseContext, tgArn: string | undefined, descriptions: unknown): void {
  if (tgArn === undefined) {
    ctx.findings.add('warning', 'unattributed-file', 'describe-target-health output names no target group (use Batfish\'s LoadBalancerTargetHealth form, which does); ignored', { file: ctx.file });
    return;
  }
  const list: Target[] = objs(descriptions).flatMap((d) => {
    const t = obj(d['Target']);
    const id = str(t?.['Id']);
    const port = num(t?.['Port']);
    const az = str(t?.['AvailabilityZone']);
    return id !== undefined && port !== undefined ? [{ id, port, ...(az !== undefined ? { availabilityZone: az } : {}) }] : [];
  });
  ctx.targets.set(tgArn, list);
}

function readLoadBalancer(ctx: ParseContext, lb: Json): void {
  const arn = str(lb['LoadBalancerArn']);
  const name = str(lb['LoadBalancerName']);
  const vpcId = str(lb['VpcId']);
  if (arn === undefined || name === undefined || vpcId === undefined) return;
  const type = str(lb['Type']) === 'application' ? 'application' : str(lb['Type']) === 'gateway' ? 'gateway' : 'network';
  // AWS: a load balancer node's interface is described "ELB <type>/<name>/<id>" (net/, app/, gwy/).
  const suffix = arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
  const enis = [...ctx.drafts.ofKind(ctx.region, 'networkInterface')].map((d) => d.record).filter((e) => e.description === `ELB ${suffix}`);
  const zones: LoadBalancerZone[] = objs(lb['AvailabilityZones']).flatMap((z) => {
    const subnetId = str(z['SubnetId']);
    const zoneName = str(z['ZoneName']);
    if (subnetId === undefined || zoneName === undefined) return [];
    const eni = enis.find((e) => e.subnetId === subnetId);
    if (!eni) ctx.findings.add('warning', 'missing-reference', `load balancer ${name} has no network interface in ${subnetId} in the snapshot (add describe-network-interfaces): traces to that node stop`, { file: ctx.file, resourceId: arn });
    const addr = str(objs(z['LoadBalancerAddresses'])[0]?.['PrivateIPv4Address']);
    return [{ subnetId, zoneName, zoneId: str(z['ZoneId']) ?? eni?.availabilityZone ?? '', networkInterfaceId: eni?.id ?? '', privateIp: eni?.privateIp ?? addr ?? '' }];
  });
  const ipType = str(lb['IpAddressType']);
  const state = str(obj(lb['State'])?.['Code']);
  const record: LoadBalancer = {
    kind: 'loadBalancer', id: arn, ownerId: ctx.account, tags: tagsOf(lb), name, type, scheme: str(lb['Scheme']) === 'internet-facing' ? 'internet-facing' : 'internal',
    vpcId, zones, securityGroupIds: strs(lb['SecurityGroups']),
    ipAddressType: ipType === 'dualstack' || ipType === 'dualstack-without-public-ipv4' ? ipType : 'ipv4',
    dnsName: str(lb['DNSName']) ?? '', state: state === 'provisioning' || state === 'failed' ? state : 'active', createdAt: time(lb['CreatedTime'], ctx.now),
  };
  ctx.drafts.put(ctx.region, record, ctx.file);
}

function readTargetGroup(ctx: ParseContext, tg: Json): void {
  const arn = str(tg['TargetGroupArn']);
  const name = str(tg['TargetGroupName']);
  const vpcId = str(tg['VpcId']);
  if (arn === undefined || name === undefined || vpcId === undefined) return;
  const matcher = str(obj(tg['Matcher'])?.['HttpCode']) ?? str(obj(tg['Matcher'])?.['GrpcCode']);
  const path = str(tg['HealthCheckPath']);
  const pv = str(tg['ProtocolVersion']);
  ctx.drafts.put(ctx.region, {
    kind: 'targetGroup', id: arn, ownerId: ctx.account, tags: tagsOf(tg), name, protocol: str(tg['Protocol']) ?? 'TCP', port: num(tg['Port']) ?? 80, vpcId,
    targetType: str(tg['TargetType']) === 'ip' ? 'ip' : 'instance', targets: ctx.targets.get(arn) ?? [], createdAt: ctx.now,
    healthCheck: {
      enabled: bool(tg['HealthCheckEnabled']) ?? true, protocol: str(tg['HealthCheckProtocol']) ?? 'TCP', port: str(tg['HealthCheckPort']) ?? 'traffic-port',
      ...(path !== undefined ? { path } : {}), intervalSeconds: num(tg['HealthCheckIntervalSeconds']) ?? 30, timeoutSeconds: num(tg['HealthCheckTimeoutSeconds']) ?? 10,
      healthyThreshold: num(tg['HealthyThresholdCount']) ?? 5, unhealthyThreshold: num(tg['UnhealthyThresholdCount']) ?? 2,
      ...(matcher !== undefined ? { matcher } : {}),
    },
    ...(pv !== undefined ? { protocolVersion: pv } : {}),
  }, ctx.file);
}

function readListener(ctx: ParseContext, l: Json, lbArn: string | undefined): void {
  const arn = str(l['ListenerArn']);
  const loadBalancerArn = str(l['LoadBalancerArn']) ?? lbArn;
  if (arn === undefined || loadBalancerArn === undefined) return;
  const forward = objs(l['DefaultActions']).find((a) => str(a['Type']) === 'forward');
  const plain = str(forward?.['TargetGroupArn']);
  const groups = plain !== undefined ? [{ arn: plain }]
    : objs(obj(forward?.['ForwardConfig'])?.['TargetGroups']).flatMap((g) => { const a = str(g['TargetGroupArn']); const w = num(g['Weight']); return a === undefined ? [] : [{ arn: a, ...(w !== undefined ? { weight: w } : {}) }]; });
  const order = num(forward?.['Order']);
  const ssl = str(l['SslPolicy']);
  ctx.drafts.put(ctx.region, {
    kind: 'listener', id: arn, ownerId: ctx.account, tags: [], loadBalancerArn, protocol: str(l['Protocol']) ?? 'TCP', port: num(l['Port']) ?? 80,
    targetGroupArns: groups.map((g) => g.arn),
    ...(forward ? { forward: { plainArn: plain !== undefined, groups, ...(order !== undefined ? { order } : {}) } } : {}),
    ...(ssl !== undefined ? { sslPolicy: ssl } : {}),
    ...(objs(l['Certificates']).length > 0 ? { certificateArns: objs(l['Certificates']).flatMap((c) => { const a = str(c['CertificateArn']); return a === undefined ? [] : [a]; }) } : {}),
  }, ctx.file);
}

export function readElbv2(ctx: ParseContext, command: ImportedCommand, body: Json): void {
  switch (command) {
    case 'elbv2 describe-target-health':
      if ('LoadBalancerTargetHealth' in body) for (const x of objs(body['LoadBalancerTargetHealth'])) readTargetHealth(ctx, str(x['TargetGroupArn']), x['TargetHealthDescriptions']);
      else readTargetHealth(ctx, undefined, body['TargetHealthDescriptions']);
      break;
    case 'elbv2 describe-load-balancers': for (const lb of objs(body['LoadBalancers'])) readLoadBalancer(ctx, lb); break;
    case 'elbv2 describe-target-groups': for (const tg of objs(body['TargetGroups'])) readTargetGroup(ctx, tg); break;
    case 'elbv2 describe-listeners':
      if ('LoadBalancerListeners' in body) for (const x of objs(body['LoadBalancerListeners'])) for (const l of objs(x['Listeners'])) readListener(ctx, l, str(x['LoadBalancerArn']));
      else for (const l of objs(body['Listeners'])) readListener(ctx, l, undefined);
      break;
    default: break;
  }
}
