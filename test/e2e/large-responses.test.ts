/**
 * @module A large EC2 listing (hundreds of KB, sent as UTF-8 pieces rather than one buffer) read whole by the SDK,
 * the AWS CLI and a raw client: Content-Length matches the bytes, and multi-byte characters survive every piece
 * boundary. AWS: DescribeNetworkAcls without MaxResults returns every ACL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateNetworkAclCommand, CreateNetworkAclEntryCommand, DescribeNetworkAclsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';
import { awsCliSkip, jsonCli } from './aws-cli.js';

const ACCOUNT = '111111111111';
const ACLS = 40;
const ENTRIES = 30;
let h: Harness;
let ec2: EC2Client;
let vpcId: string;
/** Names with two-, three- and four-byte UTF-8 characters. */
const nameOf = (i: number): string => `acl-é-日本-😀-${i}-${'x'.repeat(200)}`;

before(async () => {
  h = await startHarness();
  ec2 = h.ec2(ACCOUNT);
  ({ vpcId } = await vpcWithSubnet(ec2, '10.40.0.0/16', '10.40.1.0/24'));
  for (let i = 0; i < ACLS; i++) {
    const acl = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'Name', Value: nameOf(i) }] }] }));
    for (let r = 1; r <= ENTRIES; r++) {
      await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl.NetworkAcl!.NetworkAclId!, RuleNumber: r, Protocol: '6', RuleAction: 'allow', Egress: r % 2 === 0, CidrBlock: `10.${r}.0.0/16`, PortRange: { From: 1000 + r, To: 2000 + r } }));
    }
  }
});
after(async () => { await h.close(); });

/** The custom ACLs of a listing by their Name tag, each with its entry count. */
const byName = (acls: readonly { Tags?: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined; Entries?: readonly unknown[] | undefined }[]): Map<string, number> =>
  new Map(acls.flatMap((a) => {
    const name = a.Tags?.find((t) => t.Key === 'Name')?.Value;
    return name === undefined ? [] : [[name, a.Entries?.length ?? 0] as const];
  }));

const expected = new Map(Array.from({ length: ACLS }, (_, i) => [nameOf(i), ENTRIES + 2] as const));

describe('a large EC2 listing', () => {
  it('reaches the SDK whole: every ACL, entry and multi-byte name', async () => {
    const r = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.equal(r.NetworkAcls!.length, ACLS + 1, 'the custom ACLs and the default one');
    assert.deepEqual(byName(r.NetworkAcls!), expected);
  });

  it('has a Content-Length equal to the bytes sent, past several 16 KB pieces', async () => {
    const body = `Action=DescribeNetworkAcls&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=${vpcId}`;
    const { length, bytes } = await new Promise<{ length: number; bytes: Buffer }>((resolve, reject) => {
      const { hostname, port } = new URL(h.url);
      const req = request({
        host: hostname, port, method: 'POST', path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ length: Number(res.headers['content-length']), bytes: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.ok(bytes.length > 5 * 16 * 1024, `a large listing (${bytes.length} bytes)`);
    assert.equal(length, bytes.length);
    const text = bytes.toString('utf8');
    assert.ok(!text.includes('\uFFFD'), 'no character broken at a piece boundary');
    assert.match(text, /<\/DescribeNetworkAclsResponse>$/);
    for (let i = 0; i < ACLS; i++) assert.ok(text.includes(`<value>${nameOf(i)}</value>`), `name ${i}`);
  });

  it('reaches the AWS CLI whole', async (t) => {
    const skip = awsCliSkip('large EC2 listing through the AWS CLI');
    if (skip) { t.skip(skip); return; }
    const out = await jsonCli(ACCOUNT, 'us-east-1').ok(h.url, ['ec2', 'describe-network-acls', '--filters', `Name=vpc-id,Values=${vpcId}`, '--no-paginate']);
    const acls = out['NetworkAcls'] as { Tags?: { Key?: string; Value?: string }[]; Entries?: unknown[] }[];
    assert.equal(acls.length, ACLS + 1);
    assert.deepEqual(byName(acls), expected);
  });
});
