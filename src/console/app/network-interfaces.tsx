/**
 * @module Network interfaces: the list and an interface's page: type, subnet, addresses, security groups, the
 * attachment, and what the interface belongs to (an instance, a VPC endpoint, a NAT gateway, a load balancer),
 * found from those resources' own answers (an endpoint's `networkInterfaceIdSet`, a NAT gateway's addresses, a
 * load balancer's ARN named in its interfaces' description), so the page never guesses from an id.
 */
import type { JSX } from 'preact';
import { describeAll, elbv2All, listParams, text, texts, type Scope } from './api.js';
import { DetailPage, one } from './detail.js';
import { Ref, Refs } from './links.js';
import { loadBalancerFrom, nameOf, natGatewayFrom, networkInterfaceFrom, type NetworkInterface } from './resource-model.js';
import { ListPage } from './table.js';
import { TagsEditor } from './tags-editor.js';
import { StateBadge } from './ui.js';

interface Owner { readonly kind: string; readonly id: string; readonly label: string }

type OwnerOf = (eni: NetworkInterface) => Owner | undefined;

/** Who uses each interface, from the endpoints', NAT gateways' and load balancers' answers. */
async function ownersOf(scope: Scope): Promise<OwnerOf> {
  const [endpoints, nats, lbs] = await Promise.all([
    describeAll(scope, 'DescribeVpcEndpoints', 'vpcEndpointSet'),
    describeAll(scope, 'DescribeNatGateways', 'natGatewaySet'),
    elbv2All(scope, 'DescribeLoadBalancers', 'LoadBalancers'),
  ]);
  const byEni = new Map<string, Owner>();
  for (const ep of endpoints) {
    const id = text(ep, 'vpcEndpointId');
    for (const eni of texts(ep, 'networkInterfaceIdSet')) byEni.set(eni, { kind: 'VPC endpoint', id, label: id });
  }
  for (const nat of nats.map(natGatewayFrom)) for (const a of nat.addresses) byEni.set(a.eniId, { kind: 'NAT gateway', id: nat.id, label: nat.id });
  const balancers = lbs.map(loadBalancerFrom);
  return (eni) => {
    if (eni.attachment !== undefined && eni.attachment.instanceId !== '') return { kind: 'Instance', id: eni.attachment.instanceId, label: eni.attachment.instanceId };
    const known = byEni.get(eni.id);
    if (known !== undefined) return known;
    // AWS names the load balancer in its interfaces' description: "ELB app/<name>/<id>" (the ARN's tail).
    const lb = eni.description.startsWith('ELB ') ? balancers.find((b) => b.arn.endsWith(`/${eni.description.slice(4)}`)) : undefined;
    return lb === undefined ? undefined : { kind: 'Load balancer', id: lb.arn, label: lb.name };
  };
}

interface Row { readonly eni: NetworkInterface; readonly owner: Owner | undefined }

function OwnerCell({ owner }: { readonly owner: Owner | undefined }): JSX.Element {
  return owner === undefined ? <span class="muted">none</span> : <>{owner.kind} <Ref id={owner.id} label={owner.label} /></>;
}

