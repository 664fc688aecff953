/**
 * @module Layout by ELK (elkjs, the Eclipse Layout Kernel's layered algorithm with compound nodes), run in a Web
 * Worker so the page never freezes. The worker script (`elk-worker.js`, about 1.6 MB, 470 KB gzipped) is a separate
 * file the page fetches only when a diagram is first drawn; the main bundle carries only elk-api (a few KB).
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Graph, GraphNode } from './topology-graph.js';

export interface Box { readonly x: number; readonly y: number; readonly width: number; readonly height: number }
export interface Point { readonly x: number; readonly y: number }

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly boxes: ReadonlyMap<string, Box>;
  readonly edges: ReadonlyMap<string, readonly Point[]>;
}

/** The label font's advance per character (the diagram draws labels in a 12 px monospace font). */
export const CHAR = 7.3;
export const HEADER = 26;
export const LEAF_HEIGHT = 40;

interface Engine { readonly elk: InstanceType<typeof ELK>; readonly failed: Promise<never> }
let engine: Engine | undefined;

/** The worker's URL: index.html names it with its content hash (cached for good), else plain. */
function workerUrl(): string {
  return document.querySelector('meta[name="vpce-elk-worker"]')?.getAttribute('content') ?? 'elk-worker.js';
}

/** Start the worker (fetch and parse the layout engine) if not yet started; call early to overlap with API calls. */
export function startLayoutEngine(): Engine {
  if (engine !== undefined) return engine;
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  failed.catch(() => undefined);
  const elk = new ELK({
    algorithms: ['layered'],
    workerUrl: workerUrl(),
    workerFactory: (url) => {
      const w = new Worker(url ?? workerUrl());
      // elk-api does not watch for a worker that fails to load; without this a layout would wait forever.
      w.addEventListener('error', (e) => { fail(new Error(`The layout engine (${url ?? ''}) failed: ${e.message || 'could not load'}`)); engine = undefined; });
      return w;
    },
  });
  engine = { elk, failed };
  return engine;
}

const ROOT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '14',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
  // Every coordinate in the answer relative to the root, so drawing needs no offsets.
  'org.eclipse.elk.json.shapeCoords': 'ROOT',
  'org.eclipse.elk.json.edgeCoords': 'ROOT',
};

export const ORTHOGONAL_UP_TO = 40;

export function textWidth(n: GraphNode): number {
  return Math.max(n.label.length, n.detail.length) * CHAR + 20;
}

/** The ELK graph: nodes nested by `parent`, leaves sized by their two label lines, groups by their header. */
export function toElk(g: Graph): ElkNode {
  const kids = new Map<string | undefined, GraphNode[]>();
  for (const n of g.nodes) {
    const p = n.parent !== undefined && g.nodes.some((x) => x.id === n.parent) ? n.parent : undefined;
    kids.set(p, [...(kids.get(p) ?? []), n]);
  }
  const make = (n: GraphNode): ElkNode => {
    const children = kids.get(n.id);
    if (children === undefined) {
      return { id: n.id, width: Math.max(90, textWidth(n)), height: LEAF_HEIGHT };
    }
    return {
      id: n.id,
      layoutOptions: {
        'elk.padding': `[top=${HEADER + 8},left=10,bottom=10,right=10]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.ceil((n.label.length + n.detail.length) * CHAR + 40)}, ${HEADER + 20})`,
        // Availability Zones in the VPC's first column, before its route tables, whatever routes point back into
        // them (a route to a NAT gateway in a subnet).
        ...(n.kind === 'az' ? { 'elk.layered.layering.layerConstraint': 'FIRST' } : {}),
      },
      children: children.map(make),
    };
  };
  const edges: ElkExtendedEdge[] = g.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  // Orthogonal lines read best, but their routing about doubles ELK's time on a large drawing: straight
  // segments beyond ORTHOGONAL_UP_TO boxes.
  const routing = g.nodes.length > ORTHOGONAL_UP_TO ? { 'elk.edgeRouting': 'POLYLINE' } : {};
  return { id: '__root', layoutOptions: { ...ROOT_OPTIONS, ...routing }, children: (kids.get(undefined) ?? []).map(make), edges };
}

/** Lay the graph out in the worker. */
export async function layoutGraph(g: Graph): Promise<Layout> {
  const { elk, failed } = startLayoutEngine();
  const out = await Promise.race([elk.layout(toElk(g)), failed]);
  const boxes = new Map<string, Box>();
  const walk = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      walk(c);
    }
  };
  walk(out);
  const edges = new Map<string, Point[]>();
  const collect = (n: ElkNode): void => {
    for (const e of (n.edges ?? []) as ElkExtendedEdge[]) {
      const pts: Point[] = [];
      for (const s of e.sections ?? []) pts.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      edges.set(e.id, pts);
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(out);
  return { width: out.width ?? 0, height: out.height ?? 0, boxes, edges };
}
