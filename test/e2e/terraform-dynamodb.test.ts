/** @module Terraform: DynamoDB tables (indexes, TTL, PITR, tags, resource policy), items and a DynamoDB gateway endpoint. */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DescribeTimeToLiveCommand, GetItemCommand, GetResourcePolicyCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// AWS (DynamoDB Developer Guide): what the provider created is what DescribeTable and the settings calls report.
terraformScenario('dynamodb', 'Terraform applies, plans clean, imports and destroys DynamoDB tables, items and a gateway endpoint', () => h, async (out) => {
  const ddb = h.dynamodb('111111111111');
  const orders = (await ddb.send(new DescribeTableCommand({ TableName: 'orders' }))).Table!;
  assert.equal(orders.TableArn, out['orders_arn']);
  assert.equal(orders.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(orders.KeySchema, [{ AttributeName: 'customer', KeyType: 'HASH' }, { AttributeName: 'order_id', KeyType: 'RANGE' }]);
  const gsi = orders.GlobalSecondaryIndexes?.[0];
  assert.equal(gsi?.IndexName, 'by-status');
  assert.equal(gsi?.Projection?.ProjectionType, 'INCLUDE');
  assert.deepEqual([...(gsi?.Projection?.NonKeyAttributes ?? [])].sort(), ['currency', 'total']);
  assert.equal(orders.LocalSecondaryIndexes?.[0]?.IndexName, 'by-placed-at');
  const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'orders' }));
  assert.deepEqual(ttl.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
  const backups = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: 'orders' }));
  assert.equal(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED');
  const tags = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: orders.TableArn }));
  assert.deepEqual(tags.Tags?.map((t) => `${t.Key}=${t.Value}`).sort(), ['Name=orders', 'Team=commerce']);
  const policy = JSON.parse((await ddb.send(new GetResourcePolicyCommand({ ResourceArn: orders.TableArn }))).Policy!) as { Statement: { Resource: unknown }[] };
  assert.equal(policy.Statement[0]?.Resource, orders.TableArn);

  const counters = (await ddb.send(new DescribeTableCommand({ TableName: 'counters' }))).Table!;
  assert.equal(counters.ProvisionedThroughput?.ReadCapacityUnits, 5);
  assert.equal(counters.ProvisionedThroughput?.WriteCapacityUnits, 2);

  const first = await ddb.send(new GetItemCommand({ TableName: 'orders', Key: { customer: { S: 'alice' }, order_id: { S: 'o-1001' } } }));
  assert.equal(first.Item?.['total']?.N, '42.5');
  assert.equal(first.Item?.['lines']?.L?.[0]?.M?.['sku']?.S, 'book');
  const visits = await ddb.send(new GetItemCommand({ TableName: 'counters', Key: { name: { S: 'visits' } } }));
  assert.deepEqual([...(visits.Item?.['tags']?.SS ?? [])].sort(), ['mobile', 'web']);

  // AWS ("Endpoint policies for gateway endpoints"): the endpoint's policy names the table it admits.
  const endpoint = (await h.ec2('111111111111').send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [String(out['endpoint_id'])] }))).VpcEndpoints?.[0];
  assert.equal(endpoint?.ServiceName, 'com.amazonaws.us-east-1.dynamodb');
  assert.ok(endpoint?.PolicyDocument?.includes(orders.TableArn!), 'the endpoint policy names the table ARN');
  assert.equal(endpoint?.RouteTableIds?.length, 1);
});
