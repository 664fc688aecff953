/** @module The DynamoDB endpoint (JSON 1.0). STUB: replaced by the DynamoDB work. */
import type { ItemStore } from '../persistence/item-store.js';
import type { ServiceCall } from '../services/call.js';
import type { RawRequest, RawResponse } from './raw-http.js';

export function handleDynamoDb(_items: ItemStore, _req: RawRequest, call: ServiceCall): RawResponse | Promise<RawResponse> {
  const body = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException', message: 'DynamoDB is not served yet' });
  return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': call.requestId }, body, errorCode: 'UnknownOperationException' };
}
