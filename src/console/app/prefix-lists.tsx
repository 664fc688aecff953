/**
 * @module Managed prefix lists: AWS's (the services' address ranges a gateway endpoint routes to) and the account's
 * own, in one list from DescribeManagedPrefixLists; a list's page shows its CIDRs (GetManagedPrefixListEntries).
 */
import type { JSX } from 'preact';
import { describeAll, ec2, items, listParams, text, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { nameOf, prefixListFrom, type PrefixList } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { SortableTable, StateBadge } from './ui.js';

export function PrefixListsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<PrefixList> title="Prefix lists" slug="prefix-lists" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeManagedPrefixLists', 'prefixListSet')).map(prefixListFrom)}
      rowKey={(l) => l.id} initialSort="owner" placeholder="id, name or owner"
      search={(l) => [l.id, l.name, nameOf(l.tags), l.owner, l.family]}
      columns={[
        { key: 'id', title: 'Prefix list', value: (l) => l.id, render: (l) => <a href={`#/prefix-lists/${l.id}`}>{l.id}</a> },
        { key: 'name', title: 'Name', value: (l) => l.name },
        { key: 'owner', title: 'Owner', value: (l) => l.owner },
        { key: 'family', title: 'Address family', value: (l) => l.family },
        { key: 'max', title: 'Max entries', value: (l) => l.maxEntries },
        { key: 'version', title: 'Version', value: (l) => l.version },
        { key: 'state', title: 'State', value: (l) => l.state, render: (l) => <StateBadge state={l.state} /> },
      ]} />
  );
}

interface Entry { readonly cidr: string; readonly description: string }

async function entriesOf(scope: Scope, id: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let token = '';
  for (let page = 0; page < 100; page++) {
    const root = await ec2(scope, 'GetManagedPrefixListEntries', token === '' ? { PrefixListId: id } : { PrefixListId: id, NextToken: token });
    out.push(...items(root, 'entrySet').map((e) => ({ cidr: text(e, 'cidr'), description: text(e, 'description') })));
    token = text(root, 'nextToken');
    if (token === '') break;
  }
  return out;
}

export function PrefixListDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="prefix-lists" listTitle="Prefix lists" id={id} deps={[scope.account, scope.region, id]}
      load={async () => {
        const list = one((await describeAll(scope, 'DescribeManagedPrefixLists', 'prefixListSet', listParams('PrefixListId', [id]))).map(prefixListFrom), 'prefix list');
        return { list, entries: await entriesOf(scope, id) };
      }}>
      {({ list, entries }, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{list.name}</dd>
            <dt>Owner</dt><dd>{list.owner}</dd>
            <dt>Address family</dt><dd>{list.family}</dd>
            <dt>State</dt><dd>{list.state}</dd>
            <dt>Max entries</dt><dd>{list.maxEntries}</dd>
            <dt>Version</dt><dd>{list.version}</dd>
            <dt>ARN</dt><dd><code>{list.arn}</code></dd>
          </dl>
          <h2>Entries</h2>
          <SortableTable caption="Prefix list entries" rows={entries} rowKey={(e) => e.cidr} initialSort="cidr" columns={[
            { key: 'cidr', title: 'CIDR', value: (e) => e.cidr, render: (e) => <code>{e.cidr}</code> },
            { key: 'description', title: 'Description', value: (e) => e.description },
          ]} />
          <TagsEditor scope={scope} resourceId={list.id} tags={list.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
