/**
 * @module Load balancers (ELBv2): the list and a load balancer's page: DNS name, zones and subnets with their
 * addresses, security groups, listeners (DescribeListeners), target groups, tags (AddTags / RemoveTags).
 * Routes: `#/load-balancers/<ARN, URI-encoded, or name>`.
 */
import type { JSX } from 'preact';
import { elbv2All, members, text, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { elbv2TagWriter, elbv2Tags } from './elbv2-tags.js';
import { Ref, Refs } from './links.js';
import { loadBalancerFrom, targetGroupFrom, type LoadBalancer } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { CopyButton, SortableTable, StateBadge } from './ui.js';

export function lbHref(arn: string): string {
  return `#/load-balancers/${encodeURIComponent(arn)}`;
}

export function LoadBalancersList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<LoadBalancer> title="Load balancers" slug="load-balancers" deps={[scope.account, scope.region]}
      load={async () => (await elbv2All(scope, 'DescribeLoadBalancers', 'LoadBalancers')).map(loadBalancerFrom)}
      rowKey={(l) => l.arn} initialSort="name" placeholder="name, DNS name, type, VPC or subnet"
      search={(l) => [l.name, l.arn, l.dnsName, l.type, l.scheme, l.state, l.vpcId, ...l.zones.flatMap((z) => [z.zone, z.subnetId])]}
      columns={[
        { key: 'name', title: 'Name', value: (l) => l.name, render: (l) => <a href={lbHref(l.arn)}>{l.name}</a> },
        { key: 'dns', title: 'DNS name', value: (l) => l.dnsName },
        { key: 'state', title: 'State', value: (l) => l.state, render: (l) => <StateBadge state={l.state} /> },
        { key: 'type', title: 'Type', value: (l) => l.type },
        { key: 'scheme', title: 'Scheme', value: (l) => l.scheme },
        { key: 'vpc', title: 'VPC', value: (l) => l.vpcId, render: (l) => <Ref id={l.vpcId} /> },
        { key: 'zones', title: 'Availability Zones', value: (l) => l.zones.map((z) => z.zone).sort().join(', ') },
        { key: 'created', title: 'Created', value: (l) => l.created },
      ]} />
  );
}

interface Listener { readonly arn: string; readonly protocol: string; readonly port: string; readonly actions: readonly string[] }

async function loadLb(scope: Scope, id: string) {
  const by = id.startsWith('arn:') ? { 'LoadBalancerArns.member.1': id } : { 'Names.member.1': id };
  const lb = one((await elbv2All(scope, 'DescribeLoadBalancers', 'LoadBalancers', by)).map(loadBalancerFrom), 'load balancer');
  const [listeners, groups, tags] = await Promise.all([
    elbv2All(scope, 'DescribeListeners', 'Listeners', { LoadBalancerArn: lb.arn }),
    elbv2All(scope, 'DescribeTargetGroups', 'TargetGroups', { LoadBalancerArn: lb.arn }),
    elbv2Tags(scope, lb.arn),
  ]);
  return {
    lb, tags,
    listeners: listeners.map((l): Listener => ({
      arn: text(l, 'ListenerArn'), protocol: text(l, 'Protocol'), port: text(l, 'Port'),
      actions: members(l, 'DefaultActions').map((a) => `${text(a, 'Type')}${text(a, 'TargetGroupArn') === '' ? '' : ` ${text(a, 'TargetGroupArn')}`}`),
    })),
    targetGroups: groups.map(targetGroupFrom),
  };
}

export function LoadBalancerDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="load-balancers" listTitle="Load balancers" id={id} heading={id.startsWith('arn:') ? id.split('/').slice(-2, -1)[0] ?? id : id}
      deps={[scope.account, scope.region, id]} load={() => loadLb(scope, id)}>
      {(d, reload) => (
        <>
          <dl class="facts">
            <dt>ARN</dt><dd><code>{d.lb.arn}</code></dd>
            <dt>DNS name</dt><dd><code>{d.lb.dnsName}</code> <CopyButton value={d.lb.dnsName} label={d.lb.dnsName} /></dd>
            <dt>State</dt><dd><StateBadge state={d.lb.state} /></dd>
            <dt>Type</dt><dd>{d.lb.type}</dd>
            <dt>Scheme</dt><dd>{d.lb.scheme}</dd>
            <dt>IP address type</dt><dd>{d.lb.ipAddressType}</dd>
            <dt>VPC</dt><dd><Ref id={d.lb.vpcId} /></dd>
            <dt>Security groups</dt><dd><Refs ids={d.lb.groups} /></dd>
            <dt>Hosted zone</dt><dd>{d.lb.zoneId}</dd>
            <dt>Created</dt><dd>{d.lb.created}</dd>
          </dl>
          <h2>Availability Zones</h2>
          <SortableTable caption="Availability Zones" rows={d.lb.zones} rowKey={(z) => z.zone} initialSort="zone" columns={[
            { key: 'zone', title: 'Zone', value: (z) => z.zone },
            { key: 'subnet', title: 'Subnet', value: (z) => z.subnetId, render: (z) => <Ref id={z.subnetId} /> },
            { key: 'addresses', title: 'Addresses', value: (z) => z.addresses.join(', ') },
          ]} />
          <h2>Listeners</h2>
          <SortableTable caption="Listeners" rows={d.listeners} rowKey={(l) => l.arn} initialSort="port" columns={[
            { key: 'protocol', title: 'Protocol', value: (l) => l.protocol },
            { key: 'port', title: 'Port', value: (l) => l.port },
            { key: 'actions', title: 'Default actions', value: (l) => l.actions.join('; '),
              render: (l) => l.actions.map((a, i) => <div key={i}>{a.split(' ').map((w, j) => w.startsWith('arn:') ? <Ref key={j} id={w} label={w.split('/').slice(-2, -1)[0] ?? w} /> : <span key={j}>{w} </span>)}</div>) },
          ]} />
          <h2>Target groups</h2>
          <SortableTable caption="Target groups" rows={d.targetGroups} rowKey={(t) => t.arn} initialSort="name" columns={[
            { key: 'name', title: 'Name', value: (t) => t.name, render: (t) => <Ref id={t.arn} label={t.name} /> },
            { key: 'protocol', title: 'Protocol', value: (t) => `${t.protocol} ${t.port}` },
            { key: 'type', title: 'Target type', value: (t) => t.targetType },
          ]} />
          <TagsEditor scope={scope} resourceId={d.lb.arn} tags={d.tags} onSaved={reload} write={elbv2TagWriter(scope, d.lb.arn)} />
        </>
      )}
    </DetailPage>
  );
}
