/** @module ProjectionExpression (and UPDATED_OLD/UPDATED_NEW): keep only the named document paths of an item, nested parts included. */
import { newMap, type AttributeValue, type Item } from '../attribute-value.js';
import type { Path } from './ast.js';
import { valueAt } from './evaluate.js';

interface Node {
  whole?: AttributeValue;
  list: boolean;
  readonly children: Map<string | number, Node>;
}

/** The item restricted to `paths`; list elements keep their order and close up (AWS: projection of `a[3]`). */
export function project(item: Item, paths: readonly Path[]): Record<string, AttributeValue> {
  const root: Node = { list: false, children: new Map() };
  for (const path of paths) {
    const v = valueAt(item, path);
    if (v === undefined) continue;
    let node = root;
    for (let i = 0; i < path.elements.length; i++) {
      if (node.whole) break;
      const e = path.elements[i]!;
      let child = node.children.get(e);
      if (!child) {
        child = { list: false, children: new Map() };
        node.children.set(e, child);
      }
      node.list = typeof e === 'number';
      node = child;
      if (i === path.elements.length - 1) { node.whole = v; node.children.clear(); }
    }
  }
  const out = newMap();
  for (const [k, child] of root.children) out[k as string] = materialize(child);
  return out;
}

function materialize(node: Node): AttributeValue {
  if (node.whole) return node.whole;
  if (node.list) {
    const entries = [...node.children].sort((a, b) => (a[0] as number) - (b[0] as number));
    return { L: entries.map(([, c]) => materialize(c)) };
  }
  const m = newMap();
  for (const [k, c] of node.children) m[k as string] = materialize(c);
  return { M: m };
}
