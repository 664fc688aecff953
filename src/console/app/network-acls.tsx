/**
 * @module Network ACLs: the list and an ACL's page: inbound and outbound entries in the order they are evaluated
 * (by rule number; the final rule 32767 is the one AWS's console shows as `*`), the subnets it applies to, tags.
 */
import type { JSX } from 'preact';
import { describeAll, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref, Refs } from './links.js';
import { nameOf, networkAclFrom, type AclEntry, type NetworkAcl } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';

/** The rule number every ACL ends with (it cannot be changed or removed); AWS's console writes it as `*`. */
const LAST_RULE = 32767;

/** IANA protocol numbers the console names; any other shows as its number. */
const PROTOCOLS: Readonly<Record<string, string>> = { '-1': 'All', '1': 'ICMP', '6': 'TCP', '17': 'UDP', '58': 'ICMPv6' };

export function NetworkAclsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<NetworkAcl> title="Network ACLs" slug="network-acls" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeNetworkAcls', 'networkAclSet')).map(networkAclFrom)}
      rowKey={(a) => a.id} initialSort="vpc" placeholder="id, Name, VPC or subnet"
      search={(a) => [a.id, nameOf(a.tags), a.vpcId, ...a.subnetIds]}
      columns={[
        { key: 'id', title: 'Network ACL', value: (a) => a.id, render: (a) => <a href={`#/network-acls/${a.id}`}>{a.id}</a> },
        { key: 'name', title: 'Name', value: (a) => nameOf(a.tags) },
        { key: 'vpc', title: 'VPC', value: (a) => a.vpcId, render: (a) => <Ref id={a.vpcId} /> },
        { key: 'default', title: 'Default', value: (a) => (a.isDefault ? 'Yes' : 'No') },
        { key: 'subnets', title: 'Subnets', value: (a) => String(a.subnetIds.length) },
        { key: 'inbound', title: 'Inbound rules', value: (a) => String(a.entries.filter((e) => !e.egress).length) },
        { key: 'outbound', title: 'Outbound rules', value: (a) => String(a.entries.filter((e) => e.egress).length) },
      ]} />
  );
}

function EntriesTable({ entries, caption, peer }: { readonly entries: readonly AclEntry[]; readonly caption: string; readonly peer: string }): JSX.Element {
  const ordered = [...entries].sort((a, b) => a.ruleNumber - b.ruleNumber);
  return (
    <div class="table-wrap"><table>
      <caption class="visually-hidden">{caption}</caption>
      <thead><tr><th scope="col">Rule</th><th scope="col">Protocol</th><th scope="col">Ports</th><th scope="col">{peer}</th><th scope="col">Allow / Deny</th></tr></thead>
      <tbody>
        {ordered.length === 0 ? <tr><td colSpan={5} class="muted">No entries.</td></tr> : ordered.map((e) => (
          <tr key={`${e.ruleNumber}/${e.cidr}`} class={e.action === 'deny' ? 'deny' : ''}>
            <td>{e.ruleNumber === LAST_RULE ? <span title={`rule ${LAST_RULE}`}>*</span> : e.ruleNumber}</td>
            <td>{PROTOCOLS[e.protocol] ?? e.protocol}</td>
            <td>{e.protocol === '-1' ? 'All' : e.icmp !== '' ? e.icmp : e.ports || 'All'}</td>
            <td><code>{e.cidr}</code></td>
            <td><span class={`badge ${e.action === 'allow' ? 'good' : 'bad'}`}>{e.action === 'allow' ? 'Allow' : 'Deny'}</span></td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}

export function NetworkAclDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="network-acls" listTitle="Network ACLs" id={id} deps={[scope.account, scope.region, id]}
      load={async () => one((await describeAll(scope, 'DescribeNetworkAcls', 'networkAclSet', listParams('NetworkAclId', [id]))).map(networkAclFrom), 'network ACL')}>
      {(a, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(a.tags) || <span class="muted">none</span>}</dd>
            <dt>VPC</dt><dd><Ref id={a.vpcId} /></dd>
            <dt>Default</dt><dd>{a.isDefault ? 'Yes' : 'No'}</dd>
            <dt>Subnets</dt><dd><Refs ids={a.subnetIds} /></dd>
            <dt>Owner</dt><dd>{a.owner}</dd>
          </dl>
          <h2 id="acl-inbound">Inbound rules</h2>
          <EntriesTable caption="Inbound rules" peer="Source" entries={a.entries.filter((e) => !e.egress)} />
          <h2 id="acl-outbound">Outbound rules</h2>
          <EntriesTable caption="Outbound rules" peer="Destination" entries={a.entries.filter((e) => e.egress)} />
          <TagsEditor scope={scope} resourceId={a.id} tags={a.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
