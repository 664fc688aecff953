/**
 * @module `GET /_vpce/logs?kind=flow|api[&vpc=&interface=&instance=&action=&decision=&region=&limit=&cursor=]`:
 * the caller's account's VPC flow log records or API events, read from the files `vpce logs` reads (rotated
 * generations included, `log-files.ts`) or, for a server without a state directory, from the lines it keeps in
 * memory. Without `cursor` it answers the newest `limit` matching records; with one, the records written after it
 * (a live tail polls with the cursor each answer gives). Every call reads a bounded number of bytes, so a large log
 * never stalls the server: an answer cut short says `more: true` and its cursor goes on from there.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Instance, NetworkInterface, VpcEndpoint } from '../model/resources.js';
import type { World } from '../model/world.js';
import type { AuthSettings } from './authenticate.js';
import type { Identity } from './identity.js';
import { logFiles, readFrom } from './log-files.js';
import type { Logs } from './logs.js';
import type { SignedRequest } from './signature.js';
import { accessDenied, allowed, vpceCaller, vpceJson, type VpceResponse } from './vpce-access.js';

export const LOGS_DEFAULT_LIMIT = 100;
export const LOGS_MAX_LIMIT = 1000;
/** Bytes one call may read, across files: a few milliseconds of work at most. */
const READ_BUDGET = 8 * 1024 * 1024;
/** Bytes read at a time (backwards from a file's end the first read is FIRST_CHUNK, doubling up to CHUNK). */
const CHUNK = 1024 * 1024;
const FIRST_CHUNK = 64 * 1024;

type Kind = 'flow' | 'api';

/** A flow log record (default format, version 2) with the VPC whose log holds it. */
export interface FlowLogRecord {
  readonly vpcId: string;
  readonly version: string;
  readonly accountId: string;
  readonly interfaceId: string;
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: number;
  readonly packets: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  readonly action: string;
  readonly logStatus: string;
}

interface Filters {
  readonly vpc?: string;
  readonly interface?: string;
  readonly instance?: string;
  readonly action?: string;
  readonly decision?: string;
  readonly region?: string;
}

/** Where a cursor points: byte offsets per file (by inode, which survives a rotation's rename), or a line number in memory. */
type Cursor = { readonly files: ReadonlyMap<string, number> } | { readonly line: number };

const bad = (message: string): VpceResponse => vpceJson(400, { error: 'BadRequest', message });

function encodeCursor(c: Cursor): string {
  if ('line' in c) return `m${c.line.toString(36)}`;
  return `f${[...c.files].filter(([, o]) => o > 0).map(([ino, o]) => `${Number(ino).toString(36)}-${o.toString(36)}`).join('_')}`;
}

function decodeCursor(s: string): Cursor | undefined {
  if (/^m[0-9a-z]{1,12}$/.test(s)) return { line: parseInt(s.slice(1), 36) };
  if (!/^f([0-9a-z]{1,14}-[0-9a-z]{1,12}(_[0-9a-z]{1,14}-[0-9a-z]{1,12})*)?$/.test(s)) return undefined;
  const files = new Map<string, number>();
  for (const part of s.slice(1).split('_').filter((p) => p !== '')) {
    const [ino, off] = part.split('-');
    files.set(String(parseInt(ino ?? '', 36)), parseInt(off ?? '', 36));
  }
  return { files };
}

function parseFlow(line: string, vpcId: string): FlowLogRecord | undefined {
  const f = line.trim().split(/\s+/);
  if (f.length < 14) return undefined;
  const n = (i: number): number => Number(f[i]);
  return {
    vpcId, version: f[0]!, accountId: f[1]!, interfaceId: f[2]!, srcAddr: f[3]!, dstAddr: f[4]!, srcPort: n(5), dstPort: n(6),
    protocol: n(7), packets: n(8), bytes: n(9), start: n(10), end: n(11), action: f[12]!, logStatus: f[13]!,
  };
}

/** The VPC a flow log file belongs to (`vpc-….log`, `vpc-….log.2`). */
function vpcOfFile(file: string): string {
  return basename(file).replace(/\.log(\.\d+)?$/, '');
}

