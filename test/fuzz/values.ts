/**
 * @module Valid-looking input values built from a botocore shape, and the mutations the fuzzer applies to them.
 * The three model flavours the project reads (Query `ServiceModel`, REST-XML, JSON) are viewed through one loose
 * shape type: all share botocore's structure/list/map/scalar vocabulary.
 */
import type { Rng } from './rng.js';
import { nastyFor, nastyString } from './strings.js';

/** A value tree as a request carries it before the wire encoding. */
export type Val = string | number | boolean | null | Val[] | { [k: string]: Val };
export type Obj = { [k: string]: Val };

export interface GMember {
  readonly shape: string;
  readonly q?: string;
  readonly location?: string;
  readonly locationName?: string;
  readonly flattened?: boolean;
  readonly xmlAttribute?: boolean;
  readonly streaming?: boolean;
}

export interface GShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, GMember>>;
  readonly required?: readonly string[];
  readonly member?: string;
  readonly key?: string;
  readonly value?: string;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly union?: boolean;
  readonly flattened?: boolean;
  readonly memberName?: string;
  readonly memberLocationName?: string;
  readonly payload?: string;
  readonly locationName?: string;
  readonly timestampFormat?: string;
}

export type Shapes = Readonly<Record<string, GShape>>;

/** Values known to reach deeper code (ids of seeded resources, well-formed documents), by member name. */
export type Hints = Readonly<Record<string, readonly Val[]>>;

export interface ValueContext {
  readonly rng: Rng;
  readonly shapes: Shapes;
  readonly hints: Hints;
  /** JSON carries timestamps as epoch seconds; the XML and Query wires as ISO 8601 text. */
  readonly json: boolean;
}

export function isObj(v: Val | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function shapeOf(shapes: Shapes, name: string): GShape {
  const s = shapes[name];
  if (!s) throw new Error(`shape ${name} missing`);
  return s;
}

/** Deep copy (hint values are shared between cases). */
export function clone(v: Val): Val {
  return structuredClone(v);
}

function scalarText(c: ValueContext, shape: GShape): string {
  if (shape.enum && shape.enum.length > 0) return c.rng.pick(shape.enum);
  const min = shape.min ?? 1;
  const max = Math.min(shape.max ?? 16, 64);
  let s = `fuzz${c.rng.int(100_000)}`;
  while (s.length < min) s += 'x';
  return s.slice(0, Math.max(min, Math.min(max, s.length)));
}

/** Whether a hint suits a shape (a list member's hint is for its items, not the list). */
function fits(shape: GShape, v: Val): boolean {
  switch (shape.type) {
    case 'structure': case 'map': return isObj(v);
    case 'list': return Array.isArray(v);
    default: return !isObj(v) && !Array.isArray(v);
  }
}

/** A valid-looking value of a shape; `depth` bounds recursive shapes (DynamoDB's AttributeValue). */
export function validValue(c: ValueContext, shapeName: string, memberName: string, depth: number): Val {
  const shape = shapeOf(c.shapes, shapeName);
  const hint = c.hints[memberName]?.filter((h) => fits(shape, h));
  if (hint && hint.length > 0 && c.rng.chance(0.85)) return clone(c.rng.pick(hint));
  switch (shape.type) {
    case 'structure': {
      const out: Obj = {};
      const members = Object.entries(shape.members ?? {});
      if (shape.union) {
        const [name, m] = c.rng.pick(members);
        out[name] = validValue(c, m.shape, name, depth + 1);
        return out;
      }
      const required = new Set(shape.required ?? []);
      for (const [name, m] of members) {
        const p = required.has(name) ? 1 : depth > 3 ? 0.05 : 0.3;
        if (c.rng.chance(p)) out[name] = validValue(c, m.shape, name, depth + 1);
      }
      return out;
    }
    case 'list': {
      const n = depth > 4 ? Math.max(shape.min ?? 0, 0) : c.rng.range(Math.max(shape.min ?? 1, 1), Math.max(shape.min ?? 1, 1) + 2);
      const items: Val[] = [];
      for (let i = 0; i < n; i++) items.push(validValue(c, shape.member ?? '', memberName, depth + 1));
      return items;
    }
    case 'map': {
      const out: Obj = {};
      const n = depth > 4 ? 0 : c.rng.range(1, 2);
      for (let i = 0; i < n; i++) {
        const k = String(validValue(c, shape.key ?? '', '', depth + 1));
        out[k] = validValue(c, shape.value ?? '', '', depth + 1);
      }
      return out;
    }
    case 'string': return scalarText(c, shape);
    case 'integer': case 'long': {
      const lo = shape.min ?? 1;
      const hi = Math.min(shape.max ?? lo + 10, lo + 100);
      return c.rng.range(lo, hi);
    }
    case 'float': case 'double': return 1.5;
    case 'boolean': return c.rng.chance(0.5);
    case 'timestamp': {
      const t = Date.UTC(2030, 0, 1) + c.rng.int(1_000_000) * 1000;
      return c.json ? Math.floor(t / 1000) : new Date(t).toISOString();
    }
    case 'blob': return Buffer.from(`fuzz${c.rng.int(1000)}`).toString('base64');
    default: return 'x';
  }
}

/** A place in a value tree: the container and the key of a value, with the shape the model gives it there. */
interface Site {
  readonly parent: Obj | Val[];
  readonly key: string | number;
  readonly shape: GShape | undefined;
  /** The member name the value is under (a list item's or map value's is its container's). */
  readonly name: string;
}

function sitesOf(c: ValueContext, v: Val, shape: GShape | undefined, out: Site[], depth: number, name = ''): void {
  if (depth > 40) return;
  if (Array.isArray(v)) {
    const item = shape?.type === 'list' ? c.shapes[shape.member ?? ''] : undefined;
    v.forEach((x, i) => { out.push({ parent: v, key: i, shape: item, name }); sitesOf(c, x, item, out, depth + 1, name); });
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const child = shape?.type === 'structure' ? c.shapes[shape.members?.[k]?.shape ?? ''] : shape?.type === 'map' ? c.shapes[shape.value ?? ''] : undefined;
      const childName = shape?.type === 'map' ? name : k;
      out.push({ parent: v, key: k, shape: child, name: childName });
      sitesOf(c, x, child, out, depth + 1, childName);
    }
  }
}

