/** @module ELBv2 target group and target handlers. */
import { elbv2Error, elbv2Errors } from '../../errors/elbv2.js';
import { targetGroupAttributes, type Attribute } from '../../model/elbv2-attributes.js';
import { loadBalancersOfTargetGroup, mustGetLoadBalancer } from '../../model/load-balancer.js';
import {
  createTargetGroup, deleteTargetGroup, MAX_TARGETS_PER_GROUP, tooManyTargets, deregisterTargets, healthCheckOf, modifyTargetGroup, mustGetTargetGroup, registerTargets, setTargetGroupAttributes,
  targetHealth, type HealthCheckInput, type TargetInput,
} from '../../model/target-group.js';
import type { TargetGroup } from '../../model/resources.js';
import type { WCreateTargetGroupInput, WModifyTargetGroupInput, WTargetDescription } from '../../specs/elbv2-types.js';
import type { Elbv2HandlerTable } from './context.js';
import { pageOf, tagsIn, wireTargetGroup } from './wire.js';

/** The health check members of CreateTargetGroup and ModifyTargetGroup. */
function healthCheckIn(input: WCreateTargetGroupInput | WModifyTargetGroupInput): HealthCheckInput {
  return {
    enabled: input.HealthCheckEnabled, protocol: input.HealthCheckProtocol, port: input.HealthCheckPort, path: input.HealthCheckPath,
    intervalSeconds: input.HealthCheckIntervalSeconds, timeoutSeconds: input.HealthCheckTimeoutSeconds,
    healthyThreshold: input.HealthyThresholdCount, unhealthyThreshold: input.UnhealthyThresholdCount,
    matcher: input.Matcher ? { httpCode: input.Matcher.HttpCode, grpcCode: input.Matcher.GrpcCode } : undefined,
  };
}

function wireAttributes(attrs: readonly Attribute[]): { Key: string; Value: string }[] {
  return attrs.map((a) => ({ Key: a.key, Value: a.value }));
}

function targetsIn(targets: readonly WTargetDescription[]): TargetInput[] {
  return targets.map((t) => {
    if (t.Id === undefined) throw elbv2Errors.missingParameter('Targets.member.Id');
    // AWS: QUIC server IDs belong to QUIC and TCP_QUIC target groups, which vpce does not emulate.
    if (t.QuicServerId !== undefined) throw elbv2Error('InvalidConfigurationRequest', 'A QUIC server ID is supported only for targets of QUIC and TCP_QUIC target groups');
    if (t.Port !== undefined && (t.Port < 1 || t.Port > 65535)) throw elbv2Errors.validation(`1 validation error detected: Value '${t.Port}' at 'targets.member.port' failed to satisfy constraint: Member must have value between 1 and 65535`);
    return { id: t.Id, port: t.Port, availabilityZone: t.AvailabilityZone };
  });
}

