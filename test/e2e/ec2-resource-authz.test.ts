/**
 * @module EC2 resource-level permissions over HTTP with the AWS SDK: IAM users whose policies name EC2 resource
 * ARNs, resource tags and request tags, as the Service Authorization Reference ("Actions, resources, and
 * condition keys for Amazon EC2") defines the resources of each action.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand, DeleteVpcCommand, DescribeSubnetsCommand, DescribeVpcsCommand,
  EC2Client, RunInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { iamUserWith, refusedWith, startHarness, type Harness } from './harness.js';

const A = '474747474747';
const REGION = 'us-east-1';
const arn = (type: string, id: string): string => `arn:aws:ec2:${REGION}:${A}:${type}/${id}`;
let h: Harness;
let root: EC2Client;

/** An IAM user of account A with one inline policy, and an EC2 client signed with its access key. */
async function userWith(name: string, statements: readonly Record<string, unknown>[]): Promise<EC2Client> {
  return h.ec2(await iamUserWith(h, A, name, statements), REGION);
}

/** AWS: EC2 answers a refused call UnauthorizedOperation (403), naming the action and resource. */
const refused = (p: Promise<unknown>, message: RegExp): Promise<void> => refusedWith(p, 'UnauthorizedOperation', message);

const tags = (type: string, t: Record<string, string>) => [{ ResourceType: type as 'vpc', Tags: Object.entries(t).map(([Key, Value]) => ({ Key, Value })) }];

async function vpc(cidr: string, t: Record<string, string> = {}): Promise<string> {
  return (await root.send(new CreateVpcCommand({ CidrBlock: cidr, ...(Object.keys(t).length > 0 ? { TagSpecifications: tags('vpc', t) } : {}) }))).Vpc!.VpcId!;
}

before(async () => {
  h = await startHarness();
  root = h.ec2(A, REGION);
});
after(async () => { await h.close(); });