export function NetworkInterfacesList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<Row> title="Network interfaces" slug="network-interfaces" deps={[scope.account, scope.region]}
      load={async () => {
        const [enis, owner] = await Promise.all([describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet'), ownersOf(scope)]);
        return enis.map(networkInterfaceFrom).map((eni) => ({ eni, owner: owner(eni) }));
      }}
      rowKey={(r) => r.eni.id} initialSort="id" placeholder="id, Name, type, subnet, VPC, IP, group or owner"
      search={({ eni, owner }) => [eni.id, nameOf(eni.tags), eni.type, eni.subnetId, eni.vpcId, eni.description, eni.publicIp, ...eni.privateIps, ...eni.ipv6, ...eni.groups.flatMap((g) => [g.id, g.name]), owner?.id ?? '', owner?.label ?? '']}
      columns={[
        { key: 'id', title: 'Interface', value: (r) => r.eni.id, render: (r) => <a href={`#/network-interfaces/${r.eni.id}`}>{r.eni.id}</a> },
        { key: 'name', title: 'Name', value: (r) => nameOf(r.eni.tags) },
        { key: 'type', title: 'Type', value: (r) => r.eni.type },
        { key: 'status', title: 'Status', value: (r) => r.eni.status, render: (r) => <StateBadge state={r.eni.status} /> },
        { key: 'subnet', title: 'Subnet', value: (r) => r.eni.subnetId, render: (r) => <Ref id={r.eni.subnetId} /> },
        { key: 'ips', title: 'Private IPs', value: (r) => r.eni.privateIps.join(', ') },
        { key: 'groups', title: 'Security groups', value: (r) => r.eni.groups.map((g) => g.id).join(' '), render: (r) => <Refs ids={r.eni.groups.map((g) => g.id)} /> },
        { key: 'owner', title: 'Belongs to', value: (r) => (r.owner === undefined ? '' : `${r.owner.kind} ${r.owner.label}`), render: (r) => <OwnerCell owner={r.owner} /> },
      ]} />
  );
}

export function NetworkInterfaceDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  return (
    <DetailPage scope={scope} slug="network-interfaces" listTitle="Network interfaces" id={id} deps={[scope.account, scope.region, id]}
      load={async () => {
        const [enis, owner] = await Promise.all([
          describeAll(scope, 'DescribeNetworkInterfaces', 'networkInterfaceSet', listParams('NetworkInterfaceId', [id])), ownersOf(scope),
        ]);
        const eni = one(enis.map(networkInterfaceFrom), 'network interface');
        return { eni, owner: owner(eni) };
      }}>
      {({ eni, owner }, reload) => (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{nameOf(eni.tags) || <span class="muted">none</span>}</dd>
            <dt>Type</dt><dd>{eni.type}</dd>
            <dt>Status</dt><dd>{eni.status}</dd>
            <dt>Belongs to</dt><dd><OwnerCell owner={owner} /></dd>
            <dt>Description</dt><dd>{eni.description || <span class="muted">none</span>}</dd>
            <dt>Subnet</dt><dd><Ref id={eni.subnetId} /> <span class="muted">{eni.az}</span></dd>
            <dt>VPC</dt><dd><Ref id={eni.vpcId} /></dd>
            <dt>Primary private IPv4</dt><dd>{eni.privateIp}</dd>
            <dt>Private IPv4 addresses</dt><dd>{eni.privateIps.join(', ')}</dd>
            <dt>IPv6 addresses</dt><dd>{eni.ipv6.length === 0 ? <span class="muted">none</span> : eni.ipv6.join(', ')}</dd>
            <dt>Public IPv4</dt><dd>{eni.publicIp || <span class="muted">none</span>}</dd>
            <dt>Private DNS name</dt><dd>{eni.privateDnsName || <span class="muted">none</span>}</dd>
            <dt>MAC address</dt><dd>{eni.mac}</dd>
            <dt>Security groups</dt><dd>{eni.groups.length === 0 ? <span class="muted">none</span> : eni.groups.map((g, i) => <span key={g.id}>{i > 0 ? ', ' : ''}<Ref id={g.id} name={g.name} /></span>)}</dd>
            <dt>Attachment</dt><dd>{eni.attachment === undefined ? <span class="muted">not attached</span> : <>{eni.attachment.id} <span class="muted">device {eni.attachment.deviceIndex}, {eni.attachment.status}</span>{eni.attachment.instanceId !== '' ? <> to <Ref id={eni.attachment.instanceId} /></> : null}</>}</dd>
            <dt>Managed by a service</dt><dd>{eni.requesterManaged ? `Yes (${eni.requesterId || 'AWS'})` : 'No'}</dd>
            <dt>Source/destination check</dt><dd>{eni.sourceDestCheck ? 'On' : 'Off'}</dd>
            <dt>Owner</dt><dd>{eni.owner}</dd>
          </dl>
          <TagsEditor scope={scope} resourceId={eni.id} tags={eni.tags} onSaved={reload} />
        </>
      )}
    </DetailPage>
  );
}
