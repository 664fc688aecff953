/**
 * @module The fuzz suite (issue 13, "valid output always"): thousands of generated requests over every served
 * operation of every service (test/fuzz/generate.ts), sent raw over keep-alive connections, each answer checked:
 * no 5xx (but AWS's retryable 503s), a well-formed XML or JSON body as the protocol says, errors in the protocol's
 * error shape; and afterwards the server still answers its health check and normal calls.
 * `VPCE_FUZZ_SEED` (default fixed, printed), `VPCE_FUZZ_COUNT` (default 10,000), `VPCE_FUZZ_SECONDS` (a time bound,
 * default 45), `VPCE_FUZZ_ONLY` (comma-separated case indices, to replay failures) and `VPCE_FUZZ_DURABLE` (SQLite
 * and files instead of memory) steer a run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';
import { stringToSign, toAmzDate, type SigV4Auth, type SignedRequest } from '../../src/server/signature.js';
import { CreateTagsCommand, CreateSubnetCommand, CreateVpcCommand, CreateSecurityGroupCommand, CreateInternetGatewayCommand, DescribeRouteTablesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, CreateMultipartUploadCommand, HeadObjectCommand, ListBucketsCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { iamUserWith, startHarness, type Harness } from './harness.js';
import { fuzzCase, servedOperations, type FuzzCase, type FuzzOptions, type FuzzService } from '../fuzz/generate.js';
import { errorShapeProblem, jsonProblem, xmlProblem } from '../fuzz/response-check.js';
import type { Hints, Val } from '../fuzz/values.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const SEED = Number(process.env['VPCE_FUZZ_SEED'] ?? 20261205) >>> 0;
const COUNT = Number(process.env['VPCE_FUZZ_COUNT'] ?? 10_000);
const SECONDS = Number(process.env['VPCE_FUZZ_SECONDS'] ?? 45);
const ONLY = (process.env['VPCE_FUZZ_ONLY'] ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
const CONCURRENCY = Number(process.env['VPCE_FUZZ_CONCURRENCY'] ?? 8);
/** A request unanswered this long is a hang. */
const HANG_MS = 30_000;
/** AWS's retryable 503 codes (throttling, a service briefly unavailable): a client retries them. */
const RETRYABLE_503 = new Set(['SlowDown', 'ServiceUnavailable', 'RequestLimitExceeded', 'Unavailable', 'ThrottlingException']);

interface Answer { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: Buffer }

interface Creds { readonly accessKeyId: string; readonly secretAccessKey: string }

const SIGNING: Readonly<Record<FuzzService, string>> = { ec2: 'ec2', elbv2: 'elasticloadbalancing', iam: 'iam', sts: 'sts', dynamodb: 'dynamodb', s3: 's3' };

/**
 * The case's headers re-signed with an IAM user's key (SigV4 over the exact bytes sent, canonicalized by the
 * server's own rules), so the request runs through identity policies and condition keys instead of a root's pass.
 */
function signedAsUser(c: FuzzCase, host: string, creds: Creds): Record<string, string> {
  const headers: Record<string, string> = { ...c.headers, host };
  delete headers['authorization'];
  const amzDate = toAmzDate(Date.now());
  headers['x-amz-date'] = amzDate;
  const date = amzDate.slice(0, 8);
  const service = SIGNING[c.service];
  const signedHeaders = Object.keys(headers).sort();
  const q = c.path.indexOf('?');
  const req: SignedRequest = { method: c.method, rawPath: q < 0 ? c.path : c.path.slice(0, q), rawQuery: q < 0 ? '' : c.path.slice(q + 1), headers, body: c.body };
  const auth: SigV4Auth = { accessKeyId: creds.accessKeyId, date, region: REGION, service, signedHeaders, signature: '', amzDate, presigned: false };
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), REGION), service), 'aws4_request');
  const signature = hmac(key, stringToSign(req, auth)).toString('hex');
  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${date}/${REGION}/${service}/aws4_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return headers;
}

