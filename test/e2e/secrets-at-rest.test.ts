/**
 * @module What a `vpce serve` state folder gives away: every file owner-only (0600, folders 0700), session tokens
 * kept only as digests (a copy of state.db yields no usable token), and nothing in the logs that can act as a
 * credential (secrets, session tokens, presigned signatures).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { serveProcess, type ServeProcess } from './process.js';

const A = '717171717171';
const REGION = 'us-east-1';
let dir = '';
let proc: ServeProcess;
const secrets: string[] = [];
let token = '';
let presignedSignature = '';
const mintedKeys: string[] = [];

function walk(path: string, out: { path: string; mode: number; dir: boolean }[] = []): { path: string; mode: number; dir: boolean }[] {
  for (const name of readdirSync(path)) {
    const p = join(path, name);
    const st = statSync(p);
    out.push({ path: p, mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) walk(p, out);
  }
  return out;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-at-rest-'));
  proc = await serveProcess(join(dir, 'state'));
  const cfg = { endpoint: proc.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: 'x' }, maxAttempts: 1 };
  const iam = new IAMClient(cfg);
  await iam.send(new CreateUserCommand({ UserName: 'u' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'u', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'u' }))).AccessKey!;
  secrets.push(k.SecretAccessKey!);
  mintedKeys.push(k.AccessKeyId!);
  await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const sts = new STSClient(cfg);
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/r`, RoleSessionName: 'sess' }))).Credentials!;
  token = c.SessionToken!;
  mintedKeys.push(c.AccessKeyId!);
  secrets.push(c.SecretAccessKey!);
  const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: token };
  const asSession = new STSClient({ ...cfg, credentials: session });
  assert.equal((await asSession.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${A}:assumed-role/r/sess`);
  const s3 = new S3Client({ ...cfg, credentials: session, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'rest' }));
  await s3.send(new PutObjectCommand({ Bucket: 'rest', Key: 'k', Body: 'body' }));
  const u = new URL(proc.url);
  const signer = new SignatureV4({ credentials: session, region: REGION, service: 's3', sha256: Hash.bind(null, 'sha256'), uriEscapePath: false });
  const pre = await signer.presign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/rest/k', headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, query: {} }, { expiresIn: 300 });
  const query = new URLSearchParams(pre.query as Record<string, string>).toString();
  presignedSignature = String(pre.query?.['X-Amz-Signature']);
  assert.equal(await (await fetch(`${proc.url}/rest/k?${query}`)).text(), 'body');
  // A wrong presigned signature is refused and logged: the log must not carry what was offered either.
  assert.equal((await fetch(`${proc.url}/rest/k?${query.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`)}`)).status, 403);
  const ddb = new DynamoDBClient({ ...cfg, credentials: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } });
  await ddb.send(new CreateTableCommand({ TableName: 'tbl', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  await ddb.send(new PutItemCommand({ TableName: 'tbl', Item: { pk: { S: 'a' } } }));
  for (const cl of [iam, sts, asSession, s3, ddb]) cl.destroy();
  // Read the files while the server runs (WAL files exist) and after a clean stop (logs flushed).
});
after(async () => {
  await proc.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets at rest', () => {
  it('makes every state file 0600 and every folder 0700 (state.db and its WAL, s3.db, items.db, object bodies, logs)', async () => {
    const files = walk(join(dir, 'state'));
    const names = files.map((f) => f.path.slice(dir.length + 7));
    for (const expected of ['state.db', 's3/s3.db', 'dynamodb/items.db', 'logs/api.jsonl']) assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    assert.ok(names.some((n) => n.startsWith('s3/objects/') && !files.find((f) => f.path.endsWith(n))!.dir), 'an object body file');
    for (const f of files) assert.equal(f.mode, f.dir ? 0o700 : 0o600, `${f.path} is ${f.mode.toString(8)}`);
    assert.equal(statSync(join(dir, 'state')).mode & 0o777, 0o700);
  });

  it('keeps a session token only as its digest: the token is nowhere in the state files', () => {
    assert.ok(token.length > 100);
    for (const f of walk(join(dir, 'state'))) {
      if (f.dir) continue;
      assert.ok(!readFileSync(f.path).includes(token), `${f.path} holds the session token in clear`);
    }
  });

  it('logs no secret, session token or presigned signature (api.jsonl, flow logs), and each key minted by IAM or STS by its id', async () => {
    await proc.stop();
    const logs = walk(join(dir, 'state', 'logs')).filter((f) => !f.dir);
    assert.ok(logs.length > 0);
    const text = logs.map((f) => readFileSync(f.path, 'utf8')).join('\n');
    assert.match(text, /AssumeRole/);
    for (const s of [...secrets, token, presignedSignature]) assert.ok(!text.includes(s), `the logs hold ${s.slice(0, 12)}…`);
    // AWS (CloudTrail): CreateAccessKey and AssumeRole events name the new key id (and a session's expiry).
    const events = readFileSync(join(dir, 'state', 'logs', 'api.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { eventName?: string; responseElements?: { credentials?: { accessKeyId?: string; expiration?: string } } });
    const create = events.find((e) => e.eventName === 'CreateAccessKey');
    const assume = events.find((e) => e.eventName === 'AssumeRole');
    assert.equal(create?.responseElements?.credentials?.accessKeyId, mintedKeys[0]);
    assert.equal(assume?.responseElements?.credentials?.accessKeyId, mintedKeys[1]);
    assert.match(assume?.responseElements?.credentials?.expiration ?? '', /^\d{4}-\d\d-\d\dT/);
  });
});
