/**
 * @module Describe filters, as EC2 applies them: values within a filter are ORed, filters are ANDed, string
 * values accept `*` and `?` wildcards, `tag:<key>` matches a tag's value and `tag-key` a key
 * ("Filter your resources" in the EC2 API reference). An unknown filter name is an error.
 */
import { ec2Errors } from '../../errors/ec2.js';
import type { Tags } from '../../model/tags.js';
import type { WFilter } from '../../specs/ec2-types.js';
import { compileGlob, type Matcher } from '../../iam/wildcard.js';

/** What a filter reads off a resource: one value, several, or none. */
export type FilterValue = string | number | boolean | undefined | null | readonly (string | number | boolean | undefined | null)[];

export type FilterTable<R> = Readonly<Record<string, (r: R) => FilterValue>>;

interface CompiledFilter<R> { readonly read: (r: R) => FilterValue; readonly patterns: readonly Matcher[]; readonly exact: ReadonlySet<string> }

/** A filter value's wildcards, matched in linear time (a regex backtracks exponentially on `*a*a*a*b`). */
function wildcard(value: string): Matcher {
  return compileGlob(value);
}

/** Compile filters against a table, rejecting names the operation does not support. */
export function compileFilters<R extends { readonly tags: Tags }>(filters: readonly WFilter[] | undefined, table: FilterTable<R>): ((r: R) => boolean) | undefined {
  if (!filters || filters.length === 0) return undefined;
  const compiled: CompiledFilter<R>[] = [];
  for (const f of filters) {
    const name = f.Name ?? '';
    let read: ((r: R) => FilterValue) | undefined = table[name];
    if (!read && name.startsWith('tag:')) {
      const key = name.slice(4);
      read = (r) => r.tags.filter((t) => t.key === key).map((t) => t.value);
    } else if (!read && name === 'tag-key') {
      read = (r) => r.tags.map((t) => t.key);
    } else if (!read && name === 'tag-value') {
      read = (r) => r.tags.map((t) => t.value);
    }
    if (!read) throw ec2Errors.invalidFilter(name);
    const values = f.Values ?? [];
    const exact = new Set(values.filter((v) => !/[*?]/.test(v)));
    const patterns = values.filter((v) => /[*?]/.test(v)).map(wildcard);
    compiled.push({ read, exact, patterns });
  }
  return (r) => compiled.every((c) => {
    const raw = c.read(r);
    const list = Array.isArray(raw) ? raw : [raw];
    for (const v of list) {
      if (v === undefined || v === null) continue;
      const text = String(v);
      if (c.exact.has(text)) return true;
      for (const p of c.patterns) if (p.test(text)) return true;
    }
    return false;
  });
}
