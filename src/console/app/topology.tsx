/**
 * @module The topology page (`#/topology/vpc-…`): a VPC, with the VPCs peered with it, drawn as a diagram laid out
 * by ELK in a worker; every resource links to its page. `?peers=0` draws the VPC alone, `?instances=1` adds its
 * instances. `#/topology` draws every VPC of the account and Region (and lists them to choose from). Both draw at
 * once from the containment grid computed in the page; the single VPC's drawing is then refined by ELK.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Scope } from './api.js';
import { Diagram } from './diagram.js';
import { layoutGraph, type Layout } from './elk-layout.js';
import { gridLayout } from './grid-layout.js';
import { navigate, useLoad } from './hooks.js';
import type { Vpc } from './model.js';
import { loadRegionTopology, loadTopology, type TopologyData } from './topology-data.js';
import { buildTopologyGraph, type Graph } from './topology-graph.js';
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

function VpcList({ vpcs }: { readonly vpcs: readonly Vpc[] }): JSX.Element {
  return vpcs.length === 0 ? <p class="muted">No VPCs in this account and Region.</p> : (
    <ul class="topology-vpcs">{vpcs.map((v) => <li key={v.id}><a href={`#/topology/${v.id}`}>{v.id}</a> {v.cidr} {v.name ? <span class="muted">{v.name}</span> : null}</li>)}</ul>
  );
}

function Legend({ d }: { readonly d: TopologyData }): JSX.Element {
  return (
    <p class="topology-legend">
      <span>{d.vpcs.length} VPC{d.vpcs.length === 1 ? '' : 's'}</span>
      <span>{d.subnets.length} subnets</span>
      <span>{d.routeTables.length} route tables</span>
      <span>{d.endpoints.length} endpoints</span>
      <span>{d.peerings.length} peering connection{d.peerings.length === 1 ? '' : 's'}</span>
      <span>solid line: explicit association or route; dashed: main route table, attachment or blackhole</span>
    </p>
  );
}

/**
 * `#/topology`: every VPC of the account and Region in one drawing, laid out in the page by the containment grid
 * (no layout engine: a Region of 100 VPCs is drawn in well under a second); a VPC's box opens its own topology.
 */
function RegionTopology({ scope, query }: { readonly scope: Scope; readonly query: string }): JSX.Element {
  const instances = new URLSearchParams(query).get('instances') === '1';
  const [data, reload] = useLoad(async () => {
    const d = await loadRegionTopology(scope, { instances });
    performance.mark('vpce-topology-api');
    const built = buildTopologyGraph(d);
    // In this drawing a VPC's box leads to the VPC's own topology (its page is one click further).
    const graph = {
      ...built,
      nodes: built.nodes.map((n) => (n.kind === 'vpc' ? { ...n, href: `#/topology/${n.id}`, title: `${n.title}: open its topology` } : n)),
    };
    const layout = gridLayout(graph);
    performance.mark('vpce-topology-grid');
    return { d, graph, layout };
  }, [scope.account, scope.region, instances]);
  return (
    <section aria-labelledby="topology-title">
      <div class="page-head">
        <h1 id="topology-title">Topology of {scope.region}</h1>
        <div class="actions">
          <a class="button" href="#/path">Path explorer</a>
          <button type="button" onClick={reload}>Refresh</button>
        </div>
      </div>
      <p>Every VPC of account {scope.account} in {scope.region}. Choose a VPC (its box, or the list under the drawing) to draw it alone with its peers.</p>
      <div class="filters">
        <label class="choice"><input type="checkbox" checked={instances} onChange={(e) => navigate(e.currentTarget.checked ? '/topology?instances=1' : '/topology')} /> Instances</label>
      </div>
      <Show data={data}>{(v) => (
        <>
          <Legend d={v.d} />
          {v.d.vpcs.length === 0 ? null : (
            <div class="topology-view" data-layout="grid">
              <Diagram graph={v.graph} layout={v.layout} label={`Topology of ${scope.region}`} linesUnder />
            </div>
          )}
          <h2>VPCs</h2>
          <VpcList vpcs={v.d.vpcs} />
        </>
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
    // The layout engine's worker starts only after the first drawing (below): on a busy machine, compiling its
    // 1.6 MB script while the API answers delayed that drawing.
    const d = await loadTopology(scope, vpcId, o);
    if (d === undefined) return undefined;
    // Marks for `npm run bench -- console`: where the time to the first drawing goes.
    performance.mark('vpce-topology-api');
    const graph = buildTopologyGraph(d);
    // First drawing: the containment grid, computed here in a few milliseconds; ELK's layout replaces it when the
    // worker answers.
    const grid = gridLayout(graph);
    performance.mark('vpce-topology-grid');
    return { d, graph, grid };
  }, [scope.account, scope.region, vpcId, o.peers, o.instances]);
  const [refined, setRefined] = useState<{ readonly graph: Graph; readonly layout: Layout } | undefined>(undefined);
  const [refineError, setRefineError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    if (data.state !== 'ok' || data.value === undefined) return undefined;
    const { graph } = data.value;
    let live = true;
    setRefineError(undefined);
    layoutGraph(graph).then(
      (layout) => { if (live) { performance.mark('vpce-topology-layout'); setRefined({ graph, layout }); } },
      (e: unknown) => { if (live) setRefineError(e instanceof Error ? e : new Error(String(e))); },
    );
    return () => { live = false; };
  }, [data]);
  if (vpcId === '') return <RegionTopology scope={scope} query={query} />;
  return (
    <section aria-labelledby="topology-title">
      <p><a href={`#/vpcs/${vpcId}`}>← {vpcId}</a> · <a href="#/topology">All VPCs of the Region</a></p>
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
          <Legend d={v.d} />
          {refineError ? <p class="error" role="alert">{refineError.message}; the drawing keeps its first layout.</p> : null}
          <div class="topology-view" data-layout={refined?.graph === v.graph ? 'elk' : 'grid'}>
            <Diagram graph={v.graph} layout={refined?.graph === v.graph ? refined.layout : v.grid} label={`Topology of ${vpcId}`} linesUnder={refined?.graph !== v.graph} />
          </div>
        </>
      )}</Show>
    </section>
  );
}