describe('EC2 resource-level permissions ("Actions, resources, and condition keys for Amazon EC2")', () => {
  it('a Deny of ec2:DeleteVpc on one VPC ARN refuses that VPC only (DeleteVpc is authorized on arn:...:vpc/<id>), DryRun too', async () => {
    const prod = await vpc('10.10.0.0/16');
    const other = await vpc('10.11.0.0/16');
    const user = await userWith('vpc-admin', [
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ec2:DeleteVpc', Resource: arn('vpc', prod) },
    ]);
    await user.send(new DeleteVpcCommand({ VpcId: other }));
    const message = new RegExp(`not authorized to perform: ec2:DeleteVpc on resource: ${arn('vpc', prod)} with an explicit deny in an identity-based policy`);
    await refused(user.send(new DeleteVpcCommand({ VpcId: prod })), message);
    await refused(user.send(new DeleteVpcCommand({ VpcId: prod, DryRun: true })), message);
    const left = await root.send(new DescribeVpcsCommand({ VpcIds: [prod] }));
    assert.equal(left.Vpcs?.length, 1, 'the denied VPC is still there');
  });

  it('CreateSubnet allowed on vpc/<id> and subnet/* (the VPC and the subnet being created) works in that VPC only', async () => {
    const mine = await vpc('10.20.0.0/16');
    const theirs = await vpc('10.21.0.0/16');
    const user = await userWith('subnet-maker', [
      { Effect: 'Allow', Action: 'ec2:CreateSubnet', Resource: [arn('vpc', mine), arn('subnet', '*')] },
      { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
    ]);
    const made = await user.send(new CreateSubnetCommand({ VpcId: mine, CidrBlock: '10.20.1.0/24' }));
    assert.equal(made.Subnet?.VpcId, mine);
    await refused(user.send(new CreateSubnetCommand({ VpcId: theirs, CidrBlock: '10.21.1.0/24' })),
      new RegExp(`ec2:CreateSubnet on resource: ${arn('vpc', theirs)} because no identity-based policy allows the ec2:CreateSubnet action`));
  });

  it('CreateSubnet allowed on the VPC but not on subnet/* is refused on the subnet being created', async () => {
    const mine = await vpc('10.22.0.0/16');
    const user = await userWith('vpc-only', [{ Effect: 'Allow', Action: 'ec2:CreateSubnet', Resource: arn('vpc', mine) }]);
    await refused(user.send(new CreateSubnetCommand({ VpcId: mine, CidrBlock: '10.22.1.0/24' })), new RegExp(`on resource: ${arn('subnet', '\\*')} because`));
  });

  it('an aws:RequestTag/team condition on CreateVpc; tagging on creation also needs ec2:CreateTags ("Grant permission to tag resources during creation", ec2:CreateAction)', async () => {
    const onlyCreate = { Effect: 'Allow', Action: 'ec2:CreateVpc', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'net' } } };
    const user = await userWith('tagged-creator', [
      onlyCreate,
      { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { StringEquals: { 'ec2:CreateAction': 'CreateVpc' } } },
    ]);
    const made = await user.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16', TagSpecifications: tags('vpc', { team: 'net' }) }));
    assert.deepEqual(made.Vpc?.Tags, [{ Key: 'team', Value: 'net' }]);
    await refused(user.send(new CreateVpcCommand({ CidrBlock: '10.31.0.0/16', TagSpecifications: tags('vpc', { team: 'ops' }) })), new RegExp(`ec2:CreateVpc on resource: ${arn('vpc', '\\*')}`));
    // No tag: the condition key is absent, so StringEquals does not match.
    await refused(user.send(new CreateVpcCommand({ CidrBlock: '10.32.0.0/16' })), /ec2:CreateVpc/);
    // ec2:CreateTags is authorized on the VPC being created, for the tags the request gives it.
    const noTagging = await userWith('untagged-creator', [onlyCreate]);
    await refused(noTagging.send(new CreateVpcCommand({ CidrBlock: '10.33.0.0/16', TagSpecifications: tags('vpc', { team: 'net' }) })),
      new RegExp(`ec2:CreateTags on resource: ${arn('vpc', '\\*')} because no identity-based policy allows the ec2:CreateTags action`));
  });

  it('a Deny on aws:ResourceTag/env = prod stops DeleteSubnet and TerminateInstances on prod-tagged resources only', async () => {
    const v = await vpc('10.40.0.0/16');
    const subnet = async (cidr: string, env: string) => (await root.send(new CreateSubnetCommand({ VpcId: v, CidrBlock: cidr, TagSpecifications: tags('subnet', { env }) }))).Subnet!.SubnetId!;
    const prod = await subnet('10.40.1.0/24', 'prod');
    const dev = await subnet('10.40.2.0/24', 'dev');
    const apps = await subnet('10.40.3.0/24', 'apps');
    const instance = async (env: string) => (await root.send(new RunInstancesCommand({
      ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: apps, TagSpecifications: tags('instance', { env }),
    }))).Instances![0]!.InstanceId!;
    const prodInstance = await instance('prod');
    const devInstance = await instance('dev');
    const user = await userWith('cleaner', [
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      { Effect: 'Deny', Action: ['ec2:DeleteSubnet', 'ec2:TerminateInstances'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    ]);
    await user.send(new DeleteSubnetCommand({ SubnetId: dev }));
    await refused(user.send(new DeleteSubnetCommand({ SubnetId: prod })), new RegExp(`ec2:DeleteSubnet on resource: ${arn('subnet', prod)} with an explicit deny`));
    await user.send(new TerminateInstancesCommand({ InstanceIds: [devInstance] }));
    await refused(user.send(new TerminateInstancesCommand({ InstanceIds: [devInstance, prodInstance] })), new RegExp(`on resource: ${arn('instance', prodInstance)} with an explicit deny`));
    const still = await root.send(new DescribeSubnetsCommand({ SubnetIds: [prod] }));
    assert.equal(still.Subnets?.length, 1);
  });

  it('Describe actions have no resource types: ec2:Describe* on * still allows them, and nothing else', async () => {
    const v = await vpc('10.50.0.0/16');
    const user = await userWith('reader', [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]);
    const seen = await user.send(new DescribeVpcsCommand({ VpcIds: [v] }));
    assert.equal(seen.Vpcs?.[0]?.VpcId, v);
    await refused(user.send(new DeleteVpcCommand({ VpcId: v })), new RegExp(`ec2:DeleteVpc on resource: ${arn('vpc', v)} because`));
  });
});
