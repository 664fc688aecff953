/** @module DescribeLimits (AWS default quotas) and DescribeEndpoints (the region's address, cached a day) through the SDK. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeEndpointsCommand, DescribeLimitsCommand } from '@aws-sdk/client-dynamodb';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';

describe('DynamoDB DescribeLimits and DescribeEndpoints', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(() => h.close());

  it('answers the default account and table capacity quotas', async () => {
    const out = await h.dynamodb('111111111111').send(new DescribeLimitsCommand({}));
    assert.deepEqual([out.AccountMaxReadCapacityUnits, out.AccountMaxWriteCapacityUnits, out.TableMaxReadCapacityUnits, out.TableMaxWriteCapacityUnits], [80000, 80000, 40000, 40000]);
  });

  it('answers the regional endpoint with a one-day cache period', async () => {
    const out = await h.dynamodb('111111111111', 'eu-west-1').send(new DescribeEndpointsCommand({}));
    assert.deepEqual(out.Endpoints, [{ Address: 'dynamodb.eu-west-1.amazonaws.com', CachePeriodInMinutes: 1440 }]);
  });

  it('authorizes DescribeLimits on *', async () => {
    const who = await iamUserWith(h, '111111111111', 'no-limits', [{ Effect: 'Allow', Action: 'dynamodb:DescribeEndpoints', Resource: '*' }]);
    const e = await rejectsWith(h.dynamodb(who).send(new DescribeLimitsCommand({})), 'AccessDeniedException');
    assert.match(e.message, /not authorized to perform: dynamodb:DescribeLimits/);
    await h.dynamodb(who).send(new DescribeEndpointsCommand({}));
  });
});
