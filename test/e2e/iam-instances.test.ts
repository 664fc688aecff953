/**
 * @module Instance profiles on EC2 (RunInstances by name or ARN, DescribeInstances showing the profile, unknown
 * profiles refused) and IAM state surviving a restart on the disk store (users, keys, roles, sessions).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand, RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, PutUserPolicyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { instanceRoleArn } from '../../src/model/credentials.js';
import { sqliteStore } from '../../src/persistence/sqlite-store.js';
import { rejectsWith, startHarness, type Harness } from './harness.js';
import { vpcWithSubnet } from './fixtures.js';

const A = '555555555555';
const TRUST_EC2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('instance profiles on EC2', () => {
  let h: Harness;
  let ec2: EC2Client;
  let subnetId: string;
  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(A);
    subnetId = (await vpcWithSubnet(ec2, '10.60.0.0/16', '10.60.1.0/24')).subnetId;
  });
  after(async () => { await h.close(); });

  const run = (extra: Record<string, unknown>) => ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SubnetId: subnetId, ...extra }));

  it('attaches a profile by name or ARN; DescribeInstances shows its Arn and Id; the instance gets the role', async () => {
    const iam = h.iam(A);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: TRUST_EC2 }))).Role!;
    const profile = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/apps/' }))).InstanceProfile!;
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));

    const byName = (await run({ IamInstanceProfile: { Name: 'web' } })).Instances![0]!;
    assert.deepEqual(byName.IamInstanceProfile, { Arn: `arn:aws:iam::${A}:instance-profile/apps/web`, Id: profile.InstanceProfileId });
    const byArn = (await run({ IamInstanceProfile: { Arn: profile.Arn! } })).Instances![0]!;
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [byArn.InstanceId!] }));
    assert.deepEqual(described.Reservations![0]!.Instances![0]!.IamInstanceProfile, { Arn: profile.Arn, Id: profile.InstanceProfileId });
    assert.equal(instanceRoleArn(h.world, A, 'us-east-1', byName.InstanceId!), role.Arn);
    const bare = (await run({})).Instances![0]!;
    assert.equal(bare.IamInstanceProfile, undefined);
    assert.equal(instanceRoleArn(h.world, A, 'us-east-1', bare.InstanceId!), undefined);
  });

  it('refuses unknown profiles with InvalidParameterValue', async () => {
    const byName = await rejectsWith(run({ IamInstanceProfile: { Name: 'missing' } }), 'InvalidParameterValue');
    assert.equal(byName.message, 'Value (missing) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name');
    const arn = `arn:aws:iam::${A}:instance-profile/missing`;
    const byArn = await rejectsWith(run({ IamInstanceProfile: { Arn: arn } }), 'InvalidParameterValue');
    assert.equal(byArn.message, `Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`);
    // A profile of another account cannot be attached.
    await h.iam('666666666666').send(new CreateInstanceProfileCommand({ InstanceProfileName: 'theirs' }));
    await rejectsWith(run({ IamInstanceProfile: { Arn: 'arn:aws:iam::666666666666:instance-profile/theirs' } }), 'InvalidParameterValue');
  });
});

describe('IAM state across a restart (disk store)', () => {
  it('keeps users, keys, inline policies, roles and unexpired sessions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-iam-'));
    try {
      const first = sqliteStore(dir);
      let h = await startHarness(first);
      let iam = h.iam(A);
      await iam.send(new CreateUserCommand({ UserName: 'persisted' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'persisted', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }) }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'persisted' }))).AccessKey!;
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/persisted` }, Action: 'sts:AssumeRole' }] });
      const role = (await iam.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: trust }))).Role!;
      const userCreds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
      const session = (await h.sts(userCreds).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'before-restart' }))).Credentials!;
      await h.close();
      // The state directory is locked to its owner until the store closes (one server per state).
      first.close();

      h = await startHarness(sqliteStore(dir));
      iam = h.iam(A);
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'kept' }))).Role!.RoleId, role.RoleId);
      const asUser = await h.sts(userCreds).send(new GetCallerIdentityCommand({}));
      assert.equal(asUser.Arn, `arn:aws:iam::${A}:user/persisted`);
      await h.iam(userCreds).send(new ListUsersCommand({}));
      const asSession = await h.sts({ accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! }).send(new GetCallerIdentityCommand({}));
      assert.equal(asSession.Arn, `arn:aws:sts::${A}:assumed-role/kept/before-restart`);
      assert.equal(asSession.UserId, `${role.RoleId}:before-restart`);
      await h.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
