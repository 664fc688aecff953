/**
 * @module The DynamoDB endpoint (JSON 1.0): route by `X-Amz-Target`, parse and validate by the input shape, run
 * the handler against the item store, write the output shape; any error is rendered once as DynamoDB's
 * `{"__type", "message"}` document (an unexpected one is logged and answered as InternalServerError, 500).
 */
import { reportInternal } from './fault-report.js';
import { decodeJsonOffThread, OFF_THREAD_BYTES } from './json-off-thread.js';
import { mustWaitTurn, nextTurn } from '../shared/slices.js';
import { isAwsError, type AwsError } from '../errors/aws-error.js';
import { DynamoDbError, dynamoDbErrors } from '../errors/dynamodb.js';
import { regionInfo } from '../model/regions.js';
import type { ItemStore } from '../persistence/item-store.js';
import { DYNAMODB_DIALECT } from '../protocol/json/dynamodb-dialect.js';
import { JsonInputParser } from '../protocol/json/parse.js';
import { JsonOutputWriter, type JsonResponse } from '../protocol/json/serialize.js';
import { operationOf } from '../protocol/json/target.js';
import type { ServiceCall } from '../services/call.js';
import { DYNAMODB_HANDLERS, nestingExceeded, type DynamoStore } from '../services/dynamodb/index.js';
import { dynamodbModel, type JsonServiceModel } from '../specs/dynamodb-model.js';
import type { RawRequest, RawResponse } from './raw-http.js';

/**
 * The model the writer walks. Handlers keep attribute values in wire form (binaries already base64), so an item
 * holds nothing to convert: declared a string, the binary shape leaves items to pass through untouched, where the
 * walk of a blob member would copy every attribute of every item into plain objects (losing a `__proto__`
 * attribute on the way). Timestamps (CreationDateTime) are still converted.
 */
const outputModel = (): JsonServiceModel => ({ ...dynamodbModel, shapes: { ...dynamodbModel.shapes, BinaryAttributeValue: { type: 'string' } } });

const parser = new JsonInputParser(dynamodbModel, DYNAMODB_DIALECT);
// Made on the first DynamoDB answer, so the model is read then rather than at start-up.
let outputWriter: JsonOutputWriter | undefined;
const writer = (): JsonOutputWriter => outputWriter ??= new JsonOutputWriter(outputModel(), DYNAMODB_DIALECT);

/**
 * The deepest JSON nesting of a body that is walked. A valid request is at most 70 deep (BatchWriteItem puts an
 * item's attributes 6 levels down and each of the 32 attribute levels adds two: `{"M":{`); anything deeper holds
 * a value past DynamoDB's 32 levels, and is refused before the recursive walkers could exhaust the stack.
 */
const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the JSON text nests objects and arrays deeper than `max` (brackets inside strings do not count). */
function nestsDeeperThan(body: Buffer, max: number): boolean {
  // No body shorter than `max` bytes can open more than `max` brackets: small requests (GetItem) skip the scan.
  if (body.length <= max) return false;
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === QUOTE) {
      let end = i;
      for (;;) {
        end = body.indexOf(QUOTE, end + 1);
        if (end < 0) return false; // an unterminated string: JSON.parse reports the body as malformed
        let escapes = 0;
        while (body[end - 1 - escapes] === BACKSLASH) escapes++;
        if (escapes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Refuse a body nested too deep to walk: malformed JSON is a SerializationException, too deep a value a ValidationException. */
function refuseDeepBody(body: Buffer): void {
  if (!nestsDeeperThan(body, MAX_JSON_DEPTH)) return;
  // JSON.parse itself may fail on such a body (a RangeError where the parser recurses): the body is still the
  // client's fault, as any JSON the parser cannot read.
  try { JSON.parse(body.toString('utf8')); } catch { throw dynamoDbErrors.serialization('Start of structure or map found where not expected.'); }
  throw nestingExceeded();
}

/** An unexpected (non-AWS) error: logged with its stack for the operator, answered as InternalServerError. */
function internalError(e: unknown, operation: string | undefined): AwsError {
  reportInternal('dynamodb', e, operation);
  return dynamoDbErrors.internal();
}

export function handleDynamoDb(items: ItemStore, req: RawRequest, call: ServiceCall): RawResponse | Promise<RawResponse> {
  const store: DynamoStore = items;
  let operation: string | undefined;
  try {
    operation = operationOf(dynamodbModel, DYNAMODB_DIALECT, req.headers);
    if (!regionInfo(call.caller.region)) throw dynamoDbErrors.invalidRegion(call.caller.region);
    refuseDeepBody(req.body);
    const op = operation;
    const serve = (input: Record<string, unknown>): RawResponse | Promise<RawResponse> => {
      const handler = DYNAMODB_HANDLERS[op];
      if (!handler) throw dynamoDbErrors.unknownOperation();
      const output = handler(input, { store, call, now: Date.now() });
      if (output instanceof Promise) return output.then((o) => respond(writer().success(op, o, call.requestId), op)).catch((e: unknown) => failure(e, op, call));
      return respond(writer().success(op, output, call.requestId), op);
    };
    if (req.body.length >= OFF_THREAD_BYTES) {
      // A large body is decoded off the event loop; one that is not valid JSON is parsed here, which reports it.
      // Decoded, it waits its turn again: the worker's answers to several requests arrive in one turn, and each
      // goes on to validate its whole batch before its first slice.
      return decodeJsonOffThread(req.body)
        .then(async (decoded) => {
          if (mustWaitTurn()) await nextTurn();
          return serve(decoded === undefined ? parser.parse(op, req.body) : parser.parseDecoded(op, decoded.value));
        })
        .catch((e: unknown) => failure(e, op, call));
    }
    return serve(parser.parse(operation, req.body));
  } catch (e) {
    return failure(e, operation, call);
  }
}

/** An error as DynamoDB's answer (an unexpected one logged and answered as InternalServerError). */
function failure(e: unknown, operation: string | undefined, call: ServiceCall): RawResponse {
  const err = isAwsError(e) ? e : internalError(e, operation);
  const extra = err instanceof DynamoDbError ? err.extra : {};
  return { ...respond(writer().error(err, call.requestId, extra), operation), errorCode: err.code, errorMessage: err.message };
}

function respond(r: JsonResponse, operation: string | undefined): RawResponse {
  return { status: r.status, headers: r.headers, body: r.body, ...(operation ? { operation } : {}) };
}
