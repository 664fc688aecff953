/** @module Terraform: the gateway-endpoint estate (VPC, NAT, route tables, S3/DynamoDB gateway endpoints, SGs, NACLs, DHCP options). */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// AWS ("Gateway endpoints"): each route table given to a gateway endpoint gets a pl- -> vpce- route.
terraformScenario('gateway', 'Terraform applies, plans clean, imports and destroys the gateway-endpoint estate', () => h, async (out) => {
  const tables = await h.ec2('111111111111').send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.gateway-id', Values: [String(out['s3_endpoint_id'])] }] }));
  assert.equal(tables.RouteTables?.length, 2, 'both private route tables route S3 through the endpoint');
  assert.ok((out['s3_prefix_list_cidrs'] as string[]).length > 0);
  assert.ok(Number(out['dynamodb_prefix_list_entries']) > 0);
  assert.match(String(out['default_vpc_id']), /^vpc-/);
});
