/** @module One conformance suite for the S3 store, run against memory and disk. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { compareUtf8, scanKeys } from '../services/s3/listing.js';
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
