/**
 * @module AWS's per-request limits, enforced before the work, through the real SDK clients: EC2 filter values and
 * lengths, tags per resource, ELBv2 targets per request and per group, IAM tags per role; and the request size each
 * API reads (Query bodies and parameter counts, DynamoDB JSON, S3 non-upload bodies, the shared buffered budget).
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CreateVpcCommand, DescribeVpcsCommand, CreateTagsCommand } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, DescribeTargetHealthCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { BatchWriteItemCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { code, signedFor } from './s3-raw.js';

const ACCOUNT = '111111111111';
const MiB = 1024 * 1024;

/** Send headers and only `send` bytes of a body declaring `length`; resolve with the answer (or a reset). */
function partial(url: string, path: string, headers: Record<string, string>, length: number, send: Buffer): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: headers['x-method'] ?? 'POST', path, headers: { ...headers, 'content-length': String(length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }); req.destroy(); });
    });
    req.on('error', reject);
    req.write(send);
  });
}

describe('AWS request limits, enforced before the work', () => {
  let h: Harness;
  let vpcId: string;
  before(async () => {
    h = await startHarness();
    vpcId = (await h.ec2(ACCOUNT).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  });
  after(async () => { await h.close(); });

  it('AWS EC2 FilterLimitExceeded: more than 200 filter values on one call is refused; 200 are served', async () => {
    const ec2 = h.ec2(ACCOUNT);
    const values = (n: number): string[] => Array.from({ length: n }, (_, i) => `vpc-${String(i).padStart(17, '0')}`);
    const ok = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: values(150) }, { Name: 'vpc-id', Values: [...values(49), vpcId] }] }));
    assert.equal(ok.Vpcs?.length, 0);
    const e = await rejectsWith(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: values(150) }, { Name: 'vpc-id', Values: values(51) }] })), 'FilterLimitExceeded');
    assert.match(e.message, /The maximum number of filter values specified on a single call is 200/);
  });

  it('AWS EC2 FilterLimitExceeded: a filter value longer than 255 characters is refused', async () => {
    const e = await rejectsWith(h.ec2(ACCOUNT).send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['x'.repeat(256)] }] })), 'FilterLimitExceeded');
    assert.match(e.message, /The maximum length for a filter value is 255 characters/);
    const ok = await h.ec2(ACCOUNT).send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['x'.repeat(255)] }] }));
    assert.deepEqual(ok.Vpcs, []);
  });

  it('AWS EC2 TagLimitExceeded: 51 tags on a resource (CreateTags, TagSpecifications) are refused and none applied', async () => {
    const ec2 = h.ec2(ACCOUNT);
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: tags })), 'TagLimitExceeded');
    await rejectsWith(ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: tags }] })), 'TagLimitExceeded');
    const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    assert.equal(vpcs.Vpcs?.[0]?.Tags?.length ?? 0, 0);
  });

  it('AWS EC2 tag key and value lengths: a 129-character key is InvalidTagKey.Malformed, a 257-character value InvalidParameterValue', async () => {
    const ec2 = h.ec2(ACCOUNT);
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] })), 'InvalidTagKey.Malformed');
    await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] })), 'InvalidParameterValue');
  });

  it('AWS IAM LimitExceeded: a role with 51 tags is refused (409) and not created', async () => {
    const iam = h.iam(ACCOUNT);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const e = await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trust, Tags: tags })), 'LimitExceededException', 409);
    assert.match(e.message, /50/);
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trust, Tags: tags.slice(0, 50) }));
  });

  it('AWS ELBv2 TooManyTargets: more than 1,000 targets in one RegisterTargets, or in one group, are refused and none registered', async () => {
    const elb = h.elbv2(ACCOUNT);
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'many', Protocol: 'TCP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!;
    const targets = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ Id: `10.0.${Math.floor((from + i) / 250)}.${((from + i) % 250) + 1}` }));
    await rejectsWith(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: targets(0, 1001) })), 'TooManyTargetsException');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: targets(0, 600) }));
    await rejectsWith(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: targets(600, 401) })), 'TooManyTargetsException');
    assert.equal((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions?.length, 600);
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: targets(600, 400) }));
  });
});

describe('request size per service, refused while reading', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('a Query request with more than 5,000 parameters is 413 RequestEntityTooLarge before it is decoded', async () => {
    const ids = Array.from({ length: 5_001 }, (_, i) => `vpc-${i}`);
    await rejectsWith(h.ec2(ACCOUNT).send(new DescribeVpcsCommand({ VpcIds: ids })), 'RequestEntityTooLarge', 413);
  });

  it('a Query body over 1 MiB is 413 RequestEntityTooLarge (EC2 XML) and one declaring more is refused before it is sent', async () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `vpc-${String(i).padStart(300, '0')}`);
    await rejectsWith(h.ec2(ACCOUNT).send(new DescribeVpcsCommand({ VpcIds: ids })), 'RequestEntityTooLarge', 413);
    const r = await partial(h.url, '/', { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00` }, 2 * MiB, Buffer.from('Action=ListRoles'));
    assert.equal(r.status, 413);
    assert.match(r.body, /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('AWS DynamoDB: a request over 16 MiB is 413 RequestEntityTooLarge in DynamoDB\'s JSON shape', async () => {
    const db = h.dynamodb(ACCOUNT);
    await db.send(new CreateTableCommand({ TableName: 'big', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    const item = (i: number) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: 'x'.repeat(700 * 1024) } } } });
    await rejectsWith(db.send(new BatchWriteItemCommand({ RequestItems: { big: Array.from({ length: 25 }, (_, i) => item(i)) } })), 'RequestEntityTooLarge', 413);
  });

  it('AWS S3 MaxMessageLengthExceeded: a configuration body over 10 MiB is refused from its Content-Length', async () => {
    await h.s3(ACCOUNT).send(new CreateBucketCommand({ Bucket: 'limits' }));
    const r = await partial(h.url, '/limits?tagging', { ...signedFor(ACCOUNT), 'x-method': 'PUT' }, 11 * MiB, Buffer.from('<Tagging>'));
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'MaxMessageLengthExceeded');
  });

  it('AWS S3 MaxMessageLengthExceeded: a chunked body (no Content-Length) is refused once it passes 10 MiB, and the answer reaches the client', async () => {
    const u = new URL(h.url);
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, method: 'PUT', path: '/limits?tagging', headers: { ...signedFor(ACCOUNT), 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }); req.destroy(); });
      });
      req.on('error', reject);
      const piece = Buffer.alloc(MiB, 0x20);
      let sent = 0;
      const more = (): void => { if (sent++ < 11) req.write(piece, more); };
      more();
    });
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'MaxMessageLengthExceeded');
  });

  it('buffered bodies share one 64 MiB budget: past it, the service\'s retryable throttling error (DynamoDB ThrottlingException)', async () => {
    const headers = { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00` };
    const u = new URL(h.url);
    // Four requests each declaring 15 MiB and sending 1 byte hold 60 MiB of the budget while they wait.
    const holders = Array.from({ length: 4 }, () => {
      const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': String(15 * MiB) } });
      req.on('error', () => undefined);
      req.write('{');
      return req;
    });
    await new Promise((r) => setTimeout(r, 200));
    const refused = await partial(h.url, '/', headers, 8 * MiB, Buffer.from('{'));
    assert.equal(refused.status, 400);
    assert.match(refused.body, /ThrottlingException/);
    for (const r of holders) r.destroy();
    await new Promise((r) => setTimeout(r, 200));
    // Once they are gone the budget is free again.
    const r = await new Promise<number>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(r, 200);
  });
});
