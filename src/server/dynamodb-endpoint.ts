/**
 * @module The DynamoDB endpoint (JSON 1.0): route by `X-Amz-Target`, parse and validate by the input shape, run
 * the handler against the item store, write the output shape; any error is rendered once as DynamoDB's
 * `{"__type", "message"}` document (an unexpected one as InternalServerError, 500).
 */
import { isAwsError } from '../errors/aws-error.js';
import { DynamoDbError, dynamoDbErrors } from '../errors/dynamodb.js';
import type { ItemStore } from '../persistence/item-store.js';
import { DYNAMODB_DIALECT } from '../protocol/json/dynamodb-dialect.js';
import { JsonInputParser } from '../protocol/json/parse.js';
import { JsonOutputWriter, type JsonResponse } from '../protocol/json/serialize.js';
import { operationOf } from '../protocol/json/target.js';
import type { ServiceCall } from '../services/call.js';
import { DYNAMODB_HANDLERS, type DynamoStore } from '../services/dynamodb/index.js';
import { dynamodbModel } from '../specs/dynamodb-model.js';
import type { RawRequest, RawResponse } from './raw-http.js';

const parser = new JsonInputParser(dynamodbModel, DYNAMODB_DIALECT);
const writer = new JsonOutputWriter(dynamodbModel, DYNAMODB_DIALECT);

export function handleDynamoDb(items: ItemStore, req: RawRequest, call: ServiceCall): RawResponse | Promise<RawResponse> {
  const store: DynamoStore = items;
  let operation: string | undefined;
  try {
    operation = operationOf(dynamodbModel, DYNAMODB_DIALECT, req.headers);
    const input = parser.parse(operation, req.body);
    const handler = DYNAMODB_HANDLERS[operation];
    if (!handler) throw dynamoDbErrors.unknownOperation();
    const output = handler(input, { store, call, now: Date.now() });
    return respond(writer.success(operation, output, call.requestId), operation);
  } catch (e) {
    const err = isAwsError(e) ? e : dynamoDbErrors.internal();
    const extra = err instanceof DynamoDbError ? err.extra : {};
    return { ...respond(writer.error(err, call.requestId, extra), operation), errorCode: err.code, errorMessage: err.message };
  }
}

function respond(r: JsonResponse, operation: string | undefined): RawResponse {
  return { status: r.status, headers: r.headers, body: r.body, ...(operation ? { operation } : {}) };
}
