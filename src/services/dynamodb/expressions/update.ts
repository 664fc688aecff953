/**
 * @module Applying a bound UpdateExpression to an item (AWS: "Update expressions"): every SET value is computed
 * from the item as it was, then SET, REMOVE, ADD and DELETE are applied; key attributes cannot change; two
 * paths may not overlap. The old item is never changed: the maps and lists on a written path are copied on
 * first write (the rest of the new item shares the old one's values), and copied maps have no prototype.
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import { attributeOf, newMap, payload, typeOf, valuesEqual, type AttributeValue, type Item } from '../attribute-value.js';
import { addNumbers } from '../numbers.js';
import type { Operand, Path, Update } from './ast.js';
import { valueAt } from './evaluate.js';
import { checkIndependentPaths } from './path-overlap.js';

type AttributeMap = Record<string, AttributeValue>;
type Container = AttributeMap | AttributeValue[];

/** The item being built: its root and the containers copied so far (only those may be written). */
interface Draft {
  readonly root: AttributeMap;
  readonly owned: WeakSet<Container>;
}

function copyMap(m: Readonly<AttributeMap>): AttributeMap {
  const out = newMap();
  for (const k of Object.keys(m)) out[k] = m[k]!;
  return out;
}

function invalid(message: string): never {
  throw dynamoDbErrors.validation(`Invalid UpdateExpression: ${message}`);
}

const invalidPath = (): never => { throw dynamoDbErrors.validation('The document path provided in the update expression is invalid for update'); };

function operandTypeError(fn: string, v: AttributeValue): never {
  return invalid(`Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${typeOf(v)}`);
}

function setValue(o: Operand, item: Item): AttributeValue {
  switch (o.kind) {
    case 'literal': return o.value;
    case 'path': {
      const v = valueAt(item, o);
      if (!v) throw dynamoDbErrors.validation('The provided expression refers to an attribute that does not exist in the item');
      return v;
    }
    case 'if_not_exists': return valueAt(item, o.path) ?? setValue(o.fallback, item);
    case 'list_append': {
      const a = setValue(o.a, item);
      const b = setValue(o.b, item);
      if (!('L' in a)) operandTypeError('list_append', a);
      if (!('L' in b)) operandTypeError('list_append', b);
      return { L: [...(a as { L: AttributeValue[] }).L, ...(b as { L: AttributeValue[] }).L] };
    }
    case 'arith': {
      const a = setValue(o.a, item);
      const b = setValue(o.b, item);
      if (!('N' in a)) operandTypeError(o.op, a);
      if (!('N' in b)) operandTypeError(o.op, b);
      return { N: addNumbers((a as { N: string }).N, (b as { N: string }).N, o.op === '-') };
    }
    default: return invalid('The function is not allowed in an update expression');
  }
}

/**
 * The container holding the last element of `path`, writable (each map or list on the way is copied once and
 * put in place of the shared one), or undefined when some parent is missing or of another type.
 */
function parentOf(draft: Draft, path: Path): { container: Container; last: string | number } | undefined {
  let container: Container = draft.root;
  for (let i = 0; i < path.elements.length - 1; i++) {
    const e = path.elements[i]!;
    const child: AttributeValue | undefined = Array.isArray(container) ? (typeof e === 'number' ? container[e] : undefined) : (typeof e === 'string' ? attributeOf(container, e) : undefined);
    if (!child) return undefined;
    let inner: Container;
    let copy: AttributeValue;
    if (typeof path.elements[i + 1] === 'number') {
      if (!('L' in child) || !Array.isArray(child.L)) return undefined;
      inner = child.L as AttributeValue[];
      if (draft.owned.has(inner)) { container = inner; continue; }
      inner = [...child.L];
      copy = { L: inner };
    } else {
      if (!('M' in child) || typeof child.M !== 'object' || child.M === null) return undefined;
      inner = child.M as AttributeMap;
      if (draft.owned.has(inner)) { container = inner; continue; }
      inner = copyMap(child.M);
      copy = { M: inner };
    }
    draft.owned.add(inner);
    if (Array.isArray(container)) container[e as number] = copy;
    else container[e as string] = copy;
    container = inner;
  }
  return { container, last: path.elements[path.elements.length - 1]! };
}

/**
 * The order to apply SET actions in: as written, except that list elements of one list are set in index order,
 * so indexes past the end append in index order (AWS: `SET l[10] = :a, l[11] = :b` appends a, then b).
 */
function setOrder(paths: readonly Path[]): number[] {
  const order = paths.map((_, i) => i);
  const groups = new Map<string, number[]>();
  paths.forEach((p, i) => {
    if (typeof p.elements[p.elements.length - 1] !== 'number') return;
    const parent = JSON.stringify(p.elements.slice(0, -1));
    const g = groups.get(parent);
    if (g) g.push(i); else groups.set(parent, [i]);
  });
  const last = (i: number): number => paths[i]!.elements[paths[i]!.elements.length - 1] as number;
  for (const slots of groups.values()) {
    const sorted = [...slots].sort((a, b) => last(a) - last(b));
    slots.forEach((slot, k) => { order[slot] = sorted[k]!; });
  }
  return order;
}

