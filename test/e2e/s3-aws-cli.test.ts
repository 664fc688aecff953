/**
 * @module S3 with the AWS CLI (Debian's awscli v2 in CI): mb, a 20 MiB multipart cp up and down, ls, a ranged
 * get-object, rm --recursive (DeleteObjects), and a malformed bucket policy. Skips locally (with the reason
 * printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, awsEnv, runAws, type CliResult } from './aws-cli.js';

const skip = awsCliSkip('s3 aws-cli scenario');

async function aws(url: string, args: string[]): Promise<CliResult> {
  return runAws(url, args, awsEnv('123456789012'));
}

async function ok(url: string, args: string[]): Promise<string> {
  const r = await aws(url, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('S3 with the AWS CLI', { skip }, () => {
  let h: Harness;
  let dir: string;
  before(async () => { h = await startHarness(); dir = mkdtempSync(join(tmpdir(), 'vpce-s3-cli-')); });
  after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

  it('makes a bucket, copies 20 MiB up and down, lists, reads a range, removes recursively', async () => {
    await ok(h.url, ['s3', 'mb', 's3://cli-bucket']);
    const src = join(dir, 'big.bin');
    const data = randomBytes(20 * 1024 * 1024);
    writeFileSync(src, data);
    await ok(h.url, ['s3', 'cp', src, 's3://cli-bucket/dir/big.bin']);
    await ok(h.url, ['s3', 'cp', src, 's3://cli-bucket/dir/sub/copy two.bin']);
    const down = join(dir, 'down.bin');
    await ok(h.url, ['s3', 'cp', 's3://cli-bucket/dir/big.bin', down]);
    assert.ok(readFileSync(down).equals(data), 'downloaded content differs');
    const ls = await ok(h.url, ['s3', 'ls', 's3://cli-bucket/dir/']);
    assert.match(ls, /PRE sub\//);
    assert.match(ls, /20971520 big\.bin/);
    const buckets = await ok(h.url, ['s3', 'ls']);
    assert.match(buckets, /cli-bucket/);
    const head = JSON.parse(await ok(h.url, ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/big.bin', '--output', 'json'])) as { ETag: string; ContentLength: number };
    assert.match(head.ETag, /-\d+"$/);
    assert.equal(head.ContentLength, data.length);
    const part = join(dir, 'part.bin');
    const ranged = JSON.parse(await ok(h.url, ['s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'dir/big.bin', '--range', 'bytes=100-199', part, '--output', 'json'])) as { ContentRange: string };
    assert.equal(ranged.ContentRange, `bytes 100-199/${data.length}`);
    assert.ok(readFileSync(part).equals(data.subarray(100, 200)));
    await ok(h.url, ['s3', 'rm', '--recursive', 's3://cli-bucket/dir/']);
    const empty = await aws(h.url, ['s3', 'ls', 's3://cli-bucket/', '--recursive']);
    assert.equal(empty.stdout.trim(), '');
    await ok(h.url, ['s3', 'rb', 's3://cli-bucket']);
  });

  it('reports MalformedPolicy for an invalid bucket policy', async () => {
    await ok(h.url, ['s3', 'mb', 's3://cli-policy']);
    const bad = await aws(h.url, ['s3api', 'put-bucket-policy', '--bucket', 'cli-policy', '--policy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /An error occurred \(MalformedPolicy\) when calling the PutBucketPolicy operation/);
  });
});
