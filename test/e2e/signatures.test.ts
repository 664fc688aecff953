/**
 * @module Signature checking, end to end through the SDKs and the CLI: credentials vpce issued work only with their
 * secret (and a session only with its token and within 15 minutes of the server's clock); keys shaped like issued
 * ones that were never issued or were deleted are refused; placeholder keys keep working in open mode; strict
 * mode accepts only issued keys and the configured root secret. Each refusal has the service's own code.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { BatchWriteItemCommand, CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { PutUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, ListUsersCommand, IAMClient } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { World } from '../../src/model/world.js';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { systemClock } from '../../src/shared/clock.js';
import { randomIdGen } from '../../src/shared/ids.js';
import { signedHeaders } from '../../src/server/sign-request.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { AWS, awsCliSkip, awsEnv, runAws } from './aws-cli.js';

const ACCOUNT = '515151515151';
let h: Harness;
let key: { accessKeyId: string; secretAccessKey: string };
let session: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

before(async () => {
  h = await startHarness();
  const iam = h.iam(ACCOUNT);
  await iam.send(new CreateUserCommand({ UserName: 'signer' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'signer', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'signer' }))).AccessKey!;
  key = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  await iam.send(new CreateRoleCommand({
    RoleName: 'signed-role',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
  }));
  const c = (await h.sts(ACCOUNT).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/signed-role`, RoleSessionName: 'sess' }))).Credentials!;
  session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
});
after(async () => { await h.close(); });

const wrong = (k: { accessKeyId: string; secretAccessKey: string }) => ({ ...k, secretAccessKey: `${k.secretAccessKey}x` });

describe('issued credentials are checked (open mode)', () => {
  it('a user key works with its secret in every service', async () => {
    assert.equal((await h.sts(key).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ACCOUNT}:user/signer`);
    await h.ec2(key).send(new DescribeVpcsCommand({}));
    await h.dynamodb(key).send(new ListTablesCommand({}));
    await h.s3(key).send(new CreateBucketCommand({ Bucket: 'signed-bucket' }));
    await h.s3(key).send(new PutObjectCommand({ Bucket: 'signed-bucket', Key: 'dir/a b+c', Body: 'x' }));
  });

  it('a wrong secret is SignatureDoesNotMatch (S3 403, STS/IAM 403), InvalidSignatureException (DynamoDB), AuthFailure (EC2 401)', async () => {
    const s3err = await rejectsWith(h.s3(wrong(key)).send(new ListBucketsCommand({})), 'SignatureDoesNotMatch', 403);
    assert.match(s3err.message, /does not match the signature you provided/);
    await rejectsWith(h.sts(wrong(key)).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
    await rejectsWith(h.iam(wrong(key)).send(new ListUsersCommand({})), 'SignatureDoesNotMatch', 403);
    await rejectsWith(h.dynamodb(wrong(key)).send(new ListTablesCommand({})), 'InvalidSignatureException', 400);
    await rejectsWith(h.ec2(wrong(key)).send(new DescribeVpcsCommand({})), 'AuthFailure', 401);
  });

  it('a session works only with its token: none or a forged one is InvalidToken (S3), InvalidClientTokenId (STS), UnrecognizedClientException (DynamoDB)', async () => {
    assert.match((await h.sts(session).send(new GetCallerIdentityCommand({}))).Arn!, /assumed-role\/signed-role\/sess$/);
    const forged = { ...session, sessionToken: `${session.sessionToken}x` };
    await rejectsWith(h.s3(forged).send(new ListBucketsCommand({})), 'InvalidToken', 400);
    await rejectsWith(h.sts(forged).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    await rejectsWith(h.dynamodb(forged).send(new ListTablesCommand({})), 'UnrecognizedClientException', 400);
    const { sessionToken: _, ...noToken } = session;
    await rejectsWith(h.sts(noToken).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    await rejectsWith(h.sts(wrong(session)).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
  });

  it('a clock more than 15 minutes off is RequestTimeTooSkewed (S3), SignatureDoesNotMatch (STS), InvalidSignatureException (DynamoDB), RequestExpired (EC2)', async () => {
    const skewed = { systemClockOffset: -20 * 60 * 1000 };
    const base = { endpoint: h.url, region: 'us-east-1', maxAttempts: 1, credentials: key, ...skewed };
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const s3 = new S3Client({ ...base, forcePathStyle: true });
    const sts = new STSClient(base);
    const ddb = new DynamoDBClient(base);
    const ec2 = new EC2Client(base);
    try {
      await rejectsWith(s3.send(new ListBucketsCommand({})), 'RequestTimeTooSkewed', 403);
      const e = await rejectsWith(sts.send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
      assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
      await rejectsWith(ddb.send(new ListTablesCommand({})), 'InvalidSignatureException', 400);
      await rejectsWith(ec2.send(new DescribeVpcsCommand({})), 'RequestExpired', 400);
    } finally {
      for (const c of [s3, sts, ddb, ec2]) c.destroy();
    }
  });

  it('a deleted key is refused as unknown: InvalidAccessKeyId (S3 403), InvalidClientTokenId (STS 403)', async () => {
    const iam = h.iam(ACCOUNT);
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'signer' }))).AccessKey!;
    const creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    await h.sts(creds).send(new GetCallerIdentityCommand({}));
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'signer', AccessKeyId: creds.accessKeyId }));
    await rejectsWith(h.s3(creds).send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
    await rejectsWith(h.sts(creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  it('a malformed authorization header for an issued key is IncompleteSignature (STS 400, EC2 400) and AuthorizationHeaderMalformed (S3)', async () => {
    const auth = `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/20261205/us-east-1/sts/aws4_request, SignedHeaders=host`;
    const sts = await fetch(`${h.url}/`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'x-amz-date': '20261205T000000Z' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(sts.status, 400);
    assert.match(await sts.text(), /<Code>IncompleteSignature<\/Code>/);
    const s3 = await fetch(`${h.url}/`, { headers: { authorization: auth.replace('/sts/', '/s3/'), 'x-amz-date': '20261205T000000Z' } });
    assert.equal(s3.status, 400);
    assert.match(await s3.text(), /<Code>AuthorizationHeaderMalformed<\/Code>/);
  });

  it('a presigned URL works with the right secret and is SignatureDoesNotMatch with another', async () => {
    const presign = async (secret: string): Promise<string> => {
      const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, credentials: { ...key, secretAccessKey: secret } });
      const { port } = new URL(h.url);
      const signed = await signer.presign({
        method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: Number(port), path: '/signed-bucket/dir/a%20b%2Bc', query: {},
        headers: { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }, { expiresIn: 300 });
      const q = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
      return `${h.url}${signed.path}?${q}`;
    };
    const ok = await fetch(await presign(key.secretAccessKey));
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'x');
    const bad = await fetch(await presign(`${key.secretAccessKey}x`));
    assert.equal(bad.status, 403);
    assert.match(await bad.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('placeholder keys (test/test, account ids) keep working with any secret', async () => {
    assert.equal((await h.sts({ accessKeyId: 'test', secretAccessKey: 'test' }).send(new GetCallerIdentityCommand({}))).Account, '000000000000');
    assert.equal((await h.sts({ accessKeyId: ACCOUNT, secretAccessKey: 'anything' }).send(new GetCallerIdentityCommand({}))).Account, ACCOUNT);
  });

  it('the AWS CLI signs with the right secret and is refused with a wrong one', { skip: awsCliSkip('signature checks through the AWS CLI') }, async () => {
    assert.ok(AWS);
    const right = await runAws(h.url, ['sts', 'get-caller-identity', '--output', 'json'], awsEnv(key.accessKeyId, 'us-east-1', { AWS_SECRET_ACCESS_KEY: key.secretAccessKey }));
    assert.equal(right.code, 0, right.stderr);
    assert.equal(JSON.parse(right.stdout).Arn, `arn:aws:iam::${ACCOUNT}:user/signer`);
    const bad = await runAws(h.url, ['sts', 'get-caller-identity'], awsEnv(key.accessKeyId, 'us-east-1', { AWS_SECRET_ACCESS_KEY: 'nope' }));
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /SignatureDoesNotMatch/);
  });
});

// AWS SigV4 ("Create a canonical request"): the canonical request ends with the hex SHA-256 of the payload, so a
// signature covers every byte of the body. A body of over 256 KiB is hashed chunk by chunk as it arrives, and one
// declaring a large length is received into shared memory (which the JSON worker reads): checked all the same.
describe('large bodies', () => {
  it('a 3 MB DynamoDB request is accepted with its signature, and refused (InvalidSignatureException) when one byte differs', async () => {
    await h.dynamodb(key).send(new CreateTableCommand({ TableName: 'signed-big', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    const writes = Array.from({ length: 8 }, (_, i) => ({ PutRequest: { Item: { k: { S: `k${i}` }, v: { S: String(i).repeat(380 * 1024) } } } }));
    assert.deepEqual((await h.dynamodb(key).send(new BatchWriteItemCommand({ RequestItems: { 'signed-big': writes } }))).UnprocessedItems, {});
    const body = JSON.stringify({ RequestItems: { 'signed-big': writes } });
    const headers = signedHeaders('POST', `${h.url}/`, body, key, 'us-east-1', 'dynamodb', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem' });
    // The same length, one byte of the last value changed (far past the first chunks).
    const at = body.length - 100;
    assert.equal(body[at], '7');
    const tampered = `${body.slice(0, at)}8${body.slice(at + 1)}`;
    const refused = await fetch(`${h.url}/`, { method: 'POST', headers, body: tampered });
    assert.equal(refused.status, 400);
    assert.match(String(((await refused.json()) as Record<string, unknown>)['__type']), /InvalidSignatureException$/);
    const accepted = await fetch(`${h.url}/`, { method: 'POST', headers, body });
    assert.equal(accepted.status, 200, await accepted.clone().text());
  });
});

describe('strict mode', () => {
  let server: RunningServer;
  const client = <C>(make: new (cfg: object) => C, creds: { accessKeyId: string; secretAccessKey: string }): C =>
    new make({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: creds });

  before(async () => {
    const world = new World(memoryStore(), randomIdGen, systemClock);
    server = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: '000000000000', version: 'test', auth: { mode: 'strict', rootSecret: 'root-secret' } });
  });
  after(async () => { await server.close(); });

  it('account-id keys need the configured root secret; placeholder keys are refused', async () => {
    const root = client(STSClient, { accessKeyId: ACCOUNT, secretAccessKey: 'root-secret' });
    assert.equal((await root.send(new GetCallerIdentityCommand({}))).Account, ACCOUNT);
    await rejectsWith(client(STSClient, { accessKeyId: ACCOUNT, secretAccessKey: 'other' }).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
    await rejectsWith(client(STSClient, { accessKeyId: 'test', secretAccessKey: 'test' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    await rejectsWith(client(IAMClient, { accessKeyId: 'test', secretAccessKey: 'test' }).send(new ListUsersCommand({})), 'InvalidClientTokenId', 403);
  });

  it('unsigned requests are MissingAuthenticationToken, except anonymous S3', async () => {
    const ec2 = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeVpcs&Version=2016-11-15' });
    assert.equal(ec2.status, 403);
    assert.match(await ec2.text(), /<Code>MissingAuthenticationToken<\/Code>/);
    const s3 = await fetch(`${server.url}/no-such-bucket-here`);
    assert.equal(s3.status, 404);
  });
});