/** Write `v` at `path`; returns the path written (an index past a list's end becomes the appended index). */
function assign(draft: Draft, path: Path, v: AttributeValue): Path {
  const p = parentOf(draft, path) ?? invalidPath();
  if (Array.isArray(p.container)) {
    if (typeof p.last !== 'number') return invalidPath();
    // AWS: SET on an index past the end appends.
    if (p.last >= p.container.length) {
      p.container.push(v);
      return { kind: 'path', elements: [...path.elements.slice(0, -1), p.container.length - 1] };
    }
    p.container[p.last] = v;
  } else {
    if (typeof p.last !== 'string') return invalidPath();
    p.container[p.last] = v;
  }
  return path;
}

function remove(draft: Draft, path: Path): void {
  const p = parentOf(draft, path);
  if (!p) return;
  if (Array.isArray(p.container)) { if (typeof p.last === 'number' && p.last < p.container.length) p.container.splice(p.last, 1); }
  else if (typeof p.last === 'string') delete p.container[p.last];
}

const SET_TYPES = new Set(['SS', 'NS', 'BS']);

const members = (v: AttributeValue): readonly string[] => payload(v) as readonly string[];
const setOf = (t: string, xs: readonly string[]): AttributeValue => ({ [t]: xs }) as unknown as AttributeValue;
const sameMember = (t: string, x: string, y: string): boolean => valuesEqual(setOf(t, [x]), setOf(t, [y]));

/** The item after `update`, and the paths it touched (for UPDATED_OLD / UPDATED_NEW). */
export function applyUpdate(update: Update, old: Item, keyNames: readonly string[]): { item: Record<string, AttributeValue>; paths: Path[] } {
  const all: Path[] = [...update.set.map((a) => a.path), ...update.remove, ...update.add.map((a) => a.path), ...update.delete.map((a) => a.path)];
  for (const p of all) {
    const top = p.elements[0];
    if (typeof top === 'string' && keyNames.includes(top)) {
      throw dynamoDbErrors.validation(`One or more parameter values were invalid: Cannot update attribute ${top}. This attribute is part of the key`);
    }
  }
  checkIndependentPaths(all, 'UpdateExpression');
  const values = update.set.map((a) => setValue(a.value, old));
  const root = copyMap(old);
  const draft: Draft = { root, owned: new WeakSet([root]) };
  const written: Path[] = [];
  for (const i of setOrder(update.set.map((a) => a.path))) written.push(assign(draft, update.set[i]!.path, values[i]!));
  // Later list indexes first, so each REMOVE names an element of the list as it was.
  const removals = [...update.remove].sort((a, b) => {
    const x = a.elements[a.elements.length - 1];
    const y = b.elements[b.elements.length - 1];
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
  });
  for (const p of removals) remove(draft, p);
  for (const a of update.add) {
    const v = (a.value as { kind: 'literal'; value: AttributeValue }).value;
    const t = typeOf(v);
    if (t !== 'N' && !SET_TYPES.has(t)) invalid(`Incorrect operand type for operator or function; operator: ADD, operand type: ${t}`);
    const cur = valueAt(root, a.path);
    if (!cur) { assign(draft, a.path, v); continue; }
    if (typeOf(cur) !== t) invalid(`Incorrect operand type for operator or function; operator: ADD, operand type: ${typeOf(cur)}`);
    if ('N' in cur && 'N' in v) assign(draft, a.path, { N: addNumbers(cur.N, v.N) });
    else {
      const merged = [...members(cur)];
      for (const x of members(v)) if (!merged.some((y) => sameMember(t, x, y))) merged.push(x);
      assign(draft, a.path, setOf(t, merged));
    }
  }
  for (const a of update.delete) {
    const v = (a.value as { kind: 'literal'; value: AttributeValue }).value;
    const t = typeOf(v);
    if (!SET_TYPES.has(t)) invalid(`Incorrect operand type for operator or function; operator: DELETE, operand type: ${t}`);
    const cur = valueAt(root, a.path);
    if (!cur) continue;
    if (typeOf(cur) !== t) invalid(`Incorrect operand type for operator or function; operator: DELETE, operand type: ${typeOf(cur)}`);
    const removing = members(v);
    const left = members(cur).filter((x) => !removing.some((y) => sameMember(t, x, y)));
    // AWS: a set left empty is removed.
    if (left.length === 0) remove(draft, a.path);
    else assign(draft, a.path, setOf(t, left));
  }
  return { item: root, paths: [...written, ...all.slice(written.length)] };
}
