/**
 * @module DynamoDB storage (tables and items): SQLite under `<dir>/dynamodb/`, or SQLite in memory. Keys arrive
 * already encoded by the service (order-preserving bytes), so this layer knows nothing of attribute values:
 * a Query is an index range scan over `(table, pk, sk)`. It implements the port the handlers declare
 * (`services/dynamodb/store.ts`; ports belong to the layer that uses them, types only).
 */
import type { DynamoStore } from '../services/dynamodb/store.js';
import { sqliteItemStore } from './item-store-sqlite.js';

export type { IndexEntry, IndexPosition, IndexRow, ItemRow, SkBound, SkRange, TableRow } from '../services/dynamodb/store.js';

/** The DynamoDB port plus what the server needs to manage the store. */
export interface ItemStore extends DynamoStore {
  readonly location: string;
  close(): void;
}

/** Open the DynamoDB store in `dir` (`null`: memory only). */
export function openItemStore(dir: string | null): ItemStore {
  return sqliteItemStore(dir);
}
