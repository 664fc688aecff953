/**
 * @module S3 fixes from review: response header overrides that cannot be headers, ListParts and ListMultipartUploads
 * paging (markers, page sizes 0 and negative, uploads of one key, non-BMP prefixes), character references in XML
 * bodies, CopyObject of a multipart object, DeleteObjects integrity checks, and unexpected errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, CompleteMultipartUploadCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListPartsCommand, UploadPartCommand, paginateListParts, type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../src/persistence/object-store.js';
import { handleS3 } from '../../src/server/s3-endpoint.js';
import { trustedCall } from '../../src/services/call.js';
import { startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const MiB = 1024 * 1024;

const signed = signedFor('111111111111');
const md5b64 = (s: string): string => createHash('md5').update(s).digest('base64');

describe('S3 review fixes', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
    await s3.send(new CreateBucketCommand({ Bucket: 'rev' }));
    assert.equal((await raw(h.url, 'PUT', '/rev/obj', signed, 'hello')).status, 200);
  });
  after(async () => { await h.close(); });

  // AWS: GET ?response-content-disposition=<non-Latin-1> answers 400 InvalidArgument "Header value cannot be
  // represented using ISO-8859-1." with ArgumentName response-content-disposition (it never breaks the response).
  it('refuses response-* overrides that cannot be written as headers with InvalidArgument', async () => {
    const snowman = await raw(h.url, 'GET', '/rev/obj?response-content-disposition=attachment%3B%20filename%3D%22%E2%98%83.txt%22', signed);
    assert.equal(snowman.status, 400);
    assert.equal(code(snowman.body), 'InvalidArgument');
    assert.match(snowman.body, /Header value cannot be represented using ISO-8859-1\./);
    assert.match(snowman.body, /<ArgumentName>response-content-disposition<\/ArgumentName>/);
    for (const q of ['response-content-type=text%2Fplain%0AX-Injected%3A%201', 'response-cache-control=a%0Db', 'response-content-language=%00',
      'response-content-encoding=%E2%98%83']) {
      const r = await raw(h.url, 'GET', `/rev/obj?${q}`, signed);
      assert.equal(r.status, 400, q);
      assert.equal(code(r.body), 'InvalidArgument', q);
      assert.equal(r.headers['x-injected'], undefined);
    }
    // Latin-1 values are legal header values and are served.
    const latin = await raw(h.url, 'GET', '/rev/obj?response-content-disposition=attachment%3B%20filename%3D%22caf%C3%A9.txt%22', signed);
    assert.equal(latin.status, 200);
    assert.equal(latin.headers['content-disposition'], 'attachment; filename="café.txt"');
    assert.equal(latin.body, 'hello');
  });

  // AWS: ListParts pages with max-parts and part-number-marker (an integer); NextPartNumberMarker resumes.
  it('pages ListParts with MaxParts and PartNumberMarker, and the paginator finishes', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'rev', Key: 'parts' }));
    for (let n = 1; n <= 5; n++) await s3.send(new UploadPartCommand({ Bucket: 'rev', Key: 'parts', UploadId, PartNumber: n, Body: `p${n}` }));
    const pages: number[][] = [];
    let marker: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await s3.send(new ListPartsCommand({ Bucket: 'rev', Key: 'parts', UploadId, MaxParts: 2, ...(marker !== undefined ? { PartNumberMarker: marker } : {}) }));
      pages.push(page.Parts?.map((p) => p.PartNumber!) ?? []);
      if (!page.IsTruncated) break;
      marker = page.NextPartNumberMarker;
    }
    assert.deepEqual(pages, [[1, 2], [3, 4], [5]]);
    const viaPaginator: number[] = [];
    let count = 0;
    for await (const page of paginateListParts({ client: s3, pageSize: 2 }, { Bucket: 'rev', Key: 'parts', UploadId })) {
      viaPaginator.push(...(page.Parts ?? []).map((p) => p.PartNumber!));
      if (++count > 10) assert.fail('the ListParts paginator does not finish');
    }
    assert.deepEqual(viaPaginator, [1, 2, 3, 4, 5]);
  });

  // AWS: max-parts / max-uploads 0 is an empty, untruncated page; a negative value is 400 InvalidArgument.
  it('answers MaxParts and MaxUploads of 0 with an empty page and refuses negative ones', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'rev', Key: 'zero' }));
    await s3.send(new UploadPartCommand({ Bucket: 'rev', Key: 'zero', UploadId, PartNumber: 1, Body: 'x' }));
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'rev', Key: 'zero', UploadId, MaxParts: 0 }));
    assert.equal(parts.Parts, undefined);
    assert.equal(parts.IsTruncated, false);
    assert.equal(parts.NextPartNumberMarker, undefined);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'rev', MaxUploads: 0 }));
    assert.equal(uploads.Uploads, undefined);
    assert.equal(uploads.IsTruncated, false);
    assert.equal(uploads.NextKeyMarker, undefined);
    const negParts = await raw(h.url, 'GET', `/rev/zero?uploadId=${UploadId!}&max-parts=-1`, signed);
    assert.equal(negParts.status, 400);
    assert.equal(code(negParts.body), 'InvalidArgument');
    const negUploads = await raw(h.url, 'GET', '/rev?uploads&max-uploads=-3', signed);
    assert.equal(negUploads.status, 400);
    assert.equal(code(negUploads.body), 'InvalidArgument');
  });

  // AWS: ListMultipartUploads orders uploads of one key by initiation; key-marker + upload-id-marker resume right
  // after the marker upload, and a prefix matches whole characters (non-BMP included).
  it('pages ListMultipartUploads through several uploads of one key under a non-BMP prefix', async () => {
    const key = '😀/same';
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await s3.send(new CreateMultipartUploadCommand({ Bucket: 'rev', Key: key }))).UploadId!);
    await s3.send(new CreateMultipartUploadCommand({ Bucket: 'rev', Key: '😁/other' }));
    const all = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'rev', Prefix: '😀' }));
    assert.deepEqual(all.Uploads?.map((u) => u.UploadId).sort(), [...created].sort());
    const order = all.Uploads!.map((u) => u.UploadId!);
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await s3.send(new ListMultipartUploadsCommand({
        Bucket: 'rev', Prefix: '😀', MaxUploads: 2,
        ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}), ...(idMarker !== undefined ? { UploadIdMarker: idMarker } : {}),
      }));
      seen.push(...(page.Uploads ?? []).map((u) => u.UploadId!));
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      idMarker = page.NextUploadIdMarker;
    }
    assert.deepEqual(seen, order);
    assert.equal(new Set(seen).size, created.length);
  });

  // AWS: a numeric character reference outside XML's Char range is not well-formed: 400 MalformedXML.
  it('answers MalformedXML for a body with an out-of-range character reference', async () => {
    const body = '<Delete><Object><Key>&#99999999;</Key></Object></Delete>';
    const r = await raw(h.url, 'POST', '/rev?delete', { ...signed, 'content-md5': md5b64(body) }, body);
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'MalformedXML');
  });

  // AWS: a copy is written in one piece: copying a multipart object gives the plain MD5 ETag of its bytes, no
  // parts count, and a full-object checksum in place of the composite one.
  it('gives a CopyObject of a multipart object a plain MD5 ETag and full-object checksums', async () => {
    const parts = [Buffer.alloc(5 * MiB, 'a'), Buffer.from('tail')];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'rev', Key: 'mp', ChecksumAlgorithm: 'SHA256' }));
    const done: { ETag: string; PartNumber: number; ChecksumSHA256: string }[] = [];
    for (const [i, Body] of parts.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'rev', Key: 'mp', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'SHA256' }));
      done.push({ ETag: r.ETag!, PartNumber: i + 1, ChecksumSHA256: r.ChecksumSHA256! });
    }
    const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'rev', Key: 'mp', UploadId, MultipartUpload: { Parts: done } }));
    assert.match(completed.ETag!, /-2"$/);
    const whole = Buffer.concat(parts);
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'rev', Key: 'mp-copy', CopySource: 'rev/mp' }));
    assert.equal(copy.CopyObjectResult?.ETag, `"${createHash('md5').update(whole).digest('hex')}"`);
    const sha = createHash('sha256').update(whole).digest('base64');
    assert.equal(copy.CopyObjectResult?.ChecksumSHA256, sha);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'rev', Key: 'mp-copy', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ETag, copy.CopyObjectResult?.ETag);
    assert.equal(head.ChecksumSHA256, sha);
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
    const part1 = await s3.send(new HeadObjectCommand({ Bucket: 'rev', Key: 'mp-copy', PartNumber: 1 }));
    assert.equal(part1.PartsCount, undefined);
    // The source keeps its multipart ETag and parts count.
    const source = await s3.send(new HeadObjectCommand({ Bucket: 'rev', Key: 'mp', PartNumber: 1 }));
    assert.equal(source.PartsCount, 2);
  });

  // AWS: DeleteObjects verifies Content-MD5 and any flexible checksum sent (BadDigest on mismatch), like PutObject.
  it('verifies the DeleteObjects body against Content-MD5 and every flexible checksum', async () => {
    const body = '<Delete><Object><Key>obj</Key></Object></Delete>';
    const post = (headers: Record<string, string>) => raw(h.url, 'POST', '/rev?delete', { ...signed, ...headers }, body);
    const badMd5 = await post({ 'content-md5': md5b64('other') });
    assert.equal(badMd5.status, 400);
    assert.equal(code(badMd5.body), 'BadDigest');
    assert.equal(code((await post({ 'content-md5': 'abc' })).body), 'InvalidDigest');
    for (const header of ['x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256']) {
      const bad = await post({ [header]: header.endsWith('sha1') ? createHash('sha1').update('x').digest('base64') : header.endsWith('sha256') ? createHash('sha256').update('x').digest('base64') : 'AAAAAA==' });
      assert.equal(code(bad.body), 'BadDigest', header);
    }
    assert.equal((await raw(h.url, 'GET', '/rev/obj', signed)).status, 200);
    const ok = await post({ 'x-amz-checksum-sha256': createHash('sha256').update(body).digest('base64') });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /<Deleted><Key>obj<\/Key><\/Deleted>/);
  });

  // AWS (DeleteObjects request syntax): Key is required in each Object; without it the body does not validate.
  it('answers MalformedXML for a DeleteObjects Object without a Key, deleting nothing', async () => {
    await raw(h.url, 'PUT', '/rev/kept', signed, 'x');
    const r = await raw(h.url, 'POST', '/rev?delete', signed, '<Delete><Object><Key>kept</Key></Object><Object><VersionId>null</VersionId></Object></Delete>');
    assert.equal(r.status, 400);
    assert.equal(code(r.body), 'MalformedXML');
    assert.equal((await raw(h.url, 'GET', '/rev/kept', signed)).status, 200);
  });
});

describe('S3 endpoint, unexpected errors', () => {
  // AWS: an error on S3's side is 500 InternalError "We encountered an internal error. Please try again."; the
  // emulator also logs the cause, as the Query endpoints do.
  it('logs a non-AWS error and answers 500 InternalError with the request id', async (t) => {
    const broken = new Proxy({} as ObjectStore, { get: () => () => { throw new Error('disk on fire'); } });
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => { logged.push(args); });
    const r = await handleS3(broken, { method: 'GET', path: '/b/k', query: '', headers: { host: 'localhost' }, body: Buffer.alloc(0) },
      trustedCall({ account: '111111111111', region: 'us-east-1', principalArn: 'arn:aws:iam::111111111111:root' }, 'req-1'));
    assert.equal(r.status, 500);
    assert.equal(r.errorCode, 'InternalError');
    assert.match(String(r.body), /<Code>InternalError<\/Code>.*<RequestId>req-1<\/RequestId>/s);
    assert.equal(logged.length, 1);
    assert.ok(logged[0]!.some((a) => a instanceof Error && a.message === 'disk on fire'));
  });
});
