/** @module Tags as the model keeps them, and EC2's tag rules. */
import { ec2Errors } from '../errors/ec2.js';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export type Tags = readonly Tag[];

/** AWS: at most 50 tags per resource ("Tag restrictions"). */
export const MAX_TAGS = 50;

/** Validate tag keys and values as EC2 does; throws the EC2 error. */
export function validateTags(tags: Tags): void {
  for (const t of tags) {
    if (t.key.length === 0 || t.key.length > 128) throw ec2Errors.custom('InvalidTagKey.Malformed', `Tag key must be between 1 and 128 characters: '${t.key}'`);
    // AWS: the aws: prefix is reserved for AWS use.
    if (t.key.toLowerCase().startsWith('aws:')) throw ec2Errors.custom('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved for internal use`);
    if (t.value.length > 256) throw ec2Errors.invalidParameterValue(`Tag value exceeds the maximum length of 256 characters`);
  }
  if (tags.length > MAX_TAGS) throw ec2Errors.custom('TagLimitExceeded', `The maximum number of tags per resource is ${MAX_TAGS}`);
}

/** Tags with `add` applied over `existing` (same key replaces the value). */
export function mergeTags(existing: Tags, add: Tags): Tags {
  const map = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of add) map.set(t.key, t.value);
  return [...map].map(([key, value]) => ({ key, value }));
}
