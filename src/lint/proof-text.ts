/** @module One proof as lines of text: the question, the outcome, and the steps or reasons that decided it. */
import type { Proof } from './types.js';

const MAX_STEPS = 12;

export function proofLines(p: Proof): string[] {
  switch (p.kind) {
    case 'trace': {
      const t = p.trace;
      const d = t.disposition;
      const head = `trace ${p.question}: ${d.kind}${t.code ? ` (${t.code})` : ''}${t.policy ? `, policy ${t.policy.decision.decision}${t.policy.decidedBy ? ` by ${t.policy.decidedBy}` : ''}` : ''}`;
      const steps = t.steps.slice(0, MAX_STEPS).map((s, i) => `  ${i + 1}. ${s.kind}${s.path === 'return' ? ' (return)' : ''} ${s.resourceId} ${s.verdict}: ${s.note}`);
      if (t.steps.length > MAX_STEPS) steps.push(`  ... ${t.steps.length - MAX_STEPS} more steps`);
      const keys = t.context ? [`  request context: ${Object.entries(t.context.keys).map(([k, v]) => `${k}=${v}`).join(', ') || '(no endpoint or source keys)'}`] : [];
      return [head, ...steps, ...keys];
    }
    case 'policy':
      return [`policy ${p.question}: ${p.decision.decision}`, ...p.decision.reasons.filter((r) => r.kind !== 'near-miss').map((r) => `  ${r.kind}: ${r.why}`)];
    case 'dns':
      return [`dns ${p.question}: ${p.answer.note}`];
    case 'config':
      return ['configuration:', ...p.facts.map((f) => `  ${f}`)];
  }
}
