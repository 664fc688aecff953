/**
 * @module `/_vpce/exec-credentials` and `/_vpce/explain` authenticated like the AWS APIs: signed calls only (signed
 * here with the SDK's own signer, @smithy/signature-v4), credentials minted only for callers the policy engine
 * allows to act as the principal, AWS-style refusals, every mint in `api.jsonl` without secret or token.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { iamUserWith, startHarness, type Harness, type Who } from './harness.js';

const A = '616161616161';
const B = '626262626262';
const REGION = 'us-east-1';
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** POST a JSON body to a `/_vpce/*` path, SigV4-signed by the SDK's signer (or unsigned). */
async function post(url: string, path: string, body: unknown, creds?: Creds, service = 'sts'): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  const u = new URL(url);
  let headers: Record<string, string> = { 'content-type': 'application/json', host: u.host };
  if (creds) {
    const signer = new SignatureV4({ credentials: creds, region: REGION, service, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers, body: text });
    headers = signed.headers as Record<string, string>;
  }
  const { host: _host, ...send } = headers;
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: send, body: text });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

const root = (account: string): Creds => ({ accessKeyId: account, secretAccessKey: 'anything' });
const asCreds = (w: Who): Creds => (typeof w === 'string' ? root(w) : w);

let dir = '';
let h: Harness;
let instance = '';
let reader: Creds; // may sts:AssumeRole on the instance role
let stranger: Creds; // same account, no permissions
let admin: Creds; // same account, iam:CreateAccessKey on every user
const ROLE = `arn:aws:iam::${A}:role/app`;
const USER = `arn:aws:iam::${A}:user/stranger`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-endpoints-auth-'));
  h = await startHarness(memoryStore(), dir);
  const iam = h.iam(A);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app' }));
  instance = (await h.ec2(A).send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'app' } }))).Instances![0]!.InstanceId!;
  reader = asCreds(await iamUserWith(h, A, 'reader', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }]));
  stranger = asCreds(await iamUserWith(h, A, 'stranger', [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }]));
  admin = asCreds(await iamUserWith(h, A, 'admin', [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: `arn:aws:iam::${A}:user/*` }]));
  await h.iam(B).send(new CreateUserCommand({ UserName: 'other' }));
});
after(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /_vpce/exec-credentials needs a signed caller (open mode as well)', () => {
  it('refuses an unsigned request: 403 MissingAuthenticationToken, nothing minted', async () => {
    const r = await post(h.url, '/_vpce/exec-credentials', { from: instance });
    assert.equal(r.status, 403);
    assert.equal(r.body['error'], 'MissingAuthenticationToken');
    assert.equal(r.body['accessKeyId'], undefined);
  });

  it('refuses query-string credentials (what a web form can send): 400 IncompleteSignature', async () => {
    const res = await fetch(`${h.url}/_vpce/exec-credentials?X-Amz-Credential=${A}%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Signature=00`, { method: 'POST', body: JSON.stringify({ from: instance }) });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { error: string }).error, 'IncompleteSignature');
  });

  it('refuses an issued key signed with the wrong secret (403 SignatureDoesNotMatch) and a never-issued AKIA key (403 InvalidClientTokenId)', async () => {
    let r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, { ...reader, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret00' });
    assert.deepEqual([r.status, r.body['error']], [403, 'SignatureDoesNotMatch']);
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, { accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', secretAccessKey: 'x' });
    assert.deepEqual([r.status, r.body['error']], [403, 'InvalidClientTokenId']);
  });

  it("mints the instance role's session for the account root and for a user allowed sts:AssumeRole on the role", async () => {
    for (const who of [root(A), reader]) {
      const r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, who);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['principalArn'], `arn:aws:sts::${A}:assumed-role/app/${instance}`);
      const { accessKeyId, secretAccessKey, sessionToken } = r.body as unknown as Required<Creds>;
      const id = await h.sts({ accessKeyId, secretAccessKey, sessionToken }).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, `arn:aws:sts::${A}:assumed-role/app/${instance}`);
    }
  });

  it('refuses a user of the account without sts:AssumeRole on the role, and another account\'s root: 403 AccessDenied naming the action', async () => {
    let r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, stranger);
    assert.equal(r.status, 403);
    assert.equal(r.body['error'], 'AccessDenied');
    assert.equal(r.body['message'], `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, root(B));
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
    assert.match(String(r.body['message']), /arn:aws:iam::626262626262:root is not authorized to perform: sts:AssumeRole/);
  });

  it('as a role: the same rule on the named role; a session of the instance role cannot escalate to another role', async () => {
    let r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: ROLE }, reader);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: ROLE }, stranger);
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
    // Another account learns nothing about A's roles: a missing role is refused like an existing one.
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: `arn:aws:iam::${A}:role/missing` }, root(B));
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
  });

  it('as a user: the user itself, its account root, or a caller allowed iam:CreateAccessKey on it; nobody else', async () => {
    for (const who of [stranger, root(A), admin]) {
      const r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: USER }, who);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['principalArn'], USER);
    }
    let r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: USER }, reader);
    assert.equal(r.status, 403);
    assert.equal(r.body['message'], `User: arn:aws:iam::${A}:user/reader is not authorized to perform: iam:CreateAccessKey on resource: ${USER}`);
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: `arn:aws:iam::${B}:user/other` }, root(A));
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
  });

  it("as an account root: only that root (AWS: nobody else holds a root's credentials)", async () => {
    let r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: `arn:aws:iam::${A}:root` }, admin);
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: `arn:aws:iam::${A}:root` }, root(B));
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
    r = await post(h.url, '/_vpce/exec-credentials', { from: instance, as: `arn:aws:iam::${A}:root` }, root(A));
    assert.equal(r.status, 200);
  });

  it("open mode: a key that names no account (`test`, what vpce exec signs with by default) stands for the instance's account root", async () => {
    const r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, { accessKeyId: 'test', secretAccessKey: 'test' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('writes every mint to api.jsonl (caller, principal, instance, key id, expiry), never the secret or the token', async () => {
    const r = await post(h.url, '/_vpce/exec-credentials', { from: instance }, reader);
    assert.equal(r.status, 200);
    h.server.logs.flush();
    const text = readFileSync(join(dir, 'logs', 'api.jsonl'), 'utf8');
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const mint = events.find((e) => (e['responseElements'] as { credentials?: { accessKeyId?: string } } | undefined)?.credentials?.accessKeyId === r.body['accessKeyId']);
    assert.ok(mint, 'a mint event');
    assert.equal(mint['eventName'], 'ExecCredentials');
    assert.deepEqual(mint['userIdentity'], { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/reader`, accountId: A, accessKeyId: reader.accessKeyId });
    assert.deepEqual(mint['requestParameters'], { instanceId: instance, principalArn: `arn:aws:sts::${A}:assumed-role/app/${instance}` });
    assert.equal((mint['responseElements'] as { credentials: { expiration: string } }).credentials.expiration, r.body['expiration']);
    assert.ok(!text.includes(String(r.body['secretAccessKey'])), 'no secret in the log');
    assert.ok(!text.includes(String(r.body['sessionToken'])), 'no session token in the log');
  });
});

