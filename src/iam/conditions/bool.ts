/** @module The Bool condition operator: "true" or "false", case-insensitively. */
import { parseTemplate, resolveTemplate } from '../variables.js';
import { describeValues, type CompiledValues } from './values.js';

/** Compile Bool values; a literal value other than true/false is an error. Variables resolve at evaluation. */
export function compileBoolValues(values: readonly string[], substitute: boolean): CompiledValues | { error: string } {
  const templates = values.map((v) => parseTemplate(v, substitute));
  for (const t of templates) {
    const lower = t.source.toLowerCase();
    if (!t.hasVariables && lower !== 'true' && lower !== 'false') return { error: `${JSON.stringify(t.source)} is not true or false` };
  }
  return {
    describe: describeValues(values),
    test: (v, lookup) => {
      const probe = v.toLowerCase();
      return templates.some((t) => {
        const parts = resolveTemplate(t, lookup);
        return parts !== undefined && parts.map((p) => ('wild' in p ? p.wild : p.lit)).join('').toLowerCase() === probe;
      });
    },
  };
}
