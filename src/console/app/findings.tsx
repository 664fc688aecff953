/**
 * @module Findings: the lint report of `GET /_vpce/lint` for the chosen account and Region, grouped by severity,
 * filterable by rule; each finding names its resources as links and opens its proof (a trace's hops, the policy
 * statements and reasons that decided it, a DNS answer or configuration facts), with a link to the path explorer.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Scope } from './api.js';
import { useLoad } from './hooks.js';
import { pathRoute } from './path-explorer.js';
import { prettyJson, Show } from './ui.js';
import { inScope, lintReport, type Finding, type Proof, type Reason, type RuleInfo, type TraceProof } from './findings-data.js';

const SEVERITIES = ['error', 'warning', 'note'] as const;

/** The console page of a resource id, from its prefix (other pages may not exist yet: the router says so). */
const PAGES: readonly (readonly [RegExp, string])[] = [
  [/^vpce-svc-/, 'endpoint-services'], [/^vpce-/, 'endpoints'], [/^vpc-/, 'vpcs'], [/^subnet-/, 'subnets'],
  [/^rtb-/, 'route-tables'], [/^sg-/, 'security-groups'], [/^acl-/, 'network-acls'], [/^i-/, 'instances'],
  [/^eni-/, 'network-interfaces'],
];

export function resourceHref(id: string): string | undefined {
  const page = PAGES.find(([re]) => re.test(id))?.[1];
  return page === undefined ? undefined : `#/${page}/${id}`;
}

export function ResourceLink({ id }: { readonly id: string }): JSX.Element {
  const href = resourceHref(id);
  return href === undefined ? <code>{id}</code> : <a href={href}>{id}</a>;
}

export function Findings({ scope, query = '' }: { readonly scope: Scope; readonly query?: string }): JSX.Element {
  // `?resource=ID`: only the findings that name that resource (the badge on its page links here).
  const resource = new URLSearchParams(query).get('resource') ?? '';
  const [data, reload] = useLoad(() => lintReport(scope, true), [scope.account, scope.region]);
  const [rule, setRule] = useState('');
  return (
    <section aria-labelledby="findings-title">
      <div class="page-head">
        <h1 id="findings-title">Findings</h1>
        <div class="actions"><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <p class="muted">What <code>vpce lint</code> finds in {scope.account} / {scope.region}, each with the proof the analyzer computed.</p>
      <Show data={data}>{(report) => {
        const mine = report.findings.filter((f) => inScope(f, scope));
        const rules = new Map(report.rules.map((r) => [r.id, r]));
        const present = [...new Set(mine.map((f) => f.ruleId))].sort();
        const shown = mine.filter((f) => (rule === '' || f.ruleId === rule) && (resource === '' || f.resources.some((r) => r.id === resource)));
        return (
          <>
            <div class="filters">
              <label>Rule
                <select name="rule" value={rule} onChange={(e) => setRule(e.currentTarget.value)}>
                  <option value="">All rules</option>
                  {present.map((id) => <option key={id} value={id}>{id} {rules.get(id)?.name ?? ''}</option>)}
                </select>
              </label>
            </div>
            {resource !== '' ? <p>Findings that name <ResourceLink id={resource} /> · <a href="#/findings">all findings</a></p> : null}
            <p class="muted" aria-live="polite">{shown.length} of {mine.length} findings</p>
            {(report.failures ?? []).map((x) => (
              <p key={x.ruleId} class="note" role="note">{x.ruleId} failed to run, so its findings are missing: {x.message}</p>
            ))}
            {SEVERITIES.map((sev) => {
              const group = shown.filter((f) => f.severity === sev);
              if (group.length === 0) return null;
              return (
                <section key={sev} aria-labelledby={`sev-${sev}`} class={`findings ${sev}`}>
                  <h2 id={`sev-${sev}`}><span class={`badge ${sev === 'error' ? 'bad' : 'warn'}`}>{sev}</span> {group.length}</h2>
                  {group.map((f, i) => <FindingCard key={`${f.ruleId}-${i}`} f={f} rule={rules.get(f.ruleId)} />)}
                </section>
              );
            })}
            {mine.length === 0 ? <p>No findings in this account and Region.</p> : null}
          </>
        );
      }}</Show>
    </section>
  );
}

function FindingCard({ f, rule }: { readonly f: Finding; readonly rule: RuleInfo | undefined }): JSX.Element {
  return (
    <article class="card finding" data-rule={f.ruleId}>
      <h3><code>{f.ruleId}</code> {rule?.title ?? rule?.name ?? ''}</h3>
      <p class="finding-message">{f.message}</p>
      <p>Resources: {f.resources.map((r, i) => <span key={`${r.id}-${i}`}>{i > 0 ? ', ' : ''}<ResourceLink id={r.id} /></span>)}</p>
      {rule !== undefined ? <p class="muted">{rule.help} <a href={rule.helpUri} target="_blank" rel="noopener noreferrer">AWS documentation</a></p> : null}
      <details>
        <summary>Proof</summary>
        {f.proof.map((p, i) => <ProofView key={i} p={p} />)}
      </details>
    </article>
  );
}

