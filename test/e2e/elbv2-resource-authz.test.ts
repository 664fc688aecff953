/**
 * @module ELBv2 resource-level permissions over HTTP with the AWS SDK: IAM users whose policies name load balancer
 * and target group ARNs, resource tags and request tags, as the Service Authorization Reference ("Actions,
 * resources, and condition keys for Elastic Load Balancing V2") defines the resources of each action.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand, CreateTargetGroupCommand, DeleteLoadBalancerCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { iamUserWith, refusedWith, startHarness, type Harness } from './harness.js';

const A = '484848484848';
const REGION = 'us-east-1';
const elbArn = (resource: string): string => `arn:aws:elasticloadbalancing:${REGION}:${A}:${resource}`;
/** A string as a literal inside a RegExp. */
const lit = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
let h: Harness;
let root: ElasticLoadBalancingV2Client;
let vpcId: string;
let subnets: string[];

/** An IAM user of account A with one inline policy, and an ELBv2 client signed with its access key. */
async function userWith(name: string, statements: readonly Record<string, unknown>[]): Promise<ElasticLoadBalancingV2Client> {
  return h.elbv2(await iamUserWith(h, A, name, statements), REGION);
}

/** AWS: ELBv2 answers a refused call AccessDenied (403), naming the action and resource. */
const refused = (p: Promise<unknown>, message: RegExp): Promise<void> => refusedWith(p, 'AccessDenied', message);

async function nlb(name: string): Promise<string> {
  return (await root.send(new CreateLoadBalancerCommand({ Name: name, Type: 'network', Scheme: 'internal', Subnets: subnets }))).LoadBalancers![0]!.LoadBalancerArn!;
}

async function targetGroup(name: string, env: string): Promise<string> {
  return (await root.send(new CreateTargetGroupCommand({
    Name: name, Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip', Tags: [{ Key: 'env', Value: env }],
  }))).TargetGroups![0]!.TargetGroupArn!;
}

