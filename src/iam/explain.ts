/** @module Decisions in words: a readable rendering of a decision and its reasons. */
import type { Decision, Reason } from './types.js';

const HEADLINE = {
  Allow: 'ALLOW',
  ImplicitDeny: 'DENY (implicit: nothing allows it)',
  ExplicitDeny: 'DENY (explicit: a Deny statement applies)',
} as const;

function line(r: Reason): string {
  switch (r.kind) {
    case 'statement-denies': return `  deny       ${r.why}`;
    case 'statement-allows': return `  allow      ${r.why}`;
    case 'near-miss': return `  near miss  ${r.policy.type} #${r.policy.index} statement ${r.statement.index}${r.statement.sid ? ` "${r.statement.sid}"` : ''} (${r.statement.effect}): ${r.element} did not match: ${r.why}`;
    case 'no-allow': return `  missing    ${r.policyType}: ${r.why}`;
    case 'not-applicable': return `  skipped    ${r.policyType}: ${r.why}`;
    case 'grant': return `  because    ${r.why}`;
    case 'context': return `  context    ${r.why}`;
  }
}

/** Render a decision as a few lines of text. */
export function formatDecision(decision: Decision): string {
  return [HEADLINE[decision.decision], ...decision.reasons.map(line)].join('\n');
}
