/** @module VPCs: the list, and a VPC's page with its subnets by Availability Zone (free addresses), route tables and endpoints. */
import type { JSX } from 'preact';
import { child, describeAll, ec2, filterParams, text, type Scope } from './api.js';
import { useLoad } from './hooks.js';
import { endpointFrom, routeTableFrom, subnetFrom, vpcFrom, type Vpc } from './model.js';
import { Show, StateBadge } from './ui.js';
import { ListPage } from './table.js';
import { Ref } from './links.js';
import { VpcRelated } from './vpc-related.js';
import { FindingsBadge } from './findings-badge.js';

export function VpcsList({ scope }: { readonly scope: Scope }): JSX.Element {
  return (
    <ListPage<Vpc> title="VPCs" slug="vpcs" deps={[scope.account, scope.region]}
      load={async () => (await describeAll(scope, 'DescribeVpcs', 'vpcSet')).map(vpcFrom)}
      rowKey={(v) => v.id} initialSort="id" placeholder="id, CIDR or Name" search={(v) => [v.id, v.cidr, v.name]}
      columns={[
        { key: 'id', title: 'VPC', value: (v) => v.id, render: (v) => <a href={`#/vpcs/${v.id}`}>{v.id}</a> },
        { key: 'name', title: 'Name', value: (v) => v.name },
        { key: 'cidr', title: 'IPv4 CIDR', value: (v) => v.cidr },
        { key: 'default', title: 'Default', value: (v) => (v.isDefault ? 'Yes' : 'No') },
      ]} />
  );
}

async function loadVpc(scope: Scope, id: string) {
  const f = filterParams({ 'vpc-id': [id] });
  const [vpcs, subnets, rts, eps, dnsSupport, dnsHostnames] = await Promise.all([
    describeAll(scope, 'DescribeVpcs', 'vpcSet', filterParams({ 'vpc-id': [id] })),
    describeAll(scope, 'DescribeSubnets', 'subnetSet', f),
    describeAll(scope, 'DescribeRouteTables', 'routeTableSet', f),
    describeAll(scope, 'DescribeVpcEndpoints', 'vpcEndpointSet', f),
    ec2(scope, 'DescribeVpcAttribute', { VpcId: id, Attribute: 'enableDnsSupport' }),
    ec2(scope, 'DescribeVpcAttribute', { VpcId: id, Attribute: 'enableDnsHostnames' }),
  ]);
  const vpc = vpcs.map(vpcFrom)[0];
  return vpc === undefined ? undefined : {
    vpc,
    subnets: subnets.map(subnetFrom).sort((a, b) => a.az.localeCompare(b.az) || a.cidr.localeCompare(b.cidr, undefined, { numeric: true })),
    routeTables: rts.map(routeTableFrom),
    endpoints: eps.map(endpointFrom),
    dnsSupport: text(child(dnsSupport, 'enableDnsSupport'), 'value') === 'true',
    dnsHostnames: text(child(dnsHostnames, 'enableDnsHostnames'), 'value') === 'true',
  };
}

export function VpcDetail({ scope, id }: { readonly scope: Scope; readonly id: string }): JSX.Element {
  const [data, reload] = useLoad(() => loadVpc(scope, id), [scope.account, scope.region, id]);
  return (
    <section aria-labelledby="vpc-title">
      <p><a href="#/vpcs">← VPCs</a></p>
      <div class="page-head">
        <h1 id="vpc-title">{id}</h1>
        <div class="actions"><FindingsBadge scope={scope} id={id} /><a class="button" href={`#/topology/${id}`}>Topology</a><button type="button" onClick={reload}>Refresh</button></div>
      </div>
      <Show data={data}>{(d) => d === undefined ? <p class="error" role="alert">The VPC '{id}' does not exist in this account and Region.</p> : (
        <>
          <dl class="facts">
            <dt>Name</dt><dd>{d.vpc.name || <span class="muted">none</span>}</dd>
            <dt>IPv4 CIDR</dt><dd>{d.vpc.cidr}</dd>
            <dt>Default VPC</dt><dd>{d.vpc.isDefault ? 'Yes' : 'No'}</dd>
            <dt>DNS support</dt><dd>{d.dnsSupport ? 'Enabled' : 'Disabled'}</dd>
            <dt>DNS hostnames</dt><dd>{d.dnsHostnames ? 'Enabled' : 'Disabled'}</dd>
          </dl>
          <h2>Subnets</h2>
          <div class="table-wrap"><table>
            <thead><tr><th scope="col">Availability Zone</th><th scope="col">Subnet</th><th scope="col">IPv4 CIDR</th><th scope="col">Free addresses</th><th scope="col">Route table</th></tr></thead>
            <tbody>
              {d.subnets.length === 0 ? <tr><td colSpan={5} class="muted">No subnets.</td></tr> : d.subnets.map((s) => {
                const rt = d.routeTables.find((r) => r.subnetIds.includes(s.id)) ?? d.routeTables.find((r) => r.main);
                return (
                  <tr key={s.id}>
                    <td>{s.az}</td><td><Ref id={s.id} />{s.name ? <span class="muted"> {s.name}</span> : null}</td><td>{s.cidr}</td><td>{s.free}</td>
                    <td>{rt === undefined ? '' : <a href={`#/route-tables/${rt.id}`}>{rt.id}</a>}{rt !== undefined && !rt.subnetIds.includes(s.id) ? <span class="muted"> (main)</span> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table></div>
          <h2>Endpoints</h2>
          {d.endpoints.length === 0 ? <p class="muted">No endpoints.</p> : (
            <ul>{d.endpoints.map((e) => <li key={e.id}><a href={`#/endpoints/${e.id}`}>{e.id}</a> {e.type} {e.serviceName} <StateBadge state={e.state} /></li>)}</ul>
          )}
          <VpcRelated scope={scope} vpcId={d.vpc.id} />
        </>
      )}</Show>
    </section>
  );
}
