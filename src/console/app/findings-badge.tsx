/**
 * @module The findings on a resource's page: how many lint findings name it, by their worst severity, linking to the
 * Findings page filtered to it. Nothing shows while the report loads, when it fails (the Findings page says why)
 * or when there are none.
 */
import type { JSX } from 'preact';
import type { Scope } from './api.js';
import { findingsNaming, lintReport } from './findings-data.js';
import { useLoad } from './hooks.js';

export function FindingsBadge({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element | null {
  const [data] = useLoad(async () => findingsNaming(await lintReport(scope), id), [scope.account, scope.region, id]);
  if (data.state !== 'ok' || data.value.length === 0) return null;
  const worst = data.value.some((f) => f.severity === 'error') ? 'error' : data.value.some((f) => f.severity === 'warning') ? 'warning' : 'note';
  const n = data.value.length;
  return (
    <a class={`badge findings-badge ${worst === 'error' ? 'bad' : 'warn'}`} href={`#/findings?resource=${encodeURIComponent(id)}`}>
      {n} {n === 1 ? 'finding' : 'findings'} ({worst})
    </a>
  );
}
