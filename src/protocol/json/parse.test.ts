/** @module The JSON-protocol input walker on the DynamoDB model: recursive shapes, JSON types, constraint messages, target routing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dynamodbModel } from '../../specs/dynamodb-model.js';
import { DYNAMODB_DIALECT } from './dynamodb-dialect.js';
import { JsonInputParser } from './parse.js';
import { operationOf } from './target.js';

const parser = new JsonInputParser(dynamodbModel, DYNAMODB_DIALECT);
const parse = (op: string, body: unknown) => parser.parse(op, JSON.stringify(body));

describe('JSON protocol input', () => {
  it('routes by X-Amz-Target', () => {
    assert.equal(operationOf(dynamodbModel, DYNAMODB_DIALECT, { 'x-amz-target': 'DynamoDB_20120810.GetItem' }), 'GetItem');
    assert.throws(() => operationOf(dynamodbModel, DYNAMODB_DIALECT, { 'x-amz-target': 'DynamoDB_20120810.ExecuteStatement' }), { code: 'UnknownOperationException' });
  });

  it('walks recursive attribute values and returns the body as is', () => {
    const item = { pk: { S: 'a' }, m: { M: { l: { L: [{ M: { deep: { NS: ['1', '2'] } } }, { B: 'AQID' }] } } } };
    assert.deepEqual(parse('PutItem', { TableName: 'tbl', Item: item })['Item'], item);
  });

  it('raises SerializationException for a wrong JSON type at any depth', () => {
    assert.throws(() => parse('PutItem', { TableName: 'tbl', Item: { a: { M: { b: { S: 5 } } } } }), { code: 'SerializationException', message: 'NUMBER_VALUE cannot be converted to String' });
    assert.throws(() => parse('PutItem', { TableName: 'tbl', Item: { a: { L: {} } } }), { code: 'SerializationException' });
    assert.throws(() => parse('Query', { TableName: 'tbl', Limit: 1.5 }), { code: 'SerializationException' });
  });

  it('collects constraint failures with DynamoDB member paths', () => {
    assert.throws(() => parse('CreateTable', { TableName: 'tbl', KeySchema: [{ AttributeName: 'k', KeyType: 'SIDEWAYS' }], AttributeDefinitions: [] }), {
      code: 'ValidationException',
      message: "1 validation error detected: Value 'SIDEWAYS' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
    });
    assert.throws(() => parse('PutItem', {}), { message: /^2 validation errors detected: Value null at 'tableName'.*; Value null at 'item'/ });
  });
});
