/** @module Precompiled `*` / `?` wildcard matchers with fast paths for exact, prefix, suffix and match-all patterns. */

/** A compiled string test. `describe` is the pattern as written, for explanations. */
export interface Matcher {
  readonly test: (input: string) => boolean;
  readonly describe: string;
  readonly hasWildcard: boolean;
}

/**
 * A pattern piece: `wild` text treats `*` and `?` as wildcards; `lit` text is matched literally
 * (what `${*}`, `${?}`, `${$}` and substituted policy variables produce).
 */
export type GlobPart = { readonly wild: string } | { readonly lit: string };

export interface GlobOptions {
  /** Compare ignoring case (action names). */
  readonly ignoreCase?: boolean;
  /** Characters that `*` and `?` may not match (ARN components: `:`). */
  readonly stopChars?: string;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

function hasWild(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** Compile a pattern (a plain string is one `wild` part). */
export function compileGlob(pattern: string | readonly GlobPart[], options: GlobOptions = {}): Matcher {
  const parts: readonly GlobPart[] = typeof pattern === 'string' ? [{ wild: pattern }] : pattern;
  const describe = parts.map((p) => ('wild' in p ? p.wild : p.lit)).join('');
  const ignoreCase = options.ignoreCase === true;
  const stop = options.stopChars ?? '';
  const wild = parts.some((p) => 'wild' in p && hasWild(p.wild));
  if (!wild) {
    const target = ignoreCase ? describe.toLowerCase() : describe;
    return {
      describe,
      hasWildcard: false,
      test: ignoreCase ? (s) => s.length === target.length && s.toLowerCase() === target : (s) => s === target,
    };
  }
  // Fast paths for a single wild part: `*`, `abc*`, `*abc` (no stop characters involved).
  if (parts.length === 1 && stop === '') {
    const text = (parts[0] as { wild: string }).wild;
    if (/^\*+$/.test(text)) return { describe, hasWildcard: true, test: () => true };
    const star = text.indexOf('*');
    if (!text.includes('?') && star === text.length - 1) {
      const prefix = ignoreCase ? text.slice(0, -1).toLowerCase() : text.slice(0, -1);
      return { describe, hasWildcard: true, test: ignoreCase ? (s) => s.toLowerCase().startsWith(prefix) : (s) => s.startsWith(prefix) };
    }
    if (!text.includes('?') && star === 0 && text.lastIndexOf('*') === 0) {
      const suffix = ignoreCase ? text.slice(1).toLowerCase() : text.slice(1);
      return { describe, hasWildcard: true, test: ignoreCase ? (s) => s.toLowerCase().endsWith(suffix) : (s) => s.endsWith(suffix) };
    }
  }
  const any = stop === '' ? '[^]' : `[^${escapeRegex(stop)}]`;
  let source = '^';
  for (const part of parts) {
    if ('lit' in part) { source += escapeRegex(part.lit); continue; }
    for (const ch of part.wild) {
      if (ch === '*') source += `${any}*`;
      else if (ch === '?') source += any;
      else source += escapeRegex(ch);
    }
  }
  source += '$';
  const re = new RegExp(source, ignoreCase ? 'iu' : 'u');
  return { describe, hasWildcard: true, test: (s) => re.test(s) };
}
