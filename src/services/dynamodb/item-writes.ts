/**
 * @module Writing and deleting stored items with their secondary index entries. Every write path (single items,
 * batches, transactions, TTL expiry) goes through here, so an index never misses an item or keeps a stale one.
 * AWS: an item is in an index only when it carries the index keys with their declared types (sparse index).
 */
import { attributeOf, type Item } from './attribute-value.js';
import type { DynamoStore, IndexEntry } from './store.js';
import { encodeKey, encodeKeyValue, hasKeyOf, type Table } from './table.js';

const EMPTY = Buffer.alloc(0);

/** The index entries of an item (undefined when the table has no secondary index). */
export function indexEntries(table: Table, item: Item): IndexEntry[] | undefined {
  if (table.indexes.size === 0) return undefined;
  const out: IndexEntry[] = [];
  for (const ix of table.indexes.values()) {
    if (!hasKeyOf(ix.schema, item)) continue;
    out.push({
      index: ix.name,
      pk: encodeKeyValue(attributeOf(item, ix.schema.hash.name)!),
      sk: ix.schema.range ? encodeKeyValue(attributeOf(item, ix.schema.range.name)!) : EMPTY,
    });
  }
  return out;
}

/** Store an item (its key already checked) with its index entries. */
export function storeItem(store: DynamoStore, table: Table, item: Item, size: number): void {
  const k = encodeKey(table.schema, item);
  const entries = indexEntries(table, item);
  if (entries === undefined) store.putItem(table.row.id, k.pk, k.sk, JSON.stringify(item), size);
  else store.putItem(table.row.id, k.pk, k.sk, JSON.stringify(item), size, entries);
}

/** Delete the item at a (checked) key with its index entries. */
export function removeItem(store: DynamoStore, table: Table, key: Item): void {
  const k = encodeKey(table.schema, key);
  store.deleteItem(table.row.id, k.pk, k.sk, table.indexes.size > 0);
}
