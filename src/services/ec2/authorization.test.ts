/**
 * @module The resources each EC2 call is authorized on, per the Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon EC2"): ARNs, created `<type>/*` resources and the context of each.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { World, GLOBAL } from '../../model/world.js';
import { memoryStore } from '../../persistence/memory-store.js';
import { seededIdGen } from '../../shared/ids.js';
import { fixedClock } from '../../shared/clock.js';
import type { Ec2OperationName, Ec2Operations } from '../../specs/ec2-types.js';
import { makeEc2Context } from './context.js';
import { ec2Handlers } from './index.js';
import { ec2AccessQueries, ec2Arn } from './authorization.js';
import type { AccessQuery } from '../call.js';

const A = '111122223333';
const R = 'us-east-1';
let world: World;

function run<Op extends Ec2OperationName>(op: Op, input: Ec2Operations[Op]['input']): Ec2Operations[Op]['output'] {
  const handler = ec2Handlers[op] as unknown as (ctx: unknown, input: unknown) => Ec2Operations[Op]['output'];
  return handler(makeEc2Context(world, A, R, 'req', false), input);
}

function queries(op: string, input: Record<string, unknown>): AccessQuery[] {
  const ctx = makeEc2Context(world, A, R, 'req', false);
  return ec2AccessQueries(op, input, { account: A, region: R }, { local: () => ctx.read(), global: () => world.partition(GLOBAL) });
}

const arn = (type: string, id: string | undefined): string => `arn:aws:ec2:${R}:${A}:${type}/${id ?? "?"}`;

beforeEach(() => {
  world = new World(memoryStore(), seededIdGen(3), fixedClock());
});

describe('EC2 resource-level authorization ("Actions, resources, and condition keys for Amazon EC2")', () => {
  it('a Describe action has no resource types: one question on *, with ec2:Region', () => {
    const q = queries('DescribeVpcs', {});
    assert.deepEqual(q, [{ action: 'ec2:DescribeVpcs', resource: '*', resourceAccount: A, context: { 'ec2:Region': R } }]);
  });

  it('DeleteVpc is authorized on the VPC ARN with its tags (aws:ResourceTag, ec2:ResourceTag), ec2:VpcID and ec2:Tenancy', () => {
    const vpc = run('CreateVpc', { CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'env', Value: 'prod' }] }] }).Vpc!;
    const [q, ...rest] = queries('DeleteVpc', { VpcId: vpc.VpcId });
    assert.equal(rest.length, 0);
    assert.equal(q!.resource, arn('vpc', vpc.VpcId!));
    assert.equal(q!.resourceAccount, A);
    assert.deepEqual(q!.context, {
      'ec2:VpcID': vpc.VpcId, 'aws:ResourceTag/env': 'prod', 'ec2:ResourceTag/env': 'prod', 'ec2:Tenancy': 'default', 'ec2:Region': R,
    });
  });

  it('a VPC that does not exist still has its ARN (AWS builds it from the id; the handler then answers NotFound)', () => {
    const [q] = queries('DeleteVpc', { VpcId: 'vpc-0123456789abcdef0' });
    assert.equal(q!.resource, arn('vpc', 'vpc-0123456789abcdef0'));
    assert.deepEqual(q!.context, { 'ec2:VpcID': 'vpc-0123456789abcdef0', 'ec2:Region': R });
  });

  it('CreateSubnet: the subnet being created as subnet/* with aws:RequestTag and aws:TagKeys, the VPC by ARN, then ec2:CreateTags for the tags', () => {
    const vpc = run('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc!;
    const q = queries('CreateSubnet', {
      VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24',
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'team', Value: 'net' }, { Key: 'cost', Value: '7' }] }],
    });
    assert.deepEqual(q.map((x) => [x.action, x.resource]), [
      ['ec2:CreateSubnet', arn('subnet', '*')],
      ['ec2:CreateSubnet', arn('vpc', vpc.VpcId!)],
      ['ec2:CreateTags', arn('subnet', '*')],
    ]);
    assert.deepEqual(q[0]!.context, { 'aws:RequestTag/team': 'net', 'aws:RequestTag/cost': '7', 'aws:TagKeys': ['team', 'cost'], 'ec2:Region': R });
    assert.deepEqual(q[1]!.context, { 'ec2:VpcID': vpc.VpcId, 'ec2:Tenancy': 'default', 'ec2:Region': R });
    assert.deepEqual(q[2]!.context, {
      'aws:RequestTag/team': 'net', 'aws:RequestTag/cost': '7', 'aws:TagKeys': ['team', 'cost'], 'ec2:CreateAction': 'CreateSubnet', 'ec2:Region': R,
    });
  });

  it('CreateVpcEndpoint: the VPC, every route table, subnet and security group named, and vpc-endpoint/*', () => {
    const vpc = run('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc!;
    const rt1 = run('CreateRouteTable', { VpcId: vpc.VpcId! }).RouteTable!;
    const rt2 = run('CreateRouteTable', { VpcId: vpc.VpcId!, TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'tier', Value: 'app' }] }] }).RouteTable!;
    const sn = run('CreateSubnet', { VpcId: vpc.VpcId!, CidrBlock: '10.0.1.0/24' }).Subnet!;
    const sg = run('CreateSecurityGroup', { VpcId: vpc.VpcId!, GroupName: 'web', Description: 'web' });
    const service = `com.amazonaws.${R}.s3`;
    const q = queries('CreateVpcEndpoint', {
      VpcId: vpc.VpcId, ServiceName: service, RouteTableIds: [rt1.RouteTableId, rt2.RouteTableId, rt1.RouteTableId],
      SubnetIds: [sn.SubnetId], SecurityGroupIds: [sg.GroupId],
    });
    assert.deepEqual(q.map((x) => x.resource), [
      arn('route-table', rt1.RouteTableId!), arn('route-table', rt2.RouteTableId!), arn('security-group', sg.GroupId!),
      arn('subnet', sn.SubnetId!), arn('vpc', vpc.VpcId!), arn('vpc-endpoint', '*'),
    ]);
    assert.ok(q.every((x) => x.action === 'ec2:CreateVpcEndpoint'), 'no tags: no ec2:CreateTags question');
    assert.deepEqual(q[1]!.context, { 'ec2:RouteTableID': rt2.RouteTableId, 'aws:ResourceTag/tier': 'app', 'ec2:ResourceTag/tier': 'app', 'ec2:Region': R });
    // The reference lists no ec2:Vpc for this action's subnet: it is left out.
    assert.deepEqual(q[3]!.context, { 'ec2:SubnetID': sn.SubnetId, 'ec2:Region': R });
    assert.deepEqual(q[5]!.context, { 'ec2:VpceServiceName': service, 'ec2:VpceServiceRegion': R, 'ec2:Region': R });
  });

  it('CreateTags: each resource by its id type, with the tags being set (aws:RequestTag, aws:TagKeys) and its own', () => {
    const vpc = run('CreateVpc', { CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'env', Value: 'dev' }] }] }).Vpc!;
    const sn = run('CreateSubnet', { VpcId: vpc.VpcId!, CidrBlock: '10.0.1.0/24' }).Subnet!;
    const q = queries('CreateTags', { Resources: [vpc.VpcId, sn.SubnetId, 'bogus-id'], Tags: [{ Key: 'owner', Value: 'me' }] });
    assert.deepEqual(q.map((x) => x.resource), [arn('vpc', vpc.VpcId!), arn('subnet', sn.SubnetId!)]);
    assert.deepEqual(q[0]!.context, {
      'ec2:VpcID': vpc.VpcId!, 'aws:ResourceTag/env': 'dev', 'ec2:ResourceTag/env': 'dev', 'ec2:Tenancy': 'default',
      'aws:RequestTag/owner': 'me', 'aws:TagKeys': ['owner'], 'ec2:Region': R,
    });
    assert.deepEqual(q[1]!.context, {
      'ec2:SubnetID': sn.SubnetId!, 'ec2:Vpc': arn('vpc', vpc.VpcId!), 'ec2:AvailabilityZone': sn.AvailabilityZone, 'ec2:AvailabilityZoneId': sn.AvailabilityZoneId,
      'aws:RequestTag/owner': 'me', 'aws:TagKeys': ['owner'], 'ec2:Region': R,
    });
  });

  it('DisassociateRouteTable: the association id stands for its route table and subnet (found in the model)', () => {
    const vpc = run('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc!;
    const rt = run('CreateRouteTable', { VpcId: vpc.VpcId! }).RouteTable!;
    const sn = run('CreateSubnet', { VpcId: vpc.VpcId!, CidrBlock: '10.0.1.0/24' }).Subnet!;
    const { AssociationId } = run('AssociateRouteTable', { RouteTableId: rt.RouteTableId!, SubnetId: sn.SubnetId! });
    const q = queries('DisassociateRouteTable', { AssociationId });
    assert.deepEqual(q.map((x) => x.resource), [arn('route-table', rt.RouteTableId!), arn('subnet', sn.SubnetId!)]);
    assert.equal(q[0]!.context!['ec2:Vpc'], arn('vpc', vpc.VpcId!));
    assert.equal(q[1]!.context!['ec2:SubnetID'], sn.SubnetId);
    // An unknown association names nothing: the action's types are all optional, so it is authorized on `*`.
    assert.deepEqual(queries('DisassociateRouteTable', { AssociationId: 'rtbassoc-0123456789abcdef0' }).map((x) => x.resource), ['*']);
  });

  it('AcceptVpcPeeringConnection: the accepter VPC and the connection, with ec2:AccepterVpc and ec2:RequesterVpc', () => {
    const requester = run('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc!.VpcId!;
    const accepter = run('CreateVpc', { CidrBlock: '10.1.0.0/16' }).Vpc!.VpcId!;
    const pcx = run('CreateVpcPeeringConnection', { VpcId: requester, PeerVpcId: accepter }).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const q = queries('AcceptVpcPeeringConnection', { VpcPeeringConnectionId: pcx });
    assert.deepEqual(q.map((x) => x.resource), [arn('vpc', accepter), arn('vpc-peering-connection', pcx)]);
    assert.deepEqual(q[1]!.context, {
      'ec2:VpcPeeringConnectionID': pcx, 'ec2:RequesterVpc': arn('vpc', requester), 'ec2:AccepterVpc': arn('vpc', accepter), 'ec2:Region': R,
    });
  });

  it('a required type the request does not name is authorized as <type>/* (RunInstances without a subnet or groups)', () => {
    const q = queries('RunInstances', { ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 });
    assert.deepEqual(q.map((x) => x.resource), [
      `arn:aws:ec2:${R}::image/ami-0123456789abcdef0`, arn('instance', '*'), arn('network-interface', '*'), arn('security-group', '*'), arn('subnet', '*'),
    ]);
  });

  it('only members of the types the action lists count (CreateRoute is authorized on its route table alone)', () => {
    const q = queries('CreateRoute', { RouteTableId: 'rtb-0123456789abcdef0', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0', NatGatewayId: 'nat-0123456789abcdef0' });
    assert.deepEqual(q.map((x) => x.resource), [arn('route-table', 'rtb-0123456789abcdef0')]);
  });

  it('GroupName is looked up in the default VPC, as the handlers do; an unknown name is skipped (the group stays required: *)', () => {
    run('DescribeVpcs', {});
    const def = [...world.partition(`${A}/${R}`).list('securityGroup')].find((g) => g.groupName === 'default')!;
    assert.deepEqual(queries('AuthorizeSecurityGroupIngress', { GroupName: 'default' }).map((x) => x.resource), [arn('security-group', def.id)]);
    assert.deepEqual(queries('DeleteSecurityGroup', { GroupName: 'nope' }).map((x) => x.resource), [arn('security-group', '*')]);
    assert.deepEqual(queries('DeleteSecurityGroup', { GroupId: 'sg-0123456789abcdef0', GroupName: 'default' }).map((x) => x.resource), [arn('security-group', 'sg-0123456789abcdef0')]);
  });

  it('an optional created type takes part only when tagged (security-group-rule on AuthorizeSecurityGroupIngress)', () => {
    const tagged = queries('AuthorizeSecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'k', Value: 'v' }] }] });
    assert.deepEqual(tagged.map((x) => [x.action, x.resource]), [
      ['ec2:AuthorizeSecurityGroupIngress', arn('security-group', 'sg-0123456789abcdef0')],
      ['ec2:AuthorizeSecurityGroupIngress', arn('security-group-rule', '*')],
      ['ec2:CreateTags', arn('security-group-rule', '*')],
    ]);
    assert.equal(queries('AuthorizeSecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0' }).length, 1);
  });

  it('ARNs follow the reference templates; an id is never read as a replacement pattern', () => {
    assert.equal(ec2Arn('vpc', R, A, 'vpc-$&'), arn('vpc', 'vpc-$&'));
    assert.equal(ec2Arn('image', R, A, 'ami-1'), `arn:aws:ec2:${R}::image/ami-1`);
    assert.equal(ec2Arn('natgateway', R, A, 'nat-1'), arn('natgateway', 'nat-1'));
  });
});
