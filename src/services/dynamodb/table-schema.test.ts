/** @module Unit tests of the CreateTable schema rules (pure): each refusal with DynamoDB's message, and a valid schema. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkProjection, checkTableSchema, type SchemaInput } from './table-schema.js';

const valid: SchemaInput = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'g', AttributeType: 'S' }],
  GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
  BillingMode: 'PAY_PER_REQUEST',
};

const refuses = (input: SchemaInput, message: string) => assert.throws(() => checkTableSchema(input), (e: Error) => e.message === message);

describe('table schema rules', () => {
  it('accepts a valid schema', () => { checkTableSchema(valid); });

  it('refuses an unused definition, naming what keys use', () => {
    refuses({ ...valid, AttributeDefinitions: [...valid.AttributeDefinitions, { AttributeName: 'x', AttributeType: 'B' }] },
      'One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, x], keys used: [pk, sk, g]');
  });

  it('refuses a local index keyed on another partition key and provisioned billing without throughput', () => {
    refuses({ ...valid, LocalSecondaryIndexes: [{ IndexName: 'byL', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: {} }] },
      'One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: byL. index hash key: g, table hash key: pk');
    refuses({ ...valid, GlobalSecondaryIndexes: undefined, AttributeDefinitions: valid.AttributeDefinitions.slice(0, 2), BillingMode: 'PROVISIONED' },
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  });

  it('counts projected attributes (INCLUDE only)', () => {
    assert.equal(checkProjection({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] }), 2);
    assert.equal(checkProjection({ ProjectionType: 'ALL' }), 0);
    assert.throws(() => checkProjection({ ProjectionType: 'ALL', NonKeyAttributes: ['a'] }), /ProjectionType is ALL, but NonKeyAttributes is specified/);
  });
});
