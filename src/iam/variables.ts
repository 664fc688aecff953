/** @module Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, defaults `${key, 'x'}`, and the special `${*}`, `${?}`, `${$}`. */
import type { GlobPart } from './wildcard.js';

/** A template piece: text with live wildcards, literal text, or a variable to substitute. */
export type TemplatePart =
  | { readonly wild: string }
  | { readonly lit: string }
  | { readonly variable: string; readonly name: string; readonly fallback: string | undefined };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  readonly hasVariables: boolean;
}

/** Looks up a single-valued context key (lower-cased); undefined when absent or multivalued. */
export type VariableLookup = (keyLower: string) => string | undefined;

// AWS: "${*}", "${?}" and "${$}" stand for a literal *, ? and $ (IAM policy elements: Variables and tags, "Special characters").
const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/**
 * Split `source` into parts. With `substitute` false (policy `Version` missing or 2008-10-17) the text
 * is taken as written: AWS treats `${aws:username}` literally in such policies.
 */
export function parseTemplate(source: string, substitute: boolean): Template {
  if (!substitute || !source.includes('${')) return { source, parts: [{ wild: source }], hasVariables: false };
  const parts: TemplatePart[] = [];
  let text = '';
  let hasVariables = false;
  let i = 0;
  const flush = (): void => { if (text !== '') { parts.push({ wild: text }); text = ''; } };
  while (i < source.length) {
    if (source.startsWith('${', i)) {
      const parsed = parseVariable(source, i + 2);
      if (parsed) {
        flush();
        parts.push(parsed.part);
        if ('variable' in parsed.part) hasVariables = true;
        i = parsed.end;
        continue;
      }
    }
    text += source[i];
    i++;
  }
  flush();
  return { source, parts, hasVariables };
}

function parseVariable(source: string, start: number): { part: TemplatePart; end: number } | undefined {
  const close = source.indexOf('}', start);
  if (close < 0) return undefined;
  const inner = source.slice(start, close);
  const special = SPECIAL[inner];
  if (special !== undefined) return { part: { lit: special }, end: close + 1 };
  const comma = inner.indexOf(',');
  if (comma < 0) {
    const name = inner.trim();
    if (!isKeyName(name)) return undefined;
    return { part: { variable: name.toLowerCase(), name, fallback: undefined }, end: close + 1 };
  }
  // AWS: a default value is written `${key, 'default'}`; the quoted text may itself contain `}`.
  const name = inner.slice(0, comma).trim();
  if (!isKeyName(name)) return undefined;
  let j = comma + 1 + start;
  while (source[j] === ' ') j++;
  if (source[j] !== "'") return undefined;
  let fallback = '';
  j++;
  for (;;) {
    if (j >= source.length) return undefined;
    const ch = source[j] as string;
    if (ch === "'") {
      if (source[j + 1] === "'") { fallback += "'"; j += 2; continue; }
      j++;
      break;
    }
    fallback += ch;
    j++;
  }
  while (source[j] === ' ') j++;
  if (source[j] !== '}') return undefined;
  return { part: { variable: name.toLowerCase(), name, fallback }, end: j + 1 };
}

function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s{}$']/.test(name);
}

/** Substitute variables; undefined when one has no value and no default (the element then matches nothing). */
export function resolveTemplate(template: Template, lookup: VariableLookup): GlobPart[] | undefined {
  const out: GlobPart[] = [];
  for (const part of template.parts) {
    if ('variable' in part) {
      const value = lookup(part.variable) ?? part.fallback;
      if (value === undefined) return undefined;
      out.push({ lit: value });
    } else {
      out.push(part);
    }
  }
  return out;
}

/** Template text with substitutions shown, for explanations. */
export function describeResolved(parts: readonly GlobPart[]): string {
  return parts.map((p) => ('wild' in p ? p.wild : p.lit)).join('');
}

/** The parts of a template without variables, as glob parts. */
export function staticParts(template: Template): GlobPart[] {
  const out: GlobPart[] = [];
  for (const p of template.parts) {
    if ('wild' in p) out.push({ wild: p.wild });
    else if ('lit' in p) out.push({ lit: p.lit });
  }
  return out;
}
