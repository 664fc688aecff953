/**
 * @module The documented VPC endpoint scenarios end to end: requests from instances (credentials from
 * `/_vpce/exec-credentials`, as `vpce exec` gets them) through real SDK v3 clients, each answered by the path and
 * the policies: the object, AccessDenied, or a connection reset.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ModifyVpcEndpointCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand, CreateAccessKeyCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startHarness, type Harness } from './harness.js';
import { execCredentials, gatewayEndpoint, serviceWorld, type ServiceWorld } from './service-world.js';

const A = '515151515151';
const B = '626262626262';
const REGION = 'us-east-1';
const ROOT_A = `arn:aws:iam::${A}:root`;

let h: Harness;
let ec2: EC2Client;
let w: ServiceWorld;

const text = async (s3: S3Client, Bucket: string, Key: string): Promise<string> =>
  (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();

/** S3 client signing as `as` (default: account A's root) from an instance. */
async function s3From(instanceId: string, as = ROOT_A): Promise<S3Client> {
  return h.s3(await execCredentials(h.url, instanceId, as), REGION);
}

async function rejectsAccessDenied(p: Promise<unknown>, code = 'AccessDenied', status = 403): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

/** AWS: an instance with no route to the service cannot connect; the client sees the connection fail. */
async function rejectsConnection(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: Error & { code?: string }) => {
    assert.match(`${e.code ?? ''} ${e.message}`, /ECONNRESET|socket hang up|ECONNREFUSED/);
    return true;
  });
}

async function bucketWith(owner: string, name: string, key: string, body: string): Promise<void> {
  const s3 = h.s3(owner, REGION);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: body }));
}

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(A, REGION);
  w = await serviceWorld(ec2, 61);
  await bucketWith(A, 'scn-reports', 'q3.csv', 'revenue,42');
  await bucketWith(A, 'scn-other', 'x.txt', 'other');
});
after(async () => { await h.close(); });

