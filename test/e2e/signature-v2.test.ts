/**
 * @module S3 Signature Version 2 end to end: `Authorization: AWS key:signature` and `AWSAccessKeyId`/`Signature`/
 * `Expires` presigned URLs are checked against the secrets vpce issued like SigV4 (raw HTTP signed by a small
 * signer of our own, checked against AWS's published example in `src/server/signature-v2.test.ts`), and with
 * botocore's `s3` signature version when the machine's python3 has botocore.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateBucketCommand, GetBucketAclCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { iamUserWith, startHarness, type Harness } from './harness.js';

const A = '727272727272';
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Our own SigV2 signer (path style): verb, Content-MD5, Content-Type, Date, x-amz-* headers, resource. */
function signV2(method: string, path: string, creds: Creds, opts: { date?: string; headers?: Record<string, string>; expires?: number } = {}): { headers: Record<string, string>; query: string } {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (creds.sessionToken !== undefined && opts.expires === undefined) headers['x-amz-security-token'] = creds.sessionToken;
  const date = opts.expires !== undefined ? String(opts.expires) : (headers['date'] = opts.date ?? new Date().toUTCString());
  const amz = Object.keys(headers).filter((k) => k.startsWith('x-amz-')).sort().map((k) => `${k}:${headers[k]}\n`).join('');
  const resource = /^\/[^/]+$/.test(path.split('?')[0]!) ? path.replace(/^(\/[^/?]+)/, '$1/') : path;
  const toSign = `${method}\n${headers['content-md5'] ?? ''}\n${headers['content-type'] ?? ''}\n${date}\n${amz}${resource}`;
  const signature = createHmac('sha1', creds.secretAccessKey).update(toSign).digest('base64');
  if (opts.expires !== undefined) {
    const token = creds.sessionToken !== undefined ? `&x-amz-security-token=${encodeURIComponent(creds.sessionToken)}` : '';
    return { headers, query: `AWSAccessKeyId=${encodeURIComponent(creds.accessKeyId)}&Expires=${opts.expires}&Signature=${encodeURIComponent(signature)}${token}` };
  }
  headers['authorization'] = `AWS ${creds.accessKeyId}:${signature}`;
  return { headers, query: '' };
}

async function send(h: Harness, method: string, path: string, creds: Creds, opts: Parameters<typeof signV2>[3] & { body?: string } = {}): Promise<{ status: number; text: string }> {
  const { headers, query } = signV2(method, path, creds, opts);
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${h.url}${path}${query ? sep + query : ''}`, { method, headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  return { status: res.status, text: await res.text() };
}

const code = (text: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];

let h: Harness;
let user: Creds;
let session: Required<Creds>;

before(async () => {
  h = await startHarness();
  user = await iamUserWith(h, A, 'v2user', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]) as Creds;
  await h.s3(A).send(new CreateBucketCommand({ Bucket: 'v2-bucket' }));
  await h.s3(A).send(new PutObjectCommand({ Bucket: 'v2-bucket', Key: 'k', Body: 'hello v2' }));
  const iam = h.iam(A);
  await iam.send(new CreateRoleCommand({ RoleName: 'v2role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'v2role', PolicyName: 's3', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
  const c = (await h.sts(A).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/v2role`, RoleSessionName: 'v2' }))).Credentials!;
  session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
});
after(() => h.close());

describe('S3 SigV2 header signatures', () => {
  it('an issued key with its secret reads and writes (sub-resources signed: ?tagging, ?acl)', async () => {
    assert.deepEqual(await send(h, 'GET', '/v2-bucket/k', user), { status: 200, text: 'hello v2' });
    const put = await send(h, 'PUT', '/v2-bucket/new', user, { headers: { 'content-type': 'text/plain', 'x-amz-meta-a': '1' }, body: 'x' });
    assert.equal(put.status, 200, put.text);
    const tagging = await send(h, 'GET', '/v2-bucket/k?tagging', user);
    assert.equal(tagging.status, 200, tagging.text);
    assert.match(tagging.text, /<Tagging/);
    const list = await send(h, 'GET', '/v2-bucket', user);
    assert.equal(list.status, 200, list.text);
  });

  it('the wrong secret is 403 SignatureDoesNotMatch with the string to sign; nothing is written', async () => {
    const r = await send(h, 'PUT', '/v2-bucket/forged', { ...user, secretAccessKey: 'not-the-secret' }, { body: 'x' });
    assert.equal(r.status, 403);
    assert.equal(code(r.text), 'SignatureDoesNotMatch');
    assert.match(r.text, /<StringToSign>PUT\n\n[^\n]*\n[^<\n]+\n\/v2-bucket\/forged<\/StringToSign>/);
    assert.equal((await send(h, 'GET', '/v2-bucket/forged', user)).status, 404);
  });

  it('an issued-shaped key vpce never issued is 403 InvalidAccessKeyId (not anonymous)', async () => {
    const r = await send(h, 'GET', '/v2-bucket/k', { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x' });
    assert.deepEqual([r.status, code(r.text)], [403, 'InvalidAccessKeyId']);
  });

  it('a session needs its token (400 InvalidToken without), and works with it', async () => {
    const { sessionToken: _t, ...bare } = session;
    assert.deepEqual([(await send(h, 'GET', '/v2-bucket/k', bare)).status], [400]);
    assert.equal(code((await send(h, 'GET', '/v2-bucket/k', bare)).text), 'InvalidToken');
    assert.deepEqual(await send(h, 'GET', '/v2-bucket/k', session), { status: 200, text: 'hello v2' });
  });

  it('a Date more than 15 minutes off is 403 RequestTimeTooSkewed', async () => {
    const r = await send(h, 'GET', '/v2-bucket/k', user, { date: new Date(Date.now() - 20 * 60_000).toUTCString() });
    assert.deepEqual([r.status, code(r.text)], [403, 'RequestTimeTooSkewed']);
  });

  it("open mode: a 12-digit key signs as that account's root with any secret (it owns the bucket)", async () => {
    const r = await send(h, 'GET', '/v2-bucket/k', { accessKeyId: A, secretAccessKey: 'anything' });
    assert.deepEqual(r, { status: 200, text: 'hello v2' });
    const acl = await h.s3(A).send(new GetBucketAclCommand({ Bucket: 'v2-bucket' }));
    assert.ok(acl.Owner?.ID);
  });

  it('open mode: a presigned URL of an unchecked key still expires (403 AccessDenied "Request has expired")', async () => {
    const r = await send(h, 'GET', '/v2-bucket/k', { accessKeyId: A, secretAccessKey: 'anything' }, { expires: Math.floor(Date.now() / 1000) - 5 });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });
});

describe('S3 SigV2 presigned URLs', () => {
  it('work with the right secret until Expires, then 403 AccessDenied "Request has expired"', async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.deepEqual(await send(h, 'GET', '/v2-bucket/k', user, { expires: now + 300 }), { status: 200, text: 'hello v2' });
    const late = await send(h, 'GET', '/v2-bucket/k', user, { expires: now - 10 });
    assert.equal(late.status, 403);
    assert.equal(code(late.text), 'AccessDenied');
    assert.match(late.text, /<Message>Request has expired<\/Message><Expires>[^<]+<\/Expires><ServerTime>/);
  });

  it('the wrong secret is 403 SignatureDoesNotMatch; a session presigns with its token in the query', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await send(h, 'GET', '/v2-bucket/k', { ...user, secretAccessKey: 'nope' }, { expires: now + 300 });
    assert.deepEqual([r.status, code(r.text)], [403, 'SignatureDoesNotMatch']);
    assert.deepEqual(await send(h, 'GET', '/v2-bucket/k', session, { expires: now + 300 }), { status: 200, text: 'hello v2' });
  });
});

