/**
 * @module S3 versioning through the SDK (AWS User Guide, "Retaining multiple versions of objects with S3 Versioning":
 * delete markers, null versions, suspended buckets; API reference for PutBucketVersioning, ListObjectVersions).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketCommand,
  DeleteObjectCommand, DeleteObjectsCommand, GetBucketVersioningCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { code, raw, signedFor } from './s3-raw.js';

const signed = signedFor('111111111111');

describe('S3 versioning', () => {
  let h: Harness;
  let s3: S3Client;
  const text = async (Bucket: string, Key: string, VersionId?: string): Promise<string> =>
    (await s3.send(new GetObjectCommand({ Bucket, Key, ...(VersionId !== undefined ? { VersionId } : {}) }))).Body!.transformToString();
  const bucket = async (Bucket: string, Status?: 'Enabled' | 'Suspended'): Promise<void> => {
    await s3.send(new CreateBucketCommand({ Bucket }));
    if (Status) await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } }));
  };
  /** [key, versionId or 'marker:'+id, isLatest] in listing order. */
  const history = async (Bucket: string, Prefix?: string) => {
    const r = await s3.send(new ListObjectVersionsCommand({ Bucket, ...(Prefix !== undefined ? { Prefix } : {}) }));
    const all = [
      ...(r.Versions ?? []).map((v) => ({ key: v.Key!, id: v.VersionId!, latest: v.IsLatest!, marker: false, t: v.LastModified! })),
      ...(r.DeleteMarkers ?? []).map((m) => ({ key: m.Key!, id: m.VersionId!, latest: m.IsLatest!, marker: true, t: m.LastModified! })),
    ];
    return all;
  };
  before(async () => {
    h = await startHarness();
    s3 = h.s3('111111111111');
  });
  after(async () => { await h.close(); });

  it('GetBucketVersioning: never versioned answers an empty configuration; Enabled and Suspended are kept', async () => {
    await bucket('ver-state');
    const none = await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver-state' }));
    assert.equal(none.Status, undefined);
    assert.equal(none.MFADelete, undefined);
    const r = await raw(h.url, 'GET', '/ver-state?versioning', signed);
    assert.equal(r.status, 200);
    assert.match(r.body, /<VersioningConfiguration xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"(\s*\/>|><\/VersioningConfiguration>)/);
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-state', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver-state' }))).Status, 'Enabled');
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-state', VersioningConfiguration: { Status: 'Suspended', MFADelete: 'Disabled' } }));
    const s = await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver-state' }));
    assert.equal(s.Status, 'Suspended');
    assert.equal(s.MFADelete, 'Disabled');
  });

  // AWS: enabling MFA delete needs the root user's MFA token in x-amz-mfa; there is no MFA device here.
  it('PutBucketVersioning refuses MFADelete=Enabled (403 AccessDenied), a bad Status (MalformedXML) and no Status', async () => {
    await bucket('ver-bad');
    const e = await rejectsWith(s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-bad', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } })), 'AccessDenied', 403);
    assert.match(e.message, /Mfa Authentication must be used for this request/);
    await rejectsWith(s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-bad', MFA: '123456 000000', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } })), 'AccessDenied', 403);
    const bad = await raw(h.url, 'PUT', '/ver-bad?versioning', signed, '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>On</Status></VersioningConfiguration>');
    assert.equal(bad.status, 400);
    assert.equal(code(bad.body), 'MalformedXML');
    const empty = await raw(h.url, 'PUT', '/ver-bad?versioning', signed, '');
    assert.equal(empty.status, 400);
    assert.equal(code(empty.body), 'MalformedXML');
    const e2 = await rejectsWith(s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-bad', VersioningConfiguration: {} })), 'IllegalVersioningConfigurationException', 400);
    assert.match(e2.message, /The Versioning element must be specified/);
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver-bad' }))).Status, undefined, 'nothing applied');
    await rejectsWith(s3.send(new GetBucketVersioningCommand({ Bucket: 'ver-none' })), 'NoSuchBucket', 404);
  });

  it('keeps every version: PutObject answers x-amz-version-id, GetObject and HeadObject read any version', async () => {
    await bucket('ver-on', 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-on', Key: 'k', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'ver-on', Key: 'k', Body: 'two!' }));
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    assert.equal(v1.VersionId.length, 32);
    assert.equal(await text('ver-on', 'k'), 'two!');
    assert.equal(await text('ver-on', 'k', v1.VersionId), 'one');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'ver-on', Key: 'k' }));
    assert.equal(got.VersionId, v2.VersionId);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'ver-on', Key: 'k', VersionId: v1.VersionId }));
    assert.equal(head.VersionId, v1.VersionId);
    assert.equal(head.ContentLength, 3);
    assert.equal(head.ETag, v1.ETag);
    const list = await history('ver-on');
    assert.deepEqual(list.map((v) => [v.id, v.latest]), [[v2.VersionId, true], [v1.VersionId, false]]);
  });

  // AWS: DeleteObject without a version id adds a delete marker; the key then answers 404 with x-amz-delete-marker.
  it('DeleteObject adds a delete marker: GET/HEAD 404 with its headers, GET of the marker by id 405, removing it undeletes', async () => {
    await bucket('ver-del', 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-del', Key: 'doc', Body: 'keep me' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-del', Key: 'doc' }));
    assert.equal(del.DeleteMarker, true);
    assert.ok(del.VersionId && del.VersionId !== v1.VersionId);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'ver-del', Key: 'doc' })), 'NoSuchKey', 404);
    const get = await raw(h.url, 'GET', '/ver-del/doc', signed);
    assert.equal(get.status, 404);
    assert.equal(code(get.body), 'NoSuchKey');
    assert.equal(get.headers['x-amz-delete-marker'], 'true');
    assert.equal(get.headers['x-amz-version-id'], del.VersionId);
    const head = await raw(h.url, 'HEAD', '/ver-del/doc', signed);
    assert.equal(head.status, 404);
    assert.equal(head.headers['x-amz-delete-marker'], 'true');
    const byId = await raw(h.url, 'GET', `/ver-del/doc?versionId=${del.VersionId}`, signed);
    assert.equal(byId.status, 405);
    assert.equal(code(byId.body), 'MethodNotAllowed');
    assert.match(byId.body, /<ResourceType>DeleteMarker<\/ResourceType>/);
    assert.equal(byId.headers['x-amz-delete-marker'], 'true');
    assert.equal(byId.headers['x-amz-version-id'], del.VersionId);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'ver-del', Key: 'doc', VersionId: del.VersionId })), 'MethodNotAllowed', 405);
    // ListObjects shows only current objects that are not delete markers.
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'ver-del' }))).KeyCount, 0);
    assert.equal(await text('ver-del', 'doc', v1.VersionId), 'keep me');
    const list = await history('ver-del');
    assert.deepEqual(list.map((v) => [v.id, v.marker, v.latest]), [[v1.VersionId, false, false], [del.VersionId, true, true]]);
    // Deleting the marker by id makes the previous version current again.
    const undelete = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-del', Key: 'doc', VersionId: del.VersionId }));
    assert.equal(undelete.DeleteMarker, true);
    assert.equal(undelete.VersionId, del.VersionId);
    assert.equal(await text('ver-del', 'doc'), 'keep me');
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'ver-del' }))).KeyCount, 1);
  });

  it('DeleteObject with a version id removes that version for good (NoSuchVersion after), the next newest becomes current', async () => {
    await bucket('ver-perm', 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-perm', Key: 'k', Body: 'a' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'ver-perm', Key: 'k', Body: 'b' }));
    const d = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-perm', Key: 'k', VersionId: v2.VersionId }));
    assert.equal(d.VersionId, v2.VersionId);
    assert.equal(d.DeleteMarker, undefined);
    const e = await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'ver-perm', Key: 'k', VersionId: v2.VersionId })), 'NoSuchVersion', 404);
    assert.match(e.message, /The specified version does not exist/);
    assert.equal(await text('ver-perm', 'k'), 'a');
    assert.deepEqual((await history('ver-perm')).map((v) => [v.id, v.latest]), [[v1.VersionId, true]]);
    // A well-formed id of no version: DeleteObject succeeds (204), reads are NoSuchVersion.
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-perm', Key: 'k', VersionId: v2.VersionId }));
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: 'ver-perm', Key: 'k', VersionId: v2.VersionId })), 'NotFound', 404);
  });

  // AWS: a version id S3 cannot have issued is 400 InvalidArgument "Invalid version id specified"; an empty one is
  // "Version id cannot be the empty string".
  it('refuses malformed and empty version ids with InvalidArgument', async () => {
    await bucket('ver-ids', 'Enabled');
    await s3.send(new PutObjectCommand({ Bucket: 'ver-ids', Key: 'k', Body: 'x' }));
    const e = await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'ver-ids', Key: 'k', VersionId: 'not-a-version' })), 'InvalidArgument', 400);
    assert.match(e.message, /Invalid version id specified/);
    await rejectsWith(s3.send(new DeleteObjectCommand({ Bucket: 'ver-ids', Key: 'k', VersionId: 'zzz' })), 'InvalidArgument', 400);
    const empty = await raw(h.url, 'GET', '/ver-ids/k?versionId=', signed);
    assert.equal(empty.status, 400);
    assert.equal(code(empty.body), 'InvalidArgument');
    assert.match(empty.body, /Version id cannot be the empty string/);
    assert.match(empty.body, /<ArgumentName>versionId<\/ArgumentName>/);
    assert.equal(await text('ver-ids', 'k'), 'x', 'nothing deleted');
  });

  // AWS: objects written before versioning are the null version; while suspended, writes replace the null version.
  it('null versions: objects from before versioning, and suspended writes that replace the null version only', async () => {
    await bucket('ver-null');
    const plain = await s3.send(new PutObjectCommand({ Bucket: 'ver-null', Key: 'k', Body: 'before' }));
    assert.equal(plain.VersionId, undefined, 'a never-versioned bucket answers no version id');
    assert.deepEqual((await history('ver-null')).map((v) => [v.id, v.latest]), [['null', true]]);
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-null', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-null', Key: 'k', Body: 'enabled' }));
    assert.equal(await text('ver-null', 'k', 'null'), 'before');
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver-null', VersioningConfiguration: { Status: 'Suspended' } }));
    // Suspending keeps the versions; a write is the null version and replaces the old null version. AWS (PutObject
    // response examples): a suspended bucket's PutObject answers no x-amz-version-id; reads show `null`.
    const s1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-null', Key: 'k', Body: 'suspended 1' }));
    assert.equal(s1.VersionId, undefined);
    await s3.send(new PutObjectCommand({ Bucket: 'ver-null', Key: 'k', Body: 'suspended 2' }));
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'ver-null', Key: 'k' }))).VersionId, 'null');
    assert.deepEqual((await history('ver-null')).map((v) => [v.id, v.latest]), [['null', true], [v1.VersionId, false]]);
    assert.equal(await text('ver-null', 'k', 'null'), 'suspended 2');
    assert.equal(await text('ver-null', 'k', v1.VersionId), 'enabled');
    // A delete while suspended: a null delete marker that replaces the null version.
    const d = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-null', Key: 'k' }));
    assert.equal(d.DeleteMarker, true);
    assert.equal(d.VersionId, 'null');
    assert.deepEqual((await history('ver-null')).map((v) => [v.id, v.marker, v.latest]), [[v1.VersionId, false, false], ['null', true, true]]);
  });

  it('DeleteObjects: per-object version ids, delete markers reported, an impossible id reported as NoSuchVersion', async () => {
    await bucket('ver-multi', 'Enabled');
    const a1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-multi', Key: 'a', Body: 'a1' }));
    const a2 = await s3.send(new PutObjectCommand({ Bucket: 'ver-multi', Key: 'a', Body: 'a2' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ver-multi', Key: 'b', Body: 'b1' }));
    const r = await s3.send(new DeleteObjectsCommand({ Bucket: 'ver-multi', Delete: { Objects: [
      { Key: 'a', VersionId: a1.VersionId }, { Key: 'b' }, { Key: 'c', VersionId: 'bogus' },
    ] } }));
    const deleted = new Map((r.Deleted ?? []).map((d) => [d.Key!, d]));
    assert.equal(deleted.get('a')?.VersionId, a1.VersionId);
    assert.equal(deleted.get('a')?.DeleteMarker, undefined);
    assert.equal(deleted.get('b')?.DeleteMarker, true);
    const markerId = deleted.get('b')!.DeleteMarkerVersionId!;
    assert.ok(markerId);
    assert.deepEqual(r.Errors?.map((e) => [e.Key, e.VersionId, e.Code]), [['c', 'bogus', 'NoSuchVersion']]);
    // Removing the marker by id reports it as a marker.
    const r2 = await s3.send(new DeleteObjectsCommand({ Bucket: 'ver-multi', Delete: { Objects: [{ Key: 'b', VersionId: markerId }] } }));
    assert.equal(r2.Deleted?.[0]?.DeleteMarker, true);
    assert.equal(r2.Deleted?.[0]?.DeleteMarkerVersionId, markerId);
    assert.equal(await text('ver-multi', 'b'), 'b1');
    assert.deepEqual((await history('ver-multi')).map((v) => v.id).slice(0, 1), [a2.VersionId]);
  });

  it('CopyObject copies a given version (x-amz-copy-source ?versionId=), answers both version ids, restores a version onto its key', async () => {
    await bucket('ver-copy', 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-copy', Key: 'src', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ver-copy', Key: 'src', Body: 'second' }));
    const c = await s3.send(new CopyObjectCommand({ Bucket: 'ver-copy', Key: 'dst', CopySource: `ver-copy/src?versionId=${v1.VersionId}` }));
    assert.equal(c.CopySourceVersionId, v1.VersionId);
    assert.ok(c.VersionId && c.VersionId !== v1.VersionId);
    assert.equal(await text('ver-copy', 'dst'), 'first');
    assert.equal(await text('ver-copy', 'dst', c.VersionId), 'first');
    // AWS: restoring a previous version is a copy of it onto the same key.
    const restored = await s3.send(new CopyObjectCommand({ Bucket: 'ver-copy', Key: 'src', CopySource: `ver-copy/src?versionId=${v1.VersionId}` }));
    assert.equal(await text('ver-copy', 'src'), 'first');
    assert.equal((await history('ver-copy', 'src')).length, 3);
    assert.equal((await history('ver-copy', 'src'))[0]!.id, restored.VersionId);
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-copy', Key: 'src' }));
    const e = await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'ver-copy', Key: 'x', CopySource: `ver-copy/src?versionId=${marker.VersionId}` })), 'InvalidRequest', 400);
    assert.match(e.message, /may not specifically refer to a delete marker/);
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'ver-copy', Key: 'x', CopySource: 'ver-copy/src' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'ver-copy', Key: 'x', CopySource: 'ver-copy/src?versionId=nope' })), 'InvalidArgument', 400);
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: 'ver-copy', Key: 'x', CopySource: `ver-copy/dst?versionId=${v1.VersionId}` })), 'NoSuchVersion', 404);
  });

  it('CompleteMultipartUpload answers the new version id', async () => {
    await bucket('ver-mpu', 'Enabled');
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'ver-mpu', Key: 'm' }));
    const p = await s3.send(new UploadPartCommand({ Bucket: 'ver-mpu', Key: 'm', UploadId: up.UploadId, PartNumber: 1, Body: 'part' }));
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'ver-mpu', Key: 'm', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag }] } }));
    assert.ok(done.VersionId);
    assert.equal(await text('ver-mpu', 'm', done.VersionId), 'part');
  });

  // AWS: a bucket with any version or delete marker left is not empty.
  it('DeleteBucket refuses while a noncurrent version or a delete marker remains', async () => {
    await bucket('ver-drop', 'Enabled');
    const v = await s3.send(new PutObjectCommand({ Bucket: 'ver-drop', Key: 'k', Body: 'x' }));
    const m = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-drop', Key: 'k' }));
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'ver-drop' })), 'BucketNotEmpty', 409);
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-drop', Key: 'k', VersionId: v.VersionId }));
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'ver-drop' })), 'BucketNotEmpty', 409);
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-drop', Key: 'k', VersionId: m.VersionId }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'ver-drop' }));
  });

  // AWS: conditional writes compare against the current version; a delete marker counts as no object.
  it('conditional writes see a delete marker as no object', async () => {
    await bucket('ver-cond', 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ver-cond', Key: 'k', Body: 'x' }));
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'ver-cond', Key: 'k', Body: 'y', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-cond', Key: 'k' }));
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: 'ver-cond', Key: 'k', Body: 'y', IfMatch: v1.ETag })), 'NoSuchKey', 404);
    const again = await s3.send(new PutObjectCommand({ Bucket: 'ver-cond', Key: 'k', Body: 'z', IfNoneMatch: '*' }));
    assert.ok(again.VersionId);
    assert.equal((await history('ver-cond')).length, 3);
  });

  it('ListObjectVersions pages with KeyMarker/VersionIdMarker, rolls up CommonPrefixes, URL-encodes keys', async () => {
    await bucket('ver-list', 'Enabled');
    const ids: Record<string, string[]> = {};
    for (const key of ['a', 'b', 'b', 'b', 'd/1', 'd/2', 'e f']) {
      const r = await s3.send(new PutObjectCommand({ Bucket: 'ver-list', Key: key, Body: key }));
      (ids[key] ??= []).unshift(r.VersionId!);
    }
    const m = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-list', Key: 'a' }));
    const expected = [['a', m.VersionId], ['a', ids['a']![0]], ...ids['b']!.map((v) => ['b', v]), ['d/1', ids['d/1']![0]], ['d/2', ids['d/2']![0]], ['e f', ids['e f']![0]]];
    // Page by 2: every version once, in key order then newest first.
    const seen: string[][] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', MaxKeys: 2, ...(KeyMarker ? { KeyMarker } : {}), ...(VersionIdMarker ? { VersionIdMarker } : {}) }));
      const items = [...(r.Versions ?? []).map((v) => [v.Key!, v.VersionId!, v.LastModified!.getTime(), 0] as const), ...(r.DeleteMarkers ?? []).map((v) => [v.Key!, v.VersionId!, v.LastModified!.getTime(), 1] as const)];
      assert.ok(items.length <= 2);
      const order = expected.map(([k, v]) => `${k}|${v}`);
      items.sort((x, y) => order.indexOf(`${x[0]}|${x[1]}`) - order.indexOf(`${y[0]}|${y[1]}`));
      for (const it of items) seen.push([it[0], it[1]]);
      if (!r.IsTruncated) break;
      KeyMarker = r.NextKeyMarker;
      VersionIdMarker = r.NextVersionIdMarker;
      assert.ok(KeyMarker && VersionIdMarker);
    }
    assert.deepEqual(seen, expected);
    // Resume after one version of 'b': only its older versions, then the next keys.
    const mid = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', KeyMarker: 'b', VersionIdMarker: ids['b']![0], MaxKeys: 2 }));
    assert.deepEqual(mid.Versions?.map((v) => v.VersionId), ids['b']!.slice(1));
    assert.equal(mid.KeyMarker, 'b');
    assert.equal(mid.VersionIdMarker, ids['b']![0]);
    // A key marker alone starts after every version of that key.
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', KeyMarker: 'b' }));
    assert.deepEqual(after.Versions?.map((v) => v.Key), ['d/1', 'd/2', 'e f']);
    const rolled = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Delimiter: '/', MaxKeys: 6 }));
    assert.deepEqual(rolled.CommonPrefixes?.map((p) => p.Prefix), ['d/']);
    assert.equal(rolled.IsTruncated, true);
    assert.equal(rolled.NextKeyMarker, 'd/');
    assert.equal(rolled.NextVersionIdMarker, undefined);
    const rest = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Delimiter: '/', KeyMarker: 'd/' }));
    assert.deepEqual(rest.Versions?.map((v) => v.Key), ['e f']);
    const prefixed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Prefix: 'd/' }));
    assert.deepEqual(prefixed.Versions?.map((v) => [v.Key, v.IsLatest]), [['d/1', true], ['d/2', true]]);
    const encoded = await raw(h.url, 'GET', '/ver-list?versions&encoding-type=url&prefix=e', signed);
    assert.match(encoded.body, /<Key>e%20f<\/Key>/);
    assert.match(encoded.body, /<EncodingType>url<\/EncodingType>/);
    const e = await rejectsWith(s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', VersionIdMarker: ids['b']![0] })), 'InvalidArgument', 400);
    assert.match(e.message, /A version-id marker cannot be specified without a key marker/);
    await rejectsWith(s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', KeyMarker: 'b', VersionIdMarker: 'x' })), 'InvalidArgument', 400);
    const zero = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', MaxKeys: 0 }));
    assert.equal(zero.IsTruncated, false);
    assert.equal(zero.Versions, undefined);
  });

  // AWS: the ListVersionsResult lists Version and DeleteMarker elements in one sequence, key order then newest first.
  it('ListObjectVersions interleaves Version and DeleteMarker elements in listing order', async () => {
    await bucket('ver-xml', 'Enabled');
    await s3.send(new PutObjectCommand({ Bucket: 'ver-xml', Key: 'a', Body: '1' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-xml', Key: 'a' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ver-xml', Key: 'b', Body: '2' }));
    const r = await raw(h.url, 'GET', '/ver-xml?versions', signed);
    const order = [...r.body.matchAll(/<(Version|DeleteMarker)>(?:(?!<\/(?:Version|DeleteMarker)>).)*?<Key>([^<]*)<\/Key>/g)].map((x) => `${x[1]}:${x[2]}`);
    assert.deepEqual(order, ['DeleteMarker:a', 'Version:a', 'Version:b']);
  });

  it('an unversioned bucket lists its objects as null versions and keeps one version per key', async () => {
    await bucket('ver-plain');
    await s3.send(new PutObjectCommand({ Bucket: 'ver-plain', Key: 'k', Body: '1' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ver-plain', Key: 'k', Body: '2' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'ver-plain', Key: 'k' }));
    assert.equal(got.VersionId, undefined);
    assert.deepEqual((await history('ver-plain')).map((v) => [v.id, v.latest]), [['null', true]]);
    const d = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-plain', Key: 'k' }));
    assert.equal(d.DeleteMarker, undefined);
    assert.deepEqual(await history('ver-plain'), []);
  });
});
