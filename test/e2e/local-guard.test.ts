/**
 * @module A web page the user has open cannot drive vpce: a cross-site form post (Origin of another site) and a
 * DNS-rebound name (Host of another site) are refused with 403 before anything runs, unless `--allow-origin` /
 * `--allow-host` name them; SDKs and the CLI send neither and are unaffected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';

const FORM = 'Action=CreateVpc&Version=2016-11-15&CidrBlock=10.9.0.0%2F16';
const AUTH = 'AWS4-HMAC-SHA256 Credential=616161616161/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00';

function post(url: string, headers: Record<string, string>, body = FORM): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: 'POST', path: `/?X-Amz-Credential=616161616161%2F20260101%2Fus-east-1%2Fec2%2Faws4_request`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('local guard', () => {
  let h: Harness;
  let allowing: Harness;
  before(async () => {
    h = await startHarness();
    allowing = await startHarness(undefined, null, { guard: { allowHosts: ['vpce'], allowOrigins: ['http://localhost:3000'] } });
  });
  after(async () => { await h.close(); await allowing.close(); });

  const vpcCount = async (harness: Harness): Promise<number> =>
    (await harness.ec2('616161616161').send(new DescribeVpcsCommand({}))).Vpcs!.length;

  it('a cross-site form post (foreign Origin) is 403 and creates nothing; the same request without Origin works', async () => {
    const before = await vpcCount(h);
    const refused = await post(h.url, { origin: 'http://evil.example:8080' });
    assert.equal(refused.status, 403);
    assert.match(JSON.parse(refused.body).message as string, /--allow-origin http:\/\/evil\.example:8080/);
    assert.equal(await vpcCount(h), before);
    const opaque = await post(h.url, { origin: 'null' });
    assert.equal(opaque.status, 403);
    const sdkLike = await post(h.url, { authorization: AUTH });
    assert.equal(sdkLike.status, 200);
    assert.equal(await vpcCount(h), before + 1);
  });

  it('a page served by vpce itself (same origin) and an allowed origin pass', async () => {
    const { host } = new URL(h.url);
    assert.equal((await post(h.url, { origin: `http://${host}`, authorization: AUTH })).status, 200);
    assert.equal((await post(allowing.url, { origin: 'http://localhost:3000', authorization: AUTH })).status, 200);
    assert.equal((await post(allowing.url, { origin: 'http://localhost:3001', authorization: AUTH })).status, 403);
  });

  it('a rebound DNS name (foreign Host) is 403 naming --allow-host; localhost names, AWS names and allowed names pass', async () => {
    const rebound = await post(h.url, { host: 'attacker.example:4566', authorization: AUTH });
    assert.equal(rebound.status, 403);
    assert.match(JSON.parse(rebound.body).message as string, /--allow-host/);
    assert.equal((await post(h.url, { host: 'localhost:4566', authorization: AUTH })).status, 200);
    assert.equal((await post(h.url, { host: 'ec2.us-east-1.amazonaws.com', authorization: AUTH })).status, 200);
    assert.equal((await post(allowing.url, { host: 'vpce:4566', authorization: AUTH })).status, 200);
    assert.equal((await post(h.url, { host: 'vpce:4566', authorization: AUTH })).status, 403);
  });

  it('a CORS preflight (OPTIONS) with a foreign Origin reaches S3, which answers from the bucket rules', async () => {
    const res = await fetch(`${h.url}/no-such-bucket-guard/k`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' } });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AccessForbidden<\/Code>|CORSResponse/);
  });
});
