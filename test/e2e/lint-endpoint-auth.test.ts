/**
 * @module `GET /_vpce/lint` authenticated like vpce's other endpoints: an unsigned call (open mode only) sees the
 * whole state; a signed caller sees the findings that involve its own account; an IAM principal needs
 * `ec2:GetNetworkInsightsAccessScopeAnalysisFindings`; strict mode refuses unsigned calls; `vpce lint
 * --endpoint-url` signs with the environment's credentials.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
} from '@aws-sdk/client-ec2';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { signedHeaders } from '../../src/server/sign-request.js';
import { iamUserWith, startHarness, type Harness, type Who } from './harness.js';
import { runVpce } from './process.js';

const A = '310000000001';
const B = '310000000002';

interface Report { scope: string[]; findings: { ruleId: string; resources: { account: string }[] }[] }

/** A gateway endpoint route shadowed by a more specific route to an internet gateway (VPCE001) in `account`. */
async function shadowedRoute(h: Harness, who: Who, cidr: string): Promise<void> {
  const ec2 = h.ec2(who);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace('.0.0/16', '.1.0/24') }));
  const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [main] }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '54.231.0.0/24', GatewayId: igw }));
}

async function lint(h: Harness, who?: { accessKeyId: string; secretAccessKey: string }): Promise<{ status: number; body: Report & { error?: string; message?: string } }> {
  const url = `${h.url}/_vpce/lint`;
  const headers = who === undefined ? {} : signedHeaders('GET', url, '', who, 'us-east-1', 'sts');
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.json() as Report & { error?: string; message?: string } };
}

const accountsOf = (r: Report): Set<string> => new Set(r.findings.flatMap((f) => f.resources.map((x) => x.account)));

describe('GET /_vpce/lint in open mode', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await shadowedRoute(h, A, '10.70.0.0/16');
    await shadowedRoute(h, B, '10.71.0.0/16');
  });
  after(async () => { await h?.close(); });

  it('answers an unsigned call with the whole state (both accounts\' findings)', async () => {
    const r = await lint(h);
    assert.equal(r.status, 200);
    assert.ok(r.body.findings.some((f) => f.ruleId === 'VPCE001'));
    assert.deepEqual([...accountsOf(r.body)].sort(), [A, B]);
  });

  it('answers a signed caller with the findings of its own account only', async () => {
    const r = await lint(h, { accessKeyId: A, secretAccessKey: 'any' });
    assert.equal(r.status, 200);
    assert.ok(r.body.findings.some((f) => f.ruleId === 'VPCE001'));
    assert.ok(r.body.findings.every((f) => f.resources.some((x) => x.account === A)), 'every finding involves account A');
    assert.ok(!accountsOf(r.body).has(B), 'nothing of account B');
    assert.ok(r.body.scope.every((p) => p.startsWith(`${A}/`)));
  });

  it('refuses an IAM user without ec2:GetNetworkInsightsAccessScopeAnalysisFindings (403 AccessDenied), answers one with it', async () => {
    const plain = await iamUserWith(h, A, 'no-lint', [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]);
    const denied = await lint(h, plain as { accessKeyId: string; secretAccessKey: string });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'AccessDenied');
    assert.match(denied.body.message!, /ec2:GetNetworkInsightsAccessScopeAnalysisFindings/);
    const reader = await iamUserWith(h, A, 'lint-reader', [{ Effect: 'Allow', Action: 'ec2:GetNetworkInsightsAccessScopeAnalysisFindings', Resource: '*' }]);
    const ok = await lint(h, reader as { accessKeyId: string; secretAccessKey: string });
    assert.equal(ok.status, 200);
    assert.deepEqual([...accountsOf(ok.body)], [A]);
  });

  it('refuses query-string credentials (what a web form can send)', async () => {
    const res = await fetch(`${h.url}/_vpce/lint?X-Amz-Credential=${A}%2F20261205%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Signature=00`);
    assert.equal(res.status, 400);
  });

  it('vpce lint --endpoint-url signs with AWS_ACCESS_KEY_ID, and then shows that account only', async () => {
    const r = await runVpce(['lint', '--endpoint-url', h.url, '--format', 'json'], { ...process.env, AWS_ACCESS_KEY_ID: B, AWS_SECRET_ACCESS_KEY: 'any', VPCE_ENDPOINT_URL: '' });
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual([...accountsOf(report)], [B]);
    assert.equal(r.code, 1, 'errors found: exit 1');
  });
});

describe('GET /_vpce/lint in strict mode', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(memoryStore(), null, { auth: { mode: 'strict', rootSecret: 'root-secret' } });
    await shadowedRoute(h, { accessKeyId: A, secretAccessKey: 'root-secret' }, '10.72.0.0/16');
  });
  after(async () => { await h?.close(); });

  it('refuses an unsigned call (403 MissingAuthenticationToken) and a wrong secret (403 SignatureDoesNotMatch)', async () => {
    const unsigned = await lint(h);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.body.error, 'MissingAuthenticationToken');
    const wrong = await lint(h, { accessKeyId: A, secretAccessKey: 'not-it' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error, 'SignatureDoesNotMatch');
    const right = await lint(h, { accessKeyId: A, secretAccessKey: 'root-secret' });
    assert.equal(right.status, 200);
    assert.deepEqual([...accountsOf(right.body)], [A]);
  });
});
