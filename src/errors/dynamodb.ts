/**
 * @module DynamoDB error catalog: every code the DynamoDB endpoint emits, with its HTTP status and the message
 * DynamoDB prints (Amazon DynamoDB API Reference, "Common Errors" and each operation's "Errors"). Extra members
 * (ConditionalCheckFailedException's `Item`) travel beside `__type` and `message`.
 */
import { AwsError } from './aws-error.js';

/** A DynamoDB error: an AwsError with the extra members DynamoDB adds to its error document. */
export class DynamoDbError extends AwsError {
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: DynamoDbErrorCode, message: string, status = 400, extra: Record<string, unknown> = {}) {
    super(code, message, status);
    this.extra = extra;
  }
}

/** The codes this endpoint emits (the audit test checks each appears in a test). */
export const DYNAMODB_ERROR_CODES = [
  'AccessDeniedException', 'ConditionalCheckFailedException', 'InternalServerError', 'InvalidSignatureException', 'PolicyNotFoundException',
  'ResourceInUseException', 'ResourceNotFoundException', 'SerializationException', 'UnknownOperationException',
  'ValidationException',
] as const;
export type DynamoDbErrorCode = (typeof DYNAMODB_ERROR_CODES)[number];

const e = (code: DynamoDbErrorCode, message: string, status = 400, extra: Record<string, unknown> = {}) => new DynamoDbError(code, message, status, extra);

/** `1 validation error detected: ...; ...` (DynamoDB's constraint report, at most 10 listed as AWS does). */
function validationSummary(messages: readonly string[]): string {
  const n = messages.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${messages.slice(0, 10).join('; ')}`;
}

export const dynamoDbErrors = {
  /** Any ValidationException: DynamoDB's catch-all for bad parameter values. */
  validation: (message: string) => e('ValidationException', message),
  /** Constraint failures found by walking the input shape (model min/max/enum/pattern/required). */
  constraints: (messages: readonly string[]) => e('ValidationException', validationSummary(messages)),
  /** The body is not JSON, or a member has the wrong JSON type. */
  serialization: (message: string) => e('SerializationException', message),
  unknownOperation: () => e('UnknownOperationException', ''),
  resourceNotFound: (message = 'Requested resource not found') => e('ResourceNotFoundException', message),
  tableNotFound: (name: string) => e('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`),
  tableExists: (name: string) => e('ResourceInUseException', `Table already exists: ${name}`),
  conditionalCheckFailed: (item?: Record<string, unknown>) =>
    e('ConditionalCheckFailedException', 'The conditional request failed', 400, item ? { Item: item } : {}),
  accessDenied: (message: string) => e('AccessDeniedException', message),
  policyNotFound: (message: string) => e('PolicyNotFoundException', message),
  internal: () => e('InternalServerError', 'Internal server error', 500),
  /** AWS: a request whose credential scope names a region that does not exist. */
  invalidRegion: (region: string) => e('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`),
};
