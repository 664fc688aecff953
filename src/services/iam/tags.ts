/**
 * @module Tagging operations of users, roles, managed policies and instance profiles: Tag*, Untag*, List*Tags.
 * AWS: Tag* adds or replaces (a key of any case replaces the tag), Untag* ignores keys the resource lacks, List*Tags
 * pages with Marker/MaxItems; an entity that does not exist is NoSuchEntity. The three handlers are written once and
 * built per taggable entity kind from `TAGGABLE`.
 */
import { taggedPolicy } from '../../model/iam-policy.js';
import { taggedRole } from '../../model/iam-role.js';
import { tagEntity, untagEntity, type TaggedIamEntity, type TaggedIamKind } from '../../model/iam-tags.js';
import { taggedUser } from '../../model/iam-user.js';
import { taggedInstanceProfile } from '../../model/instance-profile.js';
import type { WTag } from '../../specs/iam-types.js';
import { page, type IamContext, type IamHandlerTable, type NamedBy, type Paging } from './context.js';
import { authorizeInstanceProfile, authorizePolicy, authorizeRole, authorizeUser, requestTagKeys, type EntityAuthorizer } from './entity-authorization.js';
import { tagsFromWire, wireTags } from './wire.js';

/** A taggable IAM entity kind: its name in operation and action names, the input member naming one, its gate and getter. */
interface Taggable<M extends string> {
  readonly entity: 'Role' | 'User' | 'Policy' | 'InstanceProfile';
  readonly member: M;
  readonly authorize: EntityAuthorizer;
  readonly kind: TaggedIamKind<TaggedIamEntity>;
}

interface TagsPage { Tags: WTag[]; IsTruncated: boolean; Marker?: string }

/** Tag<Entity>, Untag<Entity> and List<Entity>Tags for one kind. */
function taggingOf<M extends string>(e: Taggable<M>) {
  return {
    tag(ctx: IamContext, input: NamedBy<M> & { readonly Tags: readonly WTag[] }): Record<string, never> {
      const tags = tagsFromWire(input.Tags);
      e.authorize(ctx, `iam:Tag${e.entity}`, input[e.member], requestTagKeys(tags));
      ctx.write((p) => tagEntity(p, e.kind, input[e.member], tags));
      return {};
    },
    untag(ctx: IamContext, input: NamedBy<M> & { readonly TagKeys: readonly string[] }): Record<string, never> {
      e.authorize(ctx, `iam:Untag${e.entity}`, input[e.member], { 'aws:TagKeys': input.TagKeys });
      ctx.write((p) => untagEntity(p, e.kind, input[e.member], input.TagKeys));
      return {};
    },
    list(ctx: IamContext, input: NamedBy<M> & Paging): TagsPage {
      e.authorize(ctx, `iam:List${e.entity}Tags`, input[e.member]);
      const { items, ...rest } = page(e.kind.mustGet(ctx.read(), input[e.member]).tags, input);
      return { Tags: wireTags(items), ...rest };
    },
  };
}

const TAGGABLE = {
  role: taggingOf({ entity: 'Role', member: 'RoleName', authorize: authorizeRole, kind: taggedRole }),
  user: taggingOf({ entity: 'User', member: 'UserName', authorize: authorizeUser, kind: taggedUser }),
  policy: taggingOf({ entity: 'Policy', member: 'PolicyArn', authorize: authorizePolicy, kind: taggedPolicy }),
  instanceProfile: taggingOf({ entity: 'InstanceProfile', member: 'InstanceProfileName', authorize: authorizeInstanceProfile, kind: taggedInstanceProfile }),
};

export const tagHandlers: IamHandlerTable = {
  TagRole: TAGGABLE.role.tag, UntagRole: TAGGABLE.role.untag, ListRoleTags: TAGGABLE.role.list,
  TagUser: TAGGABLE.user.tag, UntagUser: TAGGABLE.user.untag, ListUserTags: TAGGABLE.user.list,
  TagPolicy: TAGGABLE.policy.tag, UntagPolicy: TAGGABLE.policy.untag, ListPolicyTags: TAGGABLE.policy.list,
  TagInstanceProfile: TAGGABLE.instanceProfile.tag, UntagInstanceProfile: TAGGABLE.instanceProfile.untag,
  ListInstanceProfileTags: TAGGABLE.instanceProfile.list,
};
