/**
 * @module Subnets: the list (sorted by Availability Zone at first; free addresses as the API counts them, IPv4 and
 * IPv6 CIDRs), and a subnet's page linking its VPC, the route table and network ACL that apply to it, and the
 * network interfaces inside it.
 */
import type { JSX } from 'preact';
import { describeAll, filterParams, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref, Refs } from './links.js';
import { routeTableFrom } from './model.js';
import { nameOf, networkAclFrom, networkInterfaceFrom, subnetRowFrom, type SubnetRow } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { SortableTable, StateBadge } from './ui.js';

export function SubnetsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<SubnetRow> title="Subnets" slug="subnets" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeSubnets', 'subnetSet')).map(subnetRowFrom)}
      rowKey={(s) => s.id} initialSort="az" placeholder="id, Name, VPC, zone or CIDR"
      search={(s) => [s.id, nameOf(s.tags), s.vpcId, s.az, s.azId, s.cidr, ...s.ipv6]}
      columns={[
        { key: 'id', title: 'Subnet', value: (s) => s.id, render: (s) => <a href={`#/subnets/${s.id}`}>{s.id}</a> },
        { key: 'name', title: 'Name', value: (s) => nameOf(s.tags) },
        { key: 'az', title: 'Availability Zone', value: (s) => `${s.az} ${s.cidr}`, render: (s) => `${s.az} (${s.azId})` },
        { key: 'vpc', title: 'VPC', value: (s) => s.vpcId, render: (s) => <Ref id={s.vpcId} /> },
        { key: 'cidr', title: 'IPv4 CIDR', value: (s) => s.cidr },
        { key: 'ipv6', title: 'IPv6 CIDR', value: (s) => s.ipv6.join(' ') },
        { key: 'free', title: 'Free addresses', value: (s) => String(s.free) },
        { key: 'state', title: 'State', value: (s) => s.state, render: (s) => <StateBadge state={s.state} /> },
      ]} />
  );
}

async function loadSubnet(scope: Scope, id: string) {
  const subnet = one((await describeAll(scope, 'DescribeSubnets', 'subnetSet', listParams('SubnetId', [id]))).map(subnetRowFrom), 'subnet');
  const [explicit, main, acls, enis] = await Promise.all([
    describeAll(scope, 'DescribeRouteTables', 'routeTableSet', filterParams({ 'association.subnet-id': [id] })),
    describeAll(scope, 'DescribeRouteTables', 'routeTableSet', filterParams({ 'vpc-id': [subnet.vpcId], 'association.main': ['true'] })),
    describeAll(scope, 'DescribeNetworkAcls', 'networkAclSet', filterParams({ 'association.subnet-id': [id] })),
    describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet', filterParams({ 'subnet-id': [id] })),
  ]);
  const rt = (explicit[0] ?? main[0]);
  return {
    subnet,
    routeTable: rt === undefined ? undefined : { id: routeTableFrom(rt).id, main: explicit[0] === undefined },
    acl: acls.map(networkAclFrom)[0],
    enis: enis.map(networkInterfaceFrom),
  };
}

export function SubnetDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="subnets" listTitle="Subnets" id={id} load={() => loadSubnet(scope, id)} deps={[scope.account, scope.region, id]}>
      {(d, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(d.subnet.tags) || <span class="muted">none</span>}</dd>
            <dt>State</dt><dd><StateBadge state={d.subnet.state} /></dd>
            <dt>VPC</dt><dd><Ref id={d.subnet.vpcId} /></dd>
            <dt>Availability Zone</dt><dd>{d.subnet.az} ({d.subnet.azId})</dd>
            <dt>IPv4 CIDR</dt><dd>{d.subnet.cidr}</dd>
            <dt>IPv6 CIDRs</dt><dd>{d.subnet.ipv6.length === 0 ? <span class="muted">none</span> : d.subnet.ipv6.join(', ')}</dd>
            <dt>Free IPv4 addresses</dt><dd>{d.subnet.free}</dd>
            <dt>Default for its zone</dt><dd>{d.subnet.defaultForAz ? 'Yes' : 'No'}</dd>
            <dt>Public IPv4 on launch</dt><dd>{d.subnet.mapPublicIp ? 'Yes' : 'No'}</dd>
            <dt>Route table</dt><dd>{d.routeTable === undefined ? <span class="muted">none</span> : <><Ref id={d.routeTable.id} />{d.routeTable.main ? <span class="muted"> (the VPC's main table)</span> : null}</>}</dd>
            <dt>Network ACL</dt><dd>{d.acl === undefined ? <span class="muted">none</span> : <Ref id={d.acl.id} />}</dd>
            <dt>ARN</dt><dd><code>{d.subnet.arn}</code></dd>
          </dl>
          <h2>Network interfaces</h2>
          <SortableTable caption="Network interfaces in the subnet" rows={d.enis} rowKey={(e) => e.id} initialSort="id" columns={[
            { key: 'id', title: 'Interface', value: (e) => e.id, render: (e) => <Ref id={e.id} /> },
            { key: 'type', title: 'Type', value: (e) => e.type },
            { key: 'ip', title: 'Private IPs', value: (e) => e.privateIps.join(', ') },
            { key: 'groups', title: 'Security groups', value: (e) => e.groups.map((g) => g.id).join(' '), render: (e) => <Refs ids={e.groups.map((g) => g.id)} /> },
            { key: 'description', title: 'Description', value: (e) => e.description },
          ]} />
          <TagsEditor scope={scope} resourceId={d.subnet.id} tags={d.subnet.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
