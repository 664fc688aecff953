/** @module The storage port DynamoDB handlers use; `persistence/item-store.ts` implements it (type-only import upward: a port belongs to its user). */

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

export interface DynamoStore {
  readonly location: string;
  getTable(scope: string, name: string): TableRow | undefined;
  /** Table names of a scope in name order after `after`, at most `limit`. */
  listTables(scope: string, after: string | undefined, limit: number): string[];
  createTable(scope: string, name: string, definition: string, createdAt: number, policy: string | null, policyRevision: string | null): TableRow;
  setPolicy(table: TableRow, policy: string | null, policyRevision: string | null): TableRow;
  /** Replace a table's definition (settings such as time to live, backups, tags). */
  setDefinition(table: TableRow, definition: string): TableRow;
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

