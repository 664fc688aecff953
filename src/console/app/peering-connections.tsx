/** @module VPC peering connections: the list and a connection's page (both sides with owner, Region and CIDRs; tags). */
import type { JSX } from 'preact';
import { describeAll, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref } from './links.js';
import { nameOf, peeringFrom, type PeerSide, type PeeringConnection } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { StateBadge } from './ui.js';

/** A side's VPC links to its page only when it is this account's and Region's (the console shows one of each). */
function SideVpc({ side, scope }: { readonly side: PeerSide; readonly scope: Scope }): JSX.Element {
  const here = side.owner === scope.account && (side.region === '' || side.region === scope.region);
  return here ? <Ref id={side.vpcId} /> : <><code>{side.vpcId}</code> <span class="muted">{side.owner} {side.region}</span></>;
}

export function PeeringConnectionsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<PeeringConnection> title="Peering connections" slug="peering-connections" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet')).map(peeringFrom)}
      rowKey={(p) => p.id} initialSort="id" placeholder="id, Name, VPC, account or CIDR"
      search={(p) => [p.id, nameOf(p.tags), p.status, ...[p.requester, p.accepter].flatMap((s) => [s.vpcId, s.owner, s.region, ...s.cidrs])]}
      columns={[
        { key: 'id', title: 'Peering connection', value: (p) => p.id, render: (p) => <a href={`#/peering-connections/${p.id}`}>{p.id}</a> },
        { key: 'name', title: 'Name', value: (p) => nameOf(p.tags) },
        { key: 'status', title: 'Status', value: (p) => p.status, render: (p) => <StateBadge state={p.status} /> },
        { key: 'requester', title: 'Requester VPC', value: (p) => p.requester.vpcId, render: (p) => <SideVpc side={p.requester} scope={scope} /> },
        { key: 'accepter', title: 'Accepter VPC', value: (p) => p.accepter.vpcId, render: (p) => <SideVpc side={p.accepter} scope={scope} /> },
        { key: 'rcidr', title: 'Requester CIDRs', value: (p) => p.requester.cidrs.join(', ') },
        { key: 'acidr', title: 'Accepter CIDRs', value: (p) => p.accepter.cidrs.join(', ') },
      ]} />
  );
}

function Side({ title, side, scope }: { readonly title: string; readonly side: PeerSide; readonly scope: Scope }): JSX.Element {
  return (
    <>
      <h2>{title}</h2>
      <dl class="facts">
        <dt>VPC</dt><dd><SideVpc side={side} scope={scope} /></dd>
        <dt>Owner</dt><dd>{side.owner}</dd>
        <dt>Region</dt><dd>{side.region || <span class="muted">not given</span>}</dd>
        <dt>IPv4 CIDRs</dt><dd>{side.cidrs.length === 0 ? <span class="muted">not shown until accepted</span> : side.cidrs.join(', ')}</dd>
        <dt>IPv6 CIDRs</dt><dd>{side.ipv6.length === 0 ? <span class="muted">none</span> : side.ipv6.join(', ')}</dd>
      </dl>
    </>
  );
}

export function PeeringConnectionDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="peering-connections" listTitle="Peering connections" id={id} deps={[scope.account, scope.region, id]}
      load={async () => one((await describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet', listParams('VpcPeeringConnectionId', [id]))).map(peeringFrom), 'peering connection')}>
      {(p, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(p.tags) || <span class="muted">none</span>}</dd>
            <dt>Status</dt><dd><StateBadge state={p.status} />{p.message !== '' ? <span class="muted"> {p.message}</span> : null}</dd>
            {p.expires !== '' ? <><dt>Expires</dt><dd>{p.expires}</dd></> : null}
          </dl>
          <Side title="Requester" side={p.requester} scope={scope} />
          <Side title="Accepter" side={p.accepter} scope={scope} />
          <TagsEditor scope={scope} resourceId={p.id} tags={p.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
