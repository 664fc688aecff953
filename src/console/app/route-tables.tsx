/** @module Route tables: the list, and a table's routes with endpoint routes marked as managed by their endpoint. */
import type { JSX } from 'preact';
import { describeAll, filterParams, text, type Scope } from './api.js';
import { useLoad } from './hooks.js';
import { managedBy, routeTableFrom, type RouteTable } from './model.js';
import { Show, StateBadge } from './ui.js';
import { ListPage } from './table.js';
import { Refs } from './links.js';
import { TagsEditor } from './tags-editor.js';
import { FindingsBadge } from './findings-badge.js';

export function RouteTablesList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<RouteTable> title="Route tables" slug="rts" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeRouteTables', 'routeTableSet')).map(routeTableFrom)}
      rowKey={(r) => r.id} initialSort="vpc" placeholder="id, VPC, subnet or Name"
      search={(r) => [r.id, r.vpcId, r.tags['Name'] ?? '', ...r.subnetIds]}
      columns={[
        { key: 'id', title: 'Route table', value: (r) => r.id, render: (r) => <a href={`#/route-tables/${r.id}`}>{r.id}</a> },
        { key: 'name', title: 'Name', value: (r) => r.tags['Name'] ?? '' },
        { key: 'vpc', title: 'VPC', value: (r) => r.vpcId },
        { key: 'main', title: 'Main', value: (r) => (r.main ? 'Yes' : 'No') },
        { key: 'subnets', title: 'Subnets', value: (r) => r.subnetIds.join(', ') },
        { key: 'routes', title: 'Routes', value: (r) => String(r.routes.length) },
        { key: 'endpoints', title: 'Endpoint routes', value: (r) => r.routes.filter((x) => managedBy(x) !== undefined).map((x) => x.target).join(', ') },
      ]} />
  );
}

export function RouteTableDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [data, reload] = useLoad(async () => {
    const [rts, lists] = await Promise.all([
      describeAll(scope, 'DescribeRouteTables', 'routeTableSet', filterParams({ 'route-table-id': [id] })),
      describeAll(scope, 'DescribeManagedPrefixLists', 'prefixListSet'),
    ]);
    const rt = rts.map(routeTableFrom)[0];
    return rt === undefined ? undefined : { ...rt, prefixListNames: new Map(lists.map((l) => [text(l, 'prefixListId'), text(l, 'prefixListName')])) };
  }, [scope.account, scope.region, id]);
  return (
    <section aria-labelledby="rt-title">
      <p><a href="#/route-tables">← Route tables</a></p>
      <div class="page-head">
        <h1 id="rt-title">{id}</h1>
        <div class="actions"><FindingsBadge scope={scope} id={id} /><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(rt) => rt === undefined ? <p class="error" role="alert">The route table '{id}' does not exist in this account and Region.</p> : (
        <>
          <dl class="facts">
            <dt>VPC</dt><dd><a href={`#/vpcs/${rt.vpcId}`}>{rt.vpcId}</a></dd>
            <dt>Main</dt><dd>{rt.main ? 'Yes' : 'No'}</dd>
            <dt>Subnets</dt><dd>{rt.subnetIds.length === 0 ? <span class="muted">none explicitly associated</span> : <Refs ids={rt.subnetIds} />}</dd>
          </dl>
          <h2>Routes</h2>
          <div class="table-wrap"><table>
            <thead><tr><th scope="col">Destination</th><th scope="col">Target</th><th scope="col">State</th><th scope="col">Origin</th><th scope="col">Editable</th></tr></thead>
            <tbody>
              {rt.routes.map((r) => {
                const ep = managedBy(r);
                return (
                  <tr key={r.destination} class={ep !== undefined ? 'managed' : ''}>
                    <td>{r.destination.startsWith('pl-') ? <a href={`#/prefix-lists/${r.destination}`}>{r.destination}</a> : <code>{r.destination}</code>}{rt.prefixListNames.has(r.destination) ? <span class="muted"> {rt.prefixListNames.get(r.destination)}</span> : null}</td>
                    <td>{ep !== undefined ? <a href={`#/endpoints/${ep}`}>{ep}</a> : <code>{r.target}</code>}</td>
                    <td><StateBadge state={r.state} /></td>
                    <td>{r.origin}</td>
                    <td>{ep !== undefined ? <span class="badge">Managed by {ep}</span> : r.target === 'local' ? 'No (local)' : 'Yes'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table></div>
          <TagsEditor scope={scope} resourceId={rt.id} tags={rt.tags} onSaved={reload} />
        </>
      )}</Show>
    </section>
  );
}
