/** @module Terraform: the privatelink scenario (test/terraform/privatelink/main.tf). */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// AWS ("Accept or reject connection requests"): once the provider accepts, the consumer's endpoint is available.
terraformScenario('privatelink', 'Terraform applies, plans clean, imports and destroys the privatelink scenario', () => h, async (out) => {
  assert.equal(out['connection_state'], 'available');
  const ep = (await h.ec2('222222222222').send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [String(out['consumer_endpoint_id'])] }))).VpcEndpoints![0]!;
  assert.equal(ep.State, 'available');
  assert.equal(ep.ServiceName, out['service_name']);
});