/** One case in five (without a credential mutation) is sent as an IAM user rather than the account root. */
const asUser = (c: FuzzCase): boolean => c.index % 5 === 2 && !c.mutations.some((m) => m.startsWith('auth:')) && c.headers['authorization'] !== undefined;

function send(url: URL, agent: Agent, c: FuzzCase, user: Creds): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = asUser(c) ? signedAsUser(c, url.host, user) : { ...c.headers, host: url.host };
    if (c.body.length > 0 || c.method === 'POST' || c.method === 'PUT') headers['content-length'] = String(c.body.length);
    const req = request({ host: url.hostname, port: url.port, method: c.method, path: c.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(HANG_MS, () => req.destroy(new Error(`no answer within ${HANG_MS} ms (a hang)`)));
    req.on('error', reject);
    req.end(c.body);
  });
}

const headerOf = (a: Answer, name: string): string => { const v = a.headers[name]; return Array.isArray(v) ? v.join(',') : v ?? ''; };

/** What is wrong with an answer to a case, or undefined. */
function judge(c: FuzzCase, a: Answer): string | undefined {
  const code = /<Code>([^<]*)<\/Code>/.exec(a.body.toString('utf8'))?.[1] ?? /"__type":"(?:[^"#]*#)?([^"]*)"/.exec(a.body.toString('utf8'))?.[1] ?? '';
  // AWS: S3 answers 501 NotImplemented for a header or subresource implying functionality it does not offer.
  const s3NotImplemented = a.status === 501 && code === 'NotImplemented' && c.protocol === 'rest-xml';
  if (a.status >= 500 && !(a.status === 503 && RETRYABLE_503.has(code)) && !s3NotImplemented) return `HTTP ${a.status}${code ? ` ${code}` : ''}`;
  if (a.status < 100) return `no HTTP status`;
  // Node's HTTP layer refuses request heads past 16 KiB (431) before vpce sees them, as AWS's front ends do.
  if (a.body.length === 0 && a.status === 431) return undefined;
  if (a.body.length === 0) return c.method !== 'HEAD' && a.status >= 400 && c.protocol !== 'rest-xml' ? 'an error without a body' : undefined;
  const type = headerOf(a, 'content-type').toLowerCase();
  const authMutated = c.mutations.some((m) => m.startsWith('auth:'));
  // S3 answers an object's own bytes (GetObject): whatever content type it was stored with.
  if (c.protocol === 'rest-xml' && a.status < 300 && (headerOf(a, 'etag') !== '' || !/xml|json/.test(type))) return undefined;
  const isXml = type.includes('xml');
  const isJson = type.includes('json');
  if (!isXml && !isJson) return `a body with content-type '${type}'`;
  if (!authMutated) {
    if (c.protocol === 'json' && !isJson) return `DynamoDB answered content-type '${type}'`;
    if ((c.protocol === 'ec2' || c.protocol === 'query') && !isXml) return `a Query service answered content-type '${type}'`;
  }
  const syntax = isXml ? xmlProblem(a.body) : jsonProblem(a.body);
  if (syntax) return `malformed ${isXml ? 'XML' : 'JSON'}: ${syntax}`;
  if (a.status >= 300) {
    if (isJson) return c.protocol === 'json' || authMutated ? errorShapeProblem('json', a.body) : `a JSON error from a ${c.protocol} service`;
    if (!authMutated) return errorShapeProblem(c.protocol === 'json' ? 'rest-xml' : c.protocol, a.body);
    const shapes = (['ec2', 'query', 'rest-xml'] as const).map((f) => errorShapeProblem(f, a.body));
    return shapes.some((p) => p === undefined) ? undefined : shapes[0];
  }
  return undefined;
}

