/**
 * @module `POST /_vpce/check` (an EC2 call run as a DryRun, answered as JSON) over HTTP, and the console's forms
 * checked live with it in headless Chromium: the wizard and the policy editor show the API's own refusal before
 * submit, with no refused request in the browser's console, and nothing is created by checking.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateVpcCommand, CreateVpcEndpointCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { signedHeaders } from '../../src/server/sign-request.js';
import { iamUserWith, startHarness, type Harness, type Who } from './harness.js';
import { browserMissing, openConsole, type ConsoleBrowser } from './browser.js';

const ACCOUNT = '135791357913';
const BAD_POLICY = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]'; // unclosed

interface Verdict { wouldSucceed?: boolean; operation?: string; code?: string; message?: string; httpStatus?: number; error?: string }

async function check(h: Harness, params: Record<string, string>, who: Who = ACCOUNT, service = 'ec2'): Promise<{ status: number; verdict: Verdict }> {
  const body = new URLSearchParams({ Version: '2016-11-15', ...params }).toString();
  const url = `${h.url}/_vpce/check`;
  const creds = typeof who === 'string' ? { accessKeyId: who, secretAccessKey: 'any' } : who;
  const headers = signedHeaders('POST', url, body, creds, 'us-east-1', service, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  const res = await fetch(url, { method: 'POST', headers, body });
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return { status: res.status, verdict: await res.json() as Verdict };
}

describe('POST /_vpce/check: an EC2 call as a DryRun, answered as JSON', () => {
  let h: Harness;
  let ec2: EC2Client;
  let vpcId: string;

  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(ACCOUNT);
    vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  });
  after(async () => { await h?.close(); });

  it('answers wouldSucceed for a call the API would accept, and acts on nothing (AWS: DryRun checks, then does not act)', async () => {
    const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    const r = await check(h, { Action: 'CreateVpc', CidrBlock: '10.41.0.0/16' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.verdict, { wouldSucceed: true, operation: 'CreateVpc' });
    assert.equal((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length, before, 'no VPC was created');
  });

  it('answers the exact refusal the call itself would get (code, message, status), with HTTP 200', async () => {
    const params = { Action: 'CreateVpcEndpoint', VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: BAD_POLICY };
    const r = await check(h, params);
    assert.equal(r.status, 200);
    const real = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: BAD_POLICY }))
      .then(() => assert.fail('the API accepted a malformed policy'), (e: Error & { $metadata: { httpStatusCode?: number } }) => e);
    assert.equal(r.verdict.wouldSucceed, false);
    assert.equal(r.verdict.code, real.name);
    assert.equal(r.verdict.message, real.message);
    assert.equal(r.verdict.httpStatus, real.$metadata.httpStatusCode);
    assert.equal((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints!.length, 0);
  });

  it('checks the caller\'s permissions like the call: UnauthorizedOperation for an IAM user without ec2:CreateVpc', async () => {
    const user = await iamUserWith(h, ACCOUNT, 'viewer', [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]);
    const denied = await check(h, { Action: 'CreateVpc', CidrBlock: '10.42.0.0/16' }, user);
    assert.equal(denied.verdict.wouldSucceed, false);
    assert.equal(denied.verdict.code, 'UnauthorizedOperation');
    assert.equal(denied.verdict.httpStatus, 403);
    const allowed = await check(h, { Action: 'DescribeVpcs' }, user);
    assert.equal(allowed.verdict.wouldSucceed, true);
  });

  it('refuses an action without DryRun (it would act): 400 InvalidAction', async () => {
    const r = await check(h, { Action: 'ModifyVpcAttribute', VpcId: vpcId, 'EnableDnsSupport.Value': 'false' });
    assert.equal(r.status, 400);
    assert.equal(r.verdict.error, 'InvalidAction');
    assert.match(r.verdict.message!, /ModifyVpcAttribute/);
    const unknown = await check(h, { Action: 'LaunchRockets' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.verdict.error, 'InvalidAction');
  });

  it('refuses a DryRun the caller set: 400 InvalidParameterCombination', async () => {
    const r = await check(h, { Action: 'CreateVpc', CidrBlock: '10.43.0.0/16', DryRun: 'false' });
    assert.equal(r.status, 400);
    assert.equal(r.verdict.error, 'InvalidParameterCombination');
  });

  it('refuses a request signed for another service: 400 InvalidAction', async () => {
    const r = await check(h, { Action: 'CreateVpc', CidrBlock: '10.44.0.0/16' }, ACCOUNT, 'iam');
    assert.equal(r.status, 400);
    assert.equal(r.verdict.error, 'InvalidAction');
  });
});

const skip = browserMissing();
if (skip !== undefined) console.log(`# ${skip}`);

describe('console forms checked live', { skip: skip ?? false }, () => {
  let h: Harness;
  let ec2: EC2Client;
  let b: ConsoleBrowser;
  let consoleUrl: string;

  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(ACCOUNT);
    b = await openConsole(h.url, ACCOUNT);
    consoleUrl = b.consoleUrl;
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  it('the wizard shows the policy engine\'s refusal of a custom policy before submit, then that the fixed one would be accepted', async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
    const expected = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: BAD_POLICY }))
      .then(() => assert.fail('the API accepted a malformed policy'), (e: Error) => e);
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints/create`);
    await p.fill('input[name="service-search"]', 's3');
    await p.getByRole('radio', { name: 'com.amazonaws.us-east-1.s3 (Gateway)' }).check();
    await p.selectOption('select[name="vpc"]', vpcId);
    const status = p.locator('.check');
    await p.locator('.check.ok').waitFor();
    assert.match(await status.innerText(), /would create this endpoint/);
    await p.getByRole('radio', { name: 'Custom' }).check();
    await p.fill('textarea[name="policy"]', BAD_POLICY);
    await p.locator('.check.refused').waitFor();
    assert.equal(await status.locator('.code').innerText(), expected.name);
    assert.equal(await status.locator('.message').innerText(), expected.message);
    await p.fill('textarea[name="policy"]', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }));
    await p.locator('.check.ok').waitFor();
    assert.equal((await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).VpcEndpoints!.length, 0, 'checking created nothing');
    assert.deepEqual(b.problems.splice(0), [], 'no refused request or error in the browser console');
  });

  it('the policy editor of an endpoint shows the refusal live, and the saved policy is what the API accepted', async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.51.0.0/16' }))).Vpc!.VpcId!;
    const ep = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3' }))).VpcEndpoint!.VpcEndpointId!;
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints/${ep}`);
    await p.getByRole('button', { name: 'Edit policy' }).click();
    await p.fill('textarea[name="policy"]', BAD_POLICY);
    await p.locator('.check.refused').waitFor();
    assert.match(await p.locator('.check .code').innerText(), /\S/);
    const good = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }] });
    await p.fill('textarea[name="policy"]', good);
    await p.locator('.check.ok').waitFor();
    await p.getByRole('button', { name: 'Save policy' }).click();
    await p.getByRole('button', { name: 'Edit policy' }).waitFor();
    const saved = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ep] }))).VpcEndpoints![0]!.PolicyDocument!;
    assert.deepEqual(JSON.parse(saved), JSON.parse(good));
    assert.deepEqual(b.problems.splice(0), [], 'no refused request or error in the browser console');
  });
});