describe('S3 through a gateway endpoint (VPC user guide "Gateway endpoints for Amazon S3")', () => {
  let endpointId = '';

  it('an isolated subnet with only the local route cannot connect to S3 (connection reset, no hang)', async () => {
    const s3 = await s3From(w.isolatedInstance);
    const started = Date.now();
    await rejectsConnection(text(s3, 'scn-reports', 'q3.csv'));
    assert.ok(Date.now() - started < 2000, 'the failure is prompt');
  });

  it('the same instance reaches S3 once a gateway endpoint is on its route table', async () => {
    endpointId = await gatewayEndpoint(ec2, w.vpcId, REGION, 's3', [w.isolatedRt]);
    const s3 = await s3From(w.isolatedInstance);
    assert.equal(await text(s3, 'scn-reports', 'q3.csv'), 'revenue,42');
  });

  it('the API log names the endpoint and the flow log has ACCEPT at the instance ENI', () => {
    h.server.logs.flush();
    const api = h.server.logs.recent('api').map((l) => JSON.parse(l) as Record<string, unknown>);
    const ok = api.find((e) => e['eventName'] === 'GetObject' && e['vpcEndpointId'] === endpointId);
    assert.ok(ok, 'a GetObject event through the endpoint');
    assert.equal(ok['vpceSource'], w.isolatedInstance);
    const refused = api.find((e) => (e['vpceNetwork'] as { delivered?: boolean } | undefined)?.delivered === false);
    assert.ok(refused, 'the refused request is logged with its trace outcome');
    const net = refused['vpceNetwork'] as { disposition: string; trace: { steps: { kind: string }[] } };
    assert.equal(net.disposition, 'noRoute');
    assert.ok(net.trace.steps.some((st) => st.kind === 'routeTable'), 'the kept trace names the route table that had no route');
    const flow = h.server.logs.recent('flow');
    assert.ok(flow.some((l) => / 443 6 \d+ \d+ \d+ \d+ ACCEPT OK$/.test(l)), flow.join('\n'));
  });

  it('bucket policy "Deny unless aws:SourceVpce" allows the endpoint and refuses the same account going through NAT', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'Access-to-specific-VPCE-only', Effect: 'Deny', Principal: '*', Action: 's3:*',
        Resource: ['arn:aws:s3:::scn-reports', 'arn:aws:s3:::scn-reports/*'],
        Condition: { StringNotEquals: { 'aws:SourceVpce': endpointId } },
      }],
    };
    await h.s3(A, REGION).send(new PutBucketPolicyCommand({ Bucket: 'scn-reports', Policy: JSON.stringify(policy) }));
    assert.equal(await text(await s3From(w.isolatedInstance), 'scn-reports', 'q3.csv'), 'revenue,42');
    await rejectsAccessDenied(text(await s3From(w.natInstance), 'scn-reports', 'q3.csv'));
    // The API log says which statement refused it.
    const last = JSON.parse(h.server.logs.recent('api').at(-1)!) as { errorCode?: string; vpcePolicy?: { decision: string; decidedBy: string }[] };
    assert.equal(last.errorCode, 'AccessDenied');
    assert.equal(last.vpcePolicy?.[0]?.decision, 'ExplicitDeny');
    assert.match(last.vpcePolicy?.[0]?.decidedBy ?? '', /resource policy statement 0 "Access-to-specific-VPCE-only"/);
  });

  // AWS (flow log record examples, "Traffic through a NAT gateway"): the instance's interface logs the request to
  // the service's address; the NAT gateway's interface logs it arriving from the instance and leaving from the
  // gateway's private address, and the reply both ways.
  it('a request through the NAT gateway is logged at the instance and at the gateway interface', async () => {
    const { DescribeInstancesCommand, DescribeNatGatewaysCommand } = await import('@aws-sdk/client-ec2');
    const nat = (await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [w.vpcId] }] }))).NatGateways![0]!.NatGatewayAddresses![0]!;
    const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [w.natInstance] }))).Reservations![0]!.Instances![0]!;
    const s3 = await s3From(w.natInstance);
    const seen = h.server.logs.recent('flow').length;
    await s3.send(new GetObjectCommand({ Bucket: 'scn-other', Key: 'x.txt' })).catch(() => undefined);
    const rows = h.server.logs.recent('flow').slice(seen).map((l) => l.split(' ')).map((f) => ({ eni: f[2], src: f[3], dst: f[4], action: f[12] }));
    const at = (eni: string | undefined) => rows.filter((r) => r.eni === eni).map((r) => [r.src, r.dst]);
    const service = rows[0]!.dst;
    assert.deepEqual(at(inst.NetworkInterfaces![0]!.NetworkInterfaceId), [[inst.PrivateIpAddress, service], [service, inst.PrivateIpAddress]]);
    assert.deepEqual(at(nat.NetworkInterfaceId), [
      [inst.PrivateIpAddress, service], [nat.PrivateIp, service], [service, nat.PrivateIp], [service, inst.PrivateIpAddress],
    ]);
    assert.ok(rows.every((r) => r.action === 'ACCEPT'));
  });

  it('vpce explain weighs the stored bucket policy and agrees with the live requests', async () => {
    const ask = async (from: string) => (await (await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ account: A, region: REGION, from, to: 's3://scn-reports/q3.csv' }) })).json()) as { allowed: boolean; trace: { policy?: { decidedBy?: string } } };
    assert.equal((await ask(w.isolatedInstance)).allowed, true);
    const nat = await ask(w.natInstance);
    assert.equal(nat.allowed, false);
    assert.match(nat.trace.policy?.decidedBy ?? '', /resource policy statement 0 "Access-to-specific-VPCE-only"/);
  });

  it('an endpoint policy restricted to one bucket denies another bucket (AccessDenied)', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'OnlyReports', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::scn-reports', 'arn:aws:s3:::scn-reports/*'] }],
    };
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: JSON.stringify(policy) }));
    const s3 = await s3From(w.isolatedInstance);
    assert.equal(await text(s3, 'scn-reports', 'q3.csv'), 'revenue,42');
    await rejectsAccessDenied(text(s3, 'scn-other', 'x.txt'));
    // The NAT instance does not go through this endpoint: its policy does not apply there.
    assert.equal(await text(await s3From(w.natInstance), 'scn-other', 'x.txt'), 'other');
  });

  it('Amazon Linux repositories: an endpoint policy allowing the AWS-owned repository bucket', async () => {
    // AWS (Amazon Linux 2023 user guide, "Access repositories through a gateway endpoint"): the endpoint policy
    // must allow s3:GetObject on arn:aws:s3:::al2023-repos-<region>-de612dc2/*.
    const repo = `al2023-repos-${REGION}-de612dc2`;
    await bucketWith(B, repo, 'core/mirrors/latest/x86_64/mirror.list', 'https://example/mirror');
    // AWS: a new bucket blocks public policies; the repository's owner lifts the block to publish it.
    await h.s3(B, REGION).send(new DeletePublicAccessBlockCommand({ Bucket: repo }));
    await h.s3(B, REGION).send(new PutBucketPolicyCommand({ Bucket: repo, Policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${repo}/*` }],
    }) }));
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'AmazonLinux2023RepositoryAccess', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${repo}/*`] }] };
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: JSON.stringify(policy) }));
    const s3 = await s3From(w.isolatedInstance);
    assert.equal(await text(s3, repo, 'core/mirrors/latest/x86_64/mirror.list'), 'https://example/mirror');
    await rejectsAccessDenied(text(s3, 'scn-reports', 'q3.csv'));
  });
});

describe('aws:SourceIp stops matching once an endpoint exists ("aws:SourceIp" in the global condition keys)', () => {
  it('a bucket allowing only the instance public IP works via the internet gateway and is refused via a new endpoint', async () => {
    await bucketWith(A, 'scn-ip', 'k', 'v');
    const s3 = await s3From(w.publicInstance);
    // Learn the public IP from the trace the explain endpoint computes (the instance's public address).
    const explained = await (await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: JSON.stringify({ account: A, region: REGION, from: w.publicInstance, to: 's3://scn-ip/k' }) })).json() as { trace: { context: { keys: Record<string, string> } } };
    const ip = explained.trace.context.keys['aws:SourceIp'];
    assert.ok(ip, 'through the internet gateway the request carries aws:SourceIp');
    await h.s3(A, REGION).send(new PutBucketPolicyCommand({ Bucket: 'scn-ip', Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::scn-ip/*', Condition: { NotIpAddress: { 'aws:SourceIp': `${ip}/32` } } }],
    }) }));
    assert.equal(await text(s3, 'scn-ip', 'k'), 'v');
    await gatewayEndpoint(ec2, w.vpcId, REGION, 's3', [w.publicRt]);
    await rejectsAccessDenied(text(s3, 'scn-ip', 'k'));
  });
});

describe('DynamoDB through its gateway endpoint ("Gateway endpoints for Amazon DynamoDB")', () => {
  it('a table-restricted endpoint policy allows that table and denies another (AccessDeniedException)', async () => {
    const ddb = h.dynamodb(A, REGION);
    for (const TableName of ['scn-orders', 'scn-secrets']) {
      await ddb.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: '1' }, v: { S: TableName } } }));
    }
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:${REGION}:${A}:table/scn-orders` }] };
    const creds = await execCredentials(h.url, w.isolatedInstance, ROOT_A);
    const fromInstance = h.dynamodb(creds, REGION);
    await assert.rejects(fromInstance.send(new GetItemCommand({ TableName: 'scn-orders', Key: { pk: { S: '1' } } })), (e: Error & { code?: string }) => /ECONNRESET|socket hang up/.test(`${e.code ?? ''} ${e.message}`));
    await gatewayEndpoint(ec2, w.vpcId, REGION, 'dynamodb', [w.isolatedRt], policy);
    const got = await fromInstance.send(new GetItemCommand({ TableName: 'scn-orders', Key: { pk: { S: '1' } } }));
    assert.equal(got.Item?.['v']?.S, 'scn-orders');
    await rejectsAccessDenied(fromInstance.send(new GetItemCommand({ TableName: 'scn-secrets', Key: { pk: { S: '1' } } })), 'AccessDeniedException', 400);
  });
});

describe('STS through an interface endpoint ("Access an AWS service using an interface VPC endpoint")', () => {
  it('private DNS sends the isolated instance to the endpoint; its security group decides; its policy applies', async () => {
    const { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSubnetsCommand, DescribeInstancesCommand, ModifyVpcAttributeCommand, CreateVpcEndpointCommand } = await import('@aws-sdk/client-ec2');
    const w3 = await serviceWorld(ec2, 63);
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: w3.vpcId, EnableDnsHostnames: { Value: true } }));
    const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [w3.isolatedInstance] }))).Reservations![0]!.Instances![0]!;
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [inst.SubnetId!] }))).Subnets![0]!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sts-endpoint', Description: 'HTTPS from the VPC', VpcId: w3.vpcId }))).GroupId!;
    const sts = h.sts(await execCredentials(h.url, w3.isolatedInstance, ROOT_A), REGION);
    // No endpoint: the isolated subnet has no path to STS.
    await rejectsConnection(sts.send(new GetCallerIdentityCommand({})));
    const ep = (await ec2.send(new CreateVpcEndpointCommand({
      VpcId: w3.vpcId, ServiceName: `com.amazonaws.${REGION}.sts`, VpcEndpointType: 'Interface', SubnetIds: [subnet.SubnetId!], SecurityGroupIds: [sg], PrivateDnsEnabled: true,
    }))).VpcEndpoint!.VpcEndpointId!;
    const { DescribeVpcEndpointsCommand } = await import('@aws-sdk/client-ec2');
    const endpointEni = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ep] }))).VpcEndpoints![0]!.NetworkInterfaceIds![0]!;
    const instanceEni = inst.NetworkInterfaces![0]!.NetworkInterfaceId!;
    const flowSince = (n: number) => h.server.logs.recent('flow').slice(n).map((l) => l.split(' ')).map((f) => ({ eni: f[2], src: f[3], action: f[12] }));
    // AWS: the endpoint's security group must allow HTTPS from the client; this one has no inbound rule yet.
    let seen = h.server.logs.recent('flow').length;
    await rejectsConnection(sts.send(new GetCallerIdentityCommand({})));
    // AWS (flow log records): the request leaves the instance (ACCEPT there) and is refused at the endpoint's
    // network interface (REJECT there).
    assert.deepEqual(flowSince(seen).map((r) => [r.eni, r.action]), [[instanceEni, 'ACCEPT'], [endpointEni, 'REJECT']]);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.63.0.0/16' }] }] }));
    seen = h.server.logs.recent('flow').length;
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, ROOT_A);
    // Delivered: both interfaces log the request and the reply.
    const records = flowSince(seen);
    assert.deepEqual(records.map((r) => [r.eni, r.action]), [[instanceEni, 'ACCEPT'], [instanceEni, 'ACCEPT'], [endpointEni, 'ACCEPT'], [endpointEni, 'ACCEPT']]);
    // Requests come from the instance's address, replies from the endpoint's, at both interfaces.
    assert.deepEqual(records.map((r) => r.src === inst.PrivateIpAddress), [true, false, true, false]);
    assert.equal(records[3]!.src, records[1]!.src);
    h.server.logs.flush();
    const last = JSON.parse(h.server.logs.recent('api').at(-1)!) as { eventName: string; vpcEndpointId?: string; sourceIPAddress: string };
    assert.deepEqual([last.eventName, last.vpcEndpointId], ['GetCallerIdentity', ep]);
    assert.match(last.sourceIPAddress, /^10\.63\.2\.\d+$/, 'through an endpoint the service sees the private address');
    // A role the caller may assume, until the endpoint policy allows only another role.
    const { CreateRoleCommand: NewRole } = await import('@aws-sdk/client-iam');
    await h.iam(A).send(new NewRole({ RoleName: 'scn-via-endpoint', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' }] }) }));
    const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/scn-via-endpoint`, RoleSessionName: 'via-endpoint' }));
    assert.ok((await assume()).Credentials?.AccessKeyId);
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ep, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/other` }] }) }));
    await rejectsAccessDenied(assume());
  });
});

describe('cross-account access needs both the identity policy and the bucket policy ("Policy evaluation logic")', () => {
  it('denied with either alone, allowed with both', async () => {
    await bucketWith(B, 'scn-shared', 'data.txt', 'shared');
    const iam = h.iam(A);
    await iam.send(new CreateUserCommand({ UserName: 'scn-reader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'scn-reader' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const s3 = h.s3(creds, REGION);
    await rejectsAccessDenied(text(s3, 'scn-shared', 'data.txt'));
    await h.s3(B, REGION).send(new PutBucketPolicyCommand({ Bucket: 'scn-shared', Policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::scn-shared/*' }],
    }) }));
    // The bucket policy trusts account A, so A's identity policy must allow too.
    await rejectsAccessDenied(text(s3, 'scn-shared', 'data.txt'));
    await iam.send(new PutUserPolicyCommand({ UserName: 'scn-reader', PolicyName: 'read-shared', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::scn-shared/*' }],
    }) }));
    assert.equal(await text(s3, 'scn-shared', 'data.txt'), 'shared');
  });
});

describe('STS from an instance: GetCallerIdentity and AssumeRole round trip', () => {
  it('an instance role session, then an assumed role, both from the instance', async () => {
    const iam = h.iam(A);
    const trustEc2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'scn-app', AssumeRolePolicyDocument: JSON.stringify(trustEc2) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'scn-app', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'scn-app' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'scn-app', RoleName: 'scn-app' }));
    const trustApp = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/scn-app` }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'scn-reader', AssumeRolePolicyDocument: JSON.stringify(trustApp) }));
    const w2 = await serviceWorld(ec2, 62, 'scn-app');
    // STS is reached through the NAT gateway (there is no STS endpoint in this VPC).
    const creds = await execCredentials(h.url, w2.natInstance);
    assert.equal(creds.principalArn, `arn:aws:sts::${A}:assumed-role/scn-app/${w2.natInstance}`);
    const sts = h.sts(creds, REGION);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, creds.principalArn);
    assert.equal(me.Account, A);
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/scn-reader`, RoleSessionName: 'batch' }));
    const c = assumed.Credentials!;
    const next = h.sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, REGION);
    assert.equal((await next.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${A}:assumed-role/scn-reader/batch`);
    // The isolated instance has no path to STS at all.
    const isolated = h.sts(await execCredentials(h.url, w2.isolatedInstance), REGION);
    await rejectsConnection(isolated.send(new GetCallerIdentityCommand({})));
  });
});
