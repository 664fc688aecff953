/**
 * @module Terraform (hashicorp/aws 5.100.0) managing an aws_dynamodb_table through UpdateTable: created on demand
 * with TTL, a stream and point-in-time recovery, then switched to provisioned capacity with a new global secondary
 * index, SSE and another table class; each apply must plan clean, and destroy removes the table. Skips locally when
 * Terraform or the provider mirror is missing; never in CI.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startHarness, type Harness } from './harness.js';
import { locateTerraform, TerraformDir } from './terraform.js';

const V1 = `
resource "aws_dynamodb_table" "t" {
  name         = "tf-table"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  ttl {
    attribute_name = "expires"
    enabled        = true
  }
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  point_in_time_recovery { enabled = true }
  deletion_protection_enabled = false
}
`;

const V2 = `
resource "aws_dynamodb_table" "t" {
  name           = "tf-table"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "id"
  attribute {
    name = "id"
    type = "S"
  }
  attribute {
    name = "city"
    type = "S"
  }
  global_secondary_index {
    name            = "byCity"
    hash_key        = "city"
    projection_type = "ALL"
    read_capacity   = 2
    write_capacity  = 2
  }
  ttl {
    attribute_name = "expires"
    enabled        = true
  }
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  point_in_time_recovery { enabled = true }
  table_class = "STANDARD_INFREQUENT_ACCESS"
  server_side_encryption { enabled = true }
}
`;

const tf = locateTerraform();
const ci = process.env['CI'] === 'true';
if ('missing' in tf && !ci) console.log(`# skipping the Terraform DynamoDB UpdateTable scenario: ${tf.missing}`);

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

test('Terraform creates, updates (billing, GSI, SSE, class) and destroys a DynamoDB table, planning clean each time',
  { skip: 'missing' in tf && !ci ? tf.missing : false, timeout: 900_000 }, async () => {
    if ('missing' in tf) assert.fail(`Terraform cannot run: ${tf.missing}`);
    const d = await TerraformDir.create(tf, h.url, { 'main.tf': V1 });
    const db = h.dynamodb('111111111111');
    try {
      await d.init();
      await d.apply();
      await d.planClean();
      await writeFile(join(d.dir, 'main.tf'), V2);
      await d.apply();
      await d.planClean();
      const t = (await db.send(new DescribeTableCommand({ TableName: 'tf-table' }))).Table!;
      assert.equal(t.ProvisionedThroughput?.ReadCapacityUnits, 5);
      assert.equal(t.GlobalSecondaryIndexes?.[0]?.IndexStatus, 'ACTIVE');
      assert.equal(t.TableClassSummary?.TableClass, 'STANDARD_INFREQUENT_ACCESS');
      assert.equal(t.SSEDescription?.Status, 'ENABLED');
      await d.destroy();
      assert.deepEqual((await db.send(new ListTablesCommand({}))).TableNames, []);
    } finally {
      await d.remove();
    }
  });
