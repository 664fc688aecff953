/** @module Shared pieces: loading and error states, sortable tables, copy buttons, resource links. */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api.js';
import type { Loaded } from './hooks.js';

/** Codes with which the services refuse the credentials themselves (not the caller's permissions). */
const CREDENTIAL_CODES = new Set(['AuthFailure', 'IncompleteSignature', 'SignatureDoesNotMatch', 'InvalidClientTokenId', 'MissingAuthenticationToken', 'ExpiredToken']);

/** An API refusal as AWS words it: the code, then the message (and, for refused credentials, what to do). */
export function ErrorBox({ error }: { readonly error: Error }): JSX.Element {
  const credentials = error instanceof ApiError && CREDENTIAL_CODES.has(error.code);
  return (
    <div class="error" role="alert">
      {error instanceof ApiError ? <strong class="code">{error.code}</strong> : null}
      <span class="message">{error.message}</span>
      {credentials ? <span class="hint">vpce refused the console's credentials: when it runs with <code>--auth strict</code>, use "Sign with credentials…" at the top with a key it issued (or the account's root secret).</span> : null}
    </div>
  );
}

/** Render loaded data, or its loading or error state. */
export function Show<T>({ data, children }: { readonly data: Loaded<T>; readonly children: (value: T) => ComponentChildren }): JSX.Element {
  if (data.state === 'loading') return <p class="muted" aria-busy="true">Loading…</p>;
  if (data.state === 'error') return <ErrorBox error={data.error} />;
  return <>{children(data.value)}</>;
}

export function CopyButton({ value, label }: { readonly value: string; readonly label: string }): JSX.Element {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = (): void => {
    const clip = navigator.clipboard as Clipboard | undefined;
    if (clip === undefined) { setDone('failed'); return; }
    clip.writeText(value).then(() => setDone('copied'), () => setDone('failed'));
  };
  return (
    <button type="button" class="small" onClick={copy} aria-label={`Copy ${label}`}>
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}

/** One collator for every sort (localeCompare with options builds a new one per comparison). */
const COLLATOR = new Intl.Collator(undefined, { numeric: true });

export interface Column<R> {
  readonly key: string;
  readonly title: string;
  readonly value: (row: R) => string;
  readonly render?: (row: R) => ComponentChildren;
}

/** A table whose column headers sort it (click or keyboard), with `aria-sort` telling which way. */
export function SortableTable<R>({ rows, columns, rowKey, initialSort, caption }: {
  readonly rows: readonly R[];
  readonly columns: readonly Column<R>[];
  readonly rowKey: (row: R) => string;
  readonly initialSort: string;
  readonly caption: string;
}): JSX.Element {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: initialSort, dir: 1 });
  const col = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = col === undefined ? [...rows] : [...rows].sort((a, b) => sort.dir * COLLATOR.compare(col.value(a), col.value(b)));
  return (
    <div class="table-wrap cards">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.key} aria-sort={c.key === sort.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                <button type="button" class="sort" onClick={() => setSort({ key: c.key, dir: c.key === sort.key ? (sort.dir === 1 ? -1 : 1) : 1 })}>
                  {c.title}<span aria-hidden="true">{c.key === sort.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0
            ? <tr><td colSpan={columns.length} class="muted">Nothing to show.</td></tr>
            : sorted.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => <td key={c.key} data-label={c.title}>{c.render ? c.render(r) : c.value(r)}</td>)}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

export function StateBadge({ state }: { readonly state: string }): JSX.Element {
  const tone = /^(available|active|associated|attached|running|healthy|in-use|create-complete|modify-complete|restore-complete)$/i.test(state) ? 'good' : /^(failed|rejected|blackhole|deleted|expired|unhealthy|terminated|create-failed|modify-failed|delete-failed)$/i.test(state) ? 'bad' : 'warn';
  return <span class={`badge ${tone}`}>{state}</span>;
}

/** Pretty-print a JSON policy document; a document that is not JSON is shown as it is. */
export function prettyJson(doc: string): string {
  try { return JSON.stringify(JSON.parse(doc), null, 2); } catch { return doc; }
}