/** Error codes that mean the caller was refused (authentication or authorization), as opposed to bad input. */
const DENIED_CODES = /AccessDenied|Unauthorized|AuthFailure|Forbidden|SignatureDoesNotMatch|InvalidClientTokenId|InvalidAccessKeyId|ExpiredToken|MissingAuthenticationToken|NotAuthorized/;

/** An API event's decision: `denied` when the network did not deliver it or the service refused the caller. */
export function apiDecision(e: Record<string, unknown>): 'allowed' | 'denied' {
  const net = e['vpceNetwork'] as { delivered?: boolean } | undefined;
  if (net?.delivered === false) return 'denied';
  return typeof e['errorCode'] === 'string' && DENIED_CODES.test(e['errorCode']) ? 'denied' : 'allowed';
}

/** Builds the record test for a call: the caller's account, then each filter given. */
function matcher(world: World, kind: Kind, account: string, f: Filters): (line: string, file: string) => unknown {
  const located = new Map<string, ReturnType<World['locate']>>();
  const locate = (id: string): ReturnType<World['locate']> => {
    if (!located.has(id)) located.set(id, world.locate(id));
    return located.get(id);
  };
  // The interfaces of the instance asked for, and the instance of the interface asked for.
  const inst = f.instance !== undefined ? locate(f.instance) : undefined;
  const instEnis = new Set(inst?.resource.kind === 'instance' ? (inst.resource as Instance).networkInterfaceIds : []);
  const eni = f.interface !== undefined ? locate(f.interface) : undefined;
  const eniInstance = eni?.resource.kind === 'networkInterface' ? (eni.resource as NetworkInterface).attachment?.instanceId : undefined;
  const vpcOf = (id: string | undefined): string | undefined => {
    if (id === undefined) return undefined;
    const r = locate(id)?.resource;
    return r?.kind === 'instance' ? (r as Instance).vpcId : r?.kind === 'vpcEndpoint' ? (r as VpcEndpoint).vpcId : undefined;
  };
  if (kind === 'flow') {
    return (line, file) => {
      // Memory mode keeps no file per VPC: the interface's VPC then.
      const eniRecord = file === '' ? locate(line.split(' ')[2] ?? '')?.resource : undefined;
      const r = parseFlow(line, file !== '' ? vpcOfFile(file) : eniRecord?.kind === 'networkInterface' ? (eniRecord as NetworkInterface).vpcId : '');
      if (r === undefined || r.accountId !== account) return undefined;
      if (f.vpc !== undefined && r.vpcId !== f.vpc) return undefined;
      // Flow records carry no Region: the VPC's (a VPC no longer in the model is in none).
      if (f.region !== undefined && locate(r.vpcId)?.region !== f.region) return undefined;
      if (f.interface !== undefined && r.interfaceId !== f.interface) return undefined;
      if (f.instance !== undefined && !instEnis.has(r.interfaceId)) return undefined;
      if (f.decision !== undefined && r.action !== f.decision) return undefined;
      return r;
    };
  }
  return (line) => {
    let e: Record<string, unknown>;
    try { e = JSON.parse(line) as Record<string, unknown>; } catch { return undefined; }
    const ids = e['userIdentity'] as { accountId?: string } | undefined;
    if (ids?.accountId !== account && e['recipientAccountId'] !== account) return undefined;
    const source = typeof e['vpceSource'] === 'string' ? e['vpceSource'] : undefined;
    const endpoint = typeof e['vpcEndpointId'] === 'string' ? e['vpcEndpointId'] : undefined;
    if (f.region !== undefined && e['awsRegion'] !== f.region) return undefined;
    if (f.action !== undefined && e['eventName'] !== f.action) return undefined;
    if (f.instance !== undefined && source !== f.instance) return undefined;
    if (f.interface !== undefined && (eniInstance === undefined || source !== eniInstance)) return undefined;
    if (f.vpc !== undefined && vpcOf(source) !== f.vpc && vpcOf(endpoint) !== f.vpc) return undefined;
    if (f.decision !== undefined && apiDecision(e) !== f.decision) return undefined;
    return e;
  };
}

export interface LogsSource {
  /** The state directory, or null when the server keeps its logs in memory only. */
  readonly dataDir: string | null;
  readonly logs: Logs;
}

/** A record with what orders it among files: flow records by start time, API events by their position. */
interface Found { readonly record: unknown; readonly time: number; readonly order: number }

function timeOf(kind: Kind, r: unknown): number {
  return kind === 'flow' ? (r as FlowLogRecord).start : 0;
}

