/**
 * @module Tags on IAM users, roles, managed policies and instance profiles: IAM's own rules ("Rules for tagging in
 * IAM and AWS STS"), which differ from EC2's (`model/tags.ts`). Tag keys of users and roles compare without case
 * (tagging `env` over `Env` replaces the tag, keeping the newer spelling); those of managed policies and instance
 * profiles are case sensitive. Neither a key nor a value may begin with `aws:`.
 */
import { iamErrors } from '../errors/iam.js';
import type { IamInstanceProfile, IamManagedPolicy, IamRole, IamUser } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView } from './world.js';

/** AWS (IAM quotas): 50 tags per IAM resource. */
const IAM_TAG_LIMIT = 50;

/** The quota name IAM's LimitExceeded message gives, per tagged entity. */
export type TagQuota = 'TagsPerUser' | 'TagsPerRole' | 'TagsPerPolicy' | 'TagsPerInstanceProfile';

/** AWS: "Tag key values for IAM users and roles are not case sensitive"; other IAM resources' keys are. */
function keyOf(key: string, quota: TagQuota): string {
  return quota === 'TagsPerUser' || quota === 'TagsPerRole' ? key.toLowerCase() : key;
}

const RESERVED = /^aws:/i;

// AWS (API_Tag): Key 1..128 of [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Value 0..256 of the same characters.
const TAG_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]';
const KEY = new RegExp(`^${TAG_PATTERN}+$`, 'u');
const VALUE = new RegExp(`^${TAG_PATTERN}*$`, 'u');

function constraint(value: string, at: string, problem: string): never {
  throw iamErrors.validation(`1 validation error detected: Value '${value}' at '${at}' failed to satisfy constraint: ${problem}`);
}

function checkKey(key: string, at: string): void {
  const length = [...key].length;
  if (length < 1) constraint(key, at, 'Member must have length greater than or equal to 1');
  if (length > 128) constraint(key, at, 'Member must have length less than or equal to 128');
  if (!KEY.test(key)) constraint(key, at, `Member must satisfy regular expression pattern: ${TAG_PATTERN}+`);
}

/**
 * Check the tags of a request (Create*, Tag*): each key and value against its shape (ValidationError, worded as
 * the validator words a list member: `tags.1.member.key`), no `aws:` prefix (InvalidInput), then no key twice
 * (regardless of case for users and roles: InvalidInput).
 */
function checkRequestTags(tags: Tags, quota: TagQuota): void {
  tags.forEach((t, i) => {
    checkKey(t.key, `tags.${i + 1}.member.key`);
    const at = `tags.${i + 1}.member.value`;
    if ([...t.value].length > 256) constraint(t.value, at, 'Member must have length less than or equal to 256');
    if (!VALUE.test(t.value)) constraint(t.value, at, `Member must satisfy regular expression pattern: ${TAG_PATTERN}*`);
  });
  // AWS: "You cannot create a tag key or value that begins with the text aws:. This tag prefix is reserved for AWS internal use."
  for (const t of tags) {
    if (RESERVED.test(t.key) || RESERVED.test(t.value)) throw iamErrors.invalidInput("The 'aws:' prefix is reserved for AWS internal use and cannot begin a tag key or value.");
  }
  const seen = new Set<string>();
  for (const t of tags) {
    const k = keyOf(t.key, quota);
    if (seen.has(k)) throw iamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

/** Check the keys of an Untag* request against the key shape. */
function checkTagKeys(keys: readonly string[]): void {
  keys.forEach((k, i) => checkKey(k, `tagKeys.${i + 1}.member`));
}

/** Tags at creation: checked, and at most 50. */
export function creationTags(tags: Tags | undefined, quota: TagQuota): Tags {
  const list = tags ?? [];
  checkRequestTags(list, quota);
  if (list.length > IAM_TAG_LIMIT) throw iamErrors.limitExceeded(quota, IAM_TAG_LIMIT);
  return list;
}

/** `existing` with `add` (already checked) applied (the same key replaces the tag); LimitExceeded past 50 tags. */
export function withTags(existing: Tags, add: Tags, quota: TagQuota): Tags {
  const byKey = new Map(existing.map((t) => [keyOf(t.key, quota), t]));
  for (const t of add) byKey.set(keyOf(t.key, quota), t);
  if (byKey.size > IAM_TAG_LIMIT) throw iamErrors.limitExceeded(quota, IAM_TAG_LIMIT);
  return [...byKey.values()];
}

/** `existing` without the tags these (already checked) keys name; keys the resource lacks are ignored, as IAM does. */
export function withoutTags(existing: Tags, keys: readonly string[], quota: TagQuota): Tags {
  const gone = new Set(keys.map((k) => keyOf(k, quota)));
  return existing.filter((t) => !gone.has(keyOf(t.key, quota)));
}

/** An IAM entity that carries tags. */
export type TaggedIamEntity = IamUser | IamRole | IamManagedPolicy | IamInstanceProfile;

/** How a Tag* or Untag* request finds its entity: the getter (NoSuchEntity when absent) and the entity's tag quota. */
export interface TaggedIamKind<T extends TaggedIamEntity> {
  readonly quota: TagQuota;
  readonly mustGet: (view: ReadView, nameOrArn: string) => T;
}

/** Tag*: add or replace tags on the entity `nameOrArn` names. */
export function tagEntity<T extends TaggedIamEntity>(p: PartitionTx, kind: TaggedIamKind<T>, nameOrArn: string, tags: Tags): void {
  // The validator checks the request before the entity is looked up.
  checkRequestTags(tags, kind.quota);
  const entity = kind.mustGet(p, nameOrArn);
  p.put<T>({ ...entity, tags: withTags(entity.tags, tags, kind.quota) });
}

/** Untag*: remove the tags these keys name from the entity `nameOrArn` names. */
export function untagEntity<T extends TaggedIamEntity>(p: PartitionTx, kind: TaggedIamKind<T>, nameOrArn: string, keys: readonly string[]): void {
  checkTagKeys(keys);
  const entity = kind.mustGet(p, nameOrArn);
  p.put<T>({ ...entity, tags: withoutTags(entity.tags, keys, kind.quota) });
}
