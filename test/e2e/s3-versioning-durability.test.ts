/**
 * @module kill -9 during concurrent versioned overwrites and conditional writes loses no acknowledged version and
 * leaves no half-written one: after a restart every acknowledged version is listed with its ETag, and every listed
 * version's body reads back with that ETag.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { serveProcess } from './process.js';

const B = 'crash-versions';

function s3(url: string): S3Client {
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });
}

const md5 = (b: Buffer): string => `"${createHash('md5').update(b).digest('hex')}"`;

interface Ack { readonly key: string; readonly versionId: string; readonly etag: string }

describe('S3 versioning durability', () => {
  it('keeps every acknowledged version and no half-written one when killed with SIGKILL mid-burst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-s3-kill-'));
    try {
      let server = await serveProcess(dir);
      let client = s3(server.url);
      await client.send(new CreateBucketCommand({ Bucket: B }));
      await client.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
      const acked: Ack[] = [];
      let next = 0;
      let killed = false;
      const ack = (a: Ack): void => {
        acked.push(a);
        if (acked.length >= 300 && !killed) { killed = true; server.child.kill('SIGKILL'); }
      };
      // Sizes up to 96 KiB, so some bodies go past the store's 64 KiB buffered-read threshold.
      const body = (n: number): Buffer => Buffer.alloc(1 + ((n * 7919) % (96 * 1024)), n % 251);
      // Versioned overwrites of 8 hot keys.
      const overwriter = async (): Promise<void> => {
        while (!killed) {
          const n = next++;
          const key = `hot-${n % 8}`;
          try {
            const r = await client.send(new PutObjectCommand({ Bucket: B, Key: key, Body: body(n) }));
            ack({ key, versionId: r.VersionId!, etag: r.ETag! });
          } catch {
            if (!killed) throw new Error('write failed before the kill');
          }
        }
      };
      // Conditional writes: If-None-Match: * on fresh keys, and If-Match chains on one key per writer.
      const conditional = (w: number) => async (): Promise<void> => {
        let etag: string | undefined;
        while (!killed) {
          const n = next++;
          try {
            const fresh = await client.send(new PutObjectCommand({ Bucket: B, Key: `new-${n}`, Body: body(n), IfNoneMatch: '*' }));
            ack({ key: `new-${n}`, versionId: fresh.VersionId!, etag: fresh.ETag! });
            const chain = `chain-${w}`;
            const r = await client.send(new PutObjectCommand({ Bucket: B, Key: chain, Body: body(n + 1), ...(etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag }) }));
            etag = r.ETag!;
            ack({ key: chain, versionId: r.VersionId!, etag });
          } catch {
            if (!killed) throw new Error('conditional write failed before the kill');
          }
        }
      };
      await Promise.all([...Array.from({ length: 8 }, () => overwriter()), ...Array.from({ length: 8 }, (_, w) => conditional(w)())]);
      client.destroy();
      await server.stop();

      server = await serveProcess(dir);
      client = s3(server.url);
      const listed: { Key: string; VersionId: string; ETag: string; IsLatest: boolean; Size: number }[] = [];
      let KeyMarker: string | undefined;
      let VersionIdMarker: string | undefined;
      for (;;) {
        const r = await client.send(new ListObjectVersionsCommand({ Bucket: B, MaxKeys: 250, ...(KeyMarker ? { KeyMarker } : {}), ...(VersionIdMarker ? { VersionIdMarker } : {}) }));
        for (const v of r.Versions ?? []) listed.push({ Key: v.Key!, VersionId: v.VersionId!, ETag: v.ETag!, IsLatest: v.IsLatest!, Size: v.Size! });
        assert.equal(r.DeleteMarkers, undefined);
        if (!r.IsTruncated) break;
        KeyMarker = r.NextKeyMarker;
        VersionIdMarker = r.NextVersionIdMarker;
      }
      const byId = new Map(listed.map((v) => [`${v.Key}\0${v.VersionId}`, v]));
      const missing = acked.filter((a) => byId.get(`${a.key}\0${a.versionId}`)?.ETag !== a.etag);
      assert.deepEqual(missing, [], 'every acknowledged version survives with its ETag');
      // No half-written version: each listed version's bytes are whole and match its ETag.
      for (const v of listed) {
        const got = await client.send(new GetObjectCommand({ Bucket: B, Key: v.Key, VersionId: v.VersionId }));
        const bytes = Buffer.from(await got.Body!.transformToByteArray());
        assert.equal(bytes.length, v.Size, `${v.Key} ${v.VersionId} size`);
        assert.equal(md5(bytes), v.ETag, `${v.Key} ${v.VersionId} body`);
      }
      // One latest version per key.
      const latest = new Map<string, number>();
      for (const v of listed) if (v.IsLatest) latest.set(v.Key, (latest.get(v.Key) ?? 0) + 1);
      for (const key of new Set(listed.map((v) => v.Key))) assert.equal(latest.get(key), 1, `one latest version of ${key}`);
      // After the restart a new version still sorts newest (sequence numbers continue past the ones on disk).
      const fresh = await client.send(new PutObjectCommand({ Bucket: B, Key: 'hot-0', Body: 'after restart' }));
      const hot = await client.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'hot-0', MaxKeys: 1 }));
      assert.equal(hot.Versions?.[0]?.VersionId, fresh.VersionId);
      assert.equal(hot.Versions?.[0]?.IsLatest, true);
      client.destroy();
      await server.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