export function handleLogsCall(world: World, settings: AuthSettings, req: SignedRequest, who: Identity, src: LogsSource): VpceResponse {
  // Signed calls only, even in open mode: the API log names callers and their key ids.
  const authn = vpceCaller(world, settings, req, who, true);
  if ('refused' in authn) return authn.refused;
  const caller = authn.caller;
  const q = new URLSearchParams(req.rawQuery);
  const known = new Set(['kind', 'limit', 'cursor', 'vpc', 'interface', 'instance', 'action', 'decision', 'region']);
  for (const k of q.keys()) {
    if (!known.has(k)) return bad(`unknown parameter '${k}': use ${[...known].join(', ')}`);
    if (q.getAll(k).length > 1) return bad(`parameter '${k}' is given more than once`);
  }
  const kind = q.get('kind');
  if (kind !== 'flow' && kind !== 'api') return bad(`kind must be 'flow' or 'api', got ${JSON.stringify(kind)}`);
  const limitText = q.get('limit');
  const limit = limitText === null ? LOGS_DEFAULT_LIMIT : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > LOGS_MAX_LIMIT) {
    return bad(`limit must be an integer from 1 to ${LOGS_MAX_LIMIT}, got ${JSON.stringify(limitText)}`);
  }
  const filters: Record<string, string> = {};
  for (const k of ['vpc', 'interface', 'instance', 'action', 'decision', 'region']) {
    const v = q.get(k);
    if (v !== null && v !== '') filters[k] = v;
  }
  const f = filters as Filters;
  // A filter that cannot apply to the kind is refused, never ignored.
  if (kind === 'flow' && f.action !== undefined) return bad("action filters API events: use it with kind=api");
  if (f.decision !== undefined) {
    const ok = kind === 'flow' ? ['ACCEPT', 'REJECT'] : ['allowed', 'denied'];
    if (!ok.includes(f.decision)) return bad(`decision for kind=${kind} must be ${ok.join(' or ')}, got ${JSON.stringify(f.decision)}`);
  }
  for (const [k, prefix] of [['vpc', 'vpc-'], ['interface', 'eni-'], ['instance', 'i-']] as const) {
    const v = f[k];
    if (v !== undefined && !new RegExp(`^${prefix}[0-9a-f]+$`).test(v)) return bad(`${k} must be an id like ${prefix}0123456789abcdef0, got ${JSON.stringify(v)}`);
  }
  const cursorText = q.get('cursor');
  const cursor = cursorText === null || cursorText === '' ? undefined : decodeCursor(cursorText);
  if (cursorText !== null && cursorText !== '' && cursor === undefined) return bad('cursor is not one this endpoint gave');
  if (cursor !== undefined && ('line' in cursor) !== (src.dataDir === null)) return bad('cursor is not one this endpoint gave');

  const action = kind === 'api' ? 'cloudtrail:LookupEvents' : 'logs:FilterLogEvents';
  if (!allowed(world, caller, action, '*', caller.account)) return accessDenied(caller, action, '*');

  const test = matcher(world, kind, caller.account, f);
  src.logs.flush();
  const answer = src.dataDir === null
    ? fromMemory(src.logs, kind, test, limit, cursor as { line: number } | undefined)
    : fromFiles(src.dataDir, kind, f.vpc, test, limit, cursor as { files: ReadonlyMap<string, number> } | undefined);
  return vpceJson(200, { kind, records: answer.records, cursor: encodeCursor(answer.cursor), more: answer.more });
}

interface Answer { readonly records: readonly unknown[]; readonly cursor: Cursor; readonly more: boolean }

function fromMemory(logs: Logs, kind: Kind, test: (l: string, file: string) => unknown, limit: number, cursor: { line: number } | undefined): Answer {
  const lines = logs.recent(kind);
  const total = logs.written(kind);
  const first = total - lines.length;
  const records: unknown[] = [];
  if (cursor === undefined) {
    for (let i = lines.length - 1; i >= 0 && records.length < limit; i--) {
      const r = test(lines[i]!, '');
      if (r !== undefined) records.push(r);
    }
    return { records: records.reverse(), cursor: { line: total }, more: false };
  }
  let n = Math.max(cursor.line, first);
  for (; n < total && records.length < limit; n++) {
    const r = test(lines[n - first]!, '');
    if (r !== undefined) records.push(r);
  }
  return { records, cursor: { line: n }, more: n < total };
}

