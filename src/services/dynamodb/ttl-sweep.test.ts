/** @module Unit tests of the TTL expiry rule and one sweep tick over a memory store. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openItemStore } from '../../persistence/item-store.js';
import { isExpired, sweepExpiredItems } from './ttl-sweep.js';

describe('TTL expiry', () => {
  it('expires Numbers in the past, within five years (AWS)', () => {
    const now = 2_000_000_000;
    assert.equal(isExpired({ t: { N: String(now - 1) } }, 't', now), true);
    assert.equal(isExpired({ t: { N: String(now) } }, 't', now), true);
    assert.equal(isExpired({ t: { N: String(now + 1) } }, 't', now), false);
    assert.equal(isExpired({ t: { N: String(now - 6 * 365 * 86_400) } }, 't', now), false, 'older than five years: ignored');
    assert.equal(isExpired({ t: { S: String(now - 1) } }, 't', now), false, 'not a Number');
    assert.equal(isExpired({}, 't', now), false);
  });

  it('sweeps a bounded number of items per tick and resumes where it stopped', () => {
    const store = openItemStore(null);
    const definition = { TableId: 'x', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: false, TimeToLive: { AttributeName: 't', Enabled: true } };
    const t = store.createTable('1/us-east-1', 'tt', JSON.stringify(definition), 0, null, null);
    for (let i = 0; i < 10; i++) {
      const item = { id: { S: `i${i}` }, t: { N: '100' } };
      store.putItem(t.id, Buffer.from(`i${i}`), Buffer.alloc(0), JSON.stringify(item), 10);
    }
    assert.equal(sweepExpiredItems(store, 200_000, 4), 4);
    assert.equal(sweepExpiredItems(store, 200_000, 4), 4);
    assert.equal(sweepExpiredItems(store, 200_000, 4), 2);
    assert.equal(store.tableStats(t.id).count, 0);
    store.close();
  });
});
