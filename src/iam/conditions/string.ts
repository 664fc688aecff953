/** @module String condition operators: StringEquals, StringEqualsIgnoreCase, StringLike and their negations. */
import { compileGlob, type Matcher } from '../wildcard.js';
import { parseTemplate, resolveTemplate, staticParts, type Template, type VariableLookup } from '../variables.js';
import type { CompareMode } from './operator.js';
import { describeValues, type CompiledValues } from './values.js';

function joinParts(t: Template, lookup: VariableLookup): string | undefined {
  const parts = resolveTemplate(t, lookup);
  return parts ? parts.map((p) => ('wild' in p ? p.wild : p.lit)).join('') : undefined;
}

/** Compile string values. `equals` is case-sensitive and wildcard-free; `like` honours `*` and `?`. */
export function compileStringValues(values: readonly string[], mode: CompareMode, substitute: boolean): CompiledValues {
  const describe = describeValues(values);
  const templates = values.map((v) => parseTemplate(v, substitute));
  const dynamic = templates.some((t) => t.hasVariables);
  const fold = mode === 'equalsIgnoreCase';
  if (mode === 'like') {
    if (!dynamic) {
      const matchers = templates.map((t) => compileGlob(staticParts(t)));
      if (matchers.length === 1) { const m = matchers[0] as Matcher; return { describe, test: (v) => m.test(v) }; }
      return { describe, test: (v) => matchers.some((m) => m.test(v)) };
    }
    const cache = new Map<string, Matcher>();
    return {
      describe,
      test: (v, lookup) => templates.some((t) => {
        const parts = resolveTemplate(t, lookup);
        if (!parts) return false;
        const key = JSON.stringify(parts);
        let m = cache.get(key);
        if (!m) { m = compileGlob(parts); if (cache.size > 256) cache.clear(); cache.set(key, m); }
        return m.test(v);
      }),
    };
  }
  if (!dynamic) {
    const wanted = new Set(templates.map((t) => { const s = t.parts.map((p) => ('wild' in p ? p.wild : 'lit' in p ? p.lit : '')).join(''); return fold ? s.toLowerCase() : s; }));
    if (wanted.size === 1) {
      const only = [...wanted][0] as string;
      return { describe, test: fold ? (v) => v.toLowerCase() === only : (v) => v === only };
    }
    return { describe, test: fold ? (v) => wanted.has(v.toLowerCase()) : (v) => wanted.has(v) };
  }
  return {
    describe,
    test: (v, lookup) => {
      const probe = fold ? v.toLowerCase() : v;
      return templates.some((t) => {
        const s = joinParts(t, lookup);
        return s !== undefined && (fold ? s.toLowerCase() : s) === probe;
      });
    },
  };
}
