/** @module Unit tests for the peering lifecycle that needs a controllable clock: expiry and afterlife. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from '../persistence/memory-store.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { createDefaults } from './defaults.js';
import { acceptPeering, createPeering, effectiveStatus, isVisible, PEERING_AFTERLIFE_MS, PEERING_EXPIRY_MS } from './peering.js';
import { createVpc } from './vpc.js';
import { World } from './world.js';

function setup(): { world: World; clock: ReturnType<typeof fixedClock>; pcxId: string } {
  const clock = fixedClock();
  const world = new World(memoryStore(), seededIdGen(7), clock);
  const pcxId = world.transact((tx) => {
    const p = tx.in('111111111111', 'us-east-1');
    createDefaults(tx, p);
    const a = createVpc(tx, p, { cidrBlock: '10.0.0.0/16' });
    const b = createVpc(tx, p, { cidrBlock: '10.1.0.0/16' });
    return createPeering(tx, p, { vpcId: a.id, peerVpcId: b.id }).id;
  });
  return { world, clock, pcxId };
}

describe('peering lifecycle (AWS: "VPC peering connection lifecycle")', () => {
  it('expires an unaccepted request after 7 days, after which it cannot be accepted', () => {
    const { world, clock, pcxId } = setup();
    clock.advance(PEERING_EXPIRY_MS + 1);
    world.transact((tx) => {
      const pcx = tx.global.get('vpcPeeringConnection', pcxId)!;
      assert.equal(effectiveStatus(pcx, tx.clock.now(), (a, r) => tx.in(a, r)).status, 'expired');
    });
    assert.throws(() => world.transact((tx) => acceptPeering(tx, '111111111111', 'us-east-1', pcxId)), { code: 'InvalidStateTransition' });
  });

  it('keeps a finished connection visible for a while, then hides it', () => {
    const { world, clock, pcxId } = setup();
    clock.advance(PEERING_EXPIRY_MS + PEERING_AFTERLIFE_MS / 2);
    const visible = (): boolean => world.transact((tx) => isVisible(tx.global.get('vpcPeeringConnection', pcxId)!, '111111111111', 'us-east-1', tx.clock.now(), (a, r) => tx.in(a, r)));
    assert.equal(visible(), true);
    clock.advance(PEERING_AFTERLIFE_MS);
    assert.equal(visible(), false);
  });
});
