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

  const ttlTable = (store: ReturnType<typeof openItemStore>, name: string, items: number) => {
    const definition = { TableId: name, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: false, TimeToLive: { AttributeName: 't', Enabled: true } };
    const t = store.createTable('1/us-east-1', name, JSON.stringify(definition), 0, null, null);
    for (let i = 0; i < items; i++) store.putItem(t.id, Buffer.from(`i${i}`), Buffer.alloc(0), JSON.stringify({ id: { S: `i${i}` }, t: { N: '100' } }), 10);
    return t;
  };

  it('stops a tick once its time is spent, whatever is left of the item budget (the thread is shared)', () => {
    const store = openItemStore(null);
    const t = ttlTable(store, 'timed', 5);
    // No time at all: each tick still makes progress by one item, and resumes after it.
    for (let tick = 1; tick <= 5; tick++) {
      assert.equal(sweepExpiredItems(store, 200_000, 1000, 0), 1);
      assert.equal(store.tableStats(t.id).count, 5 - tick);
    }
    store.close();
  });

  it('lets the tables with TTL take turns at being swept first, so one large table cannot starve the others', () => {
    const store = openItemStore(null);
    const big = ttlTable(store, 'big', 50);
    const small = ttlTable(store, 'small', 3);
    assert.equal(sweepExpiredItems(store, 200_000, 2), 2);
    assert.equal(sweepExpiredItems(store, 200_000, 2), 2);
    assert.equal(store.tableStats(big.id).count, 48, 'the first table swept first on one tick');
    assert.equal(store.tableStats(small.id).count, 1, 'the second table swept first on the next');
    store.close();
  });
});
