/**
 * @module Flow logs and the API audit log, written under `<state>/logs/`.
 * Each request traced from an instance becomes VPC Flow Logs records (default format, version 2) in
 * `flow/<vpc-id>.log`: the request at the instance's network interface (ACCEPT, or REJECT when its security group
 * or subnet ACL refused it) and, when answered, the reply. Each API call becomes a CloudTrail-like JSON event in
 * `api.jsonl`. Lines are buffered and appended every FLUSH_MS (a sequential client would otherwise pay two
 * writes per request), API events serialized only then, after their responses went out; logs are observations,
 * not acknowledged writes, so a `kill -9` may drop the last FLUSH_MS of lines. A clean stop (`close`) writes
 * everything.
 */
import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { endpointOf } from '../engine/authorize.js';
import type { Trace } from '../engine/trace.js';
import { sourceStep, type GateResult, type ServiceName } from './gate.js';

export interface LoggedRequest {
  readonly pass: GateResult;
  readonly service: ServiceName;
  /** What the service answered (absent when the request never reached it). */
  readonly response?: {
    readonly operation?: string | undefined; readonly errorCode?: string | undefined; readonly errorMessage?: string | undefined; readonly status?: number;
    /** The response body: read only to record the key id of credentials minted (`mintedKey`). */
    readonly body?: unknown;
  };
  readonly inBytes: number;
  readonly outBytes: number;
  /** Epoch milliseconds when the request arrived. */
  readonly started: number;
  readonly userAgent?: string | undefined;
}

/** Session credentials minted for `vpce exec` (`/_vpce/exec-credentials`): never the secret or the token. */
export interface MintedEntry {
  readonly caller: { readonly account: string; readonly principalArn: string; readonly accessKeyId?: string };
  readonly principalArn: string;
  readonly account: string;
  readonly region: string;
  readonly instanceId: string;
  readonly accessKeyId: string;
  readonly expiration: string;
}

export interface Logs {
  request(entry: LoggedRequest): void;
  /** Record credentials minted outside the AWS APIs (CloudTrail records AssumeRole's the same way). */
  minted(entry: MintedEntry, userAgent?: string): void;
  /** The most recent lines (memory mode keeps only these), for tests and the console. */
  recent(kind: 'flow' | 'api'): readonly string[];
  /** Lines of a kind written since the server started: the last of `recent` is line number `written - 1`. */
  written(kind: 'flow' | 'api'): number;
  flush(): void;
  close(): void;
}

/** The event names CloudTrail marks read-only start with these verbs. */
const READ_ONLY = /^(Get|List|Describe|Head|Lookup|Scan|Query|BatchGet)/;
const RECENT = 1000;
const MTU_PAYLOAD = 1460;
/**
 * Log files kept open between flushes (least recently written closed first). Opening and closing a file per flush
 * cost two extra system calls and a path lookup on every request of a sequential client (~70 µs of each
 * CreateVpcEndpoint in the endpoints benchmark); one VPC's flow log and api.jsonl stay open.
 */
const OPEN_FILES = 32;
/** How long lines wait in memory before they are appended (a person or `vpce logs --follow` sees no delay). */
const FLUSH_MS = 20;

/**
 * A log line, or an API event whose JSON is written when the line is flushed (or read): serializing it after the
 * response is sent keeps it off the time a sequential client waits for the next answer. The event is a fresh
 * object of plain values nothing changes afterwards, so the line is the same whenever it is made.
 */
type Line = string | DeferredLine;

class DeferredLine {
  private make: (() => object) | undefined;
  private text: string | undefined;
  constructor(make: () => object) { this.make = make; }
  toString(): string {
    if (this.text === undefined) { this.text = JSON.stringify(this.make!()); this.make = undefined; }
    return this.text;
  }
}

const lineText = (l: Line): string => (typeof l === 'string' ? l : l.toString());

