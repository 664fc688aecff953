/** @module Tags on the wire: `TagSpecifications` on create, `Tag` lists in output. */
import { ec2Errors } from '../../errors/ec2.js';
import { validateTags, type Tag, type Tags } from '../../model/tags.js';
import type { WTag, WTagSpecification } from '../../specs/ec2-types.js';

/** Tags from the TagSpecifications naming `resourceType`; any other type is an error, as in EC2. */
export function tagsFromSpecs(specs: readonly WTagSpecification[] | undefined, resourceType: string): Tag[] {
  const tags: Tag[] = [];
  for (const spec of specs ?? []) {
    if (spec.ResourceType !== resourceType) {
      throw ec2Errors.invalidParameterValue(`'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`);
    }
    for (const t of spec.Tags ?? []) tags.push({ key: t.Key ?? '', value: t.Value ?? '' });
  }
  validateTags(tags);
  return tags;
}

/** Wire form of tags. */
export function wireTags(tags: Tags): WTag[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}
