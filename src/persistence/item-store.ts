/**
 * @module DynamoDB storage (tables and items): SQLite under `<dir>/dynamodb/`, or SQLite in memory. Keys arrive
 * already encoded by the service (order-preserving bytes), so this layer knows nothing of attribute values:
 * a Query is an index range scan over `(table, pk, sk)`. `services/dynamodb/store.ts` declares the same shape
 * as the port the handlers use; the endpoint passes this store to them (checked by the compiler).
 */
import { sqliteItemStore } from './item-store-sqlite.js';

/** One table: its definition (service-owned JSON text), resource policy, and creation time. */
export interface TableRow {
  /** Internal id: items belong to this id, so a re-created table starts empty. */
  readonly id: number;
  /** `account/region`. */
  readonly scope: string;
  readonly name: string;
  readonly definition: string;
  readonly policy: string | null;
  readonly policyRevision: string | null;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/** One stored item: encoded keys, the item as JSON text and its DynamoDB size in bytes. */
export interface ItemRow {
  readonly pk: Uint8Array;
  readonly sk: Uint8Array;
  readonly body: string;
  readonly size: number;
}

/** A bound on the sort key. */
export interface SkBound {
  readonly value: Uint8Array;
  readonly inclusive: boolean;
}

export interface SkRange {
  readonly lo?: SkBound;
  readonly hi?: SkBound;
}

export interface ItemStore {
  readonly location: string;
  getTable(scope: string, name: string): TableRow | undefined;
  /** Table names of a scope in name order after `after`, at most `limit`. */
  listTables(scope: string, after: string | undefined, limit: number): string[];
  createTable(scope: string, name: string, definition: string, createdAt: number, policy: string | null, policyRevision: string | null): TableRow;
  setPolicy(table: TableRow, policy: string | null, policyRevision: string | null): TableRow;
  /** Drop the table and all its items. */
  deleteTable(table: TableRow): void;
  getItem(tableId: number, pk: Uint8Array, sk: Uint8Array): string | undefined;
  putItem(tableId: number, pk: Uint8Array, sk: Uint8Array, body: string, size: number): void;
  deleteItem(tableId: number, pk: Uint8Array, sk: Uint8Array): void;
  /** Items of one partition within `range`, in sort-key order (descending when `forward` is false), at most `limit`. */
  queryItems(tableId: number, pk: Uint8Array, range: SkRange, forward: boolean, limit: number): ItemRow[];
  /** Items of a table in (pk, sk) order after `after`, at most `limit`. */
  scanItems(tableId: number, after: { readonly pk: Uint8Array; readonly sk: Uint8Array } | undefined, limit: number): ItemRow[];
  tableStats(tableId: number): { readonly count: number; readonly bytes: number };
  /** Run `fn` as one transaction (one commit). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Open the DynamoDB store in `dir` (`null`: memory only). */
export function openItemStore(dir: string | null): ItemStore {
  return sqliteItemStore(dir);
}
