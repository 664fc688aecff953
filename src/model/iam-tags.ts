/**
 * @module Tags on IAM users, roles, managed policies and instance profiles: IAM's own rules, which differ from
 * EC2's (`model/tags.ts`). Keys compare without case ("Duplicate tag keys found. Please note that Tag keys are case
 * insensitive."): tagging `env` over `Env` replaces the tag, keeping the newer spelling.
 */
import { iamErrors } from '../errors/iam.js';
import type { Tags } from './tags.js';

/** AWS (IAM quotas): 50 tags per IAM resource. */
export const IAM_TAG_LIMIT = 50;

/** The quota name IAM's LimitExceeded message gives, per tagged entity. */
export type TagQuota = 'TagsPerUser' | 'TagsPerRole' | 'TagsPerPolicy' | 'TagsPerInstanceProfile';

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
 * the validator words a list member: `tags.1.member.key`), then no key twice regardless of case (InvalidInput).
 */
export function checkRequestTags(tags: Tags): void {
  tags.forEach((t, i) => {
    checkKey(t.key, `tags.${i + 1}.member.key`);
    const at = `tags.${i + 1}.member.value`;
    if ([...t.value].length > 256) constraint(t.value, at, 'Member must have length less than or equal to 256');
    if (!VALUE.test(t.value)) constraint(t.value, at, `Member must satisfy regular expression pattern: ${TAG_PATTERN}*`);
  });
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.key.toLowerCase();
    if (seen.has(k)) throw iamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

/** Check the keys of an Untag* request against the key shape. */
export function checkTagKeys(keys: readonly string[]): void {
  keys.forEach((k, i) => checkKey(k, `tagKeys.${i + 1}.member`));
}

/** Tags at creation: checked, and at most 50. */
export function creationTags(tags: Tags | undefined, quota: TagQuota): Tags {
  const list = tags ?? [];
  checkRequestTags(list);
  if (list.length > IAM_TAG_LIMIT) throw iamErrors.limitExceeded(quota, IAM_TAG_LIMIT);
  return list;
}

/** `existing` with `add` applied (a key of any case replaces the tag); LimitExceeded past 50 tags. */
export function withTags(existing: Tags, add: Tags, quota: TagQuota): Tags {
  checkRequestTags(add);
  const byKey = new Map(existing.map((t) => [t.key.toLowerCase(), t]));
  for (const t of add) byKey.set(t.key.toLowerCase(), t);
  if (byKey.size > IAM_TAG_LIMIT) throw iamErrors.limitExceeded(quota, IAM_TAG_LIMIT);
  return [...byKey.values()];
}

/** `existing` without the tags these keys name (any case); keys the resource lacks are ignored, as IAM does. */
export function withoutTags(existing: Tags, keys: readonly string[]): Tags {
  checkTagKeys(keys);
  const gone = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !gone.has(t.key.toLowerCase()));
}
