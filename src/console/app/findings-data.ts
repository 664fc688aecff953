/**
 * @module The lint report as the console holds it: asked of `GET /_vpce/lint` at most once per account, Region and
 * half minute for the badges on resource pages (a full lint per page view would be the most expensive thing the
 * console asks), and afresh whenever the Findings page opens or is refreshed.
 */
import type { Scope } from './api.js';
import { vpceGet } from './vpce-api.js';

export interface ResourceRef { readonly id: string; readonly kind: string; readonly account: string; readonly region: string; readonly arn: string }
export interface Step { readonly kind: string; readonly resourceId: string; readonly path: string; readonly direction?: string; readonly verdict: string; readonly note: string; readonly code?: string }
export interface Reason { readonly kind: string; readonly why: string }
export interface TraceProof {
  readonly kind: 'trace';
  readonly question: string;
  readonly trace: {
    readonly flow: {
      readonly source: string; readonly sourceIp?: string; readonly destinationIp?: string; readonly destinationName?: string;
      readonly port?: number; readonly protocol?: string;
    };
    readonly steps: readonly Step[];
    readonly disposition: { readonly kind: string };
    readonly code?: string;
    readonly policy?: {
      readonly decision: { readonly decision: string; readonly reasons?: readonly Reason[] }; readonly decidedBy?: string; readonly action?: string; readonly resource?: string;
      readonly endpoint?: { readonly vpcEndpointId: string; readonly policyDocument: string; readonly defaulted: boolean };
    };
  };
}
export type Proof =
  | TraceProof
  | { readonly kind: 'policy'; readonly question: string; readonly decision: { readonly decision: string; readonly reasons?: readonly Reason[] }; readonly policy: string }
  | { readonly kind: 'dns'; readonly question: string; readonly answer: { readonly note: string } }
  | { readonly kind: 'config'; readonly facts: readonly string[] };
export interface Finding { readonly ruleId: string; readonly severity: string; readonly message: string; readonly resources: readonly ResourceRef[]; readonly proof: readonly Proof[] }
export interface RuleInfo { readonly id: string; readonly name: string; readonly severity: string; readonly title: string; readonly help: string; readonly helpUri: string }
export interface Report {
  readonly findings: readonly Finding[]; readonly rules: readonly RuleInfo[]; readonly scope: readonly string[];
  readonly failures?: readonly { readonly ruleId: string; readonly message: string }[];
}

const FRESH_MS = 30_000;
const cache = new Map<string, { readonly at: number; readonly report: Promise<Report> }>();

/** The report for the scope's caller: a recent one unless `fresh`; a failed ask is not kept. */
export function lintReport(scope: Scope, fresh = false): Promise<Report> {
  const key = `${scope.account}/${scope.region}/${scope.credentials?.accessKeyId ?? ''}`;
  const held = cache.get(key);
  if (!fresh && held !== undefined && Date.now() - held.at < FRESH_MS) return held.report;
  const report = vpceGet<Report>(scope, '/_vpce/lint');
  cache.set(key, { at: Date.now(), report });
  report.catch(() => { if (cache.get(key)?.report === report) cache.delete(key); });
  return report;
}

/** Whether a finding concerns the chosen account and Region (its first resource is the one it is about). */
export function inScope(f: Finding, scope: Scope): boolean {
  const r = f.resources[0];
  return r === undefined || (r.account === scope.account && (r.region === scope.region || r.region === '' || r.region === 'global'));
}

/** The findings that name a resource. */
export function findingsNaming(report: Report, id: string): Finding[] {
  return report.findings.filter((f) => f.resources.some((r) => r.id === id));
}
