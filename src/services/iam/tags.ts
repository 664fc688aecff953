/**
 * @module Tagging operations of users, roles, managed policies and instance profiles: Tag*, Untag*, List*Tags.
 * AWS: Tag* adds or replaces (a key of any case replaces the tag), Untag* ignores keys the resource lacks, List*Tags
 * pages with Marker/MaxItems; an entity that does not exist is NoSuchEntity.
 */
import { mustGetPolicy, tagPolicy, untagPolicy } from '../../model/iam-policy.js';
import { mustGetRole, tagRole, untagRole } from '../../model/iam-role.js';
import { mustGetUser, tagUser, untagUser } from '../../model/iam-user.js';
import { mustGetInstanceProfile, tagInstanceProfile, untagInstanceProfile } from '../../model/instance-profile.js';
import type { Tags } from '../../model/tags.js';
import { page, type IamHandlerTable } from './context.js';
import { authorizeInstanceProfile, authorizePolicy, authorizeRole, authorizeUser, requestTagKeys } from './entity-authorization.js';
import { tagsFromWire, wireTags } from './wire.js';

interface Paging { readonly Marker?: string | undefined; readonly MaxItems?: number | undefined }

function listed(tags: Tags, input: Paging): { Tags: ReturnType<typeof wireTags>; IsTruncated: boolean; Marker?: string } {
  const { items, ...rest } = page(tags, input);
  return { Tags: wireTags(items), ...rest };
}

export const tagHandlers: IamHandlerTable = {
  TagRole(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    authorizeRole(ctx, 'iam:TagRole', input.RoleName, requestTagKeys(tags));
    ctx.write((p) => tagRole(p, input.RoleName, tags));
    return {};
  },
  UntagRole(ctx, input) {
    authorizeRole(ctx, 'iam:UntagRole', input.RoleName, { 'aws:TagKeys': input.TagKeys });
    ctx.write((p) => untagRole(p, input.RoleName, input.TagKeys));
    return {};
  },
  ListRoleTags(ctx, input) {
    authorizeRole(ctx, 'iam:ListRoleTags', input.RoleName);
    return listed(mustGetRole(ctx.read(), input.RoleName).tags, input);
  },
  TagUser(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    authorizeUser(ctx, 'iam:TagUser', input.UserName, requestTagKeys(tags));
    ctx.write((p) => tagUser(p, input.UserName, tags));
    return {};
  },
  UntagUser(ctx, input) {
    authorizeUser(ctx, 'iam:UntagUser', input.UserName, { 'aws:TagKeys': input.TagKeys });
    ctx.write((p) => untagUser(p, input.UserName, input.TagKeys));
    return {};
  },
  ListUserTags(ctx, input) {
    authorizeUser(ctx, 'iam:ListUserTags', input.UserName);
    return listed(mustGetUser(ctx.read(), input.UserName).tags, input);
  },
  TagPolicy(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    authorizePolicy(ctx, 'iam:TagPolicy', input.PolicyArn, requestTagKeys(tags));
    ctx.write((p) => tagPolicy(p, input.PolicyArn, tags));
    return {};
  },
  UntagPolicy(ctx, input) {
    authorizePolicy(ctx, 'iam:UntagPolicy', input.PolicyArn, { 'aws:TagKeys': input.TagKeys });
    ctx.write((p) => untagPolicy(p, input.PolicyArn, input.TagKeys));
    return {};
  },
  ListPolicyTags(ctx, input) {
    authorizePolicy(ctx, 'iam:ListPolicyTags', input.PolicyArn);
    return listed(mustGetPolicy(ctx.read(), input.PolicyArn).tags, input);
  },
  TagInstanceProfile(ctx, input) {
    const tags = tagsFromWire(input.Tags);
    authorizeInstanceProfile(ctx, 'iam:TagInstanceProfile', input.InstanceProfileName, requestTagKeys(tags));
    ctx.write((p) => tagInstanceProfile(p, input.InstanceProfileName, tags));
    return {};
  },
  UntagInstanceProfile(ctx, input) {
    authorizeInstanceProfile(ctx, 'iam:UntagInstanceProfile', input.InstanceProfileName, { 'aws:TagKeys': input.TagKeys });
    ctx.write((p) => untagInstanceProfile(p, input.InstanceProfileName, input.TagKeys));
    return {};
  },
  ListInstanceProfileTags(ctx, input) {
    authorizeInstanceProfile(ctx, 'iam:ListInstanceProfileTags', input.InstanceProfileName);
    return listed(mustGetInstanceProfile(ctx.read(), input.InstanceProfileName).tags, input);
  },
};
