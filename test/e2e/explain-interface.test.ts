/** @module The policy hop through an interface endpoint, end to end: an S3 interface endpoint (private DNS) built through @aws-sdk/client-ec2, its endpoint policy denying s3:GetObject, explained with `explain` over the harness world. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
  EC2Client, ModifyVpcAttributeCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { NetworkCompiler } from '../../src/engine/compile.js';
import { explain, type ExplainResult } from '../../src/engine/request.js';
import { startHarness, type Harness } from './harness.js';

const ACCOUNT = '555555555555';
const REGION = 'us-east-1';

/** AWS ("Control access to VPC endpoints using endpoint policies"): an explicit Deny in the endpoint policy wins. */
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
    { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
  ],
});

let h: Harness;
let ec2: EC2Client;
let instance = '';
let endpointId = '';

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT, REGION);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.45.0.0/16' }))).Vpc!.VpcId!;
  // AWS: private DNS for an interface endpoint needs enableDnsSupport and enableDnsHostnames.
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.45.1.0/24' }))).Subnet!.SubnetId!;
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'endpoint', Description: 'endpoint', VpcId: vpcId }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.45.0.0/16' }] }] }));
  endpointId = (await ec2.send(new CreateVpcEndpointCommand({
    VpcEndpointType: 'Interface', VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, SubnetIds: [subnet], SecurityGroupIds: [sg],
    PrivateDnsEnabled: true, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: false }, PolicyDocument: POLICY,
  }))).VpcEndpoint!.VpcEndpointId!;
  instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: subnet }))).Instances![0]!.InstanceId!;
});
after(async () => { await h.close(); });

function run(to: string): Extract<ExplainResult, { ok: true }> {
  const r = explain(new NetworkCompiler(h.world).view(), { account: ACCOUNT, region: REGION, from: instance, to });
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

function summary(r: Extract<ExplainResult, { ok: true }>): string {
  return [JSON.stringify(r.trace.disposition), ...r.trace.steps.map((s) => `  ${s.kind} ${s.resourceId} ${s.verdict}: ${s.note}`)].join('\n');
}

describe('explain through an interface endpoint', () => {
  it('the endpoint policy denies s3:GetObject: deniedByPolicy, after the network path reached the interface endpoint', () => {
    const r = run('s3://reports/q3.csv');
    const why = summary(r);
    assert.equal(r.trace.disposition.kind, 'deniedByPolicy', why);
    const dns = r.trace.steps.find((s) => s.kind === 'dns');
    assert.equal(dns?.decidedBy.by === 'dnsRecord' ? dns.decidedBy.record : undefined, 'interfaceEndpointPrivateDns', why);
    assert.ok(r.trace.steps.some((s) => s.kind === 'vpcEndpoint' && s.resourceId === endpointId && s.verdict === 'deliver'), why);
    const last = r.trace.steps.at(-1)!;
    assert.equal(last.resourceId, endpointId, why);
    assert.equal(last.verdict, 'deny', why);
    assert.equal(r.trace.policy?.decision.decision, 'ExplicitDeny', why);
    assert.equal(r.trace.policy?.endpoint?.vpcEndpointId, endpointId, why);
    // AWS (global condition keys): through a VPC endpoint the request carries aws:SourceVpce, never aws:SourceIp.
    assert.equal(r.trace.policy?.context['aws:SourceVpce'], endpointId, why);
    assert.equal(r.trace.policy?.context['aws:SourceIp'], undefined, why);
  });

  it('the same endpoint allows s3:ListBucket: delivered to s3 via the interface endpoint', () => {
    const r = run('s3://reports');
    const why = summary(r);
    assert.equal(r.trace.disposition.kind, 'delivered', why);
    assert.equal(r.trace.disposition.kind === 'delivered' ? r.trace.disposition.to.type : '', 'awsService', why);
    assert.equal(r.trace.policy?.decision.decision, 'Allow', why);
  });
});
