/** @module Virtual private gateways: the list and a gateway's page (its VPC attachments, Amazon side ASN, tags). */
import type { JSX } from 'preact';
import { describeAll, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref } from './links.js';
import { nameOf, vpnGatewayFrom, type VpnGateway } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { SortableTable, StateBadge } from './ui.js';

export function VpnGatewaysList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<VpnGateway> title="Virtual private gateways" slug="vpn-gateways" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeVpnGateways', 'vpnGatewaySet')).map(vpnGatewayFrom)}
      rowKey={(g) => g.id} initialSort="id" placeholder="id, Name, VPC or ASN"
      search={(g) => [g.id, nameOf(g.tags), g.asn, g.state, ...g.attachments.map((a) => a.vpcId)]}
      columns={[
        { key: 'id', title: 'Virtual private gateway', value: (g) => g.id, render: (g) => <a href={`#/vpn-gateways/${g.id}`}>{g.id}</a> },
        { key: 'name', title: 'Name', value: (g) => nameOf(g.tags) },
        { key: 'state', title: 'State', value: (g) => g.state, render: (g) => <StateBadge state={g.state} /> },
        { key: 'type', title: 'Type', value: (g) => g.type },
        { key: 'vpc', title: 'VPC', value: (g) => g.attachments.filter((a) => a.state !== 'detached').map((a) => a.vpcId).join(' '),
          render: (g) => <Ref id={g.attachments.find((a) => a.state !== 'detached')?.vpcId ?? ''} /> },
        { key: 'asn', title: 'Amazon side ASN', value: (g) => g.asn },
      ]} />
  );
}

export function VpnGatewayDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="vpn-gateways" listTitle="Virtual private gateways" id={id} deps={[scope.account, scope.region, id]}
      load={async () => one((await describeAll(scope, 'DescribeVpnGateways', 'vpnGatewaySet', listParams('VpnGatewayId', [id]))).map(vpnGatewayFrom), 'virtual private gateway')}>
      {(g, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(g.tags) || <span class="muted">none</span>}</dd>
            <dt>State</dt><dd><StateBadge state={g.state} /></dd>
            <dt>Type</dt><dd>{g.type}</dd>
            <dt>Amazon side ASN</dt><dd>{g.asn}</dd>
            {g.az !== '' ? <><dt>Availability Zone</dt><dd>{g.az}</dd></> : null}
          </dl>
          <h2>VPC attachments</h2>
          <SortableTable caption="VPC attachments" rows={g.attachments} rowKey={(a) => a.vpcId} initialSort="vpc" columns={[
            { key: 'vpc', title: 'VPC', value: (a) => a.vpcId, render: (a) => <Ref id={a.vpcId} /> },
            { key: 'state', title: 'State', value: (a) => a.state, render: (a) => <StateBadge state={a.state} /> },
          ]} />
          <TagsEditor scope={scope} resourceId={g.id} tags={g.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
