/** @module Run the lint rules over a world: compile the network once, find the partitions, run each rule, order the findings. */
import { NetworkCompiler } from '../engine/compile.js';
import type { NetworkView } from '../engine/network-view.js';
import { REGIONS } from '../model/regions.js';
import type { World } from '../model/world.js';
import { byText } from './facts.js';
import { RULES } from './registry.js';
import { SEVERITIES, type Finding, type LintBucket, type LintOptions, type LintReport, type Rule, type Severity } from './types.js';

export interface LintRun {
  readonly world: World;
  readonly buckets: readonly LintBucket[];
  readonly options?: LintOptions;
  /** A compiled view to reuse (the server's); compiled here when absent. */
  readonly view?: NetworkView;
  /** Rules to run (default: all). */
  readonly rules?: readonly Rule[];
}

/** Every account+Region partition with state. */
export function partitionsOf(world: World): { account: string; region: string }[] {
  return REGIONS.flatMap((r) => world.accountsIn(r.name).sort().map((account) => ({ account, region: r.name })));
}

export function runLint(run: LintRun): LintReport {
  const view = run.view ?? new NetworkCompiler(run.world).view();
  const scope = partitionsOf(run.world);
  const partitions = scope.map((s) => view.partition(s.account, s.region));
  const ctx = { view, partitions, buckets: [...run.buckets].sort((a, b) => byText(a.name, b.name)), options: run.options ?? {} };
  const rules = run.rules ?? RULES;
  const findings: Finding[] = [];
  const failures: { ruleId: string; message: string }[] = [];
  for (const r of rules) {
    // One rule's bug must not hide the others' findings: it is reported, and the run fails (exit 2).
    try { findings.push(...r.check(ctx)); } catch (e) { failures.push({ ruleId: r.info.id, message: e instanceof Error ? e.message : String(e) }); }
  }
  findings.sort((a, b) => byText(a.ruleId, b.ruleId) || byText(a.resources[0]?.id ?? '', b.resources[0]?.id ?? '') || byText(a.message, b.message));
  return { findings, rules: rules.map((r) => r.info), scope: scope.map((s) => `${s.account}/${s.region}`), ...(failures.length > 0 ? { failures } : {}) };
}

/** Does any finding reach the `--fail-on` level? (`error` fails on errors only; `note` on anything.) */
export function failsAt(report: LintReport, level: Severity): boolean {
  const limit = SEVERITIES.indexOf(level);
  return report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit);
}