/** A CloudTrail `userIdentity.type` for a principal ARN. */
function identityType(arn: string): string {
  if (arn === '*') return 'AWSAccount';
  if (/:root$/.test(arn)) return 'Root';
  if (/:user\//.test(arn)) return 'IAMUser';
  if (/:assumed-role\//.test(arn)) return 'AssumedRole';
  return 'Unknown';
}

/** Operations that mint credentials; their answers carry an AccessKeyId (and, for sessions, an Expiration). */
const MINTING = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken', 'GetFederationToken', 'CreateAccessKey']);

/**
 * AWS (CloudTrail's AssumeRole and CreateAccessKey events): `responseElements` names the new access key id and
 * its expiry, never the secret or the session token. Read from the XML answer of a minting operation.
 */
function mintedKey(service: ServiceName, r: LoggedRequest['response']): Record<string, unknown> | undefined {
  if ((service !== 'sts' && service !== 'iam') || r?.operation === undefined || !MINTING.has(r.operation) || r.errorCode || typeof r.body !== 'string') return undefined;
  const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(r.body)?.[1];
  if (key === undefined) return undefined;
  const expiration = /<Expiration>([^<]+)<\/Expiration>/.exec(r.body)?.[1];
  return { credentials: { accessKeyId: key, ...(expiration !== undefined ? { expiration } : {}) } };
}

/** Where a delivered or refused trace left its source: the ENI, its addresses and the verdict at the ENI. */
function flowEnds(trace: Trace): { eni: string; src: string; dst: string; rejectedAtEni: boolean } | undefined {
  const first = sourceStep(trace);
  if (!first || !trace.flow.destinationIp) return undefined;
  const d = trace.disposition;
  // AWS (Flow log records): REJECT is recorded where a security group or network ACL refused the traffic; a
  // security group of another interface (an endpoint's) lets it leave here and refuses it there.
  const rejectedAtEni = (d.kind === 'deniedBySecurityGroup' && d.networkInterfaceId === first.networkInterfaceId) || d.kind === 'deniedByNetworkAcl';
  return { eni: first.networkInterfaceId, src: first.privateIp, dst: trace.flow.destinationIp, rejectedAtEni };
}

/** A deterministic ephemeral port for a request (RFC 6335 dynamic range), from an FNV-1a hash of its id. */
function ephemeralPort(requestKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < requestKey.length; i++) h = Math.imul(h ^ requestKey.charCodeAt(i), 0x01000193);
  return 49152 + ((h >>> 0) % 16384);
}

function packetsFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MTU_PAYLOAD)) + 2;
}

/** How the network answered; a request that never arrived keeps its whole trace (steps and deciding rules). */
function network(pass: GateResult): Record<string, unknown> {
  const t = pass.trace!;
  return {
    delivered: pass.reachable, disposition: t.disposition.kind, hostname: pass.hostname,
    ...(t.code ? { code: t.code } : {}),
    ...(pass.reachable ? {} : { trace: { disposition: t.disposition, steps: t.steps } }),
  };
}

/** The CloudTrail-like event of one API call (`api.jsonl`). */
interface ApiCall {
  readonly pass: GateResult;
  readonly service: ServiceName;
  readonly started: number;
  readonly userAgent: string | undefined;
  readonly operation: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly minted: Record<string, unknown> | undefined;
}