describe('S3 SigV2 in strict mode', () => {
  let s: Harness;
  before(async () => {
    s = await startHarness(memoryStore(), null, { auth: { mode: 'strict', rootSecret: 'root-secret' } });
    await s.s3({ accessKeyId: A, secretAccessKey: 'root-secret' }).send(new CreateBucketCommand({ Bucket: 'strict-v2' }));
  });
  after(() => s.close());

  it('an account id signs with the root secret only; a placeholder key is refused (403 InvalidAccessKeyId)', async () => {
    assert.equal((await send(s, 'GET', '/strict-v2', { accessKeyId: A, secretAccessKey: 'root-secret' })).status, 200);
    const wrong = await send(s, 'GET', '/strict-v2', { accessKeyId: A, secretAccessKey: 'guess' });
    assert.deepEqual([wrong.status, code(wrong.text)], [403, 'SignatureDoesNotMatch']);
    const test = await send(s, 'GET', '/strict-v2', { accessKeyId: 'test', secretAccessKey: 'test' });
    assert.deepEqual([test.status, code(test.text)], [403, 'InvalidAccessKeyId']);
  });
});

const botocore = ((): string | false => {
  try { execFileSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }); return false; } catch { return 'python3 has no botocore'; }
})();
if (botocore) console.log(`# botocore SigV2 cross-check skipped: ${botocore}`);

const BOTO_SCRIPT = `
import sys, json, botocore.session
from botocore.config import Config
url, key, secret = sys.argv[1:4]
c = botocore.session.get_session().create_client('s3', region_name='us-east-1', endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret,
  config=Config(signature_version='s3', s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
out = {}
def run(name, f):
  try: out[name] = f()
  except Exception as e: out[name] = {'error': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
run('put', lambda: c.put_object(Bucket='v2-bucket', Key='boto/a b.txt', Body=b'from boto', ContentType='text/plain', Metadata={'k': 'v'})['ResponseMetadata']['HTTPStatusCode'])
run('get', lambda: c.get_object(Bucket='v2-bucket', Key='boto/a b.txt')['Body'].read().decode())
run('list', lambda: sorted(o['Key'] for o in c.list_objects(Bucket='v2-bucket', Prefix='boto/').get('Contents', [])))
out['presigned'] = c.generate_presigned_url('get_object', Params={'Bucket': 'v2-bucket', 'Key': 'k'}, ExpiresIn=300)
print(json.dumps(out))
`;

describe("botocore's SigV2 ('s3' signature version)", { skip: botocore }, () => {
  const boto = async (secret: string): Promise<Record<string, unknown>> => {
    const { stdout } = await promisify(execFile)('python3', ['-c', BOTO_SCRIPT, h.url, user.accessKeyId, secret], { encoding: 'utf8' });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it('puts, gets, lists and presigns with the issued secret', async () => {
    const out = await boto(user.secretAccessKey);
    assert.equal(out['put'], 200);
    assert.equal(out['get'], 'from boto');
    assert.deepEqual(out['list'], ['boto/a b.txt']);
    const res = await fetch(String(out['presigned']));
    assert.equal(await res.text(), 'hello v2');
  });

  it('is refused with another secret: SignatureDoesNotMatch 403 for every call and the presigned URL', async () => {
    const out = await boto('wrong-secret');
    for (const k of ['put', 'get', 'list']) assert.deepEqual(out[k], { error: 'SignatureDoesNotMatch', status: 403 });
    assert.equal((await fetch(String(out['presigned']))).status, 403);
  });
});
