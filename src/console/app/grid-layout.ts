/**
 * @module A fast, deterministic containment layout of a topology graph, computed in the page with no graph library:
 * each VPC a box, its Availability Zones side by side as columns with their subnets stacked inside, its other
 * boxes (route tables...) in a column on the right; the gateways, endpoints and peerings outside a VPC stand in a
 * column beside the VPC they are linked to; the VPCs' cells wrap into rows. Containment is exact (every box inside
 * its parent's box), lines are drawn straight or with one bend. It is the first drawing: linear in the number of
 * boxes, so a Region of 100 VPCs and 1,000 subnets is laid out in milliseconds; ELK may refine it afterwards.
 */
import { HEADER, LEAF_HEIGHT, textWidth, type Box, type Layout, type Point } from './elk-layout.js';
import type { Graph, GraphNode } from './topology-graph.js';

const GAP = 14;
const PAD = 10;
const TOP = HEADER + 8;
/** Space between a VPC and the column of what stands outside it, and between cells. */
const OUTSIDE_GAP = 36;
const CELL_GAP = 40;

interface Size { w: number; h: number }
/** A box's size and its children's offsets from its top-left corner. */
interface Measured { readonly node: GraphNode; size: Size; readonly kids: { readonly m: Measured; x: number; y: number }[] }

function headerWidth(n: GraphNode): number {
  return Math.ceil((n.label.length + n.detail.length) * 7.3 + 40);
}

/** Stack measured boxes in a column, every leaf stretched to the column's width. */
function column(ms: readonly Measured[], x0: number, y0: number): { kids: Measured['kids']; size: Size } {
  const w = Math.max(0, ...ms.map((m) => m.size.w));
  const kids: Measured['kids'] = [];
  let y = y0;
  for (const m of ms) {
    if (m.kids.length === 0) m.size.w = w;
    kids.push({ m, x: x0, y });
    y += m.size.h + GAP;
  }
  return { kids, size: { w, h: ms.length === 0 ? 0 : y - GAP - y0 } };
}

