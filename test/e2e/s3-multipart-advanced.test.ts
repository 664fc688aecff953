/**
 * @module S3 multipart beyond the basics, through the SDK: UploadPartCopy (ranges, source preconditions, versionId,
 * source and target authorization), multipart checksum types (COMPOSITE, FULL_OBJECT, CRC64NVME), the checks on
 * CompleteMultipartUpload, a repeated completion (also after kill -9), and GetObject/HeadObject ?partNumber.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand, GetObjectCommand,
  HeadObjectCommand, ListMultipartUploadsCommand, ListPartsCommand, PutObjectCommand, S3Client, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Crc64Nvme } from '@aws-sdk/checksums/crc';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { serveProcess } from './process.js';
import { raw, signedFor } from './s3-raw.js';

const MiB = 1024 * 1024;
const md5hex = (b: Buffer): string => `"${createHash('md5').update(b).digest('hex')}"`;
const crc32b64 = (b: Buffer): string => { const x = Buffer.alloc(4); x.writeUInt32BE(crc32(b)); return x.toString('base64'); };
async function crc64b64(b: Buffer): Promise<string> { const h = new Crc64Nvme(); h.update(b); return Buffer.from(await h.digest()).toString('base64'); }

describe('S3 multipart: UploadPartCopy, checksum types, repeated completion, partNumber reads', () => {
  let h: Harness;
  let s3: S3Client;
  const source = randomBytes(5 * MiB + 100);
  let sourceEtag: string;
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'mpa' }));
    sourceEtag = (await s3.send(new PutObjectCommand({ Bucket: 'mpa', Key: 'src', Body: source }))).ETag!;
    await s3.send(new PutObjectCommand({ Bucket: 'mpa', Key: 'small', Body: 'hello' }));
  });
  after(async () => { await h.close(); });

  const create = async (Key: string, extra: Record<string, string> = {}): Promise<string> =>
    (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpa', Key, ...extra }))).UploadId!;

  it('copies a range and a whole object into parts that complete like uploaded ones', async () => {
    const UploadId = await create('copied');
    const p1 = await s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'copied', UploadId, PartNumber: 1, CopySource: 'mpa/src', CopySourceRange: `bytes=0-${5 * MiB - 1}` }));
    assert.equal(p1.CopyPartResult?.ETag, md5hex(source.subarray(0, 5 * MiB)));
    assert.ok(p1.CopyPartResult?.LastModified instanceof Date);
    const p2 = await s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'copied', UploadId, PartNumber: 2, CopySource: '/mpa/small' }));
    assert.equal(p2.CopyPartResult?.ETag, md5hex(Buffer.from('hello')));
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'mpa', Key: 'copied', UploadId }));
    assert.deepEqual(parts.Parts?.map((p) => p.Size), [5 * MiB, 5]);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'copied', UploadId, MultipartUpload: { Parts: [
      { PartNumber: 1, ETag: p1.CopyPartResult!.ETag! }, { PartNumber: 2, ETag: p2.CopyPartResult!.ETag! }] } }));
    assert.match(done.ETag!, /-2"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'copied' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    assert.ok(bytes.equals(Buffer.concat([source.subarray(0, 5 * MiB), Buffer.from('hello')])));
  });

  // AWS: another form than bytes=first-last is InvalidArgument; a range past the source's end is InvalidArgument
  // ("Range specified is not valid for source object of size: N"); last before first is not satisfiable (416).
  it('validates x-amz-copy-source-range', async () => {
    const UploadId = await create('ranges');
    const send = (CopySourceRange: string) => s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'ranges', UploadId, PartNumber: 1, CopySource: 'mpa/small', CopySourceRange }));
    const form = await rejectsWith(send('bytes=0-'), 'InvalidArgument');
    assert.match(form.message, /must be of the form bytes=first-last/);
    await rejectsWith(send('0-3'), 'InvalidArgument');
    const past = await rejectsWith(send('bytes=0-5'), 'InvalidArgument');
    assert.match(past.message, /source object of size: 5/);
    await rejectsWith(send('bytes=3-1'), 'InvalidRange', 416);
    const ok = await send('bytes=1-3');
    assert.equal(ok.CopyPartResult?.ETag, md5hex(Buffer.from('ell')));
  });

  // AWS (UploadPartCopy, CopyObject): copy-source-if-match false or if-none-match matching -> 412; if-unmodified-since
  // false without if-match, or if-modified-since false without if-none-match -> 412; if-match true wins over
  // if-unmodified-since false.
  it('applies the x-amz-copy-source-if-* preconditions to the source', async () => {
    const UploadId = await create('conds');
    const send = (extra: Record<string, unknown>) => s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'conds', UploadId, PartNumber: 1, CopySource: 'mpa/src', ...extra }));
    const past = new Date(Date.now() - 86_400_000);
    const future = new Date(Date.now() + 86_400_000);
    await rejectsWith(send({ CopySourceIfMatch: '"0000"' }), 'PreconditionFailed', 412);
    await rejectsWith(send({ CopySourceIfNoneMatch: sourceEtag }), 'PreconditionFailed', 412);
    await rejectsWith(send({ CopySourceIfUnmodifiedSince: past }), 'PreconditionFailed', 412);
    await rejectsWith(send({ CopySourceIfModifiedSince: future }), 'PreconditionFailed', 412);
    assert.ok((await send({ CopySourceIfMatch: sourceEtag, CopySourceIfUnmodifiedSince: past })).CopyPartResult?.ETag);
    assert.ok((await send({ CopySourceIfNoneMatch: '"0000"', CopySourceIfModifiedSince: future })).CopyPartResult?.ETag);
    assert.ok((await send({ CopySourceIfModifiedSince: past, CopySourceIfUnmodifiedSince: future })).CopyPartResult?.ETag);
  });

  it('reads versionId=null as the current object and refuses other versions, buckets and keys that do not exist', async () => {
    const UploadId = await create('vers');
    const send = (CopySource: string) => s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'vers', UploadId, PartNumber: 1, CopySource }));
    assert.equal((await send('mpa/small?versionId=null')).CopyPartResult?.ETag, md5hex(Buffer.from('hello')));
    await rejectsWith(send('mpa/small?versionId=3HL4kqtJlcpXroDTDmjVBH40Nrjfkd'), 'InvalidArgument', 400);
    await rejectsWith(send('no-such-bucket-here/small'), 'NoSuchBucket', 404);
    await rejectsWith(send('mpa/missing'), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'vers', UploadId: 'nope', PartNumber: 1, CopySource: 'mpa/small' })), 'NoSuchUpload', 404);
    await rejectsWith(s3.send(new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'vers', UploadId, PartNumber: 10_001, CopySource: 'mpa/small' })), 'InvalidArgument');
  });

  // AWS: UploadPartCopy needs s3:GetObject on the source and s3:PutObject on the target.
  it('authorizes s3:GetObject on the source and s3:PutObject on the target', async () => {
    const UploadId = await create('authz/target');
    const writer = await iamUserWith(h, '111111111111', 'part-writer', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::mpa/authz/*' }]);
    const both = await iamUserWith(h, '111111111111', 'part-copier', [
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::mpa/authz/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mpa/small' },
    ]);
    const reader = await iamUserWith(h, '111111111111', 'part-reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mpa/*' }]);
    const cmd = () => new UploadPartCopyCommand({ Bucket: 'mpa', Key: 'authz/target', UploadId, PartNumber: 1, CopySource: 'mpa/small' });
    await rejectsWith(h.s3(writer).send(cmd()), 'AccessDenied', 403);
    await rejectsWith(h.s3(reader).send(cmd()), 'AccessDenied', 403);
    assert.ok((await h.s3(both).send(cmd())).CopyPartResult?.ETag);
  });

  // AWS User Guide, "Checking object integrity": FULL_OBJECT is the CRC of the whole object, derived from the part CRCs.
  it('completes a CRC32 FULL_OBJECT upload with the CRC of the whole object', async () => {
    const UploadId = await create('full32', { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
    const bodies = [randomBytes(5 * MiB), randomBytes(1000)];
    const parts = [];
    for (const [i, Body] of bodies.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'mpa', Key: 'full32', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }));
      assert.equal(r.ChecksumCRC32, crc32b64(Body));
      parts.push({ PartNumber: i + 1, ETag: r.ETag! });
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'mpa', Key: 'full32', UploadId }));
    assert.equal(listed.ChecksumType, 'FULL_OBJECT');
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpa', Prefix: 'full32' }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.ChecksumAlgorithm, u.ChecksumType]), [['CRC32', 'FULL_OBJECT']]);
    const whole = crc32b64(Buffer.concat(bodies));
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'full32', UploadId, ChecksumCRC32: 'AAAAAA==', ChecksumType: 'FULL_OBJECT', MultipartUpload: { Parts: parts } })), 'BadDigest');
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'full32', UploadId, MpuObjectSize: 5, MultipartUpload: { Parts: parts } })), 'InvalidRequest');
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'full32', UploadId, ChecksumType: 'COMPOSITE', MultipartUpload: { Parts: parts } })), 'InvalidRequest');
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'full32', UploadId, ChecksumCRC32: whole, ChecksumType: 'FULL_OBJECT', MpuObjectSize: 5 * MiB + 1000, MultipartUpload: { Parts: parts } }));
    assert.equal(done.ChecksumCRC32, whole);
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'mpa', Key: 'full32', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, whole);
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
  });

  // AWS: CRC64NVME supports the full-object type only (and is its default); S3 computes the part checksums itself
  // when the parts did not send them.
  it('completes a CRC64NVME upload (full object by default) and refuses the combinations AWS refuses', async () => {
    const UploadId = await create('nvme', { ChecksumAlgorithm: 'CRC64NVME' });
    const bodies = [randomBytes(5 * MiB), Buffer.from('the end')];
    const parts = [];
    for (const [i, Body] of bodies.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'mpa', Key: 'nvme', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC64NVME' }));
      assert.equal(r.ChecksumCRC64NVME, await crc64b64(Body));
      parts.push({ PartNumber: i + 1, ETag: r.ETag! });
    }
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'nvme', UploadId, MultipartUpload: { Parts: parts } }));
    assert.equal(done.ChecksumCRC64NVME, await crc64b64(Buffer.concat(bodies)));
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    // The SDK validates a full-object checksum against the bytes it reads.
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'nvme', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC64NVME, done.ChecksumCRC64NVME);
    assert.equal(got.ChecksumType, 'FULL_OBJECT');
    assert.equal(Buffer.from(await got.Body!.transformToByteArray()).length, 5 * MiB + 7);
    const fullSha = await rejectsWith(s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpa', Key: 'x', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })), 'InvalidRequest');
    assert.match(fullSha.message, /FULL_OBJECT checksum type cannot be used with the sha256/);
    await rejectsWith(s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpa', Key: 'x', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' })), 'InvalidRequest');
  });

  it('prints a composite checksum as base64-N and needs every part checksum in the complete request', async () => {
    const UploadId = await create('comp', { ChecksumAlgorithm: 'CRC32C' });
    const bodies = [randomBytes(5 * MiB), Buffer.from('tail')];
    const parts = [];
    for (const [i, Body] of bodies.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'mpa', Key: 'comp', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32C' }));
      parts.push({ PartNumber: i + 1, ETag: r.ETag!, ChecksumCRC32C: r.ChecksumCRC32C! });
    }
    // AWS: a part of a COMPOSITE upload must carry the upload's algorithm.
    const mismatch = await rejectsWith(s3.send(new UploadPartCommand({ Bucket: 'mpa', Key: 'comp', UploadId, PartNumber: 3, Body: 'x', ChecksumAlgorithm: 'CRC32' })), 'InvalidRequest');
    assert.equal(mismatch.message, 'Checksum Type mismatch occurred, expected checksum Type: crc32c, actual checksum Type: crc32');
    const bare = await raw(h.url, 'PUT', `/mpa/comp?partNumber=4&uploadId=${encodeURIComponent(UploadId)}`, signedFor('111111111111'), 'x');
    assert.equal(bare.status, 400);
    assert.match(bare.body, /actual checksum Type: null/);
    const missing = await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'comp', UploadId, MultipartUpload: { Parts: parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) } })), 'InvalidRequest');
    assert.match(missing.message, /must include the checksum for each part/);
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'comp', UploadId, MultipartUpload: { Parts: [parts[0]!, { ...parts[1]!, ChecksumCRC32C: 'AAAAAA==' }] } })), 'InvalidPart');
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpa', Key: 'comp', UploadId, MultipartUpload: { Parts: parts } }));
    assert.match(done.ChecksumCRC32C!, /^[A-Za-z0-9+/]{6}==-2$/);
    assert.equal(done.ChecksumType, 'COMPOSITE');
    // AWS: a part read returns that part's checksum for a composite object.
    const part2 = await s3.send(new HeadObjectCommand({ Bucket: 'mpa', Key: 'comp', PartNumber: 2, ChecksumMode: 'ENABLED' }));
    assert.equal(part2.ChecksumCRC32C, parts[1]!.ChecksumCRC32C);
  });

  it('refuses x-amz-checksum-type without an algorithm', async () => {
    await rejectsWith(s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpa', Key: 'x', ChecksumType: 'COMPOSITE' })), 'InvalidRequest');
  });

  // AWS: completing again with the same upload id and parts answers 200 with the same result; other parts, or an
  // object replaced since, leave the upload unknown.
  it('answers a repeated CompleteMultipartUpload with the same result', async () => {
    const UploadId = await create('again');
    const p = await s3.send(new UploadPartCommand({ Bucket: 'mpa', Key: 'again', UploadId, PartNumber: 1, Body: 'once' }));
    const input = { Bucket: 'mpa', Key: 'again', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag! }] } };
    const first = await s3.send(new CompleteMultipartUploadCommand(input));
    const second = await s3.send(new CompleteMultipartUploadCommand(input));
    assert.equal(second.ETag, first.ETag);
    assert.equal(second.Location, first.Location);
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({ ...input, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p.ETag! }] } })), 'NoSuchUpload', 404);
    await s3.send(new PutObjectCommand({ Bucket: 'mpa', Key: 'again', Body: 'replaced' }));
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand(input)), 'NoSuchUpload', 404);
  });

  // AWS: ?partNumber reads one part (206, Content-Range, x-amz-mp-parts-count); part 1 of a single-part object is
  // the whole object; a part past the end is 416 InvalidPartNumber; with Range it is 400 InvalidRequest.
  it('reads one part with ?partNumber', async () => {
    const p1 = await s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'copied', PartNumber: 1 }));
    assert.equal(p1.$metadata.httpStatusCode, 206);
    assert.equal(p1.PartsCount, 2);
    assert.equal(p1.ContentRange, `bytes 0-${5 * MiB - 1}/${5 * MiB + 5}`);
    assert.ok(Buffer.from(await p1.Body!.transformToByteArray()).equals(source.subarray(0, 5 * MiB)));
    const p2 = await s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'copied', PartNumber: 2 }));
    assert.equal(await p2.Body!.transformToString(), 'hello');
    assert.equal(p2.ContentRange, `bytes ${5 * MiB}-${5 * MiB + 4}/${5 * MiB + 5}`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'mpa', Key: 'copied', PartNumber: 2 }));
    assert.equal(head.ContentLength, 5);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'copied', PartNumber: 3 })), 'InvalidPartNumber', 416);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'copied', PartNumber: 1, Range: 'bytes=0-1' })), 'InvalidRequest');
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'copied', PartNumber: 10_001 })), 'InvalidArgument');
    const single = await s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'small', PartNumber: 1 }));
    assert.equal(await single.Body!.transformToString(), 'hello');
    assert.equal(single.PartsCount, undefined);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'mpa', Key: 'small', PartNumber: 2 })), 'InvalidPartNumber', 416);
  });

  // The completed upload's id and parts, and the part sizes, live in the object row: they survive kill -9.
  it('answers a repeated completion and reads parts after a kill -9 restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-mpa-'));
    try {
      const client = (url: string) => new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' } });
      const first = await serveProcess(dir);
      const c1 = client(first.url);
      await c1.send(new CreateBucketCommand({ Bucket: 'durable-mpa' }));
      const { UploadId } = await c1.send(new CreateMultipartUploadCommand({ Bucket: 'durable-mpa', Key: 'k' }));
      const p1 = await c1.send(new UploadPartCommand({ Bucket: 'durable-mpa', Key: 'k', UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MiB, 1) }));
      const p2 = await c1.send(new UploadPartCommand({ Bucket: 'durable-mpa', Key: 'k', UploadId, PartNumber: 2, Body: 'end' }));
      const input = { Bucket: 'durable-mpa', Key: 'k', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag! }, { PartNumber: 2, ETag: p2.ETag! }] } };
      const done = await c1.send(new CompleteMultipartUploadCommand(input));
      c1.destroy();
      await first.stop('SIGKILL');
      const again = await serveProcess(dir);
      const c2 = client(again.url);
      assert.equal((await c2.send(new CompleteMultipartUploadCommand(input))).ETag, done.ETag);
      const attrs = await c2.send(new GetObjectAttributesCommand({ Bucket: 'durable-mpa', Key: 'k', ObjectAttributes: ['ObjectParts'] }));
      assert.equal(attrs.ObjectParts?.TotalPartsCount, 2);
      assert.equal(await (await c2.send(new GetObjectCommand({ Bucket: 'durable-mpa', Key: 'k', PartNumber: 2 }))).Body!.transformToString(), 'end');
      c2.destroy();
      await again.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
