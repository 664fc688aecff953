/** @module LiveAuthorizer's shortcut for the account root in its own account gives the full evaluation's answer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../model/world.js';
import { memoryStore } from '../persistence/memory-store.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { LiveAuthorizer } from './authorize.js';
import { NetworkCompiler } from './compile.js';

const A = '111122223333';
const B = '444455556666';
const DENY_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] });

describe('account root in its own account (LiveAuthorizer.rootInOwnAccount)', () => {
  const view = new NetworkCompiler(new World(memoryStore(), seededIdGen(3), fixedClock())).view();
  const auth = new LiveAuthorizer();
  const base = { principalArn: `arn:aws:iam::${A}:root`, identityPolicies: undefined, boundaryPolicy: undefined, action: 'ec2:DescribeVpcs', resource: '*', resourceAccount: A };

  it('AWS: the root user has full access to its own account: shortcut and evaluation both allow', () => {
    assert.equal(auth.rootInOwnAccount(undefined, base), true);
    assert.equal(auth.authorize(view, undefined, base).decision, 'Allow');
  });

  it('does not apply across accounts: the evaluation denies without a resource policy', () => {
    const req = { ...base, resourceAccount: B };
    assert.equal(auth.rootInOwnAccount(undefined, req), false);
    assert.equal(auth.authorize(view, undefined, req).decision, 'ImplicitDeny');
  });

  it('does not apply when a resource policy could deny: an explicit deny still wins over the root', () => {
    const req = { ...base, resourcePolicy: DENY_ALL };
    assert.equal(auth.rootInOwnAccount(undefined, req), false);
    assert.equal(auth.authorize(view, undefined, req).decision, 'ExplicitDeny');
  });

  it('does not apply to other principals (an IAM user with no policies is denied)', () => {
    const req = { ...base, principalArn: `arn:aws:iam::${A}:user/alice`, identityPolicies: [] };
    assert.equal(auth.rootInOwnAccount(undefined, req), false);
    assert.equal(auth.authorize(view, undefined, req).decision, 'ImplicitDeny');
  });
});
