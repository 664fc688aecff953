/** @module Instances: the list and an instance's page (placement, addresses, interfaces, security groups, role, tags). */
import type { JSX } from 'preact';
import { describeAll, listParams, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref, Refs } from './links.js';
import { instancesFrom, nameOf, type Instance } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { StateBadge } from './ui.js';

export function InstancesList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<Instance> title="Instances" slug="instances" deps={[scope.account, scope.region]}
      load={async () => instancesFrom(await describeAll(scope, 'DescribeInstances', 'reservationSet'))}
      rowKey={(i) => i.id} initialSort="id" placeholder="id, Name, state, type, subnet, VPC or IP"
      search={(i) => [i.id, nameOf(i.tags), i.state, i.type, i.az, i.subnetId, i.vpcId, i.privateIp, i.publicIp]}
      columns={[
        { key: 'id', title: 'Instance', value: (i) => i.id, render: (i) => <a href={`#/instances/${i.id}`}>{i.id}</a> },
        { key: 'name', title: 'Name', value: (i) => nameOf(i.tags) },
        { key: 'state', title: 'State', value: (i) => i.state, render: (i) => <StateBadge state={i.state} /> },
        { key: 'type', title: 'Type', value: (i) => i.type },
        { key: 'az', title: 'Availability Zone', value: (i) => i.az },
        { key: 'subnet', title: 'Subnet', value: (i) => i.subnetId, render: (i) => <Ref id={i.subnetId} /> },
        { key: 'private', title: 'Private IPv4', value: (i) => i.privateIp },
        { key: 'public', title: 'Public IPv4', value: (i) => i.publicIp },
      ]} />
  );
}

export function InstanceDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="instances" listTitle="Instances" id={id} deps={[scope.account, scope.region, id]}
      load={async () => one(instancesFrom(await describeAll(scope, 'DescribeInstances', 'reservationSet', listParams('InstanceId', [id]))), 'instance')}>
      {(i, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(i.tags) || <span class="muted">none</span>}</dd>
            <dt>State</dt><dd>{i.state}</dd>
            <dt>Type</dt><dd>{i.type}</dd>
            <dt>Image</dt><dd><code>{i.imageId}</code></dd>
            <dt>Availability Zone</dt><dd>{i.az}</dd>
            <dt>Subnet</dt><dd><Ref id={i.subnetId} /></dd>
            <dt>VPC</dt><dd><Ref id={i.vpcId} /></dd>
            <dt>Private IPv4</dt><dd>{i.privateIp || <span class="muted">none</span>}</dd>
            <dt>Public IPv4</dt><dd>{i.publicIp || <span class="muted">none</span>}</dd>
            <dt>Private DNS name</dt><dd>{i.privateDnsName || <span class="muted">none</span>}</dd>
            <dt>Network interfaces</dt><dd><Refs ids={i.eniIds} /></dd>
            <dt>Security groups</dt><dd>{i.groups.length === 0 ? <span class="muted">none</span> : i.groups.map((g, n) => <span key={g.id}>{n > 0 ? ', ' : ''}<Ref id={g.id} name={g.name} /></span>)}</dd>
            <dt>Instance profile</dt><dd>{i.profileArn === '' ? <span class="muted">none</span> : <code>{i.profileArn}</code>}</dd>
            <dt>Launched</dt><dd>{i.launched}</dd>
          </dl>
          <TagsEditor scope={scope} resourceId={i.id} tags={i.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
