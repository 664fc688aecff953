/** @module Terraform: the interface scenario (test/terraform/interface/main.tf). */
import { after, before } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

terraformScenario('interface', 'Terraform applies, plans clean, imports and destroys the interface scenario', () => h);
