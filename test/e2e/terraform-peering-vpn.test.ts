/** @module Terraform: the peering and vpn scenario (test/terraform/peering-vpn/main.tf). */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// AWS: an accepted peering connection is active; EnableVgwRoutePropagation lists the gateway on the route table.
terraformScenario('peering-vpn', 'Terraform applies, plans clean, imports and destroys the peering and vpn scenario', () => h, async (out) => {
  assert.equal(out['peering_status'], 'active');
  const table = (await h.ec2('111111111111').send(new DescribeRouteTablesCommand({ RouteTableIds: [String(out['hub_route_table_id'])] }))).RouteTables![0]!;
  assert.deepEqual(table.PropagatingVgws?.map((g) => g.GatewayId), [out['vgw_id']]);
  assert.ok(table.Routes?.some((r) => r.VpcPeeringConnectionId === out['peering_id'] && r.State === 'active'));
});
