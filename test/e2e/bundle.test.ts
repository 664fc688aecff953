/**
 * @module The bundled CLI (`dist/src/cli/vpce.js`, made by `npm run build`, run by `npm start` and the `vpce` bin)
 * serves like the module build: specs resolve from the bundle's location, services load on first use, and their
 * errors are still AWS errors.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';

const BUNDLE = fileURLToPath(new URL('../../src/cli/vpce.js', import.meta.url));
const AUTH = (service: string): string => `AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

describe('bundled CLI (npm start)', () => {
  let child: ChildProcess;
  let url = '';
  before(async () => {
    child = spawn(process.execPath, [BUNDLE, 'serve', '--port', '0', '--state', 'memory'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); const m = /listening on (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]!); });
      child.once('exit', (code) => reject(new Error(`bundle exited with ${code}`)));
    });
  });
  after(() => { child.kill('SIGTERM'); });

  it('answers its health check and an EC2 call read from the spec', async () => {
    assert.equal((await fetch(`${url}/_vpce/health`)).status, 200);
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('ec2') }, body: 'Action=DescribeVpcs&Version=2016-11-15' });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<DescribeVpcsResponse[^>]*>[\s\S]*<isDefault>true<\/isDefault>/);
  });

  it('is ASCII text, which the bin reads as Latin-1 (several times quicker than decoding UTF-8 at every start)', () => {
    const bundle = readFileSync(fileURLToPath(new URL('../../src/cli/vpce-main.cjs', import.meta.url)));
    assert.ok(isAscii(bundle), 'scripts/bundle.mjs escapes every non-ASCII character of the bundle');
  });

  it('keeps errors of a service loaded on first use AWS errors (EC2 XML, DynamoDB JSON)', async () => {
    const ec2 = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('ec2') }, body: 'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-0000000000000dead' });
    assert.equal(ec2.status, 400);
    assert.match(await ec2.text(), /<Code>InvalidVpcID.NotFound<\/Code>/);
    const ddb = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.DescribeTable', authorization: AUTH('dynamodb') }, body: '{"TableName":"missing"}' });
    assert.equal(ddb.status, 400);
    assert.equal(((await ddb.json()) as { __type: string }).__type, 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
  });
});
