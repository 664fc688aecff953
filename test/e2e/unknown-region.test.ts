/**
 * @module A credential scoped to a region that does not exist is refused by every regional service, as AWS's
 * signature check refuses it ("Credential should be scoped to a valid region"), instead of creating resources in
 * a region no real client could reach.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { rejectsWith, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const ACCOUNT = '414141414141';
const MARS = 'mars-north-1';

describe('unknown regions', () => {
  it('DynamoDB answers InvalidSignatureException and creates nothing', async () => {
    const err = await rejectsWith(h.dynamodb(ACCOUNT, MARS).send(new CreateTableCommand({
      TableName: 't', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    })), 'InvalidSignatureException');
    assert.equal(err.message, `Credential should be scoped to a valid region, not '${MARS}'.`);
    await rejectsWith(h.dynamodb(ACCOUNT, MARS).send(new ListTablesCommand({})), 'InvalidSignatureException');
  });

  it('STS answers SignatureDoesNotMatch (403)', async () => {
    const err = await rejectsWith(h.sts(ACCOUNT, MARS).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
    assert.match(err.message, /valid region, not 'mars-north-1'/);
  });

  it('S3 answers AuthorizationHeaderMalformed for bucket-less requests and CreateBucket', async () => {
    const s3 = h.s3(ACCOUNT, MARS);
    const err = await rejectsWith(s3.send(new ListBucketsCommand({})), 'AuthorizationHeaderMalformed');
    assert.match(err.message, /the region 'mars-north-1' is wrong; expecting 'us-east-1'/);
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'mars-bucket', CreateBucketConfiguration: { LocationConstraint: MARS as never } })), 'AuthorizationHeaderMalformed');
    const mine = await h.s3(ACCOUNT).send(new ListBucketsCommand({}));
    assert.deepEqual(mine.Buckets ?? [], []);
  });

  it('known regions still work', async () => {
    const id = await h.sts(ACCOUNT, 'eu-west-1').send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, ACCOUNT);
    await h.dynamodb(ACCOUNT, 'ap-southeast-2').send(new ListTablesCommand({}));
  });
});
