/** @module Terraform: the identity scenario (test/terraform/identity/main.tf). */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.js';
import { terraformScenario } from './terraform.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

// AWS (GetCallerIdentity): a 12-digit key acts as that account's root; the access key is one IAM issued.
terraformScenario('identity', 'Terraform applies, plans clean, imports and destroys the identity scenario', () => h, async (out) => {
  assert.equal(out['account_id'], '111111111111');
  assert.equal(out['caller_arn'], 'arn:aws:iam::111111111111:root');
  assert.equal(out['region'], 'us-east-1');
  assert.ok(Number(out['zone_count']) > 0);
  assert.equal(out['role_arn'], 'arn:aws:iam::111111111111:role/workloads/app');
  assert.match(String(out['access_key_id']), /^AKIA[A-Z0-9]{16}$/);
});
