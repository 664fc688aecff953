/**
 * @module Responses stay parseable XML 1.0 whatever a client sends: values with characters XML cannot carry are
 * refused on input (EC2, IAM), and anything echoed (an unknown action, an object key) is written parseably.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTagsCommand, CreateVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { raw, signedFor } from './s3-raw.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const ACCOUNT = '313131313131';

describe('XML-safe input and output', () => {
  it('EC2 refuses a tag value with a control character (InvalidParameterValue), and DescribeVpcs still parses', async () => {
    const ec2 = h.ec2(ACCOUNT);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const err = await rejectsWith(ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'k', Value: 'a\u0001b' }] })), 'InvalidParameterValue');
    assert.match(err.message, /Tag\.1\.Value/);
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'k', Value: 'tab\there \u{1F600}' }] }));
    const vpcs = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc] }))).Vpcs!;
    assert.deepEqual(vpcs[0]!.Tags, [{ Key: 'k', Value: 'tab\there \u{1F600}' }]);
  });

  it('IAM refuses a role name with U+FFFF (ValidationError)', async () => {
    await rejectsWith(h.iam(ACCOUNT).send(new CreateRoleCommand({ RoleName: 'r\uFFFF', AssumeRolePolicyDocument: '{}' })), 'ValidationError');
  });

  it('an unknown EC2 action with a control character is answered with a parseable InvalidAction document', async () => {
    const res = await fetch(`${h.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00`,
      },
      body: 'Action=Describe%01Vpcs&Version=2016-11-15',
    });
    const text = await res.text();
    assert.equal(res.status, 400);
    assert.match(text, /<Code>InvalidAction<\/Code>/);
    assert.doesNotMatch(text, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('S3 keeps a key with a control character: exact under encoding-type=url, parseable without it, NoSuchKey parseable', async () => {
    const s3 = h.s3(ACCOUNT);
    await s3.send(new CreateBucketCommand({ Bucket: 'xml-safety' }));
    await s3.send(new PutObjectCommand({ Bucket: 'xml-safety', Key: 'a\u0001b', Body: 'x' }));
    const encoded = await s3.send(new ListObjectsV2Command({ Bucket: 'xml-safety', EncodingType: 'url' }));
    assert.equal(decodeURIComponent(encoded.Contents![0]!.Key!), 'a\u0001b');
    const plain = await s3.send(new ListObjectsV2Command({ Bucket: 'xml-safety' }));
    assert.equal(plain.Contents![0]!.Key, 'a\uFFFDb');
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'xml-safety', Key: 'missing\u0002' })), 'NoSuchKey', 404);
    const res = await raw(h.url, 'GET', '/xml-safety/missing%03', signedFor(ACCOUNT));
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.body, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });
});
