/**
 * @module A resource's detail page frame: the link back to its list, the id as heading, Refresh, and the body once
 * loaded. The load describes the one resource by id, so an unknown id shows the API's own NotFound code and message.
 */
import type { ComponentChildren, JSX } from 'preact';
import type { Scope } from './api.js';
import { FindingsBadge } from './findings-badge.js';
import { useLoad } from './hooks.js';
import { Show } from './ui.js';

export function DetailPage<T>({ scope, slug, listTitle, id, heading, load, deps, children }: {
  /** Who asks (for the findings that name the resource). */
  readonly scope: Scope;
  /** The kind's route (`subnets`) and id stem. */
  readonly slug: string;
  readonly listTitle: string;
  readonly id: string;
  /** The heading when the id is not what people know the resource by (a load balancer's name). */
  readonly heading?: string;
  readonly load: () => Promise<T>;
  readonly deps: readonly unknown[];
  readonly children: (value: T, reload: () => void) => ComponentChildren;
}): JSX.Element {
  const [data, reload] = useLoad(load, deps);
  return (
    <section aria-labelledby={`${slug}-detail-title`}>
      <p><a href={`#/${slug}`}>← {listTitle}</a></p>
      <div class="page-head">
        <h1 id={`${slug}-detail-title`}>{heading ?? id}</h1>
        <div class="actions"><FindingsBadge scope={scope} id={id} /><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(v) => children(v, reload)}</Show>
    </section>
  );
}

/** The first item a Describe-by-id answered, or an error saying none came back (the API normally refuses first). */
export function one<T>(list: readonly T[], what: string): T {
  const first = list[0];
  if (first === undefined) throw new Error(`vpce returned no ${what}.`);
  return first;
}
