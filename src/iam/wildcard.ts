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
  // AWS: any number of wildcards is allowed. A backtracking regex takes time exponential in their number
  // (`*a*a*a*a*b` against a long key froze the server), so two or more `*` use the linear-time matcher below.
  if (starCount(parts) >= 2) return { describe, hasWildcard: true, test: globAutomaton(parts, ignoreCase, stop) };
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

function starCount(parts: readonly GlobPart[]): number {
  let n = 0;
  for (const p of parts) if ('wild' in p) for (const ch of p.wild) if (ch === '*') n++;
  return n;
}

const LIT = 0;
const ONE = 1;
const STAR = 2;

/**
 * A matcher that runs the pattern as a set of positions over the input, one code point at a time: time is
 * input length x pattern length whatever the wildcards (no backtracking). `*` and `?` match any code point but
 * the stop characters, as the regex form does.
 */
function globAutomaton(parts: readonly GlobPart[], ignoreCase: boolean, stopChars: string): (input: string) => boolean {
  const kinds: number[] = [];
  const chars: string[] = [];
  const fold = (c: string) => (ignoreCase ? c.toLowerCase() : c);
  for (const part of parts) {
    const wild = 'wild' in part;
    for (const ch of wild ? part.wild : part.lit) {
      if (wild && ch === '*') {
        // Consecutive stars are one star.
        if (kinds[kinds.length - 1] !== STAR) { kinds.push(STAR); chars.push(''); }
      } else if (wild && ch === '?') { kinds.push(ONE); chars.push(''); } else { kinds.push(LIT); chars.push(fold(ch)); }
    }
  }
  const m = kinds.length;
  const stop = new Set(stopChars);
  /** Add the positions reachable without input: past each active star. */
  const close = (set: Uint8Array) => { for (let i = 0; i < m; i++) if (set[i] === 1 && kinds[i] === STAR) set[i + 1] = 1; };
  return (input) => {
    let cur = new Uint8Array(m + 1);
    let next = new Uint8Array(m + 1);
    cur[0] = 1;
    close(cur);
    for (const raw of input) {
      const ch = fold(raw);
      const wildOk = !stop.has(raw);
      next.fill(0);
      let alive = false;
      for (let i = 0; i < m; i++) {
        if (cur[i] !== 1) continue;
        const k = kinds[i];
        if (k === STAR) { if (wildOk) { next[i] = 1; alive = true; } } else if (k === ONE ? wildOk : chars[i] === ch) { next[i + 1] = 1; alive = true; }
      }
      if (!alive) return false;
      close(next);
      [cur, next] = [next, cur];
    }
    return cur[m] === 1;
  };
}
