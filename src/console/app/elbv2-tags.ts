/** @module ELBv2 tags for the tags editor: RemoveTags for keys removed, AddTags for keys added or changed. */
import { elbv2, type Scope } from './api.js';
import { elbTagsFrom } from './resource-model.js';
import type { TagWriter } from './tags-editor.js';

export function elbv2TagWriter(scope: Scope, arn: string): TagWriter {
  return async (removed, changed) => {
    if (removed.length > 0) {
      const p: Record<string, string> = { 'ResourceArns.member.1': arn };
      removed.forEach((k, i) => { p[`TagKeys.member.${i + 1}`] = k; });
      await elbv2(scope, 'RemoveTags', p);
    }
    if (changed.length > 0) {
      const p: Record<string, string> = { 'ResourceArns.member.1': arn };
      changed.forEach((t, i) => { p[`Tags.member.${i + 1}.Key`] = t.key; p[`Tags.member.${i + 1}.Value`] = t.value; });
      await elbv2(scope, 'AddTags', p);
    }
  };
}

/** One resource's tags (DescribeTags). */
export async function elbv2Tags(scope: Scope, arn: string): Promise<Record<string, string>> {
  return elbTagsFrom(await elbv2(scope, 'DescribeTags', { 'ResourceArns.member.1': arn }), arn);
}

