/** @module Public API of the DynamoDB service (re-exports only). */
export { DYNAMODB_HANDLERS, DYNAMODB_OPERATIONS } from './handlers.js';
export { nestingExceeded } from './attribute-value.js';
export type { DynamoContext, DynamoHandler } from './context.js';
export type { DynamoStore } from './store.js';
export { sweepExpiredItems } from './ttl-sweep.js';
