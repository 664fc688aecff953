/** @module ELBv2 (plain Query protocol) through @aws-sdk/client-elastic-load-balancing-v2, on the same server as EC2. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSubnetCommand, CreateVpcCommand, DescribeNetworkInterfacesCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeleteListenerCommand, DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand, DeregisterTargetsCommand, DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand, RegisterTargetsCommand, type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbRejects, startHarness, type Harness } from './harness.js';

let h: Harness;
let ec2: EC2Client;
let elb: ElasticLoadBalancingV2Client;
let vpcId: string;
let subnetA: string;
let subnetB: string;
let subnetA2: string;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2('222222222222');
  elb = h.elbv2('222222222222');
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  subnetA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  subnetB = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
  subnetA2 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.3.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
});
after(async () => { await h.close(); });

describe('ELBv2 load balancers', () => {
  it('CreateLoadBalancer (network, internal): ARN, DNS name, zones, active, one requester-managed ENI per subnet', async () => {
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'svc-nlb', Type: 'network', Scheme: 'internal', Subnets: [subnetA, subnetB], Tags: [{ Key: 'team', Value: 'x' }] }))).LoadBalancers![0]!;
    assert.match(lb.LoadBalancerArn!, /^arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer\/net\/svc-nlb\/[0-9a-f]{16}$/);
    assert.match(lb.DNSName!, /^svc-nlb-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
    assert.equal(lb.State!.Code, 'active');
    assert.equal(lb.Type, 'network');
    assert.equal(lb.VpcId, vpcId);
    assert.deepEqual(lb.AvailabilityZones!.map((z) => [z.ZoneName, z.SubnetId]), [['us-east-1a', subnetA], ['us-east-1b', subnetB]]);
    const id = lb.LoadBalancerArn!.split('/').slice(1).join('/');
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).NetworkInterfaces!;
    const mine = enis.filter((e) => e.Description === `ELB ${id}`);
    assert.equal(mine.length, 2);
    assert.ok(mine.every((e) => e.RequesterManaged === true && e.InterfaceType === 'network_load_balancer'));
    // AWS: "If you attempt to create multiple load balancers with the same settings, each call succeeds."
    const again = (await elb.send(new CreateLoadBalancerCommand({ Name: 'svc-nlb', Type: 'network', Scheme: 'internal', Subnets: [subnetA, subnetB] }))).LoadBalancers![0]!;
    assert.equal(again.LoadBalancerArn, lb.LoadBalancerArn);
  });
  it('DuplicateLoadBalancerName: same name, different settings', async () => {
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'svc-nlb', Type: 'network', Scheme: 'internal', Subnets: [subnetA] })), 'DuplicateLoadBalancerName');
  });
  it('AWS "only one subnet per Availability Zone": InvalidConfigurationRequest', async () => {
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'two-a', Type: 'network', Scheme: 'internal', Subnets: [subnetA, subnetA2] })), 'InvalidConfigurationRequest');
  });
  it('SubnetNotFound for an unknown subnet; InvalidSubnet for subnets of two VPCs or internet-facing without IGW', async () => {
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'nosub', Type: 'network', Scheme: 'internal', Subnets: ['subnet-0123456789abcdef0'] })), 'SubnetNotFound');
    const vpc2 = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16' }))).Vpc!.VpcId!;
    const other = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc2, CidrBlock: '10.41.1.0/24', AvailabilityZone: 'us-east-1c' }))).Subnet!.SubnetId!;
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'twovpc', Type: 'network', Scheme: 'internal', Subnets: [subnetA, other] })), 'InvalidSubnet');
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'public', Type: 'network', Subnets: [subnetA] })), 'InvalidSubnet');
  });
  it('InvalidSecurityGroup: a group of another VPC; DuplicateTagKeys; ValidationError for a bad name and a missing Name', async () => {
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'sg', Type: 'network', Scheme: 'internal', Subnets: [subnetA], SecurityGroups: ['sg-0123456789abcdef0'] })), 'InvalidSecurityGroup');
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'tags', Type: 'network', Scheme: 'internal', Subnets: [subnetA], Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] })), 'DuplicateTagKeys');
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: '-bad-', Type: 'network', Scheme: 'internal', Subnets: [subnetA] })), 'ValidationError');
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Type: 'network', Subnets: [subnetA] } as never)), 'ValidationError');
    // AWS: an Application Load Balancer needs subnets in at least two Availability Zones.
    await elbRejects(elb.send(new CreateLoadBalancerCommand({ Name: 'alb1', Type: 'application', Scheme: 'internal', Subnets: [subnetA] })), 'ValidationError');
  });
  it('DescribeLoadBalancers by name and ARN; LoadBalancerNotFound', async () => {
    const byName = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['svc-nlb'] }))).LoadBalancers!;
    assert.equal(byName.length, 1);
    const arn = byName[0]!.LoadBalancerArn!;
    assert.equal((await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers![0]!.LoadBalancerName, 'svc-nlb');
    await elbRejects(elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })), 'LoadBalancerNotFound');
    await elbRejects(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn.replace(/[0-9a-f]{16}$/, '0000000000000000')] })), 'LoadBalancerNotFound');
  });
});

describe('ELBv2 target groups, targets, listeners', () => {
  let lbArn: string;
  let tgArn: string;
  let instanceId: string;
  before(async () => {
    lbArn = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['svc-nlb'] }))).LoadBalancers![0]!.LoadBalancerArn!;
    instanceId = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnetA }))).Instances![0]!.InstanceId!;
  });
  it('CreateTargetGroup (TCP, instance); DuplicateTargetGroupName; ValidationError without a VPC', async () => {
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'instance' }))).TargetGroups![0]!;
    tgArn = tg.TargetGroupArn!;
    assert.match(tgArn, /^arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup\/web\/[0-9a-f]{16}$/);
    assert.equal(tg.Protocol, 'TCP');
    await elbRejects(elb.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'UDP', Port: 80, VpcId: vpcId })), 'DuplicateTargetGroupName');
    await elbRejects(elb.send(new CreateTargetGroupCommand({ Name: 'novpc', Protocol: 'TCP', Port: 80 })), 'ValidationError');
  });
  it('RegisterTargets: instances of the VPC; InvalidTarget otherwise; TargetGroupNotFound', async () => {
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: instanceId }] }));
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: 'i-0123456789abcdef0' }] })), 'InvalidTarget');
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn.replace(/[0-9a-f]{16}$/, '0000000000000000'), Targets: [{ Id: instanceId }] })), 'TargetGroupNotFound');
    const ipTg = (await elb.send(new CreateTargetGroupCommand({ Name: 'ips', Protocol: 'TCP', Port: 443, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: ipTg, Targets: [{ Id: '10.40.1.50' }] }));
    await elbRejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: ipTg, Targets: [{ Id: '192.168.0.1' }] })), 'InvalidTarget');
  });
  it('DescribeTargetHealth: unused (Target.NotInUse) until a listener forwards, then healthy for a running instance', async () => {
    let d = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions!;
    assert.equal(d[0]!.TargetHealth!.State, 'unused');
    assert.equal(d[0]!.TargetHealth!.Reason, 'Target.NotInUse');
    const l = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] }))).Listeners![0]!;
    assert.match(l.ListenerArn!, /:listener\/net\/svc-nlb\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    d = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions!;
    assert.deepEqual(d.map((x) => [x.Target!.Id, x.Target!.Port, x.TargetHealth!.State]), [[instanceId, 80, 'healthy']]);
    const tgs = (await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }))).TargetGroups!;
    assert.deepEqual(tgs.map((t) => t.LoadBalancerArns), [[lbArn]]);
  });
  it('CreateListener errors: DuplicateListener, UnsupportedProtocol, IncompatibleProtocols, TargetGroupAssociationLimit, LoadBalancerNotFound', async () => {
    await elbRejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: (await elb.send(new CreateTargetGroupCommand({ Name: 'other', Protocol: 'TCP', Port: 81, VpcId: vpcId }))).TargetGroups![0]!.TargetGroupArn! }] })), 'DuplicateListener');
    await elbRejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] })), 'UnsupportedProtocol');
    const udp = (await elb.send(new CreateTargetGroupCommand({ Name: 'udp', Protocol: 'UDP', Port: 53, VpcId: vpcId }))).TargetGroups![0]!.TargetGroupArn!;
    await elbRejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'TCP', Port: 53, DefaultActions: [{ Type: 'forward', TargetGroupArn: udp }] })), 'IncompatibleProtocols');
    const lb2 = (await elb.send(new CreateLoadBalancerCommand({ Name: 'nlb2', Type: 'network', Scheme: 'internal', Subnets: [subnetB] }))).LoadBalancers![0]!.LoadBalancerArn!;
    await elbRejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: lb2, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] })), 'TargetGroupAssociationLimit');
    await elbRejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn.replace(/[0-9a-f]{16}$/, '0000000000000000'), Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }] })), 'LoadBalancerNotFound');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb2 }));
  });
  it('AWS "You can\'t delete a target group if it is used by a listener": ResourceInUse; then DeleteListener, ListenerNotFound', async () => {
    await elbRejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn })), 'ResourceInUse');
    const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners!;
    assert.equal(listeners.length, 1);
    await elb.send(new DeleteListenerCommand({ ListenerArn: listeners[0]!.ListenerArn! }));
    await elbRejects(elb.send(new DeleteListenerCommand({ ListenerArn: listeners[0]!.ListenerArn! })), 'ListenerNotFound');
    await elbRejects(elb.send(new DescribeListenersCommand({ ListenerArns: [listeners[0]!.ListenerArn!] })), 'ListenerNotFound');
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: instanceId }] }));
    assert.deepEqual((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions, []);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
    await elbRejects(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] })), 'TargetGroupNotFound');
  });
  it('AWS DeleteLoadBalancer: "If the load balancer does not exist or has already been deleted, the call succeeds"; ENIs go with it', async () => {
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'gone', Type: 'network', Scheme: 'internal', Subnets: [subnetB] }))).LoadBalancers![0]!.LoadBalancerArn!;
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb }));
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [`ELB net/gone/*`] }] }))).NetworkInterfaces!;
    assert.equal(enis.length, 0);
  });
  it('an unknown ELBv2 action answers InvalidAction in the Query error format', async () => {
    const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=222222222222/20240101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=x' }, body: 'Action=Nope&Version=2015-12-01' });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });
});
