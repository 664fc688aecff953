/** @module Terraform: the peering and vpn scenario (test/terraform/peering-vpn/main.tf). */
import { after, before } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

terraformScenario('peering-vpn', 'Terraform applies, plans clean, imports and destroys the peering and vpn scenario', () => h);
