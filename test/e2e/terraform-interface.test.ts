/** @module Terraform: the interface scenario (test/terraform/interface/main.tf). */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// AWS (IpAddressType dualstack): the endpoint's network interface gets an IPv6 address from its subnet's /64.
terraformScenario('interface', 'Terraform applies, plans clean, imports and destroys the interface scenario', () => h, async (out) => {
  const eni = (await h.ec2('111111111111').send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [String(out['s3_dualstack_eni'])] }))).NetworkInterfaces![0]!;
  assert.equal(eni.Ipv6Addresses?.length, 1);
  assert.equal(Number(out['ssm_eni_count']), 3);
});
