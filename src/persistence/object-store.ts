/** @module S3 storage (buckets, objects, uploads): SQLite metadata and content files beside the state, or memory. STUB: replaced by the S3 work. */

export interface ObjectStore {
  readonly location: string;
  close(): void;
}

/** Open the S3 store in `dir` (`null`: memory only). */
export function openObjectStore(dir: string | null): ObjectStore {
  return { location: dir ?? 'memory', close: () => undefined };
}
