/**
 * @module The resource lists' shared frame: a page head with Refresh, a text filter over the columns a kind names,
 * and the sortable table (`SortableTable` in ui.tsx: column headers are buttons, `aria-sort` says which way).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useLoad } from './hooks.js';
import { Show, SortableTable, type Column } from './ui.js';

/** Rows whose searchable texts contain the query (case-insensitive; an empty query keeps every row). */
export function filterRows<R>(rows: readonly R[], query: string, search: (row: R) => readonly string[]): R[] {
  const q = query.trim().toLowerCase();
  return q === '' ? [...rows] : rows.filter((r) => search(r).some((s) => s.toLowerCase().includes(q)));
}

/** A text filter and a sortable table over rows already loaded. */
export function FilterTable<R>({ rows, columns, rowKey, initialSort, caption, placeholder, search }: {
  readonly rows: readonly R[];
  readonly columns: readonly Column<R>[];
  readonly rowKey: (row: R) => string;
  readonly initialSort: string;
  readonly caption: string;
  readonly placeholder: string;
  readonly search: (row: R) => readonly string[];
}): JSX.Element {
  const [query, setQuery] = useState('');
  const shown = filterRows(rows, query, search);
  return (
    <>
      <div class="filters">
        <label>Filter
          <input type="search" value={query} placeholder={placeholder} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <span class="muted" role="status">{shown.length === rows.length ? `${rows.length} shown` : `${shown.length} of ${rows.length} shown`}</span>
      </div>
      <SortableTable<R> caption={caption} rows={shown} rowKey={rowKey} initialSort={initialSort} columns={columns} />
    </>
  );
}

/** A whole list page: heading, Refresh, the filter and the sortable table, loaded by `load`. */
export function ListPage<R>({ title, slug, load, deps, ...table }: {
  readonly title: string;
  /** The page's id stem (for the heading's id). */
  readonly slug: string;
  readonly load: () => Promise<readonly R[]>;
  readonly deps: readonly unknown[];
  readonly columns: readonly Column<R>[];
  readonly rowKey: (row: R) => string;
  readonly initialSort: string;
  readonly placeholder: string;
  readonly search: (row: R) => readonly string[];
}): JSX.Element {
  const [data, reload] = useLoad(load, deps);
  return (
    <section aria-labelledby={`${slug}-title`}>
      <div class="page-head">
        <h1 id={`${slug}-title`}>{title}</h1>
        <div class="actions"><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(rows) => <FilterTable<R> caption={title} rows={rows} {...table} />}</Show>
    </section>
  );
}
