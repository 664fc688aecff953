/**
 * @module The world: every partition in memory, and the transactions that change it.
 * A transaction applies changes to memory as it goes and keeps an undo log; on success the whole change set
 * is committed to the StateStore in one write, on any throw (or a dry run) memory is restored exactly.
 * So no operation is ever half-applied, in memory or on disk.
 */
import type { Clock } from '../shared/clock.js';
import type { IdGen } from '../shared/ids.js';
import type { StateStore, StoredChange } from '../persistence/state-store.js';
import { Partition } from './partition.js';
import type { Kind, Resource, ResourceOf } from './resources.js';

/** The partition key of an account in a region. */
export function partitionKey(account: string, region: string): string {
  return `${account}/${region}`;
}

/** The partition of resources seen from several accounts and regions (peering connections). */
export const GLOBAL = 'global';

/** Read access to a partition, shared by Partition itself and by transactions. */
export interface ReadView {
  get<K extends Kind>(kind: K, id: string): ResourceOf<K> | undefined;
  find(id: string): Resource | undefined;
  list<K extends Kind>(kind: K): IterableIterator<ResourceOf<K>>;
  childrenOf<K extends Kind>(parentId: string, kind: K): IterableIterator<ResourceOf<K>>;
  count(kind: Kind): number;
}

/** A partition inside a transaction: reads see the transaction's own writes. */
export interface PartitionTx extends ReadView {
  readonly account: string;
  readonly region: string;
  put<R extends Resource>(r: R): R;
  remove(id: string): void;
}

export interface Tx {
  readonly ids: IdGen;
  readonly clock: Clock;
  /** The partition of an account in a region. */
  in(account: string, region: string): PartitionTx;
  /** The global partition. */
  readonly global: PartitionTx;
  /** Accounts that have any state in the region (e.g. to find consumers of an endpoint service). */
  accountsIn(region: string): string[];
}

interface UndoEntry { readonly partition: Partition; readonly id: string; readonly previous: Resource | undefined }

export class World {
  private readonly partitions = new Map<string, Partition>();
  readonly store: StateStore;
  readonly ids: IdGen;
  readonly clock: Clock;
  /** Bumped by every committed transaction: caches compiled from the model key on it. */
  version = 0;
  /** Run-time settings: `endpointSettleMs` is how long a new or accepted endpoint reads as `pending`. */
  settings = { endpointSettleMs: 0 };

  constructor(store: StateStore, ids: IdGen, clock: Clock) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    for (const rec of store.load()) this.partition(rec.partition).set(JSON.parse(rec.body) as Resource);
  }

  /** The partition with this key, created empty on first use (an empty partition needs no journaling). */
  partition(key: string): Partition {
    let p = this.partitions.get(key);
    if (!p) { p = new Partition(key); this.partitions.set(key, p); }
    return p;
  }

  /** Accounts that have any state in the region. */
  accountsIn(region: string): string[] {
    const out: string[] = [];
    const suffix = `/${region}`;
    for (const key of this.partitions.keys()) if (key.endsWith(suffix)) out.push(key.slice(0, -suffix.length));
    return out;
  }

  /** Find a record by id in any account+region partition (AWS ids are unique), with where it lives. */
  locate(id: string): { readonly account: string; readonly region: string; readonly resource: Resource } | undefined {
    for (const [key, p] of this.partitions) {
      if (key === GLOBAL) continue;
      const r = p.find(id);
      if (r) {
        const slash = key.indexOf('/');
        return { account: key.slice(0, slash), region: key.slice(slash + 1), resource: r };
      }
    }
    return undefined;
  }

  /** Total records across partitions. */
  get size(): number {
    let n = 0;
    for (const p of this.partitions.values()) n += p.size;
    return n;
  }

  /**
   * Run `fn` as one atomic operation. With `dryRun`, every check in `fn` runs and then all its changes
   * are undone (the caller answers `DryRunOperation`).
   */
  transact<T>(fn: (tx: Tx) => T, dryRun = false): T {
    const undo: UndoEntry[] = [];
    const touched = new Map<string, { partition: Partition; id: string }>();
    const views = new Map<string, PartitionTx>();
    const view = (key: string, account: string, region: string): PartitionTx => {
      const existing = views.get(key);
      if (existing) return existing;
      const p = this.partition(key);
      const record = (id: string): void => {
        undo.push({ partition: p, id, previous: p.find(id) });
        touched.set(`${key}\u0000${id}`, { partition: p, id });
      };
      const v: PartitionTx = {
        account, region,
        get: (kind, id) => p.get(kind, id),
        find: (id) => p.find(id),
        list: (kind) => p.list(kind),
        childrenOf: (parent, kind) => p.childrenOf(parent, kind),
        count: (kind) => p.count(kind),
        put: (r) => { record(r.id); p.set(r); return r; },
        remove: (id) => { if (p.find(id)) { record(id); p.delete(id); } },
      };
      views.set(key, v);
      return v;
    };
    const tx: Tx = {
      ids: this.ids,
      clock: this.clock,
      in: (account, region) => view(partitionKey(account, region), account, region),
      get global() { return view(GLOBAL, '', ''); },
      accountsIn: (region) => this.accountsIn(region),
    };
    const rollback = (): void => {
      for (let i = undo.length - 1; i >= 0; i--) {
        const u = undo[i]!;
        if (u.previous) u.partition.set(u.previous);
        else u.partition.delete(u.id);
      }
    };
    let result: T;
    try {
      result = fn(tx);
    } catch (e) {
      rollback();
      throw e;
    }
    if (dryRun) { rollback(); return result; }
    if (touched.size > 0) {
      const changes: StoredChange[] = [];
      for (const { partition, id } of touched.values()) {
        const r = partition.find(id);
        changes.push({ partition: partition.key, id, body: r ? JSON.stringify(r) : null });
      }
      try {
        this.store.commit(changes);
      } catch (e) {
        rollback();
        throw e;
      }
      this.version++;
    }
    return result;
  }
}
