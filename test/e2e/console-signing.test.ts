/**
 * @module The console's in-page SigV4 signer (WebCrypto) checked against the server's verifier and the CLI's
 * signer, and the console under `--auth strict` in headless Chromium: refused until credentials are given, then
 * acting as the IAM user they belong to (its account, its permissions), a wrong secret refused with STS's words.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import { signRequest } from '../../src/console/app/sigv4.js';
import { signedHeaders } from '../../src/server/sign-request.js';
import { parseAuth, verifySignature } from '../../src/server/signature.js';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startHarness, type Harness } from './harness.js';
import { browserMissing, openConsole, type ConsoleBrowser } from './browser.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

describe('the console\'s SigV4 signer', () => {
  const creds = { accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'token/with+chars=' };
  const body = 'Action=DescribeVpcs&Version=2016-11-15';
  const now = new Date('2026-12-05T15:00:00Z');

  it('signs exactly as the CLI\'s signer does (same canonical request, same signature)', async () => {
    const page = await signRequest(creds, 'eu-west-1', 'ec2', { method: 'POST', host: '127.0.0.1:4566', path: '/', query: '', body, contentType: FORM }, now);
    const cli = signedHeaders('POST', 'http://127.0.0.1:4566/', body, creds, 'eu-west-1', 'ec2', { 'content-type': FORM }, now.getTime());
    assert.deepEqual(page, cli);
  });

  it('signs a GET with a query string as the CLI\'s signer does', async () => {
    const query = 'kind=flow&limit=5&vpc=vpc-1%2A&action=a b';
    const page = await signRequest(creds, 'us-east-1', 'sts', { method: 'GET', host: '127.0.0.1:4566', path: '/_vpce/logs', query, body: '' }, now);
    const cli = signedHeaders('GET', `http://127.0.0.1:4566/_vpce/logs?${query}`, '', creds, 'us-east-1', 'sts', {}, now.getTime());
    assert.deepEqual(page, cli);
  });

  it('passes the server\'s verifier with the right secret and fails it with another', async () => {
    const headers = { ...await signRequest(creds, 'us-east-1', 'sts', { method: 'POST', host: 'localhost:4566', path: '/_vpce/check', query: '', body, contentType: FORM }, now), host: 'localhost:4566' };
    const req = { method: 'POST', rawPath: '/_vpce/check', rawQuery: '', headers, body: Buffer.from(body) };
    const parsed = parseAuth(req);
    assert.equal(parsed.kind, 'sigv4');
    if (parsed.kind !== 'sigv4') return;
    assert.equal(parsed.auth.region, 'us-east-1');
    assert.equal(parsed.auth.service, 'sts');
    assert.equal(verifySignature(req, parsed.auth, creds.secretAccessKey).ok, true);
    assert.equal(verifySignature(req, parsed.auth, `${creds.secretAccessKey}x`).ok, false);
    assert.equal(verifySignature({ ...req, body: Buffer.from(`${body}&x=1`) }, parsed.auth, creds.secretAccessKey).ok, false, 'the body is signed');
  });
});

const ACCOUNT = '975318642097';
const skip = browserMissing();
if (skip !== undefined) console.log(`# ${skip}`);

describe('console under --auth strict', { skip: skip ?? false }, () => {
  let h: Harness;
  let b: ConsoleBrowser;
  let consoleUrl: string;
  const root = { accessKeyId: ACCOUNT, secretAccessKey: 'root-secret' };

  before(async () => {
    h = await startHarness(memoryStore(), null, { auth: { mode: 'strict', rootSecret: 'root-secret' } });
    b = await openConsole(h.url, ACCOUNT);
    consoleUrl = b.consoleUrl;
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  it('is refused unsigned, then signs with an IAM user\'s key and shows its account\'s VPCs', async () => {
    const vpcId = (await h.ec2(root).send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
    const iam = h.iam(root);
    await iam.send(new CreateUserCommand({ UserName: 'console-viewer' }));
    const statement = { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' };
    await iam.send(new PutUserPolicyCommand({ UserName: 'console-viewer', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'console-viewer' }))).AccessKey!;
    const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const p = b.page;
    await p.goto(`${consoleUrl}#/vpcs`);
    const refused = p.getByRole('alert');
    await refused.waitFor();
    // Strict mode: the page's unsigned placeholder header is not a SigV4 signature (no X-Amz-Date); the page says what to do.
    assert.equal(await refused.locator('.code').innerText(), 'IncompleteSignature');
    assert.match(await refused.locator('.hint').innerText(), /--auth strict.*Sign with credentials/);

    await p.getByRole('button', { name: 'Sign with credentials…' }).click();
    await p.fill('input[name="access-key-id"]', user.accessKeyId);
    await p.fill('input[name="secret-access-key"]', `${user.secretAccessKey}-wrong`);
    await p.getByRole('button', { name: 'Use credentials' }).click();
    const wrong = p.getByRole('form', { name: 'Credentials' }).getByRole('alert');
    await wrong.waitFor();
    assert.equal(await wrong.locator('.code').innerText(), 'SignatureDoesNotMatch');

    await p.fill('input[name="secret-access-key"]', user.secretAccessKey);
    await p.getByRole('button', { name: 'Use credentials' }).click();
    await p.getByText(`Signed as ${user.accessKeyId}`).waitFor();
    await p.getByRole('link', { name: vpcId }).waitFor();
    assert.equal(await p.getByRole('alert').count(), 0);
    const stored = await p.evaluate("({ session: sessionStorage.getItem('vpce.console.credentials'), local: JSON.stringify(localStorage) })") as { session: string | null; local: string };
    assert.match(stored.session ?? '', new RegExp(user.accessKeyId));
    assert.doesNotMatch(stored.local, /secret|AKIA/i, 'nothing secret in localStorage');

    // Still the user's permissions: a change it may not make is refused with EC2's words.
    await p.goto(`${consoleUrl}#/endpoints/create`);
    await p.fill('input[name="service-search"]', 's3');
    await p.getByRole('radio', { name: 'com.amazonaws.us-east-1.s3 (Gateway)' }).check();
    await p.selectOption('select[name="vpc"]', vpcId);
    await p.locator('.check.refused').waitFor();
    assert.equal(await p.locator('.check .code').innerText(), 'UnauthorizedOperation');

    await p.getByRole('button', { name: 'Forget credentials' }).click();
    await p.getByRole('button', { name: 'Sign with credentials…' }).waitFor();
    assert.equal(await p.evaluate("sessionStorage.getItem('vpce.console.credentials')"), null);
    const problems = b.problems.splice(0);
    // Chromium logs each refused fetch: the unsigned calls (400) and the wrong secret (403), all to vpce's API.
    const refusal = /^console error: Failed to load resource: the server responded with a status of 40[03] \((Bad Request|Forbidden)\) at http:\/\/127\.0\.0\.1:\d+\/$/;
    assert.ok(problems.length > 0 && problems.every((x) => refusal.test(x)), `only the refusals provoked on purpose: ${problems.join('\n')}`);
  });
});
