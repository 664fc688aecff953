/** @module What differs between JSON-protocol services: target prefix, content type, error naming and the errors a bad request raises. */
import type { AwsError } from '../../errors/aws-error.js';

export interface JsonDialect {
  /** `X-Amz-Target` is `<targetPrefix>.<Operation>`. */
  readonly targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  readonly contentType: string;
  /** The `__type` of an error document for a code. */
  errorType(code: string): string;
  /** Constraint failures found by the input walker (one message each). */
  constraints(messages: readonly string[]): AwsError;
  /** Malformed JSON or a member of the wrong JSON type. */
  serialization(message: string): AwsError;
  /** A target naming no served operation. */
  unknownOperation(): AwsError;
  /** Add `x-amz-crc32` (DynamoDB does; botocore verifies it and retries on mismatch). */
  readonly crc32: boolean;
  /** Shapes whose null list items and map values the handlers judge themselves (others: `Member must not be null`). */
  readonly nullableItems?: ReadonlySet<string>;
}
