/**
 * @module Property test: random interleavings of PutObject (plain, If-None-Match: *, If-Match with the current or a
 * stale ETag), DeleteObject (with and without a version id) and versioning on/suspend against one key leave exactly
 * the version history a small model of AWS's rules predicts (ListObjectVersions, in XML order, equals the model's).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  CreateBucketCommand, DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { startHarness, type Harness } from './harness.js';
import { raw, signedFor } from './s3-raw.js';

type Op =
  | { readonly op: 'put'; readonly cond: 'plain' | 'ifNone' | 'ifMatchCurrent' | 'ifMatchStale'; readonly body: string }
  | { readonly op: 'delete' }
  | { readonly op: 'deleteVersion'; readonly pick: number }
  | { readonly op: 'versioning'; readonly status: 'Enabled' | 'Suspended' };

/** One version as the model keeps it, newest first. */
interface ModelVersion { readonly id: string; readonly marker: boolean; readonly etag?: string }

const KEY = 'k';
const etagOf = (body: string): string => `"${createHash('md5').update(body).digest('hex')}"`;
const STALE = '"00000000000000000000000000000000"';

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), cond: fc.constantFrom('plain' as const, 'ifNone' as const, 'ifMatchCurrent' as const, 'ifMatchStale' as const), body: fc.string({ maxLength: 6 }) }),
  fc.constant({ op: 'delete' as const }),
  fc.record({ op: fc.constant('deleteVersion' as const), pick: fc.nat(20) }),
  fc.record({ op: fc.constant('versioning' as const), status: fc.constantFrom('Enabled' as const, 'Suspended' as const) }),
);

/** The error name of a rejected call, or 'ok'. */
async function outcome<T>(p: Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await p };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe('S3 conditional writes and versioning against a model of AWS rules', () => {
  let h: Harness;
  let s3: S3Client;
  let n = 0;
  before(async () => { h = await startHarness(); s3 = h.s3('111111111111'); });
  after(async () => { await h.close(); });

  /** The key's versions in the order of the ListVersionsResult document (Version and DeleteMarker interleaved). */
  const listed = async (bucket: string): Promise<{ id: string; marker: boolean; latest: boolean; etag?: string }[]> => {
    const r = await raw(h.url, 'GET', `/${bucket}?versions`, signedFor('111111111111'));
    assert.equal(r.status, 200, r.body);
    return [...r.body.matchAll(/<(Version|DeleteMarker)>(.*?)<\/\1>/g)].map((m) => {
      const inner = m[2]!;
      const id = /<VersionId>([^<]*)<\/VersionId>/.exec(inner)![1]!;
      const latest = /<IsLatest>true<\/IsLatest>/.test(inner);
      const etag = /<ETag>([^<]*)<\/ETag>/.exec(inner)?.[1]?.replace(/&quot;/g, '"');
      return m[1] === 'DeleteMarker' ? { id, marker: true, latest } : { id, marker: false, latest, ...(etag !== undefined ? { etag } : {}) };
    });
  };

  // AWS User Guide: versioning-enabled writes add versions; suspended writes and deletes replace the null version;
  // If-None-Match: * fails (412) when a current object exists, If-Match fails 404 with no current object and 412 on
  // another ETag; a delete marker as latest version is no object.
  it('leaves the version history the model predicts', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
      const bucket = `prop-${n++}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      let mode: 'off' | 'Enabled' | 'Suspended' = 'off';
      let model: ModelVersion[] = [];
      const seen = new Set<string>();
      const current = (): ModelVersion | undefined => (model[0] && !model[0].marker ? model[0] : undefined);
      /** A new latest version: with versioning enabled it is added; otherwise it replaces the null version. */
      const push = (v: ModelVersion): void => {
        if (v.id === 'null') model = model.filter((x) => x.id !== 'null');
        model = [v, ...model];
      };
      for (const o of ops) {
        if (o.op === 'versioning') {
          await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: o.status } }));
          mode = o.status;
        } else if (o.op === 'put') {
          const cur = current();
          const stale = model.find((x) => !x.marker && x.etag !== cur?.etag)?.etag ?? STALE;
          const cond = o.cond === 'ifNone' ? { IfNoneMatch: '*' } : o.cond === 'ifMatchCurrent' ? { IfMatch: cur?.etag ?? STALE } : o.cond === 'ifMatchStale' ? { IfMatch: stale } : {};
          const r = await outcome(s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: o.body, ...cond })));
          let expected = 'ok';
          if (o.cond === 'ifNone' && cur) expected = 'PreconditionFailed';
          if ((o.cond === 'ifMatchCurrent' || o.cond === 'ifMatchStale') && !cur) expected = 'NoSuchKey';
          if (o.cond === 'ifMatchStale' && cur && stale !== cur.etag) expected = 'PreconditionFailed';
          assert.equal('ok' in r ? 'ok' : r.error, expected, `${JSON.stringify(o)} in ${mode}`);
          if ('ok' in r) {
            const id = r.ok.VersionId;
            // AWS: only a versioning-enabled bucket answers x-amz-version-id on a write.
            if (mode !== 'Enabled') assert.equal(id, undefined);
            else { assert.ok(id && id !== 'null' && !seen.has(id)); seen.add(id); }
            push({ id: mode === 'Enabled' ? id! : 'null', marker: false, etag: etagOf(o.body) });
          }
        } else if (o.op === 'delete') {
          const r = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: KEY }));
          if (mode === 'off') {
            assert.equal(r.DeleteMarker, undefined);
            model = [];
          } else {
            assert.equal(r.DeleteMarker, true);
            if (mode === 'Suspended') assert.equal(r.VersionId, 'null');
            else { assert.ok(r.VersionId && !seen.has(r.VersionId)); seen.add(r.VersionId); }
            push({ id: r.VersionId!, marker: true });
          }
        } else if (model.length > 0) {
          const victim = model[o.pick % model.length]!;
          const r = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: KEY, VersionId: victim.id }));
          assert.equal(r.VersionId, victim.id);
          assert.equal(r.DeleteMarker, victim.marker ? true : undefined);
          model = model.filter((x) => x !== victim);
        }
        const got = await listed(bucket);
        assert.deepEqual(got, model.map((v, i) => ({ id: v.id, marker: v.marker, latest: i === 0, ...(v.etag !== undefined ? { etag: v.etag } : {}) })), `after ${JSON.stringify(o)} in ${mode}`);
      }
    }), { numRuns: 60 });
  });
});
