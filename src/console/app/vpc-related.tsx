/**
 * @module A VPC's other resources on its page, as links: gateways, peering connections (either side), network ACLs,
 * security groups, NAT gateways, instances, load balancers. Each list is the API's answer to a filter on the VPC.
 */
import { Fragment, type JSX } from 'preact';
import { describeAll, elbv2All, filterParams, type Scope } from './api.js';
import { useLoad } from './hooks.js';
import { Ref } from './links.js';
import {
  instancesFrom, internetGatewayFrom, loadBalancerFrom, nameOf, natGatewayFrom, networkAclFrom, peeringFrom, vpnGatewayFrom,
} from './resource-model.js';
import { securityGroupFrom } from './model.js';
import { Show } from './ui.js';

interface Item { readonly id: string; readonly name: string; readonly label?: string }

async function loadRelated(scope: Scope, vpcId: string): Promise<readonly (readonly [string, readonly Item[]])[]> {
  const byVpc = filterParams({ 'vpc-id': [vpcId] });
  const [igws, nats, vgws, requested, accepted, acls, sgs, reservations, lbs] = await Promise.all([
    describeAll(scope, 'DescribeInternetGateways', 'internetGatewaySet', filterParams({ 'attachment.vpc-id': [vpcId] })),
    describeAll(scope, 'DescribeNatGateways', 'natGatewaySet', byVpc),
    describeAll(scope, 'DescribeVpnGateways', 'vpnGatewaySet', filterParams({ 'attachment.vpc-id': [vpcId] })),
    describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet', filterParams({ 'requester-vpc-info.vpc-id': [vpcId] })),
    describeAll(scope, 'DescribeVpcPeeringConnections', 'vpcPeeringConnectionSet', filterParams({ 'accepter-vpc-info.vpc-id': [vpcId] })),
    describeAll(scope, 'DescribeNetworkAcls', 'networkAclSet', byVpc),
    describeAll(scope, 'DescribeSecurityGroups', 'securityGroupInfo', byVpc),
    describeAll(scope, 'DescribeInstances', 'reservationSet', byVpc),
    elbv2All(scope, 'DescribeLoadBalancers', 'LoadBalancers'),
  ]);
  const peerings = [...requested, ...accepted].map(peeringFrom).filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i);
  return [
    ['Internet gateways', igws.map(internetGatewayFrom).map((g) => ({ id: g.id, name: nameOf(g.tags) }))],
    ['NAT gateways', nats.map(natGatewayFrom).filter((n) => n.state !== 'deleted').map((n) => ({ id: n.id, name: nameOf(n.tags) }))],
    ['Virtual private gateways', vgws.map(vpnGatewayFrom).map((g) => ({ id: g.id, name: nameOf(g.tags) }))],
    ['Peering connections', peerings.map((p) => ({ id: p.id, name: `${p.status} ${p.requester.vpcId === vpcId ? `to ${p.accepter.vpcId}` : `from ${p.requester.vpcId}`}` }))],
    ['Network ACLs', acls.map(networkAclFrom).map((a) => ({ id: a.id, name: a.isDefault ? 'default' : nameOf(a.tags) }))],
    ['Security groups', sgs.map(securityGroupFrom).map((g) => ({ id: g.id, name: g.name }))],
    ['Instances', instancesFrom(reservations).filter((i) => i.state !== 'terminated').map((i) => ({ id: i.id, name: nameOf(i.tags) }))],
    ['Load balancers', lbs.map(loadBalancerFrom).filter((l) => l.vpcId === vpcId).map((l) => ({ id: l.arn, name: l.type, label: l.name }))],
  ];
}

export function VpcRelated({ scope, vpcId }: { readonly scope: Scope; readonly vpcId: string }): JSX.Element {
  const [data] = useLoad(() => loadRelated(scope, vpcId), [scope.account, scope.region, vpcId]);
  return (
    <section aria-labelledby="vpc-related-title">
      <h2 id="vpc-related-title">Other resources in the VPC</h2>
      <Show data={data}>{(groups) => (
        <dl class="facts">
          {groups.map(([title, list]) => (
            <Fragment key={title}>
              <dt>{title}</dt>
              <dd>{list.length === 0 ? <span class="muted">none</span> : list.map((x, i) => (
                <span key={x.id}>{i > 0 ? ', ' : ''}{x.label === undefined ? <Ref id={x.id} name={x.name} /> : <Ref id={x.id} label={x.label} name={x.name} />}</span>
              ))}</dd>
            </Fragment>
          ))}
        </dl>
      )}</Show>
    </section>
  );
}
