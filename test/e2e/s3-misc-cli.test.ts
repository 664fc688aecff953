/**
 * @module UploadPartCopy, GetObjectAttributes and ListBuckets paging with the AWS CLI: `s3api upload-part-copy`,
 * `s3 cp` between keys (a multipart copy of a large object), `s3api get-object-attributes`, and `s3api list-buckets`
 * paging. Skips locally (with the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, awsEnv, runAws, serviceErrorExit } from './aws-cli.js';

const skip = awsCliSkip('s3 misc aws-cli scenario');
const MiB = 1024 * 1024;

describe('S3 UploadPartCopy, GetObjectAttributes and ListBuckets paging with the AWS CLI', { skip }, () => {
  let h: Harness;
  let dir: string;
  const env = awsEnv('123456789012');
  const ok = async (args: string[]): Promise<string> => {
    const r = await runAws(h.url, args, env);
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr} ${r.stdout}`);
    return r.stdout;
  };
  const json = async <T>(args: string[]): Promise<T> => JSON.parse(await ok([...args, '--output', 'json'])) as T;
  before(async () => { h = await startHarness(); dir = mkdtempSync(join(tmpdir(), 'vpce-s3-misc-cli-')); });
  after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

  it('builds an object from copied parts, reads its attributes, and copies a large object with s3 cp', async () => {
    await ok(['s3', 'mb', 's3://misc-cli']);
    const data = randomBytes(12 * MiB);
    const src = join(dir, 'src.bin');
    writeFileSync(src, data);
    await ok(['s3', 'cp', src, 's3://misc-cli/src.bin']);
    const { UploadId } = await json<{ UploadId: string }>(['s3api', 'create-multipart-upload', '--bucket', 'misc-cli', '--key', 'assembled', '--checksum-algorithm', 'CRC32']);
    const p1 = await json<{ CopyPartResult: { ETag: string; ChecksumCRC32: string } }>(['s3api', 'upload-part-copy', '--bucket', 'misc-cli', '--key', 'assembled', '--upload-id', UploadId,
      '--part-number', '1', '--copy-source', 'misc-cli/src.bin', '--copy-source-range', `bytes=0-${5 * MiB - 1}`]);
    const p2 = await json<{ CopyPartResult: { ETag: string; ChecksumCRC32: string } }>(['s3api', 'upload-part-copy', '--bucket', 'misc-cli', '--key', 'assembled', '--upload-id', UploadId,
      '--part-number', '2', '--copy-source', 'misc-cli/src.bin', '--copy-source-range', `bytes=${10 * MiB}-${12 * MiB - 1}`]);
    assert.equal(p1.CopyPartResult.ETag, `"${createHash('md5').update(data.subarray(0, 5 * MiB)).digest('hex')}"`);
    const parts = join(dir, 'parts.json');
    // A CRC32 (composite) upload: the complete request names each part's checksum, as UploadPartCopy returned it.
    writeFileSync(parts, JSON.stringify({ Parts: [p1, p2].map((p, i) => ({ PartNumber: i + 1, ETag: p.CopyPartResult.ETag, ChecksumCRC32: p.CopyPartResult.ChecksumCRC32 })) }));
    await ok(['s3api', 'complete-multipart-upload', '--bucket', 'misc-cli', '--key', 'assembled', '--upload-id', UploadId, '--multipart-upload', `file://${parts}`]);
    const down = join(dir, 'assembled.bin');
    await ok(['s3api', 'get-object', '--bucket', 'misc-cli', '--key', 'assembled', down]);
    assert.ok(readFileSync(down).equals(Buffer.concat([data.subarray(0, 5 * MiB), data.subarray(10 * MiB)])));
    const attrs = await json<{ ETag: string; ObjectSize: number; ObjectParts: { TotalPartsCount: number; Parts: { PartNumber: number; Size: number }[] } }>(
      ['s3api', 'get-object-attributes', '--bucket', 'misc-cli', '--key', 'assembled', '--object-attributes', 'ETag', 'ObjectSize', 'ObjectParts']);
    assert.match(attrs.ETag, /^[0-9a-f]{32}-2$/);
    assert.equal(attrs.ObjectSize, 7 * MiB);
    assert.equal(attrs.ObjectParts.TotalPartsCount, 2);
    assert.deepEqual(attrs.ObjectParts.Parts.map((p) => p.Size), [5 * MiB, 2 * MiB]);
    const bad = await runAws(h.url, ['s3api', 'get-object-attributes', '--bucket', 'misc-cli', '--key', 'assembled', '--object-attributes', 'Etag'], env);
    assert.equal(bad.code, serviceErrorExit());
    // A bucket-to-bucket copy of a 12 MiB object is a multipart copy (UploadPartCopy) in the CLI.
    await ok(['s3', 'cp', 's3://misc-cli/src.bin', 's3://misc-cli/copy.bin', '--copy-props', 'none']);
    const copied = join(dir, 'copy.bin');
    await ok(['s3', 'cp', 's3://misc-cli/copy.bin', copied]);
    assert.ok(readFileSync(copied).equals(data));
  });

  // AWS CLI versions whose model has ListBuckets paging (botocore >= 1.35) send --page-size as max-buckets and follow
  // the continuation tokens; older ones (Debian 12's 2.9.19, which CI installs) list every bucket in one call.
  it('lists buckets, paging with max-buckets when the CLI knows the parameter', async () => {
    for (const b of ['misc-page-1', 'misc-page-2', 'misc-page-3']) await ok(['s3api', 'create-bucket', '--bucket', b]);
    const help = await runAws(h.url, ['s3api', 'list-buckets', 'help'], { ...env, PAGER: 'cat', MANPAGER: 'cat' });
    const names = (r: { Buckets: { Name: string }[] }) => r.Buckets.map((b) => b.Name).filter((n) => n.startsWith('misc-page-'));
    if (!/max-items|prefix/.test(help.stdout)) {
      assert.deepEqual(names(await json<{ Buckets: { Name: string }[] }>(['s3api', 'list-buckets'])), ['misc-page-1', 'misc-page-2', 'misc-page-3']);
      return;
    }
    const all = await json<{ Buckets: { Name: string }[] }>(['s3api', 'list-buckets', '--page-size', '1', '--prefix', 'misc-page-']);
    assert.deepEqual(names(all), ['misc-page-1', 'misc-page-2', 'misc-page-3']);
    const first = await json<{ Buckets: { Name: string }[]; NextToken?: string }>(['s3api', 'list-buckets', '--page-size', '1', '--max-items', '1', '--prefix', 'misc-page-']);
    assert.deepEqual(names(first), ['misc-page-1']);
    assert.ok(first.NextToken);
    const rest = await json<{ Buckets: { Name: string }[] }>(['s3api', 'list-buckets', '--page-size', '1', '--prefix', 'misc-page-', '--starting-token', first.NextToken]);
    assert.deepEqual(names(rest), ['misc-page-2', 'misc-page-3']);
  });
});