before(async () => {
  h = await startHarness();
  root = h.elbv2(A, REGION);
  const ec2 = h.ec2(A, REGION);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
  subnets = [];
  for (const [i, zone] of ['us-east-1a', 'us-east-1b'].entries()) {
    subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.60.${i}.0/24`, AvailabilityZone: zone }))).Subnet!.SubnetId!);
  }
});
after(async () => { await h.close(); });

describe('ELBv2 resource-level permissions ("Actions, resources, and condition keys for Elastic Load Balancing V2")', () => {
  it('a Deny of elasticloadbalancing:DeleteLoadBalancer on one load balancer ARN refuses that one only', async () => {
    const kept = await nlb('kept');
    const other = await nlb('other');
    const user = await userWith('lb-admin', [
      { Effect: 'Allow', Action: 'elasticloadbalancing:*', Resource: '*' },
      { Effect: 'Deny', Action: 'elasticloadbalancing:DeleteLoadBalancer', Resource: kept },
    ]);
    await user.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: other }));
    await refused(user.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: kept })),
      new RegExp(`not authorized to perform: elasticloadbalancing:DeleteLoadBalancer on resource: ${lit(kept)} with an explicit deny in an identity-based policy`));
    const left = await root.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [kept] }));
    assert.equal(left.LoadBalancers?.length, 1, 'the denied load balancer is still there');
    await assert.rejects(root.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [other] })), (e: Error) => e.name === 'LoadBalancerNotFoundException' || /LoadBalancerNotFound/.test(e.name));
  });

  it('CreateLoadBalancer is authorized on loadbalancer/net/<name>/* (the requested Type and Name): a policy on team-* names allows those only', async () => {
    const user = await userWith('lb-maker', [{ Effect: 'Allow', Action: 'elasticloadbalancing:CreateLoadBalancer', Resource: elbArn('loadbalancer/net/team-*') }]);
    const made = await user.send(new CreateLoadBalancerCommand({ Name: 'team-a', Type: 'network', Scheme: 'internal', Subnets: subnets }));
    assert.match(made.LoadBalancers![0]!.LoadBalancerArn!, /:loadbalancer\/net\/team-a\/[0-9a-f]{16}$/);
    await refused(user.send(new CreateLoadBalancerCommand({ Name: 'misc', Type: 'network', Scheme: 'internal', Subnets: subnets })),
      new RegExp(`elasticloadbalancing:CreateLoadBalancer on resource: ${lit(elbArn('loadbalancer/net/misc/*'))} because no identity-based policy allows`));
    // Without Type the load balancer is an Application Load Balancer: loadbalancer/app/team-b/* is not allowed.
    await refused(user.send(new CreateLoadBalancerCommand({ Name: 'team-b', Scheme: 'internal', Subnets: subnets })), new RegExp(lit(elbArn('loadbalancer/app/team-b/*'))));
  });

  it('CreateTargetGroup allowed only with aws:RequestTag/team = net; tags on creation also need elasticloadbalancing:AddTags (elasticloadbalancing:CreateAction)', async () => {
    const onlyCreate = { Effect: 'Allow', Action: 'elasticloadbalancing:CreateTargetGroup', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'net' } } };
    const user = await userWith('tg-maker', [
      onlyCreate,
      { Effect: 'Allow', Action: 'elasticloadbalancing:AddTags', Resource: '*', Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': 'CreateTargetGroup' } } },
    ]);
    const input = (name: string, team?: string) => ({ Name: name, Protocol: 'TCP' as const, Port: 80, VpcId: vpcId, ...(team ? { Tags: [{ Key: 'team', Value: team }] } : {}) });
    const made = await user.send(new CreateTargetGroupCommand(input('net-tg', 'net')));
    assert.match(made.TargetGroups![0]!.TargetGroupArn!, /:targetgroup\/net-tg\/[0-9a-f]{16}$/);
    await refused(user.send(new CreateTargetGroupCommand(input('ops-tg', 'ops'))),
      new RegExp(`elasticloadbalancing:CreateTargetGroup on resource: ${lit(elbArn('targetgroup/ops-tg/*'))} because no identity-based policy allows`));
    // No tag: the condition key is absent, so StringEquals does not match.
    await refused(user.send(new CreateTargetGroupCommand(input('bare-tg'))), /elasticloadbalancing:CreateTargetGroup on resource/);
    const noTagging = await userWith('tg-maker-untagged', [onlyCreate]);
    await refused(noTagging.send(new CreateTargetGroupCommand(input('net-tg2', 'net'))),
      new RegExp(`elasticloadbalancing:AddTags on resource: ${lit(elbArn('targetgroup/net-tg2/*'))} because no identity-based policy allows the elasticloadbalancing:AddTags action`));
  });

  it('a Deny on aws:ResourceTag/env = prod stops RegisterTargets on the prod-tagged target group only', async () => {
    const prod = await targetGroup('prod-ips', 'prod');
    const dev = await targetGroup('dev-ips', 'dev');
    const user = await userWith('registrar', [
      { Effect: 'Allow', Action: 'elasticloadbalancing:*', Resource: '*' },
      { Effect: 'Deny', Action: 'elasticloadbalancing:RegisterTargets', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    ]);
    await user.send(new RegisterTargetsCommand({ TargetGroupArn: dev, Targets: [{ Id: '10.60.0.10' }] }));
    await refused(user.send(new RegisterTargetsCommand({ TargetGroupArn: prod, Targets: [{ Id: '10.60.0.11' }] })),
      new RegExp(`elasticloadbalancing:RegisterTargets on resource: ${lit(prod)} with an explicit deny in an identity-based policy`));
    const health = await root.send(new DescribeTargetHealthCommand({ TargetGroupArn: prod }));
    assert.equal(health.TargetHealthDescriptions?.length, 0, 'nothing was registered in the prod group');
  });

  it('Describe actions have no resource types: elasticloadbalancing:Describe* on * still allows them, and nothing else', async () => {
    const lb = await nlb('seen');
    const tg = await targetGroup('seen-tg', 'dev');
    const user = await userWith('elb-reader', [{ Effect: 'Allow', Action: 'elasticloadbalancing:Describe*', Resource: '*' }]);
    assert.equal((await user.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb] }))).LoadBalancers?.[0]?.LoadBalancerName, 'seen');
    assert.equal((await user.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg] }))).TargetGroups?.[0]?.TargetGroupName, 'seen-tg');
    await user.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    await refused(user.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb })),
      new RegExp(`elasticloadbalancing:DeleteLoadBalancer on resource: ${lit(lb)} because no identity-based policy allows`));
  });
});
