/** @module What an S3 handler gets besides its input: the store, the call (caller, authorize), the clock, ids, and request facts. */
import type { ServiceCall } from '../call.js';
import type { S3Storage } from './storage.js';

export interface S3Context {
  readonly store: S3Storage;
  readonly call: ServiceCall;
  /** Epoch milliseconds. */
  now(): number;
  /** A fresh opaque id (upload ids). */
  newId(): string;
  /** Request headers (lower-case names), after aws-chunked trailers were merged in. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request was SigV4-signed (so its credential scope names a region). */
  readonly signed: boolean;
  /** The query string's parameters (presigned URLs carry X-Amz-Date there: s3:signatureAge). */
  readonly query?: ReadonlyMap<string, string>;
  /** The region the Host header names, if any. */
  readonly hostRegion?: string;
  readonly method: string;
  /** The request body after aws-chunked decoding (DeleteObjects verifies its Content-MD5). */
  readonly body: Buffer;
}

/** A handler's answer: output members, plus a status or headers the model has no member for (304, 206). */
export type S3Output = Record<string, unknown> & { $status?: number; $headers?: Record<string, string> };

/**
 * Most handlers answer synchronously; one whose work can take long (DeleteObjects of 1,000 keys, joining the parts
 * of a large upload) answers a promise and yields the thread between bounded slices of it (see `shared/slices.ts`).
 */
export type S3Handler = (ctx: S3Context, input: Readonly<Record<string, unknown>>) => S3Output | Promise<S3Output>;
