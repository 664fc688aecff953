/**
 * @module A laid-out graph drawn as SVG: groups (VPCs, Availability Zones, subnets with something inside) as framed
 * boxes, resources as boxes that link to their pages, edges as ELK routed them. Pan by dragging, zoom with the wheel
 * or the +/− buttons (and the + - 0 and arrow keys on the focused diagram). A traced path's hops are green where
 * the flow went on and red where it stopped; each hop's deciding rule shows on hover and on keyboard focus.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CHAR, type Layout } from './elk-layout.js';
import { kindName, type Graph, type GraphNode } from './topology-graph.js';
import './topology.css';

interface View { readonly x: number; readonly y: number; readonly k: number }

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;
const clamp = (k: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
/**
 * Below this zoom a 12 px label is under 4 px high: the boxes are drawn without their texts (each keeps its
 * tooltip and accessible name), which keeps a Region of a thousand subnets cheap to lay out and paint; zooming in
 * past it draws them.
 */
export const LABELS_FROM_ZOOM = 0.35;

/** Fit a label to a width in characters of the diagram's monospace font. */
function fitText(s: string, width: number): string {
  const max = Math.max(3, Math.floor(width / CHAR));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function pathData(pts: readonly { readonly x: number; readonly y: number }[]): string {
  return `M${pts.map((p) => `${p.x},${p.y}`).join(' L')}`;
}

/** Every drawn line's path data, joined per kind of line. */
function edgesByKind(graph: Graph, layout: Layout): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const pts = layout.edges.get(e.id);
    if (pts === undefined || pts.length < 2) continue;
    const list = out.get(e.kind);
    if (list === undefined) out.set(e.kind, [pathData(pts)]); else list.push(pathData(pts));
  }
  return new Map([...out].map(([k, v]) => [k, v.join(' ')]));
}

