/** @module NAT gateways: the list and a gateway's page (subnet, VPC, its addresses and their interfaces, tags). */
import type { JSX } from 'preact';
import { describeAll, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref } from './links.js';
import { nameOf, natGatewayFrom, type NatGateway } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { SortableTable, StateBadge } from './ui.js';

export function NatGatewaysList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<NatGateway> title="NAT gateways" slug="nat-gateways" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeNatGateways', 'natGatewaySet')).map(natGatewayFrom)}
      rowKey={(g) => g.id} initialSort="id" placeholder="id, Name, subnet, VPC or address"
      search={(g) => [g.id, nameOf(g.tags), g.subnetId, g.vpcId, g.state, ...g.addresses.flatMap((a) => [a.privateIp, a.publicIp])]}
      columns={[
        { key: 'id', title: 'NAT gateway', value: (g) => g.id, render: (g) => <a href={`#/nat-gateways/${g.id}`}>{g.id}</a> },
        { key: 'name', title: 'Name', value: (g) => nameOf(g.tags) },
        { key: 'state', title: 'State', value: (g) => g.state, render: (g) => <StateBadge state={g.state} /> },
        { key: 'type', title: 'Connectivity', value: (g) => g.connectivity },
        { key: 'public', title: 'Public IPv4', value: (g) => g.addresses.map((a) => a.publicIp).filter((a) => a !== '').join(', ') },
        { key: 'private', title: 'Private IPv4', value: (g) => g.addresses.map((a) => a.privateIp).join(', ') },
        { key: 'subnet', title: 'Subnet', value: (g) => g.subnetId, render: (g) => <Ref id={g.subnetId} /> },
        { key: 'vpc', title: 'VPC', value: (g) => g.vpcId, render: (g) => <Ref id={g.vpcId} /> },
        { key: 'created', title: 'Created', value: (g) => g.created },
      ]} />
  );
}

export function NatGatewayDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="nat-gateways" listTitle="NAT gateways" id={id} deps={[scope.account, scope.region, id]}
      load={async () => one((await describeAll(scope, 'DescribeNatGateways', 'natGatewaySet', listParams('NatGatewayId', [id]))).map(natGatewayFrom), 'NAT gateway')}>
      {(g, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(g.tags) || <span class="muted">none</span>}</dd>
            <dt>State</dt><dd><StateBadge state={g.state} />{g.failure !== '' ? <span class="muted"> {g.failure}</span> : null}</dd>
            <dt>Connectivity</dt><dd>{g.connectivity}</dd>
            <dt>Subnet</dt><dd><Ref id={g.subnetId} /></dd>
            <dt>VPC</dt><dd><Ref id={g.vpcId} /></dd>
            <dt>Created</dt><dd>{g.created}</dd>
          </dl>
          <h2>Addresses</h2>
          <SortableTable caption="NAT gateway addresses" rows={g.addresses} rowKey={(a) => `${a.eniId}/${a.privateIp}`} initialSort="private" columns={[
            { key: 'private', title: 'Private IPv4', value: (a) => a.privateIp },
            { key: 'public', title: 'Public IPv4', value: (a) => a.publicIp },
            { key: 'allocation', title: 'Allocation', value: (a) => a.allocationId },
            { key: 'eni', title: 'Network interface', value: (a) => a.eniId, render: (a) => <Ref id={a.eniId} /> },
            { key: 'primary', title: 'Primary', value: (a) => (a.primary ? 'Yes' : 'No') },
            { key: 'status', title: 'Status', value: (a) => a.status },
          ]} />
          <TagsEditor scope={scope} resourceId={g.id} tags={g.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
