/**
 * @module EC2 and ELBv2 calls are authorized by the caller's identity policies as in AWS: an IAM user without an
 * allowing policy gets UnauthorizedOperation (EC2, DryRun included) or AccessDenied (ELBv2); account roots and
 * 12-digit keys keep full access.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startHarness, type Harness } from './harness.js';

const A = '363636363636';
let h: Harness;
let creds: { accessKeyId: string; secretAccessKey: string };
const clients: { destroy(): void }[] = [];

const cfg = () => ({ endpoint: h.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
function ec2(): EC2Client { const c = new EC2Client(cfg()); clients.push(c); return c; }
function elb(): ElasticLoadBalancingV2Client { const c = new ElasticLoadBalancingV2Client(cfg()); clients.push(c); return c; }

async function refused(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.Code ?? e.name, code, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, 403);
    assert.match(e.message, message);
    return true;
  });
}

before(async () => {
  h = await startHarness();
  const iam = h.iam(A);
  await iam.send(new CreateUserCommand({ UserName: 'netops' }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'netops' }))).AccessKey!;
  creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
});
after(async () => {
  for (const c of clients) c.destroy();
  await h.close();
});

describe('control-plane authorization ("Identity-based policies for Amazon EC2")', () => {
  it('a user without policies: EC2 UnauthorizedOperation 403 (DryRun too), ELBv2 AccessDenied 403', async () => {
    await refused(ec2().send(new DescribeVpcsCommand({})), 'UnauthorizedOperation', /User: arn:aws:iam::363636363636:user\/netops is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action/);
    await refused(ec2().send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', DryRun: true })), 'UnauthorizedOperation', /ec2:CreateVpc/);
    await refused(elb().send(new DescribeLoadBalancersCommand({})), 'AccessDenied', /elasticloadbalancing:DescribeLoadBalancers/);
  });

  it('an allowing identity policy opens exactly its actions; DryRun then answers DryRunOperation', async () => {
    await h.iam(A).send(new PutUserPolicyCommand({ UserName: 'netops', PolicyName: 'describe', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:CreateVpc'], Resource: '*' }, { Effect: 'Deny', Action: 'ec2:DeleteVpc', Resource: '*' }],
    }) }));
    const vpcs = await ec2().send(new DescribeVpcsCommand({}));
    assert.ok(Array.isArray(vpcs.Vpcs));
    await assert.rejects(ec2().send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', DryRun: true })), (e: Error) => e.name === 'DryRunOperation');
    const { DeleteVpcCommand } = await import('@aws-sdk/client-ec2');
    await refused(ec2().send(new DeleteVpcCommand({ VpcId: 'vpc-0123456789abcdef0' })), 'UnauthorizedOperation', /with an explicit deny in an identity-based policy/);
  });

  it('account roots keep full access', async () => {
    const root = h.ec2(A);
    assert.ok((await root.send(new DescribeVpcsCommand({}))).Vpcs!.length >= 1, 'the default VPC');
  });
});
