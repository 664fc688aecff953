/**
 * @module A read-only map of compiled records that compiles each one on its first lookup: a trace touches a handful
 * of a partition's route tables, ACLs and security groups, so compiling all of them up front (10,000 tables in a
 * large account) would cost more than the trace. Iterating the map (lint walks every table) compiles the rest.
 */

/** The source records, and each one's compiled form once asked for. */
export class LazyCompiled<R extends { readonly id: string }, V> implements ReadonlyMap<string, V> {
  private readonly sourceRecords = new Map<string, R>();
  private built = new Map<string, V>();
  /** True when `built` holds every source, in source order (iteration can hand it out as it is). */
  private complete = true;

  /** `compileOne` builds one record's compiled form; `onCompile` is told of each call (the compiler's counters). */
  constructor(private compileOne: (record: R) => V, private readonly onCompile: () => void = () => {}) {}

  get size(): number {
    return this.sourceRecords.size;
  }

  has(id: string): boolean {
    return this.sourceRecords.has(id);
  }

  get(id: string): V | undefined {
    const done = this.built.get(id);
    if (done !== undefined) return done;
    const record = this.sourceRecords.get(id);
    if (record === undefined) return undefined;
    const v = this.compileOne(record);
    this.onCompile();
    this.built.set(id, v);
    this.complete = false;
    return v;
  }

  /** The record an entry is compiled from, without compiling it. */
  source(id: string): R | undefined {
    return this.sourceRecords.get(id);
  }

  /** Every source record, in order, without compiling any. */
  sources(): IterableIterator<R> {
    return this.sourceRecords.values();
  }

  /** The source records by id (a live, read-only view: it follows later `put`s and `drop`s). */
  get records(): ReadonlyMap<string, R> {
    return this.sourceRecords;
  }

  keys(): MapIterator<string> {
    return this.sourceRecords.keys();
  }

  values(): MapIterator<V> {
    return this.all().values();
  }

  entries(): MapIterator<[string, V]> {
    return this.all().entries();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.all()) fn.call(thisArg, v, k, this);
  }

  /** Add or replace a source record; its compiled form (if any) is dropped and rebuilt on the next lookup. */
  put(record: R): void {
    this.sourceRecords.set(record.id, record);
    this.built.delete(record.id);
    this.complete = false;
  }

  /** Remove a source record and its compiled form. */
  drop(id: string): void {
    this.sourceRecords.delete(id);
    this.built.delete(id);
  }

  /** Compile records not yet built with another function from now on (the compiler's newer clock reading). */
  compileWith(compileOne: (record: R) => V): void {
    this.compileOne = compileOne;
  }

  /** Every entry compiled, in source order (the order an eager map would have had). */
  private all(): Map<string, V> {
    if (this.complete && this.built.size === this.sourceRecords.size) return this.built;
    const ordered = new Map<string, V>();
    for (const id of this.sourceRecords.keys()) ordered.set(id, this.get(id)!);
    this.built = ordered;
    this.complete = true;
    return ordered;
  }
}
