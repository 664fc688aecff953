/**
 * @module S3 versioning with the AWS CLI: put-bucket-versioning, get-bucket-versioning, list-object-versions,
 * get-object --version-id, delete-object (marker) and delete-object --version-id, and the CLI's error line for a
 * malformed version id. Skips locally (with the reason printed) when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, awsEnv, runAws, serviceErrorExit, type CliResult } from './aws-cli.js';

const skip = awsCliSkip('s3 versioning aws-cli scenario');

async function aws(url: string, args: string[]): Promise<CliResult> {
  return runAws(url, args, awsEnv('123456789012'));
}

async function json<T>(url: string, args: string[]): Promise<T> {
  const r = await aws(url, [...args, '--output', 'json']);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
}

interface Listing {
  Versions?: { Key: string; VersionId: string; IsLatest: boolean }[];
  DeleteMarkers?: { Key: string; VersionId: string; IsLatest: boolean }[];
}

describe('S3 versioning with the AWS CLI', { skip }, () => {
  let h: Harness;
  let dir: string;
  before(async () => { h = await startHarness(); dir = mkdtempSync(join(tmpdir(), 'vpce-s3-ver-cli-')); });
  after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

  it('enables versioning, keeps versions, reads one by id, adds and removes a delete marker', async () => {
    const b = 'cli-versions';
    await json(h.url, ['s3api', 'create-bucket', '--bucket', b]);
    assert.deepEqual(await json(h.url, ['s3api', 'get-bucket-versioning', '--bucket', b]), {});
    await json(h.url, ['s3api', 'put-bucket-versioning', '--bucket', b, '--versioning-configuration', 'Status=Enabled']);
    assert.equal((await json<{ Status: string }>(h.url, ['s3api', 'get-bucket-versioning', '--bucket', b])).Status, 'Enabled');
    const file = join(dir, 'body.txt');
    writeFileSync(file, 'version one');
    const v1 = await json<{ VersionId: string }>(h.url, ['s3api', 'put-object', '--bucket', b, '--key', 'doc.txt', '--body', file]);
    writeFileSync(file, 'version two');
    const v2 = await json<{ VersionId: string }>(h.url, ['s3api', 'put-object', '--bucket', b, '--key', 'doc.txt', '--body', file]);
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);

    const listed = await json<Listing>(h.url, ['s3api', 'list-object-versions', '--bucket', b]);
    assert.deepEqual(listed.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, true], [v1.VersionId, false]]);

    const out = join(dir, 'out.txt');
    const got = await json<{ VersionId: string }>(h.url, ['s3api', 'get-object', '--bucket', b, '--key', 'doc.txt', '--version-id', v1.VersionId, out]);
    assert.equal(got.VersionId, v1.VersionId);
    assert.equal(readFileSync(out, 'utf8'), 'version one');

    const marker = await json<{ DeleteMarker: boolean; VersionId: string }>(h.url, ['s3api', 'delete-object', '--bucket', b, '--key', 'doc.txt']);
    assert.equal(marker.DeleteMarker, true);
    const gone = await aws(h.url, ['s3api', 'get-object', '--bucket', b, '--key', 'doc.txt', out]);
    assert.equal(gone.code, serviceErrorExit());
    assert.match(gone.stderr, /NoSuchKey/);
    const withMarker = await json<Listing>(h.url, ['s3api', 'list-object-versions', '--bucket', b, '--prefix', 'doc']);
    assert.deepEqual(withMarker.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [[marker.VersionId, true]]);

    // Removing the marker by id undeletes; removing v1 by id deletes it for good.
    await json(h.url, ['s3api', 'delete-object', '--bucket', b, '--key', 'doc.txt', '--version-id', marker.VersionId]);
    await json(h.url, ['s3api', 'get-object', '--bucket', b, '--key', 'doc.txt', out]);
    assert.equal(readFileSync(out, 'utf8'), 'version two');
    const removed = await json<{ VersionId: string }>(h.url, ['s3api', 'delete-object', '--bucket', b, '--key', 'doc.txt', '--version-id', v1.VersionId]);
    assert.equal(removed.VersionId, v1.VersionId);
    const after = await json<Listing>(h.url, ['s3api', 'list-object-versions', '--bucket', b]);
    assert.deepEqual(after.Versions?.map((v) => v.VersionId), [v2.VersionId]);
    assert.equal(after.DeleteMarkers, undefined);
    const missing = await aws(h.url, ['s3api', 'get-object', '--bucket', b, '--key', 'doc.txt', '--version-id', v1.VersionId, out]);
    assert.match(missing.stderr, /An error occurred \(NoSuchVersion\) when calling the GetObject operation: The specified version does not exist/);
  });

  it('reports InvalidArgument for a malformed version id and suspends versioning', async () => {
    const b = 'cli-versions-bad';
    await json(h.url, ['s3api', 'create-bucket', '--bucket', b]);
    await json(h.url, ['s3api', 'put-bucket-versioning', '--bucket', b, '--versioning-configuration', 'Status=Suspended']);
    assert.equal((await json<{ Status: string }>(h.url, ['s3api', 'get-bucket-versioning', '--bucket', b])).Status, 'Suspended');
    const file = join(dir, 'x.txt');
    writeFileSync(file, 'x');
    const put = await json<{ VersionId?: string }>(h.url, ['s3api', 'put-object', '--bucket', b, '--key', 'k', '--body', file]);
    assert.equal(put.VersionId, undefined, 'a suspended bucket answers no version id on writes');
    assert.equal((await json<{ VersionId: string }>(h.url, ['s3api', 'head-object', '--bucket', b, '--key', 'k'])).VersionId, 'null');
    const bad = await aws(h.url, ['s3api', 'get-object', '--bucket', b, '--key', 'k', '--version-id', 'not-a-version', join(dir, 'o')]);
    assert.equal(bad.code, serviceErrorExit());
    assert.match(bad.stderr, /An error occurred \(InvalidArgument\) when calling the GetObject operation: Invalid version id specified/);
    const mfa = await aws(h.url, ['s3api', 'put-bucket-versioning', '--bucket', b, '--versioning-configuration', 'Status=Enabled,MFADelete=Enabled', '--mfa', 'arn:aws:iam::123456789012:mfa/root 123456']);
    assert.match(mfa.stderr, /AccessDenied/);
  });
});
