/** @module One conformance suite for every StateStore: what is committed is loaded back; deletes stick. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore } from './memory-store.js';
import { sqliteStore } from './sqlite-store.js';
import type { StateStore } from './state-store.js';

interface Backend { name: string; open(): StateStore; reopen(prev: StateStore): StateStore; cleanup(): void }

function backends(): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'vpce-store-'));
  return [
    { name: 'memory', open: memoryStore, reopen: (prev) => prev, cleanup: () => {} },
    { name: 'sqlite', open: () => sqliteStore(dir), reopen: (prev) => { prev.close(); return sqliteStore(dir); }, cleanup: () => rmSync(dir, { recursive: true, force: true }) },
  ];
}

for (const b of backends()) {
  describe(`StateStore conformance: ${b.name}`, () => {
    it('loads back committed records, applies replacements and deletions, and keeps partitions apart', () => {
      let s = b.open();
      s.commit([
        { partition: 'a/us-east-1', id: 'vpc-1', body: '{"v":1}' },
        { partition: 'a/us-east-1', id: 'vpc-2', body: '{"v":2}' },
        { partition: 'b/us-east-1', id: 'vpc-1', body: '{"v":"other"}' },
      ]);
      s.commit([{ partition: 'a/us-east-1', id: 'vpc-1', body: '{"v":3}' }, { partition: 'a/us-east-1', id: 'vpc-2', body: null }]);
      s.commit([]);
      s = b.reopen(s);
      const rows = [...s.load()].map((r) => `${r.partition}|${r.id}|${r.body}`).sort();
      assert.deepEqual(rows, ['a/us-east-1|vpc-1|{"v":3}', 'b/us-east-1|vpc-1|{"v":"other"}']);
      s.close();
      b.cleanup();
    });
  });
}
