/** @module A StateStore that keeps nothing beyond the process (`--state memory`). */
import type { StateStore, StoredChange, StoredRecord } from './state-store.js';

export function memoryStore(): StateStore {
  const records = new Map<string, StoredRecord>();
  return {
    location: 'memory',
    load: () => records.values(),
    commit(changes: readonly StoredChange[]) {
      for (const c of changes) {
        const key = `${c.partition}\u0000${c.id}`;
        if (c.body === null) records.delete(key);
        else records.set(key, { partition: c.partition, id: c.id, body: c.body });
      }
    },
    close() {},
  };
}
