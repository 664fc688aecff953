/**
 * @module IAM tags, managed policy versions, permissions boundaries and the update/usage operations Terraform's
 * IAM resources call, through @aws-sdk/client-iam over HTTP; every error code these operations answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateInstanceProfileCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DeleteRoleCommand,
  DetachRolePolicyCommand, GetAccessKeyLastUsedCommand, GetInstanceProfileCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand,
  GetUserCommand, ListAccessKeysCommand, ListAttachedUserPoliciesCommand, ListEntitiesForPolicyCommand, ListGroupsForUserCommand,
  ListInstanceProfilesCommand, ListInstanceProfileTagsCommand, ListPoliciesCommand, ListPolicyTagsCommand, ListPolicyVersionsCommand,
  ListRolesCommand, ListRoleTagsCommand, ListUsersCommand, ListUserTagsCommand, PutRolePolicyCommand, PutUserPolicyCommand, SetDefaultPolicyVersionCommand,
  TagInstanceProfileCommand, TagPolicyCommand, TagRoleCommand, TagUserCommand, UntagInstanceProfileCommand, UntagPolicyCommand,
  UntagRoleCommand, UntagUserCommand, UpdateAccessKeyCommand, UpdateRoleCommand, UpdateRoleDescriptionCommand, UpdateUserCommand,
  type IAMClient, type Tag,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { iamUserWith, rejectsWith, startHarness, type Harness } from './harness.js';
import { serviceWorld } from './service-world.js';

const A = '222222222222';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] });
const allow = (...actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const manyTags = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));

describe('IAM tags, policy versions and updates', () => {
  let h: Harness;
  let iam: IAMClient;
  before(async () => { h = await startHarness(); iam = h.iam(A); });
  after(async () => { await h.close(); });

  it('role tags: given at creation, returned by GetRole (not ListRoles), merged without case, removed, paged', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'Env', Value: 'prod' }, { Key: 'team', Value: 'blue' }] }));
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!;
    assert.deepEqual(got.Tags, [{ Key: 'Env', Value: 'prod' }, { Key: 'team', Value: 'blue' }]);
    // Terraform reads these: RoleId, CreateDate, MaxSessionDuration (default 3600), RoleLastUsed.
    assert.match(got.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.ok(got.CreateDate instanceof Date);
    assert.equal(got.MaxSessionDuration, 3600);
    assert.deepEqual(got.RoleLastUsed, {});
    const listed = (await iam.send(new ListRolesCommand({}))).Roles!.find((r) => r.RoleName === 'tagged')!;
    assert.equal(listed.Tags, undefined, 'AWS: ListRoles does not return tags');

    // AWS: tag keys of users and roles are case insensitive: `env` replaces `Env`, keeping the newer spelling.
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'cost', Value: '' }] }));
    const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags;
    assert.deepEqual(tags, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'blue' }, { Key: 'cost', Value: '' }]);
    await iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['TEAM', 'absent'] }));
    const first = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged', MaxItems: 1 }));
    assert.deepEqual(first.Tags, [{ Key: 'env', Value: 'dev' }]);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged', MaxItems: 1, Marker: first.Marker! }));
    assert.deepEqual(rest.Tags, [{ Key: 'cost', Value: '' }]);
    assert.equal(rest.IsTruncated, false);
  });

  it('tag errors: NoSuchEntity, LimitExceeded past 50, ValidationError for keys and values, InvalidInput for duplicate keys', async () => {
    const missing = await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);
    assert.equal(missing.message, 'The role with name ghost cannot be found.');
    await rejectsWith(iam.send(new UntagRoleCommand({ RoleName: 'ghost', TagKeys: ['a'] })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new ListRoleTagsCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new UntagUserCommand({ UserName: 'ghost', TagKeys: ['a'] })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new ListUserTagsCommand({ UserName: 'ghost' })), 'NoSuchEntityException', 404);
    const ghostPolicy = `arn:aws:iam::${A}:policy/ghost`;
    const noPolicy = await rejectsWith(iam.send(new TagPolicyCommand({ PolicyArn: ghostPolicy, Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);
    assert.equal(noPolicy.message, `Policy ${ghostPolicy} was not found.`);
    await rejectsWith(iam.send(new UntagPolicyCommand({ PolicyArn: ghostPolicy, TagKeys: ['a'] })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new ListPolicyTagsCommand({ PolicyArn: ghostPolicy })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'ghost', TagKeys: ['a'] })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'ghost' })), 'NoSuchEntityException', 404);

    await iam.send(new CreateRoleCommand({ RoleName: 'limits', AssumeRolePolicyDocument: TRUST, Tags: manyTags(49) }));
    // Replacing a tag keeps the count: allowed at 50.
    await iam.send(new TagRoleCommand({ RoleName: 'limits', Tags: [{ Key: 'K0', Value: 'again' }, { Key: 'fiftieth', Value: 'v' }] }));
    const limit = await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'limits', Tags: [{ Key: 'one-more', Value: 'v' }] })), 'LimitExceededException', 409);
    assert.equal(limit.message, 'Cannot exceed quota for TagsPerRole: 50');
    assert.equal((await iam.send(new ListRoleTagsCommand({ RoleName: 'limits' }))).Tags!.length, 50);
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'too-many', Tags: manyTags(51) })), 'LimitExceededException', 409);
    await rejectsWith(iam.send(new GetUserCommand({ UserName: 'too-many' })), 'NoSuchEntityException', 404);

    const badKey = await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'ok', Value: 'v' }, { Key: 'bad#key', Value: 'v' }] })), 'ValidationError');
    assert.equal(badKey.message, "1 validation error detected: Value 'bad#key' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    const longKey = await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] })), 'ValidationError');
    assert.match(longKey.message, /at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128$/);
    const longValue = await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: 'long', PolicyDocument: allow('s3:GetObject'), Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] })), 'ValidationError');
    assert.match(longValue.message, /at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256$/);
    const badUntag = await rejectsWith(iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['fine', 'no*star'] })), 'ValidationError');
    assert.match(badUntag.message, /Value 'no\*star' at 'tagKeys.2.member' failed to satisfy constraint/);
    const dup = await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'Name', Value: 'a' }, { Key: 'name', Value: 'b' }] })), 'InvalidInputException');
    assert.equal(dup.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'dup' })), 'NoSuchEntityException', 404);
    // AWS: "You cannot create a tag key or value that begins with the text aws:".
    await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'AWS:owner', Value: 'x' }] })), 'InvalidInputException');
    await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'owner', Value: 'aws:me' }] })), 'InvalidInputException');
    // The request is checked before the entity is looked up.
    await rejectsWith(iam.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'bad#', Value: 'v' }] })), 'ValidationError');
  });

  it('user, policy and instance profile tags: on creation, in Get* (not List*), tagged and untagged', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'tu', Tags: [{ Key: 'a', Value: '1' }] }));
    await iam.send(new TagUserCommand({ UserName: 'tu', Tags: [{ Key: 'b', Value: '2' }] }));
    assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'tu' }))).User!.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    assert.equal((await iam.send(new ListUsersCommand({}))).Users!.find((u) => u.UserName === 'tu')!.Tags, undefined);
    await iam.send(new UntagUserCommand({ UserName: 'tu', TagKeys: ['a'] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'tu' }))).Tags, [{ Key: 'b', Value: '2' }]);

    const created = (await iam.send(new CreatePolicyCommand({ PolicyName: 'tp', PolicyDocument: allow('s3:GetObject'), Tags: [{ Key: 'x', Value: 'y' }] }))).Policy!;
    assert.deepEqual(created.Tags, [{ Key: 'x', Value: 'y' }]);
    await iam.send(new TagPolicyCommand({ PolicyArn: created.Arn!, Tags: [{ Key: 'z', Value: 'w' }] }));
    assert.deepEqual((await iam.send(new GetPolicyCommand({ PolicyArn: created.Arn! }))).Policy!.Tags, [{ Key: 'x', Value: 'y' }, { Key: 'z', Value: 'w' }]);
    assert.equal((await iam.send(new ListPoliciesCommand({}))).Policies!.find((p) => p.PolicyName === 'tp')!.Tags, undefined);
    await iam.send(new UntagPolicyCommand({ PolicyArn: created.Arn!, TagKeys: ['x'] }));
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: created.Arn! }))).Tags, [{ Key: 'z', Value: 'w' }]);
    // AWS: tag keys of customer managed policies and instance profiles are case sensitive: `Z` is another tag.
    await iam.send(new TagPolicyCommand({ PolicyArn: created.Arn!, Tags: [{ Key: 'Z', Value: 'upper' }] }));
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: created.Arn! }))).Tags, [{ Key: 'z', Value: 'w' }, { Key: 'Z', Value: 'upper' }]);
    await iam.send(new UntagPolicyCommand({ PolicyArn: created.Arn!, TagKeys: ['Z'] }));
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: created.Arn! }))).Tags, [{ Key: 'z', Value: 'w' }]);

    const ip = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tip', Tags: [{ Key: 'k', Value: 'v' }] }))).InstanceProfile!;
    assert.deepEqual(ip.Tags, [{ Key: 'k', Value: 'v' }]);
    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tip', Tags: [{ Key: 'k2', Value: 'v2' }] }));
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tip' }))).InstanceProfile!.Tags, [{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: 'v2' }]);
    assert.equal((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles!.find((p) => p.InstanceProfileName === 'tip')!.Tags, undefined);
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'tip', TagKeys: ['k'] }));
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tip' }))).Tags, [{ Key: 'k2', Value: 'v2' }]);
  });

  it('tag condition keys: aws:ResourceTag / iam:ResourceTag, aws:RequestTag and aws:TagKeys decide IAM calls', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'blue-role', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(new CreateRoleCommand({ RoleName: 'red-role', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'red' }] }));
    const who = await iamUserWith(h, A, 'tag-scoped', [
      { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
      { Effect: 'Allow', Action: 'iam:ListRoleTags', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'blue' } } },
      { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:TagRole'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' } } },
      { Effect: 'Allow', Action: 'iam:UntagRole', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:UntagRole', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } } },
    ]);
    const scoped = h.iam(who);
    await scoped.send(new GetRoleCommand({ RoleName: 'blue-role' }));
    const denied = await rejectsWith(scoped.send(new GetRoleCommand({ RoleName: 'red-role' })), 'AccessDenied', 403);
    assert.match(denied.message, /not authorized to perform: iam:GetRole on resource: arn:aws:iam::222222222222:role\/red-role/);
    await scoped.send(new ListRoleTagsCommand({ RoleName: 'blue-role' }));
    await rejectsWith(scoped.send(new ListRoleTagsCommand({ RoleName: 'red-role' })), 'AccessDenied', 403);
    await scoped.send(new CreateRoleCommand({ RoleName: 'made-blue', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'blue' }] }));
    await rejectsWith(scoped.send(new CreateRoleCommand({ RoleName: 'made-plain', AssumeRolePolicyDocument: TRUST })), 'AccessDenied', 403);
    await rejectsWith(scoped.send(new TagRoleCommand({ RoleName: 'red-role', Tags: [{ Key: 'team', Value: 'green' }] })), 'AccessDenied', 403);
    await scoped.send(new TagRoleCommand({ RoleName: 'made-blue', Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'extra', Value: 'x' }] }));
    await scoped.send(new UntagRoleCommand({ RoleName: 'made-blue', TagKeys: ['extra'] }));
    await rejectsWith(scoped.send(new UntagRoleCommand({ RoleName: 'made-blue', TagKeys: ['team'] })), 'AccessDenied', 403);
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'made-blue' }))).Tags, [{ Key: 'team', Value: 'blue' }]);

    // AWS (aws:PrincipalTag): the caller's own tags, here matched against the role's (attribute-based access control).
    const abac = await iamUserWith(h, A, 'abac', [
      { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } },
    ]);
    const asAbac = h.iam(abac);
    await rejectsWith(asAbac.send(new GetRoleCommand({ RoleName: 'red-role' })), 'AccessDenied', 403);
    await iam.send(new TagUserCommand({ UserName: 'abac', Tags: [{ Key: 'team', Value: 'red' }] }));
    await asAbac.send(new GetRoleCommand({ RoleName: 'red-role' }));
    await rejectsWith(asAbac.send(new GetRoleCommand({ RoleName: 'blue-role' })), 'AccessDenied', 403);
  });

  it('policy versions: created (SetAsDefault), listed newest first, five at most, default not deletable, ids never reused', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: allow('s3:GetObject') }))).Policy!.Arn!;
    const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:PutObject') }))).PolicyVersion!;
    assert.equal(v2.VersionId, 'v2');
    assert.equal(v2.IsDefaultVersion, false);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v1');
    const v3 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:ListBucket'), SetAsDefault: true }))).PolicyVersion!;
    assert.equal(v3.IsDefaultVersion, true);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v3');
    const got = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }))).PolicyVersion!;
    assert.equal(decodeURIComponent(got.Document!), allow('s3:ListBucket'));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:GetObject') }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:GetObject') }));
    const listed = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    assert.deepEqual(listed.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    assert.equal(listed[0]!.Document, undefined);
    const full = await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:GetObject') })), 'LimitExceededException', 409);
    assert.equal(full.message, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const isDefault = await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), 'DeleteConflictException', 409);
    assert.equal(isDefault.message, 'Cannot delete the default version of a policy.');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    assert.equal((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:GetObject') }))).PolicyVersion!.VersionId, 'v6');
    await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), 'NoSuchEntityException', 404);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v1');
    await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn.replace('versioned', 'nope'), PolicyDocument: allow('s3:GetObject') })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn.replace('versioned', 'nope') })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: '{"Statement":' })), 'MalformedPolicyDocumentException');

    // AWS: DeletePolicy refuses a policy with versions besides the default; Terraform deletes those first.
    const many = await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409);
    assert.match(many.message, /^This policy has more than one version\./);
    for (const v of ['v2', 'v3', 'v4', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejectsWith(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException', 404);
  });

  it('authorization follows the default version of an attached policy', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'switch', PolicyDocument: allow('iam:ListRoles') }))).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'switched' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'switched', PolicyArn: arn }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'switched' }))).AccessKey!;
    const as = h.iam({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    await as.send(new ListRolesCommand({}));
    await rejectsWith(as.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('iam:ListUsers') }));
    await rejectsWith(as.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    await as.send(new ListUsersCommand({}));
    await rejectsWith(as.send(new ListRolesCommand({})), 'AccessDenied', 403);
  });

  it('ListEntitiesForPolicy: users and roles by usage (policy or boundary), entity filter and path prefix', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'shared', PolicyDocument: allow('s3:GetObject') }))).Policy!.Arn!;
    await iam.send(new CreatePolicyCommand({ PolicyName: 'unattached-lep', PolicyDocument: allow('s3:GetObject') }));
    await iam.send(new CreateUserCommand({ UserName: 'le-user', Path: '/ops/' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'le-user', PolicyArn: arn }));
    await iam.send(new CreateRoleCommand({ RoleName: 'le-role', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'le-role', PolicyArn: arn }));
    await iam.send(new CreateRoleCommand({ RoleName: 'le-bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: arn }));
    const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(all.PolicyUsers?.map((u) => u.UserName), ['le-user']);
    assert.match(all.PolicyUsers![0]!.UserId!, /^AIDA/);
    assert.deepEqual(all.PolicyRoles?.map((r) => r.RoleName), ['le-bounded', 'le-role']);
    assert.deepEqual(all.PolicyGroups, []);
    const asPolicy = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy' }));
    assert.deepEqual(asPolicy.PolicyRoles?.map((r) => r.RoleName), ['le-role']);
    const asBoundary = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }));
    assert.deepEqual(asBoundary.PolicyRoles?.map((r) => r.RoleName), ['le-bounded']);
    assert.deepEqual(asBoundary.PolicyUsers, []);
    const rolesOnly = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    assert.deepEqual(rolesOnly.PolicyUsers, []);
    assert.equal(rolesOnly.PolicyRoles?.length, 2);
    const underOps = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: '/ops/' }));
    assert.deepEqual([underOps.PolicyUsers?.length, underOps.PolicyRoles?.length], [1, 0]);
    const paged = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2 }));
    assert.equal(paged.IsTruncated, true);
    const next = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2, Marker: paged.Marker! }));
    assert.deepEqual(next.PolicyRoles?.map((r) => r.RoleName), ['le-role']);
    await rejectsWith(iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: `arn:aws:iam::${A}:policy/none` })), 'NoSuchEntityException', 404);
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.deepEqual([policy.AttachmentCount, policy.PermissionsBoundaryUsageCount], [2, 1]);
    const boundaries = await iam.send(new ListPoliciesCommand({ PolicyUsageFilter: 'PermissionsBoundary' }));
    assert.deepEqual(boundaries.Policies?.map((p) => p.PolicyName), ['shared']);
    const attachedAsPolicy = await iam.send(new ListPoliciesCommand({ OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' }));
    assert.ok(attachedAsPolicy.Policies?.some((p) => p.PolicyName === 'shared'));
    assert.ok(!attachedAsPolicy.Policies?.some((p) => p.PolicyName === 'unattached-lep'));
    assert.ok((await iam.send(new ListPoliciesCommand({ PolicyUsageFilter: 'PermissionsPolicy' }))).Policies?.some((p) => p.PolicyName === 'unattached-lep'));
    // A policy used only as a boundary is not attached.
    const boundOnly = (await iam.send(new CreatePolicyCommand({ PolicyName: 'bound-only', PolicyDocument: allow('s3:GetObject') }))).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'bound-only-user', PermissionsBoundary: boundOnly }));
    assert.ok(!(await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies?.some((p) => p.PolicyName === 'bound-only'));
    assert.ok((await iam.send(new ListPoliciesCommand({ OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }))).Policies?.some((p) => p.PolicyName === 'bound-only'));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'le-role', PolicyArn: arn }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'le-role' }));
  });

  it('permissions boundaries: stored, returned by GetRole/GetUser, required to exist, enforced, and they hold the policy', async () => {
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary', PolicyDocument: allow('iam:ListRoles', 'iam:GetUser') }))).Policy!.Arn!;
    const unknown = `arn:aws:iam::${A}:policy/no-boundary`;
    const missing = await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'nb', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: unknown })), 'NoSuchEntityException', 404);
    assert.equal(missing.message, `Scope ARN: ${unknown} does not exist or is not attachable.`);
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'nb', PermissionsBoundary: unknown })), 'NoSuchEntityException', 404);
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: boundary }));
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role!.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary });
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles!.find((r) => r.RoleName === 'bounded')!.PermissionsBoundary, undefined);

    await iam.send(new CreateUserCommand({ UserName: 'capped', PermissionsBoundary: boundary }));
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'capped' }))).User!.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
    await iam.send(new PutUserPolicyCommand({ UserName: 'capped', PolicyName: 'all', PolicyDocument: allow('iam:*') }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'capped' }))).AccessKey!;
    const capped = h.iam({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    await capped.send(new ListRolesCommand({}));
    // AWS: the boundary caps the identity policy: iam:* is granted, but the boundary does not allow ListUsers.
    await rejectsWith(capped.send(new ListUsersCommand({})), 'AccessDenied', 403);

    // A role's sessions are capped by the role's boundary.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'bounded', PolicyName: 'all', PolicyDocument: allow('iam:*') }));
    const c = (await h.sts(A).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/bounded`, RoleSessionName: 'capped-session' }))).Credentials!;
    const session = h.iam({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    await session.send(new ListRolesCommand({}));
    await rejectsWith(session.send(new ListUsersCommand({})), 'AccessDenied', 403);

    const inUse = await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: boundary })), 'DeleteConflictException', 409);
    assert.equal(inUse.message, 'Cannot delete a policy attached to entities.');
  });

  it('a permissions boundary caps S3 requests too, and vpce explain weighs it as a live request does', async () => {
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 's3-list-only', PolicyDocument: allow('s3:ListBucket') }))).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 's3-capped', PermissionsBoundary: boundary }));
    await iam.send(new PutUserPolicyCommand({ UserName: 's3-capped', PolicyName: 'all', PolicyDocument: allow('s3:*') }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 's3-capped' }))).AccessKey!;
    const capped = h.s3({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    await h.s3(A).send(new CreateBucketCommand({ Bucket: 'boundary-bucket' }));
    await h.s3(A).send(new PutObjectCommand({ Bucket: 'boundary-bucket', Key: 'k', Body: 'v' }));
    await capped.send(new ListObjectsV2Command({ Bucket: 'boundary-bucket' }));
    await rejectsWith(capped.send(new GetObjectCommand({ Bucket: 'boundary-bucket', Key: 'k' })), 'AccessDenied', 403);

    const w = await serviceWorld(h.ec2(A), 72);
    const explain = async (principal: string) => (await (await fetch(`${h.url}/_vpce/explain`, {
      method: 'POST', body: JSON.stringify({ account: A, region: 'us-east-1', from: w.publicInstance, to: 's3://boundary-bucket/k', principal }),
    })).json()) as { allowed: boolean };
    assert.equal((await explain(`arn:aws:iam::${A}:user/s3-capped`)).allowed, false);
    await iam.send(new CreateUserCommand({ UserName: 's3-free' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 's3-free', PolicyName: 'all', PolicyDocument: allow('s3:*') }));
    assert.equal((await explain(`arn:aws:iam::${A}:user/s3-free`)).allowed, true);
  });

  it('UpdateRole and UpdateRoleDescription change the description and MaxSessionDuration (3600..43200)', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'upd', AssumeRolePolicyDocument: TRUST, Description: 'first' }));
    await iam.send(new UpdateRoleCommand({ RoleName: 'upd', MaxSessionDuration: 7200 }));
    let role = (await iam.send(new GetRoleCommand({ RoleName: 'upd' }))).Role!;
    assert.deepEqual([role.Description, role.MaxSessionDuration], ['first', 7200]);
    await iam.send(new UpdateRoleCommand({ RoleName: 'upd', Description: 'second' }));
    role = (await iam.send(new GetRoleCommand({ RoleName: 'upd' }))).Role!;
    assert.deepEqual([role.Description, role.MaxSessionDuration], ['second', 7200]);
    const described = (await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'upd', Description: 'third' }))).Role!;
    assert.equal(described.Description, 'third');
    assert.equal(described.RoleName, 'upd');
    const range = await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'upd', MaxSessionDuration: 43201 })), 'ValidationError');
    assert.match(range.message, /at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200/);
    await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'upd', MaxSessionDuration: 3599 })), 'ValidationError');
    await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'nope', Description: 'x' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'nope', Description: 'x' })), 'NoSuchEntityException', 404);
  });

  it('UpdateUser renames and moves a user keeping its id, keys, policies and tags; the keys answer as the new ARN', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'old-name', Tags: [{ Key: 't', Value: 'v' }] }));
    const before = (await iam.send(new GetUserCommand({ UserName: 'old-name' }))).User!;
    const pol = (await iam.send(new CreatePolicyCommand({ PolicyName: 'renamed-pol', PolicyDocument: allow('iam:GetUser') }))).Policy!.Arn!;
    await iam.send(new AttachUserPolicyCommand({ UserName: 'old-name', PolicyArn: pol }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'old-name' }))).AccessKey!;
    await iam.send(new CreateUserCommand({ UserName: 'taken' }));
    const taken = await rejectsWith(iam.send(new UpdateUserCommand({ UserName: 'old-name', NewUserName: 'TAKEN' })), 'EntityAlreadyExistsException', 409);
    assert.equal(taken.message, 'User with name TAKEN already exists.');
    await rejectsWith(iam.send(new UpdateUserCommand({ UserName: 'ghost', NewUserName: 'x' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new UpdateUserCommand({ UserName: 'old-name', NewPath: 'bad' })), 'ValidationError');

    await iam.send(new UpdateUserCommand({ UserName: 'old-name', NewUserName: 'new-name', NewPath: '/moved/' }));
    await rejectsWith(iam.send(new GetUserCommand({ UserName: 'old-name' })), 'NoSuchEntityException', 404);
    const after = (await iam.send(new GetUserCommand({ UserName: 'new-name' }))).User!;
    assert.equal(after.UserId, before.UserId);
    assert.equal(after.Arn, `arn:aws:iam::${A}:user/moved/new-name`);
    assert.deepEqual(after.Tags, [{ Key: 't', Value: 'v' }]);
    assert.deepEqual((await iam.send(new ListAccessKeysCommand({ UserName: 'new-name' }))).AccessKeyMetadata?.map((m) => [m.AccessKeyId, m.UserName]), [[k.AccessKeyId, 'new-name']]);
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'new-name' }))).AttachedPolicies?.map((p) => p.PolicyArn), [pol]);
    const creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    assert.equal((await h.sts(creds).send(new GetCallerIdentityCommand({}))).Arn, after.Arn);
    assert.equal((await h.iam(creds).send(new GetUserCommand({}))).User!.UserName, 'new-name');
  });

  it('GetAccessKeyLastUsed (N/A when never used; a key of no user of the account is AccessDenied), ListGroupsForUser (no groups)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'lu' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'lu' }))).AccessKey!;
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! }));
    assert.equal(used.UserName, 'lu');
    assert.deepEqual(used.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
    const denied = await rejectsWith(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })), 'AccessDenied', 403);
    assert.match(denied.message, /not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key AKIAAAAAAAAAAAAAAAAA/);
    // Another account's key is not this account's to read.
    await rejectsWith(h.iam('333333333333').send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! })), 'AccessDenied', 403);

    const groups = await iam.send(new ListGroupsForUserCommand({ UserName: 'lu' }));
    assert.deepEqual([groups.Groups, groups.IsTruncated], [[], false]);
    await rejectsWith(iam.send(new ListGroupsForUserCommand({ UserName: 'ghost' })), 'NoSuchEntityException', 404);
  });

  it('UpdateAccessKey accepts only Active and Inactive', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'st' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'st' }))).AccessKey!;
    const expired = await rejectsWith(iam.send(new UpdateAccessKeyCommand({ UserName: 'st', AccessKeyId: k.AccessKeyId!, Status: 'Expired' })), 'ValidationError');
    assert.match(expired.message, /Member must satisfy enum value set: \[Active, Inactive\]/);
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'st' }))).AccessKeyMetadata![0]!.Status, 'Active');
  });
});
