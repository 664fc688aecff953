/** @module The human report: one block per finding (rule, message, resources, proof, the AWS page), then a count. */
import { proofLines } from './proof-text.js';
import type { LintReport } from './types.js';

export function formatText(report: LintReport): string {
  const byId = new Map(report.rules.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const f of report.findings) {
    const rule = byId.get(f.ruleId);
    out.push(`${f.ruleId} ${f.severity.toUpperCase()} ${rule?.name ?? ''}`.trimEnd());
    out.push(`  ${f.message}`);
    out.push(`  resources: ${f.resources.map((r) => r.id).join(', ')}`);
    for (const p of f.proof) for (const [i, line] of proofLines(p).entries()) out.push(`  ${i === 0 ? 'proof: ' : '       '}${line}`);
    if (rule) out.push(`  see: ${rule.helpUri}`);
    out.push('');
  }
  for (const x of report.failures ?? []) out.push(`${x.ruleId} FAILED TO RUN: ${x.message}`, '');
  const count = (s: string): number => report.findings.filter((f) => f.severity === s).length;
  out.push(`${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('note')} note) in ${report.scope.length} account/Region partition${report.scope.length === 1 ? '' : 's'}; ${report.rules.length} rules`);
  return `${out.join('\n')}\n`;
}

/** The JSON report: a stable envelope around the findings with their full proofs. */
export function formatJson(report: LintReport): string {
  return `${JSON.stringify({ version: 1, scope: report.scope, rules: report.rules, findings: report.findings, ...(report.failures ? { failures: report.failures } : {}) }, null, 2)}\n`;
}
