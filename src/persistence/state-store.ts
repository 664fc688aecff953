/** @module The StateStore interface: where committed resource records live between runs. */

/** One stored record: a resource in a partition (`account/region`, or `global`), or a deletion when body is null. */
export interface StoredChange {
  readonly partition: string;
  readonly id: string;
  readonly body: string | null;
}

export interface StoredRecord {
  readonly partition: string;
  readonly id: string;
  readonly body: string;
}

/**
 * A durable (or not) home for committed records. `commit` writes a whole operation's changes atomically
 * and returns only once they would survive a `kill -9` of this process.
 */
export interface StateStore {
  /** Where the state lives, for humans (`memory` or a directory). */
  readonly location: string;
  load(): Iterable<StoredRecord>;
  commit(changes: readonly StoredChange[]): void;
  close(): void;
}