export function gridLayout(g: Graph): Layout {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const kids = new Map<string | undefined, GraphNode[]>();
  for (const n of g.nodes) {
    const p = n.parent !== undefined && byId.has(n.parent) ? n.parent : undefined;
    const list = kids.get(p);
    if (list === undefined) kids.set(p, [n]); else list.push(n);
  }

  const measure = (n: GraphNode): Measured => {
    const inner = kids.get(n.id);
    if (inner === undefined) return { node: n, size: { w: Math.max(90, textWidth(n)), h: LEAF_HEIGHT }, kids: [] };
    const ms = inner.map(measure);
    let content: { kids: Measured['kids']; size: Size };
    if (n.kind === 'vpc') {
      // Zones as columns, left to right; everything else of the VPC in one column to their right.
      const zones = ms.filter((m) => m.node.kind === 'az');
      const rest = ms.filter((m) => m.node.kind !== 'az');
      const out: Measured['kids'] = [];
      let x = PAD;
      let h = 0;
      for (const z of zones) {
        out.push({ m: z, x, y: TOP });
        x += z.size.w + GAP;
        h = Math.max(h, z.size.h);
      }
      // Every zone as tall as the tallest: the columns read as one row.
      for (const z of zones) z.size.h = h;
      if (rest.length > 0) {
        const c = column(rest, x + (zones.length > 0 ? OUTSIDE_GAP - GAP : 0), TOP);
        out.push(...c.kids);
        x += (zones.length > 0 ? OUTSIDE_GAP - GAP : 0) + c.size.w + GAP;
        h = Math.max(h, c.size.h);
      }
      content = { kids: out, size: { w: x - GAP - PAD, h } };
    } else {
      content = column(ms, PAD, TOP);
    }
    const w = Math.max(headerWidth(n), content.size.w + 2 * PAD);
    return { node: n, size: { w, h: TOP + content.size.h + PAD }, kids: content.kids };
  };

  // Which VPC each box outside the VPCs stands beside: the first VPC linked to it, directly or through other
  // outside boxes (a peer VPC drawn as one box beside its peering connection), in the graph's order.
  const rootOf = (id: string): string => {
    let cur = id;
    for (let p = byId.get(cur)?.parent; p !== undefined && byId.has(p); p = byId.get(p)?.parent) cur = p;
    return cur;
  };
  const adjacent = new Map<string, string[]>();
  for (const e of g.edges) {
    const a = rootOf(e.source);
    const b = rootOf(e.target);
    if (a === b) continue;
    (adjacent.get(a) ?? adjacent.set(a, []).get(a)!).push(b);
    (adjacent.get(b) ?? adjacent.set(b, []).get(b)!).push(a);
  }
  const roots = kids.get(undefined) ?? [];
  const vpcs = roots.filter((n) => n.kind === 'vpc');
  const owner = new Map<string, string>();
  const queue: string[] = vpcs.map((v) => v.id);
  for (const v of vpcs) owner.set(v.id, v.id);
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const next of adjacent.get(at) ?? []) {
      if (owner.has(next) || byId.get(next)?.kind === 'vpc') continue;
      owner.set(next, owner.get(at)!);
      queue.push(next);
    }
  }
  const beside = new Map<string, GraphNode[]>();
  const loose: GraphNode[] = [];
  for (const n of roots) {
    if (n.kind === 'vpc') continue;
    const o = owner.get(n.id);
    if (o === undefined) loose.push(n);
    else (beside.get(o) ?? beside.set(o, []).get(o)!).push(n);
  }

  // Cells: a VPC and the column beside it (or, last, the boxes linked to no VPC).
  interface Cell { readonly items: Measured['kids']; readonly size: Size }
  const cells: Cell[] = vpcs.map((v) => {
    const m = measure(v);
    const side = column((beside.get(v.id) ?? []).map(measure), m.size.w + OUTSIDE_GAP, 0);
    return {
      items: [{ m, x: 0, y: 0 }, ...side.kids],
      size: { w: m.size.w + (side.kids.length > 0 ? OUTSIDE_GAP + side.size.w : 0), h: Math.max(m.size.h, side.size.h) },
    };
  });
  if (loose.length > 0) {
    const c = column(loose.map(measure), 0, 0);
    cells.push({ items: c.kids, size: c.size });
  }
  // Rows so the whole is about twice as wide as tall (a screen's shape; row wrapping leaves gaps, hence the
  // larger factor), never narrower than the widest cell.
  const area = cells.reduce((s, c) => s + (c.size.w + CELL_GAP) * (c.size.h + CELL_GAP), 0);
  const rowWidth = Math.max(...cells.map((c) => c.size.w), Math.sqrt(area * 2.6));
  const boxes = new Map<string, Box>();
  const place = (m: Measured, x: number, y: number): void => {
    boxes.set(m.node.id, { x, y, width: m.size.w, height: m.size.h });
    for (const k of m.kids) place(k.m, x + k.x, y + k.y);
  };
  let x = 12;
  let y = 12;
  let rowHeight = 0;
  let width = 0;
  for (const c of cells) {
    if (x > 12 && x + c.size.w > rowWidth + 12) { x = 12; y += rowHeight + CELL_GAP; rowHeight = 0; }
    for (const it of c.items) place(it.m, x + it.x, y + it.y);
    x += c.size.w + CELL_GAP;
    width = Math.max(width, x - CELL_GAP);
    rowHeight = Math.max(rowHeight, c.size.h);
  }

  const edges = new Map<string, readonly Point[]>();
  for (const e of g.edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (s !== undefined && t !== undefined) edges.set(e.id, line(s, t));
  }
  return { width: width + 12, height: y + rowHeight + 12, boxes, edges };
}

/**
 * A line from one box to another: right side to left side with one vertical run just before the target when the
 * target is to the right (the usual case: subnet to route table to gateway), else straight between the borders.
 */
function line(s: Box, t: Box): Point[] {
  const sy = s.y + Math.min(s.height / 2, 20);
  const ty = t.y + Math.min(t.height / 2, 20);
  if (t.x >= s.x + s.width + 8) {
    const sx = s.x + s.width;
    const mx = t.x - 8;
    return sy === ty ? [{ x: sx, y: sy }, { x: t.x, y: ty }] : [{ x: sx, y: sy }, { x: mx, y: sy }, { x: mx, y: ty }, { x: t.x, y: ty }];
  }
  if (s.x >= t.x + t.width + 8) return [{ x: s.x, y: sy }, { x: t.x + t.width, y: ty }];
  const c1 = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
  const c2 = { x: t.x + t.width / 2, y: t.y + t.height / 2 };
  return [clip(s, c1, c2), clip(t, c2, c1)];
}

/** Where the segment from `inside` (a box's centre) towards `to` leaves the box. */
function clip(b: Box, inside: Point, to: Point): Point {
  const dx = to.x - inside.x;
  const dy = to.y - inside.y;
  if (dx === 0 && dy === 0) return inside;
  const fx = dx === 0 ? Infinity : (b.width / 2) / Math.abs(dx);
  const fy = dy === 0 ? Infinity : (b.height / 2) / Math.abs(dy);
  const f = Math.min(fx, fy, 1);
  return { x: inside.x + dx * f, y: inside.y + dy * f };
}
