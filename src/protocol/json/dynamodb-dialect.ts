/** @module DynamoDB's JSON 1.0 dialect: `DynamoDB_20120810.<Op>`, `com.amazonaws.dynamodb.v20120810#<Code>` errors, CRC32 checksums. */
import { dynamoDbErrors } from '../../errors/dynamodb.js';
import type { JsonDialect } from './dialect.js';

export const DYNAMODB_DIALECT: JsonDialect = {
  targetPrefix: 'DynamoDB_20120810',
  contentType: 'application/x-amz-json-1.0',
  errorType: (code) => `com.amazonaws.dynamodb.v20120810#${code}`,
  constraints: (messages) => dynamoDbErrors.constraints(messages),
  serialization: (message) => dynamoDbErrors.serialization(message),
  unknownOperation: () => dynamoDbErrors.unknownOperation(),
  crc32: true,
  // An attribute value of null is answered by the item checks ("Supplied AttributeValue is empty ...").
  nullableItems: new Set(['AttributeValue']),
};