/** The path explorer's link for a traced flow: the question `vpce explain` would take (`#/path?from=…&to=…`). */
export function pathHref(t: TraceProof['trace']): string | undefined {
  const f = t.flow;
  const to = f.destinationName ?? (f.destinationIp === undefined ? undefined : `${f.destinationIp}:${f.port ?? 443}/${f.protocol ?? 'tcp'}`);
  if (f.source === '' || to === undefined || to === '') return undefined;
  // An outside source (internet, a gateway, a peering connection) carries its sender's address as `@ip`.
  const outside = !/^(i|eni|subnet)-/.test(f.source);
  const from = outside && f.sourceIp !== undefined ? `${f.source}@${f.sourceIp}` : f.source;
  return `#${pathRoute({ from, to })}`;
}

function Table({ head, children }: { readonly head: readonly string[]; readonly children: ComponentChildren }): JSX.Element {
  return (
    <div class="table-wrap"><table>
      <thead><tr>{head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
      <tbody>{children}</tbody>
    </table></div>
  );
}

function ReasonsTable({ reasons }: { readonly reasons: readonly Reason[] }): JSX.Element | null {
  const shown = reasons.filter((r) => r.kind !== 'near-miss');
  if (shown.length === 0) return null;
  return <Table head={['Reason', 'Why']}>{shown.map((r, i) => <tr key={i}><td>{r.kind}</td><td>{r.why}</td></tr>)}</Table>;
}

function cell(v: unknown): string {
  return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** A policy document's statements as a table; a document that does not parse is shown as it is. */
function StatementsTable({ policy }: { readonly policy: string }): JSX.Element {
  let statements: Record<string, unknown>[] | undefined;
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    const s = doc.Statement;
    statements = (Array.isArray(s) ? s : [s]).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
  } catch { statements = undefined; }
  if (statements === undefined) return <pre class="policy">{prettyJson(policy)}</pre>;
  return (
    <Table head={['#', 'Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']}>
      {statements.map((s, i) => (
        <tr key={i}><td>{i}</td><td>{cell(s['Sid'])}</td><td>{cell(s['Effect'])}</td><td>{cell(s['Principal'] ?? s['NotPrincipal'])}</td>
          <td>{cell(s['Action'] ?? s['NotAction'])}</td><td>{cell(s['Resource'] ?? s['NotResource'])}</td><td>{cell(s['Condition'])}</td></tr>
      ))}
    </Table>
  );
}

function ProofView({ p }: { readonly p: Proof }): JSX.Element {
  switch (p.kind) {
    case 'trace': {
      const t = p.trace;
      const href = pathHref(t);
      return (
        <div class="proof trace">
          <p><strong>Trace</strong> {p.question}: <code>{t.disposition.kind}</code>{t.code ? <> (<code>{t.code}</code>)</> : null}
            {t.policy ? <>, policy {t.policy.decision.decision}{t.policy.decidedBy ? ` by ${t.policy.decidedBy}` : ''}</> : null}
            {href !== undefined ? <> · <a href={href}>Open in the path explorer</a></> : null}</p>
          <Table head={['#', 'Hop', 'Resource', 'Path', 'Verdict', 'Rule']}>
            {t.steps.map((s, i) => (
              <tr key={i} class={s.verdict === 'deny' || s.verdict === 'drop' ? 'stopped' : undefined}>
                <td>{i + 1}</td><td>{s.kind}</td><td><ResourceLink id={s.resourceId} /></td><td>{s.path}{s.direction ? ` ${s.direction}` : ''}</td>
                <td>{s.verdict}</td><td>{s.note}</td>
              </tr>
            ))}
          </Table>
          {t.policy?.decision.reasons ? <ReasonsTable reasons={t.policy.decision.reasons} /> : null}
          {t.policy?.endpoint !== undefined && !t.policy.endpoint.defaulted ? (
            <>
              <p>Endpoint policy of <ResourceLink id={t.policy.endpoint.vpcEndpointId} />{t.policy.action ? <> for <code>{t.policy.action}</code></> : null}</p>
              <StatementsTable policy={t.policy.endpoint.policyDocument} />
            </>
          ) : null}
        </div>
      );
    }
    case 'policy':
      return (
        <div class="proof policy-proof">
          <p><strong>Policy</strong> {p.question}: <code>{p.decision.decision}</code></p>
          <ReasonsTable reasons={p.decision.reasons ?? []} />
          <StatementsTable policy={p.policy} />
        </div>
      );
    case 'dns':
      return <div class="proof"><p><strong>DNS</strong> {p.question}: {p.answer.note}</p></div>;
    case 'config':
      return <div class="proof"><p><strong>Configuration</strong></p><ul>{p.facts.map((x, i) => <li key={i}>{x}</li>)}</ul></div>;
  }
}
