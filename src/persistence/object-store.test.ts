/** @module One conformance suite for the S3 store, run against memory and disk. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { compareUtf8, scanKeys } from '../services/s3/listing.js';
import { isVersionId } from '../services/s3/versioning.js';
import { openObjectStore, type NewObject, type ObjectStore } from './object-store.js';

const extra = { headers: { ContentType: 'text/plain' }, metadata: {}, checksums: {} };
const obj = (bucket: string, key: string, size: number, t = 1): NewObject => ({ bucket, key, size, etag: `"${key}"`, lastModified: t, extra });

async function collect(body: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function conformance(name: string, open: () => ObjectStore, countFiles?: () => number): void {
  describe(`ObjectStore (${name})`, () => {
    const store = open();
    after(() => store.close());

    it('keeps buckets unique and per owner', () => {
      assert.ok(store.insertBucket({ name: 'b1', owner: '1', region: 'us-east-1', created: 1, policy: null }));
      assert.ok(!store.insertBucket({ name: 'b1', owner: '2', region: 'us-east-1', created: 2, policy: null }));
      assert.ok(store.insertBucket({ name: 'a0', owner: '1', region: 'eu-west-1', created: 3, policy: null }));
      assert.deepEqual(store.bucketsOf('1').map((b) => b.name), ['a0', 'b1']);
      store.setBucketPolicy('b1', '{}');
      assert.equal(store.getBucket('b1')?.policy, '{}');
    });

    it('stores bucket configurations by kind and removes them with the bucket', () => {
      assert.ok(store.insertBucket({ name: 'cfg', owner: '1', region: 'us-east-1', created: 1, policy: null }));
      assert.equal(store.getBucketConfig('cfg', 'cors'), undefined);
      store.setBucketConfig('cfg', 'cors', '[1]');
      store.setBucketConfig('cfg', 'tagging', '{"a":"b"}');
      store.setBucketConfig('cfg', 'cors', '[2]');
      assert.equal(store.getBucketConfig('cfg', 'cors'), '[2]');
      store.setBucketConfig('cfg', 'tagging', null);
      assert.equal(store.getBucketConfig('cfg', 'tagging'), undefined);
      store.deleteBucket('cfg');
      assert.ok(store.insertBucket({ name: 'cfg', owner: '1', region: 'us-east-1', created: 2, policy: null }));
      assert.equal(store.getBucketConfig('cfg', 'cors'), undefined);
      store.deleteBucket('cfg');
    });

    it('stores, replaces, reads ranges of and deletes objects', async () => {
      const content = Buffer.from('0123456789');
      store.putObject(obj('b1', 'k', 10), content);
      const o = store.getObject('b1', 'k')!;
      assert.equal((await collect(store.readObject(o, 2, 5))).toString(), '234');
      store.putObject(obj('b1', 'k', 3, 2), Buffer.from('new'));
      const o2 = store.getObject('b1', 'k')!;
      assert.equal((await collect(store.readObject(o2, 0, 3))).toString(), 'new');
      assert.equal(o2.lastModified, 2);
      const big = Buffer.alloc(200_000, 7);
      const b = store.putObject(obj('b1', 'big', big.length), big);
      const stream = store.readObject(b, 1000, 150_000);
      assert.ok(stream instanceof Readable);
      assert.ok((await collect(stream)).equals(big.subarray(1000, 150_000)));
      const copy = store.copyObject(b, obj('a0', 'copy', big.length));
      assert.ok((await collect(store.readObject(copy, 0, copy.size))).equals(big));
      assert.ok(store.hasObjects('b1'));
      assert.ok(store.deleteObject('b1', 'big'));
      assert.ok(!store.deleteObject('b1', 'big'));
      assert.equal(store.getObject('b1', 'big'), undefined);
    });

    it('lists keys in UTF-8 order as range queries', () => {
      for (const k of ['p/b', 'p/a', 'q', 'p/ä', 'p/z/1', 'o']) store.putObject(obj('b1', k, 1), Buffer.from('x'));
      const keys = (from: string, inclusive: boolean, before: string | null, limit = 100) => store.listObjects('b1', { from, inclusive, before, limit }).map((o) => o.key);
      assert.deepEqual(keys('', true, null), ['k', 'o', 'p/a', 'p/b', 'p/z/1', 'p/ä', 'q']);
      assert.deepEqual(keys('p/', true, 'p/\u{10FFFF}'), ['p/a', 'p/b', 'p/z/1', 'p/ä']);
      assert.deepEqual(keys('p/a', false, 'p/\u{10FFFF}', 2), ['p/b', 'p/z/1']);
    });

    // AWS: S3 lists keys in UTF-8 binary order. U+FFFD sorts before U+1F600 in UTF-8 (EF BF BD < F0 9F 98 80) but
    // after it in UTF-16 (FFFD > D83D), so these keys tell the two orders apart.
    it('orders keys past U+FFFF in UTF-8 order, in the store and in the listing cursor', () => {
      store.insertBucket({ name: 'utf8', owner: '1', region: 'us-east-1', created: 1, policy: null });
      const ks = ['z', '\uFFFD', '\uFFFDa', '😀', '😀a', '\uE000'];
      for (const k of ks) store.putObject(obj('utf8', k, 1), Buffer.from('x'));
      const utf8Sorted = [...ks].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.deepEqual(utf8Sorted, ['z', '\uE000', '\uFFFD', '\uFFFDa', '😀', '😀a']);
      assert.notDeepEqual([...ks].sort(), utf8Sorted);
      assert.deepEqual(store.listObjects('utf8', { from: '', inclusive: true, before: null, limit: 100 }).map((o) => o.key), utf8Sorted);
      assert.ok(compareUtf8('\uFFFD', '😀') < 0 && compareUtf8('😀', '\uFFFD') > 0 && compareUtf8('😀', '😀') === 0);
      const scan = (prefix: string, from: string | undefined) => scanKeys(store, 'utf8', prefix, '', from, 100).contents.map((o) => o.key);
      // start-after past every key under the prefix: nothing (a UTF-16 comparison would restart at the prefix).
      assert.deepEqual(scan('\uFFFD', '😀'), []);
      // start-after before the prefix: the whole prefix.
      assert.deepEqual(scan('😀', '\uFFFDz'), ['😀', '😀a']);
      assert.deepEqual(scan('\uFFFD', '\uFFFD'), ['\uFFFDa']);
      assert.deepEqual(scan('', '\uFFFDa'), ['😀', '😀a']);
    });

    it('keeps uploads and parts, completes and aborts them', async () => {
      store.insertUpload({ uploadId: 'u1', bucket: 'b1', key: 'm', initiated: 5, owner: '1', initiator: 'arn', extra, checksumAlgorithm: 'CRC32' });
      store.insertUpload({ uploadId: 'u2', bucket: 'b1', key: 'n', initiated: 6, owner: '1', initiator: 'arn', extra });
      assert.equal(store.getUpload('u1')?.checksumAlgorithm, 'CRC32');
      assert.deepEqual(store.listUploads('b1', '', '', '', 10).map((u) => u.uploadId), ['u1', 'u2']);
      assert.deepEqual(store.listUploads('b1', 'n', '', '', 10).map((u) => u.uploadId), ['u2']);
      const p1 = store.putPart({ uploadId: 'u1', partNumber: 1, size: 3, etag: '"a"', lastModified: 1, checksums: {} }, Buffer.from('abc'));
      store.putPart({ uploadId: 'u1', partNumber: 2, size: 1, etag: '"z"', lastModified: 1, checksums: {} }, Buffer.from('z'));
      const p2 = store.putPart({ uploadId: 'u1', partNumber: 2, size: 2, etag: '"b"', lastModified: 1, checksums: { CRC32: 'x' } }, Buffer.from('de'));
      assert.deepEqual(store.listParts('u1', 0, 10).map((p) => [p.partNumber, p.etag, p.checksums]), [[1, '"a"', {}], [2, '"b"', { CRC32: 'x' }]]);
      assert.deepEqual(store.listParts('u1', 1, 10).map((p) => p.partNumber), [2]);
      const done = store.completeUpload('u1', [p1, p2], obj('b1', 'm', 5));
      assert.equal((await collect(store.readObject(done, 0, 5))).toString(), 'abcde');
      assert.equal(store.getUpload('u1'), undefined);
      assert.deepEqual(store.listParts('u1', 0, 10), []);
      store.putPart({ uploadId: 'u2', partNumber: 1, size: 1, etag: '"c"', lastModified: 1, checksums: {} }, Buffer.from('c'));
      store.deleteUpload('u2');
      assert.equal(store.getUpload('u2'), undefined);
    });

    // AWS: ListMultipartUploads orders one key's uploads by initiation; key-marker + upload-id-marker resume right
    // after the marker upload whatever its id, and a prefix matches whole characters (non-BMP included).
    it('pages uploads of one key after the marker upload in initiation order, under a non-BMP prefix', () => {
      store.insertBucket({ name: 'ups', owner: '1', region: 'us-east-1', created: 1, policy: null });
      const up = (uploadId: string, key: string, initiated: number) =>
        store.insertUpload({ uploadId, bucket: 'ups', key, initiated, owner: '1', initiator: 'arn', extra });
      up('k9', '😀k', 1); up('k1', '😀k', 2); up('k5', '😀k', 3); up('k3', '😀k', 3); up('k0', '😀l', 0); up('ka', 'z', 1);
      const ids = (prefix: string, fromKey: string, after: string, limit = 100) => store.listUploads('ups', prefix, fromKey, after, limit).map((u) => u.uploadId);
      assert.deepEqual(ids('😀', '', ''), ['k9', 'k1', 'k3', 'k5', 'k0']);
      assert.deepEqual(ids('😀', '😀k', 'k9', 2), ['k1', 'k3']);
      assert.deepEqual(ids('😀', '😀k', 'k3'), ['k5', 'k0']);
      assert.deepEqual(ids('😀', '😀k', 'k5'), ['k0']);
      // A marker upload that is gone excludes nothing of its key.
      assert.deepEqual(ids('😀', '😀k', 'gone'), ['k9', 'k1', 'k3', 'k5', 'k0']);
      // The key marker is compared in UTF-8 order: '😀l' sorts after '\uFFFD', so nothing under that prefix is left.
      up('kw', '\uFFFDx', 1);
      assert.deepEqual(ids('\uFFFD', '😀l', 'k0'), []);
      assert.deepEqual(ids('\uFFFD', '', ''), ['kw']);
    });

    it('removes replaced and deleted content', () => {
      if (!countFiles) return;
      const before = countFiles();
      store.putObject(obj('b1', 'churn', 1), Buffer.from('1'));
      store.putObject(obj('b1', 'churn', 1), Buffer.from('2'));
      assert.equal(countFiles(), before + 1);
      store.deleteObject('b1', 'churn');
      assert.equal(countFiles(), before);
    });

    it('deletes a bucket with its unfinished uploads', () => {
      store.insertBucket({ name: 'gone', owner: '1', region: 'us-east-1', created: 1, policy: null });
      store.insertUpload({ uploadId: 'u3', bucket: 'gone', key: 'x', initiated: 1, owner: '1', initiator: 'arn', extra });
      store.deleteBucket('gone');
      assert.equal(store.getBucket('gone'), undefined);
      assert.equal(store.getUpload('u3'), undefined);
    });
  });
}

conformance('memory', () => openObjectStore(null));

const dir = mkdtempSync(join(tmpdir(), 'vpce-objects-'));
const files = (): number => readdirSync(join(dir, 's3', 'objects'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
conformance('disk', () => openObjectStore(dir), files);
after(() => rmSync(dir, { recursive: true, force: true }));

// Versioning (AWS User Guide, "Retaining multiple versions of objects with S3 Versioning"): the latest version of a
// key in `objects`, older versions and delete markers beside it; content removed only for versions that are gone.
function versionConformance(name: string, open: () => ObjectStore, countFiles?: () => number): void {
  describe(`ObjectStore versions (${name})`, () => {
    const store = open();
    after(() => store.close());
    const ids = (bucket: string) => store.listVersions(bucket, { from: '', inclusive: true, before: null, limit: 1000 })
      .map((v) => `${v.key}:${v.deleteMarker ? 'm' : 'o'}:${v.isLatest ? 'L' : '-'}:${v.versionId}`);
    const bucket = (b: string) => store.insertBucket({ name: b, owner: '1', region: 'us-east-1', created: 1, policy: null });

    it('writes null versions in a never-versioned bucket, one per key', () => {
      bucket('plain');
      assert.equal(store.putObject(obj('plain', 'k', 1), Buffer.from('1')).versionId, 'null');
      assert.equal(store.putObject(obj('plain', 'k', 1), Buffer.from('2')).versionId, 'null');
      assert.deepEqual(ids('plain'), ['k:o:L:null']);
      assert.equal(store.getObject('plain', 'k')?.versionId, 'null');
      assert.deepEqual(store.deleteKey('plain', 'k', 5), { removed: true });
      assert.deepEqual(ids('plain'), []);
      assert.ok(!store.hasObjects('plain'));
    });

    it('keeps versions when enabled, with ids the handlers accept, newest first', async () => {
      bucket('ver');
      store.putObject(obj('ver', 'k', 1), Buffer.from('0'));
      store.setBucketVersioning('ver', 'Enabled');
      assert.equal(store.getBucket('ver')?.versioning, 'Enabled');
      const a = store.putObject(obj('ver', 'k', 1, 2), Buffer.from('a'));
      const b = store.putObject(obj('ver', 'k', 1, 2), Buffer.from('b'));
      assert.ok(isVersionId(a.versionId) && isVersionId(b.versionId) && a.versionId !== b.versionId);
      assert.deepEqual(ids('ver'), [`k:o:L:${b.versionId}`, `k:o:-:${a.versionId}`, 'k:o:-:null']);
      for (const [id, body] of [[a.versionId, 'a'], [b.versionId, 'b'], ['null', '0']] as const) {
        const v = store.getVersion('ver', 'k', id);
        assert.ok(v && !v.deleteMarker);
        assert.equal((await collect(store.readObject(v, 0, 1))).toString(), body);
      }
      assert.equal(store.getVersion('ver', 'k', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'), undefined);
      assert.equal(store.getVersion('ver', 'k', 'bogus'), undefined);
    });

    it('adds delete markers, hides the key from listings and checks, and undeletes when the marker goes', () => {
      const m = store.deleteKey('ver', 'k', 9);
      assert.ok(m.deleteMarker && isVersionId(m.deleteMarker));
      assert.equal(store.getObject('ver', 'k'), undefined);
      assert.equal(store.getVersion('ver', 'k', undefined)?.deleteMarker, true);
      assert.deepEqual(store.listObjects('ver', { from: '', inclusive: true, before: null, limit: 10 }), []);
      assert.ok(store.hasObjects('ver'));
      let seen: string | undefined = 'unset';
      store.putObject(obj('ver', 'other', 1), Buffer.from('x'));
      assert.throws(() => store.putObject(obj('ver', 'k', 1), Buffer.from('c'), (cur) => { seen = cur; throw new Error('refused'); }), /refused/);
      assert.equal(seen, undefined, 'a delete marker is no object for a write condition');
      assert.equal(ids('ver').filter((v) => v.startsWith('k:')).length, 4, 'a refused write changes nothing');
      const removed = store.deleteVersion('ver', 'k', m.deleteMarker);
      assert.equal(removed?.deleteMarker, true);
      assert.equal(store.getObject('ver', 'k')?.etag, '"k"');
      assert.equal(store.deleteVersion('ver', 'k', m.deleteMarker), undefined);
    });

    it('pages versions after a (key, version) cursor and below a bound', () => {
      const all = store.listVersions('ver', { from: '', inclusive: true, before: null, limit: 100 });
      const second = all[1]!;
      const rest = store.listVersions('ver', { from: second.key, inclusive: false, afterVersion: second.versionId, before: null, limit: 100 });
      assert.deepEqual(rest.map((v) => v.versionId), all.slice(2).map((v) => v.versionId));
      assert.deepEqual(store.listVersions('ver', { from: 'k', inclusive: false, before: null, limit: 100 }).map((v) => v.key), ['other']);
      assert.deepEqual(store.listVersions('ver', { from: '', inclusive: true, before: 'l', limit: 100 }).map((v) => v.key), ['k', 'k', 'k']);
    });

    it('replaces only the null version while suspended, removing its content', () => {
      bucket('sus');
      store.setBucketVersioning('sus', 'Enabled');
      const v1 = store.putObject(obj('sus', 'k', 1), Buffer.from('1'));
      store.setBucketVersioning('sus', 'Suspended');
      const before = countFiles?.();
      const n1 = store.putObject(obj('sus', 'k', 1), Buffer.from('2'));
      const n2 = store.putObject(obj('sus', 'k', 1), Buffer.from('3'));
      assert.equal(n1.versionId, 'null');
      assert.equal(n2.versionId, 'null');
      assert.deepEqual(ids('sus'), ['k:o:L:null', `k:o:-:${v1.versionId}`]);
      if (before !== undefined) assert.equal(countFiles!(), before + 1);
      assert.deepEqual(store.deleteKey('sus', 'k', 3), { removed: false, deleteMarker: 'null' });
      assert.deepEqual(ids('sus'), ['k:m:L:null', `k:o:-:${v1.versionId}`]);
      if (before !== undefined) assert.equal(countFiles!(), before);
    });

    it('updateObjectExtra replaces one version\'s extra, not its content', async () => {
      const extra2 = { headers: { ContentType: 'x/y' }, metadata: { a: 'b' }, checksums: {} };
      const v = store.listVersions('ver', { from: '', inclusive: true, before: null, limit: 100 }).find((x) => !x.isLatest && !x.deleteMarker)!;
      const updated = store.updateObjectExtra('ver', 'k', v.versionId, extra2);
      assert.equal(updated?.versionId, v.versionId);
      assert.deepEqual(updated?.extra, extra2);
      const again = store.getVersion('ver', 'k', v.versionId);
      assert.ok(again && !again.deleteMarker);
      assert.deepEqual(again.extra, extra2);
      assert.equal((await collect(store.readObject(again, 0, again.size))).length, again.size);
      assert.deepEqual(store.updateObjectExtra('plain', 'nothing', undefined, extra2), undefined);
      assert.deepEqual(store.updateObjectExtra('ver', 'k', undefined, extra2)?.extra, extra2);
      assert.equal(store.updateObjectExtra('sus', 'k', undefined, extra2), undefined, 'a delete marker has no extra');
    });
  });
}

versionConformance('memory', () => openObjectStore(null));
const vdir = mkdtempSync(join(tmpdir(), 'vpce-versions-'));
const vfiles = (): number => readdirSync(join(vdir, 's3', 'objects'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
versionConformance('disk', () => openObjectStore(vdir), vfiles);
after(() => rmSync(vdir, { recursive: true, force: true }));

describe('ObjectStore schema upgrade', () => {
  it('opens a store written before versioning: its objects become null versions', () => {
    const d = mkdtempSync(join(tmpdir(), 'vpce-upgrade-'));
    try {
      mkdirSync(join(d, 's3', 'objects'), { recursive: true });
      const db = new Database(join(d, 's3', 's3.db'));
      db.exec(`CREATE TABLE buckets (name TEXT PRIMARY KEY, owner TEXT NOT NULL, region TEXT NOT NULL, created INTEGER NOT NULL, policy TEXT);
        CREATE TABLE objects (bucket TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
        last_modified INTEGER NOT NULL, extra TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID;
        INSERT INTO buckets VALUES ('old', '1', 'us-east-1', 1, NULL);
        INSERT INTO objects VALUES ('old', 'k', 1, '"e"', 1, '{"headers":{},"metadata":{},"checksums":{}}', 'r');`);
      db.close();
      const store = openObjectStore(d);
      assert.equal(store.getObject('old', 'k')?.versionId, 'null');
      assert.equal(store.getBucket('old')?.versioning, undefined);
      store.setBucketVersioning('old', 'Enabled');
      store.close();
      const reopened = openObjectStore(d);
      assert.equal(reopened.getBucket('old')?.versioning, 'Enabled');
      reopened.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
