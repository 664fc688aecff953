/**
 * @module S3 authorization with fake ServiceCalls: what each operation asks (action, resource, owner, policy,
 * listing context), AccessDenied when refused, per-key DeleteObjects errors, and the owner-root exemption for
 * bucket policy operations.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from '../../errors/s3.js';
import type { AccessQuery, Caller, ServiceCall } from '../call.js';
import type { S3Context } from './context.js';
import { S3_HANDLERS, S3_OPERATIONS } from './index.js';
import type { S3Storage } from './storage.js';
import { openObjectStore } from '../../persistence/object-store.js';

const ROOT: Caller = { account: '111111111111', region: 'us-east-1', principalArn: 'arn:aws:iam::111111111111:root' };
const USER: Caller = { account: '111111111111', region: 'us-east-1', principalArn: 'arn:aws:iam::111111111111:user/u' };
const OTHER: Caller = { account: '222222222222', region: 'us-east-1', principalArn: 'arn:aws:iam::222222222222:root' };

/** A call that records every question and answers with `decide`. */
function fakeCall(caller: Caller, decide: (q: AccessQuery) => boolean, asked: AccessQuery[] = []): ServiceCall {
  return { requestId: 'r', caller, authorize: (q) => { asked.push(q); return decide(q) ? { allowed: true } : { allowed: false, explicit: true, reason: 'test' }; } };
}

function ctx(store: S3Storage, call: ServiceCall, method = 'GET'): S3Context {
  let n = 0;
  return { store, call, now: () => 1_700_000_000_000, newId: () => `id${++n}`, headers: {}, signed: true, method, body: Buffer.alloc(0) };
}

function run(c: S3Context, op: string, input: Record<string, unknown>) {
  return S3_HANDLERS[op]!(c, input);
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof S3Error);
    return e.code;
  }
  return 'ok';
}

// The store layer is below services; tests may wire the real one in.
const newStore = (): S3Storage => openObjectStore(null);