export const targetGroupHandlers: Elbv2HandlerTable = {
  CreateTargetGroup: (ctx, input) => {
    const tags = tagsIn(input.Tags);
    const tg = ctx.write((p, tx) => createTargetGroup(tx, p, {
      name: input.Name, protocol: input.Protocol, port: input.Port, vpcId: input.VpcId,
      targetType: input.TargetType ?? 'instance', tags, healthCheck: healthCheckIn(input),
      ipAddressType: input.IpAddressType, protocolVersion: input.ProtocolVersion, targetControlPort: input.TargetControlPort,
    }));
    return { TargetGroups: [wireTargetGroup(tg, loadBalancersOfTargetGroup(ctx.read(), tg.id))] };
  },
  DescribeTargetGroups: (ctx, input) => {
    const view = ctx.read();
    // AWS: "you can specify one of the following to filter the results: the ARN of the load balancer, the names of
    // one or more target groups, or the ARNs of one or more target groups."
    const filters = [input.LoadBalancerArn !== undefined, (input.TargetGroupArns?.length ?? 0) > 0, (input.Names?.length ?? 0) > 0].filter(Boolean).length;
    if (filters > 1) throw elbv2Errors.validation('Only one of load balancer ARN, target group ARNs or target group names can be specified');
    let items: TargetGroup[] = [...view.list('targetGroup')];
    if (input.TargetGroupArns?.length) {
      items = input.TargetGroupArns.map((arn) => mustGetTargetGroup(view, arn));
    } else if (input.Names?.length) {
      const missing = input.Names.filter((n) => !items.some((tg) => tg.name === n));
      if (missing.length > 0) throw elbv2Errors.targetGroupNotFound(missing);
      items = items.filter((tg) => input.Names!.includes(tg.name));
    }
    if (input.LoadBalancerArn !== undefined) {
      const lb = mustGetLoadBalancer(view, input.LoadBalancerArn);
      items = items.filter((tg) => loadBalancersOfTargetGroup(view, tg.id).includes(lb.id));
    }
    const page = pageOf(items, input.Marker, input.PageSize);
    return {
      TargetGroups: page.items.map((tg) => wireTargetGroup(tg, loadBalancersOfTargetGroup(view, tg.id))),
      ...(page.next !== undefined ? { NextMarker: page.next } : {}),
    };
  },
  ModifyTargetGroup: (ctx, input) => {
    const hc = healthCheckIn(input);
    if (Object.values(hc).every((v) => v === undefined)) throw elbv2Errors.validation('At least one health check setting must be specified');
    const tg = ctx.write((p) => modifyTargetGroup(p, input.TargetGroupArn, hc));
    return { TargetGroups: [wireTargetGroup(tg, loadBalancersOfTargetGroup(ctx.read(), tg.id))] };
  },
  DescribeTargetGroupAttributes: (ctx, input) => ({ Attributes: wireAttributes(targetGroupAttributes(mustGetTargetGroup(ctx.read(), input.TargetGroupArn))) }),
  ModifyTargetGroupAttributes: (ctx, input) => {
    const changes = input.Attributes.map((a) => {
      if (a.Key === undefined) throw elbv2Errors.missingParameter('Attributes.member.Key');
      return { key: a.Key, value: a.Value ?? '' };
    });
    const tg = ctx.write((p) => setTargetGroupAttributes(p, input.TargetGroupArn, changes));
    return { Attributes: wireAttributes(targetGroupAttributes(tg)) };
  },
  DeleteTargetGroup: (ctx, input) => {
    ctx.write((p) => deleteTargetGroup(p, input.TargetGroupArn));
    return {};
  },
  RegisterTargets: (ctx, input) => {
    // AWS (ELBv2 quotas, "Targets per target group": 1,000): a request naming more is refused before any lookup.
    if ((input.Targets?.length ?? 0) > MAX_TARGETS_PER_GROUP) throw tooManyTargets();
    ctx.write((p) => registerTargets(p, input.TargetGroupArn, targetsIn(input.Targets)));
    return {};
  },
  DeregisterTargets: (ctx, input) => {
    ctx.write((p) => deregisterTargets(p, input.TargetGroupArn, targetsIn(input.Targets)));
    return {};
  },
  DescribeTargetHealth: (ctx, input) => {
    const view = ctx.read();
    const tg = mustGetTargetGroup(view, input.TargetGroupArn);
    const health = targetHealth(view, tg, input.Targets ? targetsIn(input.Targets) : undefined);
    for (const inc of input.Include ?? []) {
      if (inc !== 'AnomalyDetection' && inc !== 'All') {
        throw elbv2Errors.validation(`1 validation error detected: Value '${inc}' at 'include' failed to satisfy constraint: Member must satisfy enum value set: [AnomalyDetection, All]`);
      }
    }
    // AWS: anomaly detection runs for Application Load Balancer target groups only; Include asks for its result.
    const anomaly = (input.Include?.length ?? 0) > 0 && (tg.protocol === 'HTTP' || tg.protocol === 'HTTPS');
    return {
      TargetHealthDescriptions: health.map((h) => ({
        Target: { Id: h.target.id, Port: h.target.port, ...(h.target.availabilityZone !== undefined ? { AvailabilityZone: h.target.availabilityZone } : {}) },
        HealthCheckPort: healthCheckOf(tg).port === 'traffic-port' ? String(h.target.port) : healthCheckOf(tg).port,
        TargetHealth: { State: h.state, ...(h.reason !== undefined ? { Reason: h.reason } : {}), ...(h.description !== undefined ? { Description: h.description } : {}) },
        ...(anomaly ? { AnomalyDetection: { Result: 'normal', MitigationInEffect: 'no' } } : {}),
        // AWS: without a zonal shift or other override in effect, every target reports no administrative override.
        AdministrativeOverride: { State: 'no_override', Reason: 'AdministrativeOverride.NoOverride', Description: 'No override is currently active on target' },
      })),
    };
  },
};
