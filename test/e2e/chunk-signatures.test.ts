/**
 * @module SigV4 streaming uploads end to end: a PutObject whose aws-chunked body carries per-chunk signatures
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, seed signature by the SDK's signer, chunk signatures by a few lines of our
 * own) is stored only when every chunk signature chains from the seed; a wrong one is 403 SignatureDoesNotMatch
 * and nothing is stored. The SDK's own uploads (unsigned-payload trailers for checksums) keep working.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';

const A = '737373737373';
type Creds = { accessKeyId: string; secretAccessKey: string };
let h: Harness;
let user: Creds;

const sha = (d: string | Buffer): string => createHash('sha256').update(d).digest('hex');

/** PUT /bucket/key as a signed streaming upload of `chunks`; `tamper` changes chunk i's signature. */
async function streamingPut(key: string, chunks: Buffer[], creds: Creds, tamper?: number): Promise<{ status: number; text: string }> {
  const u = new URL(h.url);
  const now = new Date();
  const decoded = chunks.reduce((n, c) => n + c.length, 0);
  const all = [...chunks, Buffer.alloc(0)];
  // Framing length: each chunk is `<hex>;chunk-signature=<64 hex>\r\n<data>\r\n`.
  const length = all.reduce((n, c) => n + c.length.toString(16).length + 17 + 64 + 2 + c.length + 2, 0);
  const headers: Record<string, string> = {
    host: u.host, 'content-encoding': 'aws-chunked', 'content-length': String(length),
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length': String(decoded),
  };
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 's3', sha256: Hash.bind(null, 'sha256'), uriEscapePath: false });
  const signed = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: `/chunks/${key}`, headers }, { signingDate: now });
  const h2 = signed.headers as Record<string, string>;
  const seed = /Signature=([0-9a-f]{64})/.exec(h2['authorization']!)![1]!;
  const amzDate = h2['x-amz-date']!;
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const hmac = (k: string | Buffer, d: string): Buffer => createHmac('sha256', k).update(d).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, amzDate.slice(0, 8)), 'us-east-1'), 's3'), 'aws4_request');
  let previous = seed;
  const parts: Buffer[] = [];
  all.forEach((c, i) => {
    let sig = createHmac('sha256', signingKey).update(`AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${sha('')}\n${sha(c)}`).digest('hex');
    previous = sig;
    if (i === tamper) sig = sig.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`), c, Buffer.from('\r\n'));
  });
  const { host: _host, ...send } = h2;
  const res = await fetch(`${h.url}/chunks/${key}`, { method: 'PUT', headers: send, body: Buffer.concat(parts) });
  return { status: res.status, text: await res.text() };
}

before(async () => {
  h = await startHarness();
  user = await iamUserWith(h, A, 'chunker', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]) as Creds;
  await h.s3(A).send(new CreateBucketCommand({ Bucket: 'chunks' }));
});
after(() => h.close());

describe('aws-chunked uploads with chunk signatures', () => {
  const body = [Buffer.alloc(8192, 'x'), Buffer.from('tail')];

  it('stores the object when every chunk signature chains from the seed signature', async () => {
    const r = await streamingPut('good', body, user);
    assert.equal(r.status, 200, r.text);
    const got = await h.s3(A).send(new GetObjectCommand({ Bucket: 'chunks', Key: 'good' }));
    assert.equal(await got.Body!.transformToString(), `${'x'.repeat(8192)}tail`);
  });

  for (const [which, i] of [['first', 0], ['second', 1], ['final (empty)', 2]] as const) {
    it(`a wrong ${which} chunk signature is 403 SignatureDoesNotMatch and nothing is stored`, async () => {
      const r = await streamingPut(`bad-${i}`, body, user, i);
      assert.equal(r.status, 403, r.text);
      assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
      assert.match(r.text, /<StringToSign>AWS4-HMAC-SHA256-PAYLOAD\n/);
      await rejectsWith(h.s3(A).send(new GetObjectCommand({ Bucket: 'chunks', Key: `bad-${i}` })), 'NoSuchKey', 404);
    });
  }

  it('a streaming upload signed with another secret is refused at its seed signature (403 SignatureDoesNotMatch)', async () => {
    const r = await streamingPut('other-secret', body, { ...user, secretAccessKey: `${user.secretAccessKey}x` });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it("the SDK's own PutObject (checksum trailers, unsigned payload) still works with an issued key", async () => {
    await h.s3(user).send(new PutObjectCommand({ Bucket: 'chunks', Key: 'sdk', Body: 'from the sdk', ChecksumAlgorithm: 'CRC32' }));
    const got = await h.s3(user).send(new GetObjectCommand({ Bucket: 'chunks', Key: 'sdk' }));
    assert.equal(await got.Body!.transformToString(), 'from the sdk');
  });
});
