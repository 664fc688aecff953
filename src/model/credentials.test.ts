/** @module Unit tests of credentials.ts and the IAM model: key resolution, identity policies, instance roles, sessions. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from '../persistence/memory-store.js';
import { fixedClock } from '../shared/clock.js';
import { seededIdGen } from '../shared/ids.js';
import { createAccessKey, updateAccessKey } from './access-key.js';
import { identityPoliciesOf, instanceRoleArn, mintSessionCredentials, permissionsBoundaryOf, principalTagKeys, resolveAccessKey } from './credentials.js';
import { iamIn, IAM_REGION } from './iam-ids.js';
import { attachRolePolicy, createRole, putRolePolicy } from './iam-role.js';
import { attachUserPolicy, createUser, putUserPolicy, taggedUser } from './iam-user.js';
import { tagEntity } from './iam-tags.js';
import { createManagedPolicy } from './iam-policy.js';
import { addRoleToInstanceProfile, createInstanceProfile } from './instance-profile.js';
import { World } from './world.js';

const A = '123456789012';
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function world() {
  const clock = fixedClock();
  return { w: new World(memoryStore(), seededIdGen(7), clock), clock };
}

describe('credentials', () => {
  it('resolves an Active user key to the user; Inactive keys and unknown ids resolve to nothing', () => {
    const { w } = world();
    const key = w.transact((tx) => { createUser(tx, A, { name: 'u', path: '/p/' }); return createAccessKey(tx, A, 'u'); });
    assert.match(key.id, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.secretAccessKey.length, 40);
    assert.deepEqual(resolveAccessKey(w, key.id), { account: A, principalArn: `arn:aws:iam::${A}:user/p/u` });
    w.transact((tx) => updateAccessKey(tx, A, 'u', key.id, 'Inactive'));
    assert.equal(resolveAccessKey(w, key.id), undefined);
    assert.equal(resolveAccessKey(w, 'AKIAUNKNOWNUNKNOWN00'), undefined);
    assert.equal(resolveAccessKey(w, A), undefined);
  });

  it('gives a user its inline and attached managed policies, a role (and its sessions) the role\'s; roots and strangers undefined', () => {
    const { w } = world();
    w.transact((tx) => {
      createUser(tx, A, { name: 'u' });
      putUserPolicy(iamIn(tx, A), 'u', 'inline', doc('s3:GetObject'));
      const managed = createManagedPolicy(tx, A, { name: 'm', document: doc('dynamodb:GetItem') });
      attachUserPolicy(iamIn(tx, A), 'u', managed.arn);
      createRole(tx, A, { name: 'r', path: '/svc/', trustPolicy: TRUST });
      putRolePolicy(iamIn(tx, A), 'r', 'inline', doc('sqs:*'));
      attachRolePolicy(iamIn(tx, A), 'r', managed.arn);
    });
    assert.deepEqual(identityPoliciesOf(w, `arn:aws:iam::${A}:user/u`), [doc('s3:GetObject'), doc('dynamodb:GetItem')]);
    assert.deepEqual(identityPoliciesOf(w, `arn:aws:iam::${A}:role/svc/r`), [doc('sqs:*'), doc('dynamodb:GetItem')]);
    assert.deepEqual(identityPoliciesOf(w, `arn:aws:sts::${A}:assumed-role/r/session`), [doc('sqs:*'), doc('dynamodb:GetItem')]);
    assert.equal(identityPoliciesOf(w, `arn:aws:iam::${A}:role/r`), undefined, 'the path is part of a role ARN');
    assert.equal(identityPoliciesOf(w, `arn:aws:iam::${A}:root`), undefined);
    assert.equal(identityPoliciesOf(w, `arn:aws:iam::${A}:user/nobody`), undefined);
    // The cache follows the world's version.
    w.transact((tx) => putUserPolicy(iamIn(tx, A), 'u', 'second', doc('ec2:*')));
    assert.equal(identityPoliciesOf(w, `arn:aws:iam::${A}:user/u`)?.length, 3);
  });

  it('AWS (permissions boundaries, aws:PrincipalTag): a user\'s boundary is its policy\'s default version, its tags are PrincipalTag keys; both follow the world\'s version', () => {
    const { w } = world();
    const boundary = w.transact((tx) => {
      const b = createManagedPolicy(tx, A, { name: 'b', document: doc('s3:*') });
      createUser(tx, A, { name: 'u', permissionsBoundary: b.arn, tags: [{ key: 'team', value: 'red' }] });
      createUser(tx, A, { name: 'plain' });
      return b;
    });
    const u = `arn:aws:iam::${A}:user/u`;
    assert.equal(permissionsBoundaryOf(w, u), doc('s3:*'));
    assert.deepEqual(principalTagKeys(w, u), { 'aws:PrincipalTag/team': 'red' });
    assert.equal(permissionsBoundaryOf(w, `arn:aws:iam::${A}:user/plain`), undefined);
    assert.deepEqual(principalTagKeys(w, `arn:aws:iam::${A}:user/plain`), {});
    assert.deepEqual(principalTagKeys(w, `arn:aws:iam::${A}:root`), {});
    assert.ok(boundary.arn.endsWith(':policy/b'));
    w.transact((tx) => tagEntity(iamIn(tx, A), taggedUser, 'u', [{ key: 'team', value: 'blue' }]));
    assert.deepEqual(principalTagKeys(w, u), { 'aws:PrincipalTag/team': 'blue' });
  });

  it('finds an instance\'s role through its instance profile', () => {
    const { w } = world();
    w.transact((tx) => {
      const role = createRole(tx, A, { name: 'web', trustPolicy: TRUST });
      const ip = createInstanceProfile(tx, A, { name: 'web-profile' });
      addRoleToInstanceProfile(iamIn(tx, A), 'web-profile', role.name);
      const p = tx.in(A, 'us-east-1');
      p.put({
        kind: 'instance', id: 'i-0123456789abcdef0', ownerId: A, tags: [], reservationId: 'r-1', imageId: 'ami-12345678', instanceType: 'm1.small',
        vpcId: 'vpc-1', subnetId: 'subnet-1', availabilityZone: 'us-east-1a', networkInterfaceIds: [], privateIp: '10.0.0.5', groupIds: [],
        state: 'running', launchedAt: 0, amiLaunchIndex: 0, iamInstanceProfileArn: ip.arn, iamInstanceProfileId: ip.instanceProfileId,
      });
    });
    assert.equal(instanceRoleArn(w, A, 'us-east-1', 'i-0123456789abcdef0'), `arn:aws:iam::${A}:role/web`);
    assert.equal(instanceRoleArn(w, A, 'us-east-1', 'i-00000000000000000'), undefined);
  });

  it('mints sessions that resolve with their source instance until they expire', () => {
    const { w, clock } = world();
    w.transact((tx) => createRole(tx, A, { name: 'r', trustPolicy: TRUST }));
    const source = { account: A, region: 'us-east-1', instanceId: 'i-0123456789abcdef0' };
    const principalArn = `arn:aws:sts::${A}:assumed-role/r/i-0123456789abcdef0`;
    const creds = w.transact((tx) => mintSessionCredentials(tx, { account: A, principalArn, source }, 900));
    assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(creds.sessionToken.length > 100);
    assert.equal(creds.expiration, new Date(clock.now() + 900_000).toISOString());
    const rec = w.partition('global').get('stsSession', creds.accessKeyId)!;
    assert.match(rec.userId, /^AROA[A-Z2-7]{17}:i-0123456789abcdef0$/);
    // The owner carries what the request context needs: aws:userid and aws:TokenIssueTime (issued now).
    assert.deepEqual(resolveAccessKey(w, creds.accessKeyId), { account: A, principalArn, source, userId: rec.userId, issuedAt: clock.now() });
    clock.advance(900_000);
    assert.equal(resolveAccessKey(w, creds.accessKeyId), undefined);
  });

  it('keeps IAM records out of every real region\'s partition', () => {
    const { w } = world();
    w.transact((tx) => createUser(tx, A, { name: 'u' }));
    assert.deepEqual(w.accountsIn('us-east-1'), []);
    assert.deepEqual(w.accountsIn(IAM_REGION), [A]);
  });

  it('prunes sessions expired over 12 hours ago once there are many, keeping recently expired ones', () => {
    const { w, clock } = world();
    const owner = { account: A, principalArn: `arn:aws:iam::${A}:root` };
    for (let i = 0; i < 300; i++) w.transact((tx) => mintSessionCredentials(tx, owner, 900));
    clock.advance(13 * 3600 * 1000);
    const recent = w.transact((tx) => mintSessionCredentials(tx, owner, 900));
    clock.advance(3600 * 1000);
    w.transact((tx) => mintSessionCredentials(tx, owner, 900));
    // The 300 long-expired ones are gone only once the count passed the threshold; the two newer ones stay.
    let left = 0;
    for (const _ of w.partition('global').list('stsSession')) left++;
    assert.ok(left <= 2 + 1, `${left} sessions left`);
    assert.ok(w.partition('global').find(recent.accessKeyId), 'a session expired an hour ago is kept (ExpiredToken)');
  });

});