describe('POST /_vpce/explain reveals policies only to the account asked about', () => {
  it("answers a caller of the account, refuses another account's user or root (403 AccessDenied)", async () => {
    const q = { from: instance, to: 's3://any-bucket/k', account: A, region: REGION };
    let r = await post(h.url, '/_vpce/explain', q, stranger);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await post(h.url, '/_vpce/explain', q, root(B));
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
    r = await post(h.url, '/_vpce/explain', { ...q, principal: `arn:aws:iam::${B}:user/other` }, stranger);
    assert.deepEqual([r.status, r.body['error']], [403, 'AccessDenied']);
  });

  it('answers a body that is not JSON with 400 BadRequest, never a 500', async () => {
    const res = await fetch(`${h.url}/_vpce/explain`, { method: 'POST', body: '{"principal": ' });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { error: string }).error, 'BadRequest');
  });

  it('refuses a wrong signature like the APIs (403 SignatureDoesNotMatch)', async () => {
    const r = await post(h.url, '/_vpce/explain', { from: instance, to: 's3://b/k', account: A }, { ...stranger, secretAccessKey: 'nope-nope-nope-nope-nope-nope-nope-nope0' });
    assert.deepEqual([r.status, r.body['error']], [403, 'SignatureDoesNotMatch']);
  });
});

describe('/_vpce/* in strict mode', () => {
  let s: Harness;
  before(async () => {
    s = await startHarness(memoryStore(), null, { auth: { mode: 'strict', rootSecret: 'root-secret' } });
    await s.iam({ accessKeyId: A, secretAccessKey: 'root-secret' }).send(new CreateRoleCommand({
      RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }));
  });
  after(() => s.close());

  it('refuses placeholder keys (403 InvalidClientTokenId), account ids without the root secret (403 SignatureDoesNotMatch) and unsigned explain (403 MissingAuthenticationToken)', async () => {
    let r = await post(s.url, '/_vpce/exec-credentials', { from: 'i-0123456789abcdef0' }, { accessKeyId: 'test', secretAccessKey: 'test' });
    assert.deepEqual([r.status, r.body['error']], [403, 'InvalidClientTokenId']);
    r = await post(s.url, '/_vpce/exec-credentials', { from: 'i-0123456789abcdef0' }, root(A));
    assert.deepEqual([r.status, r.body['error']], [403, 'SignatureDoesNotMatch']);
    r = await post(s.url, '/_vpce/explain', { from: 'i-0123456789abcdef0', to: 's3://b/k', account: A });
    assert.deepEqual([r.status, r.body['error']], [403, 'MissingAuthenticationToken']);
    // The root secret passes authentication; the request then fails on its own merits.
    r = await post(s.url, '/_vpce/exec-credentials', { from: 'i-0123456789abcdef0' }, { accessKeyId: A, secretAccessKey: 'root-secret' });
    assert.deepEqual([r.status, r.body['error']], [404, 'InvalidInstanceID.NotFound']);
  });
});
