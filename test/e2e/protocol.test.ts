/** @module EC2 Query protocol edges over raw HTTP: error document shape, status codes, request ids, type errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const AUTH = 'AWS4-HMAC-SHA256 Credential=123456789012/20261122/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=00';

async function post(body: string, auth = AUTH): Promise<{ status: number; text: string; requestId: string | null }> {
  const res = await fetch(`${h.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth }, body });
  return { status: res.status, text: await res.text(), requestId: res.headers.get('x-amzn-requestid') };
}

function errorCode(xml: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
}

describe('EC2 error document (AWS: "Error codes for the Amazon EC2 API", Response/Errors/Error/RequestID)', () => {
  it('answers InvalidAction for an unknown action with the request id in header and body', async () => {
    const r = await post('Action=NoSuchThing&Version=2016-11-15');
    assert.equal(r.status, 400);
    assert.equal(errorCode(r.text), 'InvalidAction');
    assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
    assert.ok(r.requestId && r.text.includes(`<RequestID>${r.requestId}</RequestID>`));
  });

  it('answers MissingAction without an Action', async () => {
    const r = await post('Version=2016-11-15');
    assert.equal(r.status, 400);
    assert.equal(errorCode(r.text), 'MissingAction');
  });

  it('answers MissingParameter naming the wire key', async () => {
    const r = await post('Action=DeleteVpc&Version=2016-11-15');
    assert.equal(errorCode(r.text), 'MissingParameter');
    assert.match(r.text, /parameter VpcId/);
  });

  it('answers InvalidParameterValue for a non-integer, a non-boolean and a value outside an enum', async () => {
    for (const body of [
      'Action=DescribeVpcs&MaxResults=abc',
      'Action=DescribeVpcs&DryRun=yes',
      'Action=DescribeVpcAttribute&VpcId=vpc-1&Attribute=colour',
    ]) {
      const r = await post(body);
      assert.equal(r.status, 400, body);
      assert.equal(errorCode(r.text), 'InvalidParameterValue', body);
    }
  });

  it('serializes success with the operation root, namespace, requestId first and <item> lists', async () => {
    const r = await post('Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=is-default&Filter.1.Value.1=true');
    assert.equal(r.status, 200);
    assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><vpcSet><item>/);
  });

  it('answers <return>true</return> for operations without an output shape', async () => {
    const created = await post('Action=CreateVpc&CidrBlock=10.77.0.0%2F16');
    const id = /<vpcId>([^<]+)<\/vpcId>/.exec(created.text)![1]!;
    const r = await post(`Action=DeleteVpc&VpcId=${id}`);
    assert.match(r.text, /<DeleteVpcResponse [^>]+><requestId>[^<]+<\/requestId><return>true<\/return><\/DeleteVpcResponse>$/);
  });

  it('takes the account from a 12-digit access key and the region from the credential scope', async () => {
    const created = await post('Action=CreateVpc&CidrBlock=10.78.0.0%2F16');
    assert.match(created.text, /<ownerId>123456789012<\/ownerId>/);
    const id = /<vpcId>([^<]+)<\/vpcId>/.exec(created.text)![1]!;
    const otherRegion = await post(`Action=DescribeVpcs&VpcId.1=${id}`, AUTH.replace('eu-west-1', 'us-east-1'));
    assert.equal(errorCode(otherRegion.text), 'InvalidVpcID.NotFound');
    const unsigned = await post('Action=DescribeVpcs', '');
    assert.match(unsigned.text, /<ownerId>000000000000<\/ownerId>/);
  });

  it('answers AuthFailure (401) for a region vpce does not emulate', async () => {
    const r = await post('Action=DescribeVpcs', AUTH.replace('eu-west-1', 'xx-nowhere-9'));
    assert.equal(r.status, 401);
    assert.equal(errorCode(r.text), 'AuthFailure');
  });

  it('merges query-string parameters with the body, as AWS documents GET requests', async () => {
    const res = await fetch(`${h.url}/?Action=DescribeRegions&RegionName.1=eu-west-1`, { headers: { authorization: AUTH } });
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.match(text, /<regionName>eu-west-1<\/regionName>/);
    assert.doesNotMatch(text, /us-east-1/);
  });

  it('serves health as JSON', async () => {
    const res = await fetch(`${h.url}/_vpce/health`);
    const body = (await res.json()) as { status: string; version: string; state: string; uptimeSeconds: number };
    assert.equal(res.status, 200);
    assert.equal(body.status, 'ok');
    assert.equal(body.state, 'memory');
    assert.equal(typeof body.uptimeSeconds, 'number');
  });
});
