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

/** One item's place in a secondary index: the index name and the item's encoded index keys. */
export interface IndexEntry {
  readonly index: string;
  readonly pk: Uint8Array;
  readonly sk: Uint8Array;
}

/**
 * An item read through an index: its body and size only (the caller has the item, so it computes a paging
 * position from it; returning key blobs per row would cost more than the read).
 */
export interface IndexRow {
  readonly body: string;
  readonly size: number;
}

/** A position in an index: index sort key, then the table key. */
export interface IndexPosition {
  readonly isk: Uint8Array;
  readonly pk: Uint8Array;
  readonly sk: Uint8Array;
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
  /**
   * Write an item. `entries` given (a table with secondary indexes): they replace the item's index entries;
   * absent: the table has no index and the item has none.
   */
  putItem(tableId: number, pk: Uint8Array, sk: Uint8Array, body: string, size: number, entries?: readonly IndexEntry[]): void;
  /** Delete an item (and its index entries when `indexed`: the table has secondary indexes). */
  deleteItem(tableId: number, pk: Uint8Array, sk: Uint8Array, indexed?: boolean): void;
  /**
   * Items of one index partition within `range` of the index sort key, in (index sort key, table key) order
   * (descending when `forward` is false), strictly after `after` in that direction, at most `limit`.
   */
  queryIndex(tableId: number, index: string, ipk: Uint8Array, range: SkRange, forward: boolean, limit: number, after: IndexPosition | undefined): IndexRow[];
  /** Items of an index in (index partition key, index sort key, table key) order, after `after`, at most `limit`. */
  scanIndex(tableId: number, index: string, after: (IndexPosition & { readonly ipk: Uint8Array }) | undefined, limit: number): IndexRow[];
  /** Add one index entry for the item at (pk, sk) of `size` bytes (index backfills). */
  addIndexEntry(tableId: number, entry: IndexEntry, pk: Uint8Array, sk: Uint8Array, size: number): void;
  /** Remove every entry of an index (index deleted, or rebuilt). */
  dropIndex(tableId: number, index: string): void;
  /** Entries and bytes of an index. */
  indexStats(tableId: number, index: string): { readonly count: number; readonly bytes: number };
  /** Every table of every scope (background sweeps). */
  allTables(): TableRow[];
  /** Items of one partition within `range`, in sort-key order (descending when `forward` is false), at most `limit`. */
  queryItems(tableId: number, pk: Uint8Array, range: SkRange, forward: boolean, limit: number): ItemRow[];
  /** Items of a table in (pk, sk) order after `after`, at most `limit`. */
  scanItems(tableId: number, after: { readonly pk: Uint8Array; readonly sk: Uint8Array } | undefined, limit: number): ItemRow[];
  tableStats(tableId: number): { readonly count: number; readonly bytes: number };
  /** Run `fn` as one transaction (one commit). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

