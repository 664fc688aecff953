/**
 * @module S3 upload bodies streamed to disk (PutObject, UploadPart): the bytes, ETag and checksums come out as
 * sent; a body whose digest does not match, whose signature does not verify, whose framing breaks, that is too
 * large or that is aborted stores nothing and leaves no staged file behind.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';

const ACCOUNT = '111111111111';
const MiB = 1024 * 1024;

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return b;
}

/** A stream body of `data` in 64 KiB pieces (the SDK sends it aws-chunked with a checksum trailer). */
function streamOf(data: Buffer): Readable {
  let at = 0;
  return new Readable({ read() { const end = Math.min(data.length, at + 64 * 1024); this.push(at < end ? data.subarray(at, end) : null); at = end; } });
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const crc32b64 = (b: Buffer): string => { const x = Buffer.alloc(4); x.writeUInt32BE(crc32(b) >>> 0); return x.toString('base64'); };

describe('S3 upload bodies streamed to disk', () => {
  let h: Harness;
  let dir: string;
  const incoming = (): string[] => readdirSync(join(dir, 's3', 'incoming'));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-stream-'));
    h = await startHarness(sqliteStore(dir), dir);
    await h.s3(ACCOUNT).send(new CreateBucketCommand({ Bucket: 'stream' }));
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a streamed PutObject (aws-chunked, CRC32 trailer) stores the bytes, ETag and checksum as sent, and no staged file stays', async () => {
    const s3 = h.s3(ACCOUNT);
    const data = bytes(5 * MiB + 123, 1);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'stream', Key: 'big', Body: streamOf(data), ContentLength: data.length, ChecksumAlgorithm: 'CRC32' }));
    assert.equal(put.ETag, `"${md5(data)}"`);
    assert.equal(put.ChecksumCRC32, crc32b64(data));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'stream', Key: 'big', ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data));
    assert.equal(got.ChecksumCRC32, crc32b64(data));
    assert.deepEqual(incoming(), []);
  });

  it('AWS: a Content-MD5 that does not match the streamed body is BadDigest and stores nothing', async () => {
    const s3 = h.s3(ACCOUNT);
    const data = bytes(MiB, 2);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'stream', Key: 'bad-md5', Body: data, ContentMD5: createHash('md5').update('other').digest('base64') })), 'BadDigest');
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: 'stream', Key: 'bad-md5' })), 'NotFound', 404);
    assert.deepEqual(incoming(), []);
  });

  it('AWS: an x-amz-content-sha256 that is not the streamed body\'s digest is XAmzContentSHA256Mismatch and stores nothing', async () => {
    const data = bytes(300 * 1024, 3);
    const r = await raw(h.url, 'PUT', '/stream/bad-sha', { ...signedFor(ACCOUNT), 'x-amz-content-sha256': sha256(Buffer.from('not the body')) }, data);
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'XAmzContentSHA256Mismatch');
    assert.match(r.body, new RegExp(`<S3ComputedContentSHA256>${sha256(data)}</S3ComputedContentSHA256>`));
    const head = await raw(h.url, 'HEAD', '/stream/bad-sha', signedFor(ACCOUNT));
    assert.equal(head.status, 404);
    assert.deepEqual(incoming(), []);
  });

  it('AWS: a signed upload whose declared payload hash is not the body\'s is refused after streaming (XAmzContentSHA256Mismatch); a wrong secret is SignatureDoesNotMatch; neither stores', async () => {
    const creds = await iamUserWith(h, ACCOUNT, 'streamer', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
    const data = bytes(200 * 1024, 4);
    const u = new URL(h.url);
    const signed = async (secret: string, declared: string): Promise<Record<string, string>> => {
      const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: { accessKeyId: (creds as { accessKeyId: string }).accessKeyId, secretAccessKey: secret }, uriEscapePath: false });
      const out = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/stream/signed', query: {}, headers: { host: u.host, 'x-amz-content-sha256': declared } });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(out.headers)) if (k.toLowerCase() !== 'host') headers[k.toLowerCase()] = String(v);
      return headers;
    };
    const secret = (creds as { secretAccessKey: string }).secretAccessKey;
    const mismatch = await raw(h.url, 'PUT', '/stream/signed', await signed(secret, sha256(Buffer.from('something else'))), data);
    assert.equal(mismatch.status, 400);
    assert.equal(code(mismatch.body), 'XAmzContentSHA256Mismatch');
    const wrong = await raw(h.url, 'PUT', '/stream/signed', await signed('not-the-secret', sha256(data)), data);
    assert.equal(wrong.status, 403);
    assert.equal(code(wrong.body), 'SignatureDoesNotMatch');
    assert.equal((await raw(h.url, 'HEAD', '/stream/signed', signedFor(ACCOUNT))).status, 404);
    const ok = await raw(h.url, 'PUT', '/stream/signed', await signed(secret, sha256(data)), data);
    assert.equal(ok.status, 200);
    assert.deepEqual(incoming(), []);
  });

  it('AWS: aws-chunked framing that breaks mid-body is IncompleteBody and stores nothing', async () => {
    const body = Buffer.concat([Buffer.from('10000;chunk-signature=00\r\n'), bytes(100, 5)]);
    const r = await raw(h.url, 'PUT', '/stream/broken', {
      ...signedFor(ACCOUNT), 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '65536',
    }, body);
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'IncompleteBody');
    assert.equal((await raw(h.url, 'HEAD', '/stream/broken', signedFor(ACCOUNT))).status, 404);
    assert.deepEqual(incoming(), []);
  });

  it('AWS: an upload declaring more than 5 GiB is EntityTooLarge (ProposedSize, MaxSizeAllowed) before its body is read', async () => {
    const size = 5 * 1024 * MiB + 1;
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(h.url);
      const req = request({ host: u.hostname, port: u.port, method: 'PUT', path: '/stream/huge', headers: { ...signedFor(ACCOUNT), 'content-length': String(size) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      // Only a few bytes of the declared 5 GiB are sent: the answer must come from the headers alone.
      req.write(bytes(1024, 6));
    });
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'EntityTooLarge');
    assert.match(r.body, new RegExp(`<ProposedSize>${size}</ProposedSize>`));
    assert.match(r.body, /<MaxSizeAllowed>5368709120<\/MaxSizeAllowed>/);
    assert.deepEqual(incoming(), []);
  });

  it('AWS: with Expect: 100-continue, an upload declaring more than 5 GiB is answered EntityTooLarge instead of 100 Continue', async () => {
    const u = new URL(h.url);
    const r = await new Promise<{ status: number; body: string; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request({ host: u.hostname, port: u.port, method: 'PUT', path: '/stream/huge-continue', headers: { ...signedFor(ACCOUNT), 'content-length': String(6 * 1024 * MiB), expect: '100-continue' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), continued }));
      });
      req.on('continue', () => { continued = true; req.destroy(); });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(r.continued, false);
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'EntityTooLarge');
  });

  it('an upload aborted mid-body stores nothing and leaves no staged file', async () => {
    const u = new URL(h.url);
    await new Promise<void>((resolve) => {
      const req = request({ host: u.hostname, port: u.port, method: 'PUT', path: '/stream/aborted', headers: { ...signedFor(ACCOUNT), 'content-length': String(4 * MiB) } });
      req.on('error', () => resolve());
      req.write(bytes(MiB, 7), () => setTimeout(() => { req.destroy(); resolve(); }, 100));
    });
    // The server notices the reset asynchronously; wait for its staged file to go.
    for (let i = 0; i < 50 && incoming().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(incoming(), []);
    assert.equal((await raw(h.url, 'HEAD', '/stream/aborted', signedFor(ACCOUNT))).status, 404);
  });

  it('streamed parts (one with the upload\'s own CRC32C computed on the way) complete into the bytes sent', async () => {
    const s3 = h.s3(ACCOUNT);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'stream', Key: 'multi', ChecksumAlgorithm: 'CRC32C' }));
    const one = bytes(5 * MiB, 8);
    const two = bytes(MiB + 7, 9);
    const p1 = await s3.send(new UploadPartCommand({ Bucket: 'stream', Key: 'multi', UploadId, PartNumber: 1, Body: streamOf(one), ContentLength: one.length, ChecksumAlgorithm: 'CRC32C' }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: 'stream', Key: 'multi', UploadId, PartNumber: 2, Body: two, ChecksumAlgorithm: 'CRC32C' }));
    assert.equal(p1.ETag, `"${md5(one)}"`);
    assert.ok(p1.ChecksumCRC32C !== undefined && p2.ChecksumCRC32C !== undefined);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'stream', Key: 'multi', UploadId, MultipartUpload: { Parts: [
      { PartNumber: 1, ETag: p1.ETag!, ChecksumCRC32C: p1.ChecksumCRC32C! }, { PartNumber: 2, ETag: p2.ETag!, ChecksumCRC32C: p2.ChecksumCRC32C! },
    ] } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'stream', Key: 'multi' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([one, two])));
    assert.deepEqual(incoming(), []);
  });
});

describe('S3 upload bodies in memory mode', () => {
  it('a streamed PutObject without a data folder stores the bytes as sent', async () => {
    const h = await startHarness();
    try {
      const s3 = h.s3(ACCOUNT);
      await s3.send(new CreateBucketCommand({ Bucket: 'mem' }));
      const data = bytes(2 * MiB + 5, 10);
      const put = await s3.send(new PutObjectCommand({ Bucket: 'mem', Key: 'k', Body: streamOf(data), ContentLength: data.length }));
      assert.equal(put.ETag, `"${md5(data)}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'mem', Key: 'k' }));
      assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data));
    } finally {
      await h.close();
    }
  });
});
