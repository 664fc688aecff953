/**
 * @module S3 tagging, ACLs and Object Ownership with the AWS CLI: put/get/delete-bucket-tagging, put-object with
 * --tagging get/put-object-tagging and get-object's TagCount, create-bucket --object-ownership, put-bucket-acl --acl and get-bucket-acl,
 * and the CLI's view of NoSuchTagSet and AccessControlListNotSupported. Skips locally (with the reason printed)
 * when no `aws` is installed; never in CI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalId } from '../../src/services/s3/access.js';
import { startHarness, type Harness } from './harness.js';
import { awsCliSkip, awsEnv, runAws, serviceErrorExit, type CliResult } from './aws-cli.js';

const skip = awsCliSkip('s3 acl/tagging aws-cli scenario');
const ACCOUNT = '123456789012';

describe('S3 tagging and ACLs with the AWS CLI', { skip }, () => {
  let h: Harness;
  let dir: string;
  const aws = (args: string[]): Promise<CliResult> => runAws(h.url, args, awsEnv(ACCOUNT));
  const ok = async (args: string[]): Promise<string> => {
    const r = await aws(args);
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const json = async <T>(args: string[]): Promise<T> => JSON.parse(await ok([...args, '--output', 'json'])) as T;
  before(async () => { h = await startHarness(); dir = mkdtempSync(join(tmpdir(), 'vpce-s3-acl-cli-')); });
  after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

  it('put-bucket-tagging, get-bucket-tagging, delete-bucket-tagging (then NoSuchTagSet); a duplicate key is InvalidTag', async () => {
    await ok(['s3api', 'create-bucket', '--bucket', 'cli-tags']);
    const none = await aws(['s3api', 'get-bucket-tagging', '--bucket', 'cli-tags']);
    assert.equal(none.code, serviceErrorExit());
    assert.match(none.stderr, /NoSuchTagSet/);
    await ok(['s3api', 'put-bucket-tagging', '--bucket', 'cli-tags', '--tagging', 'TagSet=[{Key=team,Value=blue},{Key=env,Value=dev}]']);
    const got = await json<{ TagSet: { Key: string; Value: string }[] }>(['s3api', 'get-bucket-tagging', '--bucket', 'cli-tags']);
    assert.deepEqual(got.TagSet, [{ Key: 'team', Value: 'blue' }, { Key: 'env', Value: 'dev' }]);
    const dup = await aws(['s3api', 'put-bucket-tagging', '--bucket', 'cli-tags', '--tagging', 'TagSet=[{Key=a,Value=1},{Key=a,Value=2}]']);
    assert.equal(dup.code, serviceErrorExit());
    assert.match(dup.stderr, /InvalidTag.*Cannot provide multiple Tags with the same key/);
    await ok(['s3api', 'delete-bucket-tagging', '--bucket', 'cli-tags']);
    assert.match((await aws(['s3api', 'get-bucket-tagging', '--bucket', 'cli-tags'])).stderr, /NoSuchTagSet/);
  });

  it('put-object --tagging, get-object-tagging, put-object-tagging, get-object TagCount', async () => {
    const file = join(dir, 'o.txt');
    writeFileSync(file, 'hello');
    await ok(['s3api', 'put-object', '--bucket', 'cli-tags', '--key', 'o.txt', '--body', file, '--tagging', 'stage=raw&owner=data%20team']);
    const got = await json<{ TagSet: { Key: string; Value: string }[] }>(['s3api', 'get-object-tagging', '--bucket', 'cli-tags', '--key', 'o.txt']);
    assert.deepEqual(got.TagSet, [{ Key: 'stage', Value: 'raw' }, { Key: 'owner', Value: 'data team' }]);
    await ok(['s3api', 'put-object-tagging', '--bucket', 'cli-tags', '--key', 'o.txt', '--tagging', 'TagSet=[{Key=stage,Value=clean}]']);
    const again = await json<{ TagSet: { Key: string; Value: string }[] }>(['s3api', 'get-object-tagging', '--bucket', 'cli-tags', '--key', 'o.txt']);
    assert.deepEqual(again.TagSet, [{ Key: 'stage', Value: 'clean' }]);
    const read = await json<{ TagCount?: number }>(['s3api', 'get-object', '--bucket', 'cli-tags', '--key', 'o.txt', join(dir, 'down.txt')]);
    assert.equal(read.TagCount, 1);
  });

  it('put-bucket-acl --acl on an ObjectWriter bucket shows the AllUsers grant; on a default bucket it is AccessControlListNotSupported', async () => {
    await ok(['s3api', 'create-bucket', '--bucket', 'cli-acl', '--object-ownership', 'ObjectWriter']);
    await ok(['s3api', 'put-bucket-acl', '--bucket', 'cli-acl', '--acl', 'public-read']);
    const acl = await json<{ Owner: { ID: string }; Grants: { Grantee: { Type: string; URI?: string; ID?: string }; Permission: string }[] }>(['s3api', 'get-bucket-acl', '--bucket', 'cli-acl']);
    assert.equal(acl.Owner.ID, canonicalId(ACCOUNT));
    assert.deepEqual(acl.Grants.map((g) => `${g.Grantee.Type}:${g.Grantee.URI ?? g.Grantee.ID}:${g.Permission}`).sort(), [
      `CanonicalUser:${canonicalId(ACCOUNT)}:FULL_CONTROL`, 'Group:http://acs.amazonaws.com/groups/global/AllUsers:READ',
    ]);
    const ownership = await json<{ OwnershipControls: { Rules: { ObjectOwnership: string }[] } }>(['s3api', 'get-bucket-ownership-controls', '--bucket', 'cli-acl']);
    assert.equal(ownership.OwnershipControls.Rules[0]?.ObjectOwnership, 'ObjectWriter');
    const refused = await aws(['s3api', 'put-bucket-acl', '--bucket', 'cli-tags', '--acl', 'public-read']);
    assert.equal(refused.code, serviceErrorExit());
    assert.match(refused.stderr, /AccessControlListNotSupported.*The bucket does not allow ACLs/);
  });
});