describe('S3 authorization', () => {
  it('asks S3 actions on S3 resources with the owner, the bucket policy and listing keys', () => {
    const store = newStore();
    const asked: AccessQuery[] = [];
    const call = fakeCall(ROOT, () => true, asked);
    run(ctx(store, call), 'CreateBucket', { Bucket: 'bkt' });
    store.setBucketPolicy('bkt', '{"p":1}');
    run(ctx(store, call), 'PutObject', { Bucket: 'bkt', Key: 'a/b', Body: Buffer.from('x') });
    run(ctx(store, call), 'GetObject', { Bucket: 'bkt', Key: 'a/b' });
    run(ctx(store, call), 'ListObjectsV2', { Bucket: 'bkt', Prefix: 'a/', Delimiter: '/', MaxKeys: 5 });
    run(ctx(store, call), 'ListBuckets', {});
    run(ctx(store, call), 'CopyObject', { Bucket: 'bkt', Key: 'c', CopySource: 'bkt/a/b' });
    assert.deepEqual(asked.map((q) => [q.action, q.resource]), [
      ['s3:CreateBucket', 'arn:aws:s3:::bkt'], ['s3:PutObject', 'arn:aws:s3:::bkt/a/b'], ['s3:GetObject', 'arn:aws:s3:::bkt/a/b'],
      ['s3:ListBucket', 'arn:aws:s3:::bkt'], ['s3:ListAllMyBuckets', '*'], ['s3:GetObject', 'arn:aws:s3:::bkt/a/b'], ['s3:PutObject', 'arn:aws:s3:::bkt/c'],
    ]);
    assert.equal(asked[1]!.resourceAccount, '111111111111');
    assert.equal(asked[1]!.resourcePolicy, '{"p":1}');
    assert.deepEqual(asked[3]!.context, { 's3:ResourceAccount': '111111111111', 's3:prefix': 'a/', 's3:delimiter': '/', 's3:max-keys': '5' });
  });

  it('answers AccessDenied when refused, after NoSuchBucket', () => {
    const store = newStore();
    run(ctx(store, fakeCall(ROOT, () => true)), 'CreateBucket', { Bucket: 'bkt' });
    const deny = fakeCall(OTHER, () => false);
    assert.equal(code(() => run(ctx(store, deny), 'GetObject', { Bucket: 'nobkt', Key: 'k' })), 'NoSuchBucket');
    for (const [op, input] of [
      ['GetObject', { Bucket: 'bkt', Key: 'missing' }], ['PutObject', { Bucket: 'bkt', Key: 'k' }], ['ListObjectsV2', { Bucket: 'bkt' }],
      ['HeadBucket', { Bucket: 'bkt' }], ['DeleteBucket', { Bucket: 'bkt' }], ['GetBucketLocation', { Bucket: 'bkt' }],
      ['CreateMultipartUpload', { Bucket: 'bkt', Key: 'k' }], ['ListMultipartUploads', { Bucket: 'bkt' }], ['ListBuckets', {}],
      ['CreateBucket', { Bucket: 'new-one' }], ['GetBucketPolicy', { Bucket: 'bkt' }],
    ] as const) {
      assert.equal(code(() => run(ctx(store, deny), op, input)), 'AccessDenied', op);
    }
  });

  it('reports refused keys of DeleteObjects and deletes the others', async () => {
    const store = newStore();
    const allow = fakeCall(ROOT, () => true);
    run(ctx(store, allow), 'CreateBucket', { Bucket: 'bkt' });
    for (const k of ['keep', 'drop']) run(ctx(store, allow), 'PutObject', { Bucket: 'bkt', Key: k, Body: Buffer.from(k) });
    const partial = fakeCall(USER, (q) => q.resource !== 'arn:aws:s3:::bkt/keep');
    const out = await run(ctx(store, partial, 'POST'), 'DeleteObjects', { Bucket: 'bkt', Delete: { Objects: [{ Key: 'keep' }, { Key: 'drop' }] } });
    assert.deepEqual(out['Deleted'], [{ Key: 'drop' }]);
    assert.deepEqual(out['Errors'], [{ Key: 'keep', Code: 'AccessDenied', Message: 'Access Denied' }]);
    assert.ok(store.getObject('bkt', 'keep'));
  });

  it('lets the owner root manage the bucket policy even when the policy denies; others need it and the account', () => {
    const store = newStore();
    run(ctx(store, fakeCall(ROOT, () => true)), 'CreateBucket', { Bucket: 'bkt' });
    store.setBucketPolicy('bkt', '{"deny":"all"}');
    // The fake gate denies whenever the bucket policy is consulted.
    const policyDenies = (caller: Caller) => fakeCall(caller, (q) => q.resourcePolicy === undefined);
    assert.deepEqual(run(ctx(store, policyDenies(ROOT)), 'GetBucketPolicy', { Bucket: 'bkt' }), { Policy: '{"deny":"all"}' });
    assert.equal(code(() => run(ctx(store, policyDenies(USER)), 'GetBucketPolicy', { Bucket: 'bkt' })), 'AccessDenied');
    assert.equal(code(() => run(ctx(store, policyDenies(ROOT), 'DELETE'), 'DeleteBucketPolicy', { Bucket: 'bkt' })), 'ok');
    // AWS: an allowed identity of another account gets 405 MethodNotAllowed.
    assert.equal(code(() => run(ctx(store, fakeCall(OTHER, () => true), 'PUT'), 'PutBucketPolicy', { Bucket: 'bkt', Policy: '{}' })), 'MethodNotAllowed');
  });

  it('serves the documented operation list', () => {
    assert.equal(S3_OPERATIONS.length, 69);
    assert.ok(S3_OPERATIONS.includes('ListObjectsV2'));
    assert.ok(S3_OPERATIONS.includes('UploadPartCopy') && S3_OPERATIONS.includes('GetObjectAttributes'));
  });
});