export function Diagram({ graph, layout, label, onFocusNode, onHoverNode, linesUnder = false }: {
  readonly graph: Graph;
  readonly layout: Layout;
  readonly label: string;
  /** A node got the keyboard's focus (undefined: it lost it). */
  readonly onFocusNode?: (id: string | undefined) => void;
  /** The pointer entered a node (undefined: it left). */
  readonly onHoverNode?: (id: string | undefined) => void;
  /** Draw the lines under the boxes (a layout whose lines may cross boxes: the containment grid's). */
  readonly linesUnder?: boolean;
}): JSX.Element {
  const svg = useRef<SVGSVGElement>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ id: number; px: number; py: number; x: number; y: number; moved: boolean } | undefined>(undefined);
  const suppressClick = useRef(false);

  // Until the first fit the zoom is unknown: draw no labels rather than draw them all at 100 % and drop them.
  const [fitted, setFitted] = useState(false);
  const fit = useCallback(() => {
    const el = svg.current;
    if (el === null || layout.width === 0) return;
    const w = el.clientWidth;
    const h = el.clientHeight;
    const k = clamp(Math.min(1.25, (w - 16) / layout.width, (h - 16) / layout.height));
    setView({ k, x: (w - layout.width * k) / 2, y: Math.max(8, (h - layout.height * k) / 2) });
    setFitted(true);
  }, [layout]);
  // Fit each new layout (the first drawing, then ELK's refinement) until the user has panned or zoomed it.
  const touched = useRef(false);
  useLayoutEffect(() => { if (!touched.current) fit(); }, [fit]);
  const labels = fitted && view.k >= LABELS_FROM_ZOOM;
  // The callbacks through refs, so the drawing below is rebuilt only when the graph, layout or label level change
  // (panning and zooming change one transform, not thousands of elements).
  const focusCb = useRef(onFocusNode);
  const hoverCb = useRef(onHoverNode);
  focusCb.current = onFocusNode;
  const watched = onFocusNode !== undefined || onHoverNode !== undefined;
  hoverCb.current = onHoverNode;

  const zoomBy = (factor: number, cx?: number, cy?: number): void => {
    const el = svg.current;
    const px = cx ?? (el?.clientWidth ?? 0) / 2;
    const py = cy ?? (el?.clientHeight ?? 0) / 2;
    touched.current = true;
    setView((v) => {
      const k = clamp(v.k * factor);
      return { k, x: px - (px - v.x) * (k / v.k), y: py - (py - v.y) * (k / v.k) };
    });
  };
  const panBy = (dx: number, dy: number): void => { touched.current = true; setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy })); };

  const onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const r = svg.current?.getBoundingClientRect();
    zoomBy(Math.exp(-e.deltaY * 0.0015), r ? e.clientX - r.left : undefined, r ? e.clientY - r.top : undefined);
  };
  const onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    drag.current = { id: e.pointerId, px: e.clientX, py: e.clientY, x: view.x, y: view.y, moved: false };
  };
  const onPointerMove = (e: PointerEvent): void => {
    const d = drag.current;
    if (d === undefined || d.id !== e.pointerId) return;
    const dx = e.clientX - d.px;
    const dy = e.clientY - d.py;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    // Capture only once it is a drag: a plain click must still reach the node's link.
    if (!d.moved) { d.moved = true; touched.current = true; svg.current?.setPointerCapture(e.pointerId); }
    setView((v) => ({ ...v, x: d.x + dx, y: d.y + dy }));
  };
  const onPointerUp = (e: PointerEvent): void => {
    const d = drag.current;
    if (d === undefined || d.id !== e.pointerId) return;
    if (d.moved) suppressClick.current = true;
    drag.current = undefined;
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.target !== svg.current) return;
    const step = 60;
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(1.25), '=': () => zoomBy(1.25), '-': () => zoomBy(0.8), '0': fit,
      ArrowLeft: () => panBy(step, 0), ArrowRight: () => panBy(-step, 0), ArrowUp: () => panBy(0, step), ArrowDown: () => panBy(0, -step),
    };
    const act = keys[e.key];
    if (act !== undefined) { e.preventDefault(); act(); }
  };

  // One tooltip for the whole canvas when boxes carry none (far zoom): set to the box under the pointer.
  const farTip = useRef<HTMLTitleElement>(null);
  const onFarHover = (e: MouseEvent): void => {
    const id = (e.target as Element | null)?.closest('g[data-id]')?.getAttribute('data-id');
    const n = id === null || id === undefined ? undefined : graph.nodes.find((x) => x.id === id);
    const mark = n === undefined ? undefined : graph.marks.get(n.id);
    if (farTip.current !== null) farTip.current.textContent = n === undefined ? label : `${n.title}${mark ? `\n${mark.title}` : ''}`;
  };

  const content = useMemo(() => {
    // Nothing until the first fit: measuring the canvas with thousands of boxes in it would lay them all out twice.
    if (!fitted) return null;
    const children = new Map<string | undefined, GraphNode[]>();
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const n of graph.nodes) {
      const p = n.parent !== undefined && ids.has(n.parent) ? n.parent : undefined;
      const list = children.get(p);
      if (list === undefined) children.set(p, [n]); else list.push(n);
    }

    const drawNode = (n: GraphNode): ComponentChildren => {
      const b = layout.boxes.get(n.id);
      if (b === undefined) return null;
      const inner = children.get(n.id);
      const mark = graph.marks.get(n.id);
      const title = `${n.title}${mark ? `\n${mark.title}` : ''}`;
      const name = `${n.kind === 'hop' ? n.detail : kindName(n.kind)} ${n.label}`;
      // Listeners only where someone listens (the path explorer): four per box add up over thousands of boxes.
      const focus = !watched ? {} : {
        onFocus: () => focusCb.current?.(n.id), onBlur: () => focusCb.current?.(undefined),
        onMouseEnter: () => hoverCb.current?.(n.id), onMouseLeave: () => hoverCb.current?.(undefined),
      };
      const shape = (
        <>
          {labels ? <title>{title}</title> : null}
          <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={inner ? 8 : 5} />
          {!labels ? null : inner
            ? <text x={b.x + 10} y={b.y + 17}><tspan class="label">{fitText(n.label, b.width - 20)}</tspan><tspan class="detail" dx="8">{fitText(n.detail, b.width - 30 - n.label.length * CHAR)}</tspan></text>
            : <>
              <text class="label" x={b.x + 10} y={b.y + 17}>{fitText(n.label, b.width - 16)}</text>
              <text class="detail" x={b.x + 10} y={b.y + 32}>{fitText(n.detail, b.width - 16)}</text>
            </>}
          {mark ? (
            <g class="badge-hop">
              <rect x={b.x + b.width - 10 - mark.steps.join(',').length * 7} y={b.y - 9} width={mark.steps.join(',').length * 7 + 12} height={18} rx={9} />
              <text x={b.x + b.width - 4} y={b.y + 4} text-anchor="end">{mark.steps.join(',')}</text>
            </g>
          ) : null}
        </>
      );
      const cls = `node k-${n.kind}${inner ? ' group' : ''}${mark ? ` hop-${mark.state}` : ''}`;
      return (
        <g key={n.id} class={cls} data-id={n.id} data-kind={n.kind} data-hop={mark?.state}>
          {n.href !== undefined
            ? <a href={n.href} aria-label={`${name}${mark ? `, hop ${mark.steps.join(', ')}, ${mark.state === 'stop' ? 'stopped here' : 'passed'}` : ''}`} {...focus}>{shape}</a>
            : <g tabindex={mark || n.kind !== 'az' ? 0 : -1} role="img" aria-label={`${name}${mark ? `, hop ${mark.steps.join(', ')}, ${mark.state === 'stop' ? 'stopped here' : 'passed'}` : ''}`} {...focus}>{shape}</g>}
          {inner?.map(drawNode)}
        </g>
      );
    };

    return (
      <>
        {linesUnder ? null : <g key="nodes" class="nodes">{children.get(undefined)?.map(drawNode)}</g>}
        {labels ? (
          <g key="edges" class="edges" aria-hidden="true">
            {graph.edges.map((e) => {
              const pts = layout.edges.get(e.id);
              if (pts === undefined || pts.length < 2) return null;
              const trace = e.kind === 'trace' || e.kind === 'traceStop';
              const marker = e.kind === 'trace' ? 'good' : e.kind === 'traceStop' ? 'bad' : 'plain';
              return (
                <path key={e.id} class={`edge e-${e.kind}`} data-edge={e.id} d={pathData(pts)}
                  marker-end={trace || e.kind === 'route' || e.kind === 'peering' ? `url(#arrow-${marker})` : undefined}>
                  <title>{e.title}</title>
                </path>
              );
            })}
          </g>
        ) : (
          // Zoomed out (no tooltips, arrows too small to see): one path per kind of line, not one per line.
          <g key="edges" class="edges" aria-hidden="true">
            {[...edgesByKind(graph, layout)].map(([kind, d]) => <path key={kind} class={`edge e-${kind}`} data-edges={kind} d={d} />)}
          </g>
        )}
        {linesUnder ? <g key="nodes" class="nodes">{children.get(undefined)?.map(drawNode)}</g> : null}
      </>
    );
  }, [graph, layout, labels, fitted, watched, linesUnder]);

  return (
    <div class="diagram">
      <div class="diagram-tools" role="toolbar" aria-label="Diagram zoom">
        <button type="button" class="small" aria-label="Zoom in" onClick={() => zoomBy(1.25)}>+</button>
        <button type="button" class="small" aria-label="Zoom out" onClick={() => zoomBy(0.8)}>−</button>
        <button type="button" class="small" onClick={fit}>Fit</button>
        <span class="muted zoom-level" aria-live="polite">{Math.round(view.k * 100)}%</span>
      </div>
      <svg ref={svg} class="diagram-canvas" role="group" aria-label={`${label}. Drag to pan, wheel or + and − to zoom.`} tabindex={0}
        onWheel={onWheel} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
        onMouseOver={labels ? undefined : onFarHover}
        onClickCapture={(e) => { if (suppressClick.current) { suppressClick.current = false; e.preventDefault(); e.stopPropagation(); } }}>
        {/* Below the label zoom the boxes have no <title> of their own: this one, the canvas's, says what is under the pointer. */}
        {labels ? null : <title ref={farTip}>{label}</title>}
        <defs>
          {['plain', 'good', 'bad'].map((m) => (
            <marker key={m} id={`arrow-${m}`} class={`arrow-${m}`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" />
            </marker>
          ))}
        </defs>
        <g class="viewport" transform={`translate(${view.x.toFixed(1)} ${view.y.toFixed(1)}) scale(${view.k.toFixed(4)})`}>
          {content}
        </g>
      </svg>
    </div>
  );
}

