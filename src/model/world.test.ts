/** @module Transactions are atomic: a throw or a dry run leaves memory and store exactly as before. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './world.js';
import { memoryStore } from '../persistence/memory-store.js';
import { seededIdGen } from '../shared/ids.js';
import { fixedClock } from '../shared/clock.js';
import { createVpc } from './vpc.js';
import { createSubnet } from './subnet.js';
import type { StateStore } from '../persistence/state-store.js';

function world(store: StateStore = memoryStore()): World {
  return new World(store, seededIdGen(7), fixedClock());
}

describe('World transactions', () => {
  it('rolls back every change of an operation that throws part-way', () => {
    const w = world();
    const vpc = w.transact((tx) => createVpc(tx, tx.in('1', 'us-east-1'), { cidrBlock: '10.0.0.0/16' }));
    const before = w.size;
    assert.throws(() => w.transact((tx) => {
      const p = tx.in('1', 'us-east-1');
      createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
      createSubnet(tx, p, { vpcId: vpc.id, cidrBlock: '10.0.1.0/25' }); // overlaps: throws
    }), /conflicts/);
    assert.equal(w.size, before);
    assert.equal([...w.partition('1/us-east-1').list('subnet')].length, 0);
    const acl = [...w.partition('1/us-east-1').list('networkAcl')][0]!;
    assert.deepEqual(acl.associations, [], 'the ACL association made before the throw is undone too');
  });

  it('undoes a dry run and writes nothing to the store', () => {
    const store = memoryStore();
    const w = world(store);
    w.transact((tx) => createVpc(tx, tx.in('1', 'us-east-1'), { cidrBlock: '10.0.0.0/16' }), true);
    assert.equal(w.size, 0);
    assert.equal([...store.load()].length, 0);
  });

  it('commits one change set per operation and bumps the version', () => {
    const commits: number[] = [];
    const inner = memoryStore();
    const store: StateStore = { ...inner, commit: (c) => { commits.push(c.length); inner.commit(c); } };
    const w = world(store);
    w.transact((tx) => createVpc(tx, tx.in('1', 'us-east-1'), { cidrBlock: '10.0.0.0/16' }));
    assert.deepEqual(commits, [4]); // VPC, main route table, default security group, default ACL
    assert.equal(w.version, 1);
    const reloaded = world(inner);
    assert.equal(reloaded.size, 4);
  });

  it('restores memory when the store fails to commit', () => {
    const inner = memoryStore();
    const store: StateStore = { ...inner, commit: () => { throw new Error('disk full'); } };
    const w = world(store);
    assert.throws(() => w.transact((tx) => createVpc(tx, tx.in('1', 'us-east-1'), { cidrBlock: '10.0.0.0/16' })), /disk full/);
    assert.equal(w.size, 0);
  });
});
