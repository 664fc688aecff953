/**
 * @module ELBv2 attributes, tags, modifications and catalogues, as Terraform's aws_lb (internal NLB),
 * aws_lb_target_group, aws_lb_listener and aws_lb_target_group_attachment call them, through the real SDK.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeNetworkInterfacesCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand, CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeleteLoadBalancerCommand,
  DescribeAccountLimitsCommand, DescribeCapacityReservationCommand, DescribeListenerAttributesCommand, DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand, DescribeSSLPoliciesCommand, DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ModifyCapacityReservationCommand,
  ModifyListenerAttributesCommand, ModifyListenerCommand, ModifyLoadBalancerAttributesCommand, ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand, RegisterTargetsCommand, RemoveTagsCommand, SetIpAddressTypeCommand, SetSecurityGroupsCommand, SetSubnetsCommand,
  type Action, type ElasticLoadBalancingV2Client, type EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum, type IpAddressType, type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbRejects, startHarness, type Harness } from './harness.js';

const ACCOUNT = '333333333333';
let h: Harness;
let ec2: EC2Client;
let elb: ElasticLoadBalancingV2Client;
let vpcId: string;
let subnetA: string;
let subnetB: string;
let subnetC: string;
let sg1: string;
let sg2: string;
let instanceId: string;
let nlbArn: string;

const attrs = (list: { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Key!, a.Value!]));

async function targetGroup(name: string, extra: Record<string, unknown> = {}): Promise<TargetGroup> {
  return (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'instance', ...extra }))).TargetGroups![0]!;
}

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  elb = h.elbv2(ACCOUNT);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
  subnetA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  subnetB = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
  subnetC = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.3.0/24', AvailabilityZone: 'us-east-1c' }))).Subnet!.SubnetId!;
  sg1 = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'nlb-1', Description: 'nlb', VpcId: vpcId }))).GroupId!;
  sg2 = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'nlb-2', Description: 'nlb', VpcId: vpcId }))).GroupId!;
  instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnetA }))).Instances![0]!.InstanceId!;
  nlbArn = (await elb.send(new CreateLoadBalancerCommand({
    Name: 'attr-nlb', Type: 'network', Scheme: 'internal', Subnets: [subnetA, subnetB], Tags: [{ Key: 'Name', Value: 'attr-nlb' }],
  }))).LoadBalancers![0]!.LoadBalancerArn!;
});
after(async () => { await h.close(); });

describe('load balancer attributes', () => {
  it('DescribeLoadBalancerAttributes: the NLB keys with AWS defaults (internal: ipv6.deny_all_igw_traffic true)', async () => {
    const a = attrs((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn }))).Attributes);
    assert.deepEqual(a, {
      'access_logs.s3.enabled': 'false', 'access_logs.s3.bucket': '', 'access_logs.s3.prefix': '', 'deletion_protection.enabled': 'false',
      'ipv6.deny_all_igw_traffic': 'true', 'zonal_shift.config.enabled': 'false', 'load_balancing.cross_zone.enabled': 'false',
      'dns_record.client_routing_policy': 'any_availability_zone', 'secondary_ips.auto_assigned.per_subnet': '0',
    });
  });
  it('ModifyLoadBalancerAttributes keeps the values and answers every attribute', async () => {
    const out = await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn, Attributes: [
      { Key: 'load_balancing.cross_zone.enabled', Value: 'true' }, { Key: 'dns_record.client_routing_policy', Value: 'availability_zone_affinity' },
      { Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.bucket', Value: 'logs' }, { Key: 'access_logs.s3.prefix', Value: 'nlb' },
    ] }));
    assert.equal(attrs(out.Attributes)['load_balancing.cross_zone.enabled'], 'true');
    assert.equal(out.Attributes!.length, 9);
    const a = attrs((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn }))).Attributes);
    assert.equal(a['dns_record.client_routing_policy'], 'availability_zone_affinity');
    assert.equal(a['access_logs.s3.bucket'], 'logs');
    assert.equal(a['deletion_protection.enabled'], 'false');
  });
  it('AWS "Key <key> not valid": unknown keys and Application Load Balancer keys are InvalidConfigurationRequest', async () => {
    for (const Key of ['idle_timeout.timeout_seconds', 'routing.http2.enabled', 'no.such.key']) {
      await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn, Attributes: [{ Key, Value: 'true' }] })), 'InvalidConfigurationRequest');
    }
  });
  it('values are checked: booleans, enums, ranges; logs need a bucket (InvalidConfigurationRequest); nothing half-applied', async () => {
    for (const [Key, Value] of [['deletion_protection.enabled', 'yes'], ['dns_record.client_routing_policy', 'nearest'], ['secondary_ips.auto_assigned.per_subnet', '8']] as const) {
      await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn, Attributes: [{ Key, Value }] })), 'InvalidConfigurationRequest');
    }
    await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn, Attributes: [
      { Key: 'zonal_shift.config.enabled', Value: 'true' }, { Key: 'access_logs.s3.bucket', Value: '' },
    ] })), 'InvalidConfigurationRequest');
    const a = attrs((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn }))).Attributes);
    assert.equal(a['zonal_shift.config.enabled'], 'false');
  });
  it('AWS: deletion protection makes DeleteLoadBalancer fail with OperationNotPermitted until it is turned off', async () => {
    const arn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'protected', Type: 'network', Scheme: 'internal', Subnets: [subnetC] }))).LoadBalancers![0]!.LoadBalancerArn!;
    await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
    await elbRejects(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })), 'OperationNotPermitted');
    await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    await elbRejects(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })), 'LoadBalancerNotFound');
  });
  it('LoadBalancerNotFound for an unknown ARN; ValidationError for text that is not one', async () => {
    const missing = nlbArn.replace(/[0-9a-f]{16}$/, '0000000000000000');
    await elbRejects(elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: missing })), 'LoadBalancerNotFound');
    await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: missing, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] })), 'LoadBalancerNotFound');
    await elbRejects(elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: 'not-an-arn' })), 'ValidationError');
    const many = Array.from({ length: 21 }, () => ({ Key: 'deletion_protection.enabled', Value: 'false' }));
    await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: nlbArn, Attributes: many })), 'ValidationError');
  });
  it('an Application Load Balancer has the ALB keys; cross-zone is always on; NLB-only keys are refused', async () => {
    const created = (await elb.send(new CreateLoadBalancerCommand({ Name: 'attr-alb', Type: 'application', Scheme: 'internal', Subnets: [subnetA, subnetB] }))).LoadBalancers![0]!;
    const alb = created.LoadBalancerArn!;
    // AWS: "If you don't specify a security group, the default security group for the VPC is used."
    assert.equal(created.SecurityGroups!.length, 1);
    assert.ok(![sg1, sg2].includes(created.SecurityGroups![0]!));
    const a = attrs((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: alb }))).Attributes);
    assert.deepEqual([a['idle_timeout.timeout_seconds'], a['routing.http2.enabled'], a['load_balancing.cross_zone.enabled'], a['dns_record.client_routing_policy']], ['60', 'true', 'true', undefined]);
    await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: alb, Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }] })), 'InvalidConfigurationRequest');
    await elbRejects(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: alb, Attributes: [{ Key: 'dns_record.client_routing_policy', Value: 'any_availability_zone' }] })), 'InvalidConfigurationRequest');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: alb }));
  });
});

describe('target groups: health checks and attributes', () => {
  it('CreateTargetGroup (TCP, instance): NLB health check defaults TCP, traffic-port, 30/10, 5/2, no path or matcher', async () => {
    const tg = await targetGroup('tg-defaults');
    assert.equal(tg.HealthCheckProtocol, 'TCP');
    assert.equal(tg.HealthCheckPort, 'traffic-port');
    assert.equal(tg.HealthCheckEnabled, true);
    assert.deepEqual([tg.HealthCheckIntervalSeconds, tg.HealthCheckTimeoutSeconds, tg.HealthyThresholdCount, tg.UnhealthyThresholdCount], [30, 10, 5, 2]);
    assert.equal(tg.HealthCheckPath, undefined);
    assert.equal(tg.Matcher, undefined);
    assert.equal(tg.IpAddressType, 'ipv4');
    assert.equal(tg.ProtocolVersion, undefined);
  });
  it('every health check parameter is kept and described (HTTP check on a TCP group; NLB matcher range)', async () => {
    const tg = await targetGroup('tg-http-check', {
      HealthCheckProtocol: 'HTTP', HealthCheckPort: '8080', HealthCheckPath: '/healthz', HealthCheckEnabled: true, HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 6, HealthyThresholdCount: 3, UnhealthyThresholdCount: 3, Matcher: { HttpCode: '200-399' }, IpAddressType: 'ipv4',
    });
    const described = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] }))).TargetGroups![0]!;
    for (const t of [tg, described]) {
      assert.equal(t.HealthCheckProtocol, 'HTTP');
      assert.equal(t.HealthCheckPort, '8080');
      assert.equal(t.HealthCheckPath, '/healthz');
      assert.deepEqual([t.HealthCheckIntervalSeconds, t.HealthCheckTimeoutSeconds, t.HealthyThresholdCount, t.UnhealthyThresholdCount], [10, 6, 3, 3]);
      assert.deepEqual(t.Matcher, { HttpCode: '200-399' });
    }
  });
  it('an HTTP check on an NLB group without path or matcher gets / and 200-399, timeout 6; HTTP groups get HTTP1, / and 200, timeout 5', async () => {
    const nlb = await targetGroup('tg-http-defaults', { HealthCheckProtocol: 'HTTP' });
    assert.deepEqual([nlb.HealthCheckPath, nlb.Matcher?.HttpCode, nlb.HealthCheckTimeoutSeconds], ['/', '200-399', 6]);
    const alb = (await elb.send(new CreateTargetGroupCommand({ Name: 'tg-alb', Protocol: 'HTTP', Port: 80, VpcId: vpcId }))).TargetGroups![0]!;
    assert.deepEqual([alb.HealthCheckProtocol, alb.HealthCheckPath, alb.Matcher?.HttpCode, alb.HealthCheckTimeoutSeconds, alb.ProtocolVersion], ['HTTP', '/', '200', 5, 'HTTP1']);
  });
  it('health check refusals: ranges (ValidationError), timeout not below interval, path or matcher on TCP checks, disabled checks, TCP check on HTTP groups (InvalidConfigurationRequest)', async () => {
    await elbRejects(targetGroup('bad-1', { HealthCheckIntervalSeconds: 4 }), 'ValidationError');
    await elbRejects(targetGroup('bad-2', { HealthyThresholdCount: 11 }), 'ValidationError');
    await elbRejects(targetGroup('bad-3', { HealthCheckPort: 'port-80' }), 'ValidationError');
    await elbRejects(targetGroup('bad-4', { HealthCheckProtocol: 'HTTP', Matcher: { HttpCode: '100' } }), 'ValidationError');
    await elbRejects(targetGroup('bad-5', { HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('bad-6', { HealthCheckPath: '/x' }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('bad-7', { Matcher: { HttpCode: '200' } }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('bad-8', { HealthCheckEnabled: false }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('bad-9', { HealthCheckProtocol: 'UDP' }), 'InvalidConfigurationRequest');
    await elbRejects(elb.send(new CreateTargetGroupCommand({ Name: 'bad-10', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckProtocol: 'TCP' })), 'InvalidConfigurationRequest');
  });
  it('other CreateTargetGroup members: ProtocolVersion only on HTTP groups, ipv6 only for ip targets, TargetControlPort only on HTTP groups, unknown protocol', async () => {
    await elbRejects(targetGroup('pv-tcp', { ProtocolVersion: 'HTTP2' }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('v6-inst', { IpAddressType: 'ipv6' as IpAddressType }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('tcp-ctl', { TargetControlPort: 3000 }), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('bad-proto', { Protocol: 'SCTP' }), 'ValidationError');
    const grpc = (await elb.send(new CreateTargetGroupCommand({ Name: 'tg-grpc', Protocol: 'HTTP', Port: 50051, VpcId: vpcId, ProtocolVersion: 'GRPC', TargetControlPort: 3000 }))).TargetGroups![0]!;
    assert.deepEqual([grpc.ProtocolVersion, grpc.HealthCheckPath, grpc.Matcher?.GrpcCode, grpc.TargetControlPort], ['GRPC', '/AWS.ALB/healthcheck', '12', 3000]);
    const grpc0 = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: grpc.TargetGroupArn!, Matcher: { GrpcCode: '0-99' } }))).TargetGroups![0]!;
    assert.deepEqual(grpc0.Matcher, { GrpcCode: '0-99' });
    await elbRejects(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: grpc.TargetGroupArn!, Matcher: { HttpCode: '200' } })), 'InvalidConfigurationRequest');
    await elbRejects(targetGroup('grpc-on-tcp', { HealthCheckProtocol: 'HTTP', Matcher: { GrpcCode: '0' } }), 'InvalidConfigurationRequest');
  });
  it('ModifyTargetGroup changes health check settings; switching to an HTTP check brings its path and matcher', async () => {
    const tg = await targetGroup('tg-modify');
    const out = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn!, HealthCheckIntervalSeconds: 20, HealthyThresholdCount: 3, UnhealthyThresholdCount: 4 }))).TargetGroups![0]!;
    assert.deepEqual([out.HealthCheckIntervalSeconds, out.HealthyThresholdCount, out.UnhealthyThresholdCount, out.HealthCheckTimeoutSeconds], [20, 3, 4, 10]);
    const http = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn!, HealthCheckProtocol: 'HTTP', HealthCheckPath: '/ping' }))).TargetGroups![0]!;
    assert.deepEqual([http.HealthCheckProtocol, http.HealthCheckPath, http.Matcher?.HttpCode, http.HealthCheckIntervalSeconds], ['HTTP', '/ping', '200-399', 20]);
    await elbRejects(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn! })), 'ValidationError');
    await elbRejects(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn!, HealthCheckTimeoutSeconds: 30 })), 'InvalidConfigurationRequest');
    await elbRejects(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn!.replace(/[0-9a-f]{16}$/, '0000000000000000'), HealthCheckIntervalSeconds: 20 })), 'TargetGroupNotFound');
  });
  it('DescribeTargetGroupAttributes: NLB group keys with defaults; preserve_client_ip true for instance targets, false for ip targets over TCP', async () => {
    const inst = await targetGroup('tg-attr-inst');
    const a = attrs((await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: inst.TargetGroupArn! }))).Attributes);
    assert.deepEqual(a, {
      'deregistration_delay.timeout_seconds': '300', 'deregistration_delay.connection_termination.enabled': 'false',
      'preserve_client_ip.enabled': 'true', 'proxy_protocol_v2.enabled': 'false', 'stickiness.enabled': 'false', 'stickiness.type': 'source_ip',
      'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
      'target_group_health.dns_failover.minimum_healthy_targets.count': '1', 'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1', 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
      'target_health_state.unhealthy.connection_termination.enabled': 'true', 'target_health_state.unhealthy.draining_interval_seconds': '0',
    });
    const ip = await targetGroup('tg-attr-ip', { TargetType: 'ip' });
    assert.equal(attrs((await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: ip.TargetGroupArn! }))).Attributes)['preserve_client_ip.enabled'], 'false');
    const udp = await targetGroup('tg-attr-udp', { TargetType: 'ip', Protocol: 'UDP' });
    assert.equal(attrs((await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: udp.TargetGroupArn! }))).Attributes)['preserve_client_ip.enabled'], 'true');
    // AWS: "client IP preservation is enabled (and can't be disabled) for ... UDP".
    await elbRejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: udp.TargetGroupArn!, Attributes: [{ Key: 'preserve_client_ip.enabled', Value: 'false' }] })), 'InvalidConfigurationRequest');
  });
  it('ModifyTargetGroupAttributes keeps values; unknown or ALB keys, bad values and a draining interval with termination on are InvalidConfigurationRequest', async () => {
    const tg = await targetGroup('tg-attr-mod');
    const arn = tg.TargetGroupArn!;
    const out = attrs((await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' }, { Key: 'proxy_protocol_v2.enabled', Value: 'true' },
      { Key: 'stickiness.enabled', Value: 'true' }, { Key: 'load_balancing.cross_zone.enabled', Value: 'false' },
    ] }))).Attributes);
    assert.deepEqual([out['deregistration_delay.timeout_seconds'], out['proxy_protocol_v2.enabled'], out['stickiness.enabled'], out['load_balancing.cross_zone.enabled']], ['30', 'true', 'true', 'false']);
    for (const [Key, Value] of [['stickiness.lb_cookie.duration_seconds', '60'], ['target_failover.on_deregistration', 'rebalance'], ['deregistration_delay.timeout_seconds', '3601'], ['stickiness.type', 'lb_cookie']] as const) {
      await elbRejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key, Value }] })), 'InvalidConfigurationRequest');
    }
    await elbRejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'target_health_state.unhealthy.draining_interval_seconds', Value: '60' }] })), 'InvalidConfigurationRequest');
    const drained = attrs((await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [
      { Key: 'target_health_state.unhealthy.connection_termination.enabled', Value: 'false' }, { Key: 'target_health_state.unhealthy.draining_interval_seconds', Value: '60' },
    ] }))).Attributes);
    assert.equal(drained['target_health_state.unhealthy.draining_interval_seconds'], '60');
    await elbRejects(elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn.replace(/[0-9a-f]{16}$/, '0000000000000000') })), 'TargetGroupNotFound');
  });
  it('RegisterTargets: instances and IP targets with AvailabilityZone; a QuicServerId is refused', async () => {
    const inst = await targetGroup('tg-reg-inst');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: inst.TargetGroupArn!, Targets: [{ Id: instanceId, Port: 8080 }] }));
    const ip = await targetGroup('tg-reg-ip', { TargetType: 'ip' });
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: ip.TargetGroupArn!, Targets: [{ Id: '10.60.1.50', AvailabilityZone: 'us-east-1a' }] }));
    const health = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: ip.TargetGroupArn! }))).TargetHealthDescriptions!;
    assert.deepEqual(health.map((d) => [d.Target?.Id, d.Target?.Port, d.Target?.AvailabilityZone]), [['10.60.1.50', 80, 'us-east-1a']]);
    assert.equal(health[0]!.AdministrativeOverride?.State, 'no_override');
    const withAnomaly = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: ip.TargetGroupArn!, Include: ['All'] }))).TargetHealthDescriptions!;
    assert.equal(withAnomaly[0]!.AnomalyDetection, undefined);
    const http = (await elb.send(new CreateTargetGroupCommand({ Name: 'tg-reg-http', Protocol: 'HTTP', Port: 80, VpcId: vpcId }))).TargetGroups![0]!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: http.TargetGroupArn!, Targets: [{ Id: instanceId }] }));
    const httpHealth = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: http.TargetGroupArn!, Include: ['AnomalyDetection'] }))).TargetHealthDescriptions!;
    assert.deepEqual(httpHealth[0]!.AnomalyDetection, { Result: 'normal', MitigationInEffect: 'no' });
    await elbRejects(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: ip.TargetGroupArn!, Include: ['Everything' as 'All'] })), 'ValidationError');
    await elbRejects(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [ip.TargetGroupArn!], Names: ['tg-reg-ip'] })), 'ValidationError');
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: ip.TargetGroupArn!, Targets: [{ Id: '10.60.1.51', QuicServerId: '0x1' }] })), 'InvalidConfigurationRequest');
    // AWS: "This parameter is not supported if the target type of the target group is instance".
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: inst.TargetGroupArn!, Targets: [{ Id: instanceId, AvailabilityZone: 'us-east-1a' }] })), 'ValidationError');
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: ip.TargetGroupArn!, Targets: [{ Id: '10.60.1.52', AvailabilityZone: 'mars-1a' }] })), 'ValidationError');
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: ip.TargetGroupArn!, Targets: [{ Id: '192.168.0.1', AvailabilityZone: 'us-east-1a' }] })), 'InvalidTarget');
  });
});

describe('listeners', () => {
  let tgArn: string;
  let tg2Arn: string;
  let listenerArn: string;
  before(async () => {
    tgArn = (await targetGroup('lst-tg')).TargetGroupArn!;
    tg2Arn = (await targetGroup('lst-tg2', { Port: 443 })).TargetGroupArn!;
  });
  it('a plain TargetGroupArn comes back with a ForwardConfig too (weight 1, stickiness off); DescribeTargetGroups names the load balancer', async () => {
    const l = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: nlbArn, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] }))).Listeners![0]!;
    listenerArn = l.ListenerArn!;
    assert.deepEqual(l.DefaultActions, [{ Type: 'forward', TargetGroupArn: tgArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }]);
    assert.equal(l.SslPolicy, undefined);
    const tg = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] }))).TargetGroups![0]!;
    assert.deepEqual(tg.LoadBalancerArns, [nlbArn]);
  });
  it('a ForwardConfig comes back as given, without a TargetGroupArn', async () => {
    const l = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: nlbArn, Protocol: 'TCP', Port: 443, DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg2Arn }] } }] }))).Listeners![0]!;
    const described = (await elb.send(new DescribeListenersCommand({ ListenerArns: [l.ListenerArn!] }))).Listeners![0]!;
    assert.equal(described.DefaultActions![0]!.TargetGroupArn, undefined);
    assert.deepEqual(described.DefaultActions![0]!.ForwardConfig!.TargetGroups, [{ TargetGroupArn: tg2Arn }]);
  });
  it('NLB default action refusals: two groups or stickiness (InvalidLoadBalancerAction), other types, two actions (TooManyActions), TargetGroupArn differing from ForwardConfig', async () => {
    const tg3 = (await targetGroup('lst-tg3', { Port: 81 })).TargetGroupArn!;
    const tg4 = (await targetGroup('lst-tg4', { Port: 82 })).TargetGroupArn!;
    const create = (DefaultActions: Action[]) => elb.send(new CreateListenerCommand({ LoadBalancerArn: nlbArn, Protocol: 'TCP', Port: 9000, DefaultActions }));
    await elbRejects(create([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg3, Weight: 1 }, { TargetGroupArn: tg4, Weight: 1 }] } }]), 'InvalidLoadBalancerAction');
    await elbRejects(create([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg3 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } } }]), 'InvalidLoadBalancerAction');
    await elbRejects(create([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }]), 'InvalidLoadBalancerAction');
    await elbRejects(create([{ Type: 'forward', TargetGroupArn: tg3 }, { Type: 'forward', TargetGroupArn: tg4 }]), 'TooManyActions');
    await elbRejects(create([{ Type: 'forward', TargetGroupArn: tg3, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg4 }] } }]), 'ValidationError');
    await elbRejects(create([{ Type: 'forward', TargetGroupArn: tg3.replace(/[0-9a-f]{16}$/, '0000000000000000') }]), 'TargetGroupNotFound');
  });
  it('TLS settings: refused on TCP listeners; a TLS listener gets ELBSecurityPolicy-2016-08 by default; unknown policy, certificate or ALPN policy', async () => {
    const tls = (await targetGroup('lst-tls', { Port: 8443 })).TargetGroupArn!;
    const cert = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;
    const create = (extra: object) => elb.send(new CreateListenerCommand({ LoadBalancerArn: nlbArn, Port: 8443, DefaultActions: [{ Type: 'forward', TargetGroupArn: tls }], ...extra }));
    await elbRejects(create({ Protocol: 'TCP', SslPolicy: 'ELBSecurityPolicy-2016-08' }), 'InvalidConfigurationRequest');
    await elbRejects(create({ Protocol: 'TCP', Certificates: [{ CertificateArn: cert }] }), 'InvalidConfigurationRequest');
    await elbRejects(create({ Protocol: 'TLS', Certificates: [{ CertificateArn: cert }], SslPolicy: 'ELBSecurityPolicy-Nope' }), 'SSLPolicyNotFound');
    await elbRejects(create({ Protocol: 'TLS', Certificates: [{ CertificateArn: 'arn:aws:s3:::bucket' }] }), 'CertificateNotFound');
    await elbRejects(create({ Protocol: 'TLS', Certificates: [{ CertificateArn: cert }, { CertificateArn: cert }] }), 'TooManyCertificates');
    await elbRejects(create({ Protocol: 'TLS', Certificates: [{ CertificateArn: cert }], AlpnPolicy: ['HTTP3Only'] }), 'ALPNPolicyNotFound');
    await elbRejects(create({ Protocol: 'TLS', Certificates: [{ CertificateArn: cert }], MutualAuthentication: { Mode: 'verify' } }), 'InvalidConfigurationRequest');
    const l = (await create({ Protocol: 'TLS', Certificates: [{ CertificateArn: cert }], AlpnPolicy: ['HTTP2Preferred'] })).Listeners![0]!;
    assert.equal(l.SslPolicy, 'ELBSecurityPolicy-2016-08');
    assert.deepEqual(l.Certificates, [{ CertificateArn: cert }]);
    assert.deepEqual(l.AlpnPolicy, ['HTTP2Preferred']);
    // AWS: "If you change the protocol from ... TLS to TCP, the security policy and server certificate properties are removed."
    const tcp = (await elb.send(new ModifyListenerCommand({ ListenerArn: l.ListenerArn!, Protocol: 'TCP' }))).Listeners![0]!;
    assert.deepEqual([tcp.Protocol, tcp.SslPolicy, tcp.Certificates, tcp.AlpnPolicy], ['TCP', undefined, undefined, undefined]);
  });
  it('ModifyListener changes port and default action; DuplicateListener on a taken port; ListenerNotFound', async () => {
    const tg5 = (await targetGroup('lst-tg5', { Port: 83 })).TargetGroupArn!;
    const l = (await elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: 8080, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg5 }] }))).Listeners![0]!;
    assert.equal(l.Port, 8080);
    assert.equal(l.DefaultActions![0]!.TargetGroupArn, tg5);
    const tg = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn, tg5] }))).TargetGroups!;
    assert.deepEqual(tg.map((t) => t.LoadBalancerArns), [[], [nlbArn]]);
    await elbRejects(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: 443 })), 'DuplicateListener');
    await elbRejects(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [] })), 'ValidationError');
    await elbRejects(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Protocol: 'HTTP' })), 'UnsupportedProtocol');
    await elbRejects(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn.replace(/[0-9a-f]{16}$/, '0000000000000000'), Port: 1 })), 'ListenerNotFound');
  });
  it('listener attributes: tcp.idle_timeout.seconds (default 350, 60-6000) on TCP listeners', async () => {
    const a = attrs((await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn }))).Attributes);
    assert.deepEqual(a, { 'tcp.idle_timeout.seconds': '350' });
    const out = attrs((await elb.send(new ModifyListenerAttributesCommand({ ListenerArn: listenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '600' }] }))).Attributes);
    assert.equal(out['tcp.idle_timeout.seconds'], '600');
    assert.equal(attrs((await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn }))).Attributes)['tcp.idle_timeout.seconds'], '600');
    await elbRejects(elb.send(new ModifyListenerAttributesCommand({ ListenerArn: listenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '30' }] })), 'InvalidConfigurationRequest');
    await elbRejects(elb.send(new ModifyListenerAttributesCommand({ ListenerArn: listenerArn, Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'true' }] })), 'InvalidConfigurationRequest');
    await elbRejects(elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn.replace(/[0-9a-f]{16}$/, '0000000000000000') })), 'ListenerNotFound');
  });
});

describe('tags', () => {
  it('tags given on Create* are described; AddTags replaces values; RemoveTags drops keys; listeners and target groups too', async () => {
    const tg = await targetGroup('tag-tg', { Tags: [{ Key: 'team', Value: 'a' }] });
    const l = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: nlbArn, Protocol: 'TCP', Port: 7000, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn! }], Tags: [{ Key: 'l', Value: '1' }] }))).Listeners![0]!;
    const d = (await elb.send(new DescribeTagsCommand({ ResourceArns: [nlbArn, tg.TargetGroupArn!, l.ListenerArn!] }))).TagDescriptions!;
    assert.deepEqual(d.map((x) => [x.ResourceArn, x.Tags]), [[nlbArn, [{ Key: 'Name', Value: 'attr-nlb' }]], [tg.TargetGroupArn, [{ Key: 'team', Value: 'a' }]], [l.ListenerArn, [{ Key: 'l', Value: '1' }]]]);
    await elb.send(new AddTagsCommand({ ResourceArns: [tg.TargetGroupArn!, l.ListenerArn!], Tags: [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }] }));
    await elb.send(new RemoveTagsCommand({ ResourceArns: [l.ListenerArn!], TagKeys: ['l', 'absent'] }));
    const after = (await elb.send(new DescribeTagsCommand({ ResourceArns: [tg.TargetGroupArn!, l.ListenerArn!] }))).TagDescriptions!;
    assert.deepEqual(after[0]!.Tags, [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
    assert.deepEqual(after[1]!.Tags, [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
    const bare = await targetGroup('tag-bare');
    const none = (await elb.send(new DescribeTagsCommand({ ResourceArns: [bare.TargetGroupArn!] }))).TagDescriptions!;
    assert.deepEqual(none, [{ ResourceArn: bare.TargetGroupArn, Tags: [] }]);
  });
  it('DuplicateTagKeys, TooManyTags (over 50 at once or in total), ValidationError for aws: keys and over 20 ARNs', async () => {
    await elbRejects(elb.send(new AddTagsCommand({ ResourceArns: [nlbArn], Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] })), 'DuplicateTagKeys');
    const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ Key: `${p}${i}`, Value: 'v' }));
    await elbRejects(elb.send(new AddTagsCommand({ ResourceArns: [nlbArn], Tags: many(51, 'a') })), 'TooManyTags');
    await elb.send(new AddTagsCommand({ ResourceArns: [nlbArn], Tags: many(48, 'b') }));
    await elbRejects(elb.send(new AddTagsCommand({ ResourceArns: [nlbArn], Tags: many(2, 'c') })), 'TooManyTags');
    assert.equal((await elb.send(new DescribeTagsCommand({ ResourceArns: [nlbArn] }))).TagDescriptions![0]!.Tags!.length, 49);
    await elbRejects(targetGroup('tag-many', { Tags: many(51, 'd') }), 'TooManyTags');
    await elbRejects(elb.send(new AddTagsCommand({ ResourceArns: [nlbArn], Tags: [{ Key: 'aws:x', Value: '1' }] })), 'ValidationError');
    await elbRejects(elb.send(new DescribeTagsCommand({ ResourceArns: Array.from({ length: 21 }, () => nlbArn) })), 'ValidationError');
  });
  it('not-found errors per resource type: LoadBalancerNotFound, TargetGroupNotFound, ListenerNotFound, RuleNotFound, TrustStoreNotFound', async () => {
    const base = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}`;
    await elbRejects(elb.send(new DescribeTagsCommand({ ResourceArns: [`${base}:loadbalancer/net/none/0000000000000000`] })), 'LoadBalancerNotFound');
    await elbRejects(elb.send(new AddTagsCommand({ ResourceArns: [`${base}:targetgroup/none/0000000000000000`], Tags: [{ Key: 'a', Value: 'b' }] })), 'TargetGroupNotFound');
    await elbRejects(elb.send(new RemoveTagsCommand({ ResourceArns: [`${base}:listener/net/none/0000000000000000/0000000000000000`], TagKeys: ['a'] })), 'ListenerNotFound');
    await elbRejects(elb.send(new DescribeTagsCommand({ ResourceArns: [`${base}:listener-rule/app/none/0000000000000000/0000000000000000/0000000000000000`] })), 'RuleNotFound');
    await elbRejects(elb.send(new DescribeTagsCommand({ ResourceArns: [`${base}:truststore/none/0000000000000000`] })), 'TrustStoreNotFound');
  });
});

describe('load balancer settings', () => {
  it('SetSecurityGroups: AWS refuses security groups on an NLB created without any (InvalidConfigurationRequest)', async () => {
    await elbRejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: nlbArn, SecurityGroups: [sg1] })), 'InvalidConfigurationRequest');
  });
  it('SetSecurityGroups on an NLB created with groups: replaces them on its ENIs, keeps at least one, checks the groups', async () => {
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'sg-nlb', Type: 'network', Scheme: 'internal', Subnets: [subnetA], SecurityGroups: [sg1] }))).LoadBalancers![0]!;
    assert.equal(lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, 'on');
    const out = await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn!, SecurityGroups: [sg2], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' }));
    assert.deepEqual(out.SecurityGroupIds, [sg2]);
    assert.equal(out.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, 'off');
    const id = lb.LoadBalancerArn!.split(':loadbalancer/')[1]!;
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [`ELB ${id}`] }] }))).NetworkInterfaces!;
    assert.deepEqual(enis.map((e) => e.Groups!.map((g) => g.GroupId)), [[sg2]]);
    await elbRejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn!, SecurityGroups: [] })), 'InvalidConfigurationRequest');
    await elbRejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn!, SecurityGroups: ['sg-0123456789abcdef0'] })), 'InvalidSecurityGroup');
    await elbRejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn!, SecurityGroups: [sg1], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'maybe' as EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum })), 'ValidationError');
  });
  it('SetSubnets adds an Availability Zone with a new node; SubnetNotFound; InvalidSubnet for another VPC', async () => {
    const out = await elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlbArn, Subnets: [subnetA, subnetB, subnetC] }));
    assert.deepEqual(out.AvailabilityZones!.map((z) => z.ZoneName), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.equal(out.IpAddressType, 'ipv4');
    const lb = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [nlbArn] }))).LoadBalancers![0]!;
    assert.equal(lb.AvailabilityZones!.length, 3);
    await elbRejects(elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlbArn, Subnets: ['subnet-0123456789abcdef0'] })), 'SubnetNotFound');
    const vpc2 = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))).Vpc!.VpcId!;
    const other = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc2, CidrBlock: '10.61.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    await elbRejects(elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlbArn, Subnets: [other] })), 'InvalidSubnet');
    // Dropping a zone removes its node (the requester-managed ENI); a kept subnet keeps its address.
    const kept = lb.AvailabilityZones!.find((z) => z.SubnetId === subnetA)!.LoadBalancerAddresses![0]!.PrivateIPv4Address!;
    await elbRejects(elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlbArn, SubnetMappings: [{ SubnetId: subnetA, PrivateIPv4Address: '10.60.1.200' }] })), 'InvalidConfigurationRequest');
    const two = await elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlbArn, SubnetMappings: [{ SubnetId: subnetA, PrivateIPv4Address: kept }, { SubnetId: subnetB }] }));
    assert.deepEqual(two.AvailabilityZones!.map((z) => z.SubnetId), [subnetA, subnetB]);
    const id = nlbArn.split(':loadbalancer/')[1]!;
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [`ELB ${id}`] }] }))).NetworkInterfaces!;
    assert.deepEqual(enis.map((e) => e.SubnetId).sort(), [subnetA, subnetB].sort());
  });
  it('SetIpAddressType: ipv4 is kept; dualstack needs IPv6 subnets (InvalidSubnet); unknown values are ValidationError', async () => {
    assert.equal((await elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: nlbArn, IpAddressType: 'ipv4' }))).IpAddressType, 'ipv4');
    await elbRejects(elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: nlbArn, IpAddressType: 'dualstack' })), 'InvalidSubnet');
    await elbRejects(elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: nlbArn, IpAddressType: 'ipv6' as IpAddressType })), 'ValidationError');
    await elbRejects(elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: nlbArn, IpAddressType: 'dualstack-without-public-ipv4' })), 'InvalidConfigurationRequest');
  });
  it('CreateLoadBalancer members vpce cannot serve are refused, not dropped', async () => {
    const create = (extra: object) => elb.send(new CreateLoadBalancerCommand({ Name: 'refused', Type: 'network', Scheme: 'internal', ...extra }));
    await elbRejects(create({ Subnets: [subnetA], CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' }), 'InvalidConfigurationRequest');
    await elbRejects(create({ Subnets: [subnetA], IpamPools: { Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' } }), 'InvalidConfigurationRequest');
    await elbRejects(create({ SubnetMappings: [{ SubnetId: subnetA, AllocationId: 'eipalloc-0123456789abcdef0' }] }), 'InvalidConfigurationRequest');
    await elbRejects(create({ Subnets: [subnetA], EnablePrefixForIpv6SourceNat: 'on' }), 'InvalidConfigurationRequest');
    await elbRejects(create({ Subnets: [subnetA], Scheme: 'private' }), 'ValidationError');
    await elbRejects(create({ Subnets: [subnetA], IpAddressType: 'dualstack' }), 'InvalidSubnet');
  });
  it('capacity reservation: none is described; a minimum capacity is refused (OperationNotPermitted); a reset answers no reservation', async () => {
    const d = await elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: nlbArn }));
    assert.deepEqual(d.CapacityReservationState, []);
    assert.equal(d.MinimumLoadBalancerCapacity, undefined);
    await elbRejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: nlbArn, MinimumLoadBalancerCapacity: { CapacityUnits: 5500 } })), 'OperationNotPermitted');
    await elbRejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: nlbArn })), 'ValidationError');
    assert.deepEqual((await elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: nlbArn, ResetCapacityReservation: true }))).CapacityReservationState, []);
    await elbRejects(elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: nlbArn.replace(/[0-9a-f]{16}$/, '0000000000000000') })), 'LoadBalancerNotFound');
  });
});

describe('catalogues', () => {
  it('DescribeSSLPolicies: the default ELBSecurityPolicy-2016-08 and the TLS 1.3 policies with protocols and ranked ciphers', async () => {
    const all = (await elb.send(new DescribeSSLPoliciesCommand({}))).SslPolicies!;
    const names = all.map((p) => p.Name);
    for (const n of ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-TLS-1-2-2017-01']) assert.ok(names.includes(n), n);
    const d = (await elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-2016-08'], LoadBalancerType: 'network' }))).SslPolicies!;
    assert.equal(d.length, 1);
    assert.deepEqual(d[0]!.SslProtocols, ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(d[0]!.Ciphers![0], { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 1 });
    const t13 = (await elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-TLS13-1-3-2021-06'] }))).SslPolicies![0]!;
    assert.deepEqual(t13.SslProtocols, ['TLSv1.3']);
    await elbRejects(elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-None'] })), 'SSLPolicyNotFound');
    const page = await elb.send(new DescribeSSLPoliciesCommand({ PageSize: 5 }));
    assert.equal(page.SslPolicies!.length, 5);
    assert.equal(page.NextMarker, '5');
  });
  it('DescribeAccountLimits: AWS default quotas by name, paged', async () => {
    const limits = Object.fromEntries((await elb.send(new DescribeAccountLimitsCommand({}))).Limits!.map((l) => [l.Name, l.Max]));
    assert.equal(limits['network-load-balancers'], '50');
    assert.equal(limits['target-groups'], '3000');
    assert.equal(limits['listeners-per-network-load-balancer'], '50');
    const page = await elb.send(new DescribeAccountLimitsCommand({ PageSize: 2 }));
    assert.equal(page.Limits!.length, 2);
    assert.equal(page.NextMarker, '2');
    await elbRejects(elb.send(new DescribeAccountLimitsCommand({ PageSize: 0 })), 'ValidationError');
  });
});