/** Structures in a value tree, with their shapes (for missing and unknown members). */
function structuresOf(c: ValueContext, v: Val, shape: GShape, out: [Obj, GShape][], depth: number): void {
  if (depth > 40) return;
  if (isObj(v) && shape.type === 'structure') {
    out.push([v, shape]);
    for (const [k, x] of Object.entries(v)) {
      const s = c.shapes[shape.members?.[k]?.shape ?? ''];
      if (s) structuresOf(c, x, s, out, depth + 1);
    }
  } else if (Array.isArray(v) && shape.type === 'list') {
    const s = c.shapes[shape.member ?? ''];
    if (s) for (const x of v) structuresOf(c, x, s, out, depth + 1);
  } else if (isObj(v) && shape.type === 'map') {
    const s = c.shapes[shape.value ?? ''];
    if (s) for (const x of Object.values(v)) structuresOf(c, x, s, out, depth + 1);
  }
}

const set = (site: Site, v: Val): void => { (site.parent as Record<string | number, Val>)[site.key] = v; };
const get = (site: Site): Val => (site.parent as Record<string | number, Val>)[site.key] as Val;

function badNumber(rng: Rng): Val {
  return rng.pick<Val>([-1, 0, -2147483649, 2147483648, 9007199254740993, 1e308, -1e308, 0.5, 1e-300, 'NaN', 'Infinity', '1e999', '0x1F', '', ' 7', '7 ', '٣', '1_000', '+1', '--1', '1.0', String(rng.next())]);
}

function wrongType(rng: Rng, current: Val): Val {
  const options: Val[] = ['text', 42, -0.25, true, null, [], ['a', 'b'], {}, { Unknown: 'x' }, [{ a: 1 }], { S: 'x' }, [[[]]]];
  let v = rng.pick(options);
  if (typeof v === typeof current && Array.isArray(v) === Array.isArray(current)) v = rng.pick(options);
  return v;
}

/** A value nested `depth` levels: objects, arrays or DynamoDB maps and lists. */
export function nested(rng: Rng, depth: number): Val {
  let v: Val = rng.chance(0.5) ? { S: 'deep' } : 'deep';
  const style = rng.int(4);
  for (let i = 0; i < depth; i++) {
    v = style === 0 ? { M: { a: v } } : style === 1 ? { L: [v] } : style === 2 ? [v] : { a: v };
  }
  return v;
}

/** The mutation kinds applied to value trees (protocol-level kinds are added by the wire builders). */
export const TREE_MUTATIONS = ['string', 'number', 'wrong-type', 'missing-required', 'unknown-member', 'empty-list', 'duplicates', 'big-list', 'deep-nesting', 'extra-optional'] as const;
export type TreeMutation = (typeof TREE_MUTATIONS)[number];

/**
 * Apply one mutation to `root` (of structure shape `rootShape`) in place; answers what was done (for the report of a
 * failing case), or undefined when the tree had no place for it.
 */