function excerpt(b: Buffer | string, max = 600): string {
  const s = typeof b === 'string' ? b : b.toString('latin1');
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…(${s.length} bytes)` : s);
}

function report(c: FuzzCase, problem: string, a: Answer | undefined): string {
  return [
    `case ${c.index} (replay: VPCE_FUZZ_SEED=${SEED} VPCE_FUZZ_ONLY=${c.index}) ${c.service} ${c.operation}: ${problem}`,
    `  mutations: ${c.mutations.join(', ') || '(none)'}${asUser(c) ? ' (sent signed as the IAM user fuzz-signer)' : ''}`,
    `  request: ${c.method} ${excerpt(c.path, 300)}`,
    `  headers: ${excerpt(JSON.stringify(c.headers), 400)}`,
    `  body: ${excerpt(c.body)}`,
    a ? `  answer: HTTP ${a.status} ${excerpt(JSON.stringify(a.headers), 300)}\n  answer body: ${excerpt(a.body)}` : '  answer: none',
  ].join('\n');
}

const TRUST: Val = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const LONG = 'a'.repeat(255);
/** A bucket policy whose Resource has many wildcards: evaluated on every request to the bucket. */
const BOMB_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::fuzz-bucket/${'*a'.repeat(14)}*b` }] });
const POLICY: Val = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

