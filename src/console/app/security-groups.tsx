/**
 * @module Security groups: the list, and a group's inbound and outbound rules, one line per source or destination,
 * with prefix lists named (an endpoint's `pl-…` for S3 or DynamoDB reads as its service).
 */
import type { JSX } from 'preact';
import { describeAll, filterParams, items, tags, text, type Scope } from './api.js';
import { useLoad } from './hooks.js';
import { securityGroupFrom, type SecurityGroup } from './model.js';
import { Show } from './ui.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { FindingsBadge } from './findings-badge.js';

export function SecurityGroupsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<SecurityGroup> title="Security groups" slug="sgs" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeSecurityGroups', 'securityGroupInfo')).map(securityGroupFrom)}
      rowKey={(g) => g.id} initialSort="vpc" placeholder="id, name, VPC or description"
      search={(g) => [g.id, g.name, g.vpcId, g.description]}
      columns={[
        { key: 'id', title: 'Group', value: (g) => g.id, render: (g) => <a href={`#/security-groups/${g.id}`}>{g.id}</a> },
        { key: 'name', title: 'Name', value: (g) => g.name },
        { key: 'vpc', title: 'VPC', value: (g) => g.vpcId, render: (g) => <a href={`#/vpcs/${g.vpcId}`}>{g.vpcId}</a> },
        { key: 'description', title: 'Description', value: (g) => g.description },
      ]} />
  );
}

interface Rule { readonly protocol: string; readonly ports: string; readonly peer: string; readonly peerName: string; readonly description: string }

function rulesOf(el: Element, setName: string, prefixNames: ReadonlyMap<string, string>): Rule[] {
  const out: Rule[] = [];
  for (const perm of items(el, setName)) {
    const proto = text(perm, 'ipProtocol');
    const protocol = proto === '-1' ? 'All' : proto.toUpperCase();
    const from = text(perm, 'fromPort');
    const to = text(perm, 'toPort');
    const ports = proto === '-1' ? 'All' : from === to ? from : `${from}-${to}`;
    for (const r of items(perm, 'ipRanges')) out.push({ protocol, ports, peer: text(r, 'cidrIp'), peerName: '', description: text(r, 'description') });
    for (const r of items(perm, 'ipv6Ranges')) out.push({ protocol, ports, peer: text(r, 'cidrIpv6'), peerName: '', description: text(r, 'description') });
    for (const r of items(perm, 'prefixListIds')) {
      const id = text(r, 'prefixListId');
      out.push({ protocol, ports, peer: id, peerName: prefixNames.get(id) ?? '', description: text(r, 'description') });
    }
    for (const r of items(perm, 'groups')) out.push({ protocol, ports, peer: text(r, 'groupId'), peerName: '', description: text(r, 'description') });
  }
  return out;
}

function RulesTable({ rules, peerTitle }: { readonly rules: readonly Rule[]; readonly peerTitle: string }): JSX.Element {
  return (
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">Protocol</th><th scope="col">Ports</th><th scope="col">{peerTitle}</th><th scope="col">Description</th></tr></thead>
      <tbody>
        {rules.length === 0 ? <tr><td colSpan={4} class="muted">No rules.</td></tr> : rules.map((r, i) => (
          <tr key={i}>
            <td>{r.protocol}</td><td>{r.ports}</td>
            <td>{r.peer.startsWith('sg-') ? <a href={`#/security-groups/${r.peer}`}>{r.peer}</a> : r.peer.startsWith('pl-') ? <a href={`#/prefix-lists/${r.peer}`}>{r.peer}</a> : <code>{r.peer}</code>}{r.peerName !== '' ? <span class="muted"> {r.peerName}</span> : null}</td>
            <td>{r.description}</td>
          </tr>
        ))}
      </tbody>
    </table></div>
  );
}

export function SecurityGroupDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [data, reload] = useLoad(async () => {
    const [groups, lists] = await Promise.all([
      describeAll(scope, 'DescribeSecurityGroups', 'securityGroupInfo', filterParams({ 'group-id': [id] })),
      describeAll(scope, 'DescribeManagedPrefixLists', 'prefixListSet'),
    ]);
    const el = groups[0];
    if (el === undefined) return undefined;
    const names = new Map(lists.map((l) => [text(l, 'prefixListId'), text(l, 'prefixListName')]));
    return { group: securityGroupFrom(el), inbound: rulesOf(el, 'ipPermissions', names), outbound: rulesOf(el, 'ipPermissionsEgress', names), tags: tags(el) };
  }, [scope.account, scope.region, id]);
  return (
    <section aria-labelledby="sg-title">
      <p><a href="#/security-groups">← Security groups</a></p>
      <div class="page-head">
        <h1 id="sg-title">{id}</h1>
        <div class="actions"><FindingsBadge scope={scope} id={id} /><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(d) => d === undefined ? <p class="error" role="alert">The security group '{id}' does not exist in this account and Region.</p> : (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{d.group.name}</dd>
            <dt>Description</dt><dd>{d.group.description}</dd>
            <dt>VPC</dt><dd><a href={`#/vpcs/${d.group.vpcId}`}>{d.group.vpcId}</a></dd>
          </dl>
          <h2>Inbound rules</h2>
          <RulesTable rules={d.inbound} peerTitle="Source" />
          <h2>Outbound rules</h2>
          <RulesTable rules={d.outbound} peerTitle="Destination" />
          <TagsEditor scope={scope} resourceId={d.group.id} tags={d.tags} onSaved={reload} />
        </>
      )}</Show>
    </section>
  );
}
