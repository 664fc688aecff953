/**
 * @module IAM through @aws-sdk/client-iam: every served operation and its error codes, IAM users' keys used as
 * credentials, identity policies enforced by the gate, and instance profiles handed to EC2 instances.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand,
  CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteInstanceProfileCommand, DeletePolicyCommand,
  DeleteRoleCommand, DeleteRolePolicyCommand, DeleteUserCommand, DeleteUserPolicyCommand, DetachRolePolicyCommand, DetachUserPolicyCommand,
  GetInstanceProfileCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, GetUserCommand,
  GetUserPolicyCommand, ListAccessKeysCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand, ListPoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, ListUserPoliciesCommand, ListUsersCommand,
  PutRolePolicyCommand, PutUserPolicyCommand, RemoveRoleFromInstanceProfileCommand, UpdateAccessKeyCommand, UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startHarness, rejectsWith, type Harness } from './harness.js';

const A = '111111111111';
const ALLOW_IAM_READ = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] });
const TRUST_ACCOUNT = (account: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });

describe('IAM API', () => {
  let h: Harness;
  let iam: IAMClient;
  before(async () => { h = await startHarness(); iam = h.iam(A); });
  after(async () => { await h.close(); });

  it('creates, gets, lists and deletes users; names are unique regardless of case', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/team/' }));
    assert.equal(created.User?.Arn, `arn:aws:iam::${A}:user/team/alice`);
    assert.match(created.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.equal(created.User?.Path, '/team/');
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), 'EntityAlreadyExistsException', 409);
    const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    assert.equal(got.User?.UserId, created.User?.UserId);
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const listed = await iam.send(new ListUsersCommand({}));
    assert.deepEqual(listed.Users?.map((u) => u.UserName), ['alice', 'bob']);
    const underTeam = await iam.send(new ListUsersCommand({ PathPrefix: '/team/' }));
    assert.deepEqual(underTeam.Users?.map((u) => u.UserName), ['alice']);
    const paged = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    assert.equal(paged.IsTruncated, true);
    const rest = await iam.send(new ListUsersCommand({ MaxItems: 1, Marker: paged.Marker! }));
    assert.deepEqual(rest.Users?.map((u) => u.UserName), ['bob']);
    assert.equal(rest.IsTruncated, false);
    await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
    const err = await rejectsWith(iam.send(new GetUserCommand({ UserName: 'bob' })), 'NoSuchEntityException', 404);
    assert.equal(err.message, 'The user with name bob cannot be found.');
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'bob' })), 'NoSuchEntityException', 404);
  });

  it('validates names and paths (ValidationError)', async () => {
    const bad = await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'no spaces' })), 'ValidationError');
    assert.match(bad.message, /at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), 'ValidationError');
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'p', Path: 'nopath' })), 'ValidationError');
  });

  it('access keys: at most two, listed, deactivated, deleted; DeleteUser conflicts while keys exist', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'keyed' }));
    const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))).AccessKey!;
    assert.match(k1.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(k1.SecretAccessKey!.length, 40);
    assert.equal(k1.Status, 'Active');
    const k2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))).AccessKey!;
    const limit = await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' })), 'LimitExceededException', 409);
    assert.equal(limit.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.deepEqual(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId), [k1.AccessKeyId, k2.AccessKeyId]);
    const conflict = await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'keyed' })), 'DeleteConflictException', 409);
    assert.equal(conflict.message, 'Cannot delete entity, must delete access keys first.');

    // The key works as credentials until it is made Inactive.
    const sts = h.sts({ accessKeyId: k1.AccessKeyId!, secretAccessKey: k1.SecretAccessKey! });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${A}:user/keyed`);
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: k1.AccessKeyId!, Status: 'Inactive' }));
    // AWS: a deactivated key is refused (STS: InvalidClientTokenId 403); see test/e2e/credentials.test.ts.
    await rejectsWith(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    const status = await iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.equal(status.AccessKeyMetadata?.[0]?.Status, 'Inactive');

    await rejectsWith(iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: k1.AccessKeyId! }));
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: k2.AccessKeyId! }));
    await iam.send(new DeleteUserCommand({ UserName: 'keyed' }));
  });

  it('inline user policies: put, get (URL-encoded), list, delete; malformed documents refused', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'inline' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'inline', PolicyName: 'read', PolicyDocument: ALLOW_IAM_READ }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'inline', PolicyName: 'read' }));
    assert.equal(decodeURIComponent(got.PolicyDocument!), ALLOW_IAM_READ);
    assert.notEqual(got.PolicyDocument, ALLOW_IAM_READ, 'returned URL-encoded, as IAM does');
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'inline' }))).PolicyNames, ['read']);
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'inline' })), 'DeleteConflictException', 409);
    const bad = await rejectsWith(iam.send(new PutUserPolicyCommand({ UserName: 'inline', PolicyName: 'bad', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}' })), 'MalformedPolicyDocumentException');
    assert.equal(bad.message, 'Policy statement must contain resources.');
    await rejectsWith(iam.send(new PutUserPolicyCommand({ UserName: 'nobody', PolicyName: 'x', PolicyDocument: ALLOW_IAM_READ })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new GetUserPolicyCommand({ UserName: 'inline', PolicyName: 'nope' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'inline', PolicyName: 'read' }));
    await rejectsWith(iam.send(new DeleteUserPolicyCommand({ UserName: 'inline', PolicyName: 'read' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'inline' }));
  });

  it('managed policies: create (v1 default), get, version, list, attach/detach, delete conflicts while attached', async () => {
    const created = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadIam', PolicyDocument: ALLOW_IAM_READ, Description: 'read' }))).Policy!;
    assert.equal(created.Arn, `arn:aws:iam::${A}:policy/ReadIam`);
    assert.equal(created.DefaultVersionId, 'v1');
    assert.match(created.PolicyId!, /^ANPA/);
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: 'ReadIam', PolicyDocument: ALLOW_IAM_READ })), 'EntityAlreadyExistsException', 409);
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: 'not json' })), 'MalformedPolicyDocumentException');
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn!, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(version.PolicyVersion!.Document!), ALLOW_IAM_READ);
    assert.equal(version.PolicyVersion!.IsDefaultVersion, true);
    await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn!, VersionId: 'v2' })), 'NoSuchEntityException', 404);

    await iam.send(new CreateUserCommand({ UserName: 'managed' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'managed', PolicyArn: created.Arn! }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'managed' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'ReadIam', PolicyArn: created.Arn }]);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: created.Arn! }))).Policy?.AttachmentCount, 1);
    const onlyAttached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }));
    assert.deepEqual(onlyAttached.Policies?.map((p) => p.PolicyName), ['ReadIam']);
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies, []);
    const conflict = await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: created.Arn! })), 'DeleteConflictException', 409);
    assert.equal(conflict.message, 'Cannot delete a policy attached to entities.');
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'managed' })), 'DeleteConflictException', 409);
    await rejectsWith(iam.send(new AttachUserPolicyCommand({ UserName: 'managed', PolicyArn: `arn:aws:iam::${A}:policy/Missing` })), 'NoSuchEntityException', 404);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'managed', PolicyArn: created.Arn! }));
    await rejectsWith(iam.send(new DetachUserPolicyCommand({ UserName: 'managed', PolicyArn: created.Arn! })), 'NoSuchEntityException', 404);
    await iam.send(new DeletePolicyCommand({ PolicyArn: created.Arn! }));
    await rejectsWith(iam.send(new GetPolicyCommand({ PolicyArn: created.Arn! })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'managed' }));
  });

  it('roles: trust policy validated, MaxSessionDuration bounds, policies, UpdateAssumeRolePolicy, delete conflicts', async () => {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: TRUST_ACCOUNT(A), MaxSessionDuration: 7200, Description: 'the app' }))).Role!;
    assert.equal(role.Arn, `arn:aws:iam::${A}:role/svc/app`);
    assert.match(role.RoleId!, /^AROA/);
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST_ACCOUNT(A));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'APP', AssumeRolePolicyDocument: TRUST_ACCOUNT(A) })), 'EntityAlreadyExistsException', 409);
    const noPrincipal = await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: ALLOW_IAM_READ })), 'MalformedPolicyDocumentException');
    assert.match(noPrincipal.message, /Principal|Resource/);
    const wrongAction = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject' }] });
    const e = await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: wrongAction })), 'MalformedPolicyDocumentException');
    assert.equal(e.message, 'AssumeRole policy may only specify STS AssumeRole actions.');
    const duration = await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: TRUST_ACCOUNT(A), MaxSessionDuration: 100 })), 'ValidationError');
    assert.match(duration.message, /maxSessionDuration.*greater than or equal to 3600/);

    const got = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.equal(got.MaxSessionDuration, 7200);
    assert.equal(got.Description, 'the app');
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName), ['app']);
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'none' })), 'NoSuchEntityException', 404);

    const other = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: other }));
    assert.equal(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.AssumeRolePolicyDocument!), other);
    await rejectsWith(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: '{' })), 'MalformedPolicyDocumentException');

    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'inline', PolicyDocument: ALLOW_IAM_READ }));
    assert.equal(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'inline' }))).PolicyDocument!), ALLOW_IAM_READ);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }))).PolicyNames, ['inline']);
    await rejectsWith(iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'x' })), 'NoSuchEntityException', 404);
    const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'RolePolicy', PolicyDocument: ALLOW_IAM_READ }))).Policy!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: policy.Arn! }));
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))).AttachedPolicies?.map((p) => p.PolicyArn), [policy.Arn]);

    const c1 = await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'app' })), 'DeleteConflictException', 409);
    assert.equal(c1.message, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'inline' }));
    await rejectsWith(iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'inline' })), 'NoSuchEntityException', 404);
    const c2 = await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'app' })), 'DeleteConflictException', 409);
    assert.equal(c2.message, 'Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: policy.Arn! }));
    await rejectsWith(iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: policy.Arn! })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'app' })), 'NoSuchEntityException', 404);
    await iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn! }));
  });

  it('instance profiles: one role at most, listed for the role, delete conflicts while holding a role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-role', AssumeRolePolicyDocument: TRUST_ACCOUNT(A) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-role-2', AssumeRolePolicyDocument: TRUST_ACCOUNT(A) }));
    const ip = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.equal(ip.Arn, `arn:aws:iam::${A}:instance-profile/web`);
    assert.match(ip.InstanceProfileId!, /^AIPA/);
    assert.deepEqual(ip.Roles, []);
    await rejectsWith(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' })), 'EntityAlreadyExistsException', 409);
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-role' }));
    const limit = await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-role-2' })), 'LimitExceededException', 409);
    assert.equal(limit.message, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'none', RoleName: 'ec2-role' })), 'NoSuchEntityException', 404);
    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.deepEqual(got.Roles?.map((r) => r.RoleName), ['ec2-role']);
    assert.deepEqual((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles?.map((p) => p.InstanceProfileName), ['web']);
    assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ec2-role' }))).InstanceProfiles?.map((p) => p.InstanceProfileName), ['web']);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'ec2-role' })), 'DeleteConflictException', 409);
    await rejectsWith(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })), 'DeleteConflictException', 409);
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-role' }));
    await rejectsWith(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ec2-role' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await rejectsWith(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteRoleCommand({ RoleName: 'ec2-role' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'ec2-role-2' }));
  });

  it('an IAM user is limited to its identity policies (AccessDenied 403); GetUser without a name is the caller', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const asReader = h.iam({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await rejectsWith(asReader.send(new CreateUserCommand({ UserName: 'mallory' })), 'AccessDenied', 403);
    assert.equal(denied.message, `User: arn:aws:iam::${A}:user/reader is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${A}:user/mallory because no identity-based policy allows the iam:CreateUser action`);
    await rejectsWith(asReader.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'read', PolicyDocument: ALLOW_IAM_READ }));
    const listed = await asReader.send(new ListUsersCommand({}));
    assert.ok(listed.Users?.some((u) => u.UserName === 'reader'));
    const me = await asReader.send(new GetUserCommand({}));
    assert.equal(me.User?.UserName, 'reader');
    await rejectsWith(asReader.send(new CreateUserCommand({ UserName: 'mallory' })), 'AccessDenied', 403);
    const root = await iam.send(new GetUserCommand({}));
    assert.equal(root.User?.Arn, `arn:aws:iam::${A}:root`);
    assert.equal(root.User?.UserId, A);
  });
});