function apiEvent(e: ApiCall, requestId: string): object {
  const { pass, minted } = e;
  const caller = pass.caller;
  const op = e.operation;
  const vpce = endpointOf(pass.trace);
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: identityType(caller.principalArn),
      arn: caller.principalArn,
      accountId: caller.account,
      ...(caller.accessKeyId !== undefined ? { accessKeyId: caller.accessKeyId } : {}),
    },
    eventTime: new Date(e.started).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${e.service}.amazonaws.com`,
    eventName: op ?? null,
    awsRegion: caller.region,
    sourceIPAddress: pass.sourceAddress,
    userAgent: e.userAgent ?? '',
    ...(e.errorCode ? { errorCode: e.errorCode } : {}),
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
    ...(minted ? { responseElements: minted } : {}),
    requestID: requestId,
    eventID: randomUUID(),
    readOnly: op !== undefined && READ_ONLY.test(op),
    eventType: 'AwsApiCall',
    recipientAccountId: caller.account,
    ...(vpce ? { vpcEndpointId: vpce } : {}),
    // vpce's own fields: where the request came from and how the network answered.
    ...(caller.source ? { vpceSource: caller.source.instanceId } : {}),
    ...(pass.trace ? { vpceNetwork: network(pass) } : {}),
    ...(pass.reachable && pass.refusals.length > 0 ? { vpcePolicy: pass.refusals } : {}),
  };
}

/** Log rotation: a file that reaches maxBytes becomes `<file>.1` (`.1` becomes `.2`...), `keep` of them kept. */
export interface LogRotation {
  readonly maxBytes: number;
  readonly keep: number;
}

/** 64 MiB per file and 3 older generations: at most 256 MiB of API log (about 500,000 requests). */
export const DEFAULT_LOG_ROTATION: LogRotation = { maxBytes: 64 * 1024 * 1024, keep: 3 };

export function openLogs(dir: string | null, rotation: LogRotation = DEFAULT_LOG_ROTATION): Logs {
  const root = dir === null ? null : join(dir, 'logs');
  if (root) mkdirSync(join(root, 'flow'), { recursive: true, mode: 0o700 });
  const pending = new Map<string, Line[]>();
  const recent = { flow: [] as Line[], api: [] as Line[] };
  const written = { flow: 0, api: 0 };
  let scheduled = false;
  // On a full disk every flush fails: say so once a minute, not every FLUSH_MS.
  let warnedAt = -Infinity;

  const open = new Map<string, number>();
  /** Bytes in each open file (its size at open plus what was appended since). */
  const sizes = new Map<string, number>();
  const descriptorOf = (base: string, file: string): number => {
    let fd = open.get(file);
    if (fd !== undefined) { open.delete(file); open.set(file, fd); return fd; }
    fd = openSync(join(base, file), 'a', 0o600);
    // Owner-only even for a file an older version made: API events name callers and their key ids.
    fchmodSync(fd, 0o600);
    open.set(file, fd);
    sizes.set(file, fstatSync(fd).size);
    for (const [name, old] of open) {
      if (open.size <= OPEN_FILES) break;
      open.delete(name);
      sizes.delete(name);
      closeSync(old);
    }
    return fd;
  };
  /** Shift `<file>.N` to `.N+1` (the oldest dropped by being overwritten) and `<file>` to `.1`; the next write opens a new one. */
  const rotate = (base: string, file: string): void => {
    const fd = open.get(file);
    if (fd !== undefined) { open.delete(file); closeSync(fd); }
    sizes.delete(file);
    const path = join(base, file);
    for (let n = rotation.keep - 1; n >= 1; n--) {
      try { renameSync(`${path}.${n}`, `${path}.${n + 1}`); } catch { /* no such generation yet */ }
    }
    if (rotation.keep >= 1) renameSync(path, `${path}.1`);
  };
  const flush = (): void => {
    scheduled = false;
    if (!root) { pending.clear(); return; }
    for (const [file, lines] of pending) {
      try {
        const fd = descriptorOf(root, file);
        let text = '';
        for (const l of lines) text += `${lineText(l)}\n`;
        const bytes = Buffer.from(text);
        for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
        const size = (sizes.get(file) ?? 0) + bytes.length;
        sizes.set(file, size);
        if (size >= rotation.maxBytes) rotate(root, file);
      } catch (e) {
        if (Date.now() - warnedAt >= 60_000) {
          warnedAt = Date.now();
          console.error(`vpce: cannot write log ${file}: ${(e as Error).message} (log lines are dropped until it can; said once a minute)`);
        }
        const fd = open.get(file);
        if (fd !== undefined) { open.delete(file); sizes.delete(file); try { closeSync(fd); } catch { /* already unusable */ } }
      }
    }
    pending.clear();
  };
  const close = (): void => {
    flush();
    for (const fd of open.values()) { try { closeSync(fd); } catch { /* closing anyway */ } }
    open.clear();
  };
  const write = (kind: 'flow' | 'api', file: string, line: Line): void => {
    const r = recent[kind];
    // Memory mode has no flush to format a deferred line: it is formatted now.
    r.push(root ? line : lineText(line));
    written[kind]++;
    if (r.length > RECENT * 2) r.splice(0, r.length - RECENT);
    if (!root) return;
    let lines = pending.get(file);
    if (!lines) { lines = []; pending.set(file, lines); }
    lines.push(line);
    if (!scheduled) { scheduled = true; setTimeout(flush, FLUSH_MS).unref(); }
  };

  return {
    request(e) {
      const { pass } = e;
      const now = Date.now();
      const requestId = pass.reachable ? pass.call.requestId : randomUUID();
      if (pass.trace && pass.vpcId) {
        const ends = flowEnds(pass.trace);
        if (ends) {
          const start = Math.floor(e.started / 1000);
          const end = Math.max(start, Math.floor(now / 1000));
          const port = ephemeralPort(requestId);
          const file = `flow/${pass.vpcId}.log`;
          const account = pass.trace.flow.account;
          const request = (eni: string, action: string) => action === 'REJECT'
            ? `2 ${account} ${eni} ${ends.src} ${ends.dst} ${port} 443 6 1 60 ${start} ${end} REJECT OK`
            : `2 ${account} ${eni} ${ends.src} ${ends.dst} ${port} 443 6 ${packetsFor(e.inBytes)} ${e.inBytes + 40 * packetsFor(e.inBytes)} ${start} ${end} ACCEPT OK`;
          const reply = (eni: string) => `2 ${account} ${eni} ${ends.dst} ${ends.src} 443 ${port} 6 ${packetsFor(e.outBytes)} ${e.outBytes + 40 * packetsFor(e.outBytes)} ${start} ${end} ACCEPT OK`;
          if (!pass.reachable && ends.rejectedAtEni) {
            write('flow', file, request(ends.eni, 'REJECT'));
          } else {
            write('flow', file, request(ends.eni, 'ACCEPT'));
            if (pass.reachable) write('flow', file, reply(ends.eni));
          }
          // AWS (flow log record examples, NAT gateway): the gateway's interface logs the request arriving from the
          // instance and leaving from its own private address on another port, and the replies the other way.
          const nat = pass.natEni;
          if (nat) {
            const natFile = `flow/${nat.vpcId}.log`;
            const natPort = ephemeralPort(`${requestId}/nat`);
            const outPackets = packetsFor(e.inBytes);
            const outBytes = e.inBytes + 40 * outPackets;
            write('flow', natFile, `2 ${account} ${nat.networkInterfaceId} ${ends.src} ${ends.dst} ${port} 443 6 ${outPackets} ${outBytes} ${start} ${end} ACCEPT OK`);
            write('flow', natFile, `2 ${account} ${nat.networkInterfaceId} ${nat.privateIp} ${ends.dst} ${natPort} 443 6 ${outPackets} ${outBytes} ${start} ${end} ACCEPT OK`);
            if (pass.reachable) {
              const inPackets = packetsFor(e.outBytes);
              const inBytes = e.outBytes + 40 * inPackets;
              write('flow', natFile, `2 ${account} ${nat.networkInterfaceId} ${ends.dst} ${nat.privateIp} 443 ${natPort} 6 ${inPackets} ${inBytes} ${start} ${end} ACCEPT OK`);
              write('flow', natFile, `2 ${account} ${nat.networkInterfaceId} ${ends.dst} ${ends.src} 443 ${port} 6 ${inPackets} ${inBytes} ${start} ${end} ACCEPT OK`);
            }
          }
          // AWS: an interface endpoint's network interface logs the same flow in its VPC (ACCEPT with the reply,
          // or REJECT when its security group refused the request).
          const at = pass.endpointEni;
          if (at) {
            const endpointFile = `flow/${at.vpcId}.log`;
            write('flow', endpointFile, request(at.networkInterfaceId, pass.reachable ? 'ACCEPT' : 'REJECT'));
            if (pass.reachable) write('flow', endpointFile, reply(at.networkInterfaceId));
          }
        }
      }
      // The request id is drawn now (for an unreachable request it is not in `pass`); the rest when flushed.
      // Only what the event names is kept until then (never a response body).
      const r = e.response;
      const call: ApiCall = {
        pass, service: e.service, started: e.started, userAgent: e.userAgent, operation: r?.operation, errorCode: r?.errorCode, errorMessage: r?.errorMessage,
        minted: mintedKey(e.service, r),
      };
      write('api', 'api.jsonl', new DeferredLine(() => apiEvent(call, requestId)));
    },
    minted(m, userAgent) {
      const now = Date.now();
      // AWS (CloudTrail AssumeRole events): the caller, the request, and the new key id and expiry in
      // responseElements; the secret and the session token are never recorded.
      write('api', 'api.jsonl', JSON.stringify({
        eventVersion: '1.09',
        userIdentity: {
          type: identityType(m.caller.principalArn), arn: m.caller.principalArn, accountId: m.caller.account,
          ...(m.caller.accessKeyId !== undefined ? { accessKeyId: m.caller.accessKeyId } : {}),
        },
        eventTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        eventSource: 'vpce',
        eventName: 'ExecCredentials',
        awsRegion: m.region,
        userAgent: userAgent ?? '',
        requestParameters: { instanceId: m.instanceId, principalArn: m.principalArn },
        responseElements: { credentials: { accessKeyId: m.accessKeyId, expiration: m.expiration }, principalArn: m.principalArn },
        requestID: randomUUID(),
        eventID: randomUUID(),
        readOnly: false,
        eventType: 'AwsApiCall',
        recipientAccountId: m.account,
        vpceSource: m.instanceId,
      }));
    },
    recent: (kind) => recent[kind].map(lineText),
    written: (kind) => written[kind],
    flush,
    close,
  };
}
