/**
 * @module The topology page (`#/topology/vpc-…`): a VPC, with the VPCs peered with it, drawn as a diagram laid out
 * by ELK in a worker; every resource links to its page. `?peers=0` draws the VPC alone, `?instances=1` adds its
 * instances. `#/topology` lists the VPCs to choose from.
 */
import type { JSX } from 'preact';
import { describeAll, type Scope } from './api.js';
import { Diagram } from './diagram.js';
import { layoutGraph, startLayoutEngine } from './elk-layout.js';
import { navigate, useLoad } from './hooks.js';
import { vpcFrom } from './model.js';
import { loadTopology } from './topology-data.js';
import { buildTopologyGraph } from './topology-graph.js';
import { Show } from './ui.js';

/** The options in a topology route's query. */
function options(query: string): { peers: boolean; instances: boolean } {
  const q = new URLSearchParams(query);
  return { peers: q.get('peers') !== '0', instances: q.get('instances') === '1' };
}

function topologyRoute(vpcId: string, o: { peers: boolean; instances: boolean }): string {
  const q = new URLSearchParams();
  if (!o.peers) q.set('peers', '0');
  if (o.instances) q.set('instances', '1');
  const s = q.toString();
  return `/topology/${vpcId}${s ? `?${s}` : ''}`;
}

function ChooseVpc({ scope }: { readonly scope: Scope }): JSX.Element {
  const [vpcs] = useLoad(async () => (await describeAll(scope, 'DescribeVpcs', 'vpcSet')).map(vpcFrom), [scope.account, scope.region]);
  return (
    <section aria-labelledby="topology-title">
      <h1 id="topology-title">Topology</h1>
      <p>Choose a VPC to draw.</p>
      <Show data={vpcs}>{(list) => list.length === 0 ? <p class="muted">No VPCs in this account and Region.</p> : (
        <ul>{list.map((v) => <li key={v.id}><a href={`#/topology/${v.id}`}>{v.id}</a> {v.cidr} {v.name ? <span class="muted">{v.name}</span> : null}</li>)}</ul>
      )}</Show>
    </section>
  );
}

export function TopologyPage({ scope, route }: { readonly scope: Scope; readonly route: string }): JSX.Element {
  const [path, query = ''] = route.split('?');
  const vpcId = decodeURIComponent(path?.split('/').filter((p) => p !== '')[1] ?? '');
  const o = options(query);
  const [data, reload] = useLoad(async () => {
    if (vpcId === '') return undefined;
    // The layout engine's worker loads while the API answers.
    startLayoutEngine();
    const d = await loadTopology(scope, vpcId, o);
    if (d === undefined) return undefined;
    // Marks for `npm run bench -- console`: where the time to the first drawing goes.
    performance.mark('vpce-topology-api');
    const graph = buildTopologyGraph(d);
    const layout = await layoutGraph(graph);
    performance.mark('vpce-topology-layout');
    return { d, graph, layout };
  }, [scope.account, scope.region, vpcId, o.peers, o.instances]);
  if (vpcId === '') return <ChooseVpc scope={scope} />;
  return (
    <section aria-labelledby="topology-title">
      <p><a href={`#/vpcs/${vpcId}`}>← {vpcId}</a></p>
      <div class="page-head">
        <h1 id="topology-title">Topology of {vpcId}</h1>
        <div class="actions">
          <a class="button" href="#/path">Path explorer</a>
          <button type="button" onClick={reload}>Refresh</button>
        </div>
      </div>
      <div class="filters">
        <label class="choice"><input type="checkbox" checked={o.peers} onChange={(e) => navigate(topologyRoute(vpcId, { ...o, peers: e.currentTarget.checked }))} /> Peered VPCs</label>
        <label class="choice"><input type="checkbox" checked={o.instances} onChange={(e) => navigate(topologyRoute(vpcId, { ...o, instances: e.currentTarget.checked }))} /> Instances</label>
      </div>
      <Show data={data}>{(v) => v === undefined ? <p class="error" role="alert">The VPC '{vpcId}' does not exist in this account and Region.</p> : (
        <>
          <p class="topology-legend">
            <span>{v.d.vpcs.length} VPC{v.d.vpcs.length === 1 ? '' : 's'}</span>
            <span>{v.d.subnets.length} subnets</span>
            <span>{v.d.routeTables.length} route tables</span>
            <span>{v.d.endpoints.length} endpoints</span>
            <span>solid line: explicit association or route; dashed: main route table, attachment or blackhole</span>
          </p>
          <Diagram graph={v.graph} layout={v.layout} label={`Topology of ${vpcId}`} />
        </>
      )}</Show>
    </section>
  );
}
