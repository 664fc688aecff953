/**
 * @module The comparison `vpce what-if` reports: the same questions (a source, a destination, a principal and the
 * policies in force) explained on the network before and after a change, and for each answer that differs, the
 * first hop where the two paths part.
 */
import type { NetworkView } from '../engine/network-view.js';
import { explain, type ExplainInput } from '../engine/request.js';
import type { Step } from '../engine/trace.js';

/** One question: an explain input plus a label for the report. */
export interface FlowQuestion {
  readonly input: ExplainInput;
}

/** How one answer came out. */
export interface FlowAnswer {
  readonly outcome: string;
  readonly delivered: boolean;
  readonly allowed: boolean;
  /** The step that decided the outcome (the last one), in a line. */
  readonly decidedBy: string;
}

export interface FlowDifference {
  readonly from: string;
  readonly to: string;
  readonly principal?: string;
  /** `broken`: allowed before, not after; `fixed`: the reverse; `rerouted`: same verdict, another path. */
  readonly change: 'broken' | 'fixed' | 'rerouted';
  readonly before: FlowAnswer;
  readonly after: FlowAnswer;
  /** The first hop that differs (1-based), as each side saw it. */
  readonly hop: { readonly index: number; readonly before?: string; readonly after?: string };
}

export interface WhatIfReport {
  readonly questions: number;
  readonly differences: readonly FlowDifference[];
  /** Questions the engine could not ask (a bad destination), with why; the same on both sides. */
  readonly unanswered: readonly { readonly from: string; readonly to: string; readonly message: string }[];
}

const stepLine = (s: Step): string => `${s.kind} ${s.resourceId} ${s.verdict}: ${s.note}`;

function answer(view: NetworkView, input: ExplainInput): { answer: FlowAnswer; steps: readonly Step[] } | { error: string } {
  const r = explain(view, input);
  if (!r.ok) return { error: r.message };
  const t = r.trace;
  const delivered = t.disposition.kind === 'delivered';
  const allowed = delivered && (t.policy === undefined || t.policy.decision.decision === 'Allow');
  const last = t.steps[t.steps.length - 1];
  return { answer: { outcome: t.disposition.kind, delivered, allowed, decidedBy: last ? stepLine(last) : '' }, steps: t.steps };
}

/** Each question's answer on one network, with its steps as lines (so the answers outlive the view). */
export type Answers = readonly ({ readonly answer: FlowAnswer; readonly lines: readonly string[] } | { readonly error: string })[];

/** Ask every question of one network. */
export function answerAll(view: NetworkView, questions: readonly FlowQuestion[]): Answers {
  return questions.map(({ input }) => {
    const a = answer(view, input);
    return 'error' in a ? a : { answer: a.answer, lines: a.steps.map(stepLine) };
  });
}

/** Report the answers that differ in verdict or in path, with the first hop where the two traces part. */
export function compareAnswers(questions: readonly FlowQuestion[], before: Answers, after: Answers): WhatIfReport {
  const differences: FlowDifference[] = [];
  const unanswered: { from: string; to: string; message: string }[] = [];
  for (const [q, { input }] of questions.entries()) {
    const b = before[q]!;
    const a = after[q]!;
    if ('error' in b || 'error' in a) {
      unanswered.push({ from: input.from, to: input.to, message: 'error' in b ? b.error : (a as { error: string }).error });
      continue;
    }
    const bl = b.lines;
    const al = a.lines;
    let i = 0;
    while (i < bl.length && i < al.length && bl[i] === al[i]) i++;
    const samePath = i === bl.length && i === al.length;
    if (samePath && b.answer.allowed === a.answer.allowed && b.answer.outcome === a.answer.outcome) continue;
    const change = b.answer.allowed && !a.answer.allowed ? 'broken' : !b.answer.allowed && a.answer.allowed ? 'fixed' : 'rerouted';
    differences.push({
      from: input.from, to: input.to, ...(input.principal !== undefined ? { principal: input.principal } : {}),
      change, before: b.answer, after: a.answer,
      hop: { index: i + 1, ...(bl[i] !== undefined ? { before: bl[i] } : {}), ...(al[i] !== undefined ? { after: al[i] } : {}) },
    });
  }
  return { questions: questions.length, differences, unanswered };
}

/** Ask every question of both views and compare. */
export function compareFlows(before: NetworkView, after: NetworkView, questions: readonly FlowQuestion[]): WhatIfReport {
  return compareAnswers(questions, answerAll(before, questions), answerAll(after, questions));
}
