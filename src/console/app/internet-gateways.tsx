/** @module Internet gateways: the list and a gateway's page (the VPC it is attached to, tags). */
import type { JSX } from 'preact';
import { describeAll, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref } from './links.js';
import { internetGatewayFrom, nameOf, type InternetGateway } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { StateBadge } from './ui.js';

/** AWS's console shows a gateway with no attachment as "detached". */
function stateOf(g: InternetGateway): string {
  return g.attachments[0]?.state === 'available' ? 'attached' : g.attachments[0]?.state ?? 'detached';
}

export function InternetGatewaysList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<InternetGateway> title="Internet gateways" slug="internet-gateways" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeInternetGateways', 'internetGatewaySet')).map(internetGatewayFrom)}
      rowKey={(g) => g.id} initialSort="id" placeholder="id, Name or VPC"
      search={(g) => [g.id, nameOf(g.tags), ...g.attachments.map((a) => a.vpcId)]}
      columns={[
        { key: 'id', title: 'Internet gateway', value: (g) => g.id, render: (g) => <a href={`#/internet-gateways/${g.id}`}>{g.id}</a> },
        { key: 'name', title: 'Name', value: (g) => nameOf(g.tags) },
        { key: 'state', title: 'State', value: stateOf, render: (g) => <StateBadge state={stateOf(g)} /> },
        { key: 'vpc', title: 'VPC', value: (g) => g.attachments.map((a) => a.vpcId).join(' '), render: (g) => <Ref id={g.attachments[0]?.vpcId ?? ''} /> },
        { key: 'owner', title: 'Owner', value: (g) => g.owner },
      ]} />
  );
}

export function InternetGatewayDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="internet-gateways" listTitle="Internet gateways" id={id} deps={[scope.account, scope.region, id]}
      load={async () => one((await describeAll(scope, 'DescribeInternetGateways', 'internetGatewaySet', listParams('InternetGatewayId', [id]))).map(internetGatewayFrom), 'internet gateway')}>
      {(g, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(g.tags) || <span class="muted">none</span>}</dd>
            <dt>State</dt><dd><StateBadge state={stateOf(g)} /></dd>
            <dt>VPC</dt><dd><Ref id={g.attachments[0]?.vpcId ?? ''} /></dd>
            <dt>Owner</dt><dd>{g.owner}</dd>
          </dl>
          <TagsEditor scope={scope} resourceId={g.id} tags={g.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
