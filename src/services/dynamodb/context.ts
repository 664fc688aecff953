/** @module What a DynamoDB handler receives besides its input: the store, the call (caller and policy gate) and the time. */
import type { ServiceCall } from '../call.js';
import type { DynamoStore } from './store.js';

export interface DynamoContext {
  readonly store: DynamoStore;
  readonly call: ServiceCall;
  /** Epoch milliseconds of the request. */
  readonly now: number;
}

/** A handler: validated wire input in, wire output out (timestamps as Date; the protocol writes them). */
/** Most answer synchronously; BatchWriteItem answers a promise and yields the thread between slices of its writes. */
export type DynamoHandler = (input: Readonly<Record<string, unknown>>, ctx: DynamoContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