function inode(file: string): { ino: string; size: number } | undefined {
  try { const s = statSync(file); return { ino: String(s.ino), size: s.size }; } catch { return undefined; }
}

/** One log's files (a VPC's flow log, or the API log), oldest generation first, with their sizes now. */
function groups(dataDir: string, kind: Kind, vpc: string | undefined): { file: string; ino: string; size: number }[][] {
  const byLog = new Map<string, { file: string; ino: string; size: number }[]>();
  for (const file of logFiles(dataDir, kind, vpc)) {
    const id = inode(file);
    if (id === undefined) continue;
    const key = kind === 'api' ? 'api' : vpcOfFile(file);
    let g = byLog.get(key);
    if (g === undefined) { g = []; byLog.set(key, g); }
    g.push({ file, ...id });
  }
  return [...byLog.values()];
}

function fromFiles(
  dataDir: string, kind: Kind, vpc: string | undefined, test: (l: string, file: string) => unknown, limit: number,
  cursor: { files: ReadonlyMap<string, number> } | undefined,
): Answer {
  const logs = groups(dataDir, kind, vpc);
  let budget = READ_BUDGET;
  const found: Found[] = [];
  let order = 0;
  let more = false;
  if (cursor === undefined) {
    // The newest `limit` matches of each log, read backwards from the sizes taken above (lines written since are
    // left for the cursor, which starts at those sizes).
    for (const files of logs) {
      let kept = 0;
      for (let g = files.length - 1; g >= 0 && kept < limit && budget > 0; g--) {
        const { file, size } = files[g]!;
        let pos = size;
        let chunk = FIRST_CHUNK;
        while (pos > 0 && kept < limit && budget > 0) {
          const step = Math.min(chunk, budget);
          const start = Math.max(0, pos - step);
          const r = readFrom(file, start, pos - start);
          budget -= pos - start;
          const lines = r.lines;
          if (start > 0) {
            if (lines.length <= 1) {
              // One line longer than the step: read again with a bigger one, or give up on this file's older lines.
              if (step >= CHUNK || step >= budget) break;
              chunk = Math.min(chunk * 2, CHUNK);
              continue;
            }
            chunk = Math.min(chunk * 2, CHUNK);
            // The first line may have begun before `start`: read it again with the next chunk.
            pos = start + Buffer.byteLength(lines.shift()!) + 1;
          } else {
            pos = 0;
          }
          for (let i = lines.length - 1; i >= 0 && kept < limit; i--) {
            const rec = test(lines[i]!, file);
            if (rec !== undefined) { found.push({ record: rec, time: timeOf(kind, rec), order: -order++ }); kept++; }
          }
        }
      }
      if (budget <= 0) more = true;
    }
    found.sort((a, b) => a.time - b.time || a.order - b.order);
    const files = new Map(logs.flat().map((x) => [x.ino, x.size]));
    return { records: found.slice(-limit).map((x) => x.record), cursor: { files }, more };
  }
  const next = new Map(cursor.files);
  for (const files of logs) {
    for (const { file, ino, size } of files) {
      let off = cursor.files.get(ino) ?? 0;
      if (off > size) off = 0;
      while (off < size && found.length < limit && budget > 0) {
        const r = readFrom(file, off, Math.min(size - off, budget, CHUNK));
        budget -= Math.min(size - off, CHUNK);
        if (r.lines.length === 0) { if (r.next === off) break; off = r.next; continue; }
        for (const line of r.lines) {
          if (found.length >= limit) break;
          off += Buffer.byteLength(line) + 1;
          const rec = test(line, file);
          if (rec !== undefined) found.push({ record: rec, time: timeOf(kind, rec), order: order++ });
        }
      }
      next.set(ino, off);
      if (off < size) more = true;
    }
  }
  // Inodes no longer on disk (generations rotated away) are dropped from the cursor.
  const live = new Set(logs.flat().map((x) => x.ino));
  for (const ino of [...next.keys()]) if (!live.has(ino)) next.delete(ino);
  found.sort((a, b) => a.time - b.time || a.order - b.order);
  return { records: found.map((x) => x.record), cursor: { files: next }, more };
}