export function mutateTree(c: ValueContext, root: Obj, rootShape: GShape, kind: TreeMutation): string | undefined {
  const rng = c.rng;
  const sites: Site[] = [];
  sitesOf(c, root, rootShape, sites, 0);
  const structures: [Obj, GShape][] = [];
  structuresOf(c, root, rootShape, structures, 0);
  const describe = (site: Site) => `${String(site.key)}`;
  switch (kind) {
    case 'string': {
      const leaves = sites.filter((s) => typeof get(s) === 'string');
      const site = leaves.length > 0 ? rng.pick(leaves) : sites.length > 0 ? rng.pick(sites) : undefined;
      if (!site) return undefined;
      const cur = get(site);
      set(site, nastyFor(rng, site.name, typeof cur === 'string' ? cur : 'x'));
      return `string@${site.name}${typeof site.key === 'number' ? `[${site.key}]` : ''}`;
    }
    case 'number': {
      const leaves = sites.filter((s) => typeof get(s) === 'number' || s.shape?.type === 'integer' || s.shape?.type === 'long');
      const site = leaves.length > 0 ? rng.pick(leaves) : undefined;
      if (!site) return undefined;
      set(site, badNumber(rng));
      return `number@${describe(site)}`;
    }
    case 'wrong-type': {
      if (sites.length === 0) return undefined;
      const site = rng.pick(sites);
      set(site, wrongType(rng, get(site)));
      return `wrong-type@${describe(site)}`;
    }
    case 'missing-required': {
      const withRequired = structures.filter(([o, s]) => (s.required ?? []).some((r) => r in o));
      if (withRequired.length === 0) return undefined;
      const [o, s] = rng.pick(withRequired);
      const name = rng.pick((s.required ?? []).filter((r) => r in o));
      delete o[name];
      return `missing-required@${name}`;
    }
    case 'unknown-member': {
      const [o] = structures.length > 0 ? rng.pick(structures) : [root];
      const name = rng.pick(['Unknown', 'x', '__proto__', 'constructor', 'Action', 'Version', 'toString', `M${rng.int(100)}`, nastyString(rng, 'N').slice(0, 40) || 'Z']);
      Object.defineProperty(o, name, { value: rng.chance(0.5) ? nastyString(rng) : wrongType(rng, null), enumerable: true, writable: true, configurable: true });
      return `unknown-member@${name}`;
    }
    case 'empty-list': {
      const lists = sites.filter((s) => Array.isArray(get(s)) || s.shape?.type === 'list');
      if (lists.length === 0) return undefined;
      const site = rng.pick(lists);
      set(site, rng.chance(0.8) ? [] : {});
      return `empty-list@${describe(site)}`;
    }
    case 'duplicates': {
      const lists = sites.filter((s) => Array.isArray(get(s)) && (get(s) as Val[]).length > 0);
      if (lists.length === 0) return undefined;
      const site = rng.pick(lists);
      const items = get(site) as Val[];
      const n = rng.range(2, 6);
      for (let i = 0; i < n; i++) items.push(clone(items[0]!));
      return `duplicates@${describe(site)}`;
    }
    case 'big-list': {
      const lists = sites.filter((s) => Array.isArray(get(s)) && (get(s) as Val[]).length > 0);
      if (lists.length === 0) return undefined;
      const site = rng.pick(lists);
      const items = get(site) as Val[];
      // Many small items, or a few large ones (a list of huge items only tests the client's memory).
      const itemSize = JSON.stringify(items[0]!).length;
      const n = Math.min(rng.chance(0.03) ? rng.range(2_000, 10_000) : rng.range(20, 300), Math.ceil(2_000_000 / itemSize));
      // Items after the first are the same object (no copies of a deep value): serializers only read them.
      const base = items[0]!;
      for (let i = 0; i < n; i++) items.push(typeof base === 'string' ? `${base}${i}` : base);
      return `big-list@${describe(site)}x${n}`;
    }
    case 'deep-nesting': {
      if (sites.length === 0) return undefined;
      const site = rng.pick(sites);
      const depth = rng.chance(0.1) ? rng.range(300, 800) : rng.range(20, 120);
      set(site, nested(rng, depth));
      return `deep-nesting@${describe(site)}x${depth}`;
    }
    case 'extra-optional': {
      const candidates = structures.filter(([o, s]) => Object.keys(s.members ?? {}).some((m) => !(m in o)));
      if (candidates.length === 0) return undefined;
      const [o, s] = rng.pick(candidates);
      const name = rng.pick(Object.keys(s.members ?? {}).filter((m) => !(m in o)));
      const m = s.members![name]!;
      const v = validValue(c, m.shape, name, 3);
      o[name] = v;
      // The added member is valid-looking half the time, hostile the other half.
      if (rng.chance(0.5)) {
        const sub: Site[] = [];
        sitesOf(c, o, s, sub, 0);
        const leaves = sub.filter((x) => typeof get(x) === 'string');
        if (leaves.length > 0) { const site = rng.pick(leaves); set(site, nastyString(rng, String(get(site)))); }
      }
      return `extra-optional@${name}`;
    }
  }
}
