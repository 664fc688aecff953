/** @module DynamoDB storage (tables and items): SQLite beside the state, or memory. STUB: replaced by the DynamoDB work. */

export interface ItemStore {
  readonly location: string;
  close(): void;
}

/** Open the DynamoDB store in `dir` (`null`: memory only). */
export function openItemStore(dir: string | null): ItemStore {
  return { location: dir ?? 'memory', close: () => undefined };
}
