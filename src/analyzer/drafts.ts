/**
 * @module The records an import is about to write, per Region, with the file each came from: collected from every
 * document first, so that references are checked against the whole snapshot (a subnet may come before its VPC).
 */
import type { Resource } from '../model/resources.js';
import type { Findings } from './findings.js';

export interface Draft {
  readonly record: Resource;
  readonly file: string;
}

export class Drafts {
  /** Region -> id -> draft, in the order read. */
  readonly byRegion = new Map<string, Map<string, Draft>>();
  readonly findings: Findings;

  constructor(findings: Findings) {
    this.findings = findings;
  }

  /** Add a record; a second record with the same id is reported and left out (AWS ids are unique). */
  put(region: string, record: Resource, file: string): void {
    let m = this.byRegion.get(region);
    if (!m) { m = new Map(); this.byRegion.set(region, m); }
    const prev = m.get(record.id);
    if (prev) {
      if (JSON.stringify(prev.record) !== JSON.stringify(record)) {
        this.findings.add('warning', 'duplicate-id', `${record.id} appears again with different content; the first one (from ${prev.file}) is kept`, { file, resourceId: record.id });
      }
      return;
    }
    m.set(record.id, { record, file });
  }

  /** Replace a record already drafted (after a reference check trimmed it). */
  replace(region: string, record: Resource): void {
    const d = this.byRegion.get(region)?.get(record.id);
    if (d) this.byRegion.get(region)!.set(record.id, { record, file: d.file });
  }

  drop(region: string, id: string): void {
    this.byRegion.get(region)?.delete(id);
  }

  get(region: string, id: string): Draft | undefined {
    return this.byRegion.get(region)?.get(id);
  }

  *ofKind<K extends Resource['kind']>(region: string, kind: K): IterableIterator<{ record: Extract<Resource, { kind: K }>; file: string }> {
    for (const d of [...(this.byRegion.get(region)?.values() ?? [])]) {
      if (d.record.kind === kind) yield d as { record: Extract<Resource, { kind: K }>; file: string };
    }
  }

  get size(): number {
    let n = 0;
    for (const m of this.byRegion.values()) n += m.size;
    return n;
  }
}
