/**
 * @module Legacy `AttributeUpdates` of UpdateItem (AWS: "AttributeValueUpdate"): per top-level attribute, PUT
 * (replace), ADD (add to a number, union into a set; on a missing attribute the value itself) and DELETE (remove
 * the attribute, or with a set value remove those elements; a set left empty is removed). Checked in full before
 * the item is read, applied without changing the stored item.
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import { attributeOf, newMap, normalizeValue, payload, typeOf, valuesEqual, type AttributeValue, type Item } from '../attribute-value.js';
import type { Path } from '../expressions/ast.js';
import { addNumbers } from '../numbers.js';

export type AttributeUpdate =
  | { readonly name: string; readonly action: 'PUT'; readonly value: AttributeValue }
  | { readonly name: string; readonly action: 'ADD'; readonly value: AttributeValue }
  | { readonly name: string; readonly action: 'DELETE'; readonly value?: AttributeValue };

interface RawUpdate { readonly Action?: string; readonly Value?: unknown }

function invalid(message: string): never {
  throw dynamoDbErrors.validation(`One or more parameter values were invalid: ${message}`);
}

const SET_TYPES = new Set(['SS', 'NS', 'BS']);

/** Check an AttributeUpdates map (AWS's rules per action) against the table's key attributes. */
export function attributeUpdatesOf(raw: unknown, keyNames: readonly string[]): readonly AttributeUpdate[] | undefined {
  if (raw === undefined) return undefined;
  const map = raw as Readonly<Record<string, RawUpdate | null>>;
  const out: AttributeUpdate[] = [];
  for (const name of Object.keys(map)) {
    const u = map[name] ?? {};
    const action = u.Action ?? 'PUT';
    const value = u.Value === undefined || u.Value === null ? undefined : normalizeValue(u.Value);
    if (keyNames.includes(name)) invalid(`Cannot update attribute ${name}. This attribute is part of the key`);
    if (value === undefined) {
      if (action !== 'DELETE') invalid('Only DELETE action is allowed when no attribute value is specified');
      out.push({ name, action: 'DELETE' });
      continue;
    }
    const t = typeOf(value);
    if (action === 'DELETE') {
      if (!SET_TYPES.has(t)) invalid(`Action DELETE is not supported for the type ${t}`);
      out.push({ name, action, value });
    } else if (action === 'ADD') {
      // AWS: ADD takes a number or a set.
      if (t !== 'N' && !SET_TYPES.has(t)) invalid(`Action ADD is not supported for the type ${t}`);
      out.push({ name, action, value });
    } else out.push({ name, action: 'PUT', value });
  }
  return out;
}

const mismatch = (): never => { throw dynamoDbErrors.validation('Type mismatch for attribute to update'); };

const members = (v: AttributeValue): readonly string[] => payload(v) as readonly string[];
const setOf = (t: string, xs: readonly string[]): AttributeValue => ({ [t]: xs }) as unknown as AttributeValue;
const sameMember = (t: string, x: string, y: string): boolean => valuesEqual(setOf(t, [x]), setOf(t, [y]));

/** The item after the updates and the attributes they touched (for ReturnValues UPDATED_OLD / UPDATED_NEW). */
export function applyAttributeUpdates(updates: readonly AttributeUpdate[], old: Item): { item: Record<string, AttributeValue>; paths: Path[] } {
  const item = newMap();
  for (const k of Object.keys(old)) item[k] = old[k]!;
  for (const u of updates) {
    const cur = attributeOf(item, u.name);
    if (u.action === 'PUT') item[u.name] = u.value;
    else if (u.action === 'ADD') {
      const t = typeOf(u.value);
      if (!cur) { item[u.name] = u.value; continue; }
      if (typeOf(cur) !== t) mismatch();
      if ('N' in cur && 'N' in u.value) item[u.name] = { N: addNumbers(cur.N, u.value.N) };
      else {
        const merged = [...members(cur)];
        for (const x of members(u.value)) if (!merged.some((y) => sameMember(t, x, y))) merged.push(x);
        item[u.name] = setOf(t, merged);
      }
    } else if (u.value === undefined) delete item[u.name];
    else {
      if (!cur) continue;
      const t = typeOf(u.value);
      if (typeOf(cur) !== t) mismatch();
      const removing = members(u.value);
      const left = members(cur).filter((x) => !removing.some((y) => sameMember(t, x, y)));
      // AWS: a set left empty is removed.
      if (left.length === 0) delete item[u.name];
      else item[u.name] = setOf(t, left);
    }
  }
  return { item, paths: updates.map((u) => ({ kind: 'path', elements: [u.name] })) };
}
