/** @module ARN patterns: the `Resource` element and the Arn condition operators, matched component by component. */
import { compileGlob, type GlobPart, type Matcher } from './wildcard.js';
import { parseTemplate, resolveTemplate, staticParts, type Template, type VariableLookup } from './variables.js';

/** A request ARN split once: everything up to and including the fifth colon, and the rest. */
export interface SplitArn {
  readonly text: string;
  /** undefined when the text has fewer than five colons (not an ARN, e.g. `*`). */
  readonly head: string | undefined;
  readonly tail: string;
}

/** Index just past the fifth colon outside `${...}`, or -1. */
function fifthColon(text: string): number {
  let count = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    else if (ch === ':' && depth === 0 && ++count === 5) return i + 1;
  }
  return -1;
}

export function splitArn(text: string): SplitArn {
  const cut = fifthColon(text);
  return cut < 0 ? { text, head: undefined, tail: text } : { text, head: text.slice(0, cut), tail: text.slice(cut) };
}

/** A compiled ARN pattern. `test` gets the lookup for patterns holding policy variables. */
export interface ArnMatcher {
  readonly describe: string;
  readonly hasVariables: boolean;
  readonly test: (arn: SplitArn, lookup: VariableLookup) => boolean;
}

const HEAD_OPTIONS = { stopChars: ':' } as const;

function compileParts(parts: readonly GlobPart[], head: boolean): Matcher {
  return compileGlob(parts, head ? HEAD_OPTIONS : {});
}

/**
 * Compile an ARN pattern. AWS: wildcards in the first five components (partition, service, region,
 * account) stay inside their component; in the resource part `*` crosses `/` and `:`
 * (IAM JSON policy elements: Resource; condition operators page, ARN operators).
 */
export function compileArnPattern(pattern: string, substitute: boolean): ArnMatcher {
  if (pattern === '*') return { describe: pattern, hasVariables: false, test: () => true };
  const split = splitArn(pattern);
  const whole = parseTemplate(pattern, substitute);
  if (split.head === undefined) {
    // Not ARN-shaped: compare the whole text (only matches non-ARN request resources of the same shape).
    return fromTemplates(pattern, undefined, whole, whole);
  }
  return fromTemplates(pattern, parseTemplate(split.head, substitute), parseTemplate(split.tail, substitute), whole);
}

function fromTemplates(describe: string, head: Template | undefined, tail: Template, whole: Template): ArnMatcher {
  const hasVariables = (head?.hasVariables ?? false) || tail.hasVariables;
  if (!hasVariables) {
    const wholeMatcher = compileParts(staticParts(whole), false);
    if (head === undefined) {
      return { describe, hasVariables, test: (arn) => arn.head === undefined && wholeMatcher.test(arn.text) };
    }
    const headMatcher = compileParts(staticParts(head), true);
    const tailMatcher = compileParts(staticParts(tail), false);
    return { describe, hasVariables, test: (arn) => arn.head !== undefined && headMatcher.test(arn.head) && tailMatcher.test(arn.tail) };
  }
  const cache = new Map<string, Matcher>();
  const resolve = (t: Template, lookup: VariableLookup, isHead: boolean): Matcher | undefined => {
    const parts = resolveTemplate(t, lookup);
    if (!parts) return undefined;
    const key = (isHead ? 'h' : 't') + JSON.stringify(parts);
    let m = cache.get(key);
    if (!m) {
      m = compileParts(parts, isHead);
      if (cache.size > 256) cache.clear();
      cache.set(key, m);
    }
    return m;
  };
  return {
    describe,
    hasVariables,
    test: (arn, lookup) => {
      if (head === undefined) {
        if (arn.head !== undefined) return false;
        return resolve(tail, lookup, false)?.test(arn.text) ?? false;
      }
      if (arn.head === undefined) return false;
      const h = resolve(head, lookup, true);
      const t = resolve(tail, lookup, false);
      return h !== undefined && t !== undefined && h.test(arn.head) && t.test(arn.tail);
    },
  };
}

/** Whether text is a syntactically plausible ARN: `arn:partition:service:region:account:resource`. */
export function looksLikeArn(text: string): boolean {
  if (!text.startsWith('arn:')) return false;
  const split = splitArn(text);
  return split.head !== undefined && split.tail.length > 0;
}