describe('fuzz: every served operation, hostile parameters and bodies', () => {
  let h: Harness;
  let opts: FuzzOptions;
  let dir: string | undefined;
  let user: Creds;

  before(async () => {
    // VPCE_FUZZ_DURABLE=1: state, objects and items in SQLite and files, as `vpce serve` keeps them.
    if (process.env['VPCE_FUZZ_DURABLE']) {
      dir = mkdtempSync(join(tmpdir(), 'vpce-fuzz-'));
      h = await startHarness(sqliteStore(dir), dir);
    } else {
      h = await startHarness();
    }
    const ec2 = h.ec2(ACCOUNT, REGION);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    // A long tag for filters with many wildcards to match against (a backtracking matcher froze on this).
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'Name', Value: LONG }] }));
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'fuzz', Description: 'fuzz' }))).GroupId!;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const rtb = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).RouteTables![0]!.RouteTableId!;
    const s3 = h.s3(ACCOUNT, REGION);
    await s3.send(new CreateBucketCommand({ Bucket: 'fuzz-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'fuzz-bucket', Key: 'obj.txt', Body: 'hello', ContentType: 'text/plain' }));
    await s3.send(new PutObjectCommand({ Bucket: 'fuzz-bucket', Key: 'dir/obj2', Body: 'two' }));
    await s3.send(new PutObjectCommand({ Bucket: 'fuzz-bucket', Key: LONG, Body: 'long' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'fuzz-bucket', Policy: BOMB_POLICY }));
    const upload = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'fuzz-bucket', Key: 'mp' }))).UploadId!;
    const ddb = h.dynamodb(ACCOUNT, REGION);
    await ddb.send(new CreateTableCommand({
      TableName: 'fuzz-table', BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: true,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    for (const pk of ['a', 'b', 'c']) await ddb.send(new PutItemCommand({ TableName: 'fuzz-table', Item: { pk: { S: pk }, v: { N: '1' }, m: { M: { x: { L: [{ S: 'y' }] } } } } }));
    const iam = h.iam(ACCOUNT, REGION);
    await iam.send(new CreateUserCommand({ UserName: 'fuzz-user' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'fuzz-user', PolicyName: 'p', PolicyDocument: POLICY as string }));
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'fuzz-role', AssumeRolePolicyDocument: TRUST as string }))).Role!.Arn!;
    const policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'fuzz-policy', PolicyDocument: POLICY as string }))).Policy!.Arn!;
    const tg = (await h.elbv2(ACCOUNT, REGION).send(new CreateTargetGroupCommand({ Name: 'fuzz-tg', Protocol: 'HTTP', Port: 80, VpcId: vpc }))).TargetGroups![0]!.TargetGroupArn!;
    // An IAM user allowed everything, under conditions that make every service compute its condition keys from the
    // (hostile) request; IfExists keeps them true where a key is absent.
    user = await iamUserWith(h, ACCOUNT, 'fuzz-signer', [{
      Effect: 'Allow', Action: '*', Resource: '*',
      Condition: {
        StringLikeIfExists: { 's3:prefix': '*', 's3:x-amz-acl': '*', 's3:ExistingObjectTag/t': '*', 'ec2:Vpc': '*', 'ec2:ResourceTag/Name': '*a*', 'aws:RequestTag/Name': '*', 'iam:PassedToService': '*', 'dynamodb:Select': '*', 'dynamodb:ReturnValues': '*' },
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['*'], 'dynamodb:Attributes': ['*'], 'aws:TagKeys': ['*'] },
        NumericLessThanEqualsIfExists: { 's3:max-keys': '100000' },
        IpAddressIfExists: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] },
      },
    }]) as Creds;
    const key: Val = { pk: { S: 'a' } };
    const hints: Partial<Record<FuzzService, Hints>> = {
      ec2: {
        VpcId: [vpc], VpcIds: [vpc], SubnetId: [subnet], SubnetIds: [subnet], GroupId: [sg], GroupIds: [sg], SecurityGroupIds: [sg],
        InternetGatewayId: [igw], InternetGatewayIds: [igw], RouteTableId: [rtb], RouteTableIds: [rtb], Resources: [vpc, subnet, sg],
        CidrBlock: ['10.0.2.0/24', '10.1.0.0/16'], DestinationCidrBlock: ['0.0.0.0/0'], AvailabilityZone: ['us-east-1a'],
        Filters: [[{ Name: 'tag:Name', Values: ['*a*a?a*'] }], [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'tag-value', Values: [LONG] }]],
        ServiceName: ['com.amazonaws.us-east-1.s3', 'com.amazonaws.us-east-1.dynamodb'], ImageId: ['ami-0abcdef1234567890'],
      },
      elbv2: { VpcId: [vpc], Subnets: [subnet], SecurityGroups: [sg], TargetGroupArn: [tg], TargetGroupArns: [tg], ResourceArns: [tg], Name: ['fuzz-lb'] },
      iam: {
        UserName: ['fuzz-user'], RoleName: ['fuzz-role'], PolicyArn: [policyArn], PolicyDocument: [POLICY], AssumeRolePolicyDocument: [TRUST],
        PolicyName: ['p'], InstanceProfileName: ['fuzz-profile'],
      },
      sts: { RoleArn: [roleArn], RoleSessionName: ['fuzz-session'] },
      dynamodb: {
        TableName: ['fuzz-table'], Key: [key], Item: [{ pk: { S: 'z' }, v: { N: '2' } }],
        KeyConditionExpression: ['pk = :v'], ExpressionAttributeValues: [{ ':v': { S: 'a' } }], ExpressionAttributeNames: [{ '#n': 'v' }],
        ConditionExpression: ['attribute_exists(pk)', 'attribute_not_exists(pk) OR #n > :v'], UpdateExpression: ['SET v = :v', 'REMOVE m.x[0]', 'ADD v :v'],
        ProjectionExpression: ['pk, v, m.x[0]'], FilterExpression: ['v > :v', 'begins_with(pk, :v)'],
        AttributeDefinitions: [[{ AttributeName: 'pk', AttributeType: 'S' }]], KeySchema: [[{ AttributeName: 'pk', KeyType: 'HASH' }]],
        RequestItems: [{ 'fuzz-table': { Keys: [key] } }, { 'fuzz-table': [{ PutRequest: { Item: { pk: { S: 'w' } } } }, { DeleteRequest: { Key: key } }] }],
      },
      s3: {
        Bucket: ['fuzz-bucket'], Key: ['obj.txt', 'dir/obj2', 'mp', LONG], UploadId: [upload], CopySource: ['fuzz-bucket/obj.txt'],
        Policy: [BOMB_POLICY, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::fuzz-bucket/*' }] })],
      },
    };
    opts = { seed: SEED, account: ACCOUNT, region: REGION, hints };
  });

  after(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`sends ${COUNT} generated requests (seed ${SEED}): no 5xx, no hang, valid XML/JSON, errors in shape`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    const url = new URL(h.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    const failures: string[] = [];
    const slowest: [number, string][] = [];
    const byKind = new Map<string, number>();
    const userStatuses = new Map<string, number>();
    const statuses = new Map<number, number>();
    const perService = new Map<string, number>();
    const operations = new Set<string>();
    const indices = ONLY.length > 0 ? ONLY : undefined;
    const total = indices?.length ?? COUNT;
    let next = 0;
    let sent = 0;
    console.log(`fuzz: seed ${SEED} (VPCE_FUZZ_SEED), ${total} inputs (VPCE_FUZZ_COUNT), at most ${SECONDS} s (VPCE_FUZZ_SECONDS), ${servedOperations().length} operations`);
    const worker = async () => {
      while (next < total && Date.now() < deadline && failures.length < 25) {
        const index = indices ? indices[next++]! : next++;
        const c = fuzzCase(opts, index);
        let answer: Answer | undefined;
        let problem: string | undefined;
        const t0 = performance.now();
        try {
          answer = await send(url, agent, c, user);
          problem = judge(c, answer);
        } catch (e) {
          problem = `request failed: ${(e as Error).message}`;
        }
        sent++;
        const ms = performance.now() - t0;
        if (process.env['VPCE_FUZZ_PROFILE']) for (const m of c.mutations.length > 0 ? c.mutations : ['(none)']) { const k = m.replace(/@.*/, ''); byKind.set(k, (byKind.get(k) ?? 0) + ms); }
        if (slowest.length < 8 || ms > slowest[slowest.length - 1]![0]) {
          slowest.push([ms, `${c.index} ${c.service} ${c.operation} [${c.mutations.join(', ')}] ${c.body.length + c.path.length} bytes`]);
          slowest.sort((x, y) => y[0] - x[0]);
          slowest.length = Math.min(slowest.length, 8);
        }
        operations.add(`${c.service}:${c.operation}`);
        perService.set(c.service, (perService.get(c.service) ?? 0) + 1);
        if (answer) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer && asUser(c)) { const k = `${answer.status}${/SignatureDoesNotMatch/.test(answer.body.toString('latin1')) ? ' bad-signature' : ''}`; userStatuses.set(k, (userStatuses.get(k) ?? 0) + 1); }
        if (problem) failures.push(report(c, problem, answer));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${sent} inputs in ${seconds.toFixed(1)} s over ${operations.size} operations; by service ${JSON.stringify(Object.fromEntries(perService))}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    console.log(`fuzz: as an IAM user: ${JSON.stringify(Object.fromEntries(userStatuses))}`);
    if (byKind.size > 0) console.log(`fuzz: ms by mutation: ${JSON.stringify([...byKind].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`))}`);
    console.log(`fuzz: slowest answers:\n${slowest.map(([ms, what]) => `  ${ms.toFixed(0)} ms  ${what}`).join('\n')}`);
    if (sent < total && failures.length === 0) console.log(`fuzz: the ${SECONDS} s bound stopped the run after ${sent} of ${total} inputs`);
    assert.equal(failures.length, 0, `fuzz (seed ${SEED}) found ${failures.length} bad answers:\n${failures.join('\n\n')}`);
  });

  it('leaves the server healthy: the health check and ordinary calls of each service still answer', async () => {
    const health = await fetch(`${h.url}/_vpce/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const vpcs = await h.ec2(ACCOUNT, REGION).send(new DescribeVpcsCommand({}));
    assert.ok((vpcs.Vpcs ?? []).length >= 1);
    // The fuzzer may have deleted what it was given; new resources show each service still works.
    const s3 = h.s3(ACCOUNT, REGION);
    await s3.send(new CreateBucketCommand({ Bucket: 'after-fuzz' }));
    assert.ok(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).some((b) => b.Name === 'after-fuzz'));
    await s3.send(new PutObjectCommand({ Bucket: 'after-fuzz', Key: 'after', Body: 'ok' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'after-fuzz', Key: 'after' }));
    const ddb = h.dynamodb(ACCOUNT, REGION);
    await ddb.send(new CreateTableCommand({
      TableName: 'after-fuzz', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    await ddb.send(new PutItemCommand({ TableName: 'after-fuzz', Item: { pk: { S: 'k' } } }));
    assert.ok(((await ddb.send(new ListTablesCommand({}))).TableNames ?? []).includes('after-fuzz'));
    assert.equal(head.ContentLength, 2);
  });
});
