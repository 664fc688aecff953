/**
 * @module S3 bucket and object tagging through the SDK: Get/Put/DeleteBucketTagging (NoSuchTagSet when none),
 * Get/Put/DeleteObjectTagging, the x-amz-tagging header on PutObject, CopyObject (tagging directive) and
 * CreateMultipartUpload, x-amz-tagging-count on reads, and S3's tag rules (AWS User Guide, "Categorizing your
 * storage using tags" and "Using cost allocation S3 bucket tags"; API reference PutBucketTagging, PutObjectTagging).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand, GetBucketAclCommand, GetBucketOwnershipControlsCommand, GetBucketTaggingCommand, GetObjectAclCommand, GetObjectCommand,
  GetObjectTaggingCommand, HeadObjectCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, DeleteObjectCommand,
  PutObjectCommand, PutObjectTaggingCommand, S3Client, UploadPartCommand, type Tag,
} from '@aws-sdk/client-s3';
import { openObjectStore } from '../../src/persistence/object-store.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { serveProcess } from './process.js';
import { raw, signedFor } from './s3-raw.js';

const A = '111111111111';
const B = 'tags';
const many = (n: number): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));

describe('S3 bucket tagging', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
    await s3.send(new CreateBucketCommand({ Bucket: B }));
  });
  after(async () => { await h.close(); });

  // AWS (GetBucketTagging): a bucket without tags answers 404 NoSuchTagSet "The TagSet does not exist".
  it('GetBucketTagging on an untagged bucket is NoSuchTagSet (404); Put then Get round-trips; Delete answers 204', async () => {
    const err = await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: B })), 'NoSuchTagSet', 404);
    assert.match(err.message, /The TagSet does not exist/);
    const tags = [{ Key: 'team', Value: 'blue' }, { Key: 'cost center', Value: 'a/b:c=d+e-f_g.h@i' }, { Key: 'empty', Value: '' }];
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: tags } }));
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet, tags);
    // AWS: PutBucketTagging replaces the whole set.
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'only', Value: '1' }] } }));
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet, [{ Key: 'only', Value: '1' }]);
    const del = await s3.send(new DeleteBucketTaggingCommand({ Bucket: B }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: B })), 'NoSuchTagSet', 404);
    await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: 'no-such-tags' })), 'NoSuchBucket', 404);
  });

  it('50 tags are accepted; 51 is InvalidTag', async () => {
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: many(50) } }));
    assert.equal((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet?.length, 50);
    await rejectsWith(s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: many(51) } })), 'InvalidTag');
    assert.equal((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet?.length, 50);
  });

  // AWS: key 1-128 and value 0-256 characters from the tag character set, unique keys, no aws: prefix (InvalidTag).
  it('tag rules: key length, value length, characters, duplicate keys, the aws: prefix (InvalidTag, set unchanged)', async () => {
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'keep', Value: 'me' }] } }));
    const cases: [Tag[], RegExp][] = [
      [[{ Key: 'k'.repeat(129), Value: 'v' }], /The TagKey you have provided is invalid/],
      [[{ Key: '', Value: 'v' }], /The TagKey you have provided is invalid/],
      [[{ Key: 'k', Value: 'v'.repeat(257) }], /The TagValue you have provided is invalid/],
      [[{ Key: 'k', Value: 'paren(s)' }], /The TagValue you have provided is invalid/],
      [[{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }], /Cannot provide multiple Tags with the same key/],
      [[{ Key: 'aws:cloudformation:stack', Value: 'x' }], /Your TagKey cannot be prefixed with aws:/],
    ];
    for (const [tags, message] of cases) {
      const err = await rejectsWith(s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: tags } })), 'InvalidTag');
      assert.match(err.message, message);
    }
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] } }));
    assert.equal((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet?.[0]?.Key, 'k'.repeat(128));
  });

  // AWS: configuration bodies are checked against Content-MD5; x-amz-expected-bucket-owner must name the owner (403).
  it('a Content-MD5 that does not match the Tagging body is BadDigest; a wrong expected bucket owner is AccessDenied', async () => {
    const xml = '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>';
    const bad = await raw(h.url, 'PUT', `/${B}?tagging`, { ...signedFor(A), 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' }, xml);
    assert.equal(bad.status, 400);
    assert.match(bad.body, /<Code>BadDigest<\/Code>/);
    const good = await raw(h.url, 'PUT', `/${B}?tagging`, { ...signedFor(A), 'content-md5': createHash('md5').update(xml).digest('base64') }, xml);
    assert.equal(good.status, 204);
    await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: B, ExpectedBucketOwner: '999999999999' })), 'AccessDenied', 403);
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: B, ExpectedBucketOwner: A }))).TagSet, [{ Key: 'a', Value: '1' }]);
  });

  it('an empty TagSet leaves the bucket without tags; a Tagging body without TagSet is MalformedXML', async () => {
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [] } }));
    await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: B })), 'NoSuchTagSet', 404);
    const r = await raw(h.url, 'PUT', `/${B}?tagging`, { ...signedFor(A), 'content-type': 'application/xml' }, '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></Tagging>');
    assert.equal(r.status, 400);
    assert.match(r.body, /<Code>MalformedXML<\/Code>/);
  });
});

describe('S3 object tagging', () => {
  let h: Harness;
  let s3: S3Client;
  before(async () => {
    h = await startHarness();
    s3 = h.s3(A);
    await s3.send(new CreateBucketCommand({ Bucket: B }));
  });
  after(async () => { await h.close(); });

  it('Put/Get/DeleteObjectTagging keep the content and ETag; an untagged object has an empty TagSet', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'o', Body: 'content' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'o' }))).TagSet, []);
    await s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'o', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'o' }))).TagSet, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'o' }));
    assert.equal(await got.Body!.transformToString(), 'content');
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.TagCount, 2);
    const del = await s3.send(new DeleteObjectTaggingCommand({ Bucket: B, Key: 'o' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'o' }))).TagSet, []);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'o' }))).TagCount, undefined);
  });

  // AWS: an object has at most 10 tags (400 BadRequest "Object tags cannot be greater than 10").
  it('10 object tags are accepted; 11 is BadRequest; the tag rules apply (InvalidTag)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'ten', Body: 'x' }));
    await s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'ten', Tagging: { TagSet: many(10) } }));
    const err = await rejectsWith(s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'ten', Tagging: { TagSet: many(11) } })), 'BadRequest');
    assert.match(err.message, /Object tags cannot be greater than 10/);
    assert.equal((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'ten' }))).TagSet?.length, 10);
    await rejectsWith(s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'ten', Tagging: { TagSet: [{ Key: 'x', Value: '1' }, { Key: 'x', Value: '2' }] } })), 'InvalidTag');
    await rejectsWith(s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'ten', Tagging: { TagSet: [{ Key: 'aws:x', Value: '1' }] } })), 'InvalidTag');
  });

  it('object tagging errors: NoSuchKey; versionId=null is the never-versioned object; a malformed version id is InvalidArgument', async () => {
    await rejectsWith(s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'missing' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'missing', Tagging: { TagSet: [] } })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new DeleteObjectTaggingCommand({ Bucket: B, Key: 'missing' })), 'NoSuchKey', 404);
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'ver', Body: 'x', Tagging: 'a=1' }));
    const got = await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'ver', VersionId: 'null' }));
    assert.deepEqual(got.TagSet, [{ Key: 'a', Value: '1' }]);
    assert.equal(got.VersionId, 'null');
    await rejectsWith(s3.send(new PutObjectTaggingCommand({ Bucket: B, Key: 'ver', VersionId: 'v2', Tagging: { TagSet: [] } })), 'InvalidArgument', 400);
    await rejectsWith(s3.send(new DeleteObjectTaggingCommand({ Bucket: B, Key: 'ver', VersionId: 'v2' })), 'InvalidArgument', 400);
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'ver' }))).TagSet, [{ Key: 'a', Value: '1' }]);
    const empty = await raw(h.url, 'GET', `/${B}/ver?tagging&versionId=`, signedFor(A));
    assert.equal(empty.status, 400);
    assert.match(empty.body, /<Code>InvalidArgument<\/Code><Message>Version id cannot be the empty string<\/Message>/);
  });

  // AWS: x-amz-tagging is URL-encoded query parameters; x-amz-tagging-count answers how many tags an object has.
  it('on a versioned bucket each version has its own tags; a delete marker by id is 405 MethodNotAllowed', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'tags-versioned' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'tags-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: 'tags-versioned', Key: 'k', Body: '1', Tagging: 'gen=1' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: 'tags-versioned', Key: 'k', Body: '2' }))).VersionId!;
    const put = await s3.send(new PutObjectTaggingCommand({ Bucket: 'tags-versioned', Key: 'k', VersionId: v1, Tagging: { TagSet: [{ Key: 'gen', Value: 'old' }] } }));
    assert.equal(put.VersionId, v1);
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags-versioned', Key: 'k', VersionId: v1 }))).TagSet, [{ Key: 'gen', Value: 'old' }]);
    const latest = await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags-versioned', Key: 'k' }));
    assert.deepEqual(latest.TagSet, []);
    assert.equal(latest.VersionId, v2);
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: 'tags-versioned', Key: 'k' }))).VersionId!;
    await rejectsWith(s3.send(new GetObjectTaggingCommand({ Bucket: 'tags-versioned', Key: 'k' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new GetObjectTaggingCommand({ Bucket: 'tags-versioned', Key: 'k', VersionId: marker })), 'MethodNotAllowed', 405);
  });

  it('x-amz-tagging on PutObject is decoded and stored; GetObject and HeadObject answer x-amz-tagging-count', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'hdr', Body: 'x', Tagging: 'team=blue&note=two%20words&plus=a+b&empty=' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'hdr' }))).TagSet, [
      { Key: 'team', Value: 'blue' }, { Key: 'note', Value: 'two words' }, { Key: 'plus', Value: 'a b' }, { Key: 'empty', Value: '' },
    ]);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'hdr' }))).TagCount, 4);
    const r = await raw(h.url, 'HEAD', `/${B}/hdr`, signedFor(A));
    assert.equal(r.headers['x-amz-tagging-count'], '4');
  });

  it('bad x-amz-tagging headers: a repeated key is InvalidArgument, 11 tags BadRequest, an aws: key InvalidTag; nothing is written', async () => {
    const dup = await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad', Body: 'x', Tagging: 'a=1&a=2' })), 'InvalidArgument');
    assert.match(dup.message, /x-amz-tagging/);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad', Body: 'x', Tagging: many(11).map((t) => `${t.Key}=${t.Value}`).join('&') })), 'BadRequest');
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad', Body: 'x', Tagging: 'aws%3Akey=1' })), 'InvalidTag');
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad', Body: 'x', Tagging: 'k=%E0%A4%A' })), 'InvalidArgument');
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'bad' })), 'NotFound', 404);
  });

  // AWS (CopyObject): tags are copied unless x-amz-tagging-directive is REPLACE, which takes x-amz-tagging's (or none).
  it('CopyObject copies tags by default, REPLACE takes the header\'s or none; an unknown directive is InvalidArgument', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'src', Body: 'x', Tagging: 'from=source' }));
    await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'copy', CopySource: `${B}/src` }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'copy' }))).TagSet, [{ Key: 'from', Value: 'source' }]);
    await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'replaced', CopySource: `${B}/src`, TaggingDirective: 'REPLACE', Tagging: 'new=tag' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'replaced' }))).TagSet, [{ Key: 'new', Value: 'tag' }]);
    await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'cleared', CopySource: `${B}/src`, TaggingDirective: 'REPLACE' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'cleared' }))).TagSet, []);
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'x', CopySource: `${B}/src`, TaggingDirective: 'MERGE' as 'COPY' })), 'InvalidArgument');
  });

  it('x-amz-tagging on CreateMultipartUpload tags the completed object', async () => {
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp', Tagging: 'stage=upload' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: B, Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'abc' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'mp' }))).TagSet, [{ Key: 'stage', Value: 'upload' }]);
  });

  it('a new PutObject over a tagged key replaces its tags', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'over', Body: 'x', Tagging: 'old=1' }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'over', Body: 'y' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'over' }))).TagSet, []);
  });
});

describe('S3 object store: updateObjectExtra', () => {
  it('replaces the extra of the current object durably, keeping content, ETag and LastModified; undefined for a missing key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-s3-extra-'));
    try {
      const store = openObjectStore(dir);
      store.insertBucket({ name: 'b', owner: A, region: 'us-east-1', created: 1, policy: null });
      const o = store.putObject({ bucket: 'b', key: 'k', size: 3, etag: '"e"', lastModified: 42, extra: { headers: {}, metadata: {}, checksums: {} } }, Buffer.from('abc'));
      const updated = store.updateObjectExtra('b', 'k', undefined, { ...o.extra, tags: [{ Key: 't', Value: 'v' }] });
      assert.deepEqual(updated?.extra.tags, [{ Key: 't', Value: 'v' }]);
      assert.equal(store.updateObjectExtra('b', 'missing', undefined, o.extra), undefined);
      store.close();
      const again = openObjectStore(dir);
      const read = again.getObject('b', 'k')!;
      assert.deepEqual(read.extra.tags, [{ Key: 't', Value: 'v' }]);
      assert.equal(read.etag, '"e"');
      assert.equal(read.lastModified, 42);
      assert.equal(String(again.readObject(read, 0, 3)), 'abc');
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('S3 tags, ACLs and ownership across kill -9', () => {
  it('bucket tags, bucket ACL, ownership controls, object tags and object ACL acknowledged before SIGKILL are read back after restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-s3-tags-kill-'));
    const client = (url: string): S3Client => new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: A, secretAccessKey: 'x' } });
    try {
      let server = await serveProcess(dir);
      let s3 = client(server.url);
      await s3.send(new CreateBucketCommand({ Bucket: 'kept', ObjectOwnership: 'ObjectWriter', ACL: 'public-read' }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: 'kept', Tagging: { TagSet: [{ Key: 'team', Value: 'blue' }] } }));
      await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'o', Body: 'x', Tagging: 'a=1', ACL: 'authenticated-read' }));
      await s3.send(new PutObjectTaggingCommand({ Bucket: 'kept', Key: 'o', Tagging: { TagSet: [{ Key: 'b', Value: '2' }] } }));
      s3.destroy();
      await server.stop('SIGKILL');
      server = await serveProcess(dir);
      s3 = client(server.url);
      try {
        assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: 'kept' }))).TagSet, [{ Key: 'team', Value: 'blue' }]);
        assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'kept', Key: 'o' }))).TagSet, [{ Key: 'b', Value: '2' }]);
        assert.equal((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'kept' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'ObjectWriter');
        assert.deepEqual((await s3.send(new GetBucketAclCommand({ Bucket: 'kept' }))).Grants?.map((g) => g.Grantee?.URI).filter(Boolean), ['http://acs.amazonaws.com/groups/global/AllUsers']);
        assert.deepEqual((await s3.send(new GetObjectAclCommand({ Bucket: 'kept', Key: 'o' }))).Grants?.map((g) => g.Grantee?.URI).filter(Boolean), ['http://acs.amazonaws.com/groups/global/AuthenticatedUsers']);
      } finally {
        s3.destroy();
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
