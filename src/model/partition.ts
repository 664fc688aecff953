/** @module The resources of one account in one region (or the `global` partition), with lookup indexes. */
import type { Kind, Resource, ResourceOf } from './resources.js';

/** Parent links the partition indexes, so that "everything in this VPC/subnet" is not a full scan. */
function parentsOf(r: Resource): string[] {
  const out: string[] = [];
  if ('vpcId' in r && typeof r.vpcId === 'string') out.push(r.vpcId);
  if ('subnetId' in r && typeof r.subnetId === 'string') out.push(r.subnetId);
  return out;
}

export class Partition {
  readonly key: string;
  private readonly byKind = new Map<Kind, Map<string, Resource>>();
  private readonly byId = new Map<string, Resource>();
  private readonly children = new Map<string, Set<string>>();

  constructor(key: string) {
    this.key = key;
  }

  get<K extends Kind>(kind: K, id: string): ResourceOf<K> | undefined {
    const r = this.byId.get(id);
    return r && r.kind === kind ? (r as ResourceOf<K>) : undefined;
  }

  /** Any resource by id, whatever its kind. */
  find(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  /** All resources of a kind, in creation order. */
  list<K extends Kind>(kind: K): IterableIterator<ResourceOf<K>> {
    return ((this.byKind.get(kind) ?? new Map<string, Resource>()).values()) as IterableIterator<ResourceOf<K>>;
  }

  count(kind: Kind): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  /** Resources of a kind whose `vpcId` or `subnetId` is `parentId`. */
  *childrenOf<K extends Kind>(parentId: string, kind: K): IterableIterator<ResourceOf<K>> {
    for (const id of this.children.get(parentId) ?? []) {
      const r = this.byId.get(id);
      if (r && r.kind === kind) yield r as ResourceOf<K>;
    }
  }

  /** Store or replace a record (no journaling: use a transaction). */
  set(r: Resource): void {
    const previous = this.byId.get(r.id);
    if (previous) this.unindex(previous);
    let kindMap = this.byKind.get(r.kind);
    if (!kindMap) { kindMap = new Map(); this.byKind.set(r.kind, kindMap); }
    kindMap.set(r.id, r);
    this.byId.set(r.id, r);
    for (const p of parentsOf(r)) {
      let set = this.children.get(p);
      if (!set) { set = new Set(); this.children.set(p, set); }
      set.add(r.id);
    }
  }

  /** Drop a record (no journaling: use a transaction). */
  delete(id: string): void {
    const previous = this.byId.get(id);
    if (!previous) return;
    this.unindex(previous);
    this.byKind.get(previous.kind)?.delete(id);
    this.byId.delete(id);
  }

  private unindex(r: Resource): void {
    for (const p of parentsOf(r)) this.children.get(p)?.delete(r.id);
  }

  /** Number of stored records. */
  get size(): number {
    return this.byId.size;
  }
}
